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
from .extract.figures import find_figures
from .extract.statement_time import date_quotes
from .figuremodel import default_about_model
from .extract.entities import group_entities
from .extract.not_entities import drop_noise
from .extract.place_mentions import add_nested_places, add_place_adjectives
from .extract.ner_fix import repair as repair_ner
from .ingest.clean import CleanView, clean, clean_title, needs_cleaning
from .knowledge import Knowledge, current_knowledge
from .model import Analysis, Article, Entity, Mention
from .nlp.pipeline import Models, Parsed, parse_many
from .quotemodel import QuoteModelError, QuoteModel, extract_quotes

# Articles analysed per model batch in analyze_many: large enough to fill batches, small enough that the
# first results stream out quickly and memory stays flat.
CHUNK = 64


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


def _analysis(article: Article, parsed: Parsed, knowledge: Knowledge, view: CleanView | None = None) -> Analysis:
    """The analysis of `parsed`, with offsets into the text that was parsed."""
    parsed, entities = entities_of(parsed, article.published, knowledge, article.source)
    quotes = extract_quotes(parsed, entities, article.published, lexicon=knowledge.lexicon,
                            roles=knowledge.roles, model=knowledge.quote_model)
    dates = [d for d in find_dates(parsed.text, article.published, parsed)
             if not _in_header(article, view, d.start)]
    figures = find_figures(parsed, entities, dates, about_model=knowledge.about_model or default_about_model())
    quotes = date_quotes(quotes, dates, figures, parsed, article.published, entities)
    titles = appositions(parsed, entities, article.published, knowledge.roles)
    # last: the stages above read the mentions as they were before place adjectives and places nested in
    # names were mentions
    entities = add_place_adjectives(parsed, entities, knowledge.gazetteer)
    entities = add_nested_places(parsed, entities, knowledge.gazetteer)
    return Analysis(
        id=article.id, title=article.title, published=article.published,
        url=article.url, source=article.source,
        entities=entities, quotes=quotes, dates=dates, figures=figures, titles=titles,
    )


def _analysis_of(article: Article, parsed: Parsed, view: CleanView | None, knowledge: Knowledge) -> Analysis:
    """The analysis of the article whose text or clean view `parsed` is, in the article's own offsets."""
    an = _analysis(article, parsed, knowledge, view)
    return _remap(an, view, article) if view is not None else an


def _knowledge(knowledge: Knowledge | None, quote_model: QuoteModel | None) -> Knowledge:
    k = knowledge or current_knowledge()
    return replace(k, quote_model=quote_model) if quote_model is not None else k


def analyze(article: Article, models: Models | None = None, cleaning: bool = True,
            quote_model: QuoteModel | None = None, knowledge: Knowledge | None = None) -> Analysis:
    """`cleaning=False` analyses the text exactly as written, markup and footers included (for measuring
    what cleaning changes). `knowledge` is what the analysis reads besides the article (default: the shipped
    files and model); `quote_model`, if given, replaces its quote model."""
    view = _view(article, cleaning)
    return _analysis_of(article, parse_many([view.text if view else article.text], models)[0], view,
                        _knowledge(knowledge, quote_model))


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
            parsed_batch: list[Parsed | None] = parse_many(texts, models)
        except Exception:
            if on_error is None:
                raise
            parsed_batch = []  # find the one article that breaks the batch: parse them one by one
            for a, t in zip(batch, texts):
                try:
                    parsed_batch.append(parse_many([t], models)[0])
                except Exception as e:  # noqa: BLE001 - reported with the article's origin
                    on_error(a, e)
                    parsed_batch.append(None)
        for article, view, parsed in zip(batch, views, parsed_batch):
            if parsed is None:
                continue
            try:
                result = _analysis_of(article, parsed, view, k)
            except QuoteModelError:
                raise  # no usable quote model is no article's fault: stop, do not fail every article
            except Exception as e:
                if on_error is None:
                    raise
                on_error(article, e)
                continue
            yield result
