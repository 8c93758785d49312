"""Dates in an article, resolved against its publication day (docs/dates-figures-gold.md is the spec).

Why a grammar of our own instead of a library: measured on news text, natasha's DatesExtractor (a yargy
grammar) finds day-month-year dates only (no weekdays, «вчера», quarters, decades, «на прошлой неделе»,
«через два месяца», times, durations) at ~20 µs a character — about as long as the whole rest of the analysis;
dateparser's `search_dates` costs ~0.1 s a sentence and resolves every relative date to one datetime, with
no span, no grain («в сентябре» becomes 5 September) and the direction of its settings, not of the verb. Both
are scored side by side with this module by `svodka eval dates` (see `eval/dates.py`).

How: each rule below is one regular expression over the text with a resolver; matches are taken longest
first without overlap, then neighbours that are one expression are joined («в пятницу, 19 июля»,
«вчера в 14:30», «с 1 сентября по 3 октября»). The resolver reads the publication day (in Moscow time for a
timezone-aware timestamp, as the conventions say) and the direction of the nearest verb: past tense points
back, future tense and plan words («намечено», «планируется») forward.
"""
from __future__ import annotations

from bisect import bisect_right

import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta, timezone

from ..model import DateRef
from ..nlp.normalize import parse_word
from ..nlp.pipeline import Parsed
from . import calendar as cal
from .calendar import Period
from .numbers import NUMBER, number_value
from .spans import Disjoint
from .windows import NOT_IN_WORD, Anchor, lowered, matches, windows

MSK = timezone(timedelta(hours=3))

_MONTHS = {"январ": 1, "феврал": 2, "март": 3, "апрел": 4, "ма": 5, "июн": 6, "июл": 7, "август": 8,
           "сентябр": 9, "октябр": 10, "ноябр": 11, "декабр": 12}
MONTH = (r"(?:январ(?:[ьяюе]|[её]м)|феврал(?:[ьяюе]|[её]м)|март(?:[аеу]|ом)?|апрел(?:[ьяюе]|ем)|ма(?:[йяюе]|ем)|"
         r"июн(?:[ьяюе]|ем)|июл(?:[ьяюе]|ем)|август(?:[аеу]|ом)?|сентябр(?:[ьяюе]|[её]м)|октябр(?:[ьяюе]|[её]м)|"
         r"ноябр(?:[ьяюе]|[её]м)|декабр(?:[ьяюе]|[её]м))(?![а-яё])")
WEEKDAY = (r"(?:понедельник[ау]?|вторник[ау]?|сред[аыуе]|четверг[ау]?|пятниц[аыуе]|суббот[аыуе]|"
           r"воскресень[еяю])(?![а-яё])")
_WEEKDAYS = ("понедельник", "вторник", "сред", "четверг", "пятниц", "суббот", "воскресень")
# «c» in Latin letters stands for «с» in many posts
PREP = r"(?:(?<![\w-])(?P<prep>в\s+ночь\s+(?:на|с)|начиная\s+с|в|во|с|c|со|по|до|к|ко|на|за|от|после|около)\s+)?"
# (the accusative too: «перенесли на середину декабря», «намечен на конец года»)
PART = (r"(?:(?P<part>начале|середине|конце|начала|середины|конца|началу|концу|начало|середину|конец|"
        r"первой\s+половине|второй\s+половине|первой\s+половины|второй\s+половины|первую\s+половину|"
        r"вторую\s+половину)\s+)?")
_PARTS = {"начале": "start", "середине": "middle", "конце": "end", "начала": "start", "середины": "middle",
          "конца": "end", "началу": "start", "концу": "end", "начало": "start", "середину": "middle",
          "конец": "end", "первой половине": "first_half", "второй половине": "second_half",
          "первой половины": "first_half", "второй половины": "second_half", "первую половину": "first_half",
          "вторую половину": "second_half"}
# «г.»: the span stops before the full stop, as NEREL's spans do (the stop may also end the sentence)
YEAR_WORD = (r"(?:-(?:го|м|й)(?:\s*(?:года|году|год))?(?![а-яё])|\s*(?:года|году|годах|годы|годов|годами|год|"
             r"гг?(?![а-яё])))")
DAYPART = r"(?:утром|днем|днём|вечером|ночью)"
TIME_ZONE = (r"(?:\s+(?:по\s+(?:московскому|местному|киевскому|минскому)\s+времени|\(?мск\)?|по\s+мск|"
             r"по\s+Москве))?")
# «прошлом/этом году»: which year a relative word means
_SHIFT = {"прошл": -1, "минувш": -1, "предыдущ": -1, "прошедш": -1, "нов": 1, "эт": 0, "текущ": 0, "нынешн": 0, "сегодняшн": 0,
          "следующ": 1, "будущ": 1, "наступающ": 1, "грядущ": 1, "ближайш": 1}
SHIFT = r"(?P<shift>прошл|минувш|предыдущ|прошедш|нов|эт|текущ|нынешн|следующ|будущ|наступающ|грядущ|ближайш)[а-яё]*"
_UNIT_DAYS = {"секунд": "S", "минут": "MIN", "час": "H", "сут": "D", "дн": "D", "ден": "D", "день": "D",
              "недел": "W", "месяц": "M", "год": "Y", "лет": "Y", "десятилет": "10Y", "столет": "100Y",
              "век": "100Y"}
UNIT = (r"(?P<unit>секунд[уаы]?|минут[уаы]?|час(?:а|ов)?|сут(?:ки|ок)|дн(?:я|ей)|день|недел[юиь]|"
        r"месяц(?:а|ев)?|год(?:а|у)?|лет|десятилети[йяею]|столети[йяею]|век(?:а|ов)?)(?![а-яё])")
ROMAN = {"I": 1, "V": 5, "X": 10, "L": 50}
_PLAN = ("планир", "запланир", "намер", "намеч", "ожида", "предсто", "собира", "назнач", "перенес", "перенёс")
_SPEECH_PRESENT = ("сообща", "пиш", "переда", "говор", "заявля", "отмеча", "уточня", "рассказыва")


@dataclass
class _Item:
    start: int
    end: int
    prep: str | None
    period: Period | None = None
    resolution: str = "absolute"
    kind: str = "date"
    time: str | None = None
    duration: str | None = None
    # a day-month with no year and no publication day: ("XXXX-08-21/XXXX-08-21", value "--08-21")
    partial: tuple[str, str] | None = None
    partial_grain: str | None = None
    explicit_year: bool = True  # the text wrote the year (a neighbour may lend it to one without)
    role: str = ""  # what the rule found: day | weekday | month | year | time | daypart | ...


@dataclass
class _Context:
    text: str
    pub: date | None
    direction_at: Callable[[int], str | None]


def publication_day(published: datetime | None) -> date | None:
    """The day an article was published: in Moscow time when the timestamp carries a timezone (Telegram
    gives UTC), as written when it does not (the seed layout's local time)."""
    if published is None:
        return None
    if published.tzinfo is not None:
        published = published.astimezone(MSK)
    return published.date()


def _month(word: str) -> int:
    w = word.lower()
    for stem, n in _MONTHS.items():
        if w.startswith(stem):
            return n
    raise ValueError(word)


def _weekday(word: str) -> int:
    w = word.lower()
    return next(i for i, stem in enumerate(_WEEKDAYS) if w.startswith(stem))


def _roman(s: str) -> int:
    s = s.upper().replace("Х", "X").replace("І", "I")
    if s.isdigit():
        return int(s)
    total = 0
    for a, b in zip(s, s[1:] + " "):
        v = ROMAN[a]
        total += -v if b != " " and ROMAN.get(b, 0) > v else v
    return total


def _safe_date(y: int, m: int, d: int) -> date | None:
    try:
        return date(y, m, d)
    except ValueError:
        return None


def _shift(word: str | None) -> int:
    w = (word or "").lower()
    return next((v for stem, v in _SHIFT.items() if w.startswith(stem)), 0)


def _relative(item: _Item, ctx: _Context, make: Callable[[date], Period | None]) -> _Item:
    if ctx.pub is None:
        item.resolution = "unresolved"
        probe = make(date(2000, 1, 5))  # any day: only the grain is read («вчера» is a day even unresolved)
        item.partial_grain = probe.grain if probe else None
        return item
    item.period = make(ctx.pub)
    item.resolution = "relative" if item.period else "unresolved"
    return item


def _yearless(item: _Item, ctx: _Context, make: Callable[[int], Period | None], partial: str) -> _Item:
    """A day-month or month with no year: the year by the verb's direction, else partial."""
    item.explicit_year = False
    if item.resolution == "unresolved":  # «этого года» was written, but there is no publication day
        probe = make(2001)
        item.partial_grain = probe.grain if probe else None
        return item
    # «до конца декабря», «к 1 марта»: a deadline is the next one, whatever the tense of the clause
    direction = None if item.prep in ("до", "к", "ко", "по", "с", "со") else ctx.direction_at(item.start)
    if ctx.pub is None:
        # a common year (February has 28 days when the year is unknown), a leap one only for «29 февраля»
        probe = make(2001) or make(2000)
        if probe is None:
            item.resolution = "unresolved"
            return item
        first, last = "XXXX" + probe.first.isoformat()[4:], "XXXX" + probe.last.isoformat()[4:]
        item.resolution, item.partial_grain = "partial", probe.grain
        value = {"day": "--" + first[5:], "month": "--" + first[5:7], "quarter": partial, "half": partial}
        item.partial = (f"{first}/{last}", value.get(probe.grain, f"{first}/{last}"))
        return item
    item.period = cal.nearest(make, ctx.pub, direction)
    item.resolution = "relative" if item.period else "unresolved"
    return item


def _year_of(m: re.Match, group: str, ctx: _Context, item: _Item) -> int | None:
    """The year written in `group` (4 digits, or «текущего/прошлого года»), or None."""
    y = m.group(group) if group in m.re.groupindex else None
    if y:
        return int(y)
    if "yshift" in m.re.groupindex and m.group("yshift"):
        if ctx.pub is None:
            item.resolution = "unresolved"  # «в августе этого года» with no publication day: no year to read
            return None
        item.resolution = "relative"
        return ctx.pub.year + _shift(m.group("yshift"))
    return None


# ---- the rules: (name, pattern, resolver(match, item, ctx) -> item | None) ----

def _numeric(m, item, ctx):
    d, mo, y = int(m["d"]), int(m["m"]), m["y"]
    yy = int(y)
    if len(y) == 2:
        yy += 2000 if ctx.pub is None or yy <= ctx.pub.year % 100 + 1 else 1900
    dd = _safe_date(yy, mo, d)
    if dd is None:
        return replace(item, resolution="unresolved")
    item.period, item.role = cal.day(dd), "day"
    return item


def _day_month(m, item, ctx):
    d, mo = int(m["d"]), _month(m["month"])
    item.role = "day"
    y = _year_of(m, "y", ctx, item)
    d2 = int(m["d2"]) if "d2" in m.re.groupindex and m["d2"] else None
    mo1 = _month(m["month1"]) if "month1" in m.re.groupindex and m["month1"] else mo
    if d2:
        item.role = "range"  # «с 1 по 3 декабря» has both ends: not an open interval

    def make(yy: int) -> Period | None:
        # «с 28 декабря по 8 января (2025 года)»: the range runs into the next year; a year written after it,
        # or guessed, is its end's
        a, b = _safe_date(yy - 1 if mo1 > mo else yy, mo1, d), _safe_date(yy, mo, d2 if d2 else d)
        if a is None or b is None or a > b:
            return None
        return cal.day(a) if a == b else cal.span(cal.day(a), cal.day(b))
    if y is None:
        return _yearless(item, ctx, make, "")
    item.period = make(y)
    if item.period is None:
        item.resolution = "unresolved"
    return item


def _day_pair(m, item, ctx):
    return _day_month(m, item, ctx) if int(m["d2"]) == int(m["d"]) + 1 else None


def _month_rule(m, item, ctx):
    if not (item.prep or m["part"] or m["y"] or m["yshift"]) and ctx.text[m.start("month")].isupper():
        return None  # a bare «Марта» is as often a name as a month; «итоги октября», «в марте» are months
    mo = _month(m["month"])
    part = _PARTS.get(re.sub(r"\s+", " ", (m["part"] or "").lower()))
    y = _year_of(m, "y", ctx, item)
    item.role = "month"

    def make(yy: int) -> Period:
        p = cal.month(yy, mo)
        return cal.third(p, part) if part else p
    if y is None:
        return _yearless(item, ctx, make, "")
    item.period = make(y)
    return item


def _year_rule(m, item, ctx):
    y = int(m["y"])
    if not 1000 <= y <= 2200:
        return None
    part = _PARTS.get(re.sub(r"\s+", " ", (m["part"] or "").lower()))
    p = cal.year(y)
    if "y2" in m.re.groupindex and m["y2"]:
        y2 = int(m["y2"])
        if y2 < y:
            return None
        p = cal.span(p, cal.year(y2))
        item.role = "range"
    item.period = cal.third(p, part) if part else p
    item.role = item.role or "year"
    return item


def _decade(m, item, ctx):
    digits = m["dec"]
    # «90-х» are the 1990s; «00-х», «10-х», «20-х» in today's news are this century's
    start = int(digits) if len(digits) == 4 else (2000 if int(digits) <= 20 else 1900) + int(digits)
    if start % 10:
        return None
    part = _PARTS.get(re.sub(r"\s+", " ", (m["part"] or "").lower()))
    p = cal.decade(start)
    item.period = cal.third(p, part) if part else p
    return item


def _century(m, item, ctx):
    n = _roman(m["c"])
    if not 1 <= n <= 22:
        return None
    part = _PARTS.get(re.sub(r"\s+", " ", (m["part"] or "").lower()))
    p = cal.century(n)
    item.period = cal.third(p, part) if part else p
    return item


def _this_century(m, item, ctx):
    """«в прошлом веке», «конца прошлого века»: centuries counted from the publication year."""
    part = _PARTS.get(re.sub(r"\s+", " ", (m["part"] or "").lower()))

    def make(pub: date) -> Period:
        p = cal.century((pub.year - 1) // 100 + 1 + _shift(m["shift"]))
        return cal.third(p, part) if part else p
    return _relative(item, ctx, make)


_ORD = {"перв": 1, "втор": 2, "трет": 3, "четв": 4, "i": 1, "ii": 2, "iii": 3, "iv": 4, "1": 1, "2": 2, "3": 3,
        "4": 4}


def _quarter(m, item, ctx):
    n = next((v for k, v in _ORD.items() if m["q"].lower().startswith(k) and (k.isalpha() is False or
                                                                               len(k) > 2 or k == m["q"].lower())),
             None)
    if n is None:
        return None
    is_half = m["what"].lower().startswith("полугод")
    if is_half and n > 2:
        return None
    y = _year_of(m, "y", ctx, item)

    def make(yy: int) -> Period:
        return cal.half(yy, n) if is_half else cal.quarter(yy, n)
    if y is None:
        return _yearless(item, ctx, make, f"XXXX-{'H' if is_half else 'Q'}{n}")
    item.period = make(y)
    return item


def _months_of_year(m, item, ctx):
    """«за девять месяцев текущего года» = 1 January to the end of the ninth month."""
    n = number_value(m["n"])
    if n is None or not 1 <= n <= 12:
        return None
    y = _year_of(m, "y", ctx, item)
    if y is None:
        item.resolution = "unresolved"
        return item
    item.period = Period(date(y, 1, 1), cal.month_end(y, int(n)), "range")
    return item


def _genitive_follows(text: str, pos: int) -> bool:
    nxt = re.match(r"\s*([А-Яа-яЁё]+)", text[pos:pos + 40])
    if not nxt:
        return False
    parses = parse_word(nxt.group(1).lower())
    return bool(parses) and parses[0].tag.case == "gent" and parses[0].tag.POS in ("NOUN", "ADJF", "PRTF")


_RELDAY = {"позавчера": -2, "вчера": -1, "накануне": -1, "сегодня": 0, "завтра": 1, "послезавтра": 2}


def _relday(m, item, ctx):
    if m["rel"].lower() == "накануне" and _genitive_follows(ctx.text, m.end()):
        # «накануне выборов»: the eve of an event the text names, not a day counted from the publication
        nxt = re.match(r"\s*[А-Яа-яЁё]+", ctx.text[item.end:item.end + 40])
        return replace(item, end=item.end + nxt.end(), resolution="unresolved", partial_grain="day", role="")
    off = _RELDAY.get(m["rel"].lower(), 0)  # «на сегодняшний день»: the publication day
    item.role = "relday"
    return _relative(item, ctx, lambda pub: cal.day(pub + timedelta(days=off)))


def _weekday_rule(m, item, ctx):
    wd = _weekday(m["wd"])
    shift = m["shift"]
    if not (item.prep or shift) and m["wd"].startswith("сред") and ctx.text[m.start("wd")] != "С":
        return None  # «благоприятную среду»: the noun, not Wednesday
    week_shift = _shift(shift) if shift else 0
    item.role = "weekday"
    direction = ctx.direction_at(item.start)
    if shift and _shift(shift) == 0:
        direction = None  # «в этот понедельник»: whichever this week's is
        return _relative(item, ctx, lambda pub: cal.day(cal.week_of(pub).first + timedelta(days=wd)))
    if week_shift:
        # «в минувший четверг» is the latest Thursday before the publication day, «в следующий» the first after
        step = -1 if week_shift < 0 else 1
        return _relative(item, ctx, lambda pub: cal.day(cal.weekday(pub + timedelta(days=step), wd,
                                                                    "past" if step < 0 else "future")))
    return _relative(item, ctx, lambda pub: cal.day(cal.weekday(pub, wd, direction)))


def _weekday_pair(m, item, ctx):
    """«в субботу и воскресенье», «во вторник и среду»: two days in a row are one stretch, from the first as
    the weekday rule reads it (two days apart they stay two dates, each found by the weekday rule)."""
    wd, wd2 = _weekday(m["wd"]), _weekday(m["wd2"])
    if wd2 != (wd + 1) % 7:
        return None
    if _weekday_rule(m, item, ctx) is None:
        return None
    item.role = "range"
    if item.period is not None and item.period.first is not None:
        item.period = cal.span(item.period, cal.day(item.period.first + timedelta(days=1)))
    elif item.partial_grain:
        item.partial_grain = "range"
    return item


def _relperiod(m, item, ctx):
    n = _shift(m["shift"])
    unit = m["punit"].lower()

    def make(pub: date) -> Period:
        if unit.startswith("дн"):
            return cal.day(pub)
        if unit.startswith("недел"):
            return cal.week_of(pub + timedelta(days=7 * n))
        if unit.startswith("месяц"):
            d = cal.shift_months(pub.replace(day=1), n)
            return cal.month(d.year, d.month)
        if unit.startswith("квартал"):
            q = (pub.month - 1) // 3 + n
            return cal.quarter(pub.year + q // 4, q % 4 + 1)
        if unit.startswith("полугод"):
            h = (pub.month - 1) // 6 + n
            return cal.half(pub.year + h // 2, h % 2 + 1)
        return cal.year(pub.year + n)
    part = _PARTS.get(re.sub(r"\s+", " ", (m["part"] or "").lower()))
    if part:
        return _relative(item, ctx, lambda pub: cal.third(make(pub), part))
    return _relative(item, ctx, make)


_SEASONS = {"зим": (12, 2), "весн": (3, 5), "лет": (6, 8), "осен": (9, 11)}


def _season_months(season: str, yy: int) -> list[Period]:
    """The three months of a season of year `yy` (winter begins in December of the year before)."""
    first_m, _ = next(v for k, v in _SEASONS.items() if season.lower().startswith(k))
    start = date(yy - 1, 12, 1) if first_m == 12 else date(yy, first_m, 1)
    out = []
    for _ in range(3):
        out.append(cal.month(start.year, start.month))
        start = out[-1].last + timedelta(days=1)
    return out


def _season_month(m, item, ctx):
    """«третий месяц осени» is November: a month named by its place in the season."""
    n = {"перв": 0, "втор": 1, "трет": 2, "последн": 2}[m["ord"].lower()]
    item.role = "month"
    return _yearless(item, ctx, lambda yy: _season_months(m["season"], yy)[n], "")


def _season(m, item, ctx):
    """Seasons by the meteorological calendar: winter is December (of the year before) to February. Its start,
    middle and end are its three months («в начале осени» is September, «до конца зимы» February), as the
    start, middle and end of a month are its thirds; its halves are split in its second month."""
    part = _PARTS.get(re.sub(r"\s+", " ", (m["part"] or "").lower()))

    def make(yy: int) -> Period:
        months = _season_months(m["season"], yy)
        if part in ("start", "middle", "end"):
            return months[("start", "middle", "end").index(part)]
        if part == "first_half":
            return Period(months[0].first, months[1].first + timedelta(days=14), "range")
        if part == "second_half":
            return Period(months[1].first + timedelta(days=15), months[2].last, "range")
        return Period(months[0].first, months[2].last, "range")
    y = _year_of(m, "y", ctx, item)
    if y is not None:
        item.period = make(y)
        return item
    if m["shift"]:
        if ctx.pub is None:
            return replace(item, resolution="unresolved")
        n = _shift(m["shift"])
        # «прошлой зимой» is the latest winter begun by the publication day, «следующей» the first not over
        item.period = cal.nearest(make, ctx.pub, "past" if n < 0 else "future" if n > 0 else None)
        item.resolution = "relative"
        return item
    if not (item.prep or part) and not m["season"].lower().endswith(("ом", "ой", "ью")):
        return None  # «лето», «весна» as nouns of a sentence, not a time
    return _yearless(item, ctx, make, "")


def _weekend(m, item, ctx):
    """«в выходные»: Saturday and Sunday of the week the verb points to."""
    shift = _shift(m["shift"]) if m["shift"] else None
    direction = ctx.direction_at(item.start)
    if item.prep in ("к", "ко", "на") or (m["shift"] or "").lower().startswith("ближайш"):
        direction, shift = "future", None  # «к выходным», «в ближайшие выходные»: the coming weekend
    item.role = "weekend"

    def make(pub: date) -> Period:
        if shift is not None and m["shift"].lower()[:2] != "эт":
            sat = cal.week_of(pub).first + timedelta(days=5 + 7 * shift)
        elif shift is not None or pub.weekday() >= 5:
            sat = cal.week_of(pub).first + timedelta(days=5)
            if direction == "future" and item.prep in ("к", "ко", "на") and shift is None:
                sat += timedelta(days=7)  # «к выходным» written on a Saturday: the next weekend
        else:
            sat = cal.weekday(pub, 5, direction if direction == "future" else "past")
            if direction is None and (pub - sat).days > 3:
                sat = sat + timedelta(days=7)  # midweek, no tense: the coming weekend
        return Period(sat, sat + timedelta(days=1), "range")
    return _relative(item, ctx, make)


def _short_year(m, item, ctx):
    yy = int(m["yy"])
    base = ctx.pub.year if ctx.pub else 2000
    y = 2000 + yy if 2000 + yy <= base + 20 else 1900 + yy
    part = _PARTS.get(re.sub(r"\s+", " ", (m["part"] or "").lower()))
    p = cal.year(y)
    item.period, item.role = (cal.third(p, part) if part else p), "year"
    return item


def _month_range(m, item, ctx):
    a, b = _month(m["month1"]), _month(m["month"])
    if a >= b:
        return None
    y = _year_of(m, "y", ctx, item)
    if y is None and m["yshift"]:
        return replace(item, resolution="unresolved", partial_grain="range")

    def make(yy: int) -> Period:
        return cal.span(cal.month(yy, a), cal.month(yy, b))
    if y is None:
        return _yearless(item, ctx, make, "")
    item.period, item.role = make(y), "range"
    return item


def _numeric_short(m, item, ctx):
    d, mo = int(m["d"]), int(m["m"])
    if not (1 <= mo <= 12 and 1 <= d <= 31):
        return None
    item.role = "day"
    return _yearless(item, ctx, lambda yy: (lambda x: cal.day(x) if x else None)(_safe_date(yy, mo, d)), "")


_ANAPHORIC_GRAINS = {"ден": "day", "дня": "day", "днем": "day", "днём": "day", "год": "year", "недел": "week",
                     "месяц": "month"}


def _anaphoric(m, item, ctx):
    words = m["what"].lower().split()
    grain = next((g for w in reversed(words) for k, g in _ANAPHORIC_GRAINS.items() if w.startswith(k)), "day")
    if words[0] in ("днем", "днём", "годом", "неделей", "месяцем"):
        grain = next(g for k, g in _ANAPHORIC_GRAINS.items() if words[0].startswith(k))
    return replace(item, resolution="unresolved", partial_grain=grain)


_WORD_DECADES = {"нулев": 2000, "двадцат": 1920, "тридцат": 1930, "сороков": 1940, "пятидесят": 1950,
                 "шестидесят": 1960, "семидесят": 1970, "восьмидесят": 1980, "девяност": 1990}


def _word_decade(m, item, ctx):
    """«в девяностые», «семидесятых годов прошлого века», «в начале нулевых»."""
    if not (item.prep or m["part"] or m["yw"] or m["cent"]):
        return None  # «нулевых» alone is as often «нулевых потерь»
    part = _PARTS.get(re.sub(r"\s+", " ", (m["part"] or "").lower()))
    p = cal.decade(_WORD_DECADES[m["wdec"].lower()])
    item.period = cal.third(p, part) if part else p
    return item


def _night(m, item, ctx):
    """«минувшей ночью», «этой ночью»: the night that ended on the publication day is its day;
    «вчерашней ночью» the day before."""
    back = 1 if m["shift"].lower().startswith("вчераш") else 0
    return _relative(item, ctx, lambda pub: cal.day(pub - timedelta(days=back)))


_UNIT_STEMS_LONGEST_FIRST = sorted(_UNIT_DAYS.items(), key=lambda kv: -len(kv[0]))  # «десятилет» before «лет»


def _unit_code(unit: str) -> str:
    u = unit.lower()
    return next(code for stem, code in _UNIT_STEMS_LONGEST_FIRST if u.startswith(stem))


def _ago(m, item, ctx):
    if m["n"] and m["n"].lower() == "несколько":
        return replace(item, resolution="unresolved")
    n = number_value(m["n"]) if m["n"] else 1.0
    if n is None or n != int(n):
        return None
    if not m["dir"] and ctx.direction_at(item.start) == "past":
        # «через три дня он умер»: three days after an event the text told, not after the publication:
        # what the text says is how long it took
        return _duration(m, item, ctx)
    n = int(n) * (-1 if m["dir"] and m["dir"].lower() == "назад" else 1)
    code = _unit_code(m["unit"])
    if code in ("D", "W"):
        item.role = "relday"  # «через неделю, 24 февраля»: one day, the written date wins

    def make(pub: date) -> Period:
        if code == "Y":
            return cal.year(pub.year + n)
        if code == "10Y" or code == "100Y":
            return cal.year(pub.year + n * (10 if code == "10Y" else 100))
        if code == "M":
            d = cal.shift_months(pub, n)
            return cal.month(d.year, d.month)
        if code == "W":
            return cal.day(pub + timedelta(days=7 * n))
        if code == "D":
            return cal.day(pub + timedelta(days=n))
        return cal.day(pub)  # hours, minutes: the day, the clock time is not known
    return _relative(item, ctx, make)


def _time(m, item, ctx):
    if m["hh"] is not None:
        h, mi = int(m["hh"]), int(m["mm"] or 0)
        if m["ampm"] and m["ampm"].lower() in ("вечера", "дня") and h < 12:
            h += 12
        if m["ampm"] and m["ampm"].lower() == "ночи" and h == 12:
            h = 0
    else:
        h, mi = (12, 0) if m["noon"].lower().startswith("полд") else (0, 0)
    if not (0 <= h <= 23 and 0 <= mi <= 59):
        return None
    item.time, item.role = f"{h:02d}:{mi:02d}", "time"
    return _relative(item, ctx, lambda pub: Period(pub, pub, "time"))


_DATE_PART, _TIME_PART = ("Y", "M", "W", "D"), ("H", "MIN", "S")
_FINER = {"Y": ("M", 12), "H": ("MIN", 60), "MIN": ("S", 60)}  # a fraction of these is written in the next unit


def _iso_duration(parts: list[tuple[float, str]]) -> str:
    """ISO 8601 from (number, unit code) pairs: «полтора года» is P18M and «полтора часа» PT1H30M (a
    fraction becomes whole units of the next grain, as annotators write it), «2 часа 45 минут» PT2H45M."""
    amounts: dict[str, float] = {}
    for n, code in parts:
        if code in ("10Y", "100Y"):
            n, code = n * (10 if code == "10Y" else 100), "Y"
        if n != int(n) and code in _FINER and (n * _FINER[code][1]).is_integer():
            finer, k = _FINER[code]
            if code != "Y":
                amounts[code] = amounts.get(code, 0) + int(n)
                n = n - int(n)
            n, code = n * k, finer
        amounts[code] = amounts.get(code, 0) + n
    date_part = "".join(f"{amounts[c]:g}{c}" for c in _DATE_PART if amounts.get(c))
    time_part = "".join(f"{amounts[c]:g}{c[0]}" for c in _TIME_PART if amounts.get(c))
    return "P" + date_part + (f"T{time_part}" if time_part else "") if date_part or time_part else "P0D"


# Read around a match rather than inside the rule: optional groups there cost every window a second number scan.
_RANGE_START = re.compile(r"(?:(?<![\w.,])\d+(?:[.,]\d+)?|(?<![а-яё])[а-яё]+)[–—-]$", re.IGNORECASE)
_FINER_PART = re.compile(r"\s+(?:и\s+)?(" + NUMBER + r")\s+(минут[уаы]?|секунд[уаы]?|месяц(?:а|ев)?)(?![а-яё])",
                         re.IGNORECASE)


def _duration(m, item, ctx):
    n = number_value(m["n"]) if m["n"] else 1.0
    if n is None:
        return None
    code = _unit_code(m["unit"])
    if code == "Y" and n >= 1000:
        return None  # «1706 года» is a year
    parts = [(n, code)]
    if m["n"]:
        parts[0] = (_range_start(m, item, ctx.text, n), code)
        parts += _finer_part(item, ctx.text, code)
    item.duration = _iso_duration(parts)
    item.kind, item.resolution = "duration", "absolute"
    return item


def _range_start(m, item, text: str, n: float) -> float:
    """«на 5–8 лет», «два-три года»: a range of durations is annotated by its lower bound, as a range of
    figures is; the item grows to cover it."""
    s = m.start("n")
    lo_m = _RANGE_START.search(text, max(0, s - 20), s)
    lo = number_value(lo_m.group(0)[:-1]) if lo_m else None
    if lo is None or lo >= n:
        return n
    item.start = min(item.start, lo_m.start())
    return lo


def _finer_part(item, text: str, code: str) -> list[tuple[float, str]]:
    """«2 часа 45 минут», «1 год и 3 месяца»: a smaller unit right after is the same length."""
    f = _FINER_PART.match(text, item.end)
    n2 = number_value(f.group(1)) if f else None
    if n2 is None:
        return []
    code2 = _unit_code(f.group(2))
    order = ("Y", "M", "W", "D", "H", "MIN", "S")
    if code not in order or order.index(code2) <= order.index(code):
        return []
    item.end = f.end()
    return [(n2, code2)]


# «двухнедельные слушания», «13-часовая операция», «годичный перерыв»: a length written as an adjective
_ADJ_PREFIX = {"одно": 1, "полу": 0.5, "полутора": 1.5, "двух": 2, "трех": 3, "трёх": 3, "четырех": 4, "четырёх": 4,
               "пяти": 5, "шести": 6, "семи": 7, "восьми": 8, "девяти": 9, "десяти": 10, "одиннадцати": 11,
               "двенадцати": 12, "пятнадцати": 15, "двадцати": 20, "тридцати": 30, "сорока": 40,
               "пятидесяти": 50, "сто": 100}
_ADJ_UNIT = {"летн": "Y", "годичн": "Y", "месячн": "M", "недельн": "W", "дневн": "D", "суточн": "D", "часов": "H",
             "минутн": "MIN", "секундн": "S"}


def _adjective_duration(m, item, ctx):
    if not (m["n"] or m["w"] or m["unit"] == "годичн"):
        return None  # «летний» is of summer, «часовой» a sentry: only a number makes them a length
    n = number_value(m["n"]) if m["n"] else _ADJ_PREFIX.get(m["w"] or "", 1)
    if n is None or not _measures_a_thing(ctx.text, item.end):
        return None
    item.duration = _iso_duration([(n, _ADJ_UNIT[m["unit"]])])
    item.kind, item.resolution = "duration", "absolute"
    return item


def _measures_a_thing(text: str, pos: int) -> bool:
    """The adjective qualifies an inanimate noun («10-летняя борьба»): before a person or a name
    («17-летняя Малия», «трёхмесячный ребёнок») or standing for one («65-летний задержан») it is an age."""
    for w in re.finditer(r"\s*([А-Яа-яЁё-]+)", text[pos:pos + 60]):
        if w.start() != 0 and text[pos + w.start() - 1] not in " \n\t":
            return False
        word = w.group(1)
        if word[:1].isupper():
            return False
        parses = parse_word(word.lower())
        tag = parses[0].tag if parses else None
        if tag is None:
            return False
        if tag.POS in ("ADJF", "PRTF"):
            pos_next = pos + w.end()
            return _measures_a_thing(text, pos_next) if pos_next - pos < 60 else False
        return tag.POS == "NOUN" and tag.animacy == "inan"
    return False


def _half_year_word(m, item, ctx):
    if m["w"].lower().startswith(("полчас", "получас")) and (m["dir"] or item.prep == "через"):
        return None  # «через полчаса»: a moment, which the day rules do not place
    if m["dir"] or (item.prep == "через"):
        back = -6 if m["dir"] else 6
        months = back if m["w"].lower().startswith("полгод") else back * 3
        item.kind = "date"

        def make(pub: date) -> Period:
            d = cal.shift_months(pub, months)
            return cal.month(d.year, d.month)
        return _relative(item, ctx, make)
    w = m["w"].lower()
    if w.startswith(("полчас", "получас")):
        item.duration = "PT30M"
    else:
        item.duration = "P6M" if w.startswith("полгод") else _iso_duration([(1.5, {"г": "Y", "м": "M", "ч": "H",
                                                                                  "с": "D"}[w.split()[-1][0]])])
    item.kind = "duration"
    return item


_Y4 = r"(?P<y>1\d\d\d|20\d\d|21\d\d)"
# the year after a day or month, written («21 августа 2023 года») or said («5 мая текущего года»)
_YEAR_AFTER = r"(?:\s+" + _Y4 + YEAR_WORD + r"?|\s+(?P<yshift>текущ|этого|прошл|следующ)[а-яё]*\s+года)?"
# «от 1000 до 2000 рублей» is a sum, not the years 1000–2000: a unit right after two year-like numbers
_NOT_A_YEAR_AFTER = (r"(?!\s*(?:%|процент|раз(?![а-яё])|тыс|млн|млрд|трлн|руб|долл|евро|[$€₽]|км|кг|тонн|человек|"
                     r"штук|единиц|балл|очк|°))")
RULES: list[tuple[str, str, Callable]] = [
    ("numeric", PREP + r"(?<![\d./-])(?P<d>\d{1,2})(?P<sep>[./-])(?P<m>\d{1,2})(?P=sep)(?P<y>\d{4}|\d{2})(?![\d./-]\d)"
     + YEAR_WORD + "?",
     _numeric),
    # «на 11.11», «до 10.12»: a day and month in digits after a preposition (not a decimal: no unit after)
    ("numeric_short", r"(?<![\w-])(?P<prep>на|к|до|с|по|от)\s+(?P<d>\d{1,2})\.(?P<m>\d{2})(?![.\d])"
     r"(?!\s*(?:%|процент|руб|долл|тыс|млн|млрд|раз))(?P<month>)", _numeric_short),
    ("numeric_spaced", PREP + r"(?<![\d.])(?P<d>\d{1,2})\s(?P<m>0?[1-9]|1[0-2])\s(?P<y>(?:19|20)\d\d)(?![\d.])"
     + YEAR_WORD + "?", _numeric),
    ("day_range", PREP + r"(?P<d>\d{1,2})(?:\s+(?P<month1>" + MONTH + r"))?\s*(?:по|до|[-–—])\s*(?P<d2>\d{1,2})\s+"
     r"(?P<month>" + MONTH + r")" + _YEAR_AFTER + r"(?P<daypart>)", _day_month),
    # «3 и 4 ноября»: two days in a row are the stretch they make (two days apart they stay two dates)
    ("day_pair", PREP + r"(?P<d>\d{1,2})\s+и\s+(?P<d2>\d{1,2})\s+(?P<month>" + MONTH + r")" + _YEAR_AFTER
     + r"(?P<daypart>)", _day_pair),
    ("day_month", PREP + r"(?:" + DAYPART + r"\s+)?(?P<d>\d{1,2})(?:-?го)?\s+(?P<month>" + MONTH + r")"
     + _YEAR_AFTER + r"(?:\s+(?P<daypart>" + DAYPART + r"))?", _day_month),
    ("month_range", PREP + r"(?P<month1>" + MONTH + r")\s*(?:[-–—]|по|до)\s*(?P<month>" + MONTH + r")" + _YEAR_AFTER
     + r"(?P<part>)", _month_range),
    ("month", PREP + PART + r"(?P<month>" + MONTH + r")(?:\s+" + _Y4 + YEAR_WORD + r"?|\s+(?P<yshift>текущего|этого|"
     r"нынешнего|прошлого|следующего)(?![а-яё])(?:\s+года)?)?", _month_rule),
    ("year_range", PREP + _Y4 + r"\s*(?:[-–—]|по|до)\s*(?P<y2>1\d\d\d|20\d\d|21\d\d)"
     r"(?:\s*(?:годы|годах|годов|годами|год|года|гг\.))?(?P<part>)" + _NOT_A_YEAR_AFTER, _year_rule),
    ("year", PREP + PART + _Y4 + r"(?:" + YEAR_WORD + r"|-(?:м|го|й|му)(?![а-яё])" + YEAR_WORD + r"?|"
     r"(?=\s*[.,;:)!?—–]|\s*$))",
     _year_rule),
    # «в 25-м году», «к концу 25-го года»: two digits of this century
    ("short_year", PREP + PART + r"(?P<yy>\d{2})-(?:го|м|й)\s+(?:года|году|год)(?![а-яё])", _short_year),
    ("current_period", PREP + r"(?P<part>начале|середине|конце|начала|середины|конца|началу|концу|начало|середину|"
     r"конец)\s+"
     r"(?P<punit>года|месяца|недели|дня)(?![а-яё])(?!\s+\d)(?P<shift>)", _relperiod),
    ("word_decade", PREP + PART + r"(?P<wdec>нулев|двадцат|тридцат|сороков|пятидесят|шестидесят|семидесят|"
     r"восьмидесят|девяност)(?:ые|ых|ыми|ом)(?![а-яё])(?:\s+(?P<yw>годы|годов|годах|годами))?"
     r"(?:\s+(?P<cent>прошлого\s+века|XX\s+века|двадцатого\s+века))?", _word_decade),
    ("night", r"(?P<prep>)(?P<shift>минувш|прошл|эт|сегодняшн|вчерашн)[а-яё]*\s+(?P<night>ноч[ьию]+)(?![а-яё])",
     _night),
    # «в 2008 участвовал»: a bare year after a preposition, before a lower-case word
    ("bare_year", r"(?<![\w-])(?P<prep>в|с|до|по|к)\s+(?P<y>19\d\d|20[0-3]\d)(?=\s+[а-яё])(?P<part>)" + _NOT_A_YEAR_AFTER, _year_rule),
    ("season_month", PREP + r"(?P<ord>перв|втор|трет|последн)[а-яё]*\s+месяц[а-яё]*\s+"
     r"(?P<season>зимы|весны|лета|осени)(?![а-яё])", _season_month),
    ("season", PREP + PART + r"(?:(?:всю|весь|всё|все)\s+)?(?:(?P<shift>прошл|минувш|эт|текущ|нынешн|следующ|будущ|наступающ)[а-яё]*\s+)?"
     r"(?P<season>зим[аоуыей]+|весн[аоуыей]+|лет[оау]|летом|осен[ьию]+)(?![а-яё])"
     r"(?:\s+(?:" + _Y4 + YEAR_WORD + r"|(?P<yshift>текущ|этого|прошл|следующ)[а-яё]*\s+года))?", _season),
    ("weekend", PREP + r"(?:(?P<shift>прошл|минувш|эт|следующ|ближайш|будущ)[а-яё]*\s+)?(?P<wk>выходны[еходмиы]+)"
     r"(?![а-яё])", _weekend),
    ("decade", PREP + PART + r"(?P<dec>1[89]\d0|20\d0|[0-9]0)-(?:е|х|ые|ых|ми|м)(?![а-яё])"
     r"(?:\s+(?:годы|годов|годах|годами|гг\.))?", _decade),
    ("century", PREP + PART + r"(?P<c>[IVXХ]{1,5}|\d{1,2})(?:-?[а-я]{1,2})?\s*(?:век(?:а|е|у|ом)?|вв?\.)(?![а-яё])",
     _century),
    ("this_century", PREP + PART + SHIFT + r"\s+(?:век(?:а|е|у|ом)?|столети[еяю])(?![а-яё])", _this_century),
    ("quarter", PREP + r"(?P<q>I{1,3}|IV|[1-4]|перв[а-яё]*|втор[а-яё]*|трет[а-яё]*|четв[её]рт[а-яё]*)(?:-?[а-я]{1,2})?"
     r"\s+(?P<what>квартал[а-яё]*|полугоди[а-яё]*)" + _YEAR_AFTER, _quarter),
    ("months_of_year", r"(?P<prep>за)\s+(?P<n>" + NUMBER + r")\s+месяц[а-яё]*\s+(?:" + _Y4 + YEAR_WORD +
     r"|(?P<yshift>текущ|этого|прошл)[а-яё]*\s+года)", _months_of_year),
    # «вчера», and its adjective («вчерашние торги», «сегодняшнего заседания»): the same day
    ("relday", r"(?P<prep>)(?P<rel>позавчера|вчера|сегодня|послезавтра|завтра)(?:шн[а-яё]{2,3})?(?![а-яё])"
     r"(?:\s+" + DAYPART + r")?", _relday),
    # «накануне» alone is the day before the publication; «накануне выборов» is before an event, not a date
    # «на следующий день», «в тот же день», «годом ранее»: counted from a day the text told, so not resolved
    ("anaphoric", r"(?P<prep>)(?:(?:утром|днем|днём|вечером|ночью)\s+)?(?P<what>на\s+следующий\s+день|в\s+т(?:от|о)\s+же\s+(?:день|год|месяц)|в\s+тот\s+день|в\s+том\s+же\s+(?:году|месяце)|(?:за|через)\s+(?:день|сутки|неделю|месяц|год)\s+(?:до|после)(?=\s)|того\s+же\s+(?:дня|года|месяца)|"
     r"(?:днем|днём|годом|неделей|месяцем)\s+(?:ранее|позже|позднее|раньше))(?![а-яё])", _anaphoric),
    ("eve", r"(?P<prep>)(?P<rel>накануне)(?![а-яё])", _relday),
    ("today", r"(?<![\w-])(?P<prep>на|с|со|до)\s+(?P<rel>сегодняшн(?:ий|ее|юю|его)\s+(?:день|дня|вечер|вечера|утро|утра|"
     r"ночь|ночи)|текущий\s+момент)(?![а-яё])", _relday),
    ("weekday_pair", PREP + r"(?:" + SHIFT + r"\s+)?(?P<wd>" + WEEKDAY + r")\s+и\s+(?:(?:в|во|на)\s+)?(?P<wd2>"
     + WEEKDAY + r")", _weekday_pair),
    ("weekday", PREP + r"(?:" + DAYPART + r"\s+)?(?:" + SHIFT + r"\s+)?(?P<wd>" + WEEKDAY + r")(?:\s+" + DAYPART + r")?",
     _weekday_rule),
    ("relperiod", PREP + PART + r"(?:" + SHIFT + r")\s+(?:рабоч[а-яё]{2,3}\s+)?(?P<punit>недел[еиюя]|неделей|месяц(?:[аеу]|ем)?|году?|года|"
     r"годом|квартал(?:[аеу]|ом)?|полугоди(?:[иея]|ем))(?![а-яё])", _relperiod),
    ("ago", r"(?:(?<![\w-])(?P<prep>около|почти|более|больше|менее|меньше)\s+)?(?P<n>" + NUMBER + r"|несколько)?\s*"
     + UNIT + r"\s+(?P<dir>назад)", _ago),
    ("in", r"(?P<prep>через)\s+(?:(?P<n>" + NUMBER + r")\s+)?" + UNIT + r"(?P<dir>)", _ago),
    ("time", r"(?<!сч[её]т\s)(?<!счетом\s)(?<!счётом\s)(?<!стал\s)" + PREP + r"(?:(?P<hh>[01]?\d|2[0-3])[:](?P<mm>[0-5]\d)(?![\d:])|(?P<hh2>)(?P<noon>полдень|полночь))"
     r"(?P<ampm>)" + TIME_ZONE, _time),
    ("time_dot", PREP + r"(?P<hh>[01]?\d|2[0-3])\.(?P<mm>[0-5]\d)(?P<noon>)(?P<ampm>)(?=\s+(?:по\s+Москве|мск|по\s+мск|по\s+"
     r"московскому))" + TIME_ZONE, _time),
    # «в 10.32»: a clock time after «в» when no unit follows (not «в 10.50 раза»)
    ("time_dot_v", r"(?<![\w-])(?P<prep>в)\s+(?P<hh>[01]?\d|2[0-3])\.(?P<mm>[0-5]\d)(?!\d|[.,]\d)(?P<noon>)(?P<ampm>)"
     r"(?!\s*(?:%|раз|процент|млн|млрд|тыс|руб|долл|евро|км|кг|м\b|т\b|балл|очк|секунд|°))", _time),
    ("time_words", r"(?<![\w-])(?P<prep>в|около|к|с|до|после)\s+(?P<hh>\d{1,2})(?:\s+час(?:а|ов)?)?(?:\s+(?P<mm>\d{2})\s+"
     r"минут)?\s+(?P<ampm>утра|вечера|дня|ночи)(?P<noon>)" + TIME_ZONE, _time),
    # «к 17 часам», «в 9 часов»: a clock time in words without a part of the day
    ("time_hours", r"(?<![\w-])(?P<prep>в|около|к|с|до|после)\s+(?P<hh>[01]?\d|2[0-3])\s+час(?:ам|ов|а)?(?:\s+(?P<mm>\d{2})\s+"
     r"минут)?(?![а-яё])(?P<ampm>)(?P<noon>)" + TIME_ZONE, _time),
    ("duration", r"(?:(?<![\w-])(?P<prep>в\s+течение|на\s+протяжении|спустя|не\s+более|не\s+менее|не\s+позднее|"
     r"не\s+позже|примерно|порядка|более|менее|больше|меньше|около|почти|свыше|за|на|до|после|"
     r"в(?=\s+(?:ближайш|последн|первы|следующ)))\s+)?"
     r"(?:(?:ближайш|последн|первы|следующ|целы|долги)[а-яё]*\s+)?"
     r"(?P<n>" + NUMBER + r")\s+" + UNIT, _duration),
    # «за последние сутки», «в ближайшие сутки», «за целое столетие»: one unit, no number
    ("one_unit", r"(?<![\w-])(?P<prep>за|в|на)\s+(?:(?:ближайш|последн|прошедш|минувш|цел)[а-яё]*\s+)?(?P<n>)"
     r"(?P<unit>сутки|столетие|десятилетие|год|месяц|неделю|час|день)(?![а-яё])(?!\s+(?:до|после|назад))",
     _duration),
    # «около суток», «чуть больше месяца», «не менее недели»: one unit after a word of quantity
    ("about_one_unit", r"(?P<prep>около|почти|порядка|свыше|(?:не\s+|чуть\s+|немногим\s+)?(?:более|больше|"
     r"менее|меньше)|в\s+течение|на\s+протяжении)\s+(?:(?:всего|целого|целой|целых)\s+)?(?P<n>)"
     r"(?P<unit>минуты|часа|суток|дня|недели|месяца|года|десятилетия|столетия|века)(?![а-яё])"
     r"(?!\s+(?:назад|ночи|утра|дня|вечера|спустя|тому))", _duration),
    ("adj_duration", r"(?:(?P<n>\d{1,3})-|(?P<w>" + "|".join(sorted(_ADJ_PREFIX, key=len, reverse=True)) +
     r"))?(?P<unit>" + "|".join(_ADJ_UNIT) + r")(?:[а-яё]+)", _adjective_duration),
    ("half_year", r"(?P<prep>в\s+течение|на|за|через|около|почти)?\s*(?P<w>полгода|полчаса|получаса|"
     r"полтора\s+(?:года|месяца|часа|суток))"
     r"(?![а-яё])(?:\s+(?P<dir>назад))?",
     _half_year_word),
]
# The rules run over the lower-cased text (case-blind matching costs several times a plain one), so the few
# capitals they need are written in lower case here; handlers that care about case read the original text.
_LOWER = (("[IVXХ]", "[ivxх]"), ("I{1,3}|IV", "i{1,3}|iv"), ("XX", "xx"), ("Москве", "москве"))


def _lower(pattern: str) -> str:
    for a, b in _LOWER:
        pattern = pattern.replace(a, b)
    return pattern


_COMPILED = [(name, re.compile(_lower(p)), fn) for name, p, fn in RULES]
# The word or digits each rule cannot match without: it runs only in windows around them (extract/windows.py).
_W = NOT_IN_WORD
_WEEKDAY_STEMS = ("понедельник", "вторник", "сред", "четверг", "пятниц", "суббот", "воскресень")
_MONTH_STEM = _W + r"(?:январ|феврал|март|апрел|ма[йяюе]|июн|июл|август|сентябр|октябр|ноябр|декабр)"
_UNIT_STEM = _W + r"(?:секунд|минут|час|сут|дн[яей]|день|недел|месяц|год|лет|десятилет|столет|век)"
_ANCHORS = {
    "numeric": r"\d[./-]\d{1,2}[./-]\d", "numeric_spaced": r"\d\s\d{1,2}\s\d{4}", "day_range": _MONTH_STEM, "day_pair": _MONTH_STEM, "day_month": _MONTH_STEM, "month": _MONTH_STEM,
    "year_range": r"\d{4}", "year": r"\d{4}", "bare_year": r"\d{4}", "current_period": _W + r"(?:начал|середин|конц|конец)",
    "word_decade": _W + r"(?:нулев|двадцат|тридцат|сороков|пятидесят|шестидесят|семидесят|восьмидесят|девяност)",
    "night": _W + r"ноч", "season": _W + r"(?:зим|весн|лет|осен)", "season_month": _W + r"месяц", "weekend": _W + r"выходн", "decade": r"\d0-",
    "century": _W + r"(?:век|вв?\.)", "quarter": _W + r"(?:квартал|полугоди)", "months_of_year": _W + r"месяц",
    "relday": _W + r"(?:вчера|сегодня|завтра|позавчера|послезавтра)",
    "short_year": r"\d{2}-", "month_range": _MONTH_STEM, "numeric_short": r"\d\.\d\d",
    "anaphoric": _W + r"(?:следующ|тот же|то же|того же|том же|тот день|ранее|позже|позднее|раньше|(?:за|через)\s+"
                      r"(?:день|сутки|неделю|месяц|год)\s+(?:до|после))",
    "weekday": _W + r"(?:" + "|".join(_WEEKDAY_STEMS) + ")",
    "weekday_pair": _W + r"(?:" + "|".join(_WEEKDAY_STEMS) + ")",
    "relperiod": _W + r"(?:недел|месяц|год|квартал|полугоди)", "ago": _W + r"назад", "in": _W + r"через",
    "time": r"\d:\d\d|полд|полноч", "time_dot": r"\d\.\d\d", "time_dot_v": r"\d\.\d\d", "time_words": _W + r"(?:утра|вечера|дня|ночи)", "time_hours": _W + r"час", "duration": _UNIT_STEM,
    "one_unit": _W + r"(?:сутки|столетие|десятилетие|год|месяц|неделю|час|день)", "half_year": _W + r"(?:полгода|полтора|полчаса|получаса)",
    "about_one_unit": _UNIT_STEM,  # the windows of the duration rule: no scan of its own
    # the last letter of a number's stem («двух», «пяти», «сорока», «одно», «полу») or the hyphen after digits
    "adj_duration": r"[-хиаоу](?:летн|месячн|недельн|дневн|суточн|часов|минутн|секундн)|годичн",
    "this_century": _W + r"(?:век|столети)", "eve": _W + r"накануне", "today": _W + r"(?:сегодняшн|текущ)",
}
# run over the lower-cased text: a case-blind search costs several times a plain one
_ANCHOR_RX = {name: Anchor(p) for name, p in _ANCHORS.items()}
# Words at least one of which an anchor needs: `in` on a string is far cheaper than a regex scan, and most
# articles have no weekday, season or century at all. None: the anchor needs a digit.
_MONTH_WORDS = ("январ", "феврал", "март", "апрел", "ма", "июн", "июл", "август", "сентябр", "октябр", "ноябр", "декабр")
_UNIT_WORDS = ("секунд", "минут", "час", "сут", "дн", "день", "недел", "месяц", "год", "лет", "десятилет", "столет",
               "век")
_NEEDS: dict[str, tuple[str, ...] | None] = {
    "numeric": None, "numeric_short": None, "numeric_spaced": None, "year_range": None, "year": None,
    "bare_year": None, "short_year": None, "decade": None, "time": None, "time_dot": None, "time_dot_v": None,
    "day_range": _MONTH_WORDS, "day_pair": _MONTH_WORDS, "day_month": _MONTH_WORDS, "month": _MONTH_WORDS, "month_range": _MONTH_WORDS,
    "current_period": ("начал", "середин", "конц", "конец"),
    "word_decade": ("нулев", "двадцат", "тридцат", "сороков", "пятидесят", "шестидесят", "семидесят", "восьмидесят",
                    "девяност"),
    "night": ("ноч",), "season": ("зим", "весн", "лет", "осен"), "season_month": ("месяц",), "weekend": ("выходн",), "century": ("век", "вв."),
    "this_century": ("век", "столет"), "quarter": ("квартал", "полугод"), "months_of_year": ("месяц",),
    "relday": ("вчера", "сегодня", "завтра"), "eve": ("накануне",), "today": ("сегодняшн", "текущ"),
    "anaphoric": ("следующ", " же ", "тот день", "ранее", "позже", "позднее", "раньше", " до", " после"),
    "weekday": _WEEKDAY_STEMS, "weekday_pair": _WEEKDAY_STEMS,
    "relperiod": ("недел", "месяц", "год", "квартал", "полугод"), "ago": ("назад",), "in": ("через",),
    "time_words": ("утра", "вечера", "дня", "ночи"), "time_hours": ("час",), "duration": _UNIT_WORDS,
    "one_unit": ("сутки", "столетие", "десятилетие", "год", "месяц", "неделю", "час", "день"),
    "half_year": ("полгода", "полтора", "полчаса", "получаса"),
    "about_one_unit": _UNIT_WORDS,
    "adj_duration": tuple(_ADJ_UNIT),
}
_DIGIT = re.compile(r"\d")
_BEFORE, _AFTER = 50, 50  # how far an expression reaches before and after its anchor («в течение ближайших
# двадцати пяти лет» is 40 characters before «лет»)
# The duration rule also matches inside «через два месяца» / «два месяца назад»; those rules are longer and win.
# A number before a unit of age («65 лет» after «возрасте»), or a prison term, is not a duration.
_NOT_DURATION = re.compile(
    r"(?:(?<![а-яё])(?:ему|ей|им|мне|тебе|нам|которому|которой|которым|было|будет|исполнилось|исполняется|"
    r"исполнится|исполнилось бы|моложе|старше|младше|детям|лицам|девушек|юношей|девочка|мальчик|сборную|"
    r"возрасте|возраста)\s+(?:\w+\s+){0,2}$)|(?:(?<![а-яё])в\s+$)|(?:\(\s*$)|"
    r"(?:лишени[а-яё]+\s+свободы|приговор[а-яё]*|колони[а-яё]+|заключени[а-яё]+)\s+(?:\S+\s+){0,2}$",
    re.IGNORECASE)
# A number of years before these words is an age or a sentence.
_NOT_DURATION_AFTER = re.compile(r"\s*(?:\)|жизни|колонии|лишения|тюрьмы|заключения|строгого|общего|"
                                 r"условно|исполнилось|исполнится)", re.IGNORECASE)
def _strip(m: re.Match, text: str) -> tuple[int, int]:
    s, e = m.span()
    while s < e and text[s].isspace():
        s += 1
    while e > s and text[e - 1].isspace():
        e -= 1
    return s, e


def _candidates(ctx: _Context) -> list[tuple[str, _Item]]:
    text = ctx.text
    found: list[tuple[str, _Item]] = []
    low = lowered(text)
    has_digit = _DIGIT.search(low) is not None
    wins: dict[str, list] = {}  # rules that share an anchor share its windows
    present: dict[tuple[str, ...] | None, bool] = {None: has_digit}  # and rules that share needed words the test
    for name, rx, fn in _COMPILED:
        needs = _NEEDS[name]
        if needs not in present:
            present[needs] = any(w in low for w in needs)
        if not present[needs]:
            continue
        anchor = _ANCHORS[name]
        if anchor not in wins:
            wins[anchor] = windows(_ANCHOR_RX[name].spans(low), len(text), _BEFORE, _AFTER)
        for m in matches(rx, low, wins[anchor]):
            item = _candidate(name, fn, m, ctx)
            if item is not None:
                found.append((name, item))
    return found


def _candidate(name: str, fn: Callable, m: re.Match, ctx: _Context) -> _Item | None:
    text = ctx.text
    s, e = _strip(m, text)
    if e <= s or (s > 0 and text[s - 1].isalnum()) or (e < len(text) and text[e].isalnum()
                                                        and not text[e - 1] in ".-"):
        return None
    if name in ("duration", "about_one_unit") and (_NOT_DURATION.search(text, max(0, s - 40), s)
                               or _NOT_DURATION_AFTER.match(text, e)):
        return None
    prep = (m.groupdict().get("prep") or "").lower().replace("c", "с") or None
    return fn(m, _Item(s, e, re.sub(r"\s+", " ", prep) if prep else None), ctx)


def _select(found: list[tuple[str, _Item]]) -> list[tuple[str, _Item]]:
    """Longest first, no overlap; ties keep the rule listed first."""
    order = {name: i for i, (name, _, _) in enumerate(RULES)}
    chosen: list[tuple[str, _Item]] = []
    taken = Disjoint()
    for name, it in sorted(found, key=lambda x: (-(x[1].end - x[1].start), order[x[0]], x[1].start)):
        if taken.overlaps(it.start, it.end):
            continue
        chosen.append((name, it))
        taken.add(it.start, it.end)
    return sorted(chosen, key=lambda x: x[1].start)


_GLUE = re.compile(r"^[\s,—–-]{0,4}$")
_RANGE_GLUE = re.compile(r"^\s*(?:по|до|[-–—])\s*$", re.IGNORECASE)


def _join(items: list[tuple[str, _Item]], ctx: _Context) -> list[_Item]:
    """Neighbours that make one expression: a weekday or relative day beside a day-month, a time beside a
    day, «с X по Y» / «с X до Y». The day wins the value; a time lends its clock time."""
    out: list[_Item] = []
    for name, it in items:
        prev = out[-1] if out else None
        gap = ctx.text[prev.end:it.start] if prev else ""
        if prev and prev.kind == it.kind == "date" and _GLUE.match(gap):
            roles = {prev.role, it.role}
            if roles in ({"weekday", "day"}, {"relday", "day"}, {"relday", "weekday"}):
                # «в пятницу, 19 июля», «сегодня, 5 ноября»: the written date wins
                day_item = it if it.role == "day" or prev.role == "relday" else prev
                if roles == {"weekday", "day"}:
                    day_item = _year_of_weekday(day_item, prev if day_item is it else it)
                out[-1] = replace(day_item, start=prev.start, end=it.end, prep=prev.prep)
                continue
            if "time" in roles and len(roles) == 2 and roles - {"time"} <= {"day", "weekday", "relday"}:
                t, d = (prev, it) if prev.role == "time" else (it, prev)
                per = Period(d.period.first, d.period.last, "time") if d.period else None
                out[-1] = replace(d, start=prev.start, end=it.end, prep=prev.prep, time=t.time, period=per,
                                  role="time", partial=d.partial)
                continue
        if (prev and prev.kind == it.kind == "date" and prev.prep in ("с", "со", "от", "начиная с")
                and _RANGE_GLUE.match(gap + (f" {it.prep}" if it.prep in ("по", "до") else ""))
                and it.prep in ("по", "до") and prev.period and it.period):
            a, b = prev.period, it.period
            if not prev.explicit_year and it.explicit_year and a.first and b.first and a.first.year != b.first.year:
                a = Period(a.first.replace(year=b.first.year), a.last.replace(year=b.first.year), a.grain)
            if a.first <= b.last:
                out[-1] = replace(prev, end=it.end, period=cal.span(a, b),
                                  resolution="absolute" if "absolute" == prev.resolution == it.resolution
                                  else "relative", prep="с", role="range")
                continue
        out.append(it)
    return out


def _year_of_weekday(day: _Item, weekday: _Item) -> _Item:
    """A day-month whose year was guessed, beside its weekday («в пятницу, 27 октября» in a post of November
    2024): the year next to the guess in which that day is that weekday (2023), where the guess disagrees."""
    if day.explicit_year or not day.period or not weekday.period or not day.period.first \
            or day.period.first != day.period.last or not weekday.period.first:
        return day
    d, wd = day.period.first, weekday.period.first.weekday()
    if d.weekday() == wd:
        return day
    for year in (d.year - 1, d.year + 1):
        try:
            other = d.replace(year=year)
        except ValueError:  # 29 February
            continue
        if other.weekday() == wd:
            return replace(day, period=Period(other, other, day.period.grain))
    return day


def _open_ends(it: _Item, text: str) -> _Item:
    """«с 2019 года» begins a stretch with no written end, «до 2030 года» ends one (rule 7)."""
    if it.kind != "date" or it.role in ("range", "time"):
        return it  # «с 08:03» is a clock time, not a stretch from it
    if it.period is None and it.partial and it.prep in ("с", "со", "начиная с", "до", "к", "ко"):
        first, _, last = it.partial[0].partition("/")
        span = f"{first}/.." if it.prep in ("с", "со", "начиная с") else f"../{last}"
        return replace(it, partial=(span, span), partial_grain="range")
    if it.period is None:
        return it
    if it.prep in ("с", "со", "начиная с"):
        if re.search(r"(?:ом|ем|ей|ой)$", text[it.start:it.end]):
            return it  # «по сравнению с прошлым годом»: «с» with the instrumental is «with», not «since»
        return replace(it, period=Period(it.period.first, None, "range"), time=None)
    if it.prep == "после" and it.period.last is not None:
        return replace(it, period=Period(it.period.last + timedelta(days=1), None, "range"), time=None)
    if it.prep in ("к", "ко") and re.match(r"\S+\s+(?:начал|середин|конц)", text[it.start:it.end], re.IGNORECASE):
        return it  # «к началу ноября» is the start of November
    if it.prep in ("до", "к", "ко") and not (it.prep != "до" and it.role == "weekend"):
        # «к 2030 году» is a deadline as «до» is; «к выходным» is the weekend itself
        return replace(it, period=Period(None, it.period.last, "range"), time=None)
    return it


def _perfective_only(word: str) -> bool:
    """Whether every verb reading the dictionary has of `word` is perfective, one of them a future («отдохнём»:
    a future, or the imperative «let us rest», which points ahead too)."""
    verbs = [p.tag for p in parse_word(word) if p.tag.POS == "VERB"]
    return bool(verbs) and all(t.aspect == "perf" for t in verbs) and any(t.tense == "futr" for t in verbs)


def _sentence_verbs(sent) -> list[tuple[int, str]]:
    """(position, direction) of the verbs of one sentence that say where in time it points."""
    verbs: list[tuple[int, str]] = []
    for t in sent.tokens:
        low = t.text.lower()
        if low.startswith(_PLAN):
            verbs.append((t.start, "future"))
            continue
        if t.pos not in ("VERB", "AUX"):
            continue
        f = t.feats
        if low in ("будет", "будут", "буду", "будем", "будете", "будешь"):
            verbs.append((t.start, "future"))
        elif f.get("Tense") == "Fut" or (f.get("Tense") == "Pres" and f.get("VerbForm") == "Fin"
                                          and _perfective_only(low)):
            # a perfective verb's present form is its future («отдохнём», «откроют»), which the tagger
            # sometimes reads as a present: the dictionary decides when it knows no imperfective reading
            verbs.append((t.start, "future"))
        elif f.get("Tense") == "Past" and (f.get("VerbForm") in ("Fin", None) or f.get("Variant") == "Short"):
            verbs.append((t.start, "past"))
    return verbs


def _direction_finder(parsed: Parsed) -> Callable[[int], str | None]:
    """Where the verb nearest to a date points: 'past', 'future' or None, within the date's sentence."""
    sents = parsed.sents
    bounds = [(s.start, s.end) for s in sents]
    text = parsed.text
    # the sentence of a position by bisection and each sentence's verbs at hand: a scan of every sentence and
    # verb per date made a text of many dates quadratic (benchmarks/adversarial.py); a sentence's verbs are
    # read when a date of it first asks (most sentences have none, and most dates ask nothing)
    starts = [a for a, _ in bounds]
    by_sent: dict[int, list[tuple[int, str]]] = {}

    def at(pos: int) -> str | None:
        idx = bisect_right(starts, pos) - 1
        if idx < 0 or not bounds[idx][0] <= pos < bounds[idx][1]:
            return None
        if idx not in by_sent:
            by_sent[idx] = _sentence_verbs(sents[idx])
        near = [(abs(p - pos), p, d) for p, d in by_sent[idx]]
        if not near:
            return None
        # a verb of the date's own clause first: in «обрушатся в понедельник, предупредили синоптики» the
        # reporting verb after the comma is nearer but says nothing about the Monday
        a, b = bounds[idx]
        left = max(text.rfind(c, a, pos) for c in ",;:—(")
        right = min((j for j in (text.find(c, pos, b) for c in ",;:—)") if j >= 0), default=b)
        own = [x for x in near if left < x[1] < right]
        return min(own or near)[2]
    return at


def find_dates(text: str, published: datetime | None, parsed: Parsed | None = None) -> list[DateRef]:
    """Every date, time and duration in `text` (the text `parsed` was made from, when given: its verbs give
    the direction of weekdays and of dates without a year)."""
    ctx = _Context(text, publication_day(published),
                   _direction_finder(parsed) if parsed is not None else (lambda pos: None))
    items = [_open_ends(it, text) for it in _join(_select(_candidates(ctx)), ctx)]
    return [_to_ref(it, text) for it in items]


def _to_ref(it: _Item, text: str) -> DateRef:
    p = it.period
    if it.kind == "duration":
        return DateRef(it.start, it.end, text[it.start:it.end], value=it.duration, resolution="absolute",
                       kind="duration")
    if it.partial:
        span, value = it.partial
        first, _, last = span.partition("/")
        first, last = (None if first == ".." else first), (None if last == ".." else last)
        return DateRef(it.start, it.end, text[it.start:it.end], value=value, first=first, last=last,
                       grain=it.partial_grain, resolution="partial", time=it.time)
    if p is None or (p.first is None and p.last is None):
        return DateRef(it.start, it.end, text[it.start:it.end], value=None, resolution="unresolved", time=it.time,
                       grain=it.partial_grain)
    return DateRef(it.start, it.end, text[it.start:it.end], value=p.value(it.time),
                   first=p.first.isoformat() if p.first else None, last=p.last.isoformat() if p.last else None,
                   grain=p.grain, resolution=it.resolution, time=it.time if p.grain == "time" else None)
