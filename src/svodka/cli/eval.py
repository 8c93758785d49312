"""`svodka eval …`: score svodka against gold files in the formats of shared/data."""
from __future__ import annotations

import typer

from . import app

eval_app = typer.Typer(
    help="Score svodka against gold data (quotes, NER, identity). Example: svodka eval quotes --gold dev.jsonl",
    no_args_is_help=True,
)
app.add_typer(eval_app, name="eval")
