from .layout import parse_layout, parse_timestamp
from .readers import ReadOptions, article_from_text, read_sources

__all__ = ["parse_layout", "parse_timestamp", "read_sources", "ReadOptions", "article_from_text"]
