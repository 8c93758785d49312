"""An article's mentions sorted by start, for the stages that ask per figure or per quote which entities are
named in a stretch of text: each question reads that stretch by bisection, not every mention, so a long
text's analysis stays linear in its figures and quotes."""
from __future__ import annotations

from bisect import bisect_left, bisect_right

from ..model import Entity


class MentionIndex:
    def __init__(self, entities: list[Entity]) -> None:
        self.entities = entities
        # (start, end, the entity's place in `entities`, mention kind)
        self.rows = sorted((m.start, m.end, k, m.kind) for k, e in enumerate(entities) for m in e.mentions)
        self.starts = [r[0] for r in self.rows]
        self.longest = max((r[1] - r[0] for r in self.rows), default=0)

    def inside(self, a: int, b: int) -> list[tuple[int, int, int, str]]:
        """The rows of the mentions that lie within a..b, by start."""
        return [r for r in self.rows[bisect_left(self.starts, a):bisect_right(self.starts, b)] if r[1] <= b]

    def within(self, a: int, b: int) -> str | None:
        """The first entity, in the article's order, with a mention (not a pronoun) inside a..b."""
        ks = [k for _, _, k, kind in self.inside(a, b) if kind != "pronoun"]
        return self.entities[min(ks)].id if ks else None

    def overlapping(self, a: int, b: int) -> list[tuple[int, int]]:
        """(start, end) of the mentions that overlap a..b."""
        lo = bisect_left(self.starts, a - self.longest)
        return [(s, e) for s, e, _, _ in self.rows[lo:bisect_left(self.starts, b)] if e > a]
