"""Plain records that flow through svodka: ingest produces Articles, analyze produces Analyses.

Every offset (`start`, `end`) is a Python string index into `Article.text`, the whole text as read
(title and timestamp lines included), so that gold files scored against `text` line up exactly.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any


@dataclass
class Article:
    id: str
    text: str
    title: str | None = None
    published: datetime | None = None
    url: str | None = None
    source: str | None = None
    # Where the body starts in `text` (after title and timestamp lines); analysis skips the timestamp.
    body_start: int = 0
    # Where the article came from, for error messages and provenance: "path" or "path:line".
    origin: str | None = None
    # Set when the input bytes were not UTF-8 and an encoding was guessed.
    encoding: str | None = None


@dataclass
class Mention:
    start: int
    end: int
    text: str
    # name (full or partial proper name), surname, title (role description), pronoun
    kind: str = "name"


@dataclass
class Entity:
    id: str
    type: str
    name: str
    mentions: list[Mention] = field(default_factory=list)


@dataclass
class Quote:
    kind: str  # direct | indirect
    start: int
    end: int
    text: str
    speaker: str | None = None
    speaker_type: str | None = None  # person | organization | unnamed
    speaker_entity: str | None = None
    cue: str | None = None
    mention: Mention | None = None
    # what the cue says about the words: statement, promise, denial, opinion, demand or question; and
    # whether it is negated («не подтвердил, что …», «не считает, что …»): such a clause is not the speaker's
    # claim, and every listing shows it
    cue_kind: str = "statement"
    negated: bool = False
    # when it was said: the day the text gives for the statement («в понедельник заявил»), else the
    # publication day; `said_at_from` says which ("text" | "published"), None when neither is known
    said_at: str | None = None
    said_at_from: str | None = None
    # the dates and figures inside the quote, as indices into `Analysis.dates` / `Analysis.figures`
    dates: list[int] = field(default_factory=list)
    figures: list[int] = field(default_factory=list)
    # the entities the quote is about (ids in `Analysis.entities`): those named inside it, by name, title or
    # pronoun («Президента России отличает …» in another's words is about the president), the speaker aside
    about: list[str] = field(default_factory=list)


@dataclass
class DateRef:
    """A date, time or duration in the text (docs/dates-figures-gold.md). `value` is ISO 8601: a day
    (2024-11-04), a time (2024-11-04T14:30), a week (2024-W45), a month, quarter (2024-Q3), half-year
    (2024-H1), year, or `first/last` (`..` for an open end); a duration (P3Y); `--08-21` for a day-month with no
    year and no publication day. `first`/`last` are the first and last day covered."""
    start: int
    end: int
    text: str
    value: str | None
    first: str | None = None
    last: str | None = None
    grain: str | None = None  # time | day | week | month | quarter | half | year | decade | century | range
    resolution: str = "unresolved"  # absolute | relative (from the publication day) | partial | unresolved
    kind: str = "date"  # date | duration
    time: str | None = None  # HH:MM when the text gives a clock time


@dataclass
class Figure:
    """A number that measures or counts something. `value` has its multiplier applied (1,5 трлн → 1.5e12);
    a range also has `value_max`. `unit`: % | п.п. | an ISO currency code | раз | доля | a unit or counted noun
    in the nominative. `qualifier`: approx | more | less | at_least | at_most | almost | range. `kind`:
    level | change; `direction`: up | down. `about`: what is measured, as the sentence names it; `entity`: the
    id of the entity it belongs to («товарооборот России»)."""
    start: int
    end: int
    text: str
    value: float
    unit: str | None = None
    value_max: float | None = None
    qualifier: str | None = None
    kind: str = "level"
    direction: str | None = None
    about: str | None = None
    entity: str | None = None


@dataclass
class TitleRef:
    """A person named with a title in apposition, title first («президент Казахстана Касым-Жомарт Токаев»):
    what the article says that person is on its publication day. `title` is the title in the nominative
    («президент Казахстана»), `key` its lemmas («президент казахстан»), which any inflected form shares;
    `entity` the person's id in `Analysis.entities`; `date` the publication day (YYYY-MM-DD) or None."""
    start: int
    end: int
    text: str
    title: str
    key: str
    entity: str
    date: str | None = None


def _plain(value: Any) -> Any:
    """Records as plain dicts and lists, what dataclasses.asdict gives without its deep copies (they were
    half the cost of storing an article). The records hold only lists, other records and scalars."""
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if hasattr(value, "__dataclass_fields__"):
        return {k: _plain(v) for k, v in vars(value).items()}
    return value


@dataclass
class Analysis:
    id: str
    title: str | None
    published: datetime | None
    entities: list[Entity] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
    dates: list[DateRef] = field(default_factory=list)
    figures: list[Figure] = field(default_factory=list)
    url: str | None = None
    source: str | None = None
    # titles the article gives its people by apposition (extract/coref.py, `appositions`)
    titles: list[TitleRef] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        """The JSON Lines schema of `svodka analyze --format jsonl` (docs/architecture.md), and what the
        store keeps of an analysis: the one serialiser of an Analysis."""
        out: dict[str, Any] = {"id": self.id, "title": self.title,
                               "published": self.published.isoformat() if self.published else None}
        if self.url:
            out["url"] = self.url
        if self.source:
            out["source"] = self.source
        out["entities"] = _plain(self.entities)
        out["quotes"] = _plain(self.quotes)
        out["dates"] = _plain(self.dates)
        out["figures"] = _plain(self.figures)
        out["titles"] = _plain(self.titles)
        return out

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> "Analysis":
        """The inverse of `to_dict` (a stored or exported analysis read back)."""
        return cls(
            id=d["id"], title=d.get("title"),
            published=datetime.fromisoformat(d["published"]) if d.get("published") else None,
            url=d.get("url"), source=d.get("source"),
            entities=[Entity(e["id"], e["type"], e["name"], [Mention(**m) for m in e["mentions"]])
                      for e in d.get("entities", [])],
            quotes=[Quote(**{**q, "mention": Mention(**q["mention"]) if q.get("mention") else None})
                    for q in d.get("quotes", [])],
            dates=[DateRef(**x) for x in d.get("dates", [])], figures=[Figure(**x) for x in d.get("figures", [])],
            titles=[TitleRef(**x) for x in d.get("titles", [])])


@dataclass
class IngestError:
    """An input that could not be read; reported and skipped, never fatal for the batch."""
    origin: str  # "path" or "path:line"
    message: str

    def __str__(self) -> str:
        return f"{self.origin}: {self.message}"
