"""The `svodka` command. Each command group lives in its own module and registers itself on `app`."""
from __future__ import annotations

import typer

app = typer.Typer(
    name="svodka",
    help=(
        "svodka reads Russian-language news and records who said what, about whom, and when.\n\n"
        "Example:  svodka analyze examples/  (or: svodka analyze article.txt --format jsonl)"
    ),
    no_args_is_help=True,
    rich_markup_mode="rich",
    context_settings={"help_option_names": ["-h", "--help"]},
    pretty_exceptions_enable=False,
)

# Importing a command module registers its commands on `app`.
from . import analyze as _analyze  # noqa: E402,F401
from . import eval as _eval  # noqa: E402,F401
from . import archive as _archive  # noqa: E402,F401


def main() -> None:
    app()
