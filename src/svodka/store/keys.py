"""How a store matches sources and posts: keys computed in Python, since SQL's lower() folds ASCII only."""
from __future__ import annotations


def source_key(source: str | None) -> str | None:
    """A source name for matching: SQLite's lower() folds ASCII only, and channel names are Cyrillic."""
    return " ".join(source.casefold().replace("ё", "е").split()) if source else None


def post_key(url: str | None, source: str | None, ext_id: str) -> str:
    """What makes one publication of a text: its URL, or (no URL) the channel and the id it came with."""
    return url if url else f"id:{source or ''}\x1f{ext_id}"
