"""Stories kept by the store: each new article is given its story as it is stored, by the likeness the online
clusterer (stream.py) uses, against the stored articles published on its day (a story is one event of one
day; `stream.story_day`), which the store reads by an index on publication time. So assigning an article
costs what its day holds, never what the archive holds. This module is the decision; the store (store/sql.py) reads the window and writes the result.

What it reproduces of `StoryStream` fed the same articles in time order with document frequencies counted as
it goes (its incremental use):
- document frequencies are the archive's own, counted as articles are stored (`story_terms`); an article's
  vector is computed once, with the counts of the moment it is stored (itself included), and kept. A stable
  choice: the same articles stored in the same order get the same vectors, whatever the batches, and no
  stored vector changes afterwards. Batch clustering (`--recluster`, cluster.py) counts over the window it
  is given instead, so its stories can differ from the stored ones where a word is rare in one and common in
  the other;
- a near-duplicate (estimated Jaccard of word 3-shingles ≥ dedup.THRESHOLD) joins its original's story: the
  MinHash values are stored and compared with every hashed article of the window, which finds each pair the
  stream's LSH finds (and the rare pair the LSH's bands miss);
- otherwise the story the linker (linker.py) chooses among the stories of the stored articles that share one
  of the article's `TOP_TERMS` heaviest terms, each with all its articles of the day, as the stream does;
  ties go to the earlier story (smaller id). With `linker=None`, the hand rule: the story of the most like
  article if likeness > THRESHOLD, ties to the earlier stored (smaller key).

Out of time order: the window is the article's whole day, before and after it, so a late article still joins
the story its neighbours of that day were given; never one of another day, which threads link instead. Stories already stored never merge or split afterwards:
an article that would have joined two stories had it come first joins the more like one. Re-clustering a
window (`svodka stories --recluster`) shows what time order would have given. An undated article has no
window: it starts its own story.
"""
from __future__ import annotations

import json
import zlib
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone

import numpy as np

from ..extract.dates import MSK  # story_day's zone
from .dedup import NUM_PERM, THRESHOLD as DUP_THRESHOLD, hash_values
from .documents import Document
from .linker import StoryLinker, default_linker, story_row
from .stream import DEFAULT, ENTITY_WEIGHT, THRESHOLD, TOP_TERMS, likeness, story_day, tfidf, top_terms



@dataclass
class Neighbour:
    """A stored article of the window, as the store keeps it for this comparison."""
    key: int
    story: int
    original: int  # the key of the article whose text it repeats (its own if none)
    vector: dict[str, float]
    entities: set[str]
    hashes: np.ndarray | None
    published: datetime | None = None  # naive UTC, as stored


@dataclass
class Placement:
    """What the store writes for a new article."""
    story: int | None  # None: a new story
    original: int | None  # the article it repeats, None if none
    vector: dict[str, float]
    hashes: bytes | None


def utc_text(published: datetime | None) -> str | None:
    """A publication time as the window's index holds it: UTC, to the second, fixed width, so that text order
    is time order whatever offset each source gave (a time without one is taken as UTC)."""
    if published is None:
        return None
    if published.tzinfo is not None:
        published = published.astimezone(timezone.utc).replace(tzinfo=None)
    return published.strftime("%Y-%m-%dT%H:%M:%S")


def window_bounds(published: datetime) -> tuple[str, str]:
    """The first and last second of the article's story day (`story_day`) as the window's index holds times:
    the stored articles between them are those whose stories it can join."""
    day = story_day(published)
    start = datetime.combine(day, datetime.min.time(), MSK if published.tzinfo is not None else None)
    return utc_text(start), utc_text(start + timedelta(days=1, seconds=-1))


def signature(doc: Document) -> bytes | None:
    """The MinHash values of a text's shingles as stored; None for a link, an emoji, a word (nothing to be a
    copy of, as in dedup.py)."""
    if len(doc.shingles) < 3:
        return None
    return hash_values(doc).astype(np.uint64).tobytes()


def neighbour(key: int, story: int, original: int | None, vector: bytes, entities: str,
              hashes: bytes | None, at: str | None = None) -> Neighbour:
    """A stored row read back (`at`: its time as `utc_text` wrote it)."""
    return neighbour_of(key, story, original, decode_vector(vector), set(json.loads(entities)), hashes, at)


def neighbour_of(key: int, story: int, original: int | None, vector: dict[str, float], entities: set[str],
                 hashes: bytes | None, at: str | None = None) -> Neighbour:
    """The row as `neighbour` reads it back, from the values it was written from (the store keeps what it has
    just written without decoding it)."""
    return Neighbour(key, story, original if original is not None else key, vector, entities,
                     np.frombuffer(bytes(hashes), dtype=np.uint64) if hashes is not None else None,
                     datetime.fromisoformat(at) if at else None)


def encode_vector(vector: dict[str, float]) -> bytes:
    # JSON's repr-exact floats: the vector read back is the one computed, on either backend; compressed, as a
    # long article's vector (hundreds of terms) would otherwise be a fifth of the archive
    return zlib.compress(json.dumps(vector, ensure_ascii=False, sort_keys=True).encode("utf-8"), 6)


def decode_vector(blob: bytes) -> dict[str, float]:
    return json.loads(zlib.decompress(bytes(blob)))


def encode_entities(entities: set[str]) -> str:
    return json.dumps(sorted(entities), ensure_ascii=False)


_SIGN = object()  # `place`'s default: compute the signature of the document


def place(doc: Document, df, n: int, window: list[Neighbour], threshold: float = THRESHOLD,
          entity_weight: float = ENTITY_WEIGHT, k_terms: int = TOP_TERMS, sig: bytes | None | object = _SIGN,
          linker: StoryLinker | None | object = DEFAULT) -> Placement:
    """The story of `doc` among `window` (the stored articles of its day); `df`, `n`: the
    archive's document frequencies with `doc` already counted. `sig`: `signature(doc)` when the caller has it.
    `linker`: what decides (default: the shipped one); None for the hand rule of `threshold` and
    `entity_weight`."""
    vec = tfidf(doc.lemmas, df, n)
    if sig is _SIGN:
        sig = signature(doc)
    if sig is not None and (first := _first_copy(np.frombuffer(sig, dtype=np.uint64), window)) is not None:
        return Placement(first.story, first.original, vec, sig)
    top = set(top_terms(vec, k_terms))
    if linker is DEFAULT:
        linker = default_linker()
    if linker is not None:
        # the stories of the articles that share a heavy term, each with all its articles of the day: the rows
        # the stream gives the linker (stream.StoryStream._story_rows)
        members: dict[int, list[Neighbour]] = {}
        for other in sorted(window, key=lambda o: o.key):
            members.setdefault(other.story, []).append(other)
        stories = sorted({o.story for o in window if not o.vector.keys().isdisjoint(top)})
        k = linker.choose([story_row(vec, doc.entities, doc.published, members[s]) for s in stories])
        return Placement(stories[k] if k is not None else None, None, vec, sig)
    best, best_score = None, threshold
    for other in sorted(window, key=lambda o: o.key):
        if other.vector.keys().isdisjoint(top):  # a keys view iterates the smaller: the 25 terms
            continue
        score = likeness(vec, doc.entities, other.vector, other.entities, entity_weight)
        if score > best_score:  # strictly: a tie stays with the earlier stored
            best, best_score = other, score
    return Placement(best.story if best else None, None, vec, sig)


def _first_copy(mine: np.ndarray, window: list[Neighbour]) -> Neighbour | None:
    """The earliest stored article of the window whose text `mine` (MinHash values) repeats."""
    hashed = [o for o in window if o.hashes is not None]
    if not hashed:
        return None
    # one comparison of the whole window: a loop over it costs more than the rest of the placing
    same = np.count_nonzero(np.stack([o.hashes for o in hashed]) == mine, axis=1) / NUM_PERM
    copies = [o for o, j in zip(hashed, same) if j >= DUP_THRESHOLD]
    return min(copies, key=lambda o: o.key) if copies else None
