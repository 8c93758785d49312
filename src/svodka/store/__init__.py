"""Storage behind one small interface: SQLite now (`sqlite.py`), another database later by URL scheme.

The archive hands a store finished analyses and asks it questions; how text is indexed and queried is the
store's business, so a Postgres store can use its own full-text search where SQLite uses FTS5 over lemmas.
"""
from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date

from ..model import Analysis, Article
from .records import EntityProfile, EntityRow, QuoteRow, SearchHit


@dataclass
class Entry:
    """One analysed article to save. `text_hash` identifies it when it has no URL."""
    article: Article
    analysis: Analysis
    text_hash: str


@dataclass
class Outcome:
    status: str  # new | updated | duplicate | failed
    key: int | None = None  # the archive's id of the stored article
    error: str | None = None


class Store(ABC):
    @abstractmethod
    def known(self, url: str | None, text_hash: str) -> str | None:
        """'duplicate' when this exact article is stored, 'changed' when its URL is stored with another
        text, None when it is new. Lets the archive skip analysing what it already has."""

    @abstractmethod
    def save(self, entries: list[Entry]) -> list[Outcome]:
        """Store a batch atomically per entry: a failing entry is rolled back alone and reported."""

    @abstractmethod
    def search(self, query: str, limit: int = 20, offset: int = 0, kind: str | None = None) -> list[SearchHit]: ...

    @abstractmethod
    def quotes(self, speaker: str | None = None, about: str | None = None, since: date | None = None,
               until: date | None = None, kind: str | None = None, limit: int = 100, offset: int = 0,
               newest_first: bool = False) -> list[QuoteRow]: ...

    @abstractmethod
    def entities(self, type: str | None = None, top: int = 50) -> list[EntityRow]: ...

    @abstractmethod
    def entity(self, name: str | int, type: str | None = None, quotes: int = 10) -> EntityProfile | None: ...

    @abstractmethod
    def export_rows(self, what: str) -> Iterator[dict]:
        """Every article, quote or entity as a plain dict, for export."""

    @abstractmethod
    def stats(self) -> dict[str, int]: ...

    @abstractmethod
    def close(self) -> None: ...


def open_store(location: str) -> Store:
    if "://" in location and not location.startswith("sqlite://"):
        scheme = location.split("://", 1)[0]
        raise ValueError(f"{location}: no storage for '{scheme}' yet; give a SQLite file path")
    from .sqlite import SQLiteStore
    return SQLiteStore(location.removeprefix("sqlite://"))


__all__ = ["Store", "Entry", "Outcome", "open_store", "SearchHit", "QuoteRow", "EntityRow", "EntityProfile"]
