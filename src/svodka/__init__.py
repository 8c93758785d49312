"""svodka: who said what, about whom, and when, in Russian-language news."""
from .analyze import analyze, analyze_many
from .archive import Archive
from .model import Analysis, Article, Entity, Mention, Quote

__version__ = "0.1.0"
__all__ = ["analyze", "analyze_many", "Archive", "Analysis", "Article", "Entity", "Mention", "Quote", "__version__"]
