"""Reading a gold file: JSON Lines, blank lines skipped, a bad line an error naming the file and the line; and a
gold row as the article svodka analyses."""
from __future__ import annotations

import json
from collections.abc import Callable

from ..ingest.readers import article_from_text, parse_published
from ..model import Article


class GoldFileError(ValueError):
    pass


def json_lines(path: str, problem: Callable[[object], str | None]) -> list[tuple[int, dict]]:
    """(line number, row) of each line; `problem(row)` says what a row lacks, or None when it is whole."""
    rows = []
    with open(path, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            if not line.strip():
                continue
            try:
                row = json.loads(line)
            except json.JSONDecodeError as e:
                raise GoldFileError(f"{path}:{n}: not JSON: {e.msg}") from None
            if (why := problem(row)) is not None:
                raise GoldFileError(f"{path}:{n}: {why}")
            rows.append((n, row))
    return rows


def gold_article(row: dict, origin: str = "gold") -> Article:
    """A gold row as ingest would make the article of it, so that training, cross-validation and evaluation
    analyse what use analyses: the text's layout (title, a date line), the row's publication time over the
    layout's, and a post's channel (its own name in the post is no entity)."""
    art = article_from_text(row["text"], str(row["id"]), origin)
    if row.get("published"):
        art.published = parse_published(row["published"])
    art.source = row.get("source")
    return art
