"""The plain-text article layout of the seeds: optional title line, optional timestamp line, body.

    Мэр открыл новый мост ...              <- title: a short first line, no final full stop, blank line after
    (blank)
    14:05 21/03/2024                       <- timestamp: HH:MM DD/MM/YYYY (also DD.MM.YYYY, date first)
    (blank)
    Новый мост через реку ...              <- body

Either may be missing. A body that runs straight on from its first line (seed 000) yields neither: a
title must be followed by a blank line or a timestamp, and must not read like a sentence of the body.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

_TS_TIME_FIRST = re.compile(r"^\s*(\d{1,2}):(\d{2})(?::\d{2})?,?\s+(\d{1,2})[./-](\d{1,2})[./-](\d{4})\s*$")
_TS_DATE_FIRST = re.compile(r"^\s*(\d{1,2})[./-](\d{1,2})[./-](\d{4}),?\s+(\d{1,2}):(\d{2})(?::\d{2})?\s*$")
_TS_DATE_ONLY = re.compile(r"^\s*(\d{1,2})[./-](\d{1,2})[./-](\d{4})\s*$")
TITLE_MAX_CHARS = 250


@dataclass
class Layout:
    title: str | None
    published: datetime | None
    body_start: int


def parse_timestamp(line: str) -> datetime | None:
    """A timestamp line as in the seeds (`14:05 21/03/2024`, day first), or None."""
    try:
        if m := _TS_TIME_FIRST.match(line):
            hh, mm, d, mo, y = map(int, m.groups())
            return datetime(y, mo, d, hh, mm)
        if m := _TS_DATE_FIRST.match(line):
            d, mo, y, hh, mm = map(int, m.groups())
            return datetime(y, mo, d, hh, mm)
        if m := _TS_DATE_ONLY.match(line):
            d, mo, y = map(int, m.groups())
            return datetime(y, mo, d)
    except ValueError:  # 31/02/2023 and the like: not a timestamp
        return None
    return None


def _lines(text: str):
    """(start offset, line without newline) for each line."""
    pos = 0
    for line in text.splitlines(keepends=True):
        yield pos, line.rstrip("\r\n")
        pos += len(line)


def _looks_like_title(line: str) -> bool:
    s = line.strip()
    return bool(s) and len(s) <= TITLE_MAX_CHARS and not s.endswith((".", ":", ";", ","))


def parse_layout(text: str) -> Layout:
    lines = list(_lines(text))
    i = 0
    while i < len(lines) and not lines[i][1].strip():
        i += 1
    if i >= len(lines):
        return Layout(None, None, 0)

    def next_nonblank(j: int) -> tuple[int, bool]:
        """Index of the next non-blank line after j and whether a blank line came between."""
        k, blank = j + 1, False
        while k < len(lines) and not lines[k][1].strip():
            k, blank = k + 1, True
        return k, blank

    title = published = None
    first = lines[i][1]
    if (ts := parse_timestamp(first)) is not None:
        published = ts
        k, _ = next_nonblank(i)
    else:
        k, blank = next_nonblank(i)
        ts = parse_timestamp(lines[k][1]) if k < len(lines) else None
        if ts is not None and _looks_like_title(first):
            title, published = first.strip(), ts
            k, _ = next_nonblank(k)
        elif blank and k < len(lines) and _looks_like_title(first):
            title = first.strip()
        else:
            k = i
    body_start = lines[k][0] if k < len(lines) else len(text)
    return Layout(title, published, body_start)
