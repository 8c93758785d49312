"""When each quote was said, which dates and figures it holds, and whom it is about.

`said_at` is the first day of the date the text gives for the statement: a date in the sentence of the
quote's speaker or cue, outside the quoted words («21 августа … заявил», «в понедельник сказал»), that is
not after the publication day (nothing is said in the future). Otherwise the publication day. The dates
inside the quoted words are what it is about, not when it was said, and so are the dates inside the article's
other quotes («Урожай в этом году превысит …, заявил Путин. «…», – подчеркнул президент»: «в этом году» dates
neither). A date that holds the publication day at a coarser grain («в этом году», «на этой неделе») places the
statement less precisely than the publication day does, so it is not taken either.
"""
from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import replace
from datetime import date, datetime

from ..model import DateRef, Entity, Figure, Quote
from ..nlp.pipeline import Parsed
from .dates import publication_day
from .mention_index import MentionIndex
from .spans import SpanIndex

# Grains a statement can be dated by («в 2019 году заявил» dates it by its year; a decade does not).
_STATEMENT_GRAINS = ("time", "day", "week", "month", "quarter", "half", "year")


def _sentence(parsed: Parsed, pos: int) -> tuple[int, int] | None:
    s = parsed.sentence_at(pos)
    return (s.start, s.end) if s is not None else None


def _statement_date(q: Quote, dates: list[DateRef], parsed: Parsed, pub: date | None,
                    quoted: SpanIndex, by_start: tuple[list[int], list[int]]) -> DateRef | None:
    """`quoted`: the article's quotes; `by_start`: the dates' indexes sorted by start, and those starts (only
    the dates in the quote's sentences are looked at: a scan of every date per quote made a text of many quotes
    and dates quadratic)."""
    anchor = q.mention.start if q.mention is not None else q.start
    spans = {s for s in (_sentence(parsed, anchor), _sentence(parsed, q.start),
                         _sentence(parsed, max(q.start, q.end - 1))) if s}
    order, starts = by_start
    near = sorted({i for a, b in spans for i in order[bisect_left(starts, a):bisect_left(starts, b)]})
    candidates = [dates[i] for i in near]  # in the list's order, as a scan of all of them would meet them
    best: tuple[int, DateRef] | None = None
    for d in candidates:
        if d.kind != "date" or d.first is None or d.grain not in _STATEMENT_GRAINS or "X" in d.first:
            continue
        if q.start <= d.start < q.end or not any(a <= d.start < b for a, b in spans) or quoted.overlaps(d.start, d.start + 1):
            continue
        if pub is not None and d.first > pub.isoformat():
            continue
        if pub is not None and d.grain not in ("time", "day") and d.first <= pub.isoformat() <= (d.last or d.first):
            continue
        dist = min(abs(d.start - anchor), abs(d.start - q.start), abs(d.start - q.end))
        if best is None or dist < best[0]:
            best = (dist, d)
    return best[1] if best else None


# The polite «Вы» written with a capital inside a sentence: in the words of one of two people who met, the
# other one («Мы запланировали с Вами встречу», Токаев to Путин).
_POLITE_YOU = re.compile(r"(?<=[^.!?…\s]\s)(?:Вы|Вас|Вам|Вами|Ваш[а-яё]*)(?![а-яё])")


def _about(q: Quote, entities: list[Entity], mentions: MentionIndex) -> list[str]:
    """The entities with a mention inside the quoted words, in the order they first appear; not the speaker.
    The polite «Вы» of a direct quote is the person most mentioned after the speaker, the one addressed."""
    first: dict[str, int] = {}
    for start, _, k, _ in mentions.inside(q.start, q.end):
        eid = entities[k].id
        if eid != q.speaker_entity and eid not in first:
            first[eid] = start
    you = _POLITE_YOU.search(q.text) if q.kind == "direct" and q.speaker_entity else None
    if you:
        others = [e for e in entities if e.type == "PER" and e.id != q.speaker_entity]
        if others:
            addressed = max(others, key=lambda e: (len(e.mentions), -e.mentions[0].start))
            first.setdefault(addressed.id, q.start + you.start())
    return sorted(first, key=first.get)


def _inside(items: list, order: list[int], q: Quote) -> list[int]:
    """Indexes of the dates or figures inside the quote; `order` lists the indexes by start."""
    lo = bisect_left(order, q.start, key=lambda i: items[i].start)
    hi = bisect_left(order, q.end, key=lambda i: items[i].start)
    return sorted(i for i in order[lo:hi] if items[i].end <= q.end)


def date_quotes(quotes: list[Quote], dates: list[DateRef], figures: list[Figure], parsed: Parsed,
                published: datetime | None, entities: list[Entity] | None = None) -> list[Quote]:
    pub = publication_day(published)
    mentions = MentionIndex(entities or [])
    d_order = sorted(range(len(dates)), key=lambda i: dates[i].start)
    f_order = sorted(range(len(figures)), key=lambda i: figures[i].start)
    quoted = SpanIndex((q.start, q.end) for q in quotes)
    by_start = (d_order, [dates[i].start for i in d_order])
    out = []
    for q in quotes:
        d = _statement_date(q, dates, parsed, pub, quoted, by_start)
        if d is not None:
            said_at, source = d.first, "text"
        elif pub is not None:
            said_at, source = pub.isoformat(), "published"
        else:
            said_at, source = None, None
        out.append(replace(q, said_at=said_at, said_at_from=source, about=_about(q, entities or [], mentions),
                           dates=_inside(dates, d_order, q), figures=_inside(figures, f_order, q)))
    return out
