"""What archive queries return: plain records with a `to_dict` for JSON Lines and CSV."""
from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import datetime
from typing import Any


def _plain(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    return value


class Record:
    def to_dict(self) -> dict[str, Any]:
        return _plain(asdict(self))  # type: ignore[arg-type]


@dataclass
class StoredArticle(Record):
    """An article as the archive knows it; `key` is the archive's own id, `id` the one it came with."""
    key: int
    id: str
    title: str | None
    published: datetime | None
    url: str | None
    source: str | None
    origin: str | None


@dataclass
class SearchHit(Record):
    kind: str  # article | quote
    score: float
    snippet: str
    article: StoredArticle
    quote_id: int | None = None
    speaker: str | None = None


@dataclass
class QuoteRow(Record):
    id: int
    kind: str
    text: str
    speaker: str | None
    speaker_type: str | None
    entity_id: int | None
    cue: str | None
    start: int
    end: int
    published: datetime | None
    article: StoredArticle
    speaker_in_article: str | None = None  # the speaker as the article named it; `speaker` is the archive's name


@dataclass
class EntityRow(Record):
    id: int
    type: str
    name: str
    mentions: int
    articles: int


@dataclass
class EntityProfile(Record):
    entity: EntityRow
    aliases: list[tuple[str, int]] = field(default_factory=list)
    # (YYYY-MM, mentions); articles without a date are counted under "unknown"
    timeline: list[tuple[str, int]] = field(default_factory=list)
    # entities most often in the same articles: (entity, articles shared)
    co_mentioned: list[tuple[EntityRow, int]] = field(default_factory=list)
    latest_quotes: list[QuoteRow] = field(default_factory=list)
