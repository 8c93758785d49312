"""The numbers the about-model reads for one (figure, candidate) pair; the empty candidate has `is_none` set.

Figure side: what kind of unit it has (a percent is a share of something, a count measures itself), whether
it is a change, and what the hand rules chose. Candidate side: where the noun stands (before or after, how
far, in the same clause), its case and the word before it (a genitive after «70 %» is what the share is of;
an instrumental before the figure is a frame: «стоимостью 700 млн»), the verbs between (a verb of being or
changing links a subject to its figure, any other verb makes the noun an agent), and whether it is a unit, a
frame noun or a named entity; and what the noun means (`nlp.vectors.meaning`: a few dimensions of its Navec
vector), so that a quantity noun the training figures never showed is still read as one.
"""
from __future__ import annotations

from ..nlp.vectors import DIMS, meaning
from ..nlp.words import lemma
from .candidates import Candidates

FEATURES = [
    "is_none", "unit_percent", "unit_currency", "unit_measure", "unit_count", "unit_share", "unit_times",
    "counted", "is_change", "rule_none", "n_candidates",
    "dist", "abs_dist", "before", "same_clause", "verbs_between", "link_verb_between", "other_verb_between",
    "nouns_between", "commas_between", "case", "propn", "capitalised", "sentence_initial", "prep_before",
    "gen_right_after", "ins_right_before", "not_about", "frame", "is_unit", "rule_choice", "in_entity",
    "nearest_before", "nearest_after", *(f"meaning_{i}" for i in range(DIMS)),
]
_CASES = {"Nom": 1, "Gen": 2, "Acc": 3, "Dat": 4, "Ins": 5, "Loc": 6}
_PREPS = {"в": 1, "во": 1, "на": 2, "за": 3, "до": 4, "от": 5, "по": 6, "из": 7, "с": 8, "со": 8, "у": 9, "о": 10,
          "об": 10, "при": 11, "для": 12, "к": 13}
_CLAUSE = {";", ":", "—", "–", "(", ")"}


def figure_side(unit: str | None, unit_kind: str, counted: bool, kind: str, rule_head: str | None,
                n: int) -> list[float]:
    kinds = ("percent", "currency", "measure", "count", "share", "times")
    return [*(float(unit_kind == k) for k in kinds), float(counted), float(kind == "change"),
            float(rule_head is None), float(n)]


def _running(toks: list, test) -> list[int]:
    """How many of toks[:k] pass `test`, for every k from 0 to len(toks)."""
    out = [0]
    for x in toks:
        out.append(out[-1] + bool(test(x)))
    return out


def rows(c: Candidates, unit: str | None, unit_kind: str, counted: bool, kind: str, rule_head: str | None,
         entity_spans: list[tuple[int, int]], not_about: set[str], frames: set[str],
         link_verb) -> list[list[float]]:
    """One row for the empty candidate, then one per noun of `c.nouns`, in that order."""
    fig = figure_side(unit, unit_kind, counted, kind, rule_head, len(c.nouns))
    out = [[1.0, *fig] + [0.0] * (len(FEATURES) - 1 - len(fig))]
    toks = c.tokens
    befores = [i for i in c.nouns if i < c.at]
    afters = [i for i in c.nouns if i >= c.end]
    # what lies between a noun and the figure, counted once for the sentence: clause marks, verbs, link verbs,
    # nouns and commas among toks[:k] (each noun read its stretch token by token, a square of the sentence)
    marks = _running(toks, lambda x: x.text in _CLAUSE)
    verbs = _running(toks, lambda x: x.pos in ("VERB", "AUX"))
    links = _running(toks, lambda x: x.pos in ("VERB", "AUX") and link_verb(lemma(x.text)))
    nouns = _running(toks, lambda x: x.pos in ("NOUN", "PROPN"))
    commas = _running(toks, lambda x: x.text == ",")
    for i in c.nouns:
        t = toks[i]
        lo, hi = (i + 1, c.at) if i < c.at else (c.end, i)
        hi = max(lo, hi)  # toks[lo:hi] is empty when hi < lo

        def between(counts: list[int]) -> int:
            return counts[hi] - counts[lo]
        n_verbs, n_links = between(verbs), between(links)
        lem = lemma(t.text)
        prev = toks[i - 1].text.lower() if i > 0 else ""
        out.append([
            0.0, *fig,
            float(i - c.at if i < c.at else i - c.end + 1), float(abs(i - c.at) if i < c.at else i - c.end + 1),
            float(i < c.at), float(not between(marks)), float(n_verbs),
            float(n_links > 0), float(n_verbs - n_links > 0),
            float(between(nouns)), float(between(commas)),
            float(_CASES.get(t.feats.get("Case", ""), 0)), float(t.pos == "PROPN"), float(t.text[:1].isupper()),
            float(i == 0), float(_PREPS.get(prev, 0)),
            float(i >= c.end and i - c.end <= 2 and t.feats.get("Case") == "Gen"),
            float(i == c.at - 1 and t.feats.get("Case") == "Ins"),
            float(lem in not_about), float(lem in frames), float(unit is not None and lem == unit),
            float(rule_head is not None and lem == rule_head),
            float(any(a <= t.start and t.end <= b for a, b in entity_spans)),
            float(bool(befores) and i == befores[-1]), float(bool(afters) and i == afters[0]),
            *meaning(lem.lower()),
        ])
    return out
