"""Article-level repair of the NER spans: what a view of the whole article gives and a token tagger lacks.

Slovnet tags each token from a few neighbours. Here, over the whole article:
- boundaries follow punctuation and morphology: a name does not run across brackets, bullets, commas or
  line breaks («Фонд защиты птиц (ФЗП)» is two names), a person's name does not start with a
  common noun («Адмирал Нельсон», «Майор Громов»), an organisation's name does not include its
  legal form («ОАО «Газпром»»);
- the gazetteer fixes a mistyped span («ЕС» is an organisation, «МКС» a facility) and finds a missed
  one (a country in a list);
- forums, summits and other events become EVENT («Восточный экономический форум»);
- a name tagged once is the same name everywhere in the article: its other occurrences, in any inflected
  form, get the same type, and the words of a person's name tag that person's later surname-only mentions;
- a name tagged with different types in one article takes the type most of its occurrences have.
"""
from __future__ import annotations

import re
from collections import Counter, defaultdict
from functools import lru_cache

from ..nlp.gazetteer import Gazetteer, default_gazetteer
from ..nlp.normalize import parse_word
from ..nlp.pipeline import Parsed, Span, Token
from ..nlp.words import lemma, lemmas, lengths_by_first, never_a_name, token_lemmas

SEPARATORS = frozenset("( ) [ ] • , ; / | · — –".split())
LEGAL_FORMS = frozenset("оао зао ооо пао ао гуп фгуп муп нп ано нко ип фгбу гбу оп".split())
QUOTES_OPEN = "«„“\""
QUOTES_CLOSE = "»“”\""
# Lower-case words that belong inside a person's name (particles of foreign names).
NAME_PARTICLES = frozenset("фон дер де ди да дос дю ла ле ван бин ибн аль эль ал бен оглы кызы улы ур".split())
# Head nouns of event names (lemmas): a capitalised one, or one after a capitalised adjective, names an event.
EVENT_HEADS = frozenset("""форум саммит конференция олимпиада чемпионат первенство кубок фестиваль выставка
биеннале марафон турнир""".split())
# Titles that stand before a name but are not part of it, wherever they stand (lemmas); other common nouns
# are taken for a title only where a capital letter says nothing (sentence or line start).
PERSON_TITLES = frozenset("император императрица принц принцесса кронпринц король королева папа генерал полковник "
                          "майор капитан мадам месье сэр лорд президент премьер министр канцлер".split())
_LETTER = re.compile(r"[A-Za-zА-Яа-яЁё]")
# The Arabic article glued to a surname by a hyphen: аль-Фарук, эль-Хатиб, ас-Саид.
ARABIC_ARTICLES = ("аль", "эль", "ал", "ас", "ад", "ар", "ан", "аш", "аз", "ат", "уль")
_ARTICLE_NAME = re.compile(r"^(" + "|".join(ARABIC_ARTICLES + ("ад-дин",)) + r")-[А-ЯЁA-Z]")
# Particles that start a surname («ибн Сина», «фон дер Ляйен», «де Голль»).
_LEADING_PARTICLES = frozenset("ибн бин бен фон ван де ди да дель дер".split())


def _person_noun(word: str) -> bool:
    """A noun the dictionary knows only as a common animate one (губернатор, советник, мэр)."""
    from ..nlp.normalize import parse_word
    parses = [p for p in parse_word(word.lower()) if p.tag.POS == "NOUN"]
    return bool(parses) and all("anim" in p.tag.grammemes and not {"Name", "Surn", "Patr"} & set(p.tag.grammemes)
                                for p in parses)


def _line_start(doc: "_Doc", i: int) -> bool:
    return i == 0 or "\n" in doc.text[doc.tokens[i - 1].end:doc.tokens[i].start]


def _is_cap(text: str) -> bool:
    return text[:1].isupper() or (text[:1].isdigit() and _LETTER.search(text) is not None)


class _Doc:
    """Tokens of the article with where each span sits, for the steps below."""

    def __init__(self, parsed: Parsed) -> None:
        self.text = parsed.text
        self.tokens: list[Token] = parsed.tokens
        self.sent_start: list[bool] = []
        for s in parsed.sents:
            self.sent_start.extend([True] + [False] * (len(s.tokens) - 1))
        self.index = {t.start: i for i, t in enumerate(self.tokens)}
        self.end_index = {t.end: i for i, t in enumerate(self.tokens)}
        self.lemmas = token_lemmas(parsed)

    def token_range(self, span: Span) -> tuple[int, int] | None:
        i, j = self.index.get(span.start), self.end_index.get(span.end)
        if i is None or j is None or j < i:
            return None
        return i, j + 1

    def span(self, i: int, j: int, type_: str) -> Span:
        a, b = self.tokens[i].start, self.tokens[j - 1].end
        return Span(a, b, type_, self.text[a:b])


# --- boundaries -------------------------------------------------------------------------------------------

def _split(doc: _Doc, i: int, j: int) -> list[tuple[int, int]]:
    """Pieces of a token range between separators and line breaks."""
    pieces, start = [], i
    for k in range(i, j):
        tok = doc.tokens[k]
        breaks = k > i and "\n" in doc.text[doc.tokens[k - 1].end:tok.start]
        if tok.text in SEPARATORS or breaks:
            if breaks and tok.text not in SEPARATORS:
                pieces.append((start, k))
                start = k
            else:
                pieces.append((start, k))
                start = k + 1
    pieces.append((start, j))
    return [(a, b) for a, b in pieces if a < b]


_VOWELS = frozenset("аеёиоуыэюяaeiouy")


def _syllables(word: str) -> int:
    return sum(c in _VOWELS for c in word.lower())


def _syllable_name(words: list[str]) -> bool:
    """«Пан Ги Мун», «Мун Чжэ Ин», «Шах Рух Хан»: an East Asian name of three one-syllable words (the last
    may carry a case ending, «Муна»), whose first word may be a Russian noun («пан», «шах») without being
    a title before the name."""
    return len(words) == 3 and all(w[:1].isupper() and w.isalpha() for w in words) \
        and all(_syllables(w) == 1 and len(w) <= 4 for w in words[:2]) \
        and 1 <= _syllables(words[2]) <= 2 and len(words[2]) <= 5


# Abbreviations that end a name with their dot
_DOTTED_ABBREVIATIONS = frozenset("inc ltd co corp jr sr st dr mr mrs ms plc bros им св ул пр".split())


def _trim(doc: _Doc, i: int, j: int, type_: str) -> tuple[int, int]:
    toks = doc.tokens
    changed = True
    while changed and i < j:
        changed = False
        first, last = toks[i].text, toks[j - 1].text
        inner = "".join(t.text for t in toks[i + 1:j])
        # quotes that are not closed inside the span, and other punctuation, do not belong to a name
        if first in QUOTES_OPEN and not any(q in inner for q in QUOTES_CLOSE):
            i, changed = i + 1, True
        elif last in QUOTES_CLOSE and not any(t.text in QUOTES_OPEN for t in toks[i:j - 1]):
            j, changed = j - 1, True
        elif not _LETTER.search(first) and not first[:1].isdigit() and first not in QUOTES_OPEN:
            i, changed = i + 1, True
        elif not _LETTER.search(last) and not last[:1].isdigit() and last not in QUOTES_CLOSE and last != ".":
            j, changed = j - 1, True
        elif last == "." and j - i > 1 and (j == len(toks) or doc.sent_start[j]) and len(toks[j - 2].text) > 1 \
                and toks[j - 2].text.lower() not in _DOTTED_ABBREVIATIONS:
            # a sentence's full stop the tagger read with the name before a line break («сообщает SHOT.»); an
            # initial or an abbreviation keeps its dot («Дж.», «Inc.»)
            j, changed = j - 1, True
        elif type_ == "ORG" and j - i > 1 and first.lower() in LEGAL_FORMS:
            i, changed = i + 1, True
        elif type_ == "ORG" and j - i > 3 and first[:1].isalpha() and toks[i + 1].text in QUOTES_OPEN \
                and last in QUOTES_CLOSE and never_a_name(first):
            i, changed = i + 1, True  # «Концерн «Вектор»», «Медиахолдинг «Заря»»: the name is quoted
        elif type_ == "ORG" and j - i > 2 and first in QUOTES_OPEN and last in QUOTES_CLOSE:
            i, j, changed = i + 1, j - 1, True
        elif type_ == "PER" and j - i > 1 and first[:1].isupper() and "." not in first \
                and toks[i + 1].text != "." and never_a_name(first) \
                and (lemma(first) in PERSON_TITLES or
                     (doc.sent_start[i] or _line_start(doc, i) or _person_noun(first))
                     and not _syllable_name([t.text for t in toks[i:j]])):
            # «Адмирал Нельсон», «Поддержку Игорю Сомову», «по словам Губернатора Петрова»: a capitalised
            # common noun for a person before a name is a title, not a first name
            i, changed = i + 1, True
        elif type_ == "PER" and j - i > 1 and last[:1].islower() and last.lower() not in NAME_PARTICLES:
            j, changed = j - 1, True
    return i, j


def _clean(doc: _Doc, spans: list[Span]) -> list[Span]:
    out = []
    for sp in spans:
        rng = doc.token_range(sp)
        if rng is None:
            out.append(sp)
            continue
        for a, b in _split(doc, *rng):
            a, b = _trim(doc, a, b, sp.type)
            toks = doc.tokens
            while a < b < len(toks) and toks[b].start == toks[b - 1].end and toks[b].text.isascii() \
                    and toks[b].text.isalnum() and toks[b - 1].text.isascii():
                b += 1  # digits or Latin letters glued to the name, which the tokenizer cut off («Flightradar24»)
            if a < b and any(_is_cap(t.text) for t in doc.tokens[a:b]):
                out.append(doc.span(a, b, sp.type))
    return out


def _extend_persons(doc: _Doc, spans: list[Span]) -> list[Span]:
    """A person's name takes the particles and initials around it that the tagger left out: «Усамы бин
    Ладена», «Карима эль-Хатиба», «ибн Сауд», «В. Волков»."""
    toks = doc.tokens
    out = []
    for sp in spans:
        rng = doc.token_range(sp) if sp.type == "PER" else None
        if rng is None:
            out.append(sp)
            continue
        i, j = rng

        def glued(a: int, b: int) -> bool:  # tokens a and b (a < b) on one line with a space at most
            return doc.text[toks[a].end:toks[b].start] in ("", " ")

        while j < len(toks) and glued(j - 1, j):
            t = toks[j].text
            if _ARTICLE_NAME.match(t):
                j += 1
            elif t.lower() in NAME_PARTICLES and t.islower() and j + 1 < len(toks) and glued(j, j + 1) \
                    and (toks[j + 1].text[:1].isupper() or _ARTICLE_NAME.match(toks[j + 1].text)):
                j += 2
            else:
                break
        while i > 0 and glued(i - 1, i) and (toks[i - 1].text in _LEADING_PARTICLES or
                                            _ARTICLE_NAME.match(toks[i - 1].text)):
            i -= 1
        # the initials before a surname («В. Волков», «А.Кудрин»), which the tagger leaves out most often at a
        # sentence's start, where it reads «В» as the preposition
        while i >= 2 and toks[i - 1].text == "." and glued(i - 1, i) and toks[i - 2].end == toks[i - 1].start \
                and len(toks[i - 2].text) == 1 and toks[i - 2].text.isupper() and toks[i - 2].text.isalpha():
            i -= 2
        out.append(doc.span(i, j, "PER") if (i, j) != rng else sp)
    return out


def _drop_common_persons(doc: _Doc, spans: list[Span]) -> list[Span]:
    """A lone capitalised common noun is not a person («Супруга», «Адвокат»), unless the article gives it
    as part of a full name elsewhere («Любовь Соболь» … «Соболь»)."""
    name_words = set()
    for sp in spans:
        rng = doc.token_range(sp)
        if sp.type == "PER" and rng and rng[1] - rng[0] > 1:
            name_words.update(doc.lemmas[k] for k in range(*rng))
    # «Папа Римский Франциск»: a capitalised common noun right before a person's name is that person's
    # title, and so is the same word tagged as a person alone elsewhere («напомнил Папа»)
    starts = {rng[0] for sp in spans if sp.type == "PER" and (rng := doc.token_range(sp))}
    titles = set()
    for start in starts:
        k = start - 1
        while k >= 0 and doc.tokens[k].pos == "ADJ" and k >= start - 2:
            k -= 1
        if k >= 0 and doc.tokens[k].text[:1].isupper() and never_a_name(doc.tokens[k].text):
            titles.add(doc.lemmas[k])
    out = []
    for sp in spans:
        rng = doc.token_range(sp)
        if sp.type == "PER" and rng and rng[1] - rng[0] == 1 and never_a_name(sp.text) \
                and (doc.sent_start[rng[0]] or _line_start(doc, rng[0]) or doc.lemmas[rng[0]] in titles) \
                and doc.lemmas[rng[0]] not in name_words:
            continue
        out.append(sp)
    return out


# --- gazetteer and events ---------------------------------------------------------------------------------

def _covered(doc: _Doc, spans: list[Span]) -> list[bool]:
    cov = [False] * len(doc.tokens)
    for sp in spans:
        rng = doc.token_range(sp)
        if rng:
            for k in range(*rng):
                cov[k] = True
    return cov


def _retype(doc: _Doc, spans: list[Span], gaz: Gazetteer) -> list[Span]:
    out = []
    for sp in spans:
        rng = doc.token_range(sp)
        if rng:
            key = tuple(doc.lemmas[k] for k in range(*rng) if _LETTER.search(doc.tokens[k].text))
            entry = gaz.get_key(key)
            if entry is not None and entry.type != sp.type and (sp.type != "PER" or _place_not_person(doc, *rng)):
                sp = Span(sp.start, sp.end, entry.type, sp.text)
            elif sp.type in ("ORG", "LOC") and _event_head(doc, *rng) is not None:
                sp = Span(sp.start, sp.end, "EVENT", sp.text)
        out.append(sp)
    return out


def _place_not_person(doc: _Doc, i: int, j: int) -> bool:
    """A span tagged as a person that the gazetteer knows as a place: «Коста Рика», «Эфиопия»; one word
    must be a geographic name to pymorphy, since «Сальвадор» is also a first name."""
    if j - i > 1:
        return True
    return any("Geox" in p.tag.grammemes for p in parse_word(doc.tokens[i].text.lower())) and \
        not any("Name" in p.tag.grammemes or "Surn" in p.tag.grammemes for p in parse_word(doc.tokens[i].text.lower()))


def _event_head(doc: _Doc, i: int, j: int) -> int | None:
    """The event head noun of a token range when the range names an event: «Форума …», «Восточном … форуме»."""
    for k in range(i, j):
        if doc.lemmas[k] in EVENT_HEADS and doc.tokens[k].pos in ("NOUN", "PROPN"):
            before_cap = k > i and _is_cap(doc.tokens[i].text) and \
                all(doc.tokens[m].pos == "ADJ" for m in range(i, k))
            if (k == i and _is_cap(doc.tokens[k].text)) or before_cap:
                return k
            return None
    return None


def _events(doc: _Doc, spans: list[Span]) -> list[Span]:
    """Event names the tagger does not know: a capitalised head (+ genitive words), or capitalised adjectives
    + head («Форум межрегионального сотрудничества», «Восточный экономический форум»)."""
    cov = _covered(doc, spans)
    toks = doc.tokens
    out = []
    k = 0
    while k < len(toks):
        if cov[k] or doc.lemmas[k] not in EVENT_HEADS or toks[k].pos not in ("NOUN", "PROPN"):
            k += 1
            continue
        i = k
        while i > 0 and not cov[i - 1] and toks[i - 1].pos == "ADJ" and k - i < 3:
            i -= 1
        if not _is_cap(toks[i].text) or (i == k and doc.sent_start[k]):
            k += 1  # a capital that only starts a sentence says nothing
            continue
        j = k + 1
        if i == k:
            # «Форум межрегионального сотрудничества»: the genitive words that follow
            while j < len(toks) and not cov[j] and j - k <= 4 and toks[j].feats.get("Case") == "Gen" \
                    and toks[j].pos in ("ADJ", "NOUN") and toks[j].text[:1].islower():
                j += 1
            if j == k + 1 and not (j < len(toks) and toks[j].text in QUOTES_OPEN):
                k += 1
                continue
        out.append(doc.span(i, j, "EVENT"))
        k = j
    return out


def _gazetteer_hits(doc: _Doc, spans: list[Span], gaz: Gazetteer) -> list[Span]:
    """Gazetteer names where the tagger found nothing: capitalised, longest first, not overlapping a span."""
    cov = _covered(doc, spans)
    toks = doc.tokens
    lengths = gaz.key_lengths()
    out = []
    k = 0
    while k < len(toks):
        hit = None
        if not cov[k] and _is_cap(toks[k].text):
            for ln in lengths.get(doc.lemmas[k], ()):
                if ln > len(toks) - k or any(cov[k:k + ln]):
                    continue
                entry = gaz.get_key(tuple(doc.lemmas[k:k + ln]))
                if entry is None:
                    continue
                last = toks[k + ln - 1].text
                if not _LETTER.search(last):
                    continue
                # a capital at a sentence start may be an ordinary word that shares a name's lemma
                if ln == 1 and doc.sent_start[k] and not toks[k].text.isupper() and never_a_name(toks[k].text):
                    continue
                hit = (k, k + ln, entry.type)
                break
        if hit:
            out.append(doc.span(*hit))
            k = hit[1]
        else:
            k += 1
    return out


# --- organisations with their genitive parts ------------------------------------------------------------

def _genitive_start(tok: Token) -> bool:
    if tok.text.isupper() and len(tok.text) > 1:
        return True  # США, СССР, МВД: abbreviations carry no case
    return tok.feats.get("Case") == "Gen"


def _merge_org_chains(doc: _Doc, spans: list[Span]) -> list[Span]:
    """An organisation's name takes the place or organisation it belongs to: «Следственный комитет
    Армении», «Союз писателей СССР», «Главное управление МВД России по Тверской области»."""
    out: list[Span] = []
    for sp in spans:
        prev = out[-1] if out else None
        if prev is not None and prev.type == "ORG" and sp.type in ("LOC", "ORG"):
            gap = doc.text[prev.end:sp.start]
            rng = doc.token_range(sp)
            if rng and gap.strip() == "" and "\n" not in gap and _genitive_start(doc.tokens[rng[0]]):
                out[-1] = Span(prev.start, sp.end, "ORG", doc.text[prev.start:sp.end])
                continue
            if rng and gap.strip().lower() == "по" and "\n" not in gap and sp.type == "LOC" \
                    and doc.tokens[rng[0]].feats.get("Case") == "Dat":
                out[-1] = Span(prev.start, sp.end, "ORG", doc.text[prev.start:sp.end])
                continue
        out.append(sp)
    return out


# --- one name, one type, everywhere in the article --------------------------------------------------------

def _vote(doc: _Doc, spans: list[Span], fixed: set[tuple[int, int]]) -> list[Span]:
    keys = {}
    votes: dict[tuple, Counter] = defaultdict(Counter)
    for sp in spans:
        rng = doc.token_range(sp)
        if rng and sp.type in ("PER", "LOC", "ORG"):
            key = tuple(doc.lemmas[rng[0]:rng[1]])
            keys[id(sp)] = key
            votes[key][sp.type] += 1
    out = []
    for sp in spans:
        key = keys.get(id(sp))
        if key is not None and (sp.start, sp.end) not in fixed:
            (top, n), *rest = votes[key].most_common()
            if top != sp.type and (not rest or n > rest[0][1]):
                sp = Span(sp.start, sp.end, top, sp.text)
        out.append(sp)
    return out


def _propagate(doc: _Doc, spans: list[Span]) -> list[Span]:
    cov = _covered(doc, spans)
    toks = doc.tokens
    whole: dict[tuple[str, ...], str] = {}
    person_words: set[str] = set()
    pairs: set[tuple[str, str]] = set()
    for sp in spans:
        rng = doc.token_range(sp)
        if not rng or sp.type not in ("PER", "LOC", "ORG"):
            continue
        key = tuple(doc.lemmas[rng[0]:rng[1]])
        if _is_cap(toks[rng[0]].text):
            whole.setdefault(key, sp.type)
        if sp.type == "PER":
            # words that stand together in a tagged name; two names side by side («сын Бориса Глеб»)
            # stay two mentions
            pairs.update((toks[k].text.lower(), toks[k + 1].text.lower()) for k in range(rng[0], rng[1] - 1))
            for k in range(*rng):
                w = toks[k].text
                if _is_cap(w) and len(w) > 2 and _LETTER.search(w) and "." not in w:
                    person_words.add(w.lower().replace("ё", "е"))
    lengths = lengths_by_first(whole)
    pforms = _person_forms(frozenset(person_words))
    out = []
    k = 0
    while k < len(toks):
        if cov[k] or not _is_cap(toks[k].text):
            k += 1
            continue
        hit = None
        for ln in lengths.get(doc.lemmas[k], ()):
            if ln > len(toks) - k or any(cov[k:k + ln]):
                continue
            t = whole.get(tuple(doc.lemmas[k:k + ln]))
            if t is not None and _LETTER.search(toks[k + ln - 1].text):
                # one ordinary word («Союз», «Мир») tagged once is weak evidence for its other occurrences
                if ln == 1 and (doc.sent_start[k] or t != "PER") and never_a_name(toks[k].text):
                    continue
                hit = (k, k + ln, t)
                break
        if hit is None:
            # words of a person's name, in any inflected form, name that person (Байдена … Байден)
            j = k
            while j < len(toks) and not cov[j] and _is_cap(toks[j].text) and lemmas(toks[j].text) & pforms \
                    and (j == k or (doc.text[toks[j - 1].end:toks[j].start] == " " and
                                    (toks[j - 1].text.lower(), toks[j].text.lower()) in pairs)):
                if doc.sent_start[j] and never_a_name(toks[j].text):
                    break
                j += 1
            if j > k:
                hit = (k, j, "PER")
        if hit:
            out.append(doc.span(*hit))
            k = hit[1]
        else:
            k += 1
    return out


@lru_cache(maxsize=4096)
def _person_forms(words: frozenset[str]) -> frozenset[str]:
    forms: set[str] = set()
    for w in words:
        forms |= lemmas(w)
    return frozenset(forms)


def _sorted(spans: list[Span]) -> list[Span]:
    spans = sorted(spans, key=lambda s: (s.start, -s.end))
    out: list[Span] = []
    for s in spans:
        if out and s.start < out[-1].end:
            continue  # overlapping: the earlier, longer one stays
        out.append(s)
    return out


def repair(parsed: Parsed, gazetteer: Gazetteer | None = None) -> list[Span]:
    """The article's NER spans after the repairs above, sorted and not overlapping."""
    gaz = gazetteer or default_gazetteer()
    doc = _Doc(parsed)
    spans = _clean(doc, list(parsed.spans))
    spans = _sorted(_extend_persons(doc, spans))
    spans = _drop_common_persons(doc, spans)
    spans = _retype(doc, spans, gaz)
    fixed = {(s.start, s.end) for s in spans if s.type in ("EVENT", "FAC")}
    spans = _sorted(spans + _events(doc, spans))
    gaz_spans = _gazetteer_hits(doc, spans, gaz)
    fixed |= {(s.start, s.end) for s in gaz_spans}
    spans = _sorted(spans + gaz_spans)
    spans = _vote(doc, spans, fixed)
    spans = _sorted(spans + _propagate(doc, spans))
    return _merge_org_chains(doc, spans)
