"""Nominative, headword form of a name span («Владимира Путина» → «Владимир Путин»).

Natasha's `span.normalize` inflects every word of a span whose case the tagger reported, trusting the
tagger's part of speech; it keeps «Известиям» because the tagger calls it a proper noun pymorphy does not
know as such, and it needs the syntax parser to leave genitive dependents alone. Here the rules are:
persons inflect every word (first name, patronymic, surname) in the gender the tagger saw; organisations,
places and events inflect only up to their head noun (the first noun, with the adjectives agreeing with it)
and keep what follows as written («Форума межрегионального сотрудничества» → «Форум межрегионального
сотрудничества»). pymorphy is consulted with every candidate parse, not only the tagger's.
"""
from __future__ import annotations

import re
import unicodedata
from collections import Counter
from functools import lru_cache

from .pipeline import Token

CASES_UD_OC = {"Nom": "nomn", "Gen": "gent", "Dat": "datv", "Acc": "accs", "Ins": "ablt", "Loc": "loct"}
_CYRILLIC_WORD = re.compile(r"[А-Яа-яЁё]+")
_CYRILLIC_HYPHENED = re.compile(r"[А-Яа-яЁё]+(?:-[А-Яа-яЁё]+)*")
_QUOTES = "«»\"“”„'"


@lru_cache(maxsize=1)
def _analyzer():
    # natasha's MorphVocab rewrites pymorphy's tags to UD and loses the name grammemes (Name, Surn, Geox)
    # used below; plain pymorphy2 no longer starts on Python 3.11 (inspect.getargspec), so use pymorphy3,
    # its maintained successor, with its dictionary from the wheel.
    from pymorphy3 import MorphAnalyzer, shapes
    shapes.is_latin_char = _is_latin_char
    return MorphAnalyzer()


def _is_latin_char(ch: str) -> bool:
    # pymorphy3's own version calls unicodedata.name(ch), which raises ValueError for the letters Python's
    # Unicode database gives no name (Tangut, Khitan: U+17000-U+18D08). One such letter in an article made its
    # analysis fail, and in a search or an entity name it was a 500. A letter with no name is not Latin.
    from pymorphy3.shapes import _latin_letters_cache
    try:
        return _latin_letters_cache[ch]
    except KeyError:
        return _latin_letters_cache.setdefault(ch, "LATIN" in unicodedata.name(ch, ""))


def word_is_known(word: str) -> bool:
    """Whether pymorphy's dictionary has the word (not only a guess from its ending)."""
    return _analyzer().word_is_known(word)


@lru_cache(maxsize=20_000)
def parse_word(word: str) -> tuple:
    # Every stage asks pymorphy about the same words (names, cues) again and again; news vocabulary is
    # Zipfian, so a bounded cache answers most calls. An entry holds pymorphy's parses (about 1 KiB); the
    # commonest callers (lemma, lemmas, never_a_name, _inflect) keep their own small answers in caches of
    # their own, so this one only needs the recent words: 20,000 keeps a worker's memory in bounds.
    return tuple(_analyzer().parse(word))


def _shape_like(word: str, ref: str) -> str:
    if ref.isupper() and len(ref) > 1:
        return word.upper()
    parts, refs = word.split("-"), ref.split("-")
    if len(parts) == len(refs) and len(parts) > 1:
        # each part as written: «Ростова-на-Дону» → «Ростов-на-Дону», «Касым-Жомарта» → «Касым-Жомарт»
        return "-".join(_shape_like(p, r) if r else p for p, r in zip(parts, refs))
    if ref[:1].isupper():
        return word[:1].upper() + word[1:]
    return word


@lru_cache(maxsize=10_000)
def _can_be_adjective(text: str) -> bool:
    parses = parse_word(text.lower())
    return not parses or any(p.tag.POS in ("ADJF", "ADJS", "PRTF", "PRTS", "COMP", "NUMR") for p in parses)


def _adjective_only(text: str) -> bool:
    """pymorphy knows the word only as an adjective or participle («Соединенных», «Арабских»), whatever
    part of speech the tagger gave a capitalised word."""
    parses = parse_word(text.lower())
    return bool(parses) and all(p.tag.POS in ("ADJF", "PRTF") for p in parses)


@lru_cache(maxsize=10_000)
def _inflect(word: str, case: str | None, number: str | None, gender: str | None, want_noun: bool,
             agree: frozenset[str] = frozenset(), person: bool = False) -> str | None:
    """Nominative of `word` read as the tagger saw it (case/number/gender), or None when pymorphy can't tell."""
    low = word.lower()
    parses = parse_word(low)
    if want_noun and gender == "Fem" and number != "Plur" and low[-1:].isalpha() and low[-1] not in _VOWELS \
            and not any(p.is_known and "Geox" in p.tag and p.tag.case == CASES_UD_OC.get(case or "")
                        and p.tag.case != "nomn" for p in parses):
        # a feminine noun that ends in a hard consonant does not decline in Russian («Бриджит», «Кэтрин»,
        # «Ирен»), whatever case the tagger saw and whatever pymorphy guesses from the ending; but a place the
        # dictionary knows in that oblique case is no such noun, whatever gender the tagger saw («под
        # Серпуховом»)
        return low
    best = None
    oblique = CASES_UD_OC.get(case or "") not in (None, "nomn")
    # only a woman's name: the tagger's feminine for a man's «Аркади», «Амаду» is common enough to mislead
    declinable = oblique and gender == "Fem" and any(
        q.is_known and "Fixd" not in q.tag.grammemes and q.tag.case == CASES_UD_OC[case] and q.tag.gender == "femn"
        and "Name" in q.tag.grammemes for q in parses)
    noun_lemmas = {q.normal_form for q in parses if q.tag.POS == "NOUN"}
    for p in parses:
        tag = p.tag
        if want_noun and tag.POS not in ("NOUN",):
            continue
        if not want_noun and tag.POS not in ("ADJF", "PRTF", "NOUN"):
            continue
        if not want_noun and tag.POS == "NOUN" and any(
                q.tag.POS in ("ADJF", "PRTF") and q.tag.case == CASES_UD_OC.get(case or "") for q in parses):
            # a modifier that is also a noun («Раменском» of «Раменское»): read as the adjective it is here,
            # which agrees with its head («Раменский городской округ»)
            continue
        score = p.score
        if case and tag.case == CASES_UD_OC.get(case):
            score += 1.0
        if number and tag.number == ("plur" if number == "Plur" else "sing"):
            score += 0.5
        if gender and tag.gender == {"Masc": "masc", "Fem": "femn", "Neut": "neut"}.get(gender):
            score += 0.5
        if {"Name", "Surn", "Patr", "Geox", "Orgn"} & set(tag.grammemes):
            score += 0.3
        if not want_noun and tag.POS == "ADJF" and p.normal_form in noun_lemmas:
            score += 0.05  # of two adjectives, the one a name is also written as («Донской», not «Донский»)
        if declinable and "Fixd" in tag.grammemes:
            # a form the tagger read in an oblique case is better explained by a name the dictionary knows to
            # decline («Анне» is the dative of «Анна» far more often than the French «Анне»)
            score -= 0.1
        if best is None or score > best[0]:
            best = (score, p)
    ud_case = CASES_UD_OC.get(case or "")
    if best is None:
        if (person and want_noun and ud_case not in (None, "nomn") and "-" not in low
                and not (gender == "Fem" and _FEM_SURNAME.fullmatch(low))):  # «Мозговой»: Мозгова more often
            # a surname the dictionary knows only as an adjective («Белоцерковскому», «Долгорукому») or a
            # possessive one («Фединым» of «Федин»): it declines as one
            adj = next((q for q in parses if q.tag.POS == "ADJF" and q.tag.case == ud_case
                        and q.normal_form.endswith(_ADJ_NOMINATIVE + _NOMINATIVE_ONLY) and q.tag.number != "plur"),
                       None)
            if adj is not None:
                form = adj.inflect({"nomn", "sing", "femn" if gender == "Fem" else "masc"})
                if form is not None:
                    return form.word
        # no noun reading at all («Сомова» known only as a short adjective): a name of the regular
        # declension in an oblique case still gives back its stem
        if want_noun and ud_case not in (None, "nomn"):
            return _regular_stem(low, ud_case, gender, person)
        return None
    p = best[1]
    case_fits = any(q.tag.case == ud_case for q in parses)
    if (person and ud_case in _NO_SUCH_ENDING.get(low[-1:], ()) and "-" not in low
            and not low.endswith(_ADJECTIVE_ENDINGS) and not any(q.is_known for q in parses)):
        # An unknown name whose ending no Russian noun takes in the case the tagger saw («Бейонсе» is no
        # genitive, «Кевина Спейси» no accusative in «-и»), though pymorphy finds a lemma by analogy
        # («Бейонс», «Спейся»): a foreign name that does not decline, as written.
        return low
    if (want_noun and gender == "Masc" and ud_case in ("gent", "accs") and low.endswith("а")
            and len(low) > 2 and low[-2] not in _VOWELS and not case_fits):
        # a man's name the dictionary knows only as a woman's nominative («Эда» for Эд, «Тома» for Том):
        # the tagger saw a masculine genitive, and a consonant stem drops its «-а» in the nominative
        return low[:-1]
    if want_noun and ud_case not in (None, "nomn") and not case_fits:
        # No reading has the case the tagger saw: pymorphy guessed an unfamiliar (often foreign) name by
        # its ending («Батцэцэгом» read as a locative adjective). A consonant-stem noun of the regular
        # declension only lost its case ending; put it back to the bare stem.
        stem = _regular_stem(low, ud_case, gender, person)
        if stem:
            return stem
        want_number = "plur" if number == "Plur" else "sing"
        if not any(q.tag.number == want_number for q in parses) or (
                ud_case == "ablt" and want_number == "sing" and not low.endswith(_ABLT_SING)):
            # not even the number fits (a plural guessed for one man), or an instrumental without an
            # instrumental ending («с Нарендрой Моди»): an indeclinable name, as written
            return low
    if (want_noun and ud_case not in (None, "nomn") and not p.is_known and gender in (None, "Masc")
            and not low.startswith(p.normal_form[:-1])
            # an adjectival surname («Зеленскому» of «Зеленский») declines its ending, with no vowel to drop
            and not (p.normal_form.endswith(_ADJ_NOMINATIVE) and low.startswith(p.normal_form[:-2]))):
        # pymorphy guessed an unknown name by analogy with a fleeting vowel («Шольцем» like «отцом» → «шолец»);
        # a foreign surname keeps its stem: the case ending comes off and nothing goes in («Шольц»)
        stem = _regular_stem(low, ud_case, gender, person)
        if stem:
            return stem
    if (want_noun and not person and ud_case not in (None, "nomn") and not p.is_known and p.tag.gender == "masc"
            and p.normal_form.endswith("я")):
        # an unknown name guessed as a masculine «-я» noun (the «судья» type, first names: «Совфедя»): an
        # organisation's name is a consonant stem («в Совфеде» → «Совфед»)
        stem = _regular_stem(low, ud_case, "Masc")
        if stem:
            return stem
    grammemes = {"nomn"}
    if agree:
        grammemes |= agree  # an adjective takes the gender and number of its head noun
    elif p.tag.number == "plur" or (p.tag.POS == "NOUN" and "Pltm" in p.tag.grammemes):
        grammemes.add("plur")
    form = p.inflect(grammemes)
    return _PLURAL_IN_USE.get(form.word, form.word) if form else None


# Plural nominatives pymorphy's dictionary gives in a sense news never means: «учители» (of a doctrine) for
# the schoolteachers news speaks of, «учителя»
_PLURAL_IN_USE = {"учители": "учителя"}

# Case endings of a masculine consonant-stem noun (Гусейн, Гусейна, Гусейну, Гусейном, Гусейне); the
# instrumental «-ом/-ем» is masculine whatever the tagger's gender says.
_MASC_ENDINGS = {"gent": ("а", "я"), "accs": ("а", "я"), "datv": ("у", "ю"), "ablt": ("ом", "ем", "ём"),
                 "loct": ("е",)}
_VOWELS = "аеёиоуыэюяьй"
# Final letters that no declined Russian noun has in these cases («-е» is dative or locative, «-и» genitive,
# dative or locative; «-о» only an adjective's «-ого»): a person's name that ends so in such a case does not
# decline (Гюго, Бейонсе, Спейси). Not «-у»: the tagger often reads a dative «Локхарту» as a genitive.
_ALL_CASES = ("gent", "datv", "accs", "ablt", "loct")
_NO_SUCH_ENDING = {"о": _ALL_CASES, "э": _ALL_CASES, "е": ("gent", "accs", "ablt"), "и": ("accs", "ablt")}
_ADJECTIVE_ENDINGS = ("ого", "его")
_ADJ_NOMINATIVE = ("ий", "ый", "ой")
_NOMINATIVE_ONLY = ("ов", "ев", "ёв", "ин", "ын")
_ABLT_SING = ("ом", "ем", "ём", "ой", "ей", "ёй", "ью", "ою", "ею")


_HUSHING = "жшчщц"
# Case endings of a woman's name of the «-а» declension, with the nominative ending they stand for.
# Only the endings no man's name takes: the tagger calls a man's «Амаду», «Аркади» feminine often enough.
_FEM_ENDINGS = {"gent": (("ы", "а"),), "ablt": (("ой", "а"),)}
# A woman's surname in -ова/-ева/-ина/-ына takes «-ой» in the oblique cases and «-у» in the accusative.
_FEM_SURNAME = re.compile(r"(.{2,}(?:ов|ев|ёв|ин|ын))(?:ой|у)")


def _regular_stem(low: str, case: str, gender: str | None, person: bool = False) -> str | None:
    if gender == "Fem":
        m = _FEM_SURNAME.fullmatch(low)
        if m and (case == "accs") == low.endswith("у"):
            return m.group(1) + "а"
        for ending, nominative in _FEM_ENDINGS.get(case, ()):
            stem = low[:-len(ending)]
            if low.endswith(ending) and len(stem) >= 3 and stem[-1] not in _VOWELS:
                # a woman's name of the «-а» declension («Джины Лоллобриджиды» → «Лоллобриджида»)
                return stem + nominative
    if case != "ablt" and gender not in (None, "Masc"):
        return None
    if person and case == "gent" and len(low) >= 4 and low.endswith("ы") and low[-2] not in _VOWELS + _HUSHING:
        # a man's name of the «-а» declension («Джейкоба Зумы» → «Зума», «Фульхенсио Батисты» → «Батиста»): no
        # noun of the consonant declension ends so in the genitive singular (not «-и»: «Судзуки», «Исхаки» are
        # nominatives the tagger may read as genitives)
        return low[:-1] + "а"
    for ending in _MASC_ENDINGS.get(case, ()):
        stem = low[:-len(ending)]
        if low.endswith(ending) and len(stem) >= 3 and stem[-1] not in _VOWELS:
            return stem
    return None


def _head_agreement(tok: Token) -> frozenset[str]:
    """Gender (or plural) of a head noun in the nominative, for the adjectives before it to agree with."""
    parses = [p for p in parse_word(tok.text.lower()) if p.tag.POS == "NOUN"]
    if not parses:
        return frozenset()
    tag = parses[0].tag
    if tag.number == "plur" or "Pltm" in tag.grammemes:
        return frozenset({"plur"})
    return frozenset({tag.gender}) if tag.gender else frozenset()


# «Минобороны», «Минцифры», «Минприроды»: a ministry named «Мин-» and a feminine or neuter noun in the genitive
# does not decline («в Минцифры»), unlike one whose noun is masculine («Минтруда» → «Минтруд»)
_MINISTRY = re.compile(r"мин(?P<rest>[а-яё]{4,})")


def _indeclinable_ministry(low: str) -> bool:
    m = _MINISTRY.fullmatch(low)
    if not m or _analyzer().word_is_known(low):
        return False
    return any(q.tag.POS == "NOUN" and q.tag.case == "gent" and q.tag.number == "sing" and q.tag.gender in ("femn", "neut")
               and q.is_known for q in parse_word(m["rest"]))


def _name_in_case(word: str, case: str | None) -> bool:
    """Whether the dictionary knows `word` as a singular name, surname or adjective in the tagger's case."""
    want = CASES_UD_OC.get(case or "")
    return any(q.is_known and q.tag.case == want and q.tag.number != "plur"
               and ({"Name", "Surn"} & set(q.tag.grammemes) or q.tag.POS == "ADJF") for q in parse_word(word.lower()))


def _word_nominative(tok: Token, want_noun: bool, agree: frozenset[str] = frozenset(), person: bool = False) -> str:
    text = tok.text
    if not _CYRILLIC_WORD.fullmatch(text.replace("-", "")) or text.isupper() or len(text) == 1:
        # abbreviations, digits, Latin, an initial: written as they are (pymorphy reads «Ш» as «широта»)
        return text
    if tok.feats.get("Case") == "Nom":
        return text
    if want_noun and _indeclinable_ministry(text.lower()):
        return text
    case, number, gender = tok.feats.get("Case"), tok.feats.get("Number"), tok.feats.get("Gender")
    if person and tok.pos == "PROPN" and number != "Plur" and text.lower().endswith(_NOMINATIVE_ONLY):
        # no singular oblique case of a name ends in «-ов», «-ин» (a man's declines: Здравомыслова, Мартину; a
        # woman's does not): the tagger's case is wrong (often after an initial, «К. Здравомыслов»), and
        # pymorphy would read the word as a plural genitive of some noun (→ «Здравомыслы»)
        return text
    parts = text.split("-")
    if person and len(parts) > 1 and all(part[:1].isupper() for part in parts) and _name_in_case(parts[0], case):
        # «Жаном-Люком», «Римского-Корсакова»: each capitalised part of a double name declines on its own
        # (where the first is a word the dictionary knows in that case: not «Аль-», «Эль-»)
        return "-".join(_shape_like(_inflect(part, case, number, gender, want_noun, agree, person) or part, part)
                        for part in parts)
    out = _inflect(text, case, number, gender, want_noun, agree, person)
    if out is None and "-" in text:
        parts = [_inflect(p, case, number, gender, want_noun, agree) or p for p in text.split("-")]
        out = "-".join(parts)
    if out is None:
        return text
    return _shape_like(out, text)


def _not_a_plural_nominative(tok: Token) -> Token:
    """A person's name is one person's: a word the tagger reads as nominative that can be nominative only in
    the plural («Напарник Камалы Харрис»: «Камалы» is the plural of «Камал», or the genitive of «Камала») is
    the singular oblique form, and the tagger's case is dropped so that the word is put in the nominative."""
    # only «-ы»: no singular name ends so, while «-и» ends many (Али, Тони, Сальвини) that pymorphy misreads
    if tok.feats.get("Case") != "Nom" or tok.pos != "PROPN" or not _CYRILLIC_WORD.fullmatch(tok.text) \
            or not tok.text.lower().endswith("ы"):
        return tok
    parses = parse_word(tok.text.lower())
    nouns = [p for p in parses if p.tag.POS == "NOUN"]
    if not nouns or any(p.tag.case == "nomn" and p.tag.number != "plur" for p in parses) \
            or not any(p.tag.number == "sing" for p in nouns):
        return tok
    case = next(p.tag.case for p in nouns if p.tag.number == "sing")
    feats = {**tok.feats, "Case": {v: k for k, v in CASES_UD_OC.items()}.get(case, "Gen"), "Number": "Sing"}
    return Token(tok.start, tok.end, tok.text, tok.pos, feats)


# A woman's surname of the «-ова/-ина» type in an oblique case («Муртазиной», «Велиевой»)
_FEM_SURNAME_OBLIQUE = re.compile(r".{2,}(?:ов|ев|ёв|ин|ын)ой")


def _feminine_oblique(tokens: list[Token]) -> list[Token]:
    """«Зухрой Муртазиной», «Севиль Велиевой», which the tagger may read as a man's name (in the nominative or
    the instrumental): a surname in «-овой/-иной» after a first name that is no man's (a man's «Андрей
    Лозовой» is a nominative) is a woman's name in an oblique case, so its words are put in the nominative as
    hers."""
    words = [t for t in tokens if t.pos in ("PROPN", "NOUN")]
    if len(words) < 2 or words[-1].feats.get("Gender") == "Fem" \
            or not _FEM_SURNAME_OBLIQUE.fullmatch(words[-1].text.lower()):
        return tokens
    if any(p.is_known and "Name" in p.tag.grammemes and p.tag.gender == "masc" for p in parse_word(words[0].text.lower())):
        return tokens
    # (a nominative is left to the dictionary: «-ой» is her genitive, dative, instrumental or locative alike)
    return [Token(t.start, t.end, t.text, t.pos, {**{k: v for k, v in t.feats.items()
                                                     if k != "Case" or v != "Nom"}, "Gender": "Fem"})
            if t.pos in ("PROPN", "NOUN") else t for t in tokens]


def _agree_person(tokens: list[Token]) -> list[Token]:
    """The words of one person's name share case and gender. The tagger often reads an unfamiliar first
    name or an indeclinable surname as nominative beside an inflected neighbour («Эда Ривероса», «Соной
    Акопян»), which would keep «Эда» (read as a woman's name) or «Соной»; the inflected word decides."""
    words = [t for t in tokens if t.pos in ("PROPN", "NOUN", "ADJ")]
    # counted from the last word, so that a tie goes to the surname, which the tagger reads most surely
    cases = Counter(t.feats.get("Case") for t in reversed(words) if t.feats.get("Case") not in (None, "Nom"))
    genders = Counter(t.feats.get("Gender") for t in words if t.feats.get("Gender"))
    if not cases and len(genders) < 2:
        return tokens
    case = cases.most_common(1)[0][0] if cases else None
    gender = genders.most_common(1)[0][0] if genders else None
    out = []
    for t in tokens:
        if t in words:
            feats = dict(t.feats)
            if case:
                feats["Case"] = case
            if gender:
                feats["Gender"] = gender
            t = Token(t.start, t.end, t.text, t.pos, feats)
        out.append(t)
    return out


def _join(tokens: list[Token], words: list[str]) -> str:
    parts = []
    for i, (tok, w) in enumerate(zip(tokens, words)):
        if i and tok.start > tokens[i - 1].end:
            parts.append(" ")  # one space, also where a dropped quote or a line break stood
        parts.append(w)
    return "".join(parts)


# Quantifiers that head a partitive phrase («один из …», «каждый из …», «некоторые из …»), in any case:
# those pymorphy inflects, and the forms of the others with their nominative.
_PARTITIVE = ("один", "каждый", "некоторый", "любой")
_PARTITIVE_FIXED = {
    **dict.fromkeys(("многие", "многих", "многим", "многими"), "многие"),
    **dict.fromkeys(("кто-то", "кого-то", "кому-то", "кем-то"), "кто-то"),
    **dict.fromkeys(("несколько", "нескольких", "нескольким"), "несколько"),
}


@lru_cache(maxsize=1)
def _partitive_forms() -> frozenset[str]:
    return frozenset(p.word for w in _PARTITIVE for p in _analyzer().parse(w)[0].lexeme) | frozenset(_PARTITIVE_FIXED)


def _partitive_nominative(tok: Token) -> str:
    low = tok.text.lower()
    if low in _PARTITIVE_FIXED:
        return _PARTITIVE_FIXED[low]
    for p in parse_word(low):
        if p.tag.POS in ("ADJF", "NUMR") and p.normal_form in _PARTITIVE:
            gender = {"Masc": "masc", "Fem": "femn", "Neut": "neut"}.get(tok.feats.get("Gender") or "")
            want = {"nomn", "plur"} if p.tag.number == "plur" or tok.feats.get("Number") == "Plur" \
                else {"nomn", gender or p.tag.gender or "masc"}
            form = p.inflect(want)
            if form:
                return form.word
    return low


_OC_UD = {v: k for k, v in CASES_UD_OC.items()}


def _case_checked(tok: Token, places_only: bool = True) -> Token:
    """The token with the case the dictionary gives it where the tagger read a nominative that the word
    cannot be («под Сергиевым Посадом» with «Посадом» tagged nominative; «цитирует ТАСС пресс-службу»): a
    word whose every known reading as a noun or adjective is in one oblique case; of a name, only a place."""
    if tok.feats.get("Case") != "Nom" or not (_CYRILLIC_WORD if places_only else _CYRILLIC_HYPHENED).fullmatch(
            tok.text):
        return tok
    known = [p for p in parse_word(tok.text.lower()) if p.is_known and p.tag.POS in ("NOUN", "ADJF")]
    cases = {p.tag.case for p in known}
    if len(cases) != 1 or "nomn" in cases or None in cases or places_only and not any(
            "Geox" in p.tag for p in known):
        # only a place the dictionary knows: a brand may be some word's oblique form («Мобил», «Ора ТВ»)
        return tok
    return Token(tok.start, tok.end, tok.text, tok.pos, {**tok.feats, "Case": _OC_UD.get(cases.pop(), "Nom")})


def case_checked(tok: Token) -> Token:
    """`_case_checked` for a common word (a description's head): its case as the dictionary gives it where
    the tagger read a nominative the word cannot be."""
    return _case_checked(tok, places_only=tok.text[:1].isupper())


# Names already put in the nominative, by everything `_normalize_span` reads of their tokens: news repeats its
# names (half the calls over 840 articles ask again), and each answer asks pymorphy about every word. Only
# strings are kept, and the memo starts again past NAME_MEMO entries.
NAME_MEMO = 50_000
_names: dict[tuple, str] = {}


def normalize_span(tokens: list[Token], type: str) -> str:
    """The nominative headword of a name given its tokens (with the tagger's morphology)."""
    if not tokens:
        return ""
    a = tokens[0].start
    # what the answer depends on: each token's words and tags, and the gaps between them (a space or none)
    key = (type, *[(t.text, t.pos, tuple(t.feats.items()), t.start - a, t.end - a) for t in tokens])
    got = _names.get(key)
    if got is None:
        if len(_names) >= NAME_MEMO:
            _names.clear()
        got = _names[key] = _normalize_span(tokens, type)
    return got


def _normalize_span(tokens: list[Token], type: str) -> str:
    # quotation marks are no part of a name, but an apostrophe inside a word is («L'Est», «O'Brien»)
    tokens = [t for i, t in enumerate(tokens) if t.text not in _QUOTES or t.text in "'’" and 0 < i < len(tokens) - 1
              and tokens[i - 1].end == t.start and tokens[i + 1].start == t.end] or tokens
    if type != "PER":  # a foreign person's name is often some Russian word's oblique form («Хамад», «Ума»)
        tokens = [_case_checked(t) for t in tokens]
    if not tokens:
        return ""
    if type == "PER":
        tokens = _agree_person(_feminine_oblique(tokens))
        if sum(t.pos == "PROPN" for t in tokens) > 1:  # a first name and a surname: one person, surely
            tokens = [_not_a_plural_nominative(t) for t in tokens]
        words = [_word_nominative(t, want_noun=True, person=True) if t.pos in ("PROPN", "NOUN", "ADJ") else t.text
                 for t in tokens]
        return _join(tokens, words)
    # A partitive «одного из участников акции», «каждого из пострадавших»: the quantifier before «из» is
    # the head and takes the nominative; the group after «из» stays in the genitive as written.
    if len(tokens) > 2 and tokens[1].text.lower() == "из" and tokens[0].text.lower() in _partitive_forms():
        first = _partitive_nominative(tokens[0])
        return _join(tokens, [_shape_like(first, tokens[0].text)] + [t.text for t in tokens[1:]])
    # Organisations, places, events: inflect the head noun and the adjectives before it, keep the rest.
    def adjective(t: Token) -> bool:
        # the tagger reads a capitalised noun at a title's start as an adjective («Пресс-служба городского
        # управления»): a word pymorphy never reads as one is the head
        # (and a possessive the tagger calls a determiner: «наших подписчиков» → «наши подписчики»)
        return (t.pos in ("ADJ", "DET") and _can_be_adjective(t.text)) or (
            t.pos in ("PROPN", "VERB") and _adjective_only(t.text))

    def noun(t: Token) -> bool:
        return t.pos in ("NOUN", "PROPN") or t.pos == "ADJ" and not _can_be_adjective(t.text)

    def participle(i: int) -> bool:
        # a participle the tagger took for a noun before the noun it agrees with («лечащих врачей»,
        # «пострадавших граждан»): a modifier, not the head (a participle as the head governs another case or
        # gender: «заведующего отделением», «ведущего программы»)
        t = tokens[i]
        if t.pos != "NOUN" or i + 1 >= len(tokens):
            return False
        n, f = tokens[i + 1], t.feats
        if n.pos not in ("NOUN", "PROPN") or n.feats.get("Case") != f.get("Case") or \
                n.feats.get("Number") != f.get("Number") or f.get("Number") != "Plur" and n.feats.get("Gender") != f.get("Gender"):
            return False
        return any(p.tag.POS == "PRTF" for p in parse_word(t.text.lower()))

    def adjectival_name(i: int) -> bool:
        # a capitalised adjective the tagger took for a name before the noun it agrees with («под Сергиевым
        # Посадом»): a modifier, not the head
        t = tokens[i]
        if t.pos != "PROPN" or t.text.isupper() or i + 1 >= len(tokens) or tokens[i + 1].pos not in ("NOUN", "PROPN"):
            return False
        case = CASES_UD_OC.get(t.feats.get("Case") or "")
        # an adjective the dictionary knows, not one pymorphy guesses for an abbreviation («РНЦХ им. …»)
        return case not in (None, "nomn") and tokens[i + 1].feats.get("Case") == t.feats.get("Case") and any(
            p.tag.POS == "ADJF" and p.tag.case == case and p.is_known for p in parse_word(t.text.lower()))

    modifiers = {i for i, t in enumerate(tokens) if adjective(t) or participle(i) or adjectival_name(i)}
    head = next((t for i, t in enumerate(tokens) if noun(t) and i not in modifiers), None)
    agree = _head_agreement(head) if head is not None else frozenset()
    words = []
    head_seen = False
    for i, t in enumerate(tokens):
        if head_seen:
            words.append(t.text)
        elif i in modifiers:
            words.append(_word_nominative(t, want_noun=False, agree=agree))
        elif noun(t):
            word = _word_nominative(t, want_noun=True)
            if word == t.text and t.feats.get("Case") not in ("Nom", None) and any(
                    p.tag.POS in ("PRTF", "ADJF") for p in parse_word(t.text.lower())):
                # a participle or adjective as the head («заведующего отделением», «ведущего программы»):
                # pymorphy has no noun to inflect, the adjective's nominative is the word
                word = _word_nominative(t, want_noun=False)
            words.append(word)
            head_seen = True
        else:
            words.append(t.text)
    return _join(tokens, words)
