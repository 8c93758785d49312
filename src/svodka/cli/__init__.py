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


@app.callback()
def _knowledge(
    roles: list[str] = typer.Option([], "--roles", metavar="FILE",
                                    help="Extra roles file (TOML: titles with holders over time, aliases)."),
    lexicon: list[str] = typer.Option([], "--lexicon", metavar="FILE",
                                      help="Extra speech-cue lexicon (one lemma or phrase a line)."),
    gazetteer: list[str] = typer.Option([], "--gazetteer", metavar="FILE",
                                        help="Extra gazetteer (places, organisations, events and their aliases)."),
    quotes_model: str = typer.Option("", "--quotes-model", metavar="FILE", envvar="SVODKA_QUOTES_MODEL",
                                     help="A quote model made by `svodka train quotes` instead of the shipped one."),
    about_model: str = typer.Option("", "--about-model", metavar="FILE", envvar="SVODKA_ABOUT_MODEL",
                                    help="An about-model (what figures measure) made by `svodka train figures`."),
    learned_ner: bool = typer.Option(None, "--learned-ner/--no-learned-ner", envvar="SVODKA_LEARNED_NER",
                                     show_default=False,
                                     help="Run the learned NER layer over Slovnet's and the repaired spans "
                                          "(default: off; see README, Quality and speed)."),
    ner_model: str = typer.Option("", "--ner-model", metavar="FILE", envvar="SVODKA_NER_MODEL",
                                  help="A NER model made by `svodka train ner` (switches the learned layer on)."),
    story_linker: str = typer.Option("", "--story-linker", metavar="FILE", envvar="SVODKA_STORY_LINKER",
                                     help="A story linker made by `svodka train stories` instead of the shipped "
                                          "one (which story of its day an article joins)."),
) -> None:
    """Options before the command apply to it: [bold]svodka --roles my_roles.toml ingest news/[/bold]"""
    from .knowledge import RunKnowledge, start_run
    # read and checked now, before any article; the command passes it to what it analyses
    start_run(RunKnowledge(roles, lexicon, gazetteer, quotes_model, about_model, ner_model, learned_ner))
    if story_linker:
        from ..stories.linker import StoryLinker, StoryLinkerError, use_linker
        from .knowledge import _stop
        try:
            # process-wide: stories are placed by the store, which reads no run knowledge
            use_linker(StoryLinker.load(story_linker))
        except StoryLinkerError as e:
            _stop(str(e))


# Importing a command module registers its commands on `app`.
from . import analyze as _analyze  # noqa: E402,F401
from . import eval as _eval  # noqa: E402,F401
from . import archive as _archive  # noqa: E402,F401
from . import train as _train  # noqa: E402,F401
from . import serve as _serve  # noqa: E402,F401


def main() -> None:
    app()
