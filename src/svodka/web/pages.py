"""The server-rendered pages (Russian interface) over the same `Archive` as the JSON API.

Each page handler builds one plain dict, `data`, from its own bounded set of queries. The HTML page is
`data` rendered by a Jinja2 template (autoescaping on); its JSON twin (`Accept: application/json` or a
`.json` suffix) is `data` itself, so the two can never disagree.

Markup around article text (highlighted entities and quotes, search matches) is built here from offsets:
each piece of text is escaped on its own and only svodka's own tags are wrapped around it, so nothing an
article contains is ever read as markup.
"""
from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date, datetime, timedelta
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from jinja2 import Environment, FileSystemLoader
from markupsafe import Markup, escape

from ..archive import DEFAULT_TZ, local_time
from ..store.repeats import fold_repeats

if TYPE_CHECKING:
    from ..link.roles import Roles

HERE = Path(__file__).parent
LATEST_ARTICLES = 15
TOP = 10
PAGE_QUOTES = 30
MAX_PAGE_QUOTES = 200
SEARCH_RESULTS = 50
# A date filter is applied to the best matches: a window this wide keeps it one bounded query.
SEARCH_WINDOW = 300
# What the "talks about" panel reads: the newest quotes only, so the page costs the same for any speaker.
TALKS_QUOTES = 100
CHART_WEEKS = 156
MAX_QUERY_CHARS = 500

TYPE_NAMES = {"PER": "персона", "ORG": "организация", "LOC": "место", "EVENT": "событие"}
KIND_NAMES = {"direct": "прямая речь", "indirect": "косвенная речь"}
MONTHS = ["января", "февраля", "марта", "апреля", "мая", "июня", "июля", "августа", "сентября", "октября",
          "ноября", "декабря"]


def wants_json(request: Request) -> bool:
    accept = request.headers.get("accept", "")
    return "application/json" in accept and "text/html" not in accept


def _split_json(ref: str) -> tuple[str, bool]:
    return (ref[:-5], True) if ref.endswith(".json") else (ref, False)


# --- formatting ------------------------------------------------------------------------------------------

def ru_datetime(value: str | None, with_time: bool = True) -> str:
    if not value:
        return "без даты"
    try:
        dt = local_time(datetime.fromisoformat(value), DEFAULT_TZ)
    except (TypeError, ValueError):
        return str(value)
    out = f"{dt.day} {MONTHS[dt.month - 1]} {dt.year}"
    if with_time and (dt.hour or dt.minute):
        out += f", {dt.hour:02d}:{dt.minute:02d}"
    return out


def web_url(url: str | None) -> str | None:
    """An article's own link, only if it is a web address: escaping keeps a `javascript:` URL out of the
    markup, not out of an href."""
    return url if url and re.match(r"https?://", url, re.I) else None


def plural(n: int, one: str, few: str, many: str) -> str:
    n10, n100 = n % 10, n % 100
    word = one if n10 == 1 and n100 != 11 else few if 2 <= n10 <= 4 and not 12 <= n100 <= 14 else many
    return f"{n} {word}"


def marked(snippet: str) -> Markup:
    """A search snippet whose matches the store marked with `**`, as HTML: each piece escaped, matches in
    <mark>. An odd number of marks (the text itself had `**`) is shown unmarked rather than guessed."""
    parts = snippet.split("**")
    if len(parts) % 2 == 0:
        return escape(snippet)
    return Markup("").join(escape(p) if i % 2 == 0 else Markup("<mark>%s</mark>") % p
                           for i, p in enumerate(parts))


def highlight(text: str, mentions: list[dict], quotes: list[dict]) -> Markup:
    """`text` as HTML with entity mentions and quotes wrapped, built from their offsets.

    mentions: {start, end, type, name, entity_id|None, kind}; quotes: {id, start, end, kind, speaker,
    entity_id|None}. Spans may nest or overlap: the text is cut at every boundary, and each piece belongs to
    the innermost quote and the innermost mention that cover it, so the output is always well nested."""
    n = len(text)
    qs = [q for q in quotes if 0 <= q["start"] < q["end"] <= n]
    ms = [m for m in mentions if 0 <= m["start"] < m["end"] <= n]
    points = sorted({0, n, *(q["start"] for q in qs), *(q["end"] for q in qs),
                     *(m["start"] for m in ms), *(m["end"] for m in ms)})

    def innermost(spans, a, b):
        best = None
        for s in spans:
            if s["start"] <= a and b <= s["end"] and (best is None or s["end"] - s["start"] < best["end"] - best["start"]):
                best = s
        return best

    out: list[Markup] = []
    cur_q = cur_m = None

    def close_mention():
        nonlocal cur_m
        if cur_m is not None:
            out.append(Markup("</a>" if cur_m.get("entity_id") else "</span>"))
            cur_m = None

    def close_quote(at: int):
        nonlocal cur_q
        if cur_q is None:
            return
        out.append(Markup("</span>"))
        if at == cur_q["end"]:  # the quote's last piece: say who said it
            who = cur_q.get("speaker")
            if who and cur_q.get("entity_id"):
                out.append(Markup('<sup class="who"><a href="/entities/%s" title="%s">%s</a></sup>')
                           % (cur_q["entity_id"], f"Страница: {who}", who))
            elif who:
                out.append(Markup('<sup class="who">%s</sup>') % who)
        cur_q = None

    for a, b in zip(points, points[1:]):
        # spans are found by scanning: an article has tens of mentions and quotes, not thousands
        q = innermost(qs, a, b)
        m = innermost(ms, a, b)
        if q is not cur_q:
            close_mention()
            close_quote(a)
            if q is not None:
                who = q.get("speaker") or "говорящий не определён"
                out.append(Markup('<span class="q q-%s" id="q%s" title="%s">')
                           % (q["kind"], q["id"], f"{who} · {KIND_NAMES.get(q['kind'], q['kind'])}"))
                cur_q = q
        if m is not cur_m:
            close_mention()
            if m is not None:
                title = f"{m['name']} · {TYPE_NAMES.get(m['type'], m['type'])}"
                css = f"ent ent-{m['type']} k-{m['kind']}"
                if m.get("entity_id"):
                    out.append(Markup('<a class="%s" href="/entities/%s" title="%s">')
                               % (css, m["entity_id"], title))
                else:
                    out.append(Markup('<span class="%s" title="%s">') % (css, title))
                cur_m = m
        out.append(escape(text[a:b]))
    close_mention()
    close_quote(n)
    return Markup("").join(out)


# --- the weekly chart ------------------------------------------------------------------------------------

def weekly(mentions: list[tuple[str, int]], quotes: list[tuple[str, int]]) -> tuple[list[dict], int]:
    """Every week from the first to the last with mentions or quotes (the last CHART_WEEKS of them), gaps
    as zeros; and the mentions of undated articles, which no week can show."""
    m = dict(mentions)
    q = dict(quotes)
    undated = m.pop("unknown", 0)
    q.pop("unknown", None)
    weeks = sorted(w for w in {*m, *q} if w)
    if not weeks:
        return [], undated
    try:
        first, last = date.fromisoformat(weeks[0]), date.fromisoformat(weeks[-1])
    except ValueError:
        return [], undated
    first = max(first, last - timedelta(weeks=CHART_WEEKS - 1))
    out = []
    day = first
    while day <= last:
        k = day.isoformat()
        out.append({"week": k, "mentions": m.get(k, 0), "quotes": q.get(k, 0)})
        day += timedelta(weeks=1)
    return out, undated


def chart(timeline: list[dict]) -> dict | None:
    """Bar geometry of the weekly chart (the template draws it as inline SVG)."""
    if not timeline:
        return None
    top = max(max(t["mentions"], t["quotes"]) for t in timeline) or 1
    # a few weeks get wide bars, years of weeks narrow ones: the chart is scaled to the page's width anyway
    bar = max(3, min(20, 300 // (len(timeline) * 3)))
    gap, height = max(2, bar // 2), 120
    width = max(len(timeline) * (2 * bar + gap), 300)
    bars = []
    for i, t in enumerate(timeline):
        x = i * (2 * bar + gap)
        hm = round(t["mentions"] / top * height, 1)
        hq = round(t["quotes"] / top * height, 1)
        bars.append({"x": x, "bar": bar, "hm": hm, "ym": height - hm, "hq": hq, "yq": height - hq, **t})
    return {"width": width, "height": height, "bars": bars, "top": top,
            "first": timeline[0]["week"], "last": timeline[-1]["week"]}


# --- roles -----------------------------------------------------------------------------------------------

def roles_index(roles: Roles) -> dict[str, list[dict]]:
    """Person name → the titles the roles file gives them, newest term first."""
    out: dict[str, list[dict]] = {}
    for role in roles.roles:
        for h in role.holders:
            out.setdefault(h.name, []).append({
                "title": role.title, "from": h.start.isoformat() if h.start else None,
                "to": h.end.isoformat() if h.end else None})
    for terms in out.values():
        terms.sort(key=lambda r: r["from"] or "", reverse=True)
    return out


# --- the pages -------------------------------------------------------------------------------------------

class PageError(Exception):
    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


def _date_param(value: str | None, what: str) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise PageError(422, f"{what}: дата в виде ГГГГ-ММ-ДД, а не «{value[:40]}»") from None


def _text_param(value: str | None, what: str) -> str:
    value = (value or "").strip()
    if len(value) > MAX_QUERY_CHARS:
        raise PageError(422, f"{what}: не длиннее {MAX_QUERY_CHARS} символов")
    return value


def add_pages(app: FastAPI, reading: Callable, roles: Callable[[], Roles]) -> Callable[[Request, int, str], Response]:
    """Mount the pages and their static files on `app`; `reading()` opens the archive for one request,
    `roles()` gives the roles file (loaded on the first person page). Returns the error-page renderer the
    app's exception handlers use for requests from a browser."""
    env = Environment(loader=FileSystemLoader(HERE / "templates"), autoescape=True, trim_blocks=True,
                      lstrip_blocks=True)
    env.filters.update(ru_datetime=ru_datetime, marked=marked, web_url=web_url)
    env.globals.update(plural=plural, TYPE_NAMES=TYPE_NAMES, KIND_NAMES=KIND_NAMES)
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")

    @lru_cache(maxsize=1)
    def held() -> dict[str, list[dict]]:
        return roles_index(roles())

    def respond(request: Request, template: str, data: dict, as_json: bool, status: int = 200,
                **extra: Any) -> Response:
        headers = {"Vary": "Accept"}
        if as_json or wants_json(request):
            return JSONResponse(data, status_code=status, headers=headers)
        html = env.get_template(template).render(data=data, request_query=request.url.query, **extra)
        return HTMLResponse(html, status_code=status, headers=headers)

    def error_page(request: Request, status: int, message: str, as_json: bool = False) -> Response:
        return respond(request, "error.html", {"error": message}, as_json, status)

    # --- home ---

    def home_data() -> dict:
        with reading() as archive:
            stats = archive.stats()
            newest = archive.newest_published()
            today = date.today()
            # an archive of old news would show empty weeks: count back from its newest article instead
            anchor_newest = newest is not None and newest.date() < today - timedelta(days=7)
            anchor = newest.date() if anchor_newest else today
            periods = {}
            for name, days in (("week", 7), ("month", 30)):
                since = anchor - timedelta(days=days - 1)
                periods[name] = {
                    "since": since.isoformat(),
                    "quoted": [{**e.to_dict(), "quotes": n} for e, n in archive.top_quoted_since(since, TOP)],
                    "mentioned": [e.to_dict() for e in archive.top_mentioned_since(since, TOP)],
                }
            latest = [a.to_dict() for a in archive.articles(limit=LATEST_ARTICLES)]
        return {"archive": stats, "until": anchor.isoformat(), "counted_from_newest_article": anchor_newest,
                "latest_articles": latest, "week": periods["week"], "month": periods["month"]}

    @app.get("/", include_in_schema=False)
    def home(request: Request):
        return respond(request, "home.html", home_data(), False)

    @app.get("/index.json", include_in_schema=False)
    def home_json(request: Request):
        return respond(request, "home.html", home_data(), True)

    # --- entity ---

    @app.get("/entities/{ref}", include_in_schema=False)
    def entity_page(request: Request, ref: str, quotes: int = PAGE_QUOTES):
        from .api import _entity_ref
        ref, as_json = _split_json(ref)
        try:
            ref = _text_param(ref, "имя")
            if not ref:
                raise PageError(404, "не указано, чья это страница")
            n_quotes = max(0, min(quotes, MAX_PAGE_QUOTES))
            with reading() as archive:
                p = archive.entity(_entity_ref(ref), quotes=n_quotes, period="week")
                if p is None:
                    raise PageError(404, f"в архиве нет никого по имени «{ref[:100]}»")
                eid = p.entity.id
                qtimeline = archive.quote_timeline(eid, "week")
                talks = archive.quoted_entities(eid, quotes=TALKS_QUOTES, top=TOP)
        except PageError as e:
            return error_page(request, e.status, e.message, as_json)
        timeline, undated = weekly(p.timeline, qtimeline)
        name = p.entity.name
        roles_of = []
        if p.entity.type == "PER":
            r = roles()
            roles_of = held().get(r.canonical_person(name) or name, [])
        data = {
            "entity": p.entity.to_dict(),
            "aliases": [{"name": a, "mentions": n} for a, n in p.aliases],
            "roles": roles_of,
            "timeline": timeline,
            "undated_mentions": undated,
            "quotes": [q.to_dict() for q in fold_repeats(p.latest_quotes)],
            "quotes_total": p.quotes_total,
            "co_mentioned": [{**e.to_dict(), "shared_articles": n} for e, n in p.co_mentioned],
            "talks_about": [{**e.to_dict(), "quotes": n} for e, n in talks],
        }
        return respond(request, "entity.html", data, as_json, chart=chart(timeline))

    # --- article ---

    @app.get("/articles/{ref}", include_in_schema=False)
    def article_page(request: Request, ref: str):
        ref, as_json = _split_json(ref)
        key = int(ref) if re.fullmatch(r"\d{1,18}", ref) else None
        with reading() as archive:
            d = archive.article(key) if key else None
            if d is None:
                return error_page(request, 404, f"в архиве нет статьи с номером «{ref[:40]}»", as_json)
            quotes = archive.article_quotes(key)
            forms = archive.article_forms([key]).get(key, {})
        from ..store.records import local_entity_id
        entities = []
        mentions = []
        for e in d.get("entities", []):
            eid = local_entity_id(e, forms)
            entities.append({"id": e["id"], "entity_id": eid, "type": e["type"], "name": e["name"],
                             "mentions": len(e.get("mentions", []))})
            mentions += [{"start": m["start"], "end": m["end"], "kind": m.get("kind", "name"), "type": e["type"],
                          "name": e["name"], "entity_id": eid} for m in e.get("mentions", [])]
        entities.sort(key=lambda e: (-e["mentions"], e["name"]))
        qrows = []
        for q in quotes:
            qd = q.to_dict()
            qd.pop("article", None)
            qrows.append(qd)
        article = {k: d.get(k) for k in ("key", "id", "title", "headline", "published", "url", "source", "sources",
                                          "appearances", "text")}
        data = {"article": article, "entities": entities, "quotes": qrows,
                "dates": d.get("dates", []), "figures": d.get("figures", []),
                "archive_entities": d.get("archive_entities", [])}
        return respond(request, "article.html", data, as_json,
                       body=highlight(d.get("text") or "", mentions, qrows))

    # --- search ---

    def search_data(params) -> dict:
        from ..store.terms import parse, snippet
        q = _text_param(params.get("q"), "запрос")
        speaker = _text_param(params.get("speaker"), "кто сказал")
        kind = params.get("kind") or None
        if kind not in (None, "article", "quote"):
            raise PageError(422, "вид: article (статьи) или quote (цитаты)")
        etype = (params.get("type") or "").upper() or None
        if etype and etype not in TYPE_NAMES:
            raise PageError(422, f"тип: один из {', '.join(TYPE_NAMES)}")
        since, until = _date_param(params.get("since"), "с"), _date_param(params.get("until"), "по")
        filters = {"q": q, "kind": kind, "speaker": speaker or None, "type": etype,
                   "since": since.isoformat() if since else None, "until": until.isoformat() if until else None}
        out: dict[str, Any] = {"filters": filters, "entities": [], "hits": []}
        searchable = bool(q) and bool(parse(q).clauses)
        if not searchable and not speaker:
            return out
        with reading() as archive:
            if q and not speaker:
                # people and organisations the words name: the type filter picks among them
                out["entities"] = [e.to_dict() for e in archive.named(q, type=etype, top=TOP)]
            if speaker:
                # a speaker filter makes this a search of that person's quotes, in time order
                if kind == "article":
                    return out
                rows = archive.quotes(speaker=speaker, about=q if searchable else None, since=since, until=until,
                                      limit=SEARCH_RESULTS, newest_first=True)
                out["hits"] = [{"kind": "quote", "score": None,
                                "snippet": snippet(r.text, q) if searchable else r.text,
                                "article": r.article.to_dict(), "quote_id": r.id, "speaker": r.speaker,
                                "speaker_id": r.entity_id} for r in rows]
                return out
            if not searchable:
                return out
            window = SEARCH_WINDOW if (since or until) else SEARCH_RESULTS
            hits = archive.search(q, limit=window, kind=kind)
        for h in hits:
            pub = h.article.published.date() if h.article.published else None
            if (since or until) and (pub is None or (since and pub < since) or (until and pub > until)):
                continue
            out["hits"].append(h.to_dict())
            if len(out["hits"]) >= SEARCH_RESULTS:
                break
        return out

    def search_page(request: Request, as_json: bool):
        try:
            data = search_data(request.query_params)
        except PageError as e:
            return error_page(request, e.status, e.message, as_json)
        return respond(request, "search.html", data, as_json)

    @app.get("/search", include_in_schema=False)
    def search(request: Request):
        return search_page(request, False)

    @app.get("/search.json", include_in_schema=False)
    def search_json(request: Request):
        return search_page(request, True)

    return error_page
