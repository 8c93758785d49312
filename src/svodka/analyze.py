"""`analyze(article) -> Analysis`: everything svodka learns from one article, with no database and no state
beyond the loaded models. `analyze_many` is the same function over many articles with the model calls
batched across them; both give identical results for the same article.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import replace
from itertools import islice

from .extract.coref import resolve as resolve_coref
from .extract.entities import group_entities
from .extract.ner_fix import repair as repair_ner
from .extract.quotes import extract_quotes
from .model import Analysis, Article
from .nlp.pipeline import Models, Parsed, parse_many

# Articles analysed per model batch in analyze_many: large enough to fill batches, small enough that the
# first results stream out quickly and memory stays flat.
CHUNK = 64


def _analysis(article: Article, parsed: Parsed) -> Analysis:
    parsed = replace(parsed, spans=repair_ner(parsed))
    # coreference adds title and pronoun mentions to the persons, so it runs before quote attribution
    entities = resolve_coref(parsed, group_entities(parsed), article.published)
    return Analysis(
        id=article.id, title=article.title, published=article.published,
        url=article.url, source=article.source,
        entities=entities,
        quotes=extract_quotes(parsed, entities, article.published),
    )


def analyze(article: Article, models: Models | None = None) -> Analysis:
    return _analysis(article, parse_many([article.text], models)[0])


def analyze_many(articles: Iterable[Article], models: Models | None = None, chunk: int = CHUNK,
                 on_error: Callable[[Article, Exception], None] | None = None) -> Iterator[Analysis]:
    """Analyses in input order. With `on_error`, an article whose analysis raises is handed to it and
    skipped, and the rest of the batch goes on; without it the exception propagates."""
    it = iter(articles)
    while batch := list(islice(it, chunk)):
        try:
            parsed_batch: list[Parsed | None] = parse_many([a.text for a in batch], models)
        except Exception:
            if on_error is None:
                raise
            parsed_batch = []  # find the one article that breaks the batch: parse them one by one
            for a in batch:
                try:
                    parsed_batch.append(parse_many([a.text], models)[0])
                except Exception as e:  # noqa: BLE001 - reported with the article's origin
                    on_error(a, e)
                    parsed_batch.append(None)
        for article, parsed in zip(batch, parsed_batch):
            if parsed is None:
                continue
            try:
                result = _analysis(article, parsed)
            except Exception as e:
                if on_error is None:
                    raise
                on_error(article, e)
                continue
            yield result
