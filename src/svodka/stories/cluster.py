"""Stories of a window of articles: each article, in time order, joins the story it is most like, or starts one.

Like is TF-IDF cosine over the lemmas of the clean texts (scikit-learn's vectoriser, fitted on the window),
raised by the entities two articles share; a reprint (dedup.py) always joins its original's story. An article
is compared with the members of the open stories of the last `window` hours only, so a day's stories are
not joined to last week's. The same articles in the same order give the same stories.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from .dedup import near_duplicates
from .documents import Document

THRESHOLD = 0.2  # the least likeness to join a story (tuned on one development day, 7 November)
ENTITY_WEIGHT = 0.15  # added for the share of named entities two articles have in common (Jaccard)
WINDOW_HOURS = 36


@dataclass
class Story:
    id: int
    members: list[str] = field(default_factory=list)  # document ids, in time order
    title: str = ""
    first: datetime | None = None
    last: datetime | None = None
    actors: list[str] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)


def _tfidf(docs: list[Document]):
    from sklearn.feature_extraction.text import TfidfVectorizer
    vec = TfidfVectorizer(analyzer=lambda lemmas: lemmas, sublinear_tf=True, min_df=1, norm="l2")
    return vec.fit_transform([d.lemmas for d in docs])


def _jaccard(a: set[str], b: set[str]) -> float:
    return len(a & b) / len(a | b) if a and b else 0.0


def cluster_stories(docs: list[Document], threshold: float = THRESHOLD, entity_weight: float = ENTITY_WEIGHT,
                    window_hours: float = WINDOW_HOURS) -> list[Story]:
    """Stories of `docs` (any order; taken in time order, undated last, then by id)."""
    if not docs:
        return []
    docs = sorted(docs, key=lambda d: (d.published is None, d.published or datetime.min, d.id))
    dup = near_duplicates(docs)
    X = _tfidf(docs)
    sims = (X @ X.T).tocsr()
    story_of: dict[str, int] = {}
    stories: list[Story] = []
    window = timedelta(hours=window_hours)
    for i, d in enumerate(docs):
        if dup[d.id] != d.id:
            s = story_of[dup[d.id]]
        else:
            row = sims.getrow(i)
            best, best_score = None, threshold
            for j, v in zip(row.indices, row.data):
                if j >= i:
                    continue
                other = docs[j]
                if d.published and other.published and d.published - other.published > window:
                    continue
                score = v + entity_weight * _jaccard(d.entities, other.entities)
                if score > best_score or (score == best_score and best is not None and j < best):
                    best, best_score = j, score
            s = story_of[docs[best].id] if best is not None else None
        if s is None:
            s = len(stories)
            stories.append(Story(id=s))
        story_of[d.id] = s
        stories[s].members.append(d.id)
    by_id = {d.id: (k, d) for k, d in enumerate(docs)}
    for st in stories:
        members = [by_id[m] for m in st.members]
        times = [d.published for _, d in members if d.published]
        st.first, st.last = (min(times), max(times)) if times else (None, None)
        # the title of the member most like the others
        central = max(members, key=lambda kd: (sum(sims[kd[0], k2] for k2, _ in members), -kd[0]))
        st.title = central[1].title
        st.actors = [name for name, _ in Counter(e for _, d in members for e in d.entities).most_common(5)]
        st.sources = sorted({d.source for _, d in members if d.source})
    return stories
