"""Training: gold quote files -> labelled candidates -> the two boosters -> a model file; and k-fold
cross-validation by article, which never scores an article with a model that saw it.

Labels come from the scoring rule of QUOTES-GOLD.md: a quote candidate is positive when it matches a gold
quote of its kind (overlap of at least half the longer span); a speaker candidate is positive when its name
equals the matched gold quote's speaker after normalisation. Training is deterministic (one thread, fixed
seeds, LightGBM's deterministic mode), so the same gold files give the same model file, byte for byte.
"""
from __future__ import annotations

import random
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from ..eval import copies
from ..eval.quotes import Span, match, speaker_ok
from .candidates import NOBODY
from .decode import Featurized, featurize, speaker_rows
from .features import QUOTE_CATEGORICAL, QUOTE_FEATURES, SPEAKER_FEATURES, cat_keys
from .model import QuoteModel

# Few enough trees that prediction costs well under a millisecond per article; enough leaves for the
# interactions that matter (a dash after the marks AND a cue lemma AND a name).
# Each tree sees half the features and 70 % of the rows (bagging with a fixed seed: still deterministic). Chosen by
# the copy-aware cross-validation, three fold seeds: end-to-end 0.670 / 0.671 / 0.669 against 0.665 / 0.666 /
# 0.665 with 90 % of the features and every row, Telegram posts 0.652 / 0.654 / 0.645 against 0.637 / 0.633 /
# 0.638, the rest unchanged; a third of the features or a larger leaf gave the same, 500 rounds nothing more.
PARAMS = {"objective": "binary", "learning_rate": 0.05, "num_leaves": 31, "min_data_in_leaf": 10,
          "feature_fraction": 0.5, "bagging_fraction": 0.7, "bagging_freq": 1, "lambda_l2": 1.0,
          "max_cat_to_onehot": 8, "cat_smooth": 10, "min_data_per_group": 10, "verbose": -1, "num_threads": 1,
          "deterministic": True, "force_row_wise": True, "seed": 7}
ROUNDS_QUOTE = 300
ROUNDS_SPEAKER = 300
MIN_VOCAB = 3  # a word seen fewer times than this around candidates is "unknown"
# Keep a quote whose quote score is at least QUOTE_FLOOR when that score times its best speaker's score reaches
# JOINT (decode.py). Chosen by 5-fold CV over all the training gold, JOINT among 0.1-0.4 and the floor among
# 0-0.5, three fold seeds: end-to-end 0.668/0.670/0.667 against 0.660/0.665/0.660 with a quote threshold of 0.5
# and a speaker floor for candidates the rules did not propose. The floor keeps precision (0.924 against 0.918
# with none) and leaves the speaker features of unlikely candidates uncomputed.
QUOTE_FLOOR = 0.3
JOINT = 0.2


@dataclass
class Example:
    """One gold article, featurized: its candidates with labels, and speaker rows for matched candidates."""
    id: str
    text: str
    golds: list[Span]
    fz: Featurized
    view: object  # the clean view the candidates' offsets refer to, or None (the text itself)
    keys: list[tuple[str, str, str]]
    labels: list[int]
    speakers: list[tuple[list[list[float]], list[int]]] = field(default_factory=list)


def _label(fz: Featurized, golds: list[Span], text: str, view) -> tuple[list[int], dict[int, Span]]:
    labels = [0] * len(fz.cands)
    matched: dict[int, Span] = {}
    for kind in ("direct", "indirect"):
        idx = [i for i, c in enumerate(fz.cands) if c.kind == kind]
        gk = [g for g in golds if g.kind == kind]
        spans = [(fz.cands[i].start, fz.cands[i].end) for i in idx]
        if view is not None:
            spans = [view.span(a, b) for a, b in spans]
        preds = [Span(kind, a, b, "") for a, b in spans]
        for pi, gi in match(text, preds, gk):
            labels[idx[pi]] = 1
            matched[idx[pi]] = gk[gi]
    return labels, matched


def featurize_gold(rows: list[dict], analyse: Callable[[list[dict]], Iterable[tuple[dict, Featurized, object]]] = None,
                   progress: Callable[[int], None] | None = None) -> list[Example]:
    out = []
    for rec, fz, view in (analyse or analyse_gold)(rows):
        golds = rec["_gold"]
        labels, matched = _label(fz, golds, rec["text"], view)
        ex = Example(str(rec["id"]), rec["text"], golds, fz, view, [cat_keys(fz.doc, c) for c in fz.cands], labels)
        order = sorted(golds, key=lambda g: g.start)
        prev_of = {id(g): (order[n - 1].speaker if n else None) for n, g in enumerate(order)}
        for i, gold in matched.items():
            # the previous quote's speaker as decoding will have it: the gold one (teacher forcing)
            cands, srows = speaker_rows(fz.doc, fz.cands[i], prev_of[id(gold)])
            slabels = [int(c is NOBODY if gold.speaker is None else speaker_ok(c.name, gold.speaker)) for c in cands]
            # a quote none of whose candidates is right teaches the ranker too: every candidate low, so that the
            # joint threshold drops it rather than give it a wrong speaker (5-fold CV, three seeds: 0.698 / 0.696
            # / 0.692 against 0.692 / 0.691 / 0.688 when such quotes were left out)
            if srows and not all(slabels):
                ex.speakers.append((srows, slabels))
        out.append(ex)
        if progress:
            progress(1)
    return out


def build_vocab(examples: list[Example]) -> dict[str, int]:
    counts = Counter(k for ex in examples for keys in ex.keys for k in keys if not k.endswith(":"))
    return {k: i + 1 for i, k in enumerate(sorted(k for k, n in counts.items() if n >= MIN_VOCAB))}


def _quote_matrix(examples: list[Example], vocab: dict[str, int]) -> tuple[list[list[float]], list[int]]:
    X, y = [], []
    for ex in examples:
        for row, keys, lab in zip(ex.fz.rows, ex.keys, ex.labels):
            X.append(_with_vocab(row, keys, vocab))
            y.append(lab)
    return X, y


def _with_vocab(row: list[float], keys: tuple[str, str, str], vocab: dict[str, int]) -> list[float]:
    row = list(row)
    for col, k in zip(QUOTE_CATEGORICAL, keys):
        row[col] = float(vocab.get(k, 0))
    return row


def fit(examples: list[Example], meta: dict | None = None) -> QuoteModel:
    from ..boosterfile import lightgbm
    lgb = lightgbm()
    import numpy as np

    if not any(any(ex.labels) for ex in examples):
        raise ValueError("the gold files hold no quote the candidates can match: nothing to learn from")
    vocab = build_vocab(examples)
    X, y = _quote_matrix(examples, vocab)
    qd = lgb.Dataset(np.asarray(X, dtype=np.float64), np.asarray(y), feature_name=_names(QUOTE_FEATURES), categorical_feature=QUOTE_CATEGORICAL,
                     free_raw_data=False)
    qb = lgb.train(PARAMS, qd, num_boost_round=ROUNDS_QUOTE)
    SX = [r for ex in examples for rows, _ in ex.speakers for r in rows]
    Sy = [v for ex in examples for _, labs in ex.speakers for v in labs]
    if not SX:
        raise ValueError("the gold files hold no quote whose speaker is among the candidates: nothing to learn from")
    sd = lgb.Dataset(np.asarray(SX, dtype=np.float64), np.asarray(Sy), feature_name=_names(SPEAKER_FEATURES), free_raw_data=False)
    sb = lgb.train(PARAMS, sd, num_boost_round=ROUNDS_SPEAKER)
    info = {"articles": len(examples), "quote_rows": len(X), "quote_positives": sum(y),
            "speaker_rows": len(SX), "speaker_groups": sum(len(ex.speakers) for ex in examples)}
    return QuoteModel(qb, sb, vocab, threshold=QUOTE_FLOOR, meta={**(meta or {}), **info}, joint=JOINT)


def _names(names: list[str]) -> list[str]:
    # LightGBM allows only [A-Za-z0-9_] in feature names
    return ["".join(ch if ch.isalnum() and ch.isascii() else "_" for ch in n) + f"_{i}" for i, n in enumerate(names)]


def copy_groups(examples: list[Example]) -> dict[str, str]:
    """Each article's group of copies (eval/copies.py): a fold that trains on a post's copy scores the model on
    text it has seen."""
    return copies.copy_groups({ex.id: ex.fz.doc.text for ex in examples})


def folds(examples: list[Example], k: int, seed: int = 13, groups: dict[str, str] | None = None
          ) -> list[list[Example]]:
    """k folds by article, the same for the same ids whatever their order in the files; an article and its
    copies (`copy_groups`, or `groups` when the caller has them already) always in one fold."""
    group = groups if groups is not None else copy_groups(examples)
    fold_of = copies.deal(group.values(), k, seed)
    return [[ex for ex in examples if fold_of[group[ex.id]] == f] for f in range(k)]


def predict(model: QuoteModel, ex: Example) -> list[Span]:
    """The model's quotes for a featurized article, as scorer spans in the article's own offsets."""
    from .decode import decode
    fz = Featurized(ex.fz.doc, ex.fz.cands, [_with_vocab(r, k, model.vocab) for r, k in zip(ex.fz.rows, ex.keys)])
    out = []
    for q in decode(fz, model):
        a, b = ex.view.span(q.start, q.end) if ex.view is not None else (q.start, q.end)
        out.append(Span(q.kind, a, b, ex.text[a:b], q.speaker, q.cue))
    return out


def cross_validate(examples: list[Example], k: int = 5, fractions: tuple[float, ...] = (1.0,),
                   seed: int = 13, progress: Callable[[int], None] | None = None,
                   groups: dict[str, str] | None = None) -> dict[float, dict[str, list[Span]]]:
    """Out-of-fold predictions: each article is predicted by a model trained on the other folds (or on a
    share of them, for a learning curve). Returns {fraction: {article id: predicted spans}}. `groups`: the
    articles' `copy_groups`, when the caller has them already."""
    parts = folds(examples, k, seed, groups)
    out: dict[float, dict[str, list[Span]]] = {f: {} for f in fractions}
    for i, test in enumerate(parts):
        train = [ex for j, p in enumerate(parts) if j != i for ex in p]
        for frac in fractions:
            model = fit(train if frac >= 1.0 else _share(train, frac, seed + i))
            for ex in test:
                out[frac][ex.id] = predict(model, ex)
        if progress:
            progress(1)
    return out


def _share(train: list[Example], frac: float, seed: int) -> list[Example]:
    ids = sorted({ex.id for ex in train})
    random.Random(seed).shuffle(ids)
    keep = set(ids[:max(1, round(len(ids) * frac))])
    return [ex for ex in train if ex.id in keep]




def analyse_gold(rows: list[dict], lexicon=None, roles=None, chunk: int = 64):
    """(gold row, Featurized, clean view or None) for each row: the analysis `analyze` runs, up to the quote
    candidates, on the same clean view (Telegram markup and footers out)."""
    from itertools import islice

    from ..analyze import _view, entities_of
    from ..eval.gold import gold_article
    from ..extract.lexicon import default_lexicon
    from ..nlp.pipeline import parse_many

    lexicon = lexicon or default_lexicon()
    it = iter(rows)
    while batch := list(islice(it, chunk)):
        arts = [gold_article(r) for r in batch]
        views = [_view(a, True) for a in arts]
        texts = [v.text if v else a.text for a, v in zip(arts, views)]
        for rec, art, view, parsed in zip(batch, arts, views, parse_many(texts)):
            # the channel that posted it, as ingest gives it: its own name is no entity, and the model must learn
            # on the entities it will meet
            parsed, entities = entities_of(parsed, art.published, source=art.source)
            yield rec, featurize(parsed, entities, art.published, lexicon, roles, {}), view


def error_classes(examples: list[Example], predicted: dict[str, list[Span]]) -> Counter:
    """Where the errors of out-of-fold predictions come from, by class: for each missed gold quote whether
    a candidate existed (and the model rejected it, or its boundaries or kind differ) or none did; for each
    spurious quote the candidate source that proposed it; for each wrong speaker whether the right one was
    among the candidates (the ranker's error) or not (the candidates', and whether the gold names it)."""
    out: Counter = Counter()
    for ex in examples:
        preds = predicted.get(ex.id, [])
        spans = [(c, *(ex.view.span(c.start, c.end) if ex.view is not None else (c.start, c.end)))
                 for c in ex.fz.cands]
        order = sorted(ex.golds, key=lambda g: g.start)
        prev_of = {id(g): (order[n - 1].speaker if n else None) for n, g in enumerate(order)}
        for kind in ("direct", "indirect"):
            gk = [g for g in ex.golds if g.kind == kind]
            pk = [p for p in preds if p.kind == kind]
            pairs = match(ex.text, pk, gk)
            for pi, gi in pairs:
                g, p = gk[gi], pk[pi]
                if g.speaker is None or speaker_ok(p.speaker, g.speaker):
                    continue
                cand = next((c for c, a, b in spans if (a, b) == (p.start, p.end) and c.kind == kind), None)
                names = [s.name for s in speaker_rows(ex.fz.doc, cand, prev_of[id(g)])[0]] if cand else []
                where = ("ranked below another candidate" if any(speaker_ok(n, g.speaker) for n in names)
                         else "not among the candidates")
                out[f"speaker wrong: {where}"] += 1
            got = {gi for _, gi in pairs}
            for gi, g in enumerate(gk):
                if gi in got:
                    continue
                same = [(c, a, b) for c, a, b in spans if c.kind == kind and a < g.end and g.start < b]
                other = [c for c, a, b in spans if c.kind != kind and a < g.end and g.start < b]
                if same and match(ex.text, [Span(kind, a, b, "") for _, a, b in same], [g]):
                    out[f"{kind} missed: a candidate the model rejected"] += 1
                elif same:
                    out[f"{kind} missed: candidate boundaries differ"] += 1
                elif other:
                    out[f"{kind} missed: found as the other kind"] += 1
                else:
                    out[f"{kind} missed: no candidate"] += 1
            used = {pi for pi, _ in pairs}
            for pi, p in enumerate(pk):
                if pi not in used:
                    cand = next((c for c, a, b in spans if (a, b) == (p.start, p.end) and c.kind == kind), None)
                    out[f"{kind} spurious: from {cand.origin if cand else '?'} candidates"] += 1
    return out
