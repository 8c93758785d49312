"""What a store is: the interface every backend implements, and what the archive hands it.

The archive hands a store finished analyses and asks it questions; how text is indexed and queried is the
store's business, so each backend uses its own full-text search (FTS5 over lemmas in SQLite, tsvector over
the same lemmas in PostgreSQL).
"""
from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Iterator
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass
from datetime import date, datetime

from typing import TYPE_CHECKING

from ..model import Analysis, Article
from .identity import RelinkReport
from .records import EntityProfile, EntityRow, FigureRow, QuoteRow, SearchHit, StoredArticle

if TYPE_CHECKING:
    from .prepared import Prepared


@dataclass
class Entry:
    """One article to save. `text_hash` identifies it when it has no URL; `clean_hash` (of its clean view,
    None when that is too short to tell posts apart) finds the same post under another channel's footer.
    An entry without an analysis repeats a text the archive holds (or this batch stores first): it is
    stored as one more appearance of that article, not analysed again. `prepared`: what storing it computes
    from the article and its analysis alone, when the process that analysed it computed that too (None: the
    store computes it). `replaces`: the id of the stored article this entry analyses again (`svodka
    reanalyze`): the article keeps its id, its appearances and its entities' ids."""
    article: Article
    analysis: Analysis | None
    text_hash: str
    clean_hash: str | None = None
    prepared: Prepared | None = None
    replaces: int | None = None


@dataclass
class Outcome:
    # new | updated | stored (this very post was there) | appearance (the text was there, published by
    # another post with a source: a repost) | duplicate (the text was there, nothing says where else) | failed
    status: str
    key: int | None = None  # the archive's id of the stored article
    error: str | None = None


class Store(ABC):
    @property
    @abstractmethod
    def roles(self):
        """The roles file the archive links people and titles by."""

    @abstractmethod
    def known(self, article: Article, text_hash: str, clean_hash: str | None = None) -> str | None:
        """'stored' when this very post is stored with this text, 'changed' when its URL is stored with
        another text, 'repeat' when its text is stored from another post, None when it is new. Lets the
        archive skip analysing what it already has."""

    @abstractmethod
    def save(self, entries: list[Entry]) -> list[Outcome]:
        """Store a batch atomically per entry: a failing entry is rolled back alone and reported."""

    def ingesting(self) -> AbstractContextManager:
        """A context a run of `save`s (an ingest) happens in: the backend may set itself for writing."""
        return nullcontext()

    @abstractmethod
    def search(self, query: str, limit: int = 20, offset: int = 0, kind: str | None = None,
               sources: list[str] | None = None) -> list[SearchHit]: ...

    @abstractmethod
    def search_total(self, query: str, kind: str | None = None, sources: list[str] | None = None) -> int:
        """How many results `search` would page through."""

    @abstractmethod
    def quotes(self, speaker: str | None = None, about: str | None = None, since: date | None = None,
               until: date | None = None, kind: str | None = None, limit: int = 100, offset: int = 0,
               newest_first: bool = False, sources: list[str] | None = None) -> list[QuoteRow]: ...

    @abstractmethod
    def quotes_total(self, speaker: str | None = None, about: str | None = None, since: date | None = None,
                     until: date | None = None, kind: str | None = None, sources: list[str] | None = None) -> int: ...

    @abstractmethod
    def figures(self, about: str | None = None, entity: str | int | None = None, since: date | None = None,
                until: date | None = None, sources: list[str] | None = None, limit: int = 100,
                offset: int = 0) -> list[FigureRow]:
        """Figures newest first; `about` words of what they measure in any inflection, `entity` whose they are."""

    @abstractmethod
    def figures_total(self, about: str | None = None, entity: str | int | None = None, since: date | None = None,
                      until: date | None = None, sources: list[str] | None = None) -> int: ...

    @abstractmethod
    def speakers(self, speaker: str) -> list[tuple[EntityRow, int]]:
        """The people `speaker` names, each with how many quotes it has: more than one is ambiguous."""

    @abstractmethod
    def entities(self, type: str | None = None, top: int = 50, sources: list[str] | None = None) -> list[EntityRow]: ...

    @abstractmethod
    def entities_total(self, type: str | None = None, sources: list[str] | None = None) -> int: ...

    @abstractmethod
    def entity(self, name: str | int, type: str | None = None, quotes: int = 10,
               sources: list[str] | None = None, period: str = "month") -> EntityProfile | None:
        """`period`: the timeline's buckets, "month" (YYYY-MM) or "week" (the Monday's YYYY-MM-DD)."""

    @abstractmethod
    def articles(self, since: date | None = None, until: date | None = None, sources: list[str] | None = None,
                 entity: str | int | None = None, limit: int = 50, offset: int = 0,
                 newest_first: bool = True) -> list[StoredArticle]:
        """Stored articles by publication time (undated last); `entity` a name in any form, or an id."""

    @abstractmethod
    def articles_total(self, since: date | None = None, until: date | None = None,
                       sources: list[str] | None = None, entity: str | int | None = None) -> int: ...

    @abstractmethod
    def undated_total(self) -> int:
        """Stored articles with no publication time: no date window holds them."""

    @abstractmethod
    def article(self, key: int) -> dict | None:
        """One article as `export_rows("articles")` gives it, with the archive's entities it mentions."""

    # stories kept at ingest (stories/online.py)
    @abstractmethod
    def stories_stored(self, since: date | None = None, until: date | None = None) -> bool:
        """Whether every article published in the window has its stored story."""

    @abstractmethod
    def story_ids(self, since: date | None = None, until: date | None = None) -> list[int]:
        """The stored stories with an article published in the window."""

    @abstractmethod
    def story_members(self, ids: list[int]) -> list[tuple[int, int, int | None, bytes]]:
        """(article key, story id, the key of the article it repeats or None, its TF-IDF vector as stored,
        `stories.online.decode_vector`) of every article of these stories, each story's in time order."""

    @abstractmethod
    def stored_articles(self, keys: list[int]) -> dict[int, StoredArticle]:
        """These articles as listings give them, by key."""

    @abstractmethod
    def load_analysis(self, key: int) -> tuple[Article, Analysis] | None:
        """The stored article and its analysis."""

    # what the web pages ask besides the API's queries
    @abstractmethod
    def newest_published(self) -> datetime | None: ...

    @abstractmethod
    def top_mentioned_since(self, since: date, top: int = 10) -> list[EntityRow]: ...

    @abstractmethod
    def top_quoted_since(self, since: date, top: int = 10) -> list[tuple[EntityRow, int]]: ...

    @abstractmethod
    def quote_timeline(self, eid: int, period: str = "week") -> list[tuple[str, int]]: ...

    @abstractmethod
    def article_quotes(self, key: int) -> list[QuoteRow]: ...

    @abstractmethod
    def article_forms(self, keys: list[int]) -> dict[int, dict[str, int]]:
        """Per article, each name it wrote an entity with → the archive's entity id."""

    @abstractmethod
    def named(self, name: str, type: str | None = None, top: int = 10) -> list[EntityRow]:
        """The entities a name fits (any alias, any inflected form), most mentioned first."""

    @abstractmethod
    def quoted_entities(self, eid: int, quotes: int = 100, top: int = 10) -> list[tuple[EntityRow, int]]:
        """The entities named inside a speaker's newest quotes, with how many quotes name each."""

    @abstractmethod
    def export_rows(self, what: str, sources: list[str] | None = None) -> Iterator[dict]:
        """Every article, quote or entity as a plain dict, for export."""

    @abstractmethod
    def learnt_terms(self, title: str) -> list:
        """The terms of office (link/titles.py `LearntTerm`) of a title articles gave people by apposition."""

    @abstractmethod
    def learnt_title(self, title: str) -> str | None:
        """A learnt title as articles wrote it most often, or None when no article gave it."""

    @abstractmethod
    def backfill_stories(self, progress=None) -> int:
        """Give a story to every stored article that has none (stored before stories were kept), in order of
        publication, in one write transaction; how many were placed."""

    @abstractmethod
    def relink(self, progress=None) -> "RelinkReport":
        """Link every stored article's entities again by the live rules and this store's roles file
        (store/identity.py `relink`), in one write transaction; what changed."""

    @abstractmethod
    def stored_keys(self, since: date | None = None) -> list[int]:
        """The ids of the stored articles (published on or after `since`, when given), in id order."""

    @abstractmethod
    def articles_to_reanalyse(self, keys: list[int]) -> list[tuple[int, Article, str, str | None]]:
        """(id, article as stored, text hash, clean hash) of these stored articles, in id order: what an
        entry that `replaces` them needs."""

    @abstractmethod
    def stats(self) -> dict[str, int]: ...

    @abstractmethod
    def close(self) -> None: ...
