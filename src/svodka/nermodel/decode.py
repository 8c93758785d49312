"""Decoding: the booster's class per candidate token -> NER spans.

A token takes the booster's class where the booster is sure enough, else the repaired one (`classes_of`);
settled candidates, separators and a name after «имени» inside an institution's name keep the repaired
reading, the tokens kept of one repaired name share one type (`_one_type_per_name`), and a lone adjective
is no new place (`_no_new_adjective_places`).

A span is a run of tokens of one class (PER, LOC or ORG). A run is cut where the hand-repaired spans start a
new name inside it («России Владимир Путин» is LOC then PER anyway; two persons side by side stay two) and at
a line break. Events and facilities the repair found (`ner_fix.py`) are kept where no learned span overlaps
them. Tokens that are not candidates (lower-case words away from capitals) are outside any name.
"""
from __future__ import annotations

import numpy as np

from ..extract.ner_fix import SEPARATORS
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
    """The class of every token: for a scored candidate the booster's most probable one where it is at least
    `override` (the model's own, by default) sure, else the repaired reading; a settled candidate
    (features.SURE) keeps the repaired reading."""
    override = model.override if override is None else override
    toks = art.parsed.tokens
    classes = [0] * len(toks)
    for i in art.cand:
        classes[i] = repaired_class(art.repaired_tags[i])
    if art.scored:
        if probs is None:
            probs = model.probabilities(matrix(art, model.vocab))
        best = np.argmax(probs, axis=1)
        sure = probs[np.arange(len(best)), best]
        named = _named_after(art)
        fixed = set(named)
        for i, c, p in zip(art.scored, best.tolist(), sure.tolist()):
            # a separator (comma, bracket, dash) is in no name, as the repair cuts names there: the booster
            # once joined «Овечкин, Фёдоров» into one person across the comma Slovnet's span held
            if toks[i].text in SEPARATORS:
                fixed.add(i)
            elif p >= override and i not in named:
                classes[i] = c
        _one_type_per_name(art, classes, probs, fixed)
        _no_new_adjective_places(art, classes)
    return classes


def _no_new_adjective_places(art: Article, classes: list[int]) -> None:
    """A place the layer finds that is one adjective alone («Украинская сторона», «XXI Всероссийский …
    фестиваль», «Европейской конвенции») keeps the repaired reading: svodka reads a place's adjective as an
    adjective mention of the place (place_adjectives.py), not as a name, as factRuEval does. NEREL tags such
    words as countries, and inside its events, laws and works (not scored) they become names of their own,
    so the layer learnt them; as names they made entities of their own («Украинская» beside Украина): the
    NEREL dev identity B³ fell from 0.918 to 0.912 with the layer, 0.916 with this (NEREL folds LOC -0.4
    points, by NEREL's reading of adjectives; factRuEval unchanged)."""
    toks, loc = art.parsed.tokens, CLASSES.index("LOC")
    n = len(classes)
    for i in range(n):
        if classes[i] == loc and toks[i].pos == "ADJ" and (i == 0 or classes[i - 1] != loc) \
                and (i + 1 == n or classes[i + 1] != loc):
            r = repaired_class(art.repaired_tags[i])
            if r != loc:
                classes[i] = r


def _one_type_per_name(art: Article, classes: list[int], probs: np.ndarray, fixed: set[int]) -> None:
    """Within one repaired name the layer may drop or keep tokens but gives the ones it keeps one type: the
    type with the most probability over them (a settled token, or one a rule above fixed, counts 1 for its
    class and keeps it). Token by token it had made «Белого дома» LOC + ORG and «Белгородской области»
    ORG + LOC on Telegram posts; over NEREL's folds and factRuEval dev this is LOC +0.1 and nothing else."""
    rep = art.repaired_tags
    where = {i: k for k, i in enumerate(art.scored)}
    n = len(classes)
    i = 0
    while i < n:
        if repaired_class(rep[i]) == 0:
            i += 1
            continue
        j = i + 1
        while j < n and rep[j] and rep[j] % 2 == 0:  # the inside tags of the name that starts at i
            j += 1
        kept = [k for k in range(i, j) if classes[k]]
        if len({classes[k] for k in kept}) > 1:
            mass = np.zeros(len(CLASSES))
            for k in kept:
                if k in where and k not in fixed:
                    mass += probs[where[k]]
                else:
                    mass[classes[k]] += 1.0
            mass[0] = -1.0
            best = int(np.argmax(mass))
            for k in kept:
                if k in where and k not in fixed:
                    classes[k] = best
        i = j


NAMED_AFTER = frozenset({"имени", "им"})


def _named_after(art: Article) -> set[int]:
    """Tokens after «имени»/«им.» inside one repaired organisation or place name («Литературный институт имени
    Горького», «Театр им. Вахтангова»): the person's name is part of the institution's, as both corpora
    annotate it, and keeps the repaired reading. The booster learnt «имени X» as a person from NEREL's
    facilities and people («стадиона имени …», «по имени Джон»), whose outer names it never sees."""
    toks, rep = art.parsed.tokens, art.repaired_tags
    out: set[int] = set()
    after = False
    for i, t in enumerate(toks):
        tag = rep[i]
        if tag == 0 or tag % 2 == 1:  # outside, or a new span starts
            after = False
        if tag and after:
            out.add(i)
        if tag and t.text.lower() in NAMED_AFTER and repaired_class(tag) in (2, 3):  # LOC, ORG
            after = True
    return out


def retag(parsed: Parsed, repaired: list[Span], model: NerModel, gazetteer: Gazetteer) -> list[Span]:
    """The article's NER spans by the learned layer, over Slovnet's spans (in `parsed`) and the repaired ones."""
    art = analyse(parsed, repaired, gazetteer)
    return combine(spans_of(art, classes_of(art, model)), repaired)

