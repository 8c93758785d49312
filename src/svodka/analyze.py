"""`analyze(article) -> Analysis`: everything svodka learns from one article, with no database and no state
beyond the loaded models. `analyze_many` is the same function over many articles with the model calls
batched across them; both give identical results for the same article.

A post with markup (Telegram's Markdown, emoji, a channel footer) is analysed in its clean view
(`ingest/clean.py`), and every offset of the result is mapped back to the text as published, so
`article.text[start:end] == mention.text` holds on the original. Text with nothing to clean skips all of it.

What the analysis reads besides the article (lexicon, roles, gazetteer, quote model) comes in as one
`Knowledge`, passed down to each stage, so the function stays pure and two configurations can run in one
process.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import replace
from itertools import islice

from .extract.coref import appositions, resolve as resolve_coref
from .extract.dates import find_dates
from .extract.figures import about_scores, figure_draft, finish_figures
from .extract.statement_time import date_quotes
from .figuremodel import default_about_model
from .extract.entities import group_entities
from .extract.not_entities import drop_noise, without_generic
from .extract.place_mentions import add_nested_places, add_place_adjectives
from .extract.ner_fix import repair as repair_ner
from .ingest.clean import CleanView, clean, clean_title, needs_cleaning
from .knowledge import Knowledge, current_knowledge
from .model import Analysis, Article, Entity, Mention
from .nlp.pipeline import Models, Parsed, parse_many
from .quotemodel import QuoteModelError, QuoteModel
from .quotemodel.decode import decode_steps, quote_inputs

# Articles analysed per model batch in analyze_many: large enough to fill the taggers' batches, small enough
# that the first results stream out quickly and memory stays flat. 32 against 64: the same CPU time on 840
# NEREL articles (9.25 / 9.19 s, three runs each, one thread), +1.6 % on 1,500 Telegram posts, and a long
# one-process ingest's peak 14 MiB lower (12,552 texts, 383 / 397 MiB: the objects of half as many parsed
# articles at a time spread over fewer of Python's memory arenas).
CHUNK = 32


def _view(article: Article, cleaning: bool) -> CleanView | None:
    """The clean view to analyse, or None when the text is its own clean view (the fast path: agency text
    costs one regex scan and gives exactly what it gave before cleaning existed)."""
    if not cleaning or not needs_cleaning(article.text):
        return None
    view = clean(article.text)
    return None if view.text == article.text else view


def _remap_mention(m: Mention | None, view: CleanView, text: str) -> Mention | None:
    if m is None:
        return None
    s, e = view.span(m.start, m.end)
    return replace(m, start=s, end=e, text=text[s:e])


def _remap(an: Analysis, view: CleanView, article: Article) -> Analysis:
    """The analysis of a clean view with its offsets in the original text; texts are re-read from it."""
    text = article.text
    entities = [replace(e, mentions=[_remap_mention(m, view, text) for m in e.mentions]) for e in an.entities]
    quotes = []
    for q in an.quotes:
        s, e = view.span(q.start, q.end)
        quotes.append(replace(q, start=s, end=e, text=text[s:e], mention=_remap_mention(q.mention, view, text)))
    spans = {"dates": [], "figures": [], "titles": []}
    for name in spans:
        for x in getattr(an, name):
            s, e = view.span(x.start, x.end)
            spans[name].append(replace(x, start=s, end=e, text=text[s:e]))
    return replace(an, title=clean_title(article.title, text, view), entities=entities, quotes=quotes, **spans)


def entities_of(parsed: Parsed, published, knowledge: Knowledge | None = None,
                source: str | None = None) -> tuple[Parsed, list[Entity]]:
    """NER repaired and mentions grouped into entities; the stage before quotes (training runs it too).
    `source`: the channel or outlet that published the text, whose own name in it is no entity."""
    k = knowledge or current_knowledge()
    spans = repair_ner(parsed, k.gazetteer)
    if k.learned_ner:
        # the learned layer re-tags over Slovnet's and the repaired spans (nermodel/)
        from .nermodel.decode import retag
        from .nermodel.model import default_ner_model
        spans = retag(parsed, spans, k.ner_model or default_ner_model(), k.gazetteer)
    parsed = replace(parsed, spans=spans)
    entities = drop_noise(group_entities(parsed, k.gazetteer, k.roles), source)
    # coreference adds title and pronoun mentions to the persons, so it runs before quote attribution
    return parsed, resolve_coref(parsed, entities, published, k.roles)


def _in_header(article: Article, view: CleanView | None, pos: int) -> bool:
    """Whether `pos` (in the parsed text) falls on the layout's timestamp line, between the title and the
    body: that line is the publication time, already read by ingest, not a date the article mentions."""
    if article.body_start <= 0:
        return False
    if view is not None:
        pos = view.span(pos, pos + 1)[0]
    title_end = len(article.title) if article.title and article.text.startswith(article.title) else 0
    return title_end <= pos < article.body_start


class _Draft:
    """One article between the steps of its analysis. `_analyses` takes every article of a batch through each
    step before the next, so that the boosters score the rows of all of them together: the quote model and
    the about-model in one call each, the speaker model in one call per round of quotes (`_speakers_together`).
    A booster scores each row alone, so the scores are those of a call per article or per quote, and its trees
    are read from memory once a call instead of afresh for every article (the quote model's calls cost 0.38 s
    of CPU over 840 NEREL articles one article at a time, 0.11 s in one call). An article's own steps run in
    the order they always did (quotes, then dates, then figures), and no step reads another article."""

    def __init__(self, article: Article, parsed: Parsed, view: CleanView | None, knowledge: Knowledge) -> None:
        self.article, self.parsed, self.view, self.k = article, parsed, view, knowledge

    def quote_input(self) -> None:
        """Entities, and the quote model's input."""
        a, k = self.article, self.k
        self.parsed, self.entities = entities_of(self.parsed, a.published, k, a.source)
        self.quote_model, self.fz = quote_inputs(self.parsed, self.entities, a.published, lexicon=k.lexicon,
                                                 roles=k.roles, model=k.quote_model)

    def quote_steps(self, qscores: list[float] | None) -> None:
        """Start decoding the quotes (`qscores`: the quote model's scores of this article's rows, None to
        compute them): `steps` yields speaker rows to score (`decode_steps`)."""
        self.steps = decode_steps(self.fz, self.quote_model, qscores)

    def figure_input(self) -> None:
        """Dates, and the figures with the about-model's input."""
        a = self.article
        self.dates = [d for d in find_dates(self.parsed.text, a.published, self.parsed)
                      if not _in_header(a, self.view, d.start)]
        self.about_model = self.k.about_model or default_about_model()
        self.figures = figure_draft(self.parsed, self.entities, self.dates)

    def analysis(self, about: list | None) -> Analysis:
        """The analysis in the article's own offsets (`about`: the about-model's scores of this article's
        figures, None to compute them)."""
        a, k, parsed, entities = self.article, self.k, self.parsed, self.entities
        figures = finish_figures(self.figures, about_scores(self.about_model, self.figures.inputs)
                                 if about is None else about)
        quotes = date_quotes(self.quotes, self.dates, figures, parsed, a.published, entities)
        titles = appositions(parsed, entities, a.published, k.roles)
        # last: the stages above read the mentions as they were before place adjectives and places nested in
        # names were mentions
        entities = add_place_adjectives(parsed, entities, k.gazetteer)
        entities = add_nested_places(parsed, entities, k.gazetteer)
        entities, quotes, figures = without_generic(entities, quotes, figures)
        an = Analysis(id=a.id, title=a.title, published=a.published, url=a.url, source=a.source,
                      entities=entities, quotes=quotes, dates=self.dates, figures=figures, titles=titles)
        return _remap(an, self.view, a) if self.view is not None else an


def _scored_together(keys: list[int], model_of: Callable, inputs: Callable, score: Callable) -> list:
    """The scores of `inputs(k)` by `model_of(k)` for each key (an article of the batch), from one call per
    model, `score(model, parts)`, given the inputs of all its keys (`parts`, one list each) and giving their
    scores laid end to end, split back here; None for each if that call fails (each article is then scored
    alone, so only one whose input breaks the model fails)."""
    out: list = [None] * len(keys)
    by_model: dict[int, list[int]] = {}
    for n, k in enumerate(keys):
        by_model.setdefault(id(model_of(k)), []).append(n)
    for ns in by_model.values():
        try:
            flat = score(model_of(keys[ns[0]]), [inputs(keys[n]) for n in ns])
        except Exception:  # noqa: BLE001 - scored one by one by the caller instead
            continue
        at = 0
        for n in ns:
            size = len(inputs(keys[n]))
            out[n] = flat[at:at + size]
            at += size
    return out


def _laid(parts: list[list]) -> list:
    """Lists laid end to end."""
    return [x for part in parts for x in part]


def _speakers_together(drafts: list[_Draft], live: list[int], out: list) -> None:
    """Run the quote decoders of `live` drafts side by side: each round scores the speaker rows that every
    unfinished one asks for in one call per model, and sends each its own scores. A draft's quotes land in
    `draft.quotes`; an exception, in `out` at its index."""
    waiting: dict[int, list] = {}

    def advance(i: int, scores: list[float] | None) -> None:
        d = drafts[i]
        try:
            waiting[i] = next(d.steps) if scores is None else d.steps.send(scores)
        except StopIteration as done:
            d.quotes = done.value
        except Exception as e:  # noqa: BLE001 - this article's failure
            out[i] = e

    for i in live:
        advance(i, None)
    while waiting:
        asked, waiting = waiting, {}
        idx = list(asked)
        scores = _scored_together(idx, lambda i: drafts[i].quote_model, asked.__getitem__,
                                  lambda m, parts: m.speaker_scores(_laid(parts), [len(p) for p in parts]))
        for i, got in zip(idx, scores):
            if got is None:  # the call for all failed: this article's rows alone
                try:
                    got = drafts[i].quote_model.speaker_scores(asked[i])
                except Exception as e:  # noqa: BLE001 - this article's failure
                    out[i] = e
                    continue
            advance(i, got)


def _analyses(items: list[tuple[Article, Parsed, CleanView | None]],
              knowledge: Knowledge) -> list[Analysis | Exception]:
    """Each article's analysis, or the exception its analysis raised, in order."""
    out: list[Analysis | Exception | None] = [None] * len(items)
    drafts = [_Draft(a, p, v, knowledge) for a, p, v in items]
    live = list(range(len(drafts)))

    def step(run) -> None:
        nonlocal live
        kept = []
        for i in live:
            try:
                run(i)
                kept.append(i)
            except Exception as e:  # noqa: BLE001 - the caller reports it as this article's failure
                out[i] = e
        live = kept

    step(lambda i: drafts[i].quote_input())
    qscores = dict(zip(live, _scored_together(live, lambda i: drafts[i].quote_model, lambda i: drafts[i].fz.rows,
                                              lambda m, parts: m.quote_scores(_laid(parts)))))
    step(lambda i: drafts[i].quote_steps(qscores[i]))
    _speakers_together(drafts, live, out)
    live = [i for i in live if out[i] is None]
    step(lambda i: drafts[i].figure_input())
    about = dict(zip(live, _scored_together(live, lambda i: drafts[i].about_model,
                                            lambda i: drafts[i].figures.inputs,
                                            lambda m, parts: about_scores(m, _laid(parts)))))

    def last(i: int) -> None:
        out[i] = drafts[i].analysis(about[i])
    step(last)
    return out


def _knowledge(knowledge: Knowledge | None, quote_model: QuoteModel | None) -> Knowledge:
    k = knowledge or current_knowledge()
    return replace(k, quote_model=quote_model) if quote_model is not None else k


def analyze(article: Article, models: Models | None = None, cleaning: bool = True,
            quote_model: QuoteModel | None = None, knowledge: Knowledge | None = None) -> Analysis:
    """`cleaning=False` analyses the text exactly as written, markup and footers included (for measuring
    what cleaning changes). `knowledge` is what the analysis reads besides the article (default: the shipped
    files and model); `quote_model`, if given, replaces its quote model."""
    view = _view(article, cleaning)
    k = _knowledge(knowledge, quote_model)
    parsed = parse_many([view.text if view else article.text], models, ner_probs=k.learned_ner)[0]
    result = _analyses([(article, parsed, view)], k)[0]
    if isinstance(result, Exception):
        raise result
    return result


def analyze_many(articles: Iterable[Article], models: Models | None = None, chunk: int = CHUNK,
                 on_error: Callable[[Article, Exception], None] | None = None,
                 cleaning: bool = True, quote_model: QuoteModel | None = None,
                 knowledge: Knowledge | None = None) -> Iterator[Analysis]:
    """Analyses in input order. With `on_error`, an article whose analysis raises is handed to it and
    skipped, and the rest of the batch goes on; without it the exception propagates. `knowledge` and
    `quote_model` as for `analyze`."""
    k = _knowledge(knowledge, quote_model)
    it = iter(articles)
    while batch := list(islice(it, chunk)):
        kept, views = [], []
        for a in batch:
            try:
                views.append(_view(a, cleaning))
            except Exception as e:
                if on_error is None:
                    raise
                on_error(a, e)
                continue
            kept.append(a)
        batch = kept
        texts = [v.text if v else a.text for a, v in zip(batch, views)]
        try:
            parsed_batch: list[Parsed | None] = parse_many(texts, models, ner_probs=k.learned_ner)
        except Exception:
            if on_error is None:
                raise
            parsed_batch = []  # find the one article that breaks the batch: parse them one by one
            for a, t in zip(batch, texts):
                try:
                    parsed_batch.append(parse_many([t], models, ner_probs=k.learned_ner)[0])
                except Exception as e:  # noqa: BLE001 - reported with the article's origin
                    on_error(a, e)
                    parsed_batch.append(None)
        items = [(a, p, v) for a, v, p in zip(batch, views, parsed_batch) if p is not None]
        for (article, _, _), result in zip(items, _analyses(items, k)):
            if isinstance(result, Exception):
                if on_error is None or isinstance(result, QuoteModelError):
                    # no usable quote model is no article's fault: stop, do not fail every article
                    raise result
                on_error(article, result)
                continue
            yield result
