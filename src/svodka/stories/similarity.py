"""The two likenesses stories are built on: cosine of unit TF-IDF vectors, and the Jaccard share of two sets
(names). One definition for the stream, the linker, story summaries and threads."""
from __future__ import annotations


def cosine(a: dict[str, float], b: dict[str, float]) -> float:
    """Cosine of two unit vectors (their dot product), summed over the smaller."""
    if len(a) > len(b):
        a, b = b, a
    return sum(w * b.get(t, 0.0) for t, w in a.items())


def jaccard(a: set[str], b: set[str]) -> float:
    return len(a & b) / len(a | b) if a and b else 0.0
