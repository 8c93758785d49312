"""RSS and Atom files: feedparser reads them, and every entry becomes an article.

An entry's text is its full content when the feed carries it (content:encoded, Atom content), otherwise its
summary, with HTML markup removed; the title, publication time and link come from the entry.
"""
from __future__ import annotations

import calendar
import html as htmllib
import re
from collections.abc import Iterator
from datetime import datetime, timezone
from pathlib import Path

from ..model import Article, IngestError
from .html import compose
from .readers import Item, ReadOptions, _check_text, reader


def plain_text(fragment: str) -> str:
    """Text of an HTML fragment, paragraphs and line breaks kept as line breaks."""
    if "<" not in fragment:
        return htmllib.unescape(fragment).strip()
    import lxml.html

    try:
        root = lxml.html.fragment_fromstring(fragment, create_parent="div")
    except Exception:  # not parseable as HTML after all: keep it as text
        return htmllib.unescape(fragment).strip()
    for el in root.iter("br"):
        el.tail = "\n" + (el.tail or "")
    for el in root.iter("p", "div", "li", "h1", "h2", "h3", "h4", "blockquote"):
        el.tail = "\n\n" + (el.tail or "")
    lines = [" ".join(line.split()) for line in root.text_content().splitlines()]
    out, blank = [], False
    for line in lines:  # collapse runs of blank lines into one
        if line:
            out.append(line)
            blank = False
        elif not blank and out:
            out.append("")
            blank = True
    return "\n".join(out).strip()


def _entry_time(entry) -> datetime | None:
    # feedparser gives UTC struct_times; shown as naive UTC, the reference for relative dates
    for field in ("published_parsed", "updated_parsed", "created_parsed"):
        if st := entry.get(field):
            return datetime.fromtimestamp(calendar.timegm(st), tz=timezone.utc).replace(tzinfo=None)
    return None


def _entry_body(entry) -> str:
    contents = entry.get("content") or []
    best = max((c.get("value", "") for c in contents), key=len, default="")
    summary = entry.get("summary", "") or ""
    return plain_text(best if len(best) >= len(summary) else summary)


_ENTRY_TAG = re.compile(r"<(?:\w+:)?(?:item|entry)[\s>/]")


def entry_lines(data_text: str) -> list[int]:
    """Line number where each entry starts, for error messages (feedparser keeps no positions)."""
    return [data_text.count("\n", 0, m.start()) + 1 for m in _ENTRY_TAG.finditer(data_text)]


@reader(".rss", ".atom", ".xml")
def read_feed(data_text: str, origin: str, opts: ReadOptions, encoding: str | None = None) -> Iterator[Item]:
    import feedparser

    feed = feedparser.parse(data_text)
    if not feed.entries:
        why = f" ({feed.get('bozo_exception')})" if feed.get("bozo") else ""
        yield IngestError(origin, f"not an RSS or Atom feed, or a feed with no entries{why}")
        return
    source = feed.feed.get("title") or None
    stem = Path(origin).name.rsplit(".", 1)[0]
    lines = entry_lines(data_text)
    whole = len(lines) == len(feed.entries)
    for n, entry in enumerate(feed.entries, 1):
        where = f"{origin}:{lines[n - 1]}" if whole else f"{origin}:entry {n}"
        title = plain_text(entry.get("title", "")) or None
        body = _entry_body(entry)
        if not body:
            yield IngestError(where, "entry has no text (neither content nor summary)")
            continue
        text, body_start = compose(title, body)
        if problem := _check_text(text, where, opts):
            yield IngestError(where, problem)
            continue
        yield Article(id=entry.get("id") or entry.get("link") or f"{stem}:{n}", text=text, title=title,
                      published=_entry_time(entry), url=entry.get("link") or None, source=source,
                      body_start=body_start, origin=where, encoding=encoding)
