"""Places named by an adjective or inside a longer name as mentions of the place: «британской делегации»
mentions Великобритания, «МВД России» mentions Россия.

Which place an adjective's lemma is of (`nlp/place_adjectives.py`): the lexicon's word first (irregular
and compound adjectives, «американский» → США), else a place of the article itself whose name derives it
(«Тамбов» in the article, «тамбовских» later), else a gazetteer place whose name derives it. The adjective
becomes a mention of kind "adjective" of the article's entity of that place (by canonical name, a place
before an organisation), else of a new LOC entity with the place's canonical name, which the registry
links across articles like any other. Not a mention:
- an adjective inside a name the tagger found («Российская академия наук», «Московский государственный
  университет»): the second step reads those;
- an adjective with no noun after it, past other adjectives and «и», «или», commas («владеет
  английским», «на русском и немецком»: a language), or whose noun is «язык» (a language) or «время»
  («по московскому времени»: a time zone);
- a capitalised adjective before a word of an administrative region («Тамбовской области» the tagger
  missed: the region, not the city; «в нью-йоркском районе» is the city's).
A compound written with a hyphen gives each of its parts: «российско-американский» mentions Россия
(«российско», as «российский») and США («американский»).

Places inside longer names (`add_nested_places`, kind "nested"): an organisation's, event's or facility's
name keeps its one mention of the organisation, and a place it names becomes a mention of that place too:
«МВД России», «Правительства Москвы», «по Москве» (a place of the gazetteer or of the article itself),
«Российская академия наук», «Московского государственного университета» (a place adjective, as above),
«Законодательного собрания Кировской области», «Курской областной думы» (a region: a capitalised
adjective and «область», «край», «округ», or «Республика» and a name; an adjective before «областной» or
«краевой» is the region's). Not a mention:
- anything inside a person's name, or a place's (a place's name holds another as part of its own:
  «Нижний Новгород», «Новая Зеландия»), or after «имени» («институт имени Горького»: a person's name);
- a place noun that opens the name («Европа плюс», «Россия в глобальной политике»: a brand called after
  the place), follows a capitalised adjective («Нового Южного Уэльса»: part of a longer place's name), or
  is the whole of a name in quotation marks («гостиница «Москва»»);
- an adjective before «районный» or a district's word (every city has a «Советский район»), or a
  language's («Институт английского языка»);
- anything inside the name of an organisation that is itself a place («Российская Федерация» the tagger
  called an organisation).

Both run after quotes, figures and titles are extracted (`analyze.py`), so the stages that read mentions
(speakers, the quote and about-models, what a quote is about) see exactly what they saw before; an entity
named only by adjectives or inside names comes after the article's other entities, numbered on from them.
"""
from __future__ import annotations

from bisect import bisect_left, bisect_right

from ..model import Entity, Mention
from ..nlp.gazetteer import Gazetteer, default_gazetteer
from ..nlp.normalize import normalize_span
from ..nlp.pipeline import Parsed, Token
from ..nlp.place_adjectives import adjectives_of, default_lexicon, gazetteer_adjectives
from ..nlp.words import lemma, lemma_key, lengths_by_first, never_a_name

KIND = "adjective"
NESTED = "nested"  # a place named inside a longer name: `add_nested_places`
# The mention kinds these steps add: a place the text names only so is no name the tagger found.
PLACE_KINDS = frozenset({KIND, NESTED})

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


class _Places:
    """The places an article's words may name, and the article's entity of each: what both steps resolve
    against. New entities (a place the article names only by adjectives or inside longer names) collect in
    `new` by canonical name until `finish` numbers them."""

    def __init__(self, entities: list[Entity], gaz: Gazetteer, lex: dict[str, str]) -> None:
        self.gaz, self.lex = gaz, lex
        self.from_gaz = gazetteer_adjectives(gaz)
        # the article's places by canonical name (and the gazetteer's name for it), places first
        self.by_name: dict[str, Entity] = {}
        for e in sorted((e for e in entities if e.type in ("LOC", "ORG")), key=lambda e: e.type != "LOC"):
            for name in (e.name, gaz.name_of(e.name, "LOC")):
                if name:
                    self.by_name.setdefault(_key(name), e)
        # adjectives the article's own places derive («Тамбов» → тамбовский); one that two places give is no one's
        self.own: dict[str, Entity | None] = {}
        for e in entities:
            if e.type != "LOC":
                continue
            forms = {e.name} | {lemma(m.text) for m in e.mentions if m.kind == "name" and " " not in m.text}
            for form in forms:
                if " " in form or never_a_name(form):
                    continue
                for adj in adjectives_of(form):
                    if self.own.get(adj, e) is not e:
                        self.own[adj] = None
                    else:
                        self.own[adj] = e
        self.new: dict[str, Entity] = {}

    def resolve(self, lem: str) -> tuple[str | None, Entity | None]:
        """The place an adjective lemma is of, and the article's entity of it (None: none yet)."""
        place = self.lex.get(lem)
        if place is not None:
            return place, self.by_name.get(_key(place))
        target = self.own.get(lem)
        if target is not None:
            return target.name, target
        place = self.from_gaz.get(lem)
        return place, self.by_name.get(_key(place)) if place else None

    def adjective(self, low: str, start: int, end: int) -> list[tuple[int, int, str, Entity | None]]:
        """(start, end, place, entity) of each place the adjective token `low` (lower case, at start..end)
        is of: one, or one per part of a hyphenated compound."""
        found = []
        place, target = self.resolve(lemma(low))
        if place is not None:
            found.append((start, end, place, target))
        elif "-" in low:
            # «российско-американских»: the last part inflects, the ones before end in -о
            at = start
            parts = low.split("-")
            for n, part in enumerate(parts):
                if n < len(parts) - 1:
                    place, target = (self.resolve(part[:-1] + "ий") if part.endswith("ско") else
                                     self.resolve(part[:-1] + "ский") if part.endswith("о") else (None, None))
                else:
                    place, target = self.resolve(lemma(part)) if len(part) >= 5 else (None, None)
                if place is not None:
                    found.append((at, at + len(part), place, target))
                at += len(part) + 1
        return found

    def add(self, text: str, a: int, b: int, place: str, target: Entity | None, kind: str) -> None:
        if target is None:
            target = self.new.get(_key(place))
            if target is None:
                target = self.new[_key(place)] = Entity("", "LOC", place, [])
        target.mentions.append(Mention(a, b, text[a:b], kind))

    def finish(self, entities: list[Entity], kind: str) -> list[Entity]:
        """`entities` with their mentions in text order again and the new places numbered on after them."""
        if not any(any(m.kind == kind for m in e.mentions) for e in entities) and not self.new:
            return entities
        for e in entities:
            e.mentions.sort(key=lambda m: m.start)
        taken = [int(e.id[1:]) for e in entities if e.id[:1] == "e" and e.id[1:].isdigit()]
        n = max(taken, default=0)
        for e in sorted(self.new.values(), key=lambda e: e.mentions[0].start):
            n += 1
            e.id = f"e{n}"
            entities.append(e)
        return entities


def add_place_adjectives(parsed: Parsed, entities: list[Entity], gazetteer: Gazetteer | None = None,
                         lexicon: dict[str, str] | None = None) -> list[Entity]:
    """`entities` with each place adjective of the text added as a mention of its place; new entities (a
    place named only by adjectives) at the end. The entities given are changed in place."""
    places = _Places(entities, gazetteer or default_gazetteer(), default_lexicon() if lexicon is None else lexicon)
    names = sorted((s.start, s.end) for s in parsed.spans)
    names += [(m.start, m.end) for e in entities for m in e.mentions if m.kind in ("name", "surname")]
    names.sort()
    starts = [s for s, _ in names]
    tokens = parsed.tokens
    for i, tok in enumerate(tokens):
        low = tok.text.lower()
        if len(low) < 5 or not low.endswith(_ADJ_ENDINGS) or not low.replace("-", "").isalpha():
            continue
        found = places.adjective(low, tok.start, tok.end)
        if not found or _inside(names, starts, tok.start, tok.end):
            continue
        head = _head(tokens, i)
        if head is None or lemma(head.text) in _NOT_PLACE_HEADS \
                or tok.text[:1].isupper() and lemma(head.text) in _REGION_HEADS:
            continue
        for a, b, place, target in found:
            places.add(parsed.text, a, b, place, target, KIND)
    return places.finish(entities, KIND)


# --- places inside longer names ---------------------------------------------------------------------------

# Names that may hold a place: an organisation's («МВД России»), an event's («Олимпиада в Токио»), a
# facility's («аэропорт Болоньи»). Not a person's: a surname may be a town's name (Королёв, Горький). Not a
# place's: a place's name holds another place as part of its own name, not as a mention of it («Нижний
# Новгород», «Новая Зеландия», «Западная Вирджиния», «Южная Осетия»).
_HOST_TYPES = frozenset({"ORG", "EVENT", "FAC"})
# A region named by an adjective and one of these («Кировской области», «Ханты-Мансийского автономного
# округа»): inside a name it is a place of its own, named by its nominative. Not a district («Советского
# района»): every other city has one of that name, and the registry links places by name.
_REGION_NOUNS = frozenset("область край округ".split())
# An adjective before one of these is the region's or district's, not its city's («Курской областной думы»,
# «Кировского районного суда»); «городской» is the city's own («Московский городской суд»).
_REGION_ADJS = frozenset("областной краевой окружной районный".split())
# After «имени» («им.») a name is a person's («институт имени Горького»): no place in the rest.
_PERSON_AFTER = frozenset({"имени", "им"})
# The noun after an adjective inside a name that makes it no mention of its place: a language, a time zone,
# a region.
_NOT_NESTED_HEADS = _NOT_PLACE_HEADS | _REGION_HEADS
_OPEN_MARKS = frozenset("«\"„“")
_CLOSE_MARKS = frozenset("»\"“”")


# The region an adjective before one of these names, by the region's word: «Курской областной думы» is
# of «Курская область», «Алтайского краевого театра» of «Алтайский край». Not «окружной» (a federal or an
# autonomous district: the word does not say) nor «районный» (a district's name is no one place's).
_REGION_OF_ADJ = {"областной": "область", "краевой": "край"}


def _region_of(adjective: str, region_adj: str) -> str | None:
    """«Курской», «областной» → «Курская область»; None unless the word is a capitalised -ский/-цкий/-ской
    adjective and the region word one of `_REGION_OF_ADJ`."""
    noun = _REGION_OF_ADJ.get(region_adj)
    lem = lemma(adjective)
    if noun is None or not adjective[:1].isupper() or not lem.endswith(("ский", "цкий", "ской")):
        return None
    word = lem[:-2] + "ая" if noun == "область" else lem  # the adjective agrees with the region's noun
    return word[:1].upper() + word[1:] + " " + noun


def _cap(text: str) -> bool:
    return text[:1].isupper()


def _adjective_token(tok: Token) -> bool:
    low = tok.text.lower()
    return tok.pos == "ADJ" or (len(low) > 3 and low.endswith(_ADJ_ENDINGS) and low.replace("-", "").isalpha())


def add_nested_places(parsed: Parsed, entities: list[Entity], gazetteer: Gazetteer | None = None,
                      lexicon: dict[str, str] | None = None) -> list[Entity]:
    """`entities` with each place named inside an organisation's, event's or facility's name added as a
    mention (kind "nested") of that place: «МВД России», «Правительства Москвы» (the gazetteer's place, or
    one the article names itself), «Российская академия наук», «Московского государственного университета»
    (a place adjective), «Законодательного собрания Кировской области» (a region). The name itself stays one
    mention of its organisation; the place gains a mention inside it. New entities (a place the article
    names only inside names) at the end. The entities given are changed in place."""
    gaz = gazetteer or default_gazetteer()
    tokens = parsed.tokens
    hosts = []
    for e in entities:
        if e.type not in _HOST_TYPES:
            continue
        if gaz.name_of(e.name, "LOC") is not None:
            continue  # a place the tagger called an organisation («Российская Федерация»): no name around a place
        hosts += [(m, e) for m in e.mentions if m.kind == "name" and " " in m.text.strip()]
    if not hosts:
        return entities
    places = _Places(entities, gaz, default_lexicon() if lexicon is None else lexicon)
    # the article's own places by the lemmas of every name they are written with («Гегаркуникской области»
    # inside a name finds the «Гегаркуникская область» the article names elsewhere)
    own: dict[tuple[str, ...], Entity] = {}
    for e in entities:
        if e.type == "LOC":
            for key in {lemma_key(e.name), *(lemma_key(m.text) for m in e.mentions if m.kind == "name")}:
                if key:
                    own.setdefault(key, e)
    own_lengths = lengths_by_first(own)
    gaz_lengths = gaz.key_lengths()
    taken = {(m.start, m.end) for e in entities for m in e.mentions}
    starts = [t.start for t in tokens]
    text = parsed.text

    def place_at(k: int, end: int) -> tuple[int, str | None, Entity | None]:
        """The longest place name of the article's or the gazetteer's starting at token k and ending by token
        `end`: (its length in tokens, canonical name, the article's entity); length 0 if none."""
        first = lemma(tokens[k].text)
        for n in sorted(set(own_lengths.get(first, ())) | set(gaz_lengths.get(first, ())), reverse=True):
            if k + n > end:
                continue
            key = tuple(lemma(t.text) for t in tokens[k:k + n])
            if key in own:
                return n, own[key].name, own[key]
            entry = gaz.get_key(key)
            if entry is not None and entry.type == "LOC":
                return n, entry.name, places.by_name.get(_key(entry.name))
        return 0, None, None

    def region_at(k: int, end: int) -> int:
        """Tokens of a region's name starting at k: capitalised adjective, more adjectives, a region noun
        («Кировской области», «Ханты-Мансийского автономного округа»); or «Республика» and a name
        («Республики Башкортостан»). 0 if none."""
        tok = tokens[k]
        if lemma(tok.text) == "республика" and k + 1 < end and _cap(tokens[k + 1].text):
            return 2
        if not (_cap(tok.text) and _adjective_token(tok)):
            return 0
        j = k + 1
        while j < end and j < k + 4 and _adjective_token(tokens[j]) and not _cap(tokens[j].text):
            j += 1
        return j - k + 1 if j < end and lemma(tokens[j].text) in _REGION_NOUNS else 0

    def quoted_whole(k: int, j: int) -> bool:
        """Tokens k..j-1 are the whole of a name in quotation marks («гостиница «Москва»»): a brand's name."""
        return (k > 0 and tokens[k - 1].text in _OPEN_MARKS and j < len(tokens) and tokens[j].text in _CLOSE_MARKS)

    def places_at(k: int, lo: int, hi: int) -> tuple[int, list[tuple[int, int, str, Entity | None]]]:
        """What the name's tokens lo..hi-1 hold at token k: (tokens read, [(start, end, place, entity)])."""
        tok = tokens[k]
        if _cap(tok.text):
            n, place, target = place_at(k, hi)
            if n == 1 and not tok.text.isupper() and never_a_name(tok.text):
                n = 0  # a dictionary word that names no place («Мир», «Союз» as a place's key)
            if n:
                # a place opening the name is the name of a brand called after it («Европа плюс», «Россия в
                # глобальной политике»); after a capitalised adjective it is part of a longer place's name
                # the gazetteer does not hold («Университет Нового Южного Уэльса»)
                if k == lo or _cap(tokens[k - 1].text) and _adjective_token(tokens[k - 1]):
                    return n, []
                return n, [(tok.start, tokens[k + n - 1].end, place, target)]
            n = region_at(k, hi)
            if n:
                name = normalize_span(tokens[k:k + n], "LOC")
                return n, [(tok.start, tokens[k + n - 1].end, name, places.by_name.get(_key(name)))]
        low = tok.text.lower()
        if len(low) < 5 or not low.endswith(_ADJ_ENDINGS) or not low.replace("-", "").isalpha():
            return 1, []
        # a place adjective, unless it is a region's or district's («Курской областной думы») or a language's
        # («Института английского языка»); a region's adjective names the region
        after = lemma(tokens[k + 1].text) if k + 1 < hi else ""
        if after in _REGION_ADJS:
            name = _region_of(tok.text, after)
            return 1, [(tok.start, tok.end, name, places.by_name.get(_key(name)))] if name else []
        head = _head(tokens, k)
        if head is not None and lemma(head.text) in _NOT_NESTED_HEADS:
            return 1, []
        return 1, places.adjective(low, tok.start, tok.end)

    for m, host in hosts:
        lo, hi = bisect_left(starts, m.start), bisect_left(starts, m.end)
        k = lo
        while k < hi:
            if tokens[k].text.lower().rstrip(".") in _PERSON_AFTER:
                break
            n, found = places_at(k, lo, hi)
            if found and not (found[0][0] <= m.start and found[-1][1] >= m.end) and not quoted_whole(k, k + n):
                for a, b, place, target in found:
                    if target is not host and (a, b) not in taken:
                        taken.add((a, b))
                        places.add(text, a, b, place, target, NESTED)
            k += n
    return places.finish(entities, NESTED)
