"""NER scores against the gold files of shared/data/ner, by the rule of the naeval benchmark.

naeval's rule (shared/data/ner/README.md): map the gold types to PER/LOC/ORG, drop the rest, reduce
overlapping spans to the outermost (leftmost first), drop spans that do not start and end on razdel token
boundaries, then IO-tag every razdel token per type and count precision and recall over tokens, micro-averaged
over all articles. Partial overlaps get partial credit. Entity-level exact span+type F1 is reported beside it.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from razdel import tokenize

from .gold import GoldFileError, json_lines  # noqa: F401  (GoldFileError: what load_gold raises)

TYPES = ("PER", "LOC", "ORG")
# NEREL's fine types, coarsened as naeval coarsens other corpora; everything else is not scored.
NEREL_TYPES = {"PERSON": "PER", "ORGANIZATION": "ORG", "COUNTRY": "LOC", "CITY": "LOC",
               "STATE_OR_PROVINCE": "LOC", "DISTRICT": "LOC", "LOCATION": "LOC",
               "PER": "PER", "LOC": "LOC", "ORG": "ORG"}

Span = tuple[int, int, str]  # start, end, type


def load_gold(path: str) -> list[dict]:
    rows = json_lines(path, lambda row: None if isinstance(row, dict) and {"text", "entities"} <= row.keys()
                      else "needs 'text' and 'entities'")
    for n, row in rows:
        row.setdefault("id", f"{path}:{n}")
    return [row for _, row in rows]


def outermost(spans: Iterable[Span]) -> list[Span]:
    """naeval's filter_overlapping_spans: sorted by (start, -end), a span overlapping the last kept one goes."""
    kept: list[Span] = []
    for s in sorted(spans, key=lambda s: (s[0], -s[1])):
        if kept and kept[-1][1] > s[0]:
            continue
        kept.append(s)
    return kept


def _tokens(text: str) -> list[tuple[int, int]]:
    return [(t.start, t.stop) for t in tokenize(text)]


def aligned(spans: Iterable[Span], tokens: list[tuple[int, int]]) -> list[Span]:
    starts = {a for a, _ in tokens}
    stops = {b for _, b in tokens}
    return [s for s in spans if s[0] in starts and s[1] in stops]


def gold_spans(row: dict, tokens: list[tuple[int, int]] | None = None) -> list[Span]:
    out = []
    for e in row["entities"]:
        t = NEREL_TYPES.get(e["type"])
        if t is None:
            continue
        for a, b in e.get("fragments") or [(e["start"], e["end"])]:
            out.append((a, b, t))
    return aligned(outermost(out), tokens if tokens is not None else _tokens(row["text"]))


def adapt_pred(spans: Iterable[Span], tokens: list[tuple[int, int]]) -> list[Span]:
    return aligned(outermost(s for s in spans if s[2] in TYPES), tokens)


def _io(tokens: list[tuple[int, int]], spans: list[Span], type_: str) -> list[bool]:
    """naeval's spans_io for one type: a token is inside once it starts at or after the current span's start."""
    sel = [s for s in spans if s[2] == type_]
    out = []
    k = 0
    for a, b in tokens:
        inside = False
        if k < len(sel):
            if a >= sel[k][0]:
                inside = True
            if b >= sel[k][1]:
                k += 1
        out.append(inside)
    return out


@dataclass
class Counts:
    pred: int = 0
    gold: int = 0
    hit: int = 0

    def add(self, pred: int, gold: int, hit: int) -> None:
        self.pred += pred
        self.gold += gold
        self.hit += hit

    @property
    def p(self) -> float:
        return self.hit / self.pred if self.pred else 0.0

    @property
    def r(self) -> float:
        return self.hit / self.gold if self.gold else 0.0

    @property
    def f1(self) -> float:
        return 2 * self.p * self.r / (self.p + self.r) if self.p + self.r else 0.0


@dataclass
class Report:
    token: dict[str, Counts] = field(default_factory=lambda: {t: Counts() for t in TYPES})
    exact: dict[str, Counts] = field(default_factory=lambda: {t: Counts() for t in TYPES})
    articles: int = 0


def score_article(report: Report, text: str, pred: list[Span], gold: list[Span],
                  tokens: list[tuple[int, int]]) -> None:
    pred = adapt_pred(pred, tokens)
    report.articles += 1
    for t in TYPES:
        p_io, g_io = _io(tokens, pred, t), _io(tokens, gold, t)
        report.token[t].add(sum(p_io), sum(g_io), sum(1 for x, y in zip(p_io, g_io) if x and y))
        ps = {s for s in pred if s[2] == t}
        gs = {s for s in gold if s[2] == t}
        report.exact[t].add(len(ps), len(gs), len(ps & gs))


def evaluate(rows: list[dict], predict: Callable[[list[dict]], list[list[Span]]]) -> Report:
    report = Report()
    preds = predict(rows)
    for row, pred in zip(rows, preds):
        tokens = _tokens(row["text"])
        score_article(report, row["text"], pred, gold_spans(row, tokens), tokens)
    return report


def natasha_predict(rows: list[dict]) -> list[list[Span]]:
    """Plain Natasha: NewsNERTagger over each whole text, as naeval runs it."""
    from ..nlp.pipeline import Models
    ner = Models.get().ner
    return [[(s.start, s.stop, s.type) for s in ner(r["text"]).spans] for r in rows]


def svodka_predict(rows: list[dict], knowledge=None) -> list[list[Span]]:
    """svodka's analysis (with `knowledge`, default the shipped one): the name mentions of its PER/LOC/ORG
    entities (titles and pronouns are not names)."""
    from ..analyze import analyze_many
    from .gold import gold_article
    arts = [gold_article(r) for r in rows]
    out = []
    for an in analyze_many(arts, knowledge=knowledge):
        out.append([(m.start, m.end, e.type) for e in an.entities for m in e.mentions
                    if m.kind in ("name", "surname") and e.type in TYPES])
    return out


PREDICTORS = {"svodka": svodka_predict, "natasha": natasha_predict}


def learned_predict(rows: list[dict], knowledge=None) -> list[list[Span]]:
    """svodka's analysis with the learned NER layer on (the model of `knowledge`, default the shipped one)."""
    from dataclasses import replace

    from ..knowledge import current_knowledge
    return svodka_predict(rows, replace(knowledge or current_knowledge(), learned_ner=True))


PREDICTORS["svodka+ner"] = learned_predict


def repaired_predict(rows: list[dict], knowledge=None) -> list[list[Span]]:
    """svodka's analysis with the learned NER layer off: Slovnet and the hand repair alone."""
    from dataclasses import replace

    from ..knowledge import current_knowledge
    return svodka_predict(rows, replace(knowledge or current_knowledge(), learned_ner=False))


PREDICTORS["svodka-nolayer"] = repaired_predict


def entity_spans(parsed, knowledge) -> list[Span]:
    """The name mentions of the PER/LOC/ORG entities of one parsed text, as `svodka_predict` reads them from
    the analysis: the entity stage's, less what leaves the analysis after the quotes (`without_generic`)."""
    from ..analyze import entities_of
    from ..extract.not_entities import without_generic
    _, entities = entities_of(parsed, None, knowledge)
    entities, _, _ = without_generic(entities, [], [])
    return [(m.start, m.end, e.type) for e in entities for m in e.mentions
            if m.kind in ("name", "surname") and e.type in TYPES]


def cross_validate(rows: list[dict], k: int, knowledge=None,
                   progress: Callable[[int], None] | None = None) -> dict[str, Report]:
    """k-fold cross-validation of the learned NER layer by article: each article is scored by a model
    trained on the other folds, beside svodka without the layer ("svodka-nolayer") and plain Natasha on the
    same articles."""
    from dataclasses import replace

    from ..knowledge import current_knowledge
    from ..nermodel.train import featurize_gold, fit, folds
    kn = knowledge or current_knowledge()
    examples = featurize_gold(rows, kn.gazetteer, progress)
    reports = {"svodka+ner": Report(), "svodka-nolayer": Report(), "natasha": Report()}
    base = replace(kn, learned_ner=False)
    for fold in folds([e.id for e in examples], k):
        model = fit([e for e in examples if e.id not in fold])
        learned = replace(kn, learned_ner=True, ner_model=model)
        for row, ex in zip(rows, examples):
            if ex.id not in fold:
                continue
            tokens = _tokens(row["text"])
            gold = gold_spans(row, tokens)
            for name, know in (("svodka+ner", learned), ("svodka-nolayer", base)):
                score_article(reports[name], row["text"], entity_spans(ex.art.parsed, know), gold, tokens)
    for row, pred in zip(rows, natasha_predict(rows)):
        tokens = _tokens(row["text"])
        score_article(reports["natasha"], row["text"], pred, gold_spans(row, tokens), tokens)
    return reports
