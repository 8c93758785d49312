"""Scores → what a figure measures: the best-scoring candidate, or nothing when the empty choice scores best."""
from __future__ import annotations

from .candidates import Candidates


def choose(scores: list[float], c: Candidates) -> int | None:
    """The index in `c.tokens` of the chosen noun, or None for "nothing named" (row 0)."""
    if not scores:
        return None
    best = max(range(len(scores)), key=lambda k: (scores[k], -k))
    return None if best == 0 else c.nouns[best - 1]
