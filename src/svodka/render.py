"""Output of analyses: rich tables for a person at a terminal, JSON Lines for programs."""
from __future__ import annotations

import json
from collections import Counter
from typing import TextIO

from rich.console import Console
from rich.markup import escape
from rich.table import Table

from .model import Analysis
from .store.records import unknown_speaker


def to_jsonl(analysis: Analysis) -> str:
    return json.dumps(analysis.to_dict(), ensure_ascii=False)


def write_jsonl(analysis: Analysis, out: TextIO) -> None:
    out.write(to_jsonl(analysis) + "\n")


TYPE_ORDER = {"PER": 0, "ORG": 1, "LOC": 2}


def entity_table(analysis: Analysis) -> Table:
    table = Table(show_header=True, header_style="bold", box=None, pad_edge=False)
    table.add_column("type")
    table.add_column("name")
    table.add_column("mentions", justify="right")
    table.add_column("surface forms")
    ents = sorted(analysis.entities, key=lambda e: (TYPE_ORDER.get(e.type, 9), -len(e.mentions), e.name))
    for e in ents:
        forms = Counter(m.text for m in e.mentions)
        table.add_row(e.type, e.name, str(len(e.mentions)),
                      ", ".join(f"{f} ×{n}" if n > 1 else f for f, n in forms.most_common()))
    return table


def quote_table(analysis: Analysis) -> Table:
    # whole quotes, wrapped at words in the widest column: a cut quote can read as the opposite of what was said
    table = Table(show_header=True, header_style="bold", box=None, pad_edge=False)
    table.add_column("speaker", ratio=1, min_width=9)
    table.add_column("kind", no_wrap=True)
    table.add_column("cue", ratio=1, min_width=6)
    table.add_column("said", no_wrap=True)
    table.add_column("quote", ratio=4, overflow="fold")
    for q in analysis.quotes:
        if unknown_speaker(q.speaker):
            who = "[dim]unknown[/dim]"
        else:
            who = escape(q.speaker)
            if q.speaker_type != "person":
                who += f" [dim]({q.speaker_type})[/dim]"
        cue = escape(("НЕ " if q.negated else "") + (q.cue or "—"))
        if q.cue_kind and q.cue_kind != "statement":
            cue += f" [dim]({q.cue_kind})[/dim]"
        table.add_row(who, q.kind, cue, _said(q), escape(" ".join(q.text.split())))
    return table


def _said(q) -> str:
    return f"{q.said_at} [dim](said)[/dim]" if q.said_at_from == "text" else (q.said_at or "—")


def time_table(analysis: Analysis) -> Table:
    """Dates and figures, each with what svodka made of it."""
    table = Table(show_header=True, header_style="bold", box=None, pad_edge=False)
    table.add_column("", no_wrap=True)
    table.add_column("as written", ratio=1)
    table.add_column("value", ratio=2)
    for d in analysis.dates:
        value = d.value or "[dim]unresolved[/dim]"
        how = "" if d.kind == "duration" else f" [dim]({d.grain or '?'}, {d.resolution})[/dim]"
        table.add_row("date" if d.kind == "date" else "duration", escape(d.text), escape(value) + how)
    for f in analysis.figures:
        v = f"{f.value:,.10g}" + (f"–{f.value_max:,.10g}" if f.value_max is not None else "")
        reading = ", ".join(x for x in (f.qualifier if f.qualifier not in (None, "range") else None,
                                        f.kind if f.kind == "change" else None,
                                        {"up": "↑", "down": "↓"}.get(f.direction or "")) if x)
        about = f" · {f.about}" if f.about else ""
        table.add_row("figure", escape(f.text), escape(f"{v} {f.unit or ''}{about}") +
                      (f" [dim]({escape(reading)})[/dim]" if reading else ""))
    return table


def print_analysis(analysis: Analysis, console: Console, origin: str | None = None) -> None:
    head = f"[bold]{analysis.title or '(no title)'}[/bold]"
    when = analysis.published.strftime("%Y-%m-%d %H:%M") if analysis.published else "publication time unknown"
    console.rule(f"[cyan]{analysis.id}[/cyan]", align="left")
    console.print(head)
    console.print(f"[dim]{when}{' · ' + origin if origin else ''}[/dim]")
    if analysis.entities:
        console.print(entity_table(analysis))
    else:
        console.print("[dim]no entities found[/dim]")
    if analysis.quotes:
        console.print()
        console.print(quote_table(analysis))
    if analysis.dates or analysis.figures:
        console.print()
        console.print(time_table(analysis))
    console.print()
