"""Scores of a clustering against gold clusters: pairwise and B³ precision, recall and F1; and the baseline
the issue asks for, plain TF-IDF (word forms, no lemmas, no entities) with agglomerative clustering."""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from .gold import GoldFileError, json_lines  # noqa: F401  (GoldFileError: what load_gold raises)


def _lacks(row) -> str | None:
    return None if isinstance(row, dict) and row.get("id") and row.get("story") else "needs 'id' and 'story'"


def load_gold(path: str) -> list[dict]:
    return [row for _, row in json_lines(path, _lacks)]


def _clusters(labels: dict[str, str]) -> dict[str, set[str]]:
    groups: dict[str, set[str]] = defaultdict(set)
    for item, lab in labels.items():
        groups[lab].add(item)
    return groups


def pairwise(pred: dict[str, str], gold: dict[str, str]) -> tuple[float, float, float]:
    items = sorted(gold)
    def pairs(labels: dict[str, str]) -> set[tuple[str, str]]:
        out = set()
        for members in _clusters({i: labels[i] for i in items}).values():
            ms = sorted(members)
            out.update((a, b) for k, a in enumerate(ms) for b in ms[k + 1:])
        return out
    p, g = pairs(pred), pairs(gold)
    prec = len(p & g) / len(p) if p else 1.0
    rec = len(p & g) / len(g) if g else 1.0
    return prec, rec, (2 * prec * rec / (prec + rec) if prec + rec else 0.0)


def bcubed(pred: dict[str, str], gold: dict[str, str]) -> tuple[float, float, float]:
    items = sorted(gold)
    pc, gc = _clusters({i: pred[i] for i in items}), _clusters({i: gold[i] for i in items})
    prec = sum(len(pc[pred[i]] & gc[gold[i]]) / len(pc[pred[i]]) for i in items) / len(items)
    rec = sum(len(pc[pred[i]] & gc[gold[i]]) / len(gc[gold[i]]) for i in items) / len(items)
    return prec, rec, (2 * prec * rec / (prec + rec) if prec + rec else 0.0)


def tfidf_agglomerative(texts: dict[str, str], distance: float) -> dict[str, str]:
    """The baseline: each text a TF-IDF vector of its word forms, clustered by average-link agglomeration
    under a cosine distance threshold."""
    from sklearn.cluster import AgglomerativeClustering
    from sklearn.feature_extraction.text import TfidfVectorizer
    ids = sorted(texts)
    if len(ids) < 2:
        return {i: i for i in ids}
    X = TfidfVectorizer(sublinear_tf=True).fit_transform([texts[i] for i in ids]).toarray()
    # a text with no word (a link, emoji) has no direction to compare: a cluster of its own
    words = [k for k in range(len(ids)) if X[k].any()]
    out = {i: f"alone:{i}" for i in ids}
    if len(words) >= 2:
        labels = AgglomerativeClustering(n_clusters=None, metric="cosine", linkage="average",
                                         distance_threshold=distance).fit_predict(X[words])
        out.update({ids[k]: f"b{lab}" for k, lab in zip(words, labels)})
    return out


def labels_of(clusters: Iterable[Iterable[str]]) -> dict[str, str]:
    return {m: f"c{k}" for k, members in enumerate(clusters) for m in members}


def day_articles(rows: list[dict], corpus: dict[str, dict]) -> list:
    """The articles of one gold day, from the posts file (`corpus`: id → post row)."""
    from ..ingest.readers import parse_published
    from ..model import Article

    return [Article(id=r["id"], text=corpus[r["id"]]["text"], source=corpus[r["id"]].get("source"),
                    published=parse_published(corpus[r["id"]]["published"]) if corpus[r["id"]].get("published")
                    else None) for r in rows]


def day_documents(articles: list, knowledge=None) -> list:
    """What stories compare, for the articles of a gold day (each analysed for its entities, with `knowledge`:
    the run's roles and gazetteer; default the shipped ones)."""
    from ..analyze import analyze_many
    from ..stories import document

    gaz = knowledge.gazetteer if knowledge else None
    return [document(a, an, gazetteer=gaz) for a, an in zip(articles, analyze_many(articles, knowledge=knowledge))]
