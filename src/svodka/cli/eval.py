"""`svodka eval …`: score svodka against gold files in the formats of shared/data."""
from __future__ import annotations

import json

import typer
from rich.markup import escape

from . import app

eval_app = typer.Typer(
    help="Score svodka against gold data (quotes, NER, identity). Example: svodka eval quotes --gold dev.jsonl",
    no_args_is_help=True,
)
app.add_typer(eval_app, name="eval")


@eval_app.command("quotes")
def eval_quotes(
    gold: list[str] = typer.Option(..., "--gold", help="Quote gold file (JSON Lines, format of shared/data/QUOTES-GOLD.md). "
                                   "Repeat it to score a held-out file beside the dev file: each gets its own table."),
    errors: bool = typer.Option(False, "--errors", help="List every miss, spurious quote and wrong speaker."),
    only: str = typer.Option("", "--only", help="Score only articles whose id starts with this prefix (e.g. nerel-dev-)."),
    lexicon: list[str] = typer.Option([], "--lexicon", help="Extra speech-cue lexicon file(s), one lemma or phrase a line."),
    predicted: str = typer.Option("", "--predicted", help="Score the quotes of this file (same format) instead of "
                                  "running svodka: a second annotator's file gives inter-annotator agreement, "
                                  "another system's output gives its scores."),
    cv: int = typer.Option(0, "--cv", help="Cross-validate the learned quote model: train on K-1 folds of the "
                           "gold articles (all files together, split by article) and score the held-out fold, "
                           "K times; each file gets its own table. Never scores an article the model saw."),
    curve: bool = typer.Option(False, "--curve", help="With --cv: also train on 25 % and 50 % of each training "
                               "fold (a learning curve: does more annotation still pay?)."),
    rules_only: bool = typer.Option(False, "--rules-only", help="Score the hand rules alone (the candidates' "
                                    "proposer, without the learned model): what the model adds."),
    classes: bool = typer.Option(False, "--classes", help="With --cv: count the errors by class (missed with no "
                                 "candidate, rejected, boundaries, wrong speaker not among the candidates, …)."),
    raw: bool = typer.Option(False, "--raw", help="Analyse the texts as written, without the clean view "
                             "(Telegram markup, emoji, footers left in): what cleaning adds."),
    seed: list[int] = typer.Option([13], "--seed", help="With --cv: the seed that deals articles into folds. "
                                   "Repeat it to run the cross-validation once per seed (a difference smaller "
                                   "than the spread between seeds is noise)."),
) -> None:
    """Run the analysis on the gold articles and print extraction, attribution and end-to-end scores.

    Example: svodka eval quotes --gold ../shared/data/quotes/dev.jsonl --gold heldout.jsonl --errors
    """

    from rich.console import Console

    from ..analyze import analyze_many

    out = Console(highlight=False, soft_wrap=True)
    if cv:
        if predicted or lexicon:
            Console(stderr=True).print("[red]error[/red] --cv trains and scores svodka's own model; it takes "
                                       "neither --predicted nor --lexicon")
            raise typer.Exit(2)
        _cross_validate(out, gold, only, cv, curve, errors, classes, seed)
        return
    if predicted:
        err = Console(stderr=True)
        if lexicon:
            err.print("[red]error[/red] --lexicon changes how svodka reads articles; with --predicted svodka "
                      "reads none")
            raise typer.Exit(2)
        other = {str(r["id"]): r for r in _quote_gold(predicted, only, what="predicted quotes file")}
        for path in gold:
            rows = _quote_gold(path, only)
            for r in rows:
                mine = other.get(str(r["id"]))
                problem = ("has no article" if mine is None else
                           "has another text for article" if mine["text"] != r["text"] else None)
                if problem:
                    # offsets of two annotations of different texts cannot be compared
                    err.print("[red]error[/red] " + escape(f"{predicted}: {problem} {r['id']} of {path}"))
                    raise typer.Exit(2)
            _print_quote_report(out, path, rows, {r["id"]: other[str(r["id"])]["_gold"] for r in rows}, errors)
        return
    from .knowledge import run
    knowledge = run().with_lexicon(lexicon) if lexicon else run().knowledge()
    if not rules_only:
        from dataclasses import replace
        knowledge = replace(knowledge, quote_model=run().for_analysis().quote_model) \
            if knowledge.quote_model is None else knowledge
    # Every file is read before any analysis, so a typo in the second path fails in a second, not after the first.
    files = [(path, _quote_gold(path, only)) for path in gold]
    from ..eval.gold import gold_article
    from ..quotemodel.model import RulesOnly
    analyses = iter(analyze_many((gold_article(r, path) for path, rows in files for r in rows),  # input order
                                 cleaning=not raw, quote_model=RulesOnly() if rules_only else None,
                                 knowledge=knowledge))
    for path, rows in files:
        _print_quote_report(out, path, rows, {r["id"]: next(analyses).quotes for r in rows}, errors)


def _unique(rows: list[dict], err) -> list[dict]:
    """Rows with distinct ids; the same article in two files is an error (it would be trained and scored)."""
    seen: dict[str, str] = {}
    for r in rows:
        rid = str(r["id"])
        if rid in seen and seen[rid] != r["text"]:
            err.print("[red]error[/red] " + escape(f"article {rid} appears twice with different texts"))
            raise typer.Exit(2)
        seen[rid] = r["text"]
    out, done = [], set()
    for r in rows:
        if str(r["id"]) not in done:
            done.add(str(r["id"]))
            out.append(r)
    return out


def _cross_validate(out, gold: list[str], only: str, k: int, curve: bool, errors: bool, classes: bool,
                    seeds: list[int] = (13,)) -> None:
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

    from ..eval.quotes import evaluate_spans
    from ..ingest.telegram import POST_ID_PREFIX
    from ..quotemodel.train import copy_groups, cross_validate, featurize_gold
    from .knowledge import run_knowledge
    from .train import _featurize

    err = Console(stderr=True)
    if k < 2:
        err.print("[red]error[/red] --cv needs at least 2 folds")
        raise typer.Exit(2)
    files = [(path, _quote_gold(path, only)) for path in gold]
    rows = _unique([r for _, rs in files for r in rs], err)
    if len(rows) < k:
        err.print(f"[red]error[/red] {len(rows)} articles cannot be split into {k} folds")
        raise typer.Exit(2)
    examples = _featurize(rows, featurize_gold, run_knowledge())
    groups = copy_groups(examples)  # computed once for every deal of the folds
    texts = len(set(groups.values()))
    if texts < k:
        err.print(f"[red]error[/red] {len(rows)} articles are {texts} distinct texts (an article and its copies "
                  f"share a fold), which cannot be split into {k} folds")
        raise typer.Exit(2)
    fractions = (0.25, 0.5, 1.0) if curve else (1.0,)
    # Telegram posts read otherwise than agency prose (markup, dash lines, lists): their own figure beside the rest
    posts = [r for r in rows if str(r["id"]).startswith(POST_ID_PREFIX)]
    rest = [r for r in rows if not str(r["id"]).startswith(POST_ID_PREFIX)]
    for seed in seeds:  # the articles are featurized once, whatever the number of fold deals
        if len(seeds) > 1:
            out.print(f"[bold]folds dealt with seed {seed}[/bold]")
        with Progress(TextColumn("training and scoring folds"), BarColumn(), MofNCompleteColumn(), transient=True) as bar:
            task = bar.add_task("", total=k)
            predicted = cross_validate(examples, k, fractions, seed=seed, progress=lambda n: bar.advance(task, n),
                                       groups=groups)
        for frac in fractions:
            if frac < 1.0:
                _print_table(out, f"learning curve: trained on {int(frac * 100)} % of each training fold, all files",
                             evaluate_spans(rows, predicted[frac]))
                continue
            for path, rs in files:
                report = evaluate_spans(rs, predicted[frac])
                if errors:
                    _print_errors(out, report)
                _print_table(out, f"{path}: {len(rs)} articles, each scored by a model trained on the other "
                             f"{k - 1} folds", report)
            if len(files) > 1:
                _print_table(out, f"all files: {len(rows)} articles, {k}-fold cross-validation by article (an "
                             "article and its copies in one fold)",
                             evaluate_spans(rows, predicted[frac]))
                if posts and rest:
                    _print_table(out, f"Telegram posts of all files (ids {POST_ID_PREFIX}…): {len(posts)}",
                                 evaluate_spans(posts, predicted[frac]))
                    _print_table(out, f"the other articles of all files: {len(rest)}", evaluate_spans(rest, predicted[frac]))
            if classes:
                from rich.table import Table

                from ..quotemodel.train import error_classes
                counts = error_classes(examples, predicted[frac])
                table = Table("error class", "count", box=None, pad_edge=False, header_style="bold")
                for name, n in sorted(counts.items(), key=lambda x: -x[1]):
                    table.add_row(escape(name), str(n))
                out.print("errors by class (out-of-fold)")
                out.print(table)


def _print_table(out, title: str, report) -> None:
    from rich.table import Table

    from ..eval.quotes import HEADER, format_table

    table = Table(*HEADER, box=None, pad_edge=False, header_style="bold")
    for row in format_table(report):
        table.add_row(*row)
    out.print(escape(title))
    out.print(table)


def _quote_gold(path: str, only: str, what: str = "gold file") -> list[dict]:
    """The articles of one quote file (those whose id starts with `only`), or exit 2 with a message naming it."""
    from rich.console import Console

    from ..eval.quotes import load_gold

    err = Console(stderr=True)
    rows = [r for r in _read(load_gold, path, what, err) if str(r.get("id", "")).startswith(only)]
    if not rows:
        err.print("[red]error[/red] " + escape(f"{path}: no articles{' with id ' + only + '…' if only else ''}"))
        raise typer.Exit(2)
    return rows


def _print_quote_report(out, path: str, rows: list[dict], predicted: dict, errors: bool) -> None:
    from rich.table import Table

    from ..eval.quotes import HEADER, evaluate, format_table

    report = evaluate(rows, predicted)
    if errors:
        _print_errors(out, report)
    table = Table(*HEADER, box=None, pad_edge=False, header_style="bold")
    for row in format_table(report):
        table.add_row(*row)
    out.print(f"{path}: {len(rows)} articles")
    out.print(table)


def _error_values(what: str, g: dict, p) -> tuple[str, str]:
    """What svodka found and what the gold holds, for one error line of `eval dates --errors`."""
    if what == "duration":
        got = "nothing" if p is None else (p.value if p.kind == "duration" else f"a {p.kind}: {p.first}…{p.last}")
        return got, str(g.get("duration"))
    if what == "date":
        got = "nothing" if p is None else f"{p.first}…{p.last} {p.grain}"
        return got, f"{g.get('first')}…{g.get('last')} {g.get('grain')}"
    got = "nothing" if p is None else f"{p.value} {p.unit} about={p.about}"
    return got, f"{g.get('value')} {g.get('unit')} about={g.get('about')}"


def _print_errors(out, report) -> None:
    def show(q):
        s = " ".join(q.text.split())
        return f"[{q.start}:{q.end}] {s[:90] + '…' if len(s) > 90 else s}"
    for e in report.errors:
        if e.what == "miss":
            tag, line = "[red]MISS[/red]", f"{e.article} {e.kind} {show(e.gold)} — {e.gold.speaker} / {e.gold.cue}"
        elif e.what == "spurious":
            tag, line = ("[yellow]SPURIOUS[/yellow]",
                         f"{e.article} {e.kind} {show(e.pred)} — {e.pred.speaker} / {e.pred.cue}")
        else:
            tag, line = ("[magenta]SPEAKER[/magenta]",
                         f"{e.article} {e.kind} {show(e.gold)} — gold {e.gold.speaker!r} / {e.gold.cue}, "
                         f"predicted {e.pred.speaker!r} / {e.pred.cue}")
        out.print(f"{tag} {escape(line)}")  # quote texts may hold brackets that rich would read as markup
    out.print()


def _ner_gold(gold: str, limit: int, err) -> list[dict]:
    """The articles of a NER gold file (the first `limit`), or exit 2 with a message naming the file."""
    from ..eval.ner import load_gold

    rows = _read(load_gold, gold, "gold file", err)
    return rows[:limit] if limit else rows


def _read(load, path: str, what: str, err) -> list[dict]:
    """`load(path)`, or exit 2 with a message naming the file (and the line, for a broken one)."""
    try:
        return load(path)
    except OSError as e:
        err.print("[red]error[/red] " + escape(f"{path}: cannot read {what}: {e.strerror or e}"))
        raise typer.Exit(2)
    except ValueError as e:  # (the NER loader's GoldFileError is one)
        err.print("[red]error[/red] " + escape(str(e)))
        raise typer.Exit(2)


@eval_app.command("ner")
def eval_ner(
    gold: str = typer.Option(..., "--gold", help="NER gold file (JSON Lines of shared/data/ner: text + entities)."),
    systems: list[str] = typer.Option(["svodka", "natasha"], "--system",
                                      help="Systems to score: svodka (as configured: the learned NER layer off unless "
                                           "--learned-ner), svodka+ner (the layer on), svodka-nolayer (the layer "
                                           "off: Slovnet and the hand repair), "
                                           "natasha (plain NewsNERTagger)."),
    limit: int = typer.Option(0, "--limit", help="Score only the first N articles (0: all)."),
) -> None:
    """PER/LOC/ORG precision, recall and F1 by naeval's token rule, and exact-span F1, per system.

    Example: svodka eval ner --gold ../shared/data/ner/factru-dev.jsonl
    """
    from rich.console import Console
    from rich.table import Table

    from ..eval.ner import PREDICTORS, TYPES, evaluate

    err = Console(stderr=True)
    rows = _ner_gold(gold, limit, err)
    unknown = [s for s in systems if s not in PREDICTORS]
    if unknown:
        err.print(f"[red]error[/red] unknown system(s): {', '.join(unknown)}; choose from {', '.join(PREDICTORS)}")
        raise typer.Exit(2)
    out = Console(highlight=False)
    table = Table("system", "type", "P", "R", "F1 (token)", "F1 (exact span)", "gold spans",
                  box=None, pad_edge=False, header_style="bold")
    from functools import partial

    from .knowledge import run_knowledge
    knowledge = run_knowledge() if any(s.startswith("svodka") for s in systems) else None
    for name in systems:
        rep = evaluate(rows, partial(PREDICTORS[name], knowledge=knowledge) if name.startswith("svodka")
                       else PREDICTORS[name])
        for t in TYPES:
            tok, ex = rep.token[t], rep.exact[t]
            table.add_row(name, t, f"{tok.p:.3f}", f"{tok.r:.3f}", f"{tok.f1:.3f}", f"{ex.f1:.3f}", str(ex.gold))
    out.print(f"{gold}: {len(rows)} articles (naeval token rule; exact span+type beside it)")
    out.print(table)


@eval_app.command("ner-cv")
def eval_ner_cv(
    gold: list[str] = typer.Option(..., "--gold", help="NER gold file(s) (JSON Lines of shared/data/ner); "
                                   "repeat for several: their articles are pooled and split by article."),
    folds: int = typer.Option(5, "--folds", "-k", min=2, help="Number of folds."),
    limit: int = typer.Option(0, "--limit", help="Use only the first N articles of each file (0: all)."),
) -> None:
    """Cross-validate the learned NER layer by article: every article is scored by a model trained on the
    other folds, beside svodka without the layer (svodka-nolayer) and plain Natasha (naeval token rule,
    PER/LOC/ORG).

    Example: svodka eval ner-cv --gold ../shared/data/ner/nerel-train.jsonl --gold ../shared/data/ner/nerel-dev.jsonl
    """
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn
    from rich.table import Table

    from ..eval.ner import TYPES, cross_validate
    from .knowledge import run_knowledge

    err = Console(stderr=True)
    rows = _unique([r for path in gold for r in _ner_gold(path, limit, err)], err)
    if len(rows) < folds:
        err.print(f"[red]error[/red] {len(rows)} articles cannot be split into {folds} folds")
        raise typer.Exit(2)
    with Progress(TextColumn("analysing gold articles"), BarColumn(), MofNCompleteColumn(),
                  TimeRemainingColumn(), transient=True, console=err) as bar:
        task = bar.add_task("", total=len(rows))
        reports = cross_validate(rows, folds, run_knowledge(), progress=lambda n: bar.advance(task, n))
    out = Console(highlight=False)
    table = Table("system", "type", "P", "R", "F1 (token)", "F1 (exact span)", "gold spans",
                  box=None, pad_edge=False, header_style="bold")
    for name, rep in reports.items():
        for t in TYPES:
            tok, ex = rep.token[t], rep.exact[t]
            table.add_row(name, t, f"{tok.p:.3f}", f"{tok.r:.3f}", f"{tok.f1:.3f}", f"{ex.f1:.3f}", str(ex.gold))
    out.print(f"{len(rows)} articles, {folds}-fold cross-validation by article (naeval token rule; exact span+type "
              f"beside it)")
    out.print(table)


@eval_app.command("identity")
def eval_identity(
    gold: str = typer.Option(..., "--gold", help="NEREL gold file with Wikidata links (shared/data/ner/nerel-*.jsonl)."),
    limit: int = typer.Option(0, "--limit", help="Score only the first N articles (0: all)."),
) -> None:
    """Same entity across articles? B³ and pairwise P/R/F1 over mentions with a Wikidata id, for svodka's
    registry and for the naive rule "same normalised string".

    Example: svodka eval identity --gold ../shared/data/ner/nerel-dev.jsonl
    """
    from rich.console import Console
    from rich.table import Table

    from ..eval.identity import evaluate

    err = Console(stderr=True)
    rows = _ner_gold(gold, limit, err)
    from .knowledge import run_knowledge
    rep = evaluate(rows, knowledge=run_knowledge())
    if not rep.mentions:
        err.print("[red]error[/red] " + escape(f"{gold}: no PER/ORG/LOC mention carries a Wikidata id"))
        raise typer.Exit(2)
    out = Console(highlight=False)
    out.print(f"{gold}: {len(rows)} articles, {rep.mentions} linked mentions of {rep.entities} entities; "
              f"svodka found {rep.found} ({rep.found / rep.mentions:.1%})")
    table = Table("system", "mentions", "B³ P", "B³ R", "B³ F1", "pair P", "pair R", "pair F1",
                  box=None, pad_edge=False, header_style="bold")
    for name, subset, b3, pw in rep.rows:
        table.add_row(name, subset, f"{b3.p:.3f}", f"{b3.r:.3f}", f"{b3.f1:.3f}", f"{pw.p:.3f}", f"{pw.r:.3f}",
                      f"{pw.f1:.3f}")
    out.print(table)


@eval_app.command("dates")
def eval_dates(
    gold: list[str] = typer.Option([], "--gold", help="Date and figure value gold (JSON Lines rebuilt by "
                                   "scripts/dates_gold.py rebuild). Repeatable; each file gets its own table."),
    nerel: list[str] = typer.Option([], "--nerel", help="NEREL file (format of shared/data/ner) to score the "
                                    "spans of dates (DATE, TIME) and figures (MONEY, PERCENT, NUMBER)."),
    baselines: bool = typer.Option(False, "--baselines", help="Also score dateparser's search_dates and natasha's "
                                   "DatesExtractor on the same value gold, side by side."),
    predicted: str = typer.Option("", "--predicted", help="Score the items of this file (same format: a second "
                                  "annotation) instead of running svodka: the agreement of two annotators."),
    errors: bool = typer.Option(False, "--errors", help="List every gold item whose value was not right."),
    cv: int = typer.Option(0, "--cv", help="Cross-validate the about-model over the --gold files (all together, "
                           "split by article): what each figure measures, by the model trained on the other "
                           "folds and by the hand rules."),
    seed: list[int] = typer.Option([7], "--seed", help="With --cv: the seed that deals articles into folds. "
                                   "Repeat it to run the cross-validation once per seed (a difference smaller "
                                   "than the spread between seeds is noise)."),
) -> None:
    """Score dates and figures: value accuracy on annotated gold, span F1 on NEREL.

    Example: svodka eval dates --gold .bench/blind-telegram-a.jsonl --nerel ../shared/data/ner/nerel-dev.jsonl
    """
    from rich.console import Console
    from rich.table import Table

    from ..analyze import analyze_many
    from ..eval import dates as ev
    from ..eval.gold import gold_article
    from ..eval.ner import load_gold as load_ner
    from .knowledge import analysis_knowledge

    out = Console(highlight=False, soft_wrap=True)
    err = Console(stderr=True)
    if not gold and not nerel:
        err.print("[red]error[/red] give --gold and/or --nerel")
        raise typer.Exit(2)
    files = [(p, _read(ev.load_gold, p, "date gold file", err)) for p in gold]
    ner_files = [(p, _read(load_ner, p, "NEREL file", err)) for p in nerel]
    other = {}
    if predicted:
        other = {str(r["id"]): r for r in _read(ev.load_gold, predicted, "predicted file", err)}

    def table(title: str, header, rows) -> None:
        t = Table(*header, box=None, pad_edge=False, header_style="bold")
        for r in rows:
            t.add_row(*r)
        out.print(escape(title))
        out.print(t)

    if cv:
        from ..figuremodel.train import cross_validate, featurize_gold, scores
        from .train import _featurize_figures
        if cv < 2 or not files:
            err.print("[red]error[/red] --cv needs at least 2 folds and --gold files")
            raise typer.Exit(2)
        from ..eval.copies import copy_groups
        rows = _unique([r for _, rows in files for r in rows], err)
        articles = _featurize_figures(rows, featurize_gold)
        if len(articles) < cv:
            err.print(f"[red]error[/red] {len(articles)} articles cannot be split into {cv} folds")
            raise typer.Exit(2)
        # an article and its copies (reposts across the annotated sets) are scored in one fold
        group_of = copy_groups({str(r["id"]): r["text"] for r in rows})
        groups = [group_of[str(r["id"])] for r in rows]
        for s in seed:  # the articles are featurized once, whatever the number of fold deals
            sc = scores(cross_validate(articles, cv, seed=s, groups=groups))
            table(f"{cv}-fold cross-validation by article over {len(articles)} articles ({len(set(groups))} "
                  f"groups of copies), {sc['figures']} gold figures, folds dealt with seed {s}",
                  ("measure", "about-model", "hand rules"),
                  [("measured noun right", f"{sc['about_model']:.3f}", f"{sc['about_rules']:.3f}"),
                   ("value, unit and measured noun right", f"{sc['figure_model']:.3f}", f"{sc['figure_rules']:.3f}")])
        return
    for path, rows in files:
        if predicted:
            rows = [r for r in rows if str(r["id"]) in other]
            if not rows:
                err.print("[red]error[/red] " + escape(f"{predicted} shares no article with {path}"))
                raise typer.Exit(2)
            from ..model import DateRef, Figure
            pred = {str(r["id"]): ([DateRef(d["start"], d["end"], "", d.get("duration"), d.get("first"),
                                            d.get("last"), d.get("grain"), d.get("resolution") or "unresolved",
                                            d.get("kind", "date"), d.get("time"))
                                    for d in other[str(r["id"])]["dates"]],
                                   [Figure(f["start"], f["end"], "", f["value"], f.get("unit"), f.get("value_max"),
                                           f.get("qualifier"), f.get("kind", "level"), f.get("direction"),
                                           f.get("about")) for f in other[str(r["id"])]["figures"]])
                    for r in rows}
            table(f"{path}: {len(rows)} articles, {predicted} scored against it", ("measure", "share", "count"),
                  ev.value_table(ev.score_values(rows, pred)))
            continue
        # with this run's knowledge: `svodka --about-model FILE eval dates` scores that model, not the shipped one
        analyses = analyze_many((gold_article(r, path) for r in rows), knowledge=analysis_knowledge())
        pred = {a.id: (a.dates, a.figures) for a in analyses}
        report = ev.score_values(rows, pred, keep_errors=errors)
        if errors:
            for what, g, p in report.errors:
                got, want = _error_values(what, g, p)
                out.print(escape(f"  {g['id']} {what} «{g['text']}»: gold {want}; svodka {got}"))
        table(f"{path}: {len(rows)} articles, svodka", ("measure", "share", "count"), ev.value_table(report))
        if baselines:
            from ..extract.dates import publication_day
            from ..ingest.readers import parse_published
            for name, fn in (("dateparser search_dates", ev.dateparser_dates),
                             ("natasha DatesExtractor", ev.natasha_dates)):
                base = {}
                for r in rows:
                    pub = publication_day(parse_published(r["published"])) if r.get("published") else None
                    base[str(r["id"])] = (fn(r["text"], pub), [])
                rep = ev.score_values(rows, base)
                table(f"{path}: {name} (dates only)", ("measure", "share", "count"),
                      [r for r in ev.value_table(rep) if r[0].startswith(("dates", "  of them"))])
    for path, rows in ner_files:
        analyses = analyze_many((gold_article(r, path) for r in rows), knowledge=analysis_knowledge())
        pred = {a.id: [*a.dates, *a.figures] for a in analyses}
        table(f"{path}: {len(rows)} articles, spans", ev.SPAN_HEADER, ev.span_table(ev.score_spans(rows, pred)))


def _stored_stories(corpus: dict[str, dict], err) -> tuple[dict[str, str], dict[str, str]]:
    """Each post's stored story and near-duplicate group after ingesting every post, in time order, into a
    new archive (a repost stored once as an appearance has its article's story and group)."""
    import tempfile
    from pathlib import Path

    from ..archive import Archive
    from ..ingest.readers import parse_published
    from ..model import Article

    arts = [Article(id=i, text=r["text"], source=r.get("source"),
                    published=parse_published(r["published"]) if r.get("published") else None)
            for i, r in corpus.items()]
    arts.sort(key=lambda a: (a.published is None, a.published.timestamp() if a.published else 0, a.id))
    err.print(f"ingesting {len(arts):,} posts into a temporary archive for --stored…")
    from .knowledge import storing_knowledge
    knowledge = storing_knowledge()  # the run's roles, lexicon and models, as `svodka ingest` would use them
    with tempfile.TemporaryDirectory(prefix="svodka-eval-") as tmp, \
            Archive(Path(tmp) / "eval.db", knowledge=knowledge) as archive:
        archive.ingest_items(iter(arts))
        rows = archive.store.conn.execute(
            "SELECT p.ext_id, s.story_id, COALESCE(s.original, s.article_id) FROM appearances p "
            "JOIN article_stories s ON s.article_id = p.article_id").fetchall()
    return {i: f"s{st}" for i, st, _ in rows}, {i: f"d{g}" for i, _, g in rows}


def _posts(posts: str, err) -> dict[str, dict]:
    """The posts file a story gold file's ids name: id → post row."""
    return {str(r["id"]): r for r in _read(lambda p: [json.loads(x) for x in open(p, encoding="utf-8") if x.strip()],
                                           posts, "posts file", err)}


def _story_day(path: str, corpus: dict, posts: str, err) -> tuple[dict[str, str], dict[str, str], list]:
    """A story gold file: id → story, id → near-duplicate group, and its articles from the posts file."""
    from ..eval import stories as ev

    rows = _read(ev.load_gold, path, "story gold file", err)
    unknown = [r["id"] for r in rows if r["id"] not in corpus]
    if unknown:
        err.print("[red]error[/red] " + escape(f"{path}: {len(unknown)} ids not in {posts}, e.g. {unknown[0]}"))
        raise typer.Exit(2)
    return ({r["id"]: r["story"] for r in rows}, {r["id"]: r.get("dup") or f"single:{r['id']}" for r in rows},
            ev.day_articles(rows, corpus))


@eval_app.command("stories")
def eval_stories(
    gold: list[str] = typer.Option(..., "--gold", help="Story gold (JSON Lines: id, story, dup), one file a day "
                                   "or more; each gets its own table."),
    posts: str = typer.Option(..., "--posts", help="The posts the gold ids name (JSON Lines with id, text, "
                              "published, source), e.g. ../shared/data/telegram/dev.jsonl."),
    predicted: str = typer.Option("", "--predicted", help="Score this file (same format: a second annotation) "
                                  "instead of svodka: the agreement of two annotators."),
    baseline_distance: float = typer.Option(0.85, help="Cosine distance threshold of the TF-IDF + agglomerative "
                                             "baseline (0.85: its best on the development day)."),
    stored: bool = typer.Option(False, "--stored", help="Also score the stories the archive keeps at ingest: "
                                "every post of --posts ingested, in time order, into a new temporary archive, "
                                "each day's gold posts scored by the stories they were stored in."),
    cv: bool = typer.Option(False, "--cv", help="Also score each day with a story linker trained on the other "
                            "--gold days only (leave one day out): the honest figure, as the shipped linker is "
                            "trained on the annotated days."),
) -> None:
    """Score svodka's stories and near-duplicates against gold clusters: pairwise and B³ F1, beside the plain
    TF-IDF + agglomerative baseline. The stories are those of each gold day clustered on its own (what
    `svodka stories --recluster` gives a day); with --stored, also those kept at ingest.

    Example: svodka eval stories --gold annotations/stories/dev-2024-11-07.jsonl --posts ../shared/data/telegram/dev.jsonl
    """
    import time

    from rich.console import Console
    from rich.table import Table

    from ..eval import stories as ev
    from ..stories import cluster_stories
    from ..stories.dedup import near_duplicates
    from ..stories.linker import cross_validate
    from .knowledge import analysis_knowledge

    out = Console(highlight=False, soft_wrap=True)
    err = Console(stderr=True)
    if not predicted:
        from .knowledge import story_linker_ready
        story_linker_ready()
    corpus = _posts(posts, err)
    other = {}
    if predicted:
        other = {r["id"]: r for r in _read(ev.load_gold, predicted, "predicted file", err)}
    kept = _stored_stories(corpus, err) if stored and not predicted else None
    days = {path: _story_day(path, corpus, posts, err) for path in gold}
    held_out: dict[str, dict[str, str]] = {}
    docs_of: dict[str, list] = {}
    if cv and not predicted:
        if len(days) < 2:
            err.print("[red]error[/red] --cv needs two --gold days or more (each is scored by a linker trained on "
                      "the others)")
            raise typer.Exit(2)

        def clustered(ds: list, linker) -> dict[str, str]:
            return ev.labels_of(s.members for s in cluster_stories(ds, linker=linker))
        with err.status("analysing the days and training a linker for each day left out"):
            docs_of = {path: ev.day_documents(arts, analysis_knowledge()) for path, (_, _, arts) in days.items()}
            held_out = cross_validate({p: (docs_of[p], days[p][0]) for p in days}, clustered)
    means: dict[str, list[tuple[float, float]]] = {}
    for path, (g_story, g_dup, arts) in days.items():
        results = []
        if predicted:
            missing = [i for i in g_story if i not in other]
            if missing:
                err.print("[red]error[/red] " + escape(f"{predicted} has no line for {missing[0]} of {path}"))
                raise typer.Exit(2)
            results.append(("second annotation", {i: other[i]["story"] for i in g_story},
                            {i: other[i].get("dup") or f"single:{i}" for i in g_story}, None))
        else:
            docs = docs_of.get(path) or ev.day_documents(arts, analysis_knowledge())
            t0 = time.perf_counter()
            stories = cluster_stories(docs)
            secs = time.perf_counter() - t0
            dups = near_duplicates(sorted(docs, key=lambda d: (d.published is None, d.published, d.id)))
            results.append(("svodka (shipped linker)",
                             ev.labels_of(s.members for s in stories), dups, secs))
            if path in held_out:
                results.append(("svodka, linker of the other days", held_out[path], None, None))
            results.append(("svodka, hand rule",
                            ev.labels_of(s.members for s in cluster_stories(docs, linker=None)), None, None))
            if kept is not None:
                # a post the archive did not store (it failed, or repeated an unsourced text) stands alone
                results.append(("svodka, stored at ingest", {i: kept[0].get(i, f"alone:{i}") for i in g_story},
                                {i: kept[1].get(i, f"alone:{i}") for i in g_story}, None))
            base = ev.tfidf_agglomerative({a.id: a.text for a in arts}, baseline_distance)
            results.append((f"TF-IDF + agglomerative (distance {baseline_distance})", base, None, None))
        t = Table("system", "stories pair P", "R", "F1", "B³ P", "R", "F1", "dups pair F1", "dups B³ F1", "s / 1,000",
                  box=None, pad_edge=False, header_style="bold")
        for name, st, dp, secs in results:
            pp, pr, pf = ev.pairwise(st, g_story)
            bp, br, bf = ev.bcubed(st, g_story)
            dups = ("-", "-") if dp is None else (f"{ev.pairwise(dp, g_dup)[2]:.3f}", f"{ev.bcubed(dp, g_dup)[2]:.3f}")
            t.add_row(escape(name), f"{pp:.3f}", f"{pr:.3f}", f"{pf:.3f}", f"{bp:.3f}", f"{br:.3f}", f"{bf:.3f}",
                      *dups, f"{1000 * secs / len(arts):.2f}" if secs is not None else "-")
            means.setdefault(name, []).append((pf, bf))
        n_gold = len(set(g_story.values()))
        out.print(escape(f"{path}: {len(arts)} posts, {n_gold} gold stories (the shipped linker is trained on the "
                         f"annotated days: its figure on one of them is in-sample; --cv gives the honest one)"))
        out.print(t)
    if len(days) > 1:
        t = Table("system", "days", "mean stories pair F1", "mean B³ F1", box=None, pad_edge=False,
                  header_style="bold")
        for name, got in means.items():
            t.add_row(escape(name), str(len(got)), f"{sum(p for p, _ in got) / len(got):.3f}",
                      f"{sum(b for _, b in got) / len(got):.3f}")
        out.print("over the days")
        out.print(t)
