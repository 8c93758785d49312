"""Scores for dates and figures (docs/dates-figures-gold.md).

- Values, against gold made by `scripts/dates_gold.py rebuild`: each gold item is matched to the predicted
  item that overlaps it most; a date is right when its first and last day are (and `exact` when its grain
  and clock time are too); a duration when its ISO value is; a figure when its value, unit and measured noun
  (the lemma of `about`'s first word, both empty counting as equal) are, with value and unit alone beside it.
  A gold item nothing overlaps is wrong: the share is over all gold items.
- Spans, against NEREL: DATE and TIME against svodka's dates, MONEY and PERCENT against its figures in a
  currency or in percent, NUMBER against its other figures (NEREL tags every number, svodka only those
  that measure something, so only recall is meaningful there); exact and overlapping.
- Baselines on the same gold: dateparser's `search_dates` and natasha's `DatesExtractor`, their output
  turned into dates the way a user of either would (a datetime is its day; natasha's year-less date takes
  the publication year).
"""
from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime

from ..model import DateRef, Figure
from ..nlp.normalize import parse_word
from ..nlp.words import lemma
from .gold import GoldFileError, json_lines  # noqa: F401  (GoldFileError: what load_gold raises)


def _lacks(row) -> str | None:
    if isinstance(row, dict) and {"text", "dates", "figures"} <= row.keys():
        return None
    return "needs 'text', 'dates' and 'figures' (a file rebuilt by scripts/dates_gold.py rebuild)"


def load_gold(path: str) -> list[dict]:
    return [row for _, row in json_lines(path, _lacks)]


def _overlap(a: tuple[int, int], b: tuple[int, int]) -> int:
    return max(0, min(a[1], b[1]) - max(a[0], b[0]))


def _best(g: dict, items: list) -> object | None:
    best, size = None, 0
    for x in items:
        o = _overlap((g["start"], g["end"]), (x.start, x.end))
        if o > size:
            best, size = x, o
    return best


@dataclass
class ValueReport:
    counts: Counter = field(default_factory=Counter)
    errors: list[tuple[str, dict, object]] = field(default_factory=list)

    def share(self, right: str, total: str) -> float:
        return self.counts[right] / self.counts[total] if self.counts[total] else float("nan")


_ADJECTIVES = frozenset(("ADJF", "PRTF"))


def _nominatives(word: str, pos: frozenset[str]) -> set[str | None]:
    """The numbers of `word`'s nominative readings as one of `pos`."""
    return {p.tag.number for p in parse_word(word) if p.tag.POS in pos and p.tag.case == "nomn"}


def _head(about: str | None) -> str | None:
    """The lemma of a measured phrase's head noun: past the adjectives that agree with it («средняя зарплата»
    → зарплата, «максимальная процентная ставка» → ставка), else its first word («урожай зерна» → урожай,
    «данные россиян» → данные). svodka names what a figure measures by that noun alone; the annotators wrote
    the phrase (in the nominative), and a first word that is an adjective had made its noun never right, nor
    a training label of the about-model."""
    if not about:
        return None
    words = [w.lower() for w in about.split()]
    j = 0
    while j < len(words) - 1 and _nominatives(words[j], _ADJECTIVES):
        j += 1
    if j and _nominatives(words[j - 1], _ADJECTIVES) & _nominatives(words[j], frozenset(("NOUN",))):
        return lemma(words[j])
    return lemma(words[0])


def _same_number(a: float | None, b: float | None) -> bool:
    if a is None or b is None:
        return a is None and b is None
    return math.isclose(a, b, rel_tol=1e-6, abs_tol=1e-9)


def _unit(u: str | None) -> str:
    return (u or "").lower().replace("ё", "е").rstrip(".")


def _words(phrase: str | None) -> set[str]:
    return {lemma(w) for w in re.findall(r"[\w.%/°]+", (phrase or "").lower())}


def _loose(a: str | None, b: str | None) -> bool:
    """Equal, or one phrase's words contained in the other's («пункт» and «населённый пункт», «стоимость» and
    «общая стоимость»): the head with or without its modifiers, which annotators write either way."""
    if not a or not b:
        return not a and not b
    wa, wb = _words(a), _words(b)
    return bool(wa) and bool(wb) and (wa <= wb or wb <= wa)


def score_values(rows: list[dict], predicted: dict[str, tuple[list[DateRef], list[Figure]]],
                 keep_errors: bool = False) -> ValueReport:
    r = ValueReport()
    c = r.counts
    for row in rows:
        dates, figures = predicted.get(str(row["id"]), ([], []))
        for g in row["dates"]:
            p = _best(g, dates)
            if g.get("kind", "date") == "duration":
                c["durations"] += 1
                ok = p is not None and p.kind == "duration" and p.value == g.get("duration")
                c["duration_right"] += ok
                if keep_errors and not ok:
                    r.errors.append(("duration", {**g, "text": row["text"][g["start"]:g["end"]], "id": row["id"]}, p))
                continue
            c["dates"] += 1
            c["dates_found"] += p is not None
            days = p is not None and p.kind == "date" and (p.first, p.last) == (g.get("first"), g.get("last"))
            exact = days and p.grain == g.get("grain") and (g.get("grain") != "time" or p.time == g.get("time"))
            c["days_right"] += days
            c["exact_right"] += exact
            c[f"res:{g.get('resolution')}"] += 1
            c[f"res:{g.get('resolution')}:right"] += days
            if keep_errors and not days:
                r.errors.append(("date", {**g, "text": row["text"][g["start"]:g["end"]], "id": row["id"]}, p))
        for g in row["figures"]:
            p = _best(g, figures)
            c["figures"] += 1
            c["figures_found"] += p is not None
            vu = p is not None and _same_number(p.value, g.get("value")) and _unit(p.unit) == _unit(g.get("unit"))
            about = p is not None and _head(p.about) == _head(g.get("about"))
            c["value_unit_right"] += vu
            c["figure_right"] += vu and about
            c["about_right"] += about
            loose = p is not None and _same_number(p.value, g.get("value")) and (
                _unit(p.unit) == _unit(g.get("unit")) or _loose(p.unit, g.get("unit"))) and (
                about or _loose(p.about, g.get("about")))
            c["figure_right_loose"] += loose
            if p is not None:
                c["qualifier_right"] += p.qualifier == g.get("qualifier")
                c["kind_right"] += p.kind == g.get("kind") and p.direction == g.get("direction")
            if keep_errors and not (vu and about):
                r.errors.append(("figure", {**g, "text": row["text"][g["start"]:g["end"]], "id": row["id"]}, p))
    return r


def value_table(r: ValueReport) -> list[tuple[str, str, str]]:
    c = r.counts
    rows = [
        ("dates: value right (first and last day)", f"{r.share('days_right', 'dates'):.3f}",
         f"{c['days_right']}/{c['dates']}"),
        ("dates: exactly right (with grain and time)", f"{r.share('exact_right', 'dates'):.3f}",
         f"{c['exact_right']}/{c['dates']}"),
        ("dates: found (any overlap)", f"{r.share('dates_found', 'dates'):.3f}", f"{c['dates_found']}/{c['dates']}"),
    ]
    for res in ("absolute", "relative", "partial", "unresolved"):
        if c[f"res:{res}"]:
            rows.append((f"  of them {res}", f"{c[f'res:{res}:right'] / c[f'res:{res}']:.3f}",
                         f"{c[f'res:{res}:right']}/{c[f'res:{res}']}"))
    rows += [
        ("durations: value right", f"{r.share('duration_right', 'durations'):.3f}",
         f"{c['duration_right']}/{c['durations']}"),
        ("figures: value, unit and measured noun right", f"{r.share('figure_right', 'figures'):.3f}",
         f"{c['figure_right']}/{c['figures']}"),
        ("figures: the same, units and nouns with or without modifiers", f"{r.share('figure_right_loose', 'figures'):.3f}",
         f"{c['figure_right_loose']}/{c['figures']}"),
        ("figures: value and unit right", f"{r.share('value_unit_right', 'figures'):.3f}",
         f"{c['value_unit_right']}/{c['figures']}"),
        ("figures: measured noun right", f"{r.share('about_right', 'figures'):.3f}",
         f"{c['about_right']}/{c['figures']}"),
        ("figures: found (any overlap)", f"{r.share('figures_found', 'figures'):.3f}",
         f"{c['figures_found']}/{c['figures']}"),
        ("figures found: qualifier right", f"{r.share('qualifier_right', 'figures_found'):.3f}",
         f"{c['qualifier_right']}/{c['figures_found']}"),
        ("figures found: level/change and direction right", f"{r.share('kind_right', 'figures_found'):.3f}",
         f"{c['kind_right']}/{c['figures_found']}"),
    ]
    return rows


# ---- spans against NEREL ----

SPAN_CLASSES = {"DATE+TIME": ("DATE", "TIME"), "MONEY": ("MONEY",), "PERCENT": ("PERCENT",), "NUMBER": ("NUMBER",)}
CURRENCIES = {"RUB", "USD", "EUR", "GBP", "CNY", "UAH", "KZT", "BYN", "JPY", "INR", "TRY", "KGS"}


def _predicted_class(x) -> str:
    if isinstance(x, DateRef):
        return "DATE+TIME"
    if x.unit in CURRENCIES:
        return "MONEY"
    if x.unit in ("%", "п.п."):
        return "PERCENT"
    return "NUMBER"


def score_spans(rows: list[dict], predicted: dict[str, list]) -> dict[str, Counter]:
    """Per class: gold, predicted, exact matches, gold overlapped, predicted overlapping."""
    out: dict[str, Counter] = {k: Counter() for k in SPAN_CLASSES}
    for row in rows:
        items = predicted.get(str(row["id"]), [])
        for cls, types in SPAN_CLASSES.items():
            gold = {(e["start"], e["end"]) for e in row["entities"] if e["type"] in types}
            mine = {(x.start, x.end) for x in items if _predicted_class(x) == cls}
            c = out[cls]
            c["gold"] += len(gold)
            c["pred"] += len(mine)
            c["exact"] += len(gold & mine)
            c["gold_hit"] += sum(any(_overlap(g, m) for m in mine) for g in gold)
            c["pred_hit"] += sum(any(_overlap(g, m) for g in gold) for m in mine)
    return out


def span_table(scores: dict[str, Counter]) -> list[tuple[str, ...]]:
    def f1(p: float, r: float) -> float:
        return 2 * p * r / (p + r) if p + r else 0.0
    rows = []
    for cls, c in scores.items():
        pe = c["exact"] / c["pred"] if c["pred"] else 0.0
        re_ = c["exact"] / c["gold"] if c["gold"] else 0.0
        po = c["pred_hit"] / c["pred"] if c["pred"] else 0.0
        ro = c["gold_hit"] / c["gold"] if c["gold"] else 0.0
        if cls == "NUMBER":
            rows.append((cls, "-", f"{re_:.3f}", "-", "-", f"{ro:.3f}", "-", str(c["gold"]), str(c["pred"])))
            continue
        rows.append((cls, f"{pe:.3f}", f"{re_:.3f}", f"{f1(pe, re_):.3f}", f"{po:.3f}", f"{ro:.3f}",
                     f"{f1(po, ro):.3f}", str(c["gold"]), str(c["pred"])))
    return rows


SPAN_HEADER = ("class", "exact P", "exact R", "exact F1", "overlap P", "overlap R", "overlap F1", "gold", "found")


# ---- baselines ----

def _day_ref(text: str, start: int, end: int, d: date) -> DateRef:
    return DateRef(start, end, text[start:end], d.isoformat(), d.isoformat(), d.isoformat(), "day", "relative")


def dateparser_dates(text: str, pub: date | None) -> list[DateRef]:
    """dateparser's `search_dates` as documented for Russian: relative to the publication day."""
    from dateparser.search import search_dates

    settings: dict = {"RETURN_AS_TIMEZONE_AWARE": False}
    if pub is not None:
        settings["RELATIVE_BASE"] = datetime(pub.year, pub.month, pub.day, 12, 0)
    found = search_dates(text, languages=["ru"], settings=settings) or []
    out, pos = [], 0
    for s, dt in found:
        i = text.find(s, pos)
        if i < 0:
            i = text.find(s)
        if i < 0:
            continue
        pos = i + len(s)
        out.append(_day_ref(text, i, i + len(s), dt.date()))
    return out


def natasha_dates(text: str, pub: date | None, extractor: Callable | None = None) -> list[DateRef]:
    """natasha's DatesExtractor: a day-month-year, a month-year or a year; a missing year is the
    publication year (none without one)."""
    from ..extract import calendar as cal

    if extractor is None:
        extractor = _natasha_extractor()
    out = []
    for m in extractor(text):
        f = m.fact
        y = f.year or (pub.year if pub else None)
        if y is None:
            out.append(DateRef(m.start, m.stop, text[m.start:m.stop], None))
            continue
        try:
            if f.day and f.month:
                p = cal.day(date(y, f.month, f.day))
            elif f.month:
                p = cal.month(y, f.month)
            else:
                p = cal.year(y)
        except ValueError:
            out.append(DateRef(m.start, m.stop, text[m.start:m.stop], None))
            continue
        out.append(DateRef(m.start, m.stop, text[m.start:m.stop], p.value(), p.first.isoformat(),
                           p.last.isoformat(), p.grain, "absolute" if f.year else "relative"))
    return out


_NATASHA = None


def _natasha_extractor():
    global _NATASHA
    if _NATASHA is None:
        from natasha import DatesExtractor, MorphVocab
        _NATASHA = DatesExtractor(MorphVocab())
    return _NATASHA
