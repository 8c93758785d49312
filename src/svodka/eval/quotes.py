"""Quote scoring exactly as shared/data/QUOTES-GOLD.md defines it.

Match: a predicted and a gold quote overlap by at least half of the longer span, measured after trimming
white space and quotation marks from both ends of each; pairs are taken one-to-one, largest overlap first.
Extraction P/R/F1 count matched pairs. Attribution accuracy is over matched pairs whose gold speaker is not
null (strict: equal after normalisation; lenient: same last word). End-to-end F1 counts a prediction as
correct only when it matches and its speaker is strictly right (a null gold speaker needs a null prediction).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from .gold import json_lines

KINDS = ("direct", "indirect")
_TRIM = " \t\n\r\u00a0«»\"“”„‘’'"
_PUNCT = re.compile(r"[^\w\s]")


@dataclass
class Span:
    """The fields of a quote the scorer reads (gold dicts and predicted Quotes both become these)."""
    kind: str
    start: int
    end: int
    text: str
    speaker: str | None = None
    cue: str | None = None


def trimmed(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start] in _TRIM:
        start += 1
    while end > start and text[end - 1] in _TRIM:
        end -= 1
    return start, end


def norm_speaker(s: str | None) -> str | None:
    if s is None:
        return None
    s = _PUNCT.sub(" ", s.lower().replace("ё", "е"))
    return " ".join(s.split()) or None


def speaker_ok(pred: str | None, gold: str | None, lenient: bool = False) -> bool:
    p, g = norm_speaker(pred), norm_speaker(gold)
    if p == g:
        return True
    return lenient and p is not None and g is not None and p.split()[-1] == g.split()[-1]


def match(text: str, preds: list[Span], golds: list[Span]) -> list[tuple[int, int]]:
    """One-to-one pairs (pred index, gold index), largest overlap first."""
    cands = []
    tp = [trimmed(text, p.start, p.end) for p in preds]
    tg = [trimmed(text, g.start, g.end) for g in golds]
    for i, (ps, pe) in enumerate(tp):
        for j, (gs, ge) in enumerate(tg):
            ov = min(pe, ge) - max(ps, gs)
            if ov > 0 and ov * 2 >= max(pe - ps, ge - gs):
                cands.append((ov, i, j))
    cands.sort(key=lambda c: (-c[0], c[1], c[2]))
    used_p, used_g, pairs = set(), set(), []
    for _, i, j in cands:
        if i not in used_p and j not in used_g:
            used_p.add(i)
            used_g.add(j)
            pairs.append((i, j))
    return pairs


@dataclass
class Counts:
    gold: int = 0
    pred: int = 0
    matched: int = 0
    attr_total: int = 0
    attr_strict: int = 0
    attr_lenient: int = 0
    correct: int = 0  # matched with the right speaker (end-to-end)

    def add(self, o: "Counts") -> None:
        for k in vars(self):
            setattr(self, k, getattr(self, k) + getattr(o, k))

    @staticmethod
    def _f(p: float, r: float) -> float:
        return 2 * p * r / (p + r) if p + r else 0.0

    @property
    def precision(self) -> float:
        return self.matched / self.pred if self.pred else (1.0 if not self.gold else 0.0)

    @property
    def recall(self) -> float:
        return self.matched / self.gold if self.gold else (1.0 if not self.pred else 0.0)

    @property
    def f1(self) -> float:
        return self._f(self.precision, self.recall)

    @property
    def attribution(self) -> float:
        return self.attr_strict / self.attr_total if self.attr_total else 1.0

    @property
    def attribution_lenient(self) -> float:
        return self.attr_lenient / self.attr_total if self.attr_total else 1.0

    @property
    def e2e_f1(self) -> float:
        p = self.correct / self.pred if self.pred else (1.0 if not self.gold else 0.0)
        r = self.correct / self.gold if self.gold else (1.0 if not self.pred else 0.0)
        return self._f(p, r)


@dataclass
class Error:
    article: str
    what: str  # miss | spurious | speaker
    kind: str
    gold: Span | None
    pred: Span | None


@dataclass
class Report:
    counts: dict[str, Counts] = field(default_factory=lambda: {k: Counts() for k in (*KINDS, "all")})
    errors: list[Error] = field(default_factory=list)


def score_article(art_id: str, text: str, preds: list[Span], golds: list[Span], report: Report) -> None:
    groups = {k: ([p for p in preds if p.kind == k], [g for g in golds if g.kind == k]) for k in KINDS}
    groups["all"] = (preds, golds)
    for name, (ps, gs) in groups.items():
        c = Counts(gold=len(gs), pred=len(ps))
        pairs = match(text, ps, gs)
        c.matched = len(pairs)
        for i, j in pairs:
            p, g = ps[i], gs[j]
            ok = speaker_ok(p.speaker, g.speaker)
            if g.speaker is not None:
                c.attr_total += 1
                c.attr_strict += ok
                c.attr_lenient += speaker_ok(p.speaker, g.speaker, lenient=True)
            c.correct += ok
            if name != "all" and not ok:
                report.errors.append(Error(art_id, "speaker", name, g, p))
        if name != "all":
            mp = {i for i, _ in pairs}
            mg = {j for _, j in pairs}
            report.errors += [Error(art_id, "miss", name, g, None) for j, g in enumerate(gs) if j not in mg]
            report.errors += [Error(art_id, "spurious", name, None, p) for i, p in enumerate(ps) if i not in mp]
        report.counts[name].add(c)


_QUOTE_KEYS = ("kind", "start", "end", "text")


def _not_quote_gold(rec) -> str | None:
    """What a line lacks to be a quote gold article, or None."""
    if not isinstance(rec, dict) or not isinstance(rec.get("text"), str):
        return "not a quote gold line (no 'text' string)"
    quotes = rec.get("quotes", [])
    if not isinstance(quotes, list) or not all(isinstance(q, dict) for q in quotes):
        return "not a quote gold line ('quotes' is not a list of objects)"
    lacking = next((k for q in quotes for k in _QUOTE_KEYS if k not in q), None)
    return f"not a quote gold line (a quote lacks {lacking!r})" if lacking else None


def load_gold(path: str | Path) -> list[dict]:
    """Gold articles, each with its quotes as scorer spans in `_gold`; a malformed line is an error naming the
    file and line (`gold.json_lines`)."""
    rows = [rec for _, rec in json_lines(str(path), _not_quote_gold)]
    for rec in rows:
        rec["_gold"] = [Span(q["kind"], q["start"], q["end"], q["text"], q.get("speaker"), q.get("cue"))
                        for q in rec.get("quotes", [])]
    return rows


def format_table(report: Report) -> list[list[str]]:
    rows = []
    for name, c in report.counts.items():
        rows.append([name, str(c.gold), str(c.pred), f"{c.precision:.3f}", f"{c.recall:.3f}", f"{c.f1:.3f}",
                     f"{c.attribution:.3f}", f"{c.attribution_lenient:.3f}", f"{c.e2e_f1:.3f}"])
    return rows


HEADER = ["kind", "gold", "pred", "P", "R", "F1", "attr", "attr_len", "e2e_F1"]


def evaluate(gold_rows: list[dict], analyses: dict[str, list]) -> Report:
    """Score predicted Quotes (by article id) against gold rows."""
    report = Report()
    for rec in gold_rows:
        preds = [Span(q.kind, q.start, q.end, q.text, q.speaker, q.cue) for q in analyses.get(rec["id"], [])]
        score_article(rec["id"], rec["text"], preds, rec["_gold"], report)
    return report


def evaluate_spans(gold_rows: list[dict], predicted: dict[str, list[Span]]) -> Report:
    """Score predicted scorer spans (by article id) against gold rows."""
    report = Report()
    for rec in gold_rows:
        score_article(str(rec["id"]), rec["text"], predicted.get(str(rec["id"]), []), rec["_gold"], report)
    return report
