"""The HTTP API: JSON over the same `Archive` methods the CLI calls, and ingest through the same path.

    app = create_app("news.db", token="s3cret")     # uvicorn.run(app), or `svodka serve`

Every request opens the archive afresh (well under a millisecond): the connection belongs to the worker
thread that serves the request, and a read transaction that starts after another process's commit sees it,
so a `svodka ingest` beside a running server shows up on the next request.

Lists are paged with an opaque cursor. It carries an offset and a fingerprint of the filters, so a cursor
used with other filters is refused instead of paging through a different list.
"""
from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import json
import logging
import re
import sqlite3
import threading
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from fastapi import Depends, FastAPI, Path as PathParam, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from pydantic import BaseModel, ConfigDict, Field, TypeAdapter, ValidationError, field_validator
from starlette.exceptions import HTTPException

from ..archive import Archive, IngestReport
from ..store.records import entity_ref
from ..store.repeats import fold_repeats
from .pages import add_pages

if TYPE_CHECKING:
    from ..knowledge import Knowledge

log = logging.getLogger("svodka.web")

# A batch of a few hundred articles is a few megabytes; anything far larger is better sent in parts than held
# in memory while it is analysed.
MAX_BODY_BYTES = 10 * 1024 * 1024
MAX_BATCH = 1000
MAX_PAGE = 200
DEFAULT_PAGE = 50
MAX_QUERY_CHARS = 500
MAX_SOURCES = 20
MAX_LATEST_QUOTES = 200
# A cursor is an offset; far beyond any real page walk, a forged one would only make SQLite count rows.
MAX_OFFSET = 1_000_000


class ApiError(HTTPException):
    """A client's mistake, answered as {"error": message} with its status."""


# --- request body ----------------------------------------------------------------------------------------

class ArticleIn(BaseModel):
    """One article, the JSONL article schema of `svodka ingest` (other fields are ignored, as there)."""
    model_config = ConfigDict(extra="ignore")

    id: str | int = Field(description="Your id for the article; kept as its `id`.")
    text: str = Field(description="The whole text (title and timestamp lines may lead it, as in a .txt file).")
    title: str | None = None
    published: str | None = Field(None, description="ISO 8601, or HH:MM DD/MM/YYYY.")
    url: str | None = None
    source: str | None = Field(None, description="The channel or outlet that published it.")

    @field_validator("id")
    @classmethod
    def _id(cls, v: str | int) -> str:
        v = str(v).strip()
        if not v:
            raise ValueError("id is empty")
        return v

    @field_validator("text")
    @classmethod
    def _text(cls, v: str) -> str:
        from ..ingest.readers import MAX_CHARS
        if not v.strip():
            raise ValueError("text is empty")
        if len(v) > MAX_CHARS:
            raise ValueError(f"text is {len(v):,} characters, over the limit of {MAX_CHARS:,}")
        return v

    @field_validator("published")
    @classmethod
    def _published(cls, v: str | None) -> str | None:
        from ..ingest.readers import parse_published
        parse_published(v)  # its ValueError says what is wrong with the date
        return v


_ARTICLES = TypeAdapter(list[ArticleIn])
_ARTICLE_SCHEMA = ArticleIn.model_json_schema()


# --- cursors ---------------------------------------------------------------------------------------------

def _fingerprint(what: str, filters: dict[str, Any]) -> str:
    raw = json.dumps([what, filters], sort_keys=True, default=str, ensure_ascii=False)
    return hashlib.blake2b(raw.encode(), digest_size=6).hexdigest()


def encode_cursor(offset: int, fingerprint: str) -> str:
    raw = json.dumps({"o": offset, "f": fingerprint}, separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(cursor: str | None, fingerprint: str) -> int:
    if not cursor:
        return 0
    try:
        d = json.loads(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)))
        offset = d["o"]
        ok = isinstance(d, dict) and isinstance(offset, int) and not isinstance(offset, bool) \
            and 0 <= offset <= MAX_OFFSET
    except (ValueError, TypeError, KeyError, binascii.Error, UnicodeDecodeError):
        ok = False
    if not ok:
        raise ApiError(400, "cursor is not one this server gave; start again without it")
    if d.get("f") != fingerprint:
        raise ApiError(400, "cursor belongs to a query with other filters; start again without it")
    return offset


def _page(items: list, limit: int, offset: int, fingerprint: str, total: int | None,
          more: bool | None = None) -> dict:
    """A page from `limit + 1` fetched items: the extra one only says that there is a next page (or `more`
    says so, where the items were folded from the fetched rows)."""
    more = len(items) > limit if more is None else more
    out: dict[str, Any] = {"items": items[:limit],
                           "next_cursor": encode_cursor(offset + limit, fingerprint) if more else None}
    if total is not None:
        out["total"] = total
    return out


# --- request helpers -------------------------------------------------------------------------------------

LIMIT = Query(DEFAULT_PAGE, ge=1, le=MAX_PAGE, description=f"Page size, at most {MAX_PAGE} (larger is a 422).")
CURSOR = Query(None, max_length=200, description="`next_cursor` of the previous page.")
TOTAL = Query(False, description="Also count every match (a separate query; off keeps pages fast).")
SINCE = Query(None, description="From this date on (YYYY-MM-DD).")
UNTIL = Query(None, description="Up to and including this date (YYYY-MM-DD).")
SOURCE = Query(None, description="Only what this channel or outlet published (any case; a repost counts). "
                                 f"Repeat for several, at most {MAX_SOURCES}.")


def _text_param(description: str, required: bool = False):
    return Query(... if required else None, min_length=1 if required else 0, max_length=MAX_QUERY_CHARS,
                 description=f"{description} At most {MAX_QUERY_CHARS} characters.")


def _sources(source: list[str] | None) -> list[str] | None:
    if not source:
        return None
    if len(source) > MAX_SOURCES:
        raise ApiError(422, f"at most {MAX_SOURCES} source parameters, got {len(source)}")
    for s in source:
        if len(s) > MAX_QUERY_CHARS:
            raise ApiError(422, f"a source is at most {MAX_QUERY_CHARS} characters, got {len(s):,}")
    return source


def _entity_ref(ref: str) -> str | int:
    """An entity id (`12` or `#12`) or a name."""
    if (eid := entity_ref(ref)) is not None:
        return eid
    return int(ref) if re.fullmatch(r"\s*\d{1,18}\s*", ref) else ref


_TYPE = re.compile(r"[A-Za-z]{2,10}")


def _type(type: str | None) -> str | None:
    if not type:
        return None
    if not _TYPE.fullmatch(type):
        raise ApiError(422, f"type is an entity type such as PER, ORG, LOC, got {type[:40]!r}")
    return type.upper()


def _error_text(errors: list[dict]) -> str:
    parts = []
    for e in errors[:5]:
        loc = [str(x) for x in e.get("loc", ())]
        where = loc[0] + "".join(f"[{x}]" if x.isdigit() else f".{x}" for x in loc[1:]) if loc else "request"
        parts.append(f"{where}: {e.get('msg', 'invalid')}")
    more = f" (and {len(errors) - 5} more)" if len(errors) > 5 else ""
    return "invalid request: " + "; ".join(parts) + more


def _plain_errors(errors) -> list[dict]:
    """Validation errors without the input they quote (which may be a whole article) or exception objects."""
    return [{"loc": [x if isinstance(x, (str, int)) else str(x) for x in e.get("loc", ())],
             "msg": str(e.get("msg", "")), "type": str(e.get("type", ""))} for e in errors]


# --- limits and headers ----------------------------------------------------------------------------------

class _TooLarge(HTTPException):
    pass


class BodyLimit:
    """Refuses bodies over `max_bytes` with 413: by Content-Length before reading, or while a chunked body
    streams in. Also marks every response nosniff, so a browser never renders JSON data as a page."""

    def __init__(self, app, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        message = f"request body over the limit of {self.max_bytes:,} bytes; send fewer articles per request"
        length = dict(scope.get("headers") or []).get(b"content-length")
        if length is not None:
            if not length.isdigit():
                return await _send_json(send, 400, {"error": "Content-Length is not a number"})
            if int(length) > self.max_bytes:
                return await _send_json(send, 413, {"error": message})
        seen = 0

        async def limited():
            nonlocal seen
            msg = await receive()
            if msg["type"] == "http.request":
                seen += len(msg.get("body", b""))
                if seen > self.max_bytes:
                    # an HTTPException, so FastAPI's body reading passes it on as it is rather than as a 400
                    raise _TooLarge(413, message)
            return msg

        async def nosniff(msg):
            if msg["type"] == "http.response.start":
                msg.setdefault("headers", [])
                msg["headers"] = [*msg["headers"], (b"x-content-type-options", b"nosniff")]
            await send(msg)

        await self.app(scope, limited, nosniff)


async def _send_json(send, status: int, body: dict) -> None:
    data = json.dumps(body, ensure_ascii=False).encode()
    await send({"type": "http.response.start", "status": status,
                "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(data)).encode()),
                            (b"x-content-type-options", b"nosniff")]})
    await send({"type": "http.response.body", "body": data})


# --- the app ---------------------------------------------------------------------------------------------

def create_app(db_path: str | Path, token: str | None = None, knowledge: Knowledge | None = None) -> FastAPI:
    """The API over the archive at `db_path`. `token` turns on POST /api/articles for requests that send it
    as `Authorization: Bearer <token>`; `knowledge` is what that ingest analyses with (default: shipped)."""
    db = str(db_path)
    token = token or None
    # one writer at a time from this process; SQLite's busy timeout serialises it with other processes
    write_lock = threading.Lock()

    app = FastAPI(
        title="svodka",
        summary="Who said what, about whom, and when, in Russian news: the archive over HTTP.",
        description=(
            "Read endpoints take no authentication. `POST /api/articles` needs `Authorization: Bearer <token>` "
            "and is off unless the server was started with a token. Lists are paged: pass `next_cursor` back "
            f"as `cursor`. Page size is at most {MAX_PAGE}; text parameters at most {MAX_QUERY_CHARS} "
            f"characters; request bodies at most {MAX_BODY_BYTES // (1024 * 1024)} MB. Errors are "
            '`{"error": "..."}`.'),
        version="1",
    )
    app.add_middleware(BodyLimit, max_bytes=MAX_BODY_BYTES)
    bearer = HTTPBearer(auto_error=False, description="The token the server was started with (--token).")

    @contextmanager
    def reading():
        with Archive(db) as archive:
            yield archive

    def _for_browser(request: Request) -> bool:
        # the API and its docs always answer JSON; anything else a browser asks for gets a page
        path = request.url.path
        return (not path.startswith(("/api", "/openapi", "/docs", "/redoc", "/static")) and not path.endswith(".json")
                and "text/html" in request.headers.get("accept", ""))

    @app.exception_handler(HTTPException)
    async def _http_error(request: Request, exc: HTTPException):
        if _for_browser(request) and exc.status_code in (404, 405):
            return error_page(request, exc.status_code,
                              "такой страницы нет" if exc.status_code == 404 else "этот метод здесь не принимается")
        return JSONResponse({"error": exc.detail}, status_code=exc.status_code, headers=exc.headers)

    @app.exception_handler(RequestValidationError)
    async def _invalid(request: Request, exc: RequestValidationError):
        errors = list(exc.errors())
        return JSONResponse({"error": _error_text(errors), "detail": _plain_errors(errors)}, status_code=422)

    @app.exception_handler(sqlite3.OperationalError)
    async def _busy(request: Request, exc: sqlite3.OperationalError):
        if "locked" in str(exc) or "busy" in str(exc):
            return JSONResponse({"error": "the archive is busy with a write; try again shortly"},
                                status_code=503, headers={"Retry-After": "2"})
        return await _crash(request, exc)

    @app.exception_handler(Exception)
    async def _crash(request: Request, exc: Exception):
        # the traceback goes to the server's log, never to the client
        log.error("%s %s failed", request.method, request.url.path, exc_info=exc)
        return JSONResponse({"error": "internal error; the server log has the details"}, status_code=500)

    def _roles():
        from ..link.roles import default_roles
        return knowledge.roles if knowledge else default_roles()

    error_page = add_pages(app, reading, _roles)

    @app.get("/api", summary="What the archive holds, and whether writing is on")
    def overview() -> dict:
        with reading() as archive:
            stats = archive.stats()
        return {"archive": stats, "writing": token is not None,
                "endpoints": ["/api/articles", "/api/articles/{key}", "/api/quotes", "/api/figures", "/api/entities",
                              "/api/entities/{ref}", "/api/search", "/openapi.json", "/docs"]}

    # --- articles ---

    @app.get("/api/articles", summary="Stored articles by publication time")
    def list_articles(
        since: date | None = SINCE,
        until: date | None = UNTIL,
        source: list[str] | None = SOURCE,
        entity: str | None = _text_param("Only articles that mention this entity: any alias in any inflected "
                                         "form (the most mentioned it names), or its id as 12 or #12."),
        newest_first: bool = Query(True, description="Latest first (undated articles come last either way)."),
        limit: int = LIMIT, cursor: str | None = CURSOR, total: bool = TOTAL,
    ) -> dict:
        sources = _sources(source)
        ent = _entity_ref(entity) if entity else None
        filters = {"since": since, "until": until, "source": sources, "entity": ent, "newest_first": newest_first}
        fp = _fingerprint("articles", filters)
        offset = decode_cursor(cursor, fp)
        with reading() as archive:
            rows = archive.articles(since=since, until=until, sources=sources, entity=ent, limit=limit + 1,
                                    offset=offset, newest_first=newest_first)
            n = archive.articles_total(since=since, until=until, sources=sources, entity=ent) if total else None
        return _page([a.to_dict() for a in rows], limit, offset, fp, n)

    @app.get("/api/articles/{key}", summary="One article: its text and full analysis")
    def get_article(key: int = PathParam(..., ge=1, le=2**62, description="The archive's key of the article.")) -> dict:
        with reading() as archive:
            d = archive.article(key)
        if d is None:
            raise ApiError(404, f"no article with key {key}")
        return d

    @app.post(
        "/api/articles", summary="Ingest one article or a list, as `svodka ingest` does",
        description=(f"The body is one article object or a list of at most {MAX_BATCH}. Answers with the "
                     "ingest report: new, updated, stored (already there), duplicates, appearances (reposts "
                     "kept as another channel's publication), failed and the failures."),
        openapi_extra={"requestBody": {"required": True, "content": {"application/json": {"schema": {
            "oneOf": [_ARTICLE_SCHEMA, {"type": "array", "items": _ARTICLE_SCHEMA, "maxItems": MAX_BATCH}]}}}}},
        responses={401: {"description": "Missing or wrong token"},
                   403: {"description": "Writing is off: the server has no token"},
                   413: {"description": "Body too large"}, 422: {"description": "Malformed articles"}},
    )
    async def post_articles(request: Request,
                            creds: HTTPAuthorizationCredentials | None = Depends(bearer)) -> dict:
        if token is None:
            raise ApiError(403, "writing is off: start the server with --token TOKEN (or the SVODKA_TOKEN "
                                "environment variable) and send Authorization: Bearer TOKEN")
        if creds is None or not hmac.compare_digest(creds.credentials.encode(), token.encode()):
            raise ApiError(401, "missing or wrong token: send Authorization: Bearer TOKEN",
                           headers={"WWW-Authenticate": "Bearer"})
        raw = await request.body()
        try:
            data = json.loads(raw)
        except UnicodeDecodeError:
            raise ApiError(422, "body is not UTF-8 JSON") from None
        except ValueError as e:
            raise ApiError(422, f"body is not JSON: {getattr(e, 'msg', e)} at line {getattr(e, 'lineno', '?')} "
                                f"column {getattr(e, 'colno', '?')}") from None
        items = [data] if isinstance(data, dict) else data
        if not isinstance(items, list):
            raise ApiError(422, "body is an article object or a list of them")
        if not items:
            raise ApiError(422, "the list of articles is empty")
        if len(items) > MAX_BATCH:
            raise ApiError(422, f"at most {MAX_BATCH} articles per request, got {len(items):,}")
        try:
            articles = _ARTICLES.validate_python(items)
        except ValidationError as e:
            # a single object was posted: its errors are the object's, not the first list item's
            one = isinstance(data, dict)
            errors = [{**err, "loc": ("body", *(err["loc"][1:] if one else err["loc"]))}
                      for err in e.errors(include_url=False)]
            raise RequestValidationError(errors) from None
        report = await run_in_threadpool(ingest, articles)
        return report.to_dict()

    def ingest(articles: list[ArticleIn]) -> IngestReport:
        from ..ingest.readers import ReadOptions, read_jsonl
        # through the JSONL reader, so an article posted here is read exactly as a line of a .jsonl file;
        # ASCII escapes keep U+2028 and friends from splitting a line
        lines = "\n".join(json.dumps(a.model_dump(exclude_none=True)) for a in articles)
        with write_lock, Archive(db, knowledge=knowledge) as archive:
            return archive.ingest_items(read_jsonl(lines, "api", ReadOptions()))

    # --- quotes ---

    @app.get("/api/quotes", summary="Statements in the order they were said")
    def list_quotes(
        speaker: str | None = _text_param("Who said it: any alias in any inflected form, or #ID."),
        about: str | None = _text_param("Words the quote must contain (any inflected form; OR, \"phrases\", -word)."),
        since: date | None = Query(None, description="Said on or after this day (YYYY-MM-DD): the day the text "
                                   "gives for the statement, else the day it was published (`said_at`)."),
        until: date | None = Query(None, description="Said up to and including this day (YYYY-MM-DD), as since."),
        kind: Literal["direct", "indirect"] | None = Query(None, description="direct or indirect speech."),
        source: list[str] | None = SOURCE,
        newest_first: bool = Query(False, description="Latest statements first."),
        fold: bool = Query(True, description="A statement that other posts of the page repeat word for word (the "
                           "same speaker) is one item, the others in its `repeats`; false lists each quote."),
        limit: int = LIMIT, cursor: str | None = CURSOR, total: bool = TOTAL,
    ) -> dict:
        sources = _sources(source)
        filters = {"speaker": speaker, "about": about, "since": since, "until": until, "kind": kind,
                   "source": sources, "newest_first": newest_first}
        fp = _fingerprint("quotes", filters)
        offset = decode_cursor(cursor, fp)
        q = {"speaker": speaker or None, "about": about or None, "since": since, "until": until, "kind": kind,
             "sources": sources}
        with reading() as archive:
            rows = archive.quotes(**q, limit=limit + 1, offset=offset, newest_first=newest_first)
            n = archive.quotes_total(**q) if total else None
            # a name that fits several people: all their quotes are listed, and each can be asked for by id
            people = ([] if not speaker or entity_ref(speaker) is not None
                      else [(e, k) for e, k in archive.speakers(speaker) if k])
        # the cursor moves over stored quotes: a page holds `limit` of them, folded into fewer items
        shown = fold_repeats(rows[:limit]) if fold else rows[:limit]
        page = _page([r.to_dict() for r in shown], limit, offset, fp, n, more=len(rows) > limit)
        if len(people) > 1:
            page["speakers"] = [{**e.to_dict(), "quotes": k} for e, k in people]
        return page

    # --- figures ---

    @app.get("/api/figures", summary="Figures with what they measure, newest first")
    def list_figures(
        about: str | None = _text_param("What the figure measures (товарооборот, инфляция), any inflected form."),
        entity: str | None = _text_param("Whose figure it is: any alias in any inflected form, or #ID."),
        since: date | None = SINCE,
        until: date | None = UNTIL,
        source: list[str] | None = SOURCE,
        limit: int = LIMIT, cursor: str | None = CURSOR, total: bool = TOTAL,
    ) -> dict:
        sources = _sources(source)
        filters = {"about": about, "entity": entity, "since": since, "until": until, "source": sources}
        fp = _fingerprint("figures", filters)
        offset = decode_cursor(cursor, fp)
        q = {"about": about or None, "entity": entity or None, "since": since, "until": until, "sources": sources}
        with reading() as archive:
            rows = archive.figures(**q, limit=limit + 1, offset=offset)
            n = archive.figures_total(**q) if total else None
        return _page([r.to_dict() for r in rows], limit, offset, fp, n)

    # --- stories and threads ---
    # the stories kept at ingest (stored ids) when the window's articles all have one; else, or with
    # recluster, computed for the window asked for (stories/): the same window gives the same numbers
    RECLUSTER = Query(False, description="Cluster the window now (numbered from 1) instead of reading the "
                                         "stories kept at ingest.")

    DAYS = Query(3, ge=1, le=3660, description="Without since/until: the last DAYS days of the archive.")
    ABOUT = _text_param("Only stories whose articles name this entity, in any form.")

    @app.get("/api/stories", summary="Stories of a window (one event told by many posts and outlets), biggest "
                                     "first")
    def list_stories(since: date | None = SINCE, until: date | None = UNTIL, days: int = DAYS,
                     about: str | None = ABOUT, recluster: bool = RECLUSTER, limit: int = LIMIT,
                     cursor: str | None = CURSOR, total: bool = TOTAL) -> dict:
        fp = _fingerprint("stories", {"since": since, "until": until, "days": days, "about": about,
                                      "recluster": recluster})
        offset = decode_cursor(cursor, fp)
        with reading() as archive:
            rows = archive.stories(since=since, until=until, about=about or None, days=days, recluster=recluster)
        items = [{k: v for k, v in s.items() if k not in ("articles", "statements")}
                 | {"articles": len(s["articles"]), "article_keys": [a["key"] for a in s["articles"]],
                    "statements": len(s["statements"])} for s in rows[offset:offset + limit + 1]]
        return _page(items, limit, offset, fp, len(rows) if total else None)

    @app.get("/api/stories/{number}", summary="One story of a window: articles with what each adds, outlets, "
                                              "actors, statements, thread")
    def get_story(number: int = PathParam(..., ge=1, le=10**9, description="Its id in /api/stories: a stored "
                                          "story's own, whatever the window; with recluster, its number in the "
                                          "same window."),
                  since: date | None = SINCE, until: date | None = UNTIL, days: int = DAYS,
                  about: str | None = ABOUT, recluster: bool = RECLUSTER) -> dict:
        with reading() as archive:
            story = archive.story(number, since=since, until=until, about=about or None, days=days,
                                  recluster=recluster)
        if story is None:
            raise ApiError(404, f"no story {number} (see /api/stories of the same window)")
        return story

    @app.get("/api/threads", summary="Threads: the stories of one ongoing subject across days, newest first")
    def list_threads(since: date | None = SINCE, until: date | None = UNTIL,
                     days: int = Query(30, ge=1, le=3660, description="Without since/until: the last DAYS days."),
                     about: str | None = ABOUT,
                     min_stories: int = Query(2, ge=1, le=1000, description="Leave out threads of fewer stories."),
                     recluster: bool = RECLUSTER, limit: int = LIMIT, cursor: str | None = CURSOR,
                     total: bool = TOTAL) -> dict:
        fp = _fingerprint("threads", {"since": since, "until": until, "days": days, "about": about,
                                      "min": min_stories, "recluster": recluster})
        offset = decode_cursor(cursor, fp)
        with reading() as archive:
            rows = archive.threads(since=since, until=until, about=about or None, days=days, min_stories=min_stories,
                                   recluster=recluster)
        return _page(rows[offset:offset + limit + 1], limit, offset, fp, len(rows) if total else None)

    # --- entities ---

    @app.get("/api/entities", summary="The most mentioned entities")
    def list_entities(
        type: str | None = Query(None, max_length=10, description="PER, ORG, LOC, … (any case)."),
        source: list[str] | None = Query(None, description="Counts over what this channel or outlet published."),
        limit: int = LIMIT, cursor: str | None = CURSOR, total: bool = TOTAL,
    ) -> dict:
        t, sources = _type(type), _sources(source)
        fp = _fingerprint("entities", {"type": t, "source": sources})
        offset = decode_cursor(cursor, fp)
        with reading() as archive:
            # the store ranks the top N; a page is a slice of the top offset + limit
            rows = archive.entities(type=t, top=offset + limit + 1, sources=sources)[offset:]
            n = archive.entities_total(type=t, sources=sources) if total else None
        return _page([r.to_dict() for r in rows], limit, offset, fp, n)

    @app.get("/api/entities/{ref}", summary="One entity: aliases, mentions per week, co-mentions, latest quotes; "
                                           "for a title (by the roles file, else as learnt from articles), its holders over time")
    def get_entity(
        ref: str = PathParam(..., max_length=MAX_QUERY_CHARS,
                             description="Its id (12 or #12, URL-encoded) or any alias in any inflected form."),
        type: str | None = Query(None, max_length=10, description="Prefer an entity of this type."),
        period: Literal["week", "month"] = Query("week", description="Timeline buckets: a week is named by "
                                                                     "its Monday (YYYY-MM-DD), a month YYYY-MM."),
        quotes: int = Query(10, ge=0, le=MAX_LATEST_QUOTES, description="How many latest quotes."),
        source: list[str] | None = SOURCE,
    ) -> dict:
        key = _entity_ref(ref)
        with reading() as archive:
            holders = archive.title_holders(ref) if isinstance(key, str) else None
            if holders is not None:  # a title: who held it when
                return {"title": holders[0]["title"] if holders else ref, "holders": holders}
            p = archive.entity(key, type=_type(type), quotes=quotes, sources=_sources(source), period=period)
        if p is None:
            raise ApiError(404, f"no entity called {ref[:100]!r}")
        d = p.to_dict()
        d["aliases"] = [{"name": a, "mentions": n} for a, n in p.aliases]
        d["timeline"] = [{"period": t, "mentions": n} for t, n in p.timeline]
        d["co_mentioned"] = [{**e.to_dict(), "shared_articles": n} for e, n in p.co_mentioned]
        d["talked_about_by"] = [{**e.to_dict(), "quotes": n} for e, n in p.talked_about_by]
        return d

    # --- search ---

    @app.get("/api/search", summary="Full-text search over articles and quotes, with snippets")
    def search(
        q: str = _text_param("Words in any inflected form; `a OR b`, `\"a phrase\"`, `-word`, as the CLI reads "
                             "them. Anything else is plain text.", required=True),
        kind: Literal["article", "quote"] | None = Query(None, description="Only articles or only quotes."),
        source: list[str] | None = SOURCE,
        limit: int = LIMIT, cursor: str | None = CURSOR, total: bool = TOTAL,
    ) -> dict:
        from ..store.terms import parse
        sources = _sources(source)
        fp = _fingerprint("search", {"q": q, "kind": kind, "source": sources})
        offset = decode_cursor(cursor, fp)
        if not parse(q).clauses:  # only exclusions, or no word at all: nothing to look for
            return _page([], limit, offset, fp, 0 if total else None)
        with reading() as archive:
            hits = archive.search(q, limit=limit + 1, offset=offset, kind=kind, sources=sources)
            n = archive.search_total(q, kind=kind, sources=sources) if total else None
        return _page([h.to_dict() for h in hits], limit, offset, fp, n)

    return app
