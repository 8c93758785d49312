"""The archive commands: `svodka ingest` builds it; `search`, `quotes`, `entities`, `entity`, `export` read it.

Data goes to stdout (a table for people, JSON Lines or CSV for programs); progress, notes and errors go to
stderr, so `svodka quotes --format jsonl > out.jsonl` stays clean.
"""
from __future__ import annotations

import json
import re
import sys
import time
from datetime import date, datetime
from enum import Enum
from pathlib import Path

import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, ProgressColumn, TextColumn, TimeRemainingColumn
from rich.table import Table
from rich.text import Text

from ..store.postgres import safe_url
from ..store.records import entity_ref
from . import app

DB_HELP = ("Archive database: a SQLite file (created by ingest if absent), or a PostgreSQL database as "
           "postgresql://user@host[:port]/name (its tables created if absent).")
DB_OPTION = typer.Option("svodka.db", "--db", help=DB_HELP, envvar="SVODKA_DB")
# what `stories`, `story` and `threads` share
RECLUSTER_OPTION = typer.Option(False, "--recluster", help="Cluster the window now (deterministic: the same "
                                "window, the same stories, numbered from 1) instead of reading the stories kept at "
                                "ingest.")
STORIES_ABOUT_OPTION = typer.Option(None, "--about", "-a", help="Only stories whose articles name this entity (any "
                                    "form).")
# seconds between redraws of ingest's progress bar (rich's own refresh rate)
REFRESH_EVERY = 0.1


class Format(str, Enum):
    table = "table"
    jsonl = "jsonl"
    csv = "csv"


class ExportFormat(str, Enum):
    jsonl = "jsonl"
    csv = "csv"
    parquet = "parquet"


class What(str, Enum):
    articles = "articles"
    quotes = "quotes"
    entities = "entities"
    figures = "figures"


class Kind(str, Enum):
    direct = "direct"
    indirect = "indirect"


def _err() -> Console:
    return Console(stderr=True, soft_wrap=True, highlight=False)


def _open(db: str, must_exist: bool = True, knowledge=None):
    from ..archive import Archive

    if must_exist and "://" not in db and not Path(db).exists():
        _err().print("[red]error[/red] " + escape(f"no archive at {db}; build one with: svodka ingest SOURCE… --db {db}"))
        raise typer.Exit(2)
    if "://" not in db and Path(db).exists():
        from ..store.schema import SCHEMA_VERSION, pending

        upgrade = pending(db)
        if upgrade:
            had, n = upgrade
            # measured: about 1 ms per stored article (209,340 articles in 165 s); from version 3 on, the
            # upgrades copy columns (seconds)
            what = (f"{n:,} stored articles are linked again (about {max(1, n // 1000)} s)" if had < 3
                    else f"{n:,} stored articles get a table of the channels that published them" if had < 4
                    else f"new tables; the {n:,} stored articles get no stored story (their windows are "
                         "clustered when asked)" if had < 10 else "new tables")
            _err().print(f"[yellow]note[/yellow] upgrading {escape(db)} from schema version {had} to "
                         f"{SCHEMA_VERSION}: {what}…")
    if knowledge is None:
        from .knowledge import run
        if run().roles_given:  # `svodka --roles F quotes --speaker TITLE`: the titles of that file too
            knowledge = run().knowledge()
    try:
        return Archive(db, knowledge=knowledge)
    except Exception as e:  # not a database, newer schema, missing directory: say which file and why
        _err().print(f"[red]error[/red] {escape(str(e))}")
        raise typer.Exit(2) from None


def _date(value: str | None, option: str) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        _err().print("[red]error[/red] " + escape(f"{option} wants a date as YYYY-MM-DD, got {value!r}"))
        raise typer.Exit(2) from None


# --- ingest -------------------------------------------------------------------------------------------------

class RateColumn(ProgressColumn):
    """Articles per second over the whole run (rich's speed column is for bytes)."""

    def render(self, task) -> Text:
        elapsed = task.elapsed or 0
        rate = task.completed / elapsed if elapsed > 0 else 0
        return Text(f"{rate:,.1f} articles/s", style="progress.data.speed")


_ENTRY = re.compile(rb"<(?:\w+:)?(?:item|entry)[\s>/]")


def estimate_total(sources: list[str]) -> int | None:
    """How many articles the sources hold, counted cheaply for the ETA (lines of JSONL, entries of feeds)."""
    from ..ingest.readers import JSONL, READ_ERRORS, expand_sources, split_suffix
    from ..model import IngestError

    total = 0
    for path in expand_sources(sources):
        if path == "-":
            return None
        if isinstance(path, IngestError):
            total += 1
            continue
        suffix, opener = split_suffix(path)
        try:
            if suffix in JSONL:
                with opener(path, "rb") as f:
                    total += sum(1 for line in f if line.strip())
            elif suffix in (".rss", ".atom", ".xml"):
                with opener(path, "rb") as f:
                    total += max(1, len(_ENTRY.findall(f.read())))
            else:
                total += 1
        except READ_ERRORS:  # only an estimate: reading the file reports what is wrong with it
            total += 1
    return total


@app.command(epilog=(
    "Examples:\n\n"
    "  svodka ingest news/ --db news.db\n\n"
    "  svodka ingest 'pages/**/*.html' feeds/lenta.rss dump.jsonl\n\n"
    "Run it again on the same sources to resume an interrupted ingest: what is stored is skipped."
))
def ingest(
    sources: list[str] = typer.Argument(..., metavar="SOURCE...",
                                        help="Articles: .txt, .jsonl, saved .html pages, RSS/Atom feeds (any of them .gz, .bz2 or .xz), directories, globs, -."),
    db: str = DB_OPTION,
    max_chars: int = typer.Option(1_000_000, help="Skip (and report) articles longer than this many characters."),
    show_failures: int = typer.Option(20, help="Print at most this many failures as they happen."),
    workers: int = typer.Option(1, "--workers", "-w", min=1, max=64,
                                help="Analyse in this many processes (one per core is a good start); one "
                                     "process still writes, batch by batch, so resume and crash safety hold."),
) -> None:
    """Analyse articles and store them in the archive; the same article is stored once, a changed one replaced.

    A post whose text is already stored (a repost in another channel, even under another channel's footer) is
    not stored again: the archive notes one more appearance of it, with its channel, time and link."""
    err = _err()
    if not _readable(sources):
        # nothing to read: say why, and leave no empty archive behind
        from ..ingest.readers import expand_sources
        from ..model import IngestError
        for item in expand_sources(sources):
            if isinstance(item, IngestError):
                err.print(f"[red]failed[/red] {escape(str(item))}")
        err.print(f"[red]nothing to ingest[/red]; {escape(safe_url(db))} was not "
                  + ("changed" if "://" in db or Path(db).exists() else "created"))
        raise typer.Exit(1)
    from .knowledge import storing_knowledge
    knowledge = storing_knowledge()  # before the archive is opened: an unusable model creates no file
    archive = _open(db, must_exist=False, knowledge=knowledge)
    total = estimate_total(sources)
    printed = 0
    t0 = time.perf_counter()
    # Redrawn from `tick` (at most REFRESH_EVERY apart), not by rich's refresh thread: with no thread of its own
    # this process may fork its analysing workers (parallel.py), and a bar that only moves when an article is
    # done loses nothing.
    progress = Progress(TextColumn("[progress.description]{task.description}"), BarColumn(), MofNCompleteColumn(),
                        RateColumn(), TextColumn("eta"), TimeRemainingColumn(), console=err, transient=False,
                        auto_refresh=False)
    drawn = 0.0

    with progress:
        task = progress.add_task("loading models", total=total)

        def tick(report):
            nonlocal printed, drawn
            while printed < min(report.failed, show_failures):
                f = report.failures[printed]
                progress.console.print(f"[red]failed[/red] {escape(str(f))}")
                printed += 1
            progress.update(task, completed=report.seen, description="ingesting",
                            total=max(total, report.seen) if total is not None else None)
            if (now := time.perf_counter()) - drawn >= REFRESH_EVERY:
                progress.refresh()
                drawn = now

        try:
            report = archive.ingest(sources, max_chars=max_chars, progress=tick, workers=workers)
        except KeyboardInterrupt:
            err.print("[yellow]interrupted[/yellow]: what was stored is kept; run the same command to resume")
            raise typer.Exit(130) from None
        except ConnectionError as e:  # the database went away mid-ingest (a PostgreSQL restart)
            err.print(f"[red]error[/red] {escape(str(e))}; what earlier batches stored is kept: run the same "
                      "command to resume")
            raise typer.Exit(2) from None
        finally:
            archive.close()
        progress.update(task, description="done")

    secs = time.perf_counter() - t0
    err.print(ingest_summary(report) + f" in {secs:.1f} s → {escape(safe_url(db))}")
    _failure_reasons(err, report, show_failures)
    if report.seen and report.failed == report.seen:
        raise typer.Exit(1)


def ingest_summary(report) -> str:
    """What happened to every post read, in words: a rerun must not look like a pile of duplicates."""
    red = ("[red]", "[/red]") if report.failed else ("", "")
    return (f"[bold]{report.new}[/bold] new, [bold]{report.updated}[/bold] updated, "
            f"[bold]{report.stored}[/bold] already stored, "
            f"[bold]{report.duplicates}[/bold] duplicates of other posts, "
            f"[bold]{report.appearances}[/bold] new appearances in other channels, "
            f"[bold]{red[0]}{report.failed}{red[1]}[/bold] failed")


def _readable(sources: list[str]) -> bool:
    """Whether any source names something to read: stdin, or a file a directory or pattern gives."""
    from ..ingest.readers import expand_sources
    from ..model import IngestError
    return any(not isinstance(p, IngestError) for p in expand_sources(sources))


def _reason_kind(reason: str) -> str:
    """A failure reason without its particulars, to group them in the summary."""
    return re.sub(r"(?<![\w-])\d[\d,]*", "N", reason.split(" (")[0])[:80]  # («UTF-8» is a name, not a count)


# --- output helpers -----------------------------------------------------------------------------------------

SOURCE_HELP = "Only what this channel or outlet published (any case; a repost counts). Repeat for several."
TZ_HELP = "Time zone for publication times (IANA name), named in the table header and the CSV column."
EXCEL_HELP = "CSV for spreadsheets: UTF-8 BOM, ';' between fields, date, speaker, quote, source and link first."
UNKNOWN = "unknown"
HEADLINE_CHARS = 50


def _tz(tz: str):
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError
    try:
        return ZoneInfo(tz)
    except (ZoneInfoNotFoundError, ValueError):
        _err().print("[red]error[/red] " + escape(f"--tz wants a time zone name such as Europe/Moscow or UTC, got {tz!r}"))
        raise typer.Exit(2) from None


def _write_rows(rows: list[dict], format: Format, what: str = "", tz: str = "Europe/Moscow",
                excel: bool = False) -> None:
    if format is Format.jsonl:
        for r in rows:
            sys.stdout.write(json.dumps(r, ensure_ascii=False) + "\n")
    else:
        from ..archive import csv_row, write_csv
        write_csv((csv_row(r, what, tz, excel) for r in rows), sys.stdout, excel=excel)
    sys.stdout.flush()


def _marked(snippet: str) -> str:
    """`**word**` marks from the store as rich bold."""
    parts = snippet.split("**")
    return "".join(f"[bold yellow]{escape(p)}[/bold yellow]" if i % 2 else escape(p) for i, p in enumerate(parts))


def _when(dt, tz=None) -> str:
    from ..archive import local_time
    if not dt:
        return "—"
    if tz is None:
        return dt.strftime("%Y-%m-%d")
    return local_time(dt, tz).strftime("%Y-%m-%d %H:%M")


def _shown(article, sources: list[str] | None):
    """The appearance to show for an article: the first in a channel the user asked for, else the first."""
    from ..store.keys import source_key
    apps = article.appearances
    if sources and apps:
        keys = {source_key(s) for s in sources}
        for a in apps:
            if source_key(a.source) in keys:
                return a
    if apps:
        return apps[0]
    from ..store.records import Appearance
    return Appearance(article.source, article.published, article.url)


def _source_cell(article, sources: list[str] | None, title: bool = True) -> str:
    """The channel or outlet, how many channels carried the text, and the article's headline."""
    shown = _shown(article, sources)
    n = len(article.sources)
    from ..ingest.clean import shorten
    # the headline names the story; the quote beside it is what the row is about, so it gets the room
    head = escape(shorten(article.headline or article.title or "", HEADLINE_CHARS)) if title else ""
    if not shown.source:
        return head or "[dim]—[/dim]"
    cell = escape(shown.source) + (f" [bold magenta]×{n} channels[/bold magenta]" if n > 1 else "")
    return cell + (f"\n[dim]{head}[/dim]" if head else "")


def _speaker(name: str | None) -> str:
    return escape(name) if name else f"[dim]{UNKNOWN}[/dim]"


def _singular(noun: str) -> str:
    # «stories» is not «storie», «entities» not «entitie»
    if noun.endswith("ies"):
        return noun[:-3] + "y"
    return noun[:-1] if noun.endswith("s") else noun


def _left_out(shown: int, total: int, noun: str, option: str, format: Format, rows: int | None = None) -> None:
    """Every listing says how much it did not show. `rows`: the rows the `shown` items were folded into, when
    fewer (one statement repeated by several posts is one row)."""
    line = f"{shown:,} of {total:,} {noun}" if total > shown else (
        f"{total:,} {noun}" if total != 1 else f"1 {_singular(noun)}")
    if rows is not None and rows < shown:
        line += f" in {rows:,} statement{'s' if rows != 1 else ''} (one said again in other posts is listed once)"
    if total > shown:
        line += f"; {option} to see more"
    if format is Format.table:
        Console(highlight=False).print(f"[dim]{escape(line)}[/dim]")
    else:  # stdout is data
        _err().print(f"[dim]{escape(line)}[/dim]")


def _nothing(what: str) -> None:
    _err().print(f"[dim]{what}[/dim]")


def _undated_hint(undated: int) -> None:
    """Windows are dates: an article with no publication time (a text with no date line) is in none of them,
    and without a word a reader would take it for lost."""
    if undated:
        _err().print(f"[dim]{undated:,} stored article{'s have' if undated != 1 else ' has'} no publication date and "
                     "no window holds it: `svodka articles` lists them last, `svodka story ID` shows a story by its "
                     "id[/dim]")


def _table(*columns) -> Table:
    """A table that reads at 80 columns: short fields never wrap, long ones wrap at words in their share."""
    table = Table(box=None, show_header=True, header_style="bold", pad_edge=False, expand=False)
    for name, kw in columns:
        table.add_column(name, **kw)
    return table


NOWRAP = {"no_wrap": True, "overflow": "ellipsis"}
# «2024-11-05 10:15» whole; the zone goes on a second header line so the column is no wider than its dates
DATE_COL = {"no_wrap": True, "min_width": 16}


# --- queries ------------------------------------------------------------------------------------------------

SEARCH_HELP = (
    "What to find. Every word must occur, in any inflected form. "
    "[bold]a OR b[/bold]: either; [bold]\"a phrase\"[/bold]: these words in this order; "
    "[bold]-word[/bold] or [bold]-\"a phrase\"[/bold]: leave out what has it. Anything else (*, NEAR, brackets) "
    "is read as plain text."
)


@app.command(epilog=(
    'Examples:\n\n  svodka search "переговоры Токаева"\n\n'
    '  svodka search \'"мирные переговоры" OR перемирие -Газа\'\n\n'
    '  svodka search "газ" --kind quote --source "Новости Москвы" --format jsonl'),
    # a query may begin with an excluded word («-Газа»), which is not an option
    context_settings={"ignore_unknown_options": True})
def search(
    words: list[str] = typer.Argument(None, metavar="QUERY", help=SEARCH_HELP),
    db: str = DB_OPTION,
    limit: int = typer.Option(20, "--limit", "-n", help="How many results."),
    kind: str = typer.Option(None, help="Only 'article' or 'quote' results."),
    source: list[str] = typer.Option(None, "--source", help=SOURCE_HELP),
    tz: str = typer.Option("Europe/Moscow", "--tz", help=TZ_HELP),
    excel: bool = typer.Option(False, "--excel", help=EXCEL_HELP),
    format: Format = typer.Option(Format.table, "--format", "-f"),
) -> None:
    """Full-text search over articles and quotes, best matches first, with snippets.

    Words match in any inflected form; [bold]OR[/bold], [bold]"phrases"[/bold] and [bold]-word[/bold] work as
    in web search."""
    if kind not in (None, "article", "quote"):
        _err().print("[red]error[/red] --kind is 'article' or 'quote'")
        raise typer.Exit(2)
    zone = _tz(tz)
    from ..store.terms import parse
    query = " ".join(words or [])
    if not parse(query).clauses:
        _nothing(f"nothing to search for in {query!r}: give at least one word that is not excluded with -")
        return
    with _open(db) as archive:
        hits = archive.search(query, limit=limit, kind=kind, sources=source or None)
        total = archive.search_total(query, kind=kind, sources=source or None) if hits else 0
    if format is not Format.table:
        rows = []
        for h in hits:
            d = h.to_dict()
            art = d.pop("article")
            shown = _shown(h.article, source)
            d.update({"article_key": art["key"], "article_id": art["id"], "title": art["title"] or art["headline"],
                      "published": art["published"], "url": shown.url, "source": shown.source,
                      "sources": art["sources"]})
            rows.append(d)
        _write_rows(rows, format, "search", tz, excel)
        return _left_out(len(hits), max(total, len(hits)), "results", "--limit", format)
    if not hits:
        return _nothing(f"nothing found for {query!r}" + (f" in {', '.join(source)}" if source else ""))
    table = _table(("#", NOWRAP), (f"date\n({tz})", DATE_COL),
                   ("found in", {"ratio": 2, "overflow": "fold"}), ("snippet", {"ratio": 3, "overflow": "fold"}))
    for i, h in enumerate(hits, 1):
        where = (f"quote of {_speaker(h.speaker)} · " if h.kind == "quote" else "") + _source_cell(h.article, source)
        table.add_row(str(i), _when(_shown(h.article, source).published, zone), where, _marked(h.snippet))
    Console(highlight=False).print(table)
    _left_out(len(hits), max(total, len(hits)), "results", "--limit", format)


def _ambiguous(archive, speaker: str) -> None:
    """Say so when a name fits several people: their quotes are all listed, and each can be asked for alone."""
    if entity_ref(speaker) is not None:
        return
    people = [(e, n) for e, n in archive.speakers(speaker) if n]
    if len(people) < 2:
        return
    err = _err()
    err.print(f"[yellow]note[/yellow] {escape(repr(speaker))} names {len(people)} people; their quotes are all "
              f"listed. One of them alone: --speaker '#ID'")
    for e, n in people:
        err.print(f"  #{e.id}  {escape(e.name)}  [dim]{n:,} quote{'s' if n != 1 else ''}, "
                  f"{e.mentions:,} mentions[/dim]")


@app.command(epilog=(
    'Examples:\n\n  svodka quotes --speaker "Путин" --about "Казахстан" --since 2021-01-01\n\n'
    '  svodka quotes --speaker "Токаева" --kind direct --format csv --excel > tokaev.csv\n\n'
    '  svodka quotes --speaker "#12" --source "Новости Москвы"'
))
def quotes(
    speaker: str = typer.Option(None, "--speaker", "-s",
                                help="Who said it: any alias, any inflected form, or #ID from `svodka entities`."),
    about: str = typer.Option(None, "--about", "-a",
                              help="Words the quote must contain (any inflected form; OR, \"phrases\", -word)."),
    since: str = typer.Option(None, help="Said on or after this date (YYYY-MM-DD): the day the text gives for the "
                              "statement («в понедельник заявил»), else the day it was published."),
    until: str = typer.Option(None, help="Said up to and including this date (YYYY-MM-DD), as --since."),
    kind: Kind = typer.Option(None, help="direct or indirect speech."),
    source: list[str] = typer.Option(None, "--source", help=SOURCE_HELP),
    limit: int = typer.Option(100, "--limit", "-n"),
    newest_first: bool = typer.Option(False, "--newest-first", help="Latest statements first."),
    each_post: bool = typer.Option(False, "--each-post", help="List a statement once for every article that "
                                   "repeats it word for word (default: once, with the other articles under it)."),
    tz: str = typer.Option("Europe/Moscow", "--tz", help=TZ_HELP),
    excel: bool = typer.Option(False, "--excel", help=EXCEL_HELP),
    db: str = DB_OPTION,
    format: Format = typer.Option(Format.table, "--format", "-f"),
) -> None:
    """A person's statements in the order they were said, each with the channel or outlet that published it.

    A statement is dated by the day the text gives for it («21 августа … заявил», «в понедельник сказал»),
    else by its publication (the date column says «said» when the text gave the day). A statement reposted
    by several channels is listed once, marked «×N channels»; one that other posts repeat in their own words
    around it (the same speaker, the same quoted words) is listed once too, with those posts under it
    («+N more posts»; --each-post lists them apart)."""
    since_d, until_d = _date(since, "--since"), _date(until, "--until")
    zone = _tz(tz)
    sources = source or None
    with _open(db) as archive:
        if speaker:
            _ambiguous(archive, speaker)
        rows = archive.quotes(speaker=speaker, about=about, since=since_d, until=until_d,
                              kind=kind.value if kind else None, limit=limit, newest_first=newest_first,
                              sources=sources)
        total = archive.quotes_total(speaker=speaker, about=about, since=since_d, until=until_d,
                                     kind=kind.value if kind else None, sources=sources) if rows else 0
    fetched = len(rows)
    if not each_post:
        from ..store.repeats import fold_repeats
        rows = fold_repeats(rows)
    if format is not Format.table:
        from ..store.records import quote_dict
        out = []
        for q in rows:
            d = quote_dict(q)
            shown = _shown(q.article, sources)
            d.update(url=shown.url, source=shown.source)
            out.append(d)
        _write_rows(out, format, "quotes", tz, excel)
        return _left_out(fetched, max(total, fetched), "quotes", "--limit", format, len(rows))
    if not rows:
        return _nothing("no quotes found")
    table = _table((f"date\n({tz})", DATE_COL), ("speaker", {"ratio": 1, "min_width": 9}),
                   ("quote (direct in «», reported plain)", {"ratio": 3, "overflow": "fold"}),
                   ("source", {"ratio": 1, "min_width": 10}))
    for q in rows:
        table.add_row(_said(q, _shown(q.article, sources).published, zone), _speaker(q.speaker),
                      quote_cell(q), _source_cell(q.article, sources) + _repeats_cell(q))
    Console(highlight=False).print(table)
    _left_out(fetched, max(total, fetched), "quotes", "--limit", format, len(rows))


REPEAT_SOURCES = 3  # channels named under a statement before «…»


def _repeats_cell(q) -> str:
    """Under a statement's source: the other posts that repeat it (store/repeats.py), by channel."""
    if not q.repeats:
        return ""
    names: list[str] = []
    for r in q.repeats:
        for s in r.article.sources or [r.article.headline or r.article.id]:
            if s not in names:
                names.append(s)
    shown = ", ".join(escape(n) for n in names[:REPEAT_SOURCES]) + (", …" if len(names) > REPEAT_SOURCES else "")
    n = len(q.repeats)
    return f"\n[bold magenta]+{n} more post{'s' if n != 1 else ''}[/bold magenta] [dim]{shown}[/dim]"


def _said(q, published, zone) -> str:
    """The publication time, or the day the text says the statement was made with the publication below."""
    if q.said_at_from == "text" and q.said_at:
        return f"{q.said_at} [dim](said)[/dim]\n[dim]{_when(published, zone)}[/dim]"
    return _when(published, zone)


@app.command(epilog=(
    'Examples:\n\n  svodka figures --about "товарооборот"\n\n'
    '  svodka figures --about "инфляция" --since 2024-01-01 --format csv > inflation.csv\n\n'
    '  svodka figures --entity "Казахстан"'
))
def figures(
    about: str = typer.Option(None, "--about", "-a", help="What the figure measures (товарооборот, урожай "
                              "зерна, инфляция), any inflected form; OR, \"phrases\", -word."),
    entity: str = typer.Option(None, "--entity", "-e", help="Whose figure it is («товарооборот России»): any "
                               "alias in any form, or #ID."),
    since: str = typer.Option(None, help="Published on or after this date (YYYY-MM-DD)."),
    until: str = typer.Option(None, help="Published up to and including this date (YYYY-MM-DD)."),
    source: list[str] = typer.Option(None, "--source", help=SOURCE_HELP),
    limit: int = typer.Option(100, "--limit", "-n"),
    tz: str = typer.Option("Europe/Moscow", "--tz", help=TZ_HELP),
    excel: bool = typer.Option(False, "--excel", help=EXCEL_HELP),
    db: str = DB_OPTION,
    format: Format = typer.Option(Format.table, "--format", "-f"),
) -> None:
    """Figures (percentages, money, counts, measurements) with what they measure, newest first, each with
    its source and time; a change («вырос на 33 %») is marked with its direction."""
    since_d, until_d = _date(since, "--since"), _date(until, "--until")
    zone = _tz(tz)
    sources = source or None
    with _open(db) as archive:
        rows = archive.figures(about=about, entity=entity, since=since_d, until=until_d, sources=sources,
                               limit=limit)
        total = archive.figures_total(about=about, entity=entity, since=since_d, until=until_d,
                                      sources=sources) if rows else 0
    if format is not Format.table:
        out = []
        for f in rows:
            d = f.to_dict()
            art = d.pop("article")
            shown = _shown(f.article, sources)
            d.update(article_key=art["key"], article_id=art["id"], title=art["title"] or art["headline"],
                     url=shown.url, source=shown.source)
            out.append(d)
        _write_rows(out, format, "figures", tz, excel)
        return _left_out(len(rows), max(total, len(rows)), "figures", "--limit", format)
    if not rows:
        return _nothing("no figures found")
    table = _table((f"date\n({tz})", DATE_COL), ("figure", {"ratio": 1, "min_width": 12}),
                   ("measures", {"ratio": 1, "min_width": 10}), ("source", {"ratio": 2, "min_width": 10}))
    for f in rows:
        table.add_row(_when(_shown(f.article, sources).published, zone), figure_cell(f),
                      escape(" · ".join(x for x in (f.about, f.entity) if x) or "—"),
                      _source_cell(f.article, sources))
    Console(highlight=False).print(table)
    _left_out(len(rows), max(total, len(rows)), "figures", "--limit", format)


_ARROWS = {"up": "↑", "down": "↓"}


def figure_cell(f) -> str:
    """«более чем на 33 %» with its reading: 33 % (change ↑, more)."""
    value = f"{f.value:,.10g}" + (f"–{f.value_max:,.10g}" if f.value_max is not None else "")
    reading = ", ".join(x for x in ("change" if f.kind == "change" else None, _ARROWS.get(f.direction or ""),
                                    f.qualifier if f.qualifier != "range" else None) if x)
    return escape(f"{f.text}\n= {value} {f.unit or ''}".rstrip() + (f" ({reading})" if reading else ""))


# how a quote that is not a plain statement is marked in a table: a reader must not take a denied or promised
# clause for a claim of fact
KIND_MARKS = {"promise": "обещание", "denial": "опровержение", "opinion": "мнение", "demand": "требование",
              "question": "вопрос"}


def quote_cell(q) -> str:
    text = escape(q.text)
    cell = f"«{text}»" if q.kind == "direct" else text
    marks = [m for m in ("НЕ " + (q.cue or "") if q.negated else None, KIND_MARKS.get(q.cue_kind or "")) if m]
    return f"[bold]\\[{escape(', '.join(marks))}][/bold] {cell}" if marks else cell


@app.command(epilog='Examples:\n\n  svodka entities --type PER --top 20\n\n  svodka entities --source "Mash"')
def entities(
    type: str = typer.Option(None, "--type", "-t", help="PER, ORG, LOC…"),
    top: int = typer.Option(50, "--top", "-n"),
    source: list[str] = typer.Option(None, "--source", help=SOURCE_HELP + " Counts are then that source's."),
    db: str = DB_OPTION,
    format: Format = typer.Option(Format.table, "--format", "-f"),
) -> None:
    """The most mentioned people, organisations and places."""
    with _open(db) as archive:
        t = type.upper() if type else None
        rows = archive.entities(type=t, top=top, sources=source or None)
        total = archive.entities_total(type=t, sources=source or None) if rows else 0
    if format is not Format.table:
        _write_rows([r.to_dict() for r in rows], format, "entities")
        return _left_out(len(rows), max(total, len(rows)), "entities", "--top", format)
    if not rows:
        return _nothing("no entities" + (f" in {', '.join(source)}" if source else ""))
    table = _table(("id", {**NOWRAP, "justify": "right"}), ("type", NOWRAP), ("name", {"overflow": "fold"}),
                   ("mentions", {**NOWRAP, "justify": "right"}), ("articles", {**NOWRAP, "justify": "right"}))
    for r in rows:
        table.add_row(f"#{r.id}", r.type, escape(r.name), f"{r.mentions:,}", f"{r.articles:,}")
    Console(highlight=False).print(table)
    _left_out(len(rows), max(total, len(rows)), "entities", "--top", format)


def _print_holders(holders: list[dict], format: Format, tz: str, excel: bool) -> None:
    """A title's holders over time (the roles file's, else those the archive learnt from appositions), each
    with the quotes the archive has from their term."""
    if format is not Format.table:
        return _write_rows(holders, format, "holders", tz, excel)
    out = Console(highlight=False)
    learnt = bool(holders) and holders[0].get("source") == "archive"
    out.print(f"[bold]{escape(holders[0]['title'] if holders else '')}[/bold]  [dim]"
              + ("holders the archive learnt from articles («президент Казахстана Касым-Жомарт Токаев»): "
                 "first and last day an article said so; a quote goes to the holder seen closest to its date"
                 if learnt else "holders by the roles file") + "[/dim]")
    table = _table(("from", {"no_wrap": True}), ("to", {"no_wrap": True}), ("holder", {"ratio": 2}),
                   ("in the archive", {"ratio": 1}))
    for h in holders:
        where = f"#{h['entity_id']} · {h['quotes']:,} quotes in the term" if h["entity_id"] else "[dim]not mentioned[/dim]"
        if "articles" in h:
            where += f" · named so in {h['articles']:,} article{'s' if h['articles'] != 1 else ''}"
        table.add_row(h["from"] or "…", h["to"] or "now", escape(h["name"]), where)
    out.print(table)


@app.command(epilog='Examples:\n\n  svodka entity "Токаев"\n\n  svodka entity "Путина" --format jsonl')
def entity(
    name: str = typer.Argument(..., help="Any alias in any inflected form, or #ID from `svodka entities`."),
    type: str = typer.Option(None, "--type", "-t", help="Prefer an entity of this type (PER, ORG, LOC…)."),
    quotes: int = typer.Option(10, help="How many latest quotes to show."),
    source: list[str] = typer.Option(None, "--source", help=SOURCE_HELP),
    tz: str = typer.Option("Europe/Moscow", "--tz", help=TZ_HELP),
    excel: bool = typer.Option(False, "--excel", help=EXCEL_HELP),
    db: str = DB_OPTION,
    format: Format = typer.Option(Format.table, "--format", "-f"),
) -> None:
    """One entity: its aliases, mentions over time, who is mentioned with it, its latest quotes."""
    zone = _tz(tz)
    sources = source or None
    ref = entity_ref(name)
    key: str | int = name if ref is None else ref
    with _open(db) as archive:
        holders = archive.title_holders(name) if ref is None else None
        if holders is not None:
            return _print_holders(holders, format, tz, excel)
        p = archive.entity(key, type=type.upper() if type else None, quotes=quotes, sources=sources)
        others = []
        if p is not None and isinstance(key, str):
            others = [e for e in archive.store.resolve_entities(key, type.upper() if type else None)
                      if e != p.entity.id]
            others = [r for e in others[:10] if (r := archive.store._entity_row(e))]
    if p is None:
        _err().print(f"no entity called {name!r} in {db}" + (f" in {', '.join(source)}" if source else ""))
        raise typer.Exit(1)
    if others:
        _err().print(f"[yellow]note[/yellow] {escape(repr(name))} also names: " + ", ".join(
            f"#{o.id} {escape(o.name)} ({o.type}, {o.mentions:,} mentions)" for o in others)
            + "; ask for one as '#ID'")
    if format is Format.jsonl:
        return _write_rows([p.to_dict()], format)
    if format is Format.csv:  # one row per fact: section, name, value
        rows = [{"section": "entity", "name": p.entity.name, "value": p.entity.mentions, "detail": p.entity.type}]
        rows += [{"section": "alias", "name": a, "value": n, "detail": ""} for a, n in p.aliases]
        rows += [{"section": "month", "name": m, "value": n, "detail": ""} for m, n in p.timeline]
        rows += [{"section": "co_mentioned", "name": e.name, "value": n, "detail": e.type} for e, n in p.co_mentioned]
        rows += [{"section": "quote", "name": q.text, "value": _when(_shown(q.article, sources).published, zone),
                  "detail": _shown(q.article, sources).url or q.article.headline or q.article.id,
                  "source": "; ".join(q.article.sources)} for q in p.latest_quotes]
        for r in rows:
            r.setdefault("source", "")
        return _write_rows(rows, format, "entity", tz, excel)
    out = Console(highlight=False)
    e = p.entity
    out.print(f"[bold]{escape(e.name)}[/bold]  [dim]{e.type} · #{e.id} · {e.mentions:,} mentions in {e.articles:,} articles"
              + (f" of {escape(', '.join(source))}" if source else "") + "[/dim]")
    # a name the entity goes by that no article wrote as such (a normalised or full name) has no count
    out.print("[bold]aliases[/bold]  " + ", ".join(f"{escape(a)} ×{n}" if n else escape(a) for a, n in p.aliases))
    if p.timeline:
        out.print("[bold]mentions by month[/bold]")
        peak = max(n for _, n in p.timeline)
        for month, n in p.timeline:
            out.print(f"  {month}  {'█' * max(1, round(30 * n / peak))} {n}")
    if p.co_mentioned:
        out.print("[bold]mentioned with[/bold]  " + ", ".join(
            f"{escape(o.name)} [dim]({o.type}, {n})[/dim]" for o, n in p.co_mentioned))
    if p.talked_about_by:
        out.print("[bold]talked about by[/bold]  " + ", ".join(
            f"{escape(o.name)} [dim]({n} quote{'s' if n != 1 else ''})[/dim]" for o, n in p.talked_about_by))
    if p.latest_quotes:
        out.print(f"[bold]latest quotes[/bold] [dim]({len(p.latest_quotes)} of {p.quotes_total:,}"
                  + ("; --quotes to see more" if p.quotes_total > len(p.latest_quotes) else "") + ")[/dim]")
        table = _table((f"date\n({tz})", DATE_COL),
                       ("quote", {"ratio": 3, "overflow": "fold"}), ("source", {"ratio": 1, "min_width": 10}))
        from ..store.repeats import fold_repeats
        for q in fold_repeats(p.latest_quotes):
            table.add_row(_when(_shown(q.article, sources).published, zone), quote_cell(q),
                          _source_cell(q.article, sources) + _repeats_cell(q))
        out.print(table)


@app.command(epilog=(
    "Examples:\n\n  svodka export quotes --format csv > quotes.csv\n\n"
    "  svodka export quotes --format csv --excel -o quotes.csv --source \"Новости Москвы\"\n\n"
    "  svodka export articles --format parquet -o articles.parquet"
))
def export(
    what: What = typer.Argument(..., help="articles, quotes, entities or figures"),
    format: ExportFormat = typer.Option(ExportFormat.jsonl, "--format", "-f"),
    output: Path = typer.Option(None, "--output", "-o", help="File to write (default: standard output)."),
    source: list[str] = typer.Option(None, "--source", help=SOURCE_HELP),
    tz: str = typer.Option("Europe/Moscow", "--tz", help=TZ_HELP),
    excel: bool = typer.Option(False, "--excel", help=EXCEL_HELP),
    db: str = DB_OPTION,
) -> None:
    """Everything in the archive, as JSON Lines, CSV or Parquet; each row with every channel that published it."""
    err = _err()
    _tz(tz)
    if excel and format is not ExportFormat.csv:
        err.print("[red]error[/red] --excel is a kind of CSV: add --format csv")
        raise typer.Exit(2)
    if format is ExportFormat.parquet and output is None and sys.stdout.isatty():
        err.print("[red]error[/red] parquet is binary: give --output FILE or redirect standard output")
        raise typer.Exit(2)
    opts = {"sources": source or None, "excel": excel, "tz": tz}
    with _open(db) as archive:
        if format is ExportFormat.parquet:
            n = archive.export(what.value, "parquet", str(output) if output else sys.stdout.buffer, **opts)
        elif output is not None:
            with open(output, "w", encoding="utf-8", newline="") as f:
                n = archive.export(what.value, format.value, f, **opts)
        else:
            n = archive.export(what.value, format.value, sys.stdout, **opts)
            sys.stdout.flush()
    err.print(f"{n:,} {what.value} exported" + (f" to {output}" if output else ""))


def _jsonable(value):
    """Times as ISO strings, everywhere in a nested row."""
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_jsonable(v) for v in value]
    return value


@app.command(epilog=(
    'Examples:\n\n  svodka stories\n\n  svodka stories --since 2024-11-05 --until 2024-11-06 --about "Трамп"\n\n'
    '  svodka stories --since 2024-11-05 --until 2024-11-05 --recluster\n\n  svodka stories --format jsonl > stories.jsonl'
))
def stories(
    since: str = typer.Option(None, help="Articles published on or after this date (YYYY-MM-DD)."),
    until: str = typer.Option(None, help="Up to and including this date (YYYY-MM-DD)."),
    days: int = typer.Option(3, help="Without --since/--until: the last DAYS days of the archive."),
    about: str = STORIES_ABOUT_OPTION,
    recluster: bool = RECLUSTER_OPTION,
    limit: int = typer.Option(30, "--limit", "-n"),
    tz: str = typer.Option("Europe/Moscow", "--tz", help=TZ_HELP),
    db: str = DB_OPTION,
    format: Format = typer.Option(Format.table, "--format", "-f"),
) -> None:
    """Stories: one event told by many posts and outlets (reprints and rewrites together), biggest first, each
    with its time span, outlets and main actors. The stories kept at ingest, by their ids, when every article
    of the window has one (articles stored before stories were kept have none: such a window is clustered
    now, as with --recluster). `svodka story N` shows one."""
    zone = _tz(tz)
    with _open(db) as archive:
        rows = archive.stories(since=_date(since, "--since"), until=_date(until, "--until"), about=about, days=days,
                               recluster=recluster)
        undated = archive.undated_total()
    _undated_hint(undated)
    if format is not Format.table:
        _write_rows([_jsonable({k: v for k, v in s.items() if k != "statements"} | {
            "articles": len(s["articles"]), "article_keys": [a["key"] for a in s["articles"]]})
            for s in rows[:limit]], format, "stories", tz)
        return _left_out(min(limit, len(rows)), len(rows), "stories", "--limit", format)
    if not rows:
        return _nothing("no stories found")
    table = _table(("#", {"no_wrap": True}), (f"from\n({tz})", DATE_COL), ("articles", {"no_wrap": True}),
                   ("story", {"ratio": 3}), ("outlets", {"ratio": 1}), ("actors", {"ratio": 1}))
    for s in rows[:limit]:
        table.add_row(str(s["id"]), _when(s["first"], zone), str(len(s["articles"])), escape(s["title"]),
                      escape(", ".join(s["outlets"][:4]) + (f" +{len(s['outlets']) - 4}" if len(s["outlets"]) > 4 else "")),
                      escape(", ".join(s["actors"][:3])))
    Console(highlight=False).print(table)
    _left_out(min(limit, len(rows)), len(rows), "stories", "--limit", format)


@app.command(epilog='Example:\n\n  svodka stories --since 2024-11-05 --until 2024-11-06\n  svodka story 3 --since 2024-11-05 --until 2024-11-06')
def story(
    number: int = typer.Argument(..., help="The story's id in `svodka stories` (a stored story's id is its own, "
                                 "whatever the window; with --recluster, its number in that window)."),
    since: str = typer.Option(None, help="The window `svodka stories` was given (YYYY-MM-DD)."),
    until: str = typer.Option(None, help="The window's last day (YYYY-MM-DD)."),
    days: int = typer.Option(3, help="Without --since/--until: the last DAYS days of the archive."),
    about: str = typer.Option(None, "--about", "-a", help="As given to `svodka stories`."),
    recluster: bool = RECLUSTER_OPTION,
    tz: str = typer.Option("Europe/Moscow", "--tz", help=TZ_HELP),
    db: str = DB_OPTION,
    format: Format = typer.Option(Format.table, "--format", "-f"),
) -> None:
    """One story: its articles in time order with their outlets, its main actors, and who said what in it."""
    zone = _tz(tz)
    with _open(db) as archive:
        s = archive.story(number, since=_date(since, "--since"), until=_date(until, "--until"), about=about,
                          days=days, recluster=recluster)
    if s is None:
        _err().print(f"no story {number} (see `svodka stories` of the same window)")
        raise typer.Exit(1)
    if format is not Format.table:
        return _write_rows([_jsonable(s)], format, "story", tz)
    out = Console(highlight=False)
    out.print(f"[bold]{escape(s['title'])}[/bold]  [dim]{_when(s['first'], zone)} – {_when(s['last'], zone)} · "
              f"{len(s['articles'])} articles · {len(s['outlets'])} outlets[/dim]")
    if s["actors"]:
        out.print("[bold]actors[/bold]  " + escape(", ".join(s["actors"])))
    out.print(f"[bold]thread[/bold]  {s['thread']} (`svodka threads` of a window that holds this story)")
    table = _table((f"date\n({tz})", DATE_COL), ("outlet", {"ratio": 1}), ("article", {"ratio": 3}),
                   ("adds", {"ratio": 1}))
    for a in s["articles"]:
        what = "reprint of #%d" % a["reprint_of"] if a["reprint_of"] else ", ".join(a["adds"][:4])
        table.add_row(_when(a["published"], zone), escape(a["source"] or "—"), escape(f"#{a['key']} {a['title'] or ''}"),
                      escape(what))
    out.print(table)
    if s["statements"]:
        out.print("[bold]statements[/bold]")
        for q in s["statements"]:
            out.print(f"  {escape(q['speaker'] or 'unknown')}: " + escape(("«" + q["text"] + "»") if q["kind"] == "direct"
                                                                      else q["text"]))


@app.command(epilog='Example:\n\n  svodka threads --since 2024-11-01 --until 2024-11-10\n  svodka threads --about Коксаки')
def threads(
    since: str = typer.Option(None, help="Articles published on or after this date (YYYY-MM-DD)."),
    until: str = typer.Option(None, help="Up to and including this date (YYYY-MM-DD)."),
    days: int = typer.Option(30, help="Without --since/--until: the last DAYS days of the archive."),
    about: str = STORIES_ABOUT_OPTION,
    min_stories: int = typer.Option(2, "--min-stories", help="Leave out threads of fewer stories."),
    recluster: bool = RECLUSTER_OPTION,
    limit: int = typer.Option(20, "--limit", "-n"),
    tz: str = typer.Option("Europe/Moscow", "--tz", help=TZ_HELP),
    db: str = DB_OPTION,
    format: Format = typer.Option(Format.table, "--format", "-f"),
) -> None:
    """Threads: the stories of one ongoing subject across days and weeks (each story still its own event),
    newest first, with their stories' ids in `svodka stories` of the same window."""
    zone = _tz(tz)
    with _open(db) as archive:
        rows = archive.threads(since=_date(since, "--since"), until=_date(until, "--until"), about=about, days=days,
                               min_stories=min_stories, recluster=recluster)
        undated = archive.undated_total()
    _undated_hint(undated)
    if format is not Format.table:
        _write_rows([_jsonable(t) for t in rows[:limit]], format, "threads", tz)
        return _left_out(min(limit, len(rows)), len(rows), "threads", "--limit", format)
    if not rows:
        return _nothing("no threads of two or more stories in that window")
    out = Console(highlight=False)
    for t in rows[:limit]:
        out.print(f"[bold]thread {t['id']}[/bold]  [dim]{_when(t['first'], zone)} – {_when(t['last'], zone)} · "
                  f"{len(t['stories'])} stories · {t['articles']} articles · {escape(', '.join(t['actors'][:3]))}[/dim]")
        for st in t["stories"]:
            out.print(f"   {_when(st['first'], zone)}  story {st['id']:<4} {escape(st['title'][:100])} "
                      f"[dim]({st['articles']} articles)[/dim]")
    _left_out(min(limit, len(rows)), len(rows), "threads", "--limit", format)


@app.command(epilog=(
    'Examples:\n\n  svodka batch news/ --out batch-out/\n\n'
    '  svodka batch dump.jsonl --out batch-out/ --scheduler tcp://10.0.0.5:8786\n\n'
    '  svodka load batch-out/ --db svodka.db'
))
def batch(
    sources: list[str] = typer.Argument(..., metavar="SOURCE...", help="Articles, as for `svodka ingest`."),
    out: str = typer.Option(..., "--out", "-o", help="Directory for the Parquet tables (created)."),
    scheduler: str = typer.Option(None, "--scheduler", help="A Dask scheduler's address (tcp://host:8786); "
                                  "without it, a local cluster of --workers processes."),
    workers: int = typer.Option(2, "--workers", "-w", min=1, help="Processes of the local cluster."),
    partition: int = typer.Option(64, help="Articles per task."),
    max_chars: int = typer.Option(1_000_000, help="Skip (and report) articles longer than this many characters."),
) -> None:
    """Analyse articles on a Dask cluster and write Parquet tables (articles with their analyses, entities,
    mentions, quotes, dates, figures, errors), one file per partition; `svodka load DIR` stores them in an
    archive exactly as `svodka ingest` would. A real cluster: start `dask scheduler` on one host and
    `dask worker tcp://HOST:8786` on the others (each with svodka installed), then pass --scheduler."""
    from ..batch import run_batch
    from ..ingest.readers import ReadOptions, read_sources
    err = _err()
    if not _readable(sources):
        err.print("[red]nothing to read[/red]")
        raise typer.Exit(1)
    t0 = time.perf_counter()
    with Progress(TextColumn("analysing"), BarColumn(), MofNCompleteColumn(), RateColumn(), console=err,
                  transient=True) as bar:
        task = bar.add_task("", total=estimate_total(sources))
        counts = run_batch(read_sources(sources, ReadOptions(max_chars=max_chars)), Path(out), scheduler=scheduler,
                           workers=workers, partition=partition,
                           progress=lambda ok, failed: bar.update(task, completed=ok + failed),
                           knowledge=_given_knowledge())
    err.print(f"{counts['articles']} articles analysed, {counts['failed']} failed, {counts['partitions']} "
              f"partitions in {time.perf_counter() - t0:.1f} s → {escape(out)}")


def _given_knowledge():
    """This run's knowledge when the command line gave any (--roles, --lexicon, a model …), else None: the
    workers then use their own shipped files, and nothing is sent to them."""
    from .knowledge import analysis_knowledge, run
    return analysis_knowledge() if run().given_any else None


def _failure_reasons(err, report, shown: int) -> None:
    """After the summary line: how many failures of each kind, and how many were not printed."""
    if not report.failed:
        return
    reasons: dict[str, int] = {}
    for f in report.failures:
        reasons[_reason_kind(f.reason)] = reasons.get(_reason_kind(f.reason), 0) + 1
    for reason, n in sorted(reasons.items(), key=lambda kv: -kv[1]):
        err.print(f"  {n} × {escape(reason)}")
    if report.failed > shown:
        err.print(f"  ({report.failed - shown} failures not printed; raise --show-failures to see them)")


@app.command(epilog='Example:\n\n  svodka load batch-out/ --db svodka.db')
def load(
    directory: str = typer.Argument(..., help="A directory written by `svodka batch`."),
    db: str = DB_OPTION,
    show_failures: int = typer.Option(20, help="Print at most this many failures (articles not stored)."),
) -> None:
    """Store what `svodka batch` analysed: the same identity linking, dedup, appearances and per-batch
    transactions as `svodka ingest`."""
    from ..batch import load as load_batch
    from .knowledge import story_linker_ready
    if not (Path(directory) / "articles").is_dir():
        _err().print("[red]error[/red] " + escape(f"{directory}: no articles/ here; make one with `svodka batch`"))
        raise typer.Exit(2)
    story_linker_ready()
    t0 = time.perf_counter()
    archive = _open(db, must_exist=False)
    try:
        report = load_batch(Path(directory), archive)
    finally:
        archive.close()
    err = _err()
    for f in report.failures[:show_failures]:
        err.print(f"[red]failed[/red] {escape(str(f))}")
    err.print(ingest_summary(report) + f" in {time.perf_counter() - t0:.1f} s → {escape(safe_url(db))}")
    _failure_reasons(err, report, show_failures)


@app.command(epilog="Example:\n\n  svodka --roles my_roles.toml relink --db svodka.db")
def relink(db: str = DB_OPTION) -> None:
    """Link the stored articles' people, organisations and places again by the current rules and roles file
    (after editing it): prints which entities were merged or split. Nothing is analysed again; running it
    twice changes nothing the second time."""
    err = _err()
    t0 = time.perf_counter()
    with _open(db) as archive:
        report = _all_or_nothing("relinking", archive.stats()["articles"], err, archive.relink)
    out = Console(highlight=False)
    for now, were in report.merged:
        out.print(f"merged  {escape(now)}  ← " + ", ".join(escape(w) for w in were))
    for was, now in report.split:
        out.print(f"split   {escape(was)}  → " + ", ".join(escape(n) for n in now))
    err.print(f"{report.articles:,} articles relinked in {time.perf_counter() - t0:.1f} s: "
              + (f"{len(report.merged):,} entities merged, {len(report.split):,} split, {report.moved:,} "
                 f"mentions of an article moved to another entity" if report.changed else "nothing changed")
              + f" → {escape(safe_url(db))}")


@app.command(epilog="Examples:\n\n  svodka reanalyze --db svodka.db\n\n"
                    "  svodka --quotes-model my_model.json.gz reanalyze --since 2024-01-01 --workers 2")
def reanalyze(
    db: str = DB_OPTION,
    since: str = typer.Option(None, help="Only the articles published on or after this date (YYYY-MM-DD)."),
    workers: int = typer.Option(1, "--workers", "-w", min=1, max=64,
                                help="Analyse in this many processes, as ingest does."),
) -> None:
    """Analyse the stored articles again with this svodka and its models, and store the new analyses in place of
    the old: after upgrading svodka (articles stored before dates and figures were kept have none), or to apply
    another quote model, roles file or gazetteer. Each article keeps its id, every channel that published it
    and its entities' ids. Written batch by batch: an interrupted run keeps what it finished."""
    err = _err()
    since_d = _date(since, "--since")
    from .knowledge import storing_knowledge
    knowledge = storing_knowledge()
    archive = _open(db, knowledge=knowledge)
    t0 = time.perf_counter()
    keys = archive.store.stored_keys(since_d)
    # redrawn from the ticks, not by a thread of rich's: the workers may be forked (see ingest)
    progress = Progress(TextColumn("[progress.description]{task.description}"), BarColumn(), MofNCompleteColumn(),
                        RateColumn(), TextColumn("eta"), TimeRemainingColumn(), console=err, auto_refresh=False)
    drawn = 0.0
    with progress:
        task = progress.add_task("loading models", total=len(keys))
        seen = 0

        def tick(report):
            nonlocal seen, drawn
            seen += 1
            progress.update(task, completed=seen, description="analysing again")
            if (now := time.perf_counter()) - drawn >= REFRESH_EVERY:
                progress.refresh()
                drawn = now

        try:
            report = archive.reanalyze(since_d, progress=tick, workers=workers, keys=keys)
        except KeyboardInterrupt:
            err.print("[yellow]interrupted[/yellow]: the batches finished are stored; run the same command to "
                      "analyse all again")
            raise typer.Exit(130) from None
        except ConnectionError as e:
            err.print(f"[red]error[/red] {escape(str(e))}; the batches finished are stored")
            raise typer.Exit(2) from None
        finally:
            archive.close()
        progress.update(task, description="done")
    for f in report.failures[:20]:
        err.print(f"[red]failed[/red] {escape(str(f))}")
    red = ("[red]", "[/red]") if report.failed else ("", "")
    err.print(f"[bold]{report.updated:,}[/bold] articles analysed again, [bold]{red[0]}{report.failed}{red[1]}"
              f"[/bold] failed (kept as they were) in {time.perf_counter() - t0:.1f} s → {escape(safe_url(db))}")
    if report.failed:
        raise typer.Exit(1)


def _all_or_nothing(label: str, total: int | None, err: Console, run):
    """`run(progress=…)`, a pass over the archive in one transaction, under a progress bar; interrupted or cut
    from the database, it changed nothing, and says so."""
    with Progress(TextColumn(label), BarColumn(), MofNCompleteColumn(), RateColumn(), TextColumn("eta"),
                  TimeRemainingColumn(), console=err) as bar:
        task = bar.add_task(label, total=total)
        try:
            return run(progress=lambda done, n: bar.update(task, completed=done, total=n))
        except KeyboardInterrupt:
            err.print("[yellow]interrupted[/yellow]: nothing was changed")
            raise typer.Exit(130) from None
        except ConnectionError as e:
            err.print(f"[red]error[/red] {escape(str(e))}; nothing was changed")
            raise typer.Exit(2) from None


@app.command("backfill-stories", epilog="Example:\n\n  svodka backfill-stories --db svodka.db")
def backfill_stories(db: str = DB_OPTION) -> None:
    """Give a story to every article stored before stories were kept at ingest (an archive made by an older
    svodka): each is placed in publication order as ingest would have placed it, so `svodka stories` reads
    stored stories for those days too. Nothing is analysed again; running it twice places nothing the second
    time."""
    from .knowledge import story_linker_ready
    story_linker_ready()
    err = _err()
    t0 = time.perf_counter()
    with _open(db) as archive:
        n = _all_or_nothing("placing", None, err, archive.backfill_stories)
    err.print((f"{n:,} articles given a story" if n else "every article already has a story")
              + f" in {time.perf_counter() - t0:.1f} s → {escape(safe_url(db))}")


@app.command(epilog="Example:\n\n  svodka migrate --from svodka.db --to postgresql://svodka@db.example/svodka")
def migrate(
    source: str = typer.Option(..., "--from", metavar="FILE", help="The SQLite archive to move."),
    target: str = typer.Option(..., "--to", metavar="URL",
                               help="An empty PostgreSQL database: postgresql://user@host[:port]/name"),
) -> None:
    """Move a SQLite archive into PostgreSQL: every article, entity, quote, date and figure with the id it
    has, and the search index, so every query answers the same on both. Nothing is analysed again."""
    from ..store.postgres import PostgresStore, is_postgres
    from ..store.sqlite import SQLiteStore
    from ..store.transfer import TransferError, transfer

    err = _err()
    if not is_postgres(target):
        err.print("[red]error[/red] " + escape(f"--to wants a postgresql:// URL, got {target!r}"))
        raise typer.Exit(2)
    if "://" in source and not source.startswith("sqlite://"):
        err.print("[red]error[/red] " + escape(f"--from wants a SQLite archive file, got {source!r}"))
        raise typer.Exit(2)
    t0 = time.perf_counter()
    with _open(source.removeprefix("sqlite://")) as src, _open(target, must_exist=False) as dst:
        assert isinstance(src.store, SQLiteStore) and isinstance(dst.store, PostgresStore)
        try:
            copied = transfer(src.store, dst.store)
        except TransferError as e:
            err.print(f"[red]error[/red] {escape(str(e))}")
            raise typer.Exit(2) from None
    err.print(f"{copied['articles']:,} articles, {copied['quotes']:,} quotes, {copied['entities']:,} entities "
              f"moved in {time.perf_counter() - t0:.1f} s → {escape(safe_url(target))}")
