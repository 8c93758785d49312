"""Which story of its day a new article joins: a booster trained on the annotated days, instead of a hand
threshold on the likeness of the single most like article.

The hand rule (join the story of the most like article when cosine + 0.15 × entity Jaccard > 0.2, set on one
development day) chained different events of one theme into one story on the days of a storm, a snowfall or
an election, and split the reports of one event written hours apart. What tells them apart is learnt from
the ten annotated days of Telegram posts: how like the story's most like article is, in words and in names,
how many names the article shares with the story, how big the story is, and how long ago its articles
appeared (the reports of one event come in a burst; the same theme hours later is another event).

- candidates: the stories of the day's articles that share one of the article's heaviest terms (the index of
  stream.py and online.py, unchanged);
- features: `story_row`, one row per candidate story;
- model: one LightGBM booster, the probability that the article belongs to that story; a file of
  boosterfile.py shipped as data/story_linker.json.gz;
- decoding: `choose`, the most probable story if that probability exceeds JOIN, else a new story;
- training: `training_rows` replays each gold day in time order with the gold stories so far (each candidate
  story is one gold story: a positive when it is the article's), `fit`, and `cross_validate`, which leaves
  one day out at a time (`svodka eval stories --cv`, `svodka train stories`).
"""
from __future__ import annotations

import math
from collections import Counter
from collections.abc import Callable, Sequence
from datetime import datetime, timezone
from typing import Protocol

import numpy as np

from .. import boosterfile
from .similarity import cosine, jaccard

FEATURES = ["best_likeness", "best_cosine", "best_entity_jaccard", "shared_entities", "entities", "story_size",
            "log_hours_nearest", "log_hours_first", "terms"]
JOIN = 0.5  # the least probability of the best story to join it (not tuned: the even chance)
ENTITY_WEIGHT = 0.15  # the likeness the hand rule used (stream.likeness), read here as one feature
PARAMS = {"objective": "binary", "learning_rate": 0.05, "num_leaves": 7, "min_data_in_leaf": 20, "verbose": -1,
          "num_threads": 1, "deterministic": True, "force_row_wise": True, "seed": 1}
ROUNDS = 200


class StoryLinkerError(ValueError):
    """A model file that cannot be used; the message names the file and what is wrong."""


class Member(Protocol):
    """An article of the day as the linker reads it (stream._Seen, online.Neighbour)."""
    vector: dict[str, float]
    entities: set[str]
    published: datetime | None


def _utc(t: datetime) -> datetime:
    # stored times are naive UTC (online.utc_text); a post's own time may carry its offset
    return t.astimezone(timezone.utc).replace(tzinfo=None) if t.tzinfo is not None else t


def story_row(vector: dict[str, float], entities: set[str], published: datetime | None,
              members: Sequence[Member]) -> list[float]:
    """The features of (a new article, one story of its day given by its members there)."""
    cos = [cosine(vector, m.vector) for m in members]
    jac = [jaccard(entities, m.entities) for m in members]
    shared = set().union(*(m.entities for m in members)) & entities
    hours_nearest = hours_first = 0.0
    times = [_utc(m.published) for m in members if m.published is not None]
    if published is not None and times:
        now = _utc(published)
        # the nearest member in time, not the last: an article stored late is placed among its day's articles
        hours_nearest = min(abs((now - t).total_seconds()) for t in times) / 3600
        hours_first = abs((now - min(times)).total_seconds()) / 3600
    return [max(c + ENTITY_WEIGHT * j for c, j in zip(cos, jac)), max(cos), max(jac), float(len(shared)),
            float(len(entities)), float(len(members)), math.log1p(hours_nearest), math.log1p(hours_first),
            float(len(vector))]


class StoryLinker(boosterfile.ScoringModel):
    FORMAT = "svodka-story-linker"
    VERSION = 1
    SHIPPED = "story_linker.json.gz"
    WHAT = "story linker"
    RETRAIN = "retrain it with `svodka train stories` (or scripts/train_story_linker.sh)"
    FEATURES = FEATURES
    ERROR = StoryLinkerError

    def choose(self, rows: list[list[float]]) -> int | None:
        """The index of the story to join (the first of equals), or None for a new story."""
        scores = self.scores(rows)
        if not scores:
            return None
        best = max(range(len(scores)), key=lambda k: (scores[k], -k))
        return best if scores[best] > JOIN else None


_default = boosterfile.Default(StoryLinker.load)


def default_linker() -> StoryLinker:
    """The linker of this process: the shipped one, loaded once, unless `use_linker` gave another."""
    return _default.get()


def use_linker(linker: StoryLinker | None) -> None:
    """Make `linker` this process's default (`svodka --story-linker FILE`); None goes back to the shipped one."""
    _default.use(linker)


# --- training ---------------------------------------------------------------------------------------------------

def training_rows(docs: list, gold: dict[str, str]) -> list[tuple[list[float], int]]:
    """One gold day replayed in time order by the stream (its own document frequencies, the reprint rule
    first), each article joining its gold story: a row per story it could join, labelled 1 when that is its
    gold story. `docs`: stories.Document of the day; `gold`: id → story label."""
    from .stream import StoryStream, time_key  # the candidates and rows exactly as the stream makes them

    stream = StoryStream(Counter(t for d in docs for t in set(d.lemmas)), len(docs), linker=None)
    index: dict[str, int] = {}  # gold label → the stream's story
    rows: list[tuple[list[float], int]] = []
    for d in sorted(docs, key=time_key):
        label = gold[d.id]
        got = stream.candidates(d)
        if got is not None:
            stories, feats = got
            rows += [(f, int(index.get(label) == s)) for s, f in zip(stories, feats)]
        index[label] = stream.add(d, index.get(label, stream.n_stories))
    return rows


def fit(rows: list[tuple[list[float], int]], meta: dict | None = None) -> StoryLinker:
    lgb = boosterfile.lightgbm()
    X = [r for r, _ in rows]
    y = [label for _, label in rows]
    if not X or not any(y) or all(y):
        raise ValueError("the gold days give no article that joins a story and none that does not: nothing to "
                         "learn from")
    names = ["".join(ch if ch.isalnum() and ch.isascii() else "_" for ch in n) for n in FEATURES]
    data = lgb.Dataset(np.asarray(X, dtype=np.float64), np.asarray(y), feature_name=names, free_raw_data=False)
    booster = lgb.train(PARAMS, data, num_boost_round=ROUNDS)
    return StoryLinker(booster, meta={**(meta or {}), "rows": len(X), "positives": int(sum(y))})


def cross_validate(days: dict[str, tuple[list, dict[str, str]]],
                   cluster: Callable[[list, StoryLinker], dict[str, str]]) -> dict[str, dict[str, str]]:
    """Each day's stories by a linker trained on the other days: day → (id → predicted story)."""
    rows = {day: training_rows(docs, gold) for day, (docs, gold) in days.items()}
    out = {}
    for day, (docs, _) in days.items():
        linker = fit([r for other, rs in rows.items() if other != day for r in rs])
        out[day] = cluster(docs, linker)
    return out
