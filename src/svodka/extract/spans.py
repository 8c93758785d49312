"""Spans of text asked about by bisection: does any of them overlap a stretch, or hold it.

Quotes, dates, anchors of the date grammars and quote candidates all ask these questions once per item; a scan
of every span per item made a long text of many items quadratic (benchmarks/adversarial.py).
"""
from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterable


class SpanIndex:
    """A fixed set of spans, overlapping or not: sorted by start, with the running maximum of their ends."""

    def __init__(self, spans: Iterable[tuple[int, int]]) -> None:
        ordered = sorted(spans)
        self.starts = [a for a, _ in ordered]
        self.reach: list[int] = []  # the furthest end of the spans up to each one
        r = -1
        for _, b in ordered:
            r = max(r, b)
            self.reach.append(r)

    def overlaps(self, a: int, b: int) -> bool:
        """Whether a span overlaps text[a:b] (a span starting before b and ending after a)."""
        i = bisect_left(self.starts, b)
        return i > 0 and self.reach[i - 1] > a

    def reaches(self, a: int, b: int) -> bool:
        """Whether a span that starts before `a` reaches `b`: text[a:b] lies inside it."""
        i = bisect_left(self.starts, a)
        return i > 0 and self.reach[i - 1] >= b


class Disjoint:
    """Spans added one by one, none overlapping another: kept sorted, so their ends rise with their starts and
    only the last span starting before a stretch's end can overlap it."""

    def __init__(self) -> None:
        self.starts: list[int] = []
        self.ends: list[int] = []

    def overlaps(self, a: int, b: int) -> bool:
        i = bisect_left(self.starts, b)
        return i > 0 and self.ends[i - 1] > a

    def encloses(self, a: int, b: int) -> bool:
        i = bisect_right(self.starts, a)
        return i > 0 and self.ends[i - 1] >= b

    def add(self, a: int, b: int) -> None:
        i = bisect_left(self.starts, a)
        self.starts.insert(i, a)
        self.ends.insert(i, b)
