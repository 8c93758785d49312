"""Decoding: the booster's class per candidate token -> NER spans.

A span is a run of tokens of one class (PER, LOC or ORG). A run is cut where the hand-repaired spans start a
new name inside it («России Владимир Путин» is LOC then PER anyway; two persons side by side stay two) and at
a line break. Events and facilities the repair found (`ner_fix.py`) are kept where no learned span overlaps
them. Tokens that are not candidates (lower-case words away from capitals) are outside any name.
"""
from __future__ import annotations

import numpy as np

from ..nlp.gazetteer import Gazetteer
from ..nlp.pipeline import Parsed, Span
from .features import CLASSES, SPAN_TYPES, Article, analyse, matrix
from .model import NerModel


def spans_of(art: Article, classes: list[int]) -> list[Span]:
    """Spans from one class per token (0 outside; k > 0 is CLASSES[k])."""
    parsed = art.parsed
    toks, text, rep = parsed.tokens, parsed.text, art.repaired_tags
    out: list[Span] = []
    i, n = 0, len(toks)
    while i < n:
        c = classes[i]
        if c == 0:
            i += 1
            continue
        j = i + 1
        while j < n and classes[j] == c and not (rep[j] % 2 == 1 and rep[j - 1] > 0) \
                and "\n" not in text[toks[j - 1].end:toks[j].start]:
            j += 1
        a, b = toks[i].start, toks[j - 1].end
        out.append(Span(a, b, CLASSES[c], text[a:b]))
        i = j
    return out


def combine(learned: list[Span], repaired: list[Span]) -> list[Span]:
    """The learned names, and the repair's other spans (events, facilities) where no name overlaps them."""
    kept = [s for s in repaired if s.type not in CLASSES and
            not any(s.start < o.end and o.start < s.end for o in learned)]
    return sorted(learned + kept, key=lambda s: (s.start, -s.end))


def repaired_class(tag: int) -> int:
    """The class of a token's repaired tag (events and facilities are outside the names)."""
    if tag == 0:
        return 0
    t = SPAN_TYPES[(tag - 1) // 2]
    return CLASSES.index(t) if t in CLASSES else 0


def classes_of(art: Article, model: NerModel, override: float | None = None,
               probs: np.ndarray | None = None) -> list[int]:
    """The class of every token: the booster's most probable one where it is at least `override` (the
    model's own, by default) sure, else the repaired reading."""
    override = model.override if override is None else override
    classes = [0] * len(art.parsed.tokens)
    if art.cand:
        if probs is None:
            probs = model.probabilities(matrix(art, model.vocab))
        best = np.argmax(probs, axis=1)
        sure = probs[np.arange(len(best)), best]
        for i, c, p in zip(art.cand, best.tolist(), sure.tolist()):
            r = repaired_class(art.repaired_tags[i])
            classes[i] = c if c == r or p >= override else r
    return classes


def retag(parsed: Parsed, repaired: list[Span], model: NerModel, gazetteer: Gazetteer) -> list[Span]:
    """The article's NER spans by the learned layer, over Slovnet's spans (in `parsed`) and the repaired ones."""
    art = analyse(parsed, repaired, gazetteer)
    return combine(spans_of(art, classes_of(art, model)), repaired)
