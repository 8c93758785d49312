"""`svodka train quotes`: rebuild the learned quote model from gold files (the shipped one, or your own)."""
from __future__ import annotations

import typer
from rich.markup import escape

from . import app

train_app = typer.Typer(
    help="Train svodka's learned components from annotated data. Example: svodka train quotes --gold my.jsonl --out m.json.gz",
    no_args_is_help=True,
)
app.add_typer(train_app, name="train")



@train_app.command("quotes")
def train_quotes(
    gold: list[str] = typer.Option(..., "--gold", help="Quote gold file(s) (JSON Lines, format of "
                                   "shared/data/QUOTES-GOLD.md); repeat for several."),
    out: str = typer.Option(..., "--out", "-o", help="Where to write the model (gzip JSON); use it with "
                            "`svodka --quotes-model FILE …`."),
) -> None:
    """Train the quote model (is it a quote; who said it) on gold files and write it.

    The shipped model is rebuilt, byte for byte, by:

      svodka train quotes --gold ../shared/data/quotes/train.jsonl --gold ../shared/data/quotes/telegram-train.jsonl --gold ../shared/data/quotes/dev.jsonl --out src/svodka/data/quotes_model.json.gz
    """
    from rich.console import Console

    from ..quotemodel.train import featurize_gold, fit
    from .eval import _quote_gold, _unique

    err = Console(stderr=True, highlight=False, soft_wrap=True)
    rows = _unique([r for path in gold for r in _quote_gold(path, "")], err)
    from .knowledge import run_knowledge
    examples = _featurize(rows, featurize_gold, run_knowledge())
    model = _fit_and_save(fit, examples, gold, out, err)
    m = model.meta
    err.print(f"trained on {m['articles']} articles: {m['quote_positives']} quotes among {m['quote_rows']} "
              f"candidates, {m['speaker_groups']} speaker choices → {escape(out)}")


def _fit_and_save(fit, examples, gold: list[str], out: str, err):
    """Train a model on featurized gold and write it to `out`; a clear error and exit 2 when the gold holds
    nothing to learn from or the file cannot be written."""
    try:
        model = fit(examples, meta={"gold": [p.rsplit("/", 1)[-1] for p in gold]})
    except ValueError as e:
        err.print(f"[red]error[/red] {escape(str(e))}")
        raise typer.Exit(2)
    try:
        model.save(out)
    except OSError as e:
        err.print("[red]error[/red] " + escape(f"{out}: cannot write the model: {e.strerror or e}"))
        raise typer.Exit(2)
    return model


def _featurize(rows: list[dict], featurize_gold, knowledge):
    """Analyse the gold articles with `knowledge`, with a progress bar (the slow part: Natasha's models)."""
    from functools import partial

    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    from ..knowledge import using
    from ..quotemodel.train import analyse_gold

    analyse = partial(analyse_gold, lexicon=knowledge.lexicon, roles=knowledge.roles)
    # `using`: the entity stages inside analyse_gold take their gazetteer and roles from it
    with using(knowledge), Progress(TextColumn("analysing gold articles"), BarColumn(), MofNCompleteColumn(),
                                    TimeRemainingColumn(), transient=True) as bar:
        task = bar.add_task("", total=len(rows))
        return list(featurize_gold(rows, analyse, progress=lambda n: bar.advance(task, n)))


@train_app.command("figures")
def train_figures(
    gold: list[str] = typer.Option(..., "--gold", help="Date and figure gold file(s) (JSON Lines rebuilt by "
                                   "scripts/dates_gold.py rebuild); repeat for several."),
    out: str = typer.Option(..., "--out", "-o", help="Where to write the about-model (gzip JSON); use it with "
                            "`svodka --about-model FILE …`."),
) -> None:
    """Train the about-model (which noun of its sentence a figure measures) on gold files and write it.

    The shipped model is rebuilt, byte for byte, by scripts/train_about_model.sh.
    """
    from rich.console import Console

    from ..eval import dates as ev
    from ..figuremodel.train import featurize_gold, fit
    from .eval import _read, _unique

    err = Console(stderr=True, highlight=False, soft_wrap=True)
    # an article annotated twice (an agreement set) is learnt from once, in its first file's reading
    rows = _unique([r for path in gold for r in _read(ev.load_gold, path, "date gold file", err)], err)
    articles = _featurize_figures(rows, featurize_gold)
    model = _fit_and_save(fit, articles, gold, out, err)
    n = sum(len(a) for a in articles)
    err.print(f"trained on {len(articles)} articles, {n} figures ({model.meta['rows']} candidates) → {escape(out)}")


def _featurize_figures(rows: list[dict], featurize_gold):
    """The about-model's examples of the gold rows, the entities found with this run's knowledge (--gazetteer,
    --roles), as `svodka analyze` would find them."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

    from .knowledge import run_knowledge
    with Progress(TextColumn("analysing gold articles"), BarColumn(), MofNCompleteColumn(), transient=True) as bar:
        task = bar.add_task("", total=len(rows))
        return featurize_gold(rows, progress=lambda n: bar.advance(task, n), knowledge=run_knowledge())


@train_app.command("stories")
def train_stories(
    gold: list[str] = typer.Option(..., "--gold", help="Story gold (JSON Lines: id, story, dup), one file a day; "
                                   "repeat for several."),
    posts: str = typer.Option(..., "--posts", help="The posts the gold ids name (JSON Lines with id, text, "
                              "published, source), e.g. ../shared/data/telegram/dev.jsonl."),
    out: str = typer.Option(..., "--out", "-o", help="Where to write the story linker (gzip JSON)."),
) -> None:
    """Train the story linker (which story of its day an article joins) on annotated days and write it.

    The shipped linker is rebuilt, byte for byte, by scripts/train_story_linker.sh; `svodka eval stories --cv`
    scores each day with a linker trained on the others.
    """
    from rich.console import Console

    from ..eval import stories as ev
    from ..stories.linker import fit, training_rows
    from .eval import _posts, _story_day
    from .knowledge import analysis_knowledge

    err = Console(stderr=True, highlight=False, soft_wrap=True)
    corpus = _posts(posts, err)
    rows = []
    with err.status("analysing the gold days"):
        for path in gold:
            g_story, _, arts = _story_day(path, corpus, posts, err)
            rows += training_rows(ev.day_documents(arts, analysis_knowledge()), g_story)
    try:
        linker = fit(rows, meta={"days": len(gold)})
    except ValueError as e:
        err.print(f"[red]error[/red] {escape(str(e))}")
        raise typer.Exit(2) from None
    linker.save(out)
    err.print(f"trained on {len(gold)} days, {len(rows)} candidate stories ({linker.meta['positives']} joined) "
              f"→ {escape(out)}")


@train_app.command("ner")
def train_ner(
    gold: list[str] = typer.Option(..., "--gold", help="NER gold file(s) (JSON Lines of shared/data/ner: text + "
                                   "entities); repeat for several."),
    out: str = typer.Option(..., "--out", "-o", help="Where to write the model (gzip JSON); use it with "
                            "`svodka --ner-model FILE …`."),
) -> None:
    """Train the learned NER layer (a re-tagger over Slovnet's and the repaired spans) and write it.

    The shipped model is rebuilt, byte for byte, by scripts/train_ner_model.sh (NEREL train + dev; factRuEval
    is never trained on: it is the cross-corpus check).
    """
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    from ..nermodel.train import featurize_gold, fit
    from .eval import _ner_gold, _unique
    from .knowledge import run_knowledge

    err = Console(stderr=True, highlight=False, soft_wrap=True)
    rows = _unique([r for path in gold for r in _ner_gold(path, 0, err)], err)
    with Progress(TextColumn("analysing gold articles"), BarColumn(), MofNCompleteColumn(),
                  TimeRemainingColumn(), transient=True) as bar:
        task = bar.add_task("", total=len(rows))
        examples = featurize_gold(rows, run_knowledge().gazetteer, progress=lambda n: bar.advance(task, n))
    model = _fit_and_save(fit, examples, gold, out, err)
    m = model.meta
    err.print(f"trained on {m['articles']} articles, {m['rows']} candidate tokens "
              f"({', '.join(f'{k} {v}' for k, v in m['labels'].items())}) → {escape(out)}")
