"""Stories online: articles arrive in time order and each joins a story of its day (the one the story linker,
linker.py, finds most probable) or starts one, in time that depends on how much news the day holds, never on
the size of the archive.

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
from .linker import StoryLinker, default_linker, story_row
from .similarity import cosine, jaccard

# The hand rule, kept beside the learned linker (linker.py) that replaced it, as the baseline it is measured
# against (`svodka eval stories`): join the story of the most like article if likeness > THRESHOLD
THRESHOLD = 0.2  # the least likeness to join a story (tuned on one development day, 7 November)
ENTITY_WEIGHT = 0.15  # added for the share of named entities two articles have in common (Jaccard)
DEFAULT = object()  # a StoryStream's and place's default linker: the shipped one
TOP_TERMS = 25  # the terms of a new article looked up in the index


def story_day(published: datetime | None) -> date | None:
    """The day whose story an article can join: its publication day in Moscow time (a time without an offset
    as written), as dates are resolved (extract/dates.publication_day). None for an undated article."""
    return publication_day(published)


def time_key(doc: Document) -> tuple:
    """Time order, undated last, then by id: the order stories are built in."""
    return doc.published is None, doc.published or datetime.min, doc.id


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
    return cosine(vec, other_vec) + entity_weight * jaccard(entities, other_entities)


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
    published: datetime | None = None


@dataclass
class StreamStory:
    id: int
    members: list[str] = field(default_factory=list)


class StoryStream:
    """Assigns each added document to a story; `stories` lists them in the order they started."""

    def __init__(self, df: Counter | None = None, n_docs: int | None = None, threshold: float = THRESHOLD,
                 entity_weight: float = ENTITY_WEIGHT,
                 top_terms: int = TOP_TERMS, keep_vectors: bool = True, record: bool = True,
                 linker: StoryLinker | None | object = DEFAULT) -> None:
        """`linker`: what decides which story an article joins (default: the shipped one); None for the hand
        rule of `threshold` and `entity_weight`."""
        self.linker = default_linker() if linker is DEFAULT else linker
        self.fixed_df = df is not None
        self.df: Counter = df if df is not None else Counter()
        self.n = n_docs or 0
        self.threshold = threshold
        self.entity_weight = entity_weight
        self.top_terms = top_terms
        self.recent: deque[_Seen] = deque()
        self.index: dict[str, set[str]] = defaultdict(set)
        self.seen: dict[str, _Seen] = {}
        self.day_members: dict[int, list[_Seen]] = defaultdict(list)  # each story's articles of the current day
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
            kept = self.day_members[old.story]
            del kept[next(i for i, x in enumerate(kept) if x is old)]  # the first: both are in the order added
            if not kept:
                del self.day_members[old.story]

    def add(self, doc: Document, story: int | None = None) -> int:
        """The story index `doc` joins (documents must come in time order, undated ones last). `story`: the
        story it joins regardless (an existing index or the next new one), for training on gold stories."""
        if doc.id in self.dup_of or doc.id in self.seen:
            raise ValueError(f"document {doc.id!r} was already added")
        if story is not None and not 0 <= story <= self.n_stories:
            raise ValueError(f"story {story} is neither a story of this stream nor the next new one")
        day = story_day(doc.published)
        self._evict(day)
        if not self.fixed_df:
            self.n += 1
            self.df.update(set(doc.lemmas))
        vec = self._vector(doc.lemmas)
        m = minhash(doc) if len(doc.shingles) >= 3 else None  # a link, an emoji, a word: nothing to be a copy of
        group, original_story = self._original(doc.id, m)
        if story is None:
            story = original_story if original_story is not None else self._best_story(doc, vec)
        if story is None or story == self.n_stories:
            story = self.n_stories
            self.n_stories += 1
            if self.record:
                self.stories.append(StreamStory(story))
        if self.record:
            self.stories[story].members.append(doc.id)
            self.dup_of[doc.id] = group
        seen = _Seen(doc.id, day, vec, doc.entities, story, group, self.added, m is not None, doc.published)
        self.added += 1
        self.recent.append(seen)
        self.seen[doc.id] = seen
        self.day_members[story].append(seen)
        if self.keep_vectors:
            self.vectors[doc.id] = vec
        for t in vec:
            self.index[t].add(doc.id)
        if m is not None:
            self.lsh.insert(doc.id, m)
            self.hashes[doc.id] = m
        return story

    def _original(self, doc_id: str, m) -> tuple[str, int | None]:
        """The group and story of the earliest article of the day whose text `m` (its MinHash) repeats; the
        document's own id and None if none."""
        if m is None:
            return doc_id, None
        hits = [h for h in self.lsh.query(m) if self.hashes[h].jaccard(m) >= DUP_THRESHOLD]
        if not hits:
            return doc_id, None
        first = min(hits, key=lambda h: self.seen[h].rank)
        return self.seen[first].group, self.seen[first].story

    def candidates(self, doc: Document) -> tuple[list[int], list[list[float]]] | None:
        """The stories of the day `doc` may join and the linker's rows for them, as `add` would weigh them now;
        None when it repeats the text of an article of the day (it joins that one's story). Asked before `add`
        with the document frequencies fixed (training on gold stories: linker.training_rows)."""
        m = minhash(doc) if len(doc.shingles) >= 3 else None
        if m is not None and self._original(doc.id, m)[1] is not None:
            return None
        return self._story_rows(doc, self._vector(doc.lemmas))

    def _near(self, vec: dict[str, float]) -> set[str]:
        near: set[str] = set()
        for t in top_terms(vec, self.top_terms):
            near |= self.index.get(t, set())
        return near

    def _story_rows(self, doc: Document, vec: dict[str, float]) -> tuple[list[int], list[list[float]]]:
        stories = sorted({self.seen[o].story for o in self._near(vec)})
        return stories, [story_row(vec, doc.entities, doc.published, self.day_members[s]) for s in stories]

    def _best_story(self, doc: Document, vec: dict[str, float]) -> int | None:
        if self.linker is not None:
            stories, rows = self._story_rows(doc, vec)
            k = self.linker.choose(rows)
            return stories[k] if k is not None else None
        best, best_score = None, self.threshold
        for other_id in self._near(vec):
            other = self.seen[other_id]  # of the same day: the others have left the index
            score = likeness(vec, doc.entities, other.vector, other.entities, self.entity_weight)
            if score > best_score or (score == best_score and best is not None
                                      and other.rank < self.seen[best].rank):
                best, best_score = other_id, score
        return self.seen[best].story if best is not None else None
