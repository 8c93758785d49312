"""Adjectives of places as mentions of the place: «британской делегации» mentions Великобритания.

Which place an adjective's lemma is of (`nlp/place_adjectives.py`): the lexicon's word first (irregular
and compound adjectives, «американский» → США), else a place of the article itself whose name derives it
(«Тамбов» in the article, «тамбовских» later), else a gazetteer place whose name derives it. The adjective
becomes a mention of kind "adjective" of the article's entity of that place (by canonical name, a place
before an organisation), else of a new LOC entity with the place's canonical name, which the registry
links across articles like any other. Not a mention:
- an adjective inside a name the tagger found («Российская академия наук», «Московский государственный
  университет»): it is part of that name;
- an adjective with no noun after it, past other adjectives and «и», «или», commas («владеет
  английским», «на русском и немецком»: a language), or whose noun is «язык» (a language) or «время»
  («по московскому времени»: a time zone);
- a capitalised adjective before a word of an administrative region («Тамбовской области» the tagger
  missed: the region, not the city; «в нью-йоркском районе» is the city's).
A compound written with a hyphen gives each of its parts: «российско-американский» mentions Россия
(«российско», as «российский») and США («американский»).

This runs after quotes, figures and titles are extracted (`analyze.py`), so the stages that read mentions
(speakers, the quote and about-models, what a quote is about) see exactly what they saw before; an entity
named only by adjectives comes after the article's other entities, numbered on from them.
"""
from __future__ import annotations

from bisect import bisect_right

from ..model import Entity, Mention
from ..nlp.gazetteer import Gazetteer, default_gazetteer
from ..nlp.pipeline import Parsed, Token
from ..nlp.place_adjectives import adjectives_of, default_lexicon, gazetteer_adjectives
from ..nlp.words import lemma, never_a_name

KIND = "adjective"

# The noun after the adjective that makes it no place's: a language, a time zone.
_NOT_PLACE_HEADS = frozenset("язык время".split())
# A capitalised adjective before one of these is a region's name the tagger missed («Тамбовская область»
# is not Тамбов).
_REGION_HEADS = frozenset("область край район округ губерния уезд волость республика".split())
# What may stand between an adjective and its noun: more adjectives joined by these.
_JOINS = frozenset({",", "и", "или", "«", "\"", "„", "“"})
# Case endings of a full adjective: only such tokens are looked up.
_ADJ_ENDINGS = ("ий", "ый", "ой", "ая", "яя", "ое", "ее", "ие", "ые", "ого", "его", "ому", "ему", "ым", "им",
                "ом", "ем", "ую", "юю", "ых", "их", "ыми", "ими")


def _key(name: str) -> str:
    return " ".join(name.lower().replace("ё", "е").split())


def _inside(spans: list[tuple[int, int]], starts: list[int], a: int, b: int) -> bool:
    i = bisect_right(starts, a) - 1
    while i >= 0:
        s, e = spans[i]
        if e > a:
            return True
        if a - s > 500:
            return False
        i -= 1
    return False


def _head(tokens: list[Token], i: int) -> Token | None:
    """The noun the adjective at `i` qualifies: the first noun after it, past other adjectives and the
    words that join them; None if something else comes first (the adjective stands for a noun)."""
    for j in range(i + 1, min(len(tokens), i + 8)):
        t = tokens[j]
        if t.pos in ("NOUN", "PROPN") or t.text[:1].isupper():
            return t  # a noun, or a name the tagger did not call one («американской News Corp.»)
        if t.pos != "ADJ" and t.text.lower() not in _JOINS:
            return None
    return None


def add_place_adjectives(parsed: Parsed, entities: list[Entity], gazetteer: Gazetteer | None = None,
                         lexicon: dict[str, str] | None = None) -> list[Entity]:
    """`entities` with each place adjective of the text added as a mention of its place; new entities (a
    place named only by adjectives) at the end. The entities given are changed in place."""
    gaz = gazetteer or default_gazetteer()
    lex = default_lexicon() if lexicon is None else lexicon
    from_gaz = gazetteer_adjectives(gaz)
    # the article's places by canonical name (and the gazetteer's name for it), places first
    by_name: dict[str, Entity] = {}
    for e in sorted((e for e in entities if e.type in ("LOC", "ORG")), key=lambda e: e.type != "LOC"):
        for name in (e.name, *(x.name for x in (gaz.get(e.name),) if x is not None and x.type == "LOC")):
            by_name.setdefault(_key(name), e)
    # adjectives the article's own places derive («Тамбов» → тамбовский); one that two places give is no one's
    own: dict[str, Entity | None] = {}
    for e in entities:
        if e.type != "LOC":
            continue
        forms = {e.name} | {lemma(m.text) for m in e.mentions if m.kind == "name" and " " not in m.text}
        for form in forms:
            if " " in form or never_a_name(form):
                continue
            for adj in adjectives_of(form):
                if own.get(adj, e) is not e:
                    own[adj] = None
                else:
                    own[adj] = e
    names = sorted((s.start, s.end) for s in parsed.spans)
    names += [(m.start, m.end) for e in entities for m in e.mentions if m.kind in ("name", "surname")]
    names.sort()
    starts = [s for s, _ in names]
    tokens = parsed.tokens
    new: dict[str, Entity] = {}

    def resolve(lem: str) -> tuple[str | None, Entity | None]:
        place = lex.get(lem)
        if place is not None:
            return place, by_name.get(_key(place))
        target = own.get(lem)
        if target is not None:
            return target.name, target
        place = from_gaz.get(lem)
        return place, by_name.get(_key(place)) if place else None

    for i, tok in enumerate(tokens):
        low = tok.text.lower()
        if len(low) < 5 or not low.endswith(_ADJ_ENDINGS) or not low.replace("-", "").isalpha():
            continue
        found = []  # (start, end, place, entity)
        place, target = resolve(lemma(low))
        if place is not None:
            found.append((tok.start, tok.end, place, target))
        elif "-" in low:
            # «российско-американских»: the last part inflects, the ones before end in -о
            at = tok.start
            parts = low.split("-")
            for n, part in enumerate(parts):
                if n < len(parts) - 1:
                    place, target = (resolve(part[:-1] + "ий") if part.endswith("ско") else
                                     resolve(part[:-1] + "ский") if part.endswith("о") else (None, None))
                else:
                    place, target = resolve(lemma(part)) if len(part) >= 5 else (None, None)
                if place is not None:
                    found.append((at, at + len(part), place, target))
                at += len(part) + 1
        if not found or _inside(names, starts, tok.start, tok.end):
            continue
        head = _head(tokens, i)
        if head is None or lemma(head.text) in _NOT_PLACE_HEADS \
                or tok.text[:1].isupper() and lemma(head.text) in _REGION_HEADS:
            continue
        for a, b, place, target in found:
            if target is None:
                target = new.get(_key(place))
                if target is None:
                    target = new[_key(place)] = Entity("", "LOC", place, [])
            target.mentions.append(Mention(a, b, parsed.text[a:b], KIND))
    if not any(any(m.kind == KIND for m in e.mentions) for e in entities) and not new:
        return entities
    for e in entities:
        e.mentions.sort(key=lambda m: m.start)
    taken = [int(e.id[1:]) for e in entities if e.id[:1] == "e" and e.id[1:].isdigit()]
    n = max(taken, default=0)
    for e in sorted(new.values(), key=lambda e: e.mentions[0].start):
        n += 1
        e.id = f"e{n}"
        entities.append(e)
    return entities
