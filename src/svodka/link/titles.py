"""Titles the archive learnt from appositions: who held a title when, where the roles file does not say.

An article that writes «президент Нарнии Иван Петров» says Петров is Нарния's president on its day
(extract/coref.py, `appositions`); the store keeps each such sighting (entity_titles). From the sightings of
one title (by its lemmas, so every inflected form is one title) this module makes terms of office, the way
the roles file gives them: each day goes to the holder seen with the title closest to it in time, so the
term changes hands halfway between the last sighting of one holder and the first of the next. A term
reaches at most `REACH` beyond its first and last sightings: a holder seen once in 2019 says nothing about
2024. Where two people are called by one title on the same day (two countries' ministers under a title
without the country, a wrong apposition), the day goes to the one more articles name that day; this is a
guess, and `svodka entity TITLE` shows every holder with the articles that named them, so it can be
checked. A title the roles file knows is answered by the roles file alone.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date, timedelta

REACH = timedelta(days=365)


@dataclass
class LearntTerm:
    entity_id: int
    first_seen: date
    last_seen: date
    articles: int
    start: date  # the term: first day, inclusive
    end: date  # one past its last day

    def to_dict(self) -> dict:
        return {"entity_id": self.entity_id, "first_seen": self.first_seen.isoformat(),
                "last_seen": self.last_seen.isoformat(), "articles": self.articles,
                "term_from": self.start.isoformat(), "term_to": self.end.isoformat()}


def terms(sightings: list[tuple[date, int, int]]) -> list[LearntTerm]:
    """Terms of office in time order from (day, entity id, articles that day) sightings of one title."""
    overall = Counter()
    by_day: dict[date, Counter] = {}
    for day, eid, n in sightings:
        overall[eid] += n
        by_day.setdefault(day, Counter())[eid] += n
    runs: list[list] = []  # [entity, first, last, articles]
    for day in sorted(by_day):
        # the day's holder: the most articles that day, then the most overall, then the older id
        eid = min(by_day[day], key=lambda e: (-by_day[day][e], -overall[e], e))
        if runs and runs[-1][0] == eid:
            runs[-1][2] = day
            runs[-1][3] += by_day[day][eid]
        else:
            runs.append([eid, day, day, by_day[day][eid]])
    out = [LearntTerm(eid, first, last, n, first - REACH, last + REACH + timedelta(days=1))
           for eid, first, last, n in runs]
    for a, b in zip(out, out[1:]):
        gap = (b.first_seen - a.last_seen).days
        if gap <= 2 * REACH.days:
            a.end = b.start = a.last_seen + timedelta(days=(gap + 1) // 2)
    return out
