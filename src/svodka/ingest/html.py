"""Saved HTML pages: trafilatura finds the article in the page (main text, title, date, canonical URL).

The article's text is laid out like the seeds, title line, blank line, body, so offsets and titles work the
same as for plain-text articles.
"""
from __future__ import annotations

import re
import warnings
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

from ..model import Article, IngestError
from .readers import Item, ReadOptions, _check_text, reader

# the publication time, not the last modification; with the time of day when the page gives it
_DATE_PARAMS = {"outputformat": "%Y-%m-%dT%H:%M:%S%z", "original_date": True, "extensive_search": False}


def parse_page_date(value: str | None) -> datetime | None:
    """trafilatura's date as a naive wall-clock time, as the seed layout's timestamps are."""
    if not value:
        return None
    try:
        return datetime.fromisoformat(value).replace(tzinfo=None)
    except ValueError:
        return None


_META_TIME = ("//meta[@property='article:published_time' or @name='article:published_time' "
              "or @itemprop='datePublished' or @name='pubdate' or @property='og:published_time']/@content")
_LD_TIME = re.compile(r'"datePublished"\s*:\s*"([^"]+)"')


def declared_time(html: str) -> datetime | None:
    """The publication time a news page declares in its head (Open Graph, schema.org). trafilatura's date
    search may take the date from the URL first, and a URL has no time of day."""
    import lxml.html

    try:
        values = list(lxml.html.fromstring(html).xpath(_META_TIME))
    except Exception:  # an unparseable page simply declares nothing
        values = []
    values += _LD_TIME.findall(html)
    for v in values:
        if dt := parse_page_date(str(v).strip().replace("Z", "+00:00")):
            return dt
    return None


def compose(title: str | None, body: str) -> tuple[str, int]:
    """Text in the seed layout and where its body starts. A body that repeats the title (the page's h1)
    does not get it twice."""
    body = body.strip()
    if not title:
        return body, 0
    title = " ".join(title.split())
    first, _, rest = body.partition("\n")
    if " ".join(first.split()) == title:
        body = rest.strip()
    head = f"{title}\n\n"
    return head + body, len(head)


@reader(".html", ".htm", ".xhtml")
def read_html(data_text: str, origin: str, opts: ReadOptions, encoding: str | None = None) -> Iterator[Item]:
    import trafilatura

    with warnings.catch_warnings():  # lxml's FutureWarnings from inside trafilatura are not the user's concern
        warnings.simplefilter("ignore")
        try:
            doc = trafilatura.bare_extraction(data_text, with_metadata=True, include_comments=False,
                                              date_extraction_params=_DATE_PARAMS)
        except Exception as e:  # trafilatura raises assorted lxml errors on broken markup
            yield IngestError(origin, f"cannot parse HTML: {type(e).__name__}: {e}")
            return
    body = (doc.text or "") if doc is not None else ""
    if not body.strip():
        yield IngestError(origin, "no article text found in the HTML page")
        return
    text, body_start = compose(doc.title, body)
    if problem := _check_text(text, origin, opts):
        yield IngestError(origin, problem)
        return
    name = Path(origin).name
    yield Article(id=name.rsplit(".", 1)[0] or name, text=text, title=doc.title and " ".join(doc.title.split()),
                  published=declared_time(data_text) or parse_page_date(doc.date), url=doc.url or None, source=doc.sitename or None,
                  body_start=body_start, origin=origin, encoding=encoding)
