"""`svodka --roles F --lexicon F --gazetteer F COMMAND`: the user's own knowledge files for one run.

Each file extends the shipped one (roles over time, speech cues, places and organisations). They are read
and checked here, before any article, so a typo in a user's file stops the run at once with its file and
line instead of surfacing from the middle of an ingest. The loaders also read their environment variables
(SVODKA_ROLES, SVODKA_LEXICON, SVODKA_GAZETTEER); options are appended to those.
"""
from __future__ import annotations

import os
from collections.abc import Callable

import typer
from rich.console import Console
from rich.markup import escape


def knowledge_files() -> dict[str, tuple[Callable, str]]:
    """Each kind of knowledge file: its cached loader and the environment variable the loader reads."""
    from ..extract import lexicon
    from ..link import roles
    from ..nlp import gazetteer
    return {"roles": (roles.default_roles, roles.ENV_VAR), "lexicon": (lexicon.default_lexicon, lexicon.ENV_VAR),
            "gazetteer": (gazetteer.default_gazetteer, gazetteer.ENV_VAR)}


def use_knowledge(files: dict[str, list[str]]) -> None:
    """Add `files` (kind → paths) to the knowledge the analysis uses; exit 2 with a clear message on a bad one."""
    known = knowledge_files()
    for kind, paths in files.items():
        if not paths:
            continue
        loader, var = known[kind]
        before = os.environ.get(var)
        os.environ[var] = os.pathsep.join([*filter(None, [before]), *paths])
        loader.cache_clear()
        try:
            loader()  # read and check now
        except ValueError as e:  # each loader's file error names the file (and line or entry)
            # leave no half-applied state behind for a caller that goes on (tests, an embedding program)
            if before is None:
                del os.environ[var]
            else:
                os.environ[var] = before
            loader.cache_clear()
            Console(stderr=True, highlight=False, soft_wrap=True).print(f"[red]error[/red] {escape(str(e))}")
            raise typer.Exit(2)


def use_quote_model(path: str) -> None:
    """Load the user's quote model now (a bad file stops the run before any article, naming the file) and
    make it the one every analysis of this process uses."""
    from ..quotemodel import QuoteModel, QuoteModelError
    from ..quotemodel import model as qm
    try:
        qm.set_default_model(QuoteModel.load(path))
    except QuoteModelError as e:
        Console(stderr=True, highlight=False, soft_wrap=True).print(f"[red]error[/red] {escape(str(e))}")
        raise typer.Exit(2)
