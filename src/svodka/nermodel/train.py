"""Training: NER gold files -> token labels over svodka's own tokens -> one booster -> a model file; and
k-fold cross-validation by article, which never scores an article with a model trained on it.

Gold spans are read as `svodka eval ner` scores them (eval/ner.py: NEREL's fine types coarsened to
PER/LOC/ORG, outermost spans). A gold span with no capital letter, digit or Latin letter in it (NEREL's
«российских», «правительство», «полиции») is taken as outside: svodka's names carry a capital, as
factRuEval's and naeval's do. Only the scored candidates are training rows (features.SURE: a token Slovnet,
the repair and Slovnet's CRF all agree on is never asked about). Training is deterministic (one thread, fixed seed, LightGBM's deterministic
mode), so the same gold files give the same model file, byte for byte.
"""
from __future__ import annotations

import random
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from bisect import bisect_left

from ..eval.ner import NEREL_TYPES, outermost
from ..nlp.words import never_a_name
from ..nlp.gazetteer import Gazetteer, default_gazetteer
from .features import CATEGORICAL, CLASSES, FEATURES, Article, _cap, analyse, matrix
from .model import NerModel

PARAMS = {"objective": "multiclass", "num_class": len(CLASSES), "learning_rate": 0.25, "num_leaves": 31,
          "min_data_in_leaf": 20, "feature_fraction": 0.8, "lambda_l2": 1.0, "max_cat_to_onehot": 8,
          "cat_smooth": 10, "cat_l2": 10, "min_data_per_group": 20, "max_cat_threshold": 64, "verbose": -1,
          "num_threads": 1, "deterministic": True, "force_row_wise": True, "seed": 7}
ROUNDS = 60
# how sure the booster must be to change the repaired reading of a token: chosen by the NEREL
# cross-validation (token F1 is flat from 0.5 to 0.9; 0.6 is its best), never by the factRuEval figure
OVERRIDE = 0.6
# NEREL types whose tokens keep the taggers' reading in training (labels_of): their conventions differ between
# corpora (factRuEval calls streets places and the Internet and Facebook organisations; NEREL calls them
# facilities and products)
UNLEARNT = frozenset({"FACILITY", "PRODUCT", "WORK_OF_ART"})
MIN_VOCAB = 5  # a lemma or suffix seen fewer times than this among candidate tokens is "unknown"
MAX_VOCAB = 3000


@dataclass
class Example:
    id: str
    art: Article
    labels: list[int]  # class per token (0 outside)


def training_spans(row: dict) -> tuple[list[tuple[int, int, str]], list[tuple[int, int]]]:
    """The gold names svodka learns from, and the stretches where it learns to keep the taggers' reading.

    Gold spans are coarsened as `svodka eval ner` scores them, with two readings of svodka's own: a place or
    organisation span that starts with a lower-case word is not a name (NEREL's «российских», «правительства
    США», «сборной Бразилии»), so the names nested in it are the names there («США», «Бразилии»), as
    factRuEval annotates them; and NEREL's facilities, products and works (`UNLEARNT`: «Кронштадтский
    бульвар», «Facebook») are labelled with the repaired reading (`labels_of`), so the layer neither learns
    to drop nor to add them."""
    text = row["text"]
    spans, skip = [], []
    for e in row["entities"]:
        t = NEREL_TYPES.get(e["type"])
        frags = e.get("fragments") or [(e["start"], e["end"])]
        if e["type"] in UNLEARNT:
            skip.extend((a, b) for a, b in frags)
        if t is None:
            continue
        for a, b in frags:
            if t in ("LOC", "ORG") and text[a:a + 1].islower():
                continue
            spans.append((a, b, t))
    return outermost(spans), skip


def labels_of(art: Article, row: dict) -> list[int]:
    """Each token's class (0 outside).

    A token of a NEREL facility, product or work (`UNLEARNT`) is labelled with its repaired class: the layer
    is taught to keep the taggers' reading there. Leaving such tokens out of training (as the first model
    did) left the booster free to guess, and it guessed ORG for what no training row covered: spacecraft
    («Союз ТМА-12»), the ISS, which the gazetteer makes a facility. Its own type's spans (PER/LOC/ORG)
    still win over it where both are annotated."""
    from .decode import repaired_class
    toks = art.parsed.tokens
    labels = [0] * len(toks)
    starts = [t.start for t in toks]
    spans, skip = training_spans(row)
    for a, b in skip:
        k = bisect_left(starts, a)
        while k < len(toks) and toks[k].end <= b:
            labels[k] = repaired_class(art.repaired_tags[k])
            k += 1
    for a, b, t in spans:
        k = bisect_left(starts, a)
        inside = []
        while k < len(toks) and toks[k].end <= b:
            inside.append(k)
            k += 1
        # a capital that only starts a sentence («Полиция …») does not make a name
        if not any(_cap(toks[m].text) and not (m == inside[0] and art.base_sent_start(m) and never_a_name(toks[m].text))
                   for m in inside):
            continue
        for m in inside:
            labels[m] = CLASSES.index(t)
    return labels


def featurize_gold(rows: list[dict], gazetteer: Gazetteer | None = None,
                   progress: Callable[[int], None] | None = None, batch: int = 32) -> list[Example]:
    """Parse, repair and featurize the gold articles (the slow part: Slovnet and the repair)."""
    from ..extract.ner_fix import repair
    from ..nlp.pipeline import parse_many
    gaz = gazetteer or default_gazetteer()
    out = []
    for k in range(0, len(rows), batch):
        chunk = rows[k:k + batch]
        for row, parsed in zip(chunk, parse_many([r["text"] for r in chunk])):
            art = analyse(parsed, repair(parsed, gaz), gaz)
            out.append(Example(str(row["id"]), art, labels_of(art, row)))
        if progress:
            progress(len(chunk))
    return out


def build_vocab(examples: list[Example]) -> dict[str, dict[str, int]]:
    vocab = {}
    for name in ("lemma", "suffix"):
        counts: Counter = Counter()
        for ex in examples:
            words = ex.art.lemmas if name == "lemma" else ex.art.suffixes
            counts.update(words[i] for i in ex.art.cand if words[i])
        common = sorted((w for w, c in counts.items() if c >= MIN_VOCAB), key=lambda w: (-counts[w], w))[:MAX_VOCAB]
        vocab[name] = {w: k + 1 for k, w in enumerate(sorted(common))}
    return vocab


def fit(examples: list[Example], rounds: int = ROUNDS, meta: dict | None = None) -> NerModel:
    """A model trained on `examples` (deterministic: the same examples give the same bytes)."""
    import lightgbm as lgb
    if not examples:
        raise ValueError("no training articles")
    vocab = build_vocab(examples)
    xs, ys = [], []
    for ex in examples:
        if ex.art.scored:
            y = np.asarray([ex.labels[i] for i in ex.art.scored])
            xs.append(matrix(ex.art, vocab)[y >= 0])
            ys.append(y[y >= 0])
    x, y = np.vstack(xs), np.concatenate(ys)
    if len(set(y.tolist())) < 2:
        raise ValueError("the gold files hold no PER/LOC/ORG names")
    data = lgb.Dataset(x, y, feature_name=[f.replace("@", "_at_").replace("+", "p").replace("-", "m") for f in FEATURES],
                       categorical_feature=CATEGORICAL, free_raw_data=True, params={"verbose": -1})
    booster = lgb.train(PARAMS, data, num_boost_round=rounds)
    missed = sum(1 for ex in examples for i, c in enumerate(ex.labels) if c > 0 and i not in set(ex.art.cand))
    m = {"articles": len(examples), "rows": int(len(y)), "rounds": rounds,
         "labels": {CLASSES[c]: int(n) for c, n in sorted(Counter(y.tolist()).items())},
         "gold_tokens_not_candidates": missed, **(meta or {})}
    return NerModel(booster, vocab, meta=m, override=OVERRIDE)


def folds(ids: list[str], k: int, seed: int = 13) -> list[set[str]]:
    """k disjoint sets of article ids, shuffled with a fixed seed."""
    order = sorted(set(ids))
    random.Random(seed).shuffle(order)
    return [set(order[i::k]) for i in range(k)]
