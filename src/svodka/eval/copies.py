"""Which gold articles repeat one another's text: cross-validation keeps an article and its copies in one fold.

Telegram channels repost one another, and annotated sets drawn at different times hold copies of each other's
posts; a fold that trains on a copy of an article it scores measures memory, not generalisation.
"""
from __future__ import annotations

import random
import re
from collections import Counter
from collections.abc import Iterable

# Two articles whose word 3-shingles overlap by at least this share of the smaller one's are one text for
# cross-validation: a repost, a lightly edited copy, a digest that holds a post whole.
COPY_SHARE = 0.5
COPY_MIN_SHINGLES = 5  # a line or two in common is no copy
COPY_COMMON = 50  # a shingle in more articles than this is boilerplate (a channel's sign-off), not evidence


def copy_groups(texts: dict[str, str]) -> dict[str, str]:
    """Each article's group: the smallest id among the articles that repeat its text, directly or through
    another. Telegram channels repost one another (123 of the 1,148 annotated posts have a copy among them),
    and a fold that trains on a post's copy scores the model on text it has seen."""
    shingles: dict[str, set[tuple[str, ...]]] = {}
    for i, text in texts.items():
        words = [w.lower() for w in re.findall(r"\w+", text)]
        shingles[i] = set(zip(words, words[1:], words[2:]))
    holders: dict[tuple[str, ...], list[str]] = {}
    for i, sh in shingles.items():
        for s in sh:
            holders.setdefault(s, []).append(i)
    shared: Counter = Counter()
    for ids in holders.values():
        if 1 < len(ids) <= COPY_COMMON:
            for n, a in enumerate(ids):
                for b in ids[n + 1:]:
                    shared[(a, b)] += 1
    parent = {i: i for i in shingles}

    def root(i: str) -> str:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for (a, b), n in shared.items():
        small = min(len(shingles[a]), len(shingles[b]))
        if small >= COPY_MIN_SHINGLES and n >= COPY_SHARE * small:
            ra, rb = root(a), root(b)
            parent[max(ra, rb)] = min(ra, rb)
    return {i: root(i) for i in shingles}


def deal(groups: Iterable[str], k: int, seed: int) -> dict[str, int]:
    """Each group's fold among k: the groups shuffled by `seed` and dealt in turn, so the same groups get the
    same folds whatever the order of the articles that hold them."""
    keys = sorted(set(groups))
    random.Random(seed).shuffle(keys)
    return {g: n % k for n, g in enumerate(keys)}
