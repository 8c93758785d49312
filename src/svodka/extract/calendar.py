"""Calendar arithmetic for date values (docs/dates-figures-gold.md): periods as first and last day, weeks from
Monday, thirds of a period («в начале/середине/конце»), the year a day-month or weekday belongs to given the
direction its verb points, and the ISO string of a value. No text here: `dates.py` reads the text.
"""
from __future__ import annotations

import calendar as _cal
from dataclasses import dataclass
from datetime import date, timedelta


@dataclass(frozen=True)
class Period:
    first: date | None
    last: date | None
    grain: str  # time | day | week | month | quarter | half | year | decade | century | range

    def value(self, time: str | None = None) -> str | None:
        """ISO 8601 (with the EDTF-style open end `..`): 2024-11-04, 2024-11-04T14:30, 2024-W45, 2024-11,
        2024-Q3, 2024-H1, 2024, and `first/last` for everything else."""
        f, last, g = self.first, self.last, self.grain
        if f is None and last is None:
            return None
        if f is None or last is None:
            return f"{f.isoformat() if f else '..'}/{last.isoformat() if last else '..'}"
        if g == "time" and time:
            return f"{f.isoformat()}T{time}"
        if g in ("day", "time"):
            return f.isoformat()
        if g == "week":
            y, w, _ = f.isocalendar()
            return f"{y}-W{w:02d}"
        if g == "month":
            return f"{f.year}-{f.month:02d}"
        if g == "quarter":
            return f"{f.year}-Q{(f.month - 1) // 3 + 1}"
        if g == "half":
            return f"{f.year}-H{1 if f.month <= 6 else 2}"
        if g == "year":
            return str(f.year)
        return f"{f.isoformat()}/{last.isoformat()}"


def month_end(year: int, month: int) -> date:
    return date(year, month, _cal.monthrange(year, month)[1])


def day(d: date) -> Period:
    return Period(d, d, "day")


def month(year: int, m: int) -> Period:
    return Period(date(year, m, 1), month_end(year, m), "month")


def quarter(year: int, q: int) -> Period:
    return Period(date(year, 3 * q - 2, 1), month_end(year, 3 * q), "quarter")


def half(year: int, h: int) -> Period:
    return Period(date(year, 6 * h - 5, 1), month_end(year, 6 * h), "half")


def year(y: int) -> Period:
    return Period(date(y, 1, 1), date(y, 12, 31), "year")


def decade(start_year: int) -> Period:
    return Period(date(start_year, 1, 1), date(start_year + 9, 12, 31), "decade")


def century(n: int) -> Period:
    """The XX century is 1901–2000 (the conventions' rule 9)."""
    return Period(date(100 * (n - 1) + 1, 1, 1), date(100 * n, 12, 31), "century")


def week_of(d: date) -> Period:
    monday = d - timedelta(days=d.weekday())
    return Period(monday, monday + timedelta(days=6), "week")


def span(a: Period, b: Period) -> Period:
    """From the start of `a` to the end of `b`; one calendar unit when both ends make exactly one."""
    p = Period(a.first, b.last, "range")
    if a.first and b.last:
        for make in (lambda: week_of(a.first), lambda: month(a.first.year, a.first.month), lambda: year(a.first.year)):
            unit = make()
            if (unit.first, unit.last) == (p.first, p.last):
                return unit
    return p


def third(p: Period, which: str) -> Period:
    """«в начале/середине/конце» of a week (Monday–Tuesday, Wednesday–Thursday, Friday–Sunday), of a month
    (days 1–10, 11–20, 21–end), of a year (January–April, May–August, September–December), of a decade (years
    0–3, 4–6, 7–9) or of a century (in thirds); «первой/второй половине» of each."""
    f, last = p.first, p.last
    if f is None or last is None:
        return Period(None, None, "range")
    if p.grain == "year":
        if which in ("first_half", "second_half"):
            return half(f.year, 1 if which == "first_half" else 2)
        a, b = {"start": (1, 4), "middle": (5, 8), "end": (9, 12)}[which]
        return Period(date(f.year, a, 1), month_end(f.year, b), "range")
    if p.grain == "decade" or p.grain == "century":
        # a decade by the conventions (years 0–3, 4–6, 7–9); a century in true thirds (1901–1933, …, 1967–2000)
        size = (last.year - f.year + 1)
        thirds = ((0, 3), (4, 6), (7, 9)) if size == 10 else ((0, 32), (33, 65), (66, 99))
        cut = {"start": thirds[0], "middle": thirds[1], "end": thirds[2], "first_half": (0, size // 2 - 1),
               "second_half": (size // 2, size - 1)}[which]
        return Period(date(f.year + cut[0], 1, 1), date(f.year + cut[1], 12, 31), "range")
    if p.grain == "week":
        # a week's start is Monday and Tuesday, its middle Wednesday and Thursday, its end Friday to Sunday
        a, b = {"start": (0, 1), "middle": (2, 3), "end": (4, 6), "first_half": (0, 2), "second_half": (3, 6)}[which]
        return Period(f + timedelta(days=a), f + timedelta(days=b), "range")
    if p.grain == "month":
        end = last.day
        a, b = {"start": (1, 10), "middle": (11, 20), "end": (21, end), "first_half": (1, 15),
                "second_half": (16, end)}[which]
        return Period(date(f.year, f.month, a), date(f.year, f.month, b), "range")
    return p


def shift_months(d: date, n: int) -> date:
    m = d.month - 1 + n
    y, m = d.year + m // 12, m % 12 + 1
    return date(y, m, min(d.day, _cal.monthrange(y, m)[1]))


def nearest(make, pub: date, direction: str | None) -> Period | None:
    """The period `make(year)` in the year the verb's direction gives: past → the latest that has begun by
    the publication day; future → the earliest that has not ended before it; no direction → the one
    nearest to it. `make` may return None for an impossible date (29 February of a common year)."""
    options = [p for y in (pub.year - 1, pub.year, pub.year + 1) if (p := make(y)) is not None]
    if not options:
        return None
    def distance(p: Period) -> int:
        if p.first <= pub <= p.last:
            return 0
        return min(abs((p.first - pub).days), abs((p.last - pub).days))
    closest = min(options, key=distance)
    if direction == "past":
        began = [p for p in options if p.first <= pub]
        pick = began[-1] if began else options[0]
    elif direction == "future":
        ahead = [p for p in options if p.last >= pub]
        pick = ahead[0] if ahead else options[-1]
    else:
        return closest
    # The nearest verb may belong to another clause («заявил … в преддверии визита 9 ноября», published on
    # 8 November): a date a year away by the verb and days away without it is the near one.
    if distance(pick) > 180 and distance(closest) <= 14:
        return closest
    return pick


def weekday(pub: date, wd: int, direction: str | None) -> date:
    """The weekday `wd` (0 = Monday) the text means: the latest on or before the publication day (past, and no
    direction: news reports what happened), or the earliest on or after it (future)."""
    if direction == "future":
        return pub + timedelta(days=(wd - pub.weekday()) % 7)
    return pub - timedelta(days=(pub.weekday() - wd) % 7)
