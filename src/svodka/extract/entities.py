"""Group the NER mentions of one article into entities with one canonical, nominative name.

A person mentioned by surname alone («Путиным») joins the person whose full name ends with that surname
(«Владимир Путин»); when two people share the surname the bare mention stays with the one mentioned
nearest before it. Organisations and places group by their normalised name.
"""
from __future__ import annotations

from functools import lru_cache

from ..model import Entity, Mention
from ..nlp.normalize import _parse, normalize_span
from ..nlp.pipeline import Parsed, Span, Token


def _span_tokens(tokens: list[Token], span: Span) -> list[Token]:
    return [t for t in tokens if t.start >= span.start and t.end <= span.end]


def _key(name: str) -> str:
    return " ".join(name.lower().replace("ё", "е").split())


@lru_cache(maxsize=100_000)
def _lemmas(word: str) -> frozenset[str]:
    """Every dictionary form pymorphy allows for a word: «Мирзиёева» may be his genitive or her nominative."""
    word = word.lower().replace("ё", "е")
    return frozenset({word} | {p.normal_form.replace("ё", "е") for p in _parse(word)})


def group_entities(parsed: Parsed) -> list[Entity]:
    tokens = parsed.tokens
    named: list[tuple[Span, str]] = []
    for span in sorted(parsed.spans, key=lambda s: s.start):
        name = normalize_span(_span_tokens(tokens, span), span.type) or span.text
        named.append((span, name))

    groups: dict[tuple[str, str], list[tuple[Span, str]]] = {}
    order: list[tuple[str, str]] = []

    def add(key: tuple[str, str], item: tuple[Span, str]) -> None:
        if key not in groups:
            groups[key] = []
            order.append(key)
        groups[key].append(item)

    # Persons with more than one word name the group; single words attach to them afterwards.
    single_persons = []
    for span, name in named:
        if span.type == "PER" and len(name.split()) == 1:
            single_persons.append((span, name))
        else:
            add((span.type, _key(name)), (span, name))

    for span, name in single_persons:
        word = _key(name)
        forms = _lemmas(word) | _lemmas(_key(span.text))
        candidates = [k for k in order if k[0] == "PER" and len(k[1].split()) > 1
                      and any(forms & _lemmas(w) for w in k[1].split())]
        if candidates:
            # the candidate mentioned last before this mention, else the first mentioned after it
            def last_before(k):
                starts = [s.start for s, _ in groups[k] if s.start < span.start]
                return max(starts) if starts else -1
            before = [k for k in candidates if last_before(k) >= 0]
            key = max(before, key=last_before) if before else candidates[0]
            add(key, (span, name))
        else:
            add(("PER", word), (span, name))

    entities: list[Entity] = []
    keyed = [(k, sorted(groups[k], key=lambda it: it[0].start)) for k in order]
    keyed.sort(key=lambda kv: kv[1][0][0].start)
    for n, (key, items) in enumerate(keyed, 1):
        # The fullest name given is the canonical one; ties go to the most frequent, then the first.
        names = [name for _, name in items]
        canonical = max(names, key=lambda nm: (len(nm.split()), names.count(nm), -names.index(nm)))
        mentions = []
        for span, name in items:
            kind = "surname" if key[0] == "PER" and len(name.split()) == 1 and len(canonical.split()) > 1 \
                else "name"
            mentions.append(Mention(span.start, span.end, span.text, kind))
        entities.append(Entity(f"e{n}", key[0], canonical, mentions))
    return entities
