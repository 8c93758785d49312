from .layout import parse_layout, parse_timestamp
from .readers import ReadOptions, article_from_text, read_sources
# Importing a reader module registers its file suffixes with read_sources.
from . import feed as _feed, html as _html, telegram as _telegram  # noqa: E402,F401  (after readers: they register into it)

__all__ = ["parse_layout", "parse_timestamp", "read_sources", "ReadOptions", "article_from_text"]
