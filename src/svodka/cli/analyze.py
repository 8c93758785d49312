"""`svodka analyze`: articles in, entities (and, as they land, quotes, dates, figures) out."""
from __future__ import annotations

import sys
from enum import Enum

import typer
from rich.console import Console
from rich.markup import escape

from . import app


class Format(str, Enum):
    table = "table"
    jsonl = "jsonl"


@app.command(
    epilog=(
        "Examples:\n\n"
        "  svodka analyze examples/\n\n"
        "  svodka analyze news.jsonl --format jsonl > analyses.jsonl\n\n"
        "  cat article.txt | svodka analyze -"
    ),
)
def analyze(
    sources: list[str] = typer.Argument(
        ..., metavar="SOURCE...",
        help="Article files (.txt in the seed layout, .jsonl with id/text per line, saved .html, RSS/Atom; any of "
             "them .gz, .bz2 or .xz), directories, globs, or - for stdin.",
    ),
    format: Format = typer.Option(Format.table, "--format", "-f", help="table for reading, jsonl for programs."),
    max_chars: int = typer.Option(1_000_000, help="Skip (and report) articles longer than this many characters."),
) -> None:
    """Analyse articles: title, publication time, and the people, places and organisations in each."""
    from ..analyze import analyze_many
    from .knowledge import analysis_knowledge
    from ..ingest.readers import ReadOptions, read_sources
    from ..model import Article, IngestError
    from ..render import print_analysis, write_jsonl

    err = Console(stderr=True, soft_wrap=True)
    out = Console(highlight=False)
    counts = {"ok": 0, "failed": 0}

    def articles():
        for item in read_sources(sources, ReadOptions(max_chars=max_chars)):
            if isinstance(item, IngestError):
                counts["failed"] += 1
                err.print(f"[red]error[/red] {escape(str(item))}", highlight=False)
                continue
            if item.encoding:
                err.print(f"[yellow]note[/yellow] {escape(str(item.origin))}: not UTF-8, read as {item.encoding}", highlight=False)
            yield item

    origins: dict[str, str | None] = {}

    def remember(arts):
        for a in arts:
            origins[a.id] = a.origin
            yield a

    with err.status("loading models…") if format is Format.table and err.is_terminal else _null():
        def failed(article: Article, exc: Exception) -> None:
            counts["failed"] += 1
            err.print("[red]error[/red] " + escape(f"{article.origin or article.id}: analysis failed "
                                                   f"({type(exc).__name__}: {exc}); skipped"), highlight=False)

        for analysis in analyze_many(remember(articles()), on_error=failed, knowledge=analysis_knowledge()):
            counts["ok"] += 1
            if format is Format.jsonl:
                write_jsonl(analysis, sys.stdout)
            else:
                print_analysis(analysis, out, origins.pop(analysis.id, None))
    sys.stdout.flush()
    if counts["failed"]:
        err.print(f"{counts['ok']} analysed, {counts['failed']} skipped", highlight=False)
    if counts["ok"] == 0:
        err.print("[red]nothing could be analysed[/red]")
        raise typer.Exit(1)


class _null:
    def __enter__(self):
        return self

    def __exit__(self, *a):
        return False
