"""Threads: the stories of one ongoing subject across days, weeks or years (a visit in 2021 and the next visit
in 2023; a trial's hearings; an election and its count), each story still its own event.

A story, in time order, joins the thread of the earlier story it is most like, when the two share a main
actor (not one of the names most stories have) and their texts are alike: the cosine of their TF-IDF centroids (the normalised sum of their articles'
vectors) at least `THRESHOLD`, with the actors' overlap added at `ACTOR_WEIGHT`. Stories are found through
an index of actors that keeps each actor's last `PER_ACTOR` stories, so linking a story costs the same
however long the archive is; two stories of one day are never one thread's two links (the story clustering
already decided that they are different events, and same-day stories that share an actor are usually
different events about a busy name).
"""
from __future__ import annotations

import math
from collections import Counter, defaultdict, deque
from dataclasses import dataclass, field
from datetime import datetime

from .similarity import cosine
from .stream import story_day

THRESHOLD = 0.3
ACTOR_WEIGHT = 0.1
PER_ACTOR = 50
# An actor in more than this share of the stories (Москва, Россия, США in Russian news) says nothing about
# which subject two stories share: it finds no thread.
COMMON_SHARE = 0.05


@dataclass
class ThreadStory:
    id: int
    first: datetime | None
    vector: dict[str, float]
    actors: set[str] = field(default_factory=set)


def centroid(vectors: list[dict[str, float]]) -> dict[str, float]:
    """The normalised sum of unit vectors: the direction the articles share."""
    total: dict[str, float] = defaultdict(float)
    for v in vectors:
        for t, w in v.items():
            total[t] += w
    norm = math.sqrt(sum(w * w for w in total.values())) or 1.0
    return {t: w / norm for t, w in total.items()}


def link_threads(stories: list[ThreadStory], threshold: float = THRESHOLD, actor_weight: float = ACTOR_WEIGHT,
                 per_actor: int = PER_ACTOR, common_share: float = COMMON_SHARE) -> dict[int, int]:
    """Each story's thread: the id of the thread's first story. Stories are taken in time order (undated
    last, then by id), so the same stories give the same threads."""
    order = sorted(stories, key=lambda s: (s.first is None, s.first or datetime.min, s.id))
    counts = Counter(a for s in stories for a in s.actors)
    common = {a for a, n in counts.items() if n > max(2, common_share * len(stories))}
    by_actor: dict[str, deque[ThreadStory]] = defaultdict(lambda: deque(maxlen=per_actor))
    thread: dict[int, int] = {}
    for s in order:
        near: dict[int, ThreadStory] = {}
        for a in s.actors - common:
            for other in by_actor.get(a, ()):
                near[other.id] = other
        best, best_score = None, threshold
        for other in sorted(near.values(), key=lambda o: o.id):
            if s.first is not None and other.first is not None and story_day(s.first) == story_day(other.first):
                continue
            shared = len(s.actors & other.actors) / len(s.actors | other.actors)
            score = cosine(s.vector, other.vector) + actor_weight * shared
            if score > best_score:
                best, best_score = other, score
        thread[s.id] = thread[best.id] if best is not None else s.id
        for a in s.actors:
            by_actor[a].append(s)
    return thread
