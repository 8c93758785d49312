"""What archive queries return: plain records with a `to_dict` for JSON Lines and CSV."""
from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field, fields
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
        d = _plain(asdict(self))  # type: ignore[arg-type]
        # nested records keep what their own to_dict adds (an article's sources)
        for f in fields(self):  # type: ignore[arg-type]
            v = getattr(self, f.name)
            if isinstance(v, Record) and type(v).to_dict is not Record.to_dict:
                d[f.name] = v.to_dict()
            elif isinstance(v, list) and v and isinstance(v[0], Record):
                d[f.name] = [x.to_dict() for x in v]
        return d


# Mention kinds (model.Mention.kind) kept as an entity's aliases.
ALIAS_KINDS = frozenset({"name", "surname"})


@dataclass
class Appearance(Record):
    """One publication of a stored text: a channel or outlet, when, and where."""
    source: str | None
    published: datetime | None
    url: str | None


@dataclass
class StoredArticle(Record):
    """An article as the archive knows it; `key` is the archive's own id, `id` the one it came with.
    `source`, `published` and `url` are those of its first appearance; `appearances` lists every post that
    carried the same text (reposts in other channels), first first."""
    key: int
    id: str
    title: str | None
    published: datetime | None
    url: str | None
    source: str | None
    origin: str | None
    # the title, else the text's first line shortened: what a person is shown instead of an internal id
    headline: str | None = None
    appearances: list[Appearance] = field(default_factory=list)

    @property
    def sources(self) -> list[str]:
        out: list[str] = []
        for a in self.appearances:
            if a.source and a.source not in out:
                out.append(a.source)
        if not out and self.source:
            out.append(self.source)
        return out

    def to_dict(self) -> dict[str, Any]:
        d = super().to_dict()
        d["sources"] = self.sources
        return d


@dataclass
class SearchHit(Record):
    kind: str  # article | quote
    score: float
    snippet: str
    article: StoredArticle
    quote_id: int | None = None
    speaker: str | None = None


@dataclass
class QuoteRepeat(Record):
    """Another article in which the same speaker says the same words (store/repeats.py)."""
    quote_id: int
    kind: str
    said_at: str | None
    published: datetime | None
    article: StoredArticle


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
    cue_kind: str | None = None  # statement, promise, denial, opinion, demand, question (None: stored before)
    negated: bool | None = None  # «не подтвердил, что …»: the clause is not the speaker's claim
    said_at: str | None = None  # when it was said: a day the text gives, else the article's publication time
    said_at_from: str | None = None  # text | published
    # the other articles of a listing that repeat this statement word for word (store/repeats.py); empty
    # where the listing was not folded
    repeats: list[QuoteRepeat] = field(default_factory=list)


@dataclass
class FigureRow(Record):
    """A figure as stored, with what it measures and the article that gave it."""
    id: int
    text: str
    value: float
    value_max: float | None
    unit: str | None
    qualifier: str | None
    kind: str
    direction: str | None
    about: str | None
    entity_id: int | None
    entity: str | None
    in_quote: int | None  # the id of the quote it was said in
    published: datetime | None
    article: StoredArticle


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
    # (YYYY-MM, or a week's Monday as YYYY-MM-DD, mentions); articles without a date are counted under "unknown"
    timeline: list[tuple[str, int]] = field(default_factory=list)
    # entities most often in the same articles: (entity, articles shared)
    co_mentioned: list[tuple[EntityRow, int]] = field(default_factory=list)
    latest_quotes: list[QuoteRow] = field(default_factory=list)
    quotes_total: int = 0  # of the entity's quotes, of which latest_quotes are the newest
    # who talks about it most: (speaker, quotes about it)
    talked_about_by: list[tuple[EntityRow, int]] = field(default_factory=list)


# Words a quote's speaker can be that name nobody: personal pronouns the attribution could not resolve
# («он», «мы», «вы»), in every case.
_PRONOUNS = frozenset("""
я меня мне мной мною ты тебя тебе тобой тобою он его него ему нему им ним нём нем она её ее неё нее ей ней ею нею
оно мы нас нам нами вы вас вам вами они их них ими ними сам сама сами кто-то кто никто некто
""".split())


_ID_REF = re.compile(r"\s*#(\d{1,18})\s*")  # at most 18 digits: an SQLite integer


def entity_ref(text: str) -> int | None:
    """The archive id a `#12` reference names (the CLI's and the API's way to pick one of several people
    with one name), or None for a name."""
    m = _ID_REF.fullmatch(text)
    return int(m.group(1)) if m else None


def unknown_speaker(name: str | None) -> bool:
    """Whether a speaker as stored names no one: absent, punctuation («—»), or an unresolved pronoun."""
    if not name or not any(ch.isalpha() for ch in name):
        return True
    words = [w.strip(".,;:!?«»\"'()").lower().replace("ё", "е") for w in name.split()]
    words = [w for w in words if w]
    return all(w in _PRONOUNS or w.replace("е", "ё") in _PRONOUNS for w in words)


def quote_dict(q: QuoteRow) -> dict:
    """A quote as one flat row: its article's fields beside its own, every channel that carried it."""
    d = q.to_dict()
    art = d.pop("article")
    d.update({"article_key": art["key"], "article_id": art["id"], "title": art["title"] or art["headline"],
              "url": art["url"], "source": art["source"], "sources": art["sources"],
              "appearances": art["appearances"]})
    # a repeat in another article, flat as its statement is: where and when it appeared
    d["repeats"] = [{"quote_id": r["quote_id"], "kind": r["kind"], "said_at": r["said_at"],
                     "published": r["published"], "article_key": r["article"]["key"],
                     "article_id": r["article"]["id"], "url": r["article"]["url"],
                     "source": r["article"]["source"], "sources": r["article"]["sources"]}
                    for r in d.get("repeats", [])]
    return d


def local_entity_id(entity: dict, forms: dict[str, int]) -> int | None:
    """The archive's id of an analysis' entity (a dict of the stored analysis), by the names the article
    wrote it with (`article_forms`); None for one known only by titles or pronouns."""
    for name in [entity.get("name"), *(m.get("text") for m in entity.get("mentions", [])
                                       if m.get("kind") in ALIAS_KINDS)]:
        if name in forms:
            return forms[name]
    return None
