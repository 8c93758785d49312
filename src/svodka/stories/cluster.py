"""Stories of a window of articles: each article, in time order, joins a story or starts one.

The story linker (linker.py) decides from TF-IDF cosine over the lemmas of the clean texts, the entities the
articles share and the hours between them; a reprint (dedup.py) always joins its original's story. An article is compared with the articles of its own day
only (a story is one event of one day; stream.py keeps the day's articles in an index), so a day's stories are
not joined to yesterday's (threads link them) and the work grows with the number of articles, not with its
square. The idf of a batch is counted over the
whole batch first, so the same articles give the same stories in whatever order they are given.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime

from .documents import Document
from .similarity import cosine
from .stream import DEFAULT, ENTITY_WEIGHT, THRESHOLD, StoryStream, story_day, time_key
from .threads import ThreadStory, centroid, link_threads

__all__ = ["ENTITY_WEIGHT", "THRESHOLD", "Story", "cluster_stories", "story_day", "summarise", "time_order",
           "with_threads"]


@dataclass
class Story:
    id: int
    members: list[str] = field(default_factory=list)  # document ids, in time order
    title: str = ""
    first: datetime | None = None
    last: datetime | None = None
    actors: list[str] = field(default_factory=list)  # lower case: what threads match stories by
    actor_names: list[str] = field(default_factory=list)  # the same, as the articles write them
    sources: list[str] = field(default_factory=list)
    dup_of: dict[str, str] = field(default_factory=dict)  # member id → the member whose text it repeats
    centroid: dict[str, float] = field(default_factory=dict, repr=False)  # what threads compare (threads.py)
    thread: int = 0  # the id of the first story of its thread (its own id when it starts one)


def time_order(docs: list[Document]) -> list[Document]:
    """Time order, undated last, then by id: the order stories are built in."""
    return sorted(docs, key=time_key)


def cluster_stories(docs: list[Document], threshold: float = THRESHOLD,
                    entity_weight: float = ENTITY_WEIGHT, linker=DEFAULT) -> list[Story]:
    """Stories of `docs` (any order; taken in time order, undated last, then by id). `linker`: the story
    linker (default: the shipped one); None for the hand rule of `threshold` and `entity_weight`."""
    if not docs:
        return []
    docs = time_order(docs)
    df = Counter(t for d in docs for t in set(d.lemmas))
    stream = StoryStream(df, len(docs), threshold, entity_weight, linker=linker)
    for d in docs:
        stream.add(d)
    by_id = {d.id: d for d in docs}
    stories = [summarise(s.id, [by_id[m] for m in s.members], [stream.vectors[m] for m in s.members],
                         {m: stream.dup_of[m] for m in s.members}) for s in stream.stories]
    return with_threads(stories)


def summarise(sid: int, members: list[Document], vecs: list[dict[str, float]], dup_of: dict[str, str]) -> Story:
    """A story of these members (in time order) and their vectors: the title of the member most like the
    others, the commonest actors, the outlets, the centroid threads compare. Stories kept by the store are
    summarised by it too, so both read alike."""
    st = Story(sid, [d.id for d in members])
    times = [d.published for d in members if d.published]
    st.first, st.last = (min(times), max(times)) if times else (None, None)
    central = max(range(len(members)),
                  key=lambda k: (sum(cosine(vecs[k], v) for v in vecs), -k)) if len(members) > 1 else 0
    st.title = members[central].title
    # ties by name: a document's entities are a set, whose order changes from one process to the next
    counts = _surnames_joined(Counter(e for d in members for e in d.entities),
                              set().union(*(d.persons for d in members)))
    st.actors = sorted(counts, key=lambda e: (-counts[e], e))[:5]
    forms = Counter(d.names.get(e, e) for d in members for e in d.entities)
    st.actor_names = [max((f for f in forms if f.lower() == e), key=lambda f: (forms[f], f), default=e)
                      for e in st.actors]
    st.sources = sorted({d.source for d in members if d.source})
    st.dup_of = dict(dup_of)
    st.centroid = centroid(vecs)
    return st


def _surnames_joined(counts: Counter, persons: set[str]) -> Counter:
    """A person a story names by surname alone and the one person of the story whose full name ends with it are
    one actor («Трамп» and «Дональд Трамп»): the story's articles tell one event, as one article that names
    both ties them. Two full names with that surname leave it apart. (The archive's entities stay as they are:
    across stories and years a bare surname may be someone else.)"""
    full: dict[str, list[str]] = {}
    for p in persons:
        if len(words := p.split()) > 1:
            full.setdefault(words[-1], []).append(p)
    for p in sorted(persons):
        if " " not in p and len(full.get(p, ())) == 1 and p in counts:
            counts[full[p][0]] += counts.pop(p)
    return counts


def with_threads(stories: list[Story]) -> list[Story]:
    """Each story's thread among these stories (threads.py)."""
    threads = link_threads([ThreadStory(st.id, st.first, st.centroid, set(st.actors)) for st in stories])
    for st in stories:
        st.thread = threads[st.id]
    return stories
