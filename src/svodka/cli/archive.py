"""The archive commands: `svodka ingest` builds it; `search`, `quotes`, `entities`, `entity`, `export` read it.

Data goes to stdout (a table for people, JSON Lines or CSV for programs); progress, notes and errors go to
stderr, so `svodka quotes --format jsonl > out.jsonl` stays clean.
"""
from __future__ import annotations

import csv
import json
import re
import sys
import time
from datetime import date
from enum import Enum
from pathlib import Path

import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, ProgressColumn, TextColumn, TimeRemainingColumn
from rich.table import Table
from rich.text import Text

from . import app

DB_HELP = "Archive database: a SQLite file (created by ingest if absent)."
DB_OPTION = typer.Option("svodka.db", "--db", help=DB_HELP, envvar="SVODKA_DB")


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


class Kind(str, Enum):
    direct = "direct"
    indirect = "indirect"


def _err() -> Console:
    return Console(stderr=True, soft_wrap=True, highlight=False)


def _open(db: str, must_exist: bool = True):
    from ..archive import Archive

    if must_exist and "://" not in db and not Path(db).exists():
        _err().print("[red]error[/red] " + escape(f"no archive at {db}; build one with: svodka ingest SOURCE… --db {db}"))
        raise typer.Exit(2)
    if "://" not in db and Path(db).exists():
        from ..store.schema import SCHEMA_VERSION, pending

        upgrade = pending(db)
        if upgrade:
            had, n = upgrade
            # measured: about 1 ms per stored article (209,340 articles in 165 s)
            _err().print(f"[yellow]note[/yellow] upgrading {escape(db)} from schema version {had} to "
                         f"{SCHEMA_VERSION}: {n:,} stored articles are linked again (about {max(1, n // 1000)} s)…")
    try:
        return Archive(db)
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
    from ..ingest.readers import expand_sources
    from ..model import IngestError

    total = 0
    for path in expand_sources(sources):
        if path == "-":
            return None
        if isinstance(path, IngestError):
            total += 1
            continue
        suffix = Path(path).suffix.lower()
        try:
            if suffix in (".jsonl", ".ndjson"):
                with open(path, "rb") as f:
                    total += sum(1 for line in f if line.strip())
            elif suffix in (".rss", ".atom", ".xml"):
                total += max(1, len(_ENTRY.findall(Path(path).read_bytes())))
            else:
                total += 1
        except OSError:
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
                                        help="Articles: .txt, .jsonl, saved .html pages, RSS/Atom feeds, directories, globs, -."),
    db: str = DB_OPTION,
    max_chars: int = typer.Option(1_000_000, help="Skip (and report) articles longer than this many characters."),
    show_failures: int = typer.Option(20, help="Print at most this many failures as they happen."),
) -> None:
    """Analyse articles and store them in the archive; the same article is stored once, a changed one replaced."""
    err = _err()
    archive = _open(db, must_exist=False)
    total = estimate_total(sources)
    printed = 0
    t0 = time.perf_counter()
    progress = Progress(TextColumn("[progress.description]{task.description}"), BarColumn(), MofNCompleteColumn(),
                        RateColumn(), TextColumn("eta"), TimeRemainingColumn(), console=err, transient=False)

    with progress:
        task = progress.add_task("loading models", total=total)

        def tick(report):
            nonlocal printed
            while printed < min(report.failed, show_failures):
                f = report.failures[printed]
                progress.console.print(f"[red]failed[/red] {escape(str(f))}")
                printed += 1
            progress.update(task, completed=report.seen, description="ingesting",
                            total=max(total, report.seen) if total is not None else None)

        try:
            report = archive.ingest(sources, max_chars=max_chars, progress=tick)
        except KeyboardInterrupt:
            err.print("[yellow]interrupted[/yellow]: what was stored is kept; run the same command to resume")
            raise typer.Exit(130) from None
        finally:
            archive.close()
        progress.update(task, description="done")

    secs = time.perf_counter() - t0
    err.print(f"[bold]{report.new}[/bold] new, [bold]{report.updated}[/bold] updated, "
              f"[bold]{report.duplicates}[/bold] duplicates, "
              f"[bold]{'[red]' if report.failed else ''}{report.failed}{'[/red]' if report.failed else ''}[/bold] failed "
              f"in {secs:.1f} s → {db}")
    if report.failed:
        reasons: dict[str, int] = {}
        for f in report.failures:
            reasons[_reason_kind(f.reason)] = reasons.get(_reason_kind(f.reason), 0) + 1
        for reason, n in sorted(reasons.items(), key=lambda kv: -kv[1]):
            err.print(f"  {n} × {escape(reason)}")
        if report.failed > show_failures:
            err.print(f"  ({report.failed - show_failures} failures not printed; raise --show-failures to see them)")
    if report.seen and report.failed == report.seen:
        raise typer.Exit(1)


def _reason_kind(reason: str) -> str:
    """A failure reason without its particulars, to group them in the summary."""
    return re.sub(r"\d[\d,]*", "N", reason.split(" (")[0])[:80]


# --- output helpers -----------------------------------------------------------------------------------------

def _write_rows(rows: list[dict], format: Format) -> None:
    if format is Format.jsonl:
        for r in rows:
            sys.stdout.write(json.dumps(r, ensure_ascii=False) + "\n")
    else:
        from ..archive import _flat
        writer = csv.writer(sys.stdout)
        if rows:
            writer.writerow(list(rows[0]))
        for r in rows:
            writer.writerow([_flat(v) for v in r.values()])
    sys.stdout.flush()


def _marked(snippet: str) -> str:
    """`**word**` marks from the store as rich bold."""
    parts = snippet.split("**")
    return "".join(f"[bold yellow]{escape(p)}[/bold yellow]" if i % 2 else escape(p) for i, p in enumerate(parts))


def _when(dt) -> str:
    return dt.strftime("%Y-%m-%d") if dt else "—"


def _nothing(what: str) -> None:
    _err().print(f"[dim]{what}[/dim]")


# --- queries ------------------------------------------------------------------------------------------------

@app.command(epilog='Examples:\n\n  svodka search "переговоры Токаева"\n\n  svodka search "газ" --kind quote --format jsonl')
def search(
    query: str = typer.Argument(..., help="Words to find, in any inflected form; every word must occur."),
    db: str = DB_OPTION,
    limit: int = typer.Option(20, "--limit", "-n", help="How many results."),
    kind: str = typer.Option(None, help="Only 'article' or 'quote' results."),
    format: Format = typer.Option(Format.table, "--format", "-f"),
) -> None:
    """Full-text search over articles and quotes, best matches first, with snippets."""
    if kind not in (None, "article", "quote"):
        _err().print("[red]error[/red] --kind is 'article' or 'quote'")
        raise typer.Exit(2)
    with _open(db) as archive:
        hits = archive.search(query, limit=limit, kind=kind)
    if format is not Format.table:
        rows = []
        for h in hits:
            d = h.to_dict()
            art = d.pop("article")
            d.update({"article_key": art["key"], "article_id": art["id"], "title": art["title"],
                      "published": art["published"], "url": art["url"]})
            rows.append(d)
        return _write_rows(rows, format)
    if not hits:
        return _nothing(f"nothing found for {query!r}")
    table = Table(box=None, show_header=True, header_style="bold", pad_edge=False)
    for col in ("#", "date", "found in", "snippet"):
        table.add_column(col, overflow="fold")
    for i, h in enumerate(hits, 1):
        where = (f"quote of {escape(h.speaker or 'unknown speaker')} in " if h.kind == "quote" else "") + \
            escape(h.article.title or h.article.id)
        table.add_row(str(i), _when(h.article.published), where, _marked(h.snippet))
    Console(highlight=False).print(table)


@app.command(epilog=(
    'Examples:\n\n  svodka quotes --speaker "Путин" --about "Казахстан" --since 2021-01-01\n\n'
    '  svodka quotes --speaker "Токаева" --kind direct --format csv > tokaev.csv'
))
def quotes(
    speaker: str = typer.Option(None, "--speaker", "-s", help="Who said it: any alias, any inflected form."),
    about: str = typer.Option(None, "--about", "-a", help="Words the quote must contain (any inflected form)."),
    since: str = typer.Option(None, help="From this date on (YYYY-MM-DD)."),
    until: str = typer.Option(None, help="Up to and including this date (YYYY-MM-DD)."),
    kind: Kind = typer.Option(None, help="direct or indirect speech."),
    limit: int = typer.Option(100, "--limit", "-n"),
    newest_first: bool = typer.Option(False, "--newest-first", help="Latest statements first."),
    db: str = DB_OPTION,
    format: Format = typer.Option(Format.table, "--format", "-f"),
) -> None:
    """A person's statements in time order, each with its source article."""
    since_d, until_d = _date(since, "--since"), _date(until, "--until")
    with _open(db) as archive:
        rows = archive.quotes(speaker=speaker, about=about, since=since_d, until=until_d,
                              kind=kind.value if kind else None, limit=limit, newest_first=newest_first)
    if format is not Format.table:
        out = []
        for q in rows:
            d = q.to_dict()
            art = d.pop("article")
            d.update({"article_key": art["key"], "article_id": art["id"], "title": art["title"], "url": art["url"]})
            out.append(d)
        return _write_rows(out, format)
    if not rows:
        return _nothing("no quotes found")
    table = Table(box=None, show_header=True, header_style="bold", pad_edge=False, show_lines=False)
    for col, kw in (("date", {"no_wrap": True}), ("speaker", {}), ("quote (direct in «», reported plain)", {"ratio": 3}),
                    ("source", {"ratio": 1})):
        table.add_column(col, overflow="fold", **kw)
    for q in rows:
        src = escape(q.article.title or q.article.id) + (f"\n[dim]{escape(q.article.url)}[/dim]" if q.article.url else "")
        text = escape(q.text)
        table.add_row(_when(q.published), escape(q.speaker or "—"), f"«{text}»" if q.kind == "direct" else text, src)
    Console(highlight=False).print(table)


@app.command(epilog="Examples:\n\n  svodka entities --type PER --top 20")
def entities(
    type: str = typer.Option(None, "--type", "-t", help="PER, ORG, LOC…"),
    top: int = typer.Option(50, "--top", "-n"),
    db: str = DB_OPTION,
    format: Format = typer.Option(Format.table, "--format", "-f"),
) -> None:
    """The most mentioned people, organisations and places."""
    with _open(db) as archive:
        rows = archive.entities(type=type.upper() if type else None, top=top)
    if format is not Format.table:
        return _write_rows([r.to_dict() for r in rows], format)
    if not rows:
        return _nothing("no entities")
    table = Table(box=None, show_header=True, header_style="bold", pad_edge=False)
    for col in ("id", "type", "name", "mentions", "articles"):
        table.add_column(col, justify="right" if col in ("id", "mentions", "articles") else "left")
    for r in rows:
        table.add_row(str(r.id), r.type, escape(r.name), f"{r.mentions:,}", f"{r.articles:,}")
    Console(highlight=False).print(table)


@app.command(epilog='Examples:\n\n  svodka entity "Токаев"\n\n  svodka entity "Путина" --format jsonl')
def entity(
    name: str = typer.Argument(..., help="Any alias in any inflected form, or #ID from `svodka entities`."),
    type: str = typer.Option(None, "--type", "-t", help="Prefer an entity of this type (PER, ORG, LOC…)."),
    quotes: int = typer.Option(10, help="How many latest quotes to show."),
    db: str = DB_OPTION,
    format: Format = typer.Option(Format.table, "--format", "-f"),
) -> None:
    """One entity: its aliases, mentions over time, who is mentioned with it, its latest quotes."""
    key: str | int = int(name[1:]) if re.fullmatch(r"#\d+", name) else name
    with _open(db) as archive:
        p = archive.entity(key, type=type.upper() if type else None, quotes=quotes)
    if p is None:
        _err().print(f"no entity called {name!r} in {db}")
        raise typer.Exit(1)
    if format is Format.jsonl:
        return _write_rows([p.to_dict()], format)
    if format is Format.csv:  # one row per fact: section, name, value
        rows = [{"section": "entity", "name": p.entity.name, "value": p.entity.mentions, "detail": p.entity.type}]
        rows += [{"section": "alias", "name": a, "value": n, "detail": ""} for a, n in p.aliases]
        rows += [{"section": "month", "name": m, "value": n, "detail": ""} for m, n in p.timeline]
        rows += [{"section": "co_mentioned", "name": e.name, "value": n, "detail": e.type} for e, n in p.co_mentioned]
        rows += [{"section": "quote", "name": q.text, "value": _when(q.published), "detail": q.article.url or q.article.id}
                 for q in p.latest_quotes]
        return _write_rows(rows, format)
    out = Console(highlight=False)
    e = p.entity
    out.print(f"[bold]{escape(e.name)}[/bold]  [dim]{e.type} · #{e.id} · {e.mentions:,} mentions in {e.articles:,} articles[/dim]")
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
    if p.latest_quotes:
        out.print("[bold]latest quotes[/bold]")
        for q in p.latest_quotes:
            out.print(f"  {_when(q.published)}  {'«' + escape(q.text) + '»' if q.kind == 'direct' else escape(q.text)}"
                      f"  [dim]{escape(q.article.title or q.article.id)}[/dim]")


@app.command(epilog=(
    "Examples:\n\n  svodka export quotes --format csv > quotes.csv\n\n"
    "  svodka export articles --format parquet -o articles.parquet"
))
def export(
    what: What = typer.Argument(..., help="articles, quotes or entities"),
    format: ExportFormat = typer.Option(ExportFormat.jsonl, "--format", "-f"),
    output: Path = typer.Option(None, "--output", "-o", help="File to write (default: standard output)."),
    db: str = DB_OPTION,
) -> None:
    """Everything in the archive, as JSON Lines, CSV or Parquet."""
    err = _err()
    if format is ExportFormat.parquet and output is None and sys.stdout.isatty():
        err.print("[red]error[/red] parquet is binary: give --output FILE or redirect standard output")
        raise typer.Exit(2)
    with _open(db) as archive:
        if format is ExportFormat.parquet:
            n = archive.export(what.value, "parquet", str(output) if output else sys.stdout.buffer)
        elif output is not None:
            with open(output, "w", encoding="utf-8", newline="") as f:
                n = archive.export(what.value, format.value, f)
        else:
            n = archive.export(what.value, format.value, sys.stdout)
            sys.stdout.flush()
    err.print(f"{n:,} {what.value} exported" + (f" to {output}" if output else ""))
