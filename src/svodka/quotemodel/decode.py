"""Decoding: candidates and their scores become the article's `Quote`s.

Of two candidates of one kind that overlap, the higher-scoring one stays (the gold never has overlapping
quotes of one kind), and a bare mark pair inside a kept reported clause is that clause's quoted fragment, not a
quote of its own. A candidate needs a quote score at or above the model's quote threshold; it then takes the
speaker candidate the speaker model scores highest, and is kept when its quote score times that speaker's
score reaches the model's joint threshold: a quote counts only with its speaker. (A model file from before the
joint threshold keeps every candidate at or above its quote threshold, and one the rules did not propose only
with a speaker scored at or above its speaker floor.)
"""
from __future__ import annotations

from bisect import bisect_left
from collections.abc import Generator
from dataclasses import dataclass, replace
from datetime import date, datetime

from ..extract.lexicon import Lexicon, default_lexicon
from ..extract.spans import Disjoint
from ..link.roles import Roles
from ..model import Entity, Quote
from ..nlp.pipeline import Parsed
from .candidates import NOBODY, Doc, QuoteCand, SpeakerCand, cue_near, quote_candidates, speaker_candidates
from .features import cue_lemmas, quote_features, speaker_features
from .model import QuoteModel, default_model


@dataclass
class Featurized:
    doc: Doc
    cands: list[QuoteCand]
    rows: list[list[float]]


def featurize(parsed: Parsed, entities: list[Entity], published: date | datetime | None, lexicon: Lexicon,
              roles: Roles | None, vocab: dict[str, int]) -> Featurized:
    doc, cands = quote_candidates(parsed, entities, published, lexicon, roles)
    n_rules = len(doc.rules)
    return Featurized(doc, cands, [quote_features(doc, c, vocab, n_rules) for c in cands])


def speaker_rows(doc: Doc, q: QuoteCand, prev: str | None = None) -> tuple[list[SpeakerCand], list[list[float]]]:
    """Speaker candidates of `q` and their features; `prev` is the speaker given to the quote before it."""
    cands = speaker_candidates(doc, q, prev)
    if not cands:
        return cands, []
    i = bisect_left(doc.rule_spans.starts, q.start) - 1
    prev_rule = doc.rules[i].speaker_entity if i >= 0 else None
    return cands, speaker_features(doc, q, cands, prev_rule, doc.rule_counts)


def select(cands: list[QuoteCand], scores: list[float], threshold: float) -> list[QuoteCand]:
    """Kept candidates, no two of one kind overlapping, no bare pair inside a kept reported clause."""
    order = sorted(range(len(cands)), key=lambda i: -scores[i])
    kept: list[QuoteCand] = []
    spans = {"direct": Disjoint(), "indirect": Disjoint()}
    taken: set[tuple[int, int]] = set()  # a span is one quote, of one kind: a twin and its sibling exclude
    for i in order:
        c = cands[i]
        if scores[i] < threshold:
            break
        if spans[c.kind].overlaps(c.start, c.end) or (c.start, c.end) in taken:
            continue
        taken.add((c.start, c.end))
        if c.origin not in ("rule", "twin") and spans["indirect"].encloses(c.start, c.end):
            continue
        spans[c.kind].add(c.start, c.end)
        kept.append(c)
    # a reported clause kept after a bare pair inside it was kept: the pair is its fragment
    kept = [c for c in kept if c.origin == "rule" or c.kind != "direct"
            or not spans["indirect"].encloses(c.start, c.end)]
    return sorted(kept, key=lambda c: (c.start, c.kind))


def _lists_as_one(fz: Featurized, qscores: list[float]) -> list[float]:
    """The items of one list under its introduction are quotes together or not at all: each item takes the mean
    score of its list. (In the training gold 70 of 73 such lists are all quotes or none, while the model,
    scoring each item alone, kept some items of a speaker's list of points and dropped others.)"""
    lists: dict[tuple[int, int], list[int]] = {}
    for i, c in enumerate(fz.cands):
        if c.origin == "listline" and (intro := fz.doc.intro(c.start)) is not None:
            lists.setdefault(intro, []).append(i)
    if not lists:
        return qscores
    out = list(qscores)
    for items in lists.values():
        mean = sum(qscores[i] for i in items) / len(items)
        for i in items:
            out[i] = mean
    return out


NEGATIONS = frozenset(("не", "ни"))


def polarity(doc: Doc, q: QuoteCand) -> tuple[str, bool]:
    """The cue's kind of statement (from the lexicon) and whether a «не» stands right before the cue verb."""
    if not q.cue:
        return "statement", False
    kind = doc.lexicon.cue_kind(cue_lemmas(q.cue))
    k = q.cue_tok if q.cue_tok is not None else cue_near(doc, q.start, q.end, q.cue)
    if k is None:
        return kind, False
    return kind, any(t.text.lower() in NEGATIONS for t in doc.tokens[max(0, k - 2):k])


# A quote whose rule proposed it but whose speaker the ranker cannot score stands on the rule's attribution,
# taken as an even chance.
RULE_SPEAKER_CHANCE = 0.5
# A quote the rules proposed whose speaker the ranker also puts first: two readings agree on who said it, so its
# speaker counts as at least this likely, and with the joint threshold 0.2 a sure quote (score ≥ 0.91) is kept
# even when the ranker's own score is low. The ranker's scores of an organisation named a sentence before
# («Глава МЧС … В ведомстве отметили, что …») swing between retrainings (the gold has a handful of such quotes),
# and the quote came and went with them. 5-fold CV, three seeds: end-to-end 0.709 / 0.709 / 0.703 against
# 0.711 / 0.711 / 0.706 without it, quote F1 0.853 / 0.852 / 0.850 against 0.844 / 0.845 / 0.843, attribution
# 0.832 / 0.833 / 0.828 against 0.843 / 0.843 / 0.838.
RULE_AGREED_CHANCE = 0.22


def decode(fz: Featurized, model: QuoteModel, qscores: list[float] | None = None) -> list[Quote]:
    """`qscores`: the model's quote scores of `fz.rows` when the caller has them (analyze_many scores the rows
    of many articles in one call); otherwise they are computed here."""
    return run_steps(decode_steps(fz, model, qscores), model.speaker_scores)


def run_steps(steps: Generator[list[list[float]], list[float], list[Quote]], score) -> list[Quote]:
    """Drive `decode_steps`, answering each request for speaker scores with `score(rows)`."""
    try:
        rows = next(steps)
        while True:
            rows = steps.send(score(rows))
    except StopIteration as done:
        return done.value


def decode_steps(fz: Featurized, model: QuoteModel,
                 qscores: list[float] | None = None) -> Generator[list[list[float]], list[float], list[Quote]]:
    """`decode` as a generator: it yields the speaker rows of each quote in turn, is sent their scores, and
    returns the quotes. Which rows come next depends on the speaker the scores chose (`prev`), so one article's
    quotes are scored one after another; analyze_many drives the generators of a batch of articles side by
    side and scores the rows they yield in one call (a booster scores each row alone)."""
    joint = getattr(model, "joint", None)
    if qscores is None:
        qscores = model.quote_scores(fz.rows)
    # With a joint threshold what is kept is decided with its speaker: a quote counts only with the right
    # speaker, so a likely quote with no plausible speaker is dropped and a less sure one with a clear speaker
    # kept (issue 10's end-to-end score). The quote threshold stays a floor below which a candidate takes no
    # part (and costs no speaker features).
    qscores = _lists_as_one(fz, qscores)
    kept = select(fz.cands, qscores, model.threshold)
    score_of = {id(c): s for c, s in zip(fz.cands, qscores)}
    text = fz.doc.text
    out: list[Quote] = []
    prev = None
    for q in kept:
        cands, rows = speaker_rows(fz.doc, q, prev)
        r = q.rule
        cue_kind, negated = polarity(fz.doc, q)
        scores = (yield rows) if rows else []
        best = cands[max(range(len(cands)), key=lambda i: scores[i])] if scores else None
        if joint is not None:
            chance = max(scores) if scores else (RULE_SPEAKER_CHANCE if r is not None else 0.0)
            if best is not None and r is not None and best.from_rule:
                chance = max(chance, RULE_AGREED_CHANCE)
            if score_of[id(q)] * chance < joint:
                continue
        elif q.origin != "rule" and (not scores or max(scores) < model.min_speaker):
            # a candidate the rules did not propose needs someone who plausibly said it: «сказано, что …»
            # with no source is no quote (gold rule 16), however quote-like the clause
            continue
        if best is not None and (r is None or max(scores) > 0):
            if best is NOBODY:
                out.append(Quote(q.kind, q.start, q.end, text[q.start:q.end], None, None, None, q.cue, None,
                                 cue_kind, negated))
                continue
            entity = best.entity.id if best.entity is not None else (r.speaker_entity if r and best.from_rule else None)
            out.append(Quote(q.kind, q.start, q.end, text[q.start:q.end], best.name, best.speaker_type, entity,
                             q.cue, best.mention, cue_kind, negated))
            prev = best.name
        elif r is not None:
            out.append(replace(r, cue_kind=cue_kind, negated=negated))
        else:
            out.append(Quote(q.kind, q.start, q.end, text[q.start:q.end], None, None, None, q.cue, None,
                             cue_kind, negated))
    return out


def quote_inputs(parsed: Parsed, entities: list[Entity], published: date | datetime | None = None,
                 lexicon: Lexicon | None = None, roles: Roles | None = None,
                 model: QuoteModel | None = None) -> tuple[QuoteModel, Featurized]:
    """The model and its input for a text: the first half of `extract_quotes`."""
    model = model or default_model()
    return model, featurize(parsed, entities, published, lexicon or default_lexicon(), roles, model.vocab)


def extract_quotes(parsed: Parsed, entities: list[Entity], published: date | datetime | None = None,
                   lexicon: Lexicon | None = None, roles: Roles | None = None,
                   model: QuoteModel | None = None) -> list[Quote]:
    model, fz = quote_inputs(parsed, entities, published, lexicon, roles, model)
    return decode(fz, model)
