"""One statement, many posts: the quotes of a listing in which one speaker says the same words in several
articles become one statement with the other articles under it (issue 15: «a quote repeated in many articles is
one statement with many sources»).

A reprint of one text is stored once already, with every channel that carried it (its appearances). This is the
other case: posts that retell one statement in their own framing («🗣️… — Песков» in one channel, «💬 … — Песков.»
in another, a digest that repeats it) are different articles, each with its own quote row. A reader of a
speaker's statements wants the statement once and where it appeared.

It folds a listing, not the archive: the rows a query returned, in their order, so the counts and pages of the
query stay those of stored quotes (an API cursor moves over quotes) and a repeat on another page is not folded.
Two rows are one statement when they have the same speaker (the archive's entity, else the same name) and the
same words (case, ё, punctuation and the JOINERS aside: «и», «а», «но» and particles a retelling adds or
drops), of at least MIN_WORDS words: a short answer («Да, это так») said twice is not known to be one statement.
"""
from __future__ import annotations

import re
from dataclasses import replace

from .records import QuoteRepeat, QuoteRow

MIN_WORDS = 4
_WORD = re.compile(r"\w+")
# Words a retelling adds or drops without changing what was said («безнаказанность, исключительность» /
# «безнаказанность и исключительность»); never «не» or «ни», which would fold a denial into its claim.
JOINERS = frozenset({"и", "а", "но", "же", "ведь", "вот"})


def words_key(text: str) -> tuple[str, ...]:
    return tuple(_WORD.findall(text.lower().replace("ё", "е")))


def statement_key(text: str) -> tuple[str, ...]:
    """The words that make a statement: `words_key` without JOINERS."""
    return tuple(w for w in words_key(text) if w not in JOINERS)


def _key(q: QuoteRow) -> tuple | None:
    words = statement_key(q.text)
    if len(words) < MIN_WORDS:
        return None
    if q.entity_id is not None:
        return ("entity", q.entity_id, words)
    if q.speaker:
        return ("name", " ".join(words_key(q.speaker)), words)
    return None  # whose words they are is not known: two such rows may be anyone's


def _first_said(q: QuoteRow) -> tuple:
    # when it was said, then when its article appeared, then the stored order: the original comes first
    pub = q.article.published.isoformat() if q.article.published else "9999"
    return (q.said_at or "9999", pub, q.id)


def fold_repeats(rows: list[QuoteRow]) -> list[QuoteRow]:
    """`rows` with each group of repeats as one row where the group first appears in the listing: the earliest
    said of them, the others in its `repeats` (earliest first). A row that repeats nothing is returned as is."""
    groups: dict[tuple, list[QuoteRow]] = {}
    order: list[tuple | int] = []
    for i, q in enumerate(rows):
        k = _key(q)
        if k is None:
            order.append(i)
        elif k in groups:
            groups[k].append(q)
        else:
            groups[k] = [q]
            order.append(k)
    out = []
    for item in order:
        if isinstance(item, int):
            out.append(rows[item])
            continue
        group = sorted(groups[item], key=_first_said)
        if len(group) == 1:
            out.append(group[0])
            continue
        first, rest = group[0], group[1:]
        out.append(replace(first, repeats=[*first.repeats, *(
            QuoteRepeat(quote_id=r.id, kind=r.kind, said_at=r.said_at, published=r.published, article=r.article)
            for r in rest)]))
    return out
