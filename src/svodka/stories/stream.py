"""Stories online: articles arrive in time order and each joins the most similar story of its day, or starts
one, in time that depends on how much news the day holds, never on the size of the archive.

A story is one event of one day: the reports, reactions and follow-ups of that day. The same subject on
another day is another story, which threads (threads.py) link to it; so an article is compared only with
the articles of its own day (`story_day`: its publication day in Moscow time, as the dates resolver reads
it), and a story cannot grow from one day into the next by a chain of follow-ups. Only the articles of the
current day are kept (their vectors, an inverted index of their terms and their MinHashes); older ones
leave the index as the day changes. A new article is compared only with the
day's articles that share one of its `TOP_TERMS` most weighted terms (a story's articles share their
rare words: names, places, the event's nouns), so a day of news costs the same in the first week of an
archive and in its tenth year.

Weights are TF-IDF as scikit-learn computes them (sublinear tf, smoothed idf, l2 norm). The idf comes from
document frequencies: given for a batch (every document of the batch counted first, so a batch's result
does not depend on the order it is fed in), or counted as the stream goes (incremental use: what the store
does as it keeps stories at ingest, online.py, with the same `tfidf` and `likeness`).
"""
from __future__ import annotations

import math
from collections import Counter, defaultdict, deque
from dataclasses import dataclass, field
from datetime import date, datetime

from ..extract.dates import publication_day
from .dedup import THRESHOLD as DUP_THRESHOLD, lsh_index, minhash
from .documents import Document

THRESHOLD = 0.2  # the least likeness to join a story (tuned on one development day, 7 November)
ENTITY_WEIGHT = 0.15  # added for the share of named entities two articles have in common (Jaccard)
TOP_TERMS = 25  # the terms of a new article looked up in the index


def story_day(published: datetime | None) -> date | None:
    """The day whose story an article can join: its publication day in Moscow time (a time without an offset
    as written), as dates are resolved (extract/dates.publication_day). None for an undated article."""
    return publication_day(published)


def _jaccard(a: set[str], b: set[str]) -> float:
    return len(a & b) / len(a | b) if a and b else 0.0


def tfidf(lemmas: list[str], df, n: int) -> dict[str, float]:
    """Unit TF-IDF weights of a text's lemmas; `df[t]` (a Counter or any mapping that answers 0) how many of
    the `n` documents counted hold term t. The store computes stored stories' vectors with it too
    (stories/online.py), so both compare alike."""
    tf = Counter(lemmas)
    v = {t: (1.0 + math.log(c)) * (math.log((1 + n) / (1 + df.get(t, 0))) + 1.0) for t, c in tf.items()}
    norm = math.sqrt(sum(x * x for x in v.values())) or 1.0
    return {t: x / norm for t, x in v.items()}


def top_terms(vec: dict[str, float], k: int = TOP_TERMS) -> list[str]:
    """The terms a story's other articles are looked for by: the most weighted, ties by the term."""
    return sorted(vec, key=lambda t: (-vec[t], t))[:k]


def likeness(vec: dict[str, float], entities: set[str], other_vec: dict[str, float], other_entities: set[str],
             entity_weight: float = ENTITY_WEIGHT) -> float:
    """Cosine of two unit vectors raised by the share of entities they have in common."""
    small, big = (vec, other_vec) if len(vec) <= len(other_vec) else (other_vec, vec)
    score = sum(w * big.get(t, 0.0) for t, w in small.items())
    return score + entity_weight * _jaccard(entities, other_entities)


@dataclass
class _Seen:
    """An article of the current day."""
    id: str
    day: date | None
    vector: dict[str, float]
    entities: set[str]
    story: int
    group: str  # the id of the first article whose text it repeats (itself if none)
    rank: int  # the order it was added in: ties go to the earlier article
    hashed: bool = False


@dataclass
class StreamStory:
    id: int
    members: list[str] = field(default_factory=list)


class StoryStream:
    """Assigns each added document to a story; `stories` lists them in the order they started."""

    def __init__(self, df: Counter | None = None, n_docs: int | None = None, threshold: float = THRESHOLD,
                 entity_weight: float = ENTITY_WEIGHT,
                 top_terms: int = TOP_TERMS, keep_vectors: bool = True, record: bool = True) -> None:
        self.fixed_df = df is not None
        self.df: Counter = df if df is not None else Counter()
        self.n = n_docs or 0
        self.threshold = threshold
        self.entity_weight = entity_weight
        self.top_terms = top_terms
        self.recent: deque[_Seen] = deque()
        self.index: dict[str, set[str]] = defaultdict(set)
        self.seen: dict[str, _Seen] = {}
        self.lsh = lsh_index()
        self.hashes: dict = {}
        self.stories: list[StreamStory] = []
        self.dup_of: dict[str, str] = {}
        self.added = 0
        self.n_stories = 0
        # the members of every story and each document's original: a batch's result; a long-running stream
        # (ingest) stores what `add` returns instead and keeps only the day in memory
        self.record = record
        # every document's vector, for story summaries (a batch); a long-running stream turns it off
        self.keep_vectors = keep_vectors
        self.vectors: dict[str, dict[str, float]] = {}

    def _vector(self, lemmas: list[str]) -> dict[str, float]:
        return tfidf(lemmas, self.df, self.n)

    def _evict(self, day: date | None) -> None:
        """Forget the articles of the days before `day` (all dated ones when `day` is None: undated come last)."""
        while self.recent and self.recent[0].day != day:
            old = self.recent.popleft()
            for t in old.vector:
                posting = self.index.get(t)
                if posting is not None:
                    posting.discard(old.id)
                    if not posting:
                        del self.index[t]
            if old.hashed:
                self.lsh.remove(old.id)
                del self.hashes[old.id]
            del self.seen[old.id]

    def add(self, doc: Document) -> int:
        """The story index `doc` joins (documents must come in time order, undated ones last)."""
        if doc.id in self.dup_of or doc.id in self.seen:
            raise ValueError(f"document {doc.id!r} was already added")
        day = story_day(doc.published)
        self._evict(day)
        if not self.fixed_df:
            self.n += 1
            self.df.update(set(doc.lemmas))
        vec = self._vector(doc.lemmas)
        group, story = doc.id, None
        m = None
        if len(doc.shingles) >= 3:  # a link, an emoji, a word: nothing to be a copy of
            m = minhash(doc)
            hits = [h for h in self.lsh.query(m) if self.hashes[h].jaccard(m) >= DUP_THRESHOLD]
            if hits:
                first = min(hits, key=lambda h: self.seen[h].rank)
                group = self.seen[first].group
                story = self.seen[first].story
        if story is None:
            story = self._best_story(doc, vec)
        if story is None:
            story = self.n_stories
            self.n_stories += 1
            if self.record:
                self.stories.append(StreamStory(story))
        if self.record:
            self.stories[story].members.append(doc.id)
            self.dup_of[doc.id] = group
        seen = _Seen(doc.id, day, vec, doc.entities, story, group, self.added, m is not None)
        self.added += 1
        self.recent.append(seen)
        self.seen[doc.id] = seen
        if self.keep_vectors:
            self.vectors[doc.id] = vec
        for t in vec:
            self.index[t].add(doc.id)
        if m is not None:
            self.lsh.insert(doc.id, m)
            self.hashes[doc.id] = m
        return story

    def _best_story(self, doc: Document, vec: dict[str, float]) -> int | None:
        near: set[str] = set()
        for t in top_terms(vec, self.top_terms):
            near |= self.index.get(t, set())
        best, best_score = None, self.threshold
        for other_id in near:
            other = self.seen[other_id]  # of the same day: the others have left the index
            score = likeness(vec, doc.entities, other.vector, other.entities, self.entity_weight)
            if score > best_score or (score == best_score and best is not None
                                      and other.rank < self.seen[best].rank):
                best, best_score = other_id, score
        return self.seen[best].story if best is not None else None
