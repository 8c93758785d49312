"""Training the about-model: gold date-and-figure files → each gold figure matched to the figure svodka finds
there → its candidates labelled by the gold `about` (a noun is right when its lemma is the lemma of the
gold phrase's first word; the empty candidate when the gold has none) → one booster that ranks the candidates
of each figure against each other (LambdaRank, one query a figure). And k-fold
cross-validation by article, which never scores an article with a model that saw it.

Deterministic (one thread, fixed seed, LightGBM's deterministic mode): the same gold files give the same
model file, byte for byte.
"""
from __future__ import annotations

import random
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from ..eval.copies import deal
from ..eval.dates import _head, _same_number, _unit
from ..nlp.words import lemma
from .candidates import Candidates
from .decode import choose
from .features import FEATURES
from .model import AboutModel

# A ranking objective, not a binary one: only the order of one figure's candidates decides, so the booster is
# trained on that order (is this noun above the empty choice and the other nouns of its sentence?) rather than
# on each candidate alone, where «nothing named» wins by being the most frequent label. The truncation level
# weighs the swaps near the top, which the decoder reads, over those among the also-rans.
PARAMS = {"objective": "lambdarank", "lambdarank_truncation_level": 3, "learning_rate": 0.05, "num_leaves": 15,
          "min_data_in_leaf": 10, "feature_fraction": 0.9, "lambda_l2": 1.0, "verbose": -1, "num_threads": 1,
          "deterministic": True, "force_row_wise": True, "seed": 7}
ROUNDS = 200


@dataclass
class Example:
    """One gold figure: the candidates of the figure svodka found over it, their labels, and what the gold
    and the rules say it measures."""
    article: str
    c: Candidates | None
    rows: list[list[float]]
    labels: list[int]
    gold: str | None  # lemma of the gold about's first word
    rule: str | None  # the hand rules' answer, the same way
    value_unit_ok: bool  # whether svodka's value and unit of this figure are right (for end-to-end scores)


def _overlap(a: tuple[int, int], b: tuple[int, int]) -> int:
    return max(0, min(a[1], b[1]) - max(a[0], b[0]))


def featurize_gold(gold_rows: list[dict], progress: Callable[[int], None] | None = None,
                   knowledge=None) -> list[list[Example]]:
    """Per article, its gold figures as examples (a figure svodka does not find has no candidates). `knowledge`:
    the gazetteer and roles the entities are found with (default: the shipped ones), as analysis uses them."""
    from ..analyze import _view, entities_of
    from ..eval.gold import gold_article
    from ..extract.dates import find_dates
    from ..extract.figures import find_figures
    from ..nlp.pipeline import parse_many

    out: list[list[Example]] = []
    arts = [gold_article(r) for r in gold_rows]
    for start in range(0, len(arts), 32):
        chunk = arts[start:start + 32]
        views = [_view(a, True) for a in chunk]
        parsed = parse_many([v.text if v else a.text for a, v in zip(chunk, views)])
        for row, a, view, p in zip(gold_rows[start:start + 32], chunk, views, parsed):
            p, ents = entities_of(p, a.published, knowledge, a.source)
            inputs: dict[int, object] = {}
            figs = find_figures(p, ents, find_dates(p.text, a.published, p),
                                on_about=lambda i, got: inputs.__setitem__(i, got))

            def orig(x):
                return view.span(x.start, x.end) if view is not None else (x.start, x.end)
            examples = []
            for g in row["figures"]:
                gold = _head(g.get("about"))
                k = max(range(len(figs)), key=lambda j: _overlap(orig(figs[j]), (g["start"], g["end"])), default=None)
                if k is None or not _overlap(orig(figs[k]), (g["start"], g["end"])) or inputs.get(k) is None:
                    examples.append(Example(str(row["id"]), None, [], [], gold, None, False))
                    continue
                best = figs[k]
                c, feats = inputs[k]
                labels = [int(gold is None)] + [int(gold is not None and lemma(c.tokens[i].text) == gold)
                                                for i in c.nouns]
                ok = _same_number(best.value, g.get("value")) and _unit(best.unit) == _unit(g.get("unit"))
                examples.append(Example(str(row["id"]), c, feats, labels, gold, _head(best.about), ok))
            out.append(examples)
        if progress:
            progress(len(chunk))
    return out


def fit(articles: Iterable[list[Example]], meta: dict | None = None) -> AboutModel:
    from ..boosterfile import lightgbm
    lgb = lightgbm()
    import numpy as np

    examples = [ex for a in articles for ex in a if ex.rows]
    X = [r for ex in examples for r in ex.rows]
    y = [v for ex in examples for v in ex.labels]
    if not X or not any(y):
        raise ValueError("the gold files hold no figure svodka finds: nothing to learn from")
    names = ["".join(ch if ch.isalnum() and ch.isascii() else "_" for ch in n) for n in FEATURES]
    data = lgb.Dataset(np.asarray(X, dtype=np.float64), np.asarray(y), feature_name=names, free_raw_data=False,
                       group=[len(ex.rows) for ex in examples])  # a query: one figure's candidates
    booster = lgb.train(PARAMS, data, num_boost_round=ROUNDS)
    return AboutModel(booster, meta={**(meta or {}), "rows": len(X), "positives": int(sum(y))})


def predict(model: AboutModel, ex: Example) -> str | None:
    i = choose(model.scores(ex.rows), ex.c) if ex.c else None
    return lemma(ex.c.tokens[i].text) if i is not None else None


def cross_validate(articles: list[list[Example]], k: int, seed: int = 7,
                   groups: list[str] | None = None) -> list[tuple[Example, str | None]]:
    """Every example with the head the model trained on the other folds predicts for it. `groups`: each
    article's group of copies (eval/copies.py), kept in one fold; without it every article is its own."""
    order = list(range(len(articles)))
    if groups is None:
        random.Random(seed).shuffle(order)
        folds = [order[i::k] for i in range(k)]
    else:
        fold_of = deal(groups, k, seed)
        folds = [[i for i in order if fold_of[groups[i]] == f] for f in range(k)]
    out = []
    for held in folds:
        held_set = set(held)
        model = fit([articles[i] for i in order if i not in held_set])
        for i in held:
            out += [(ex, predict(model, ex)) for ex in articles[i]]
    return out


def scores(results: list[tuple[Example, str | None]]) -> dict[str, float]:
    """Share of gold figures whose measured noun is right, by the model and by the hand rules; and the
    end-to-end share (found, value and unit right, measured noun right) for each."""
    n = len(results) or 1
    return {
        "figures": len(results),
        "about_model": sum(ex.c is not None and p == ex.gold for ex, p in results) / n,
        "about_rules": sum(ex.c is not None and ex.rule == ex.gold for ex, _ in results) / n,
        "figure_model": sum(ex.value_unit_ok and p == ex.gold for ex, p in results) / n,
        "figure_rules": sum(ex.value_unit_ok and ex.rule == ex.gold for ex, _ in results) / n,
    }
