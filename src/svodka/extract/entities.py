"""Group the NER mentions of one article into entities with one canonical, nominative name.

A person mentioned by surname alone («Путиным») joins the person whose full name ends with that surname
(«Владимир Путин»); when two people share the surname the bare mention stays with the one mentioned
nearest before it. Persons whose names are one name spelt two ways («Алан Клейн» / «Аллан Клейн»,
«Мендоса» / «Мендоза»: a doubled letter, a letter transliterated either way, a dropped consonant) are one
person; names that differ by an ending («Юлий» / «Юлия») stay apart. Organisations and places group by
their normalised name.
"""
from __future__ import annotations

from collections import Counter

import re
from bisect import bisect_left

from ..link.roles import Roles, default_roles  # the roles file is this stage's input
from ..model import Entity, Mention
from ..nlp.gazetteer import Gazetteer, default_gazetteer
from ..nlp.normalize import normalize_span, parse_word, word_is_known
from ..nlp.pipeline import Parsed, Span, Token
from ..nlp.words import lemmas
from .ner_fix import ARABIC_ARTICLES, NAME_PARTICLES


_BRACKETED = re.compile(r"(?<=\S)\s*\([^()]*\)")


def _span_tokens(tokens: list[Token], starts: list[int], span: Span) -> list[Token]:
    i = bisect_left(starts, span.start)
    out = []
    while i < len(tokens) and tokens[i].end <= span.end:
        out.append(tokens[i])
        i += 1
    return out


def _key(name: str) -> str:
    return " ".join(name.lower().replace("ё", "е").split())


def _abbreviates(short: str, full: str, gaz) -> bool:
    """«ФЗП» may stand for «Фонд защиты птиц»: capitals, the same first letter, and not a different
    entry of the gazetteer («Сан-Франциско (США)» is a place and its country)."""
    words = full.split()
    if len(words) < 2 or not (short.isupper() and len(short) > 1) or short[0].lower() != full[0].lower():
        return False
    a, b = gaz.get(short), gaz.get(full)
    return a is None or a == b


_LATIN = re.compile(r"[A-Za-z]")
_CYRILLIC = re.compile(r"[А-Яа-яЁё]")


# Letters of the Ukrainian and Belarusian alphabets that Russian does not have.
_UKRAINIAN = re.compile(r"[ІіЇїЄєҐґЎў]")


def _latin(name: str) -> bool:
    return not _CYRILLIC.search(name)


def _ukrainian(name: str) -> bool:
    return bool(_UKRAINIAN.search(name))


def _join_transliterations(text: str, groups: dict, order: list) -> None:
    """«Йенс Мюллер (Jens Müller)»: a name in Latin letters in brackets right after the same kind of name
    in Cyrillic is that name in the original spelling, so its group joins the Cyrillic one; so is a name in
    Ukrainian or Belarusian letters after the Russian spelling («Юрий Гайда (Юрій Гайда)»)."""
    where = {id(span): key for key in order for span, _ in groups[key]}
    items = sorted(((span, key) for key in order for span, _ in groups[key]), key=lambda it: it[0].start)
    for (a, ka), (b, kb) in zip(items, items[1:]):
        ka, kb = where[id(a)], where[id(b)]
        if ka == kb or a.type != b.type or text[a.end:b.start].strip() != "(" or text[b.end:b.end + 1] != ")":
            continue
        if _CYRILLIC.search(a.text) and _LATIN.search(b.text) and _latin(b.text):
            own = _latin
        elif _ukrainian(b.text) and not _ukrainian(a.text):
            own = _ukrainian
        else:
            continue
        if not all(own(s.text) for s, _ in groups[kb]):
            continue  # the name in the other spelling is used elsewhere as a name of its own
        for item in groups.pop(kb):
            groups[ka].append(item)
            where[id(item[0])] = ka
        order.remove(kb)


_CASE_ENDINGS = frozenset("а я у ю ом ем ым им ой ей е и ы".split())


def _ending_apart(a: str, b: str) -> bool:
    """One word is the other plus a case ending pymorphy did not know to strip («Ына» / «Ын»)."""
    short, long_ = sorted((a, b), key=len)
    return len(short) >= 2 and long_.startswith(short) and long_[len(short):] in _CASE_ENDINGS


def _name_genders(word: str) -> set[str]:
    return {str(p.tag.gender) for p in parse_word(word) if "Name" in p.tag.grammemes and p.tag.case == "nomn"}


def _two_genders(a: str, b: str) -> bool:
    """«Александр Иванов» and «Александра Иванова» are both nominative first names, of two people."""
    ga, gb = _name_genders(a.split()[0]), _name_genders(b.split()[0])
    return bool(ga and gb and not ga & gb)


# Lower-case words that stand before a surname and belong to it («фон Мольтке», «де Голль», «бин Ладен»): the
# name particles of the NER repair but those that follow a name («оглы»), and a few it does not list.
_SURNAME_PARTICLES = NAME_PARTICLES - frozenset("оглы кызы улы ур".split()) | frozenset("ден дель делла".split())
# The Arabic article glued to a surname («аль-Джабари»), which the article may also leave out.
_ARTICLE_PREFIX = re.compile(r"^(?:" + "|".join(ARABIC_ARTICLES) + r")-(?=\w)")
# «Мэнс-младший»: the suffix tells a son from his father, the surname alone is the same surname.
_GENERATION_SUFFIX = re.compile(r"^(\w.*?)-(?:младш|старш)(?:ий|ая)$")


def _surname_forms(word: str) -> frozenset[str]:
    """The dictionary forms of a name word, and of the surname without the Arabic article the article may
    leave out: «аль-Джабари» is also «Джабари»."""
    w = _key(word)
    bare = _ARTICLE_PREFIX.sub("", w)
    return lemmas(w) | lemmas(bare) if bare != w else lemmas(w)


def _particle_surname(key: str) -> bool:
    """«фон мольтке», «аль тани»: a surname with its particles and no first name."""
    words = key.split()
    return len(words) > 1 and all(w in _SURNAME_PARTICLES for w in words[:-1])


def _join_particle_surnames(groups: dict, order: list) -> None:
    """«фон Мольтке» is the «Кристиан фон Мольтке» of the article: a surname with its particles joins the
    full name that ends in it, as a surname alone joins its full name, but only when exactly one full name
    fits (two «фон Мольтке» of one family are not guessed)."""
    by_last: dict[str, list[tuple[str, str]]] = {}
    for key in order:
        if key[0] == "PER" and not _particle_surname(key[1]):
            words = key[1].split()
            if len(words) > 2:
                for form in lemmas(words[-1]):
                    by_last.setdefault(form, []).append(key)
    for short in [k for k in order if k[0] == "PER" and _particle_surname(k[1])]:
        words = short[1].split()
        fits = {k for form in lemmas(words[-1]) for k in by_last.get(form, ())
                if k[1].split()[-len(words):-1] == words[:-1] and len(k[1].split()) > len(words)}
        if len(fits) == 1:
            groups[fits.pop()].extend(groups.pop(short))
            order.remove(short)


def _maybe_patronymic(word: str) -> bool:
    return any("Patr" in p.tag.grammemes for p in parse_word(word))


def _patronymic(word: str) -> bool:
    """A patronymic the dictionary knows and never as a surname: «Фёдорович», not «Абрамович» (Роман
    Абрамович) nor a guessed «Джокович»."""
    parses = parse_word(word)
    return word_is_known(word) and any("Patr" in p.tag.grammemes for p in parses) \
        and not any("Surn" in p.tag.grammemes for p in parses)


def _other_patronymic(roles: Roles, full: str, first: str, patronymic: str) -> bool:
    """The roles file knows the person of `full` by a name with a patronymic, and not with this one: «Владимир
    Кириллович» of a history article is not «Владимир Путин», who is «Владимир Владимирович»."""
    known = roles.canonical_person(full)
    if known is None or roles.canonical_person(f"{first} {patronymic} {full.split()[-1]}") == known:
        return False
    return any(len(k) == 3 and v == known for k, v in roles.person_aliases.items())


def _join_patronymic_names(groups: dict, order: list, roles: Roles) -> set[str]:
    """One person's names with and without the patronymic, as one entity:
    - «Владимир Машков» joins the one full name of the article that adds a patronymic between the first
      name and the surname («Владимир Львович Машков»). A middle word that is no patronymic («Джордж Уокер
      Буш») may tell a son from his father, so it is not skipped;
    - «Виктор Фёдорович», the first name and patronymic the article addresses a person by, joins the one
      full name with that first name (and that patronymic, if it gives one).
    Returns the names with a patronymic that so met the same name without it: the article cites the person
    by the other («Владимир Машков», «Виктор Янукович»), and so does the quote gold."""
    demoted: set[str] = set()
    with_patronymic: dict[tuple[str, str], list[tuple[str, str]]] = {}
    by_first: dict[str, list[tuple[str, str]]] = {}
    for key in order:
        words = key[1].split()
        if key[0] != "PER" or len(words) < 2:
            continue
        if len(words) == 3 and _maybe_patronymic(words[1]):
            with_patronymic.setdefault((words[0], words[2]), []).append(key)
        if not (len(words) == 2 and _patronymic(words[1])):
            by_first.setdefault(words[0], []).append(key)
    for short in [k for k in order if k[0] == "PER" and len(k[1].split()) == 2]:
        fits = with_patronymic.get(tuple(short[1].split()), [])
        if len(fits) == 1 and fits[0] in groups and short in groups:
            groups[fits[0]].extend(groups.pop(short))
            order.remove(short)
            demoted.add(fits[0][1])
    for short in [k for k in order if k[0] == "PER" and len(k[1].split()) == 2]:
        first, patronymic = short[1].split()
        if not _patronymic(patronymic):
            continue
        fits = [k for k in by_first.get(first, ()) if k in groups and k != short
                and (len(k[1].split()) < 3 or not _maybe_patronymic(k[1].split()[1]) or k[1].split()[1] == patronymic)]
        if len(fits) == 1 and not _other_patronymic(roles, fits[0][1], first, patronymic):
            groups[fits[0]].extend(groups.pop(short))
            order.remove(short)
            demoted.add(short[1])
    return demoted


def _merge_inflection_slips(groups: dict, order: list) -> None:
    """Full names whose words are forms of each other («Ким Чен Ына» where pymorphy did not know the
    genitive, «Ким Чен Ын») are one person: the group seen more often takes the other."""
    persons = [k for k in order if k[0] == "PER" and len(k[1].split()) > 1]
    forms = {k: [lemmas(w) for w in k[1].split()] for k in persons}
    for i, a in enumerate(persons):
        if a not in groups:
            continue
        for b in persons[i + 1:]:
            if b not in groups or len(forms[a]) != len(forms[b]):
                continue
            if all(fa & fb or _ending_apart(wa, wb) for fa, fb, wa, wb in
                   zip(forms[a], forms[b], a[1].split(), b[1].split())) and not _two_genders(a[1], b[1]):
                keep, drop = (a, b) if len(groups[a]) >= len(groups[b]) else (b, a)
                groups[keep].extend(groups.pop(drop))
                order.remove(drop)
                if drop == a:
                    break


_ACRONYM = re.compile(r"[А-ЯЁ]{2,6}|[A-Z]{2,6}")
_FUNCTION_WORDS = frozenset("и по при с со в во на для об о".split())


def _initials(name: str, n: int) -> tuple[str, list[str]] | None:
    """The first letters of the first `n` content words of a name, and the words after them."""
    words = [w for w in name.split() if w.lower() not in _FUNCTION_WORDS]
    if len(words) < max(2, n):
        return None
    return "".join(w[0] for w in words[:n]).upper(), words[n:]


def _merge_acronyms(groups: dict, order: list, gaz) -> None:
    """An organisation's acronym and its full name in one article are one organisation, named by the full
    name (the fullest name the article gives): «ФАС» and «Федеральная антимонопольная служба», «АНБ» and
    «Агентство национальной безопасности США» (the acronym may leave out a place after the name). Only when
    exactly one full name of the article fits, and the gazetteer does not know them as two."""
    orgs = [k for k in order if k[0] == "ORG"]
    for short in orgs:
        if short not in groups:
            continue
        acronym = groups[short][0][1]
        if not _ACRONYM.fullmatch(acronym) or any(name != acronym for _, name in groups[short]):
            continue
        fits = []
        for full in orgs:
            if full == short or full not in groups:
                continue
            name = groups[full][0][1]
            got = _initials(name, len(acronym))
            if got and got[0] == acronym and all(w[:1].isupper() for w in got[1]) and _abbreviates(acronym, name, gaz):
                fits.append(full)
        if len(fits) == 1:
            groups[fits[0]].extend(groups.pop(short))
            order.remove(short)


# Letters a transliteration writes either way («Мендоса» / «Мендоза», «Родригес» / «Родригез»).
_SOUND_ALIKE = frozenset(map(frozenset, ("зс", "дт", "бп", "гк", "вф", "жш", "еэ", "ао")))
_VOWELS = frozenset("аеёиоуыэюяй")


def _spelling_slip(a: str, b: str, strong_only: bool = False) -> bool:
    """Two spellings of one name word that differ by one letter and not by a grammatical ending: a doubled
    letter («Ален» / «Аллен»), a letter a transliteration writes either way («Мендоса» / «Мендоза»), two
    neighbouring letters swapped in a word of seven letters or more («Карпелкин» / «Капрелкин»), or, unless
    `strong_only`, a consonant dropped inside a longer word («Бурмистров» / «Бурмисров»)."""
    a, b = a.lower().replace("ё", "е"), b.lower().replace("ё", "е")
    if a == b or min(len(a), len(b)) < 4 or not (a.isalpha() and b.isalpha()) or a[0] != b[0]:
        return False
    if len(a) == len(b):
        diff = [i for i in range(len(a)) if a[i] != b[i]]
        if len(diff) == 2 and diff[1] == diff[0] + 1 and len(a) >= 7 \
                and a[diff[0]] == b[diff[1]] and a[diff[1]] == b[diff[0]]:
            # two neighbouring letters swapped in a long surname («Карпелкин» / «Капрелкин») is a typist's
            # slip; in a short word the swap may make another name
            return True
        if len(diff) != 1:
            return False
        i = diff[0]
        if i == len(a) - 1 and (a[i] in _VOWELS or b[i] in _VOWELS):
            return False  # «Симона» / «Симоне», «Юлий» / «Юлия»: a different person
        return frozenset((a[i], b[i])) in _SOUND_ALIKE
    short, long_ = sorted((a, b), key=len)
    if len(long_) - len(short) != 1:
        return False
    # the first letter that differs: the one the longer spelling adds (never the first, which agrees)
    i = next((n for n in range(len(short)) if short[n] != long_[n]), len(short))
    added = long_[i]
    if i == len(short):
        # a soft sign transliterated or not («Рафаэль» / «Рафаэл»); any other added last letter is an
        # ending («Иванов» / «Иванова»)
        return added == "ь"
    if long_[:i] + long_[i + 1:] != short:
        return False
    if added in _VOWELS or long_[i - 1] in _VOWELS and long_[i + 1] in _VOWELS:
        return False  # a vowel or a whole syllable changes the name («Марина» / «Мрина» is no slip)
    if long_[i - 1] == added:
        return True  # a doubled letter: «Алан» / «Аллан» (the added one is the second copy)
    return not strong_only and len(short) >= 5


def _same_name_misspelt(a: str, b: str) -> bool:
    """Full names that are one person spelt two ways in one article: the same number of words, all alike but
    one, and that one a spelling slip («Анна Мелтон» / «Анна Мэлтон», «Алан Клейн» / «Аллан Клейн»). A
    surname alone joins a full name only on a doubled or transliterated letter."""
    wa, wb = a.replace("ё", "е").lower().split(), b.replace("ё", "е").lower().split()
    if len(wa) == 1 and len(wb) > 1 or len(wb) == 1 and len(wa) > 1:
        one, full = (wa, wb) if len(wa) == 1 else (wb, wa)
        return _spelling_slip(one[0], full[-1], strong_only=True)
    if len(wa) != len(wb) or len(wa) < 2:
        return False
    diff = [(x, y) for x, y in zip(wa, wb) if x != y]
    return len(diff) == 1 and _spelling_slip(*diff[0])


def _merge_misspellings(entities: list[Entity]) -> list[Entity]:
    """Persons whose names are the same name spelt two ways become one entity, named by the spelling
    `_spelling_rank` puts first."""
    persons = [e for e in entities if e.type == "PER" and e.mentions]
    dropped: set[int] = set()

    def one_full_name(e: Entity) -> bool:
        """A surname alone must point at one full name only."""
        return len(e.name.split()) > 1 or sum(
            _same_name_misspelt(e.name, c.name) for c in persons if id(c) not in dropped) == 1

    for n, a in enumerate(persons):
        if id(a) in dropped:
            continue
        for b in persons[n + 1:]:
            if id(b) in dropped or not _same_name_misspelt(a.name, b.name) \
                    or not (one_full_name(a) and one_full_name(b)):
                continue
            if min((a, b), key=_spelling_rank) is b:
                # `a` goes on to meet the persons after `b`: it takes over the spelling that stays
                a.name, a.mentions, b.name, b.mentions = b.name, b.mentions, a.name, a.mentions
            a.mentions = sorted(a.mentions + b.mentions, key=lambda m: m.start)
            if len(a.name.split()) > 1:
                for m in a.mentions:
                    if m.kind == "name" and len(m.text.split()) == 1:
                        m.kind = "surname"
            dropped.add(id(b))
    return [e for e in entities if id(e) not in dropped]


def _spelling_rank(e: Entity) -> tuple[int, int]:
    """Which of two spellings of one person stays: the fullest, then the first, as a reader would cite the
    name (the later spelling is most often the slip, even where the slip is then repeated)."""
    return (-len(e.name.split()), min(m.start for m in e.mentions))


def _feminine_subject(tokens: list[Token], starts: list[int], span: Span) -> bool:
    """«Директор фонда Александра Мельникова, вдова художника, рассказала»: after a noun in an oblique case
    (or at a sentence's start) the tagger reads a name as a man's in the genitive, but a feminine past-tense
    verb right after it (or after an apposition in commas that starts with a nominative noun) makes it a woman,
    its subject. Not where a feminine noun in the nominative stands before it in the clause: that is the verb's
    subject («сборная под руководством Валентина Корнилова встретилась», «дочь Ивана Корнилова … сообщила»)."""
    i = bisect_left(starts, span.start)
    j = bisect_left(starts, span.end)
    if i >= len(tokens) or tokens[i].start != span.start:
        return False
    # at a sentence's start, too: «Александра Панфилова, жена музыканта, сказала» (a genitive there would
    # hang on nothing)
    opens = i == 0 or tokens[i - 1].text in _SENTENCE_END
    before = tokens[i - 1] if i else None
    if not opens and (before.pos not in ("NOUN", "PROPN") or before.feats.get("Case") in (None, "Nom")):
        return False
    for m in range(i - 1, max(-1, i - 16), -1):
        t = tokens[m]
        if t.text in _CLAUSE_END:
            break
        if t.pos in ("NOUN", "PROPN", "PRON") and t.feats.get("Case") == "Nom" and t.feats.get("Gender") == "Fem":
            return False
    k = j
    if k + 1 < len(tokens) and tokens[k].text == "," and tokens[k + 1].pos == "NOUN" \
            and tokens[k + 1].feats.get("Case") == "Nom":
        k = next((m + 1 for m in range(k + 2, min(k + 8, len(tokens))) if tokens[m].text == ","), len(tokens))
    if k >= len(tokens):
        return False
    f = tokens[k].feats
    return tokens[k].pos in ("VERB", "AUX") and f.get("Tense") == "Past" and f.get("Gender") == "Fem" \
        and f.get("Number") == "Sing"


_CLAUSE_END = frozenset(". ! ? ; : , — « » \" ( )".split())
_SENTENCE_END = frozenset(". ! ? …".split())


def _feminine_nominative(words: list[str]) -> bool:
    """Every word may be a woman's first name or surname in the nominative («Александра Мельникова»)."""
    return all(any({"femn", "nomn"} <= p.tag.grammemes and {"Name", "Surn"} & p.tag.grammemes
                   for p in parse_word(w.lower())) for w in words)


def _nominative_at(tokens: list[Token], starts: list[int], pos: int) -> bool:
    i = bisect_left(starts, pos)
    return i < len(tokens) and tokens[i].start == pos and tokens[i].feats.get("Case") == "Nom"


# Case endings of a masculine name whose nominative ends in a consonant («Фолькер»: Фолькера, Фолькеру,
# Фолькером, Фолькере)
_MASCULINE_ENDINGS = ("а", "у", "ом", "е")
DECLINED_NAMES_MAX = 64
_CONSONANT_END = re.compile(r"[бвгджзклмнпрстфхцчшщ]$", re.IGNORECASE)


def _declined_forms(names, written: set[str]) -> set[str]:
    """Names of one entity that are another of its names, as the text writes it, declined: a word of it is the
    other's word, ending in a consonant, with a masculine case ending («Фолькера Буфье» beside «Фолькер Буфье»).
    pymorphy cannot inflect a foreign first name it does not know, and the tagger reads both as nominatives,
    so the one written in the genitive tied with the nominative and won by coming first. (Only a form the text
    writes: «Мартин Биг» normalised from «Мартина Биг» is a wrong guess, not her name.)"""
    out: set[str] = set()
    if len(names) > DECLINED_NAMES_MAX:
        return out  # (pairwise: a hostile text that spells one name a thousand ways must not cost a million)
    for a in names:
        wa = a.split()
        for b in names:
            wb = b.split()
            if a == b or len(wa) != len(wb) or b not in written:
                continue
            if all(x == y or _CONSONANT_END.search(y) and x[len(y):] in _MASCULINE_ENDINGS and x.startswith(y)
                   for x, y in zip(wa, wb)):
                out.add(a)
    return out


_GLUED_INITIAL = re.compile(r"(?<![\w.])([А-ЯЁA-Z])\.(?=[А-ЯЁA-Z])")
_INITIAL = re.compile(r"^[А-ЯЁA-Z]\.$")


def _spaced_initials(name: str) -> str:
    """«А.Кудрин» → «А. Кудрин», «М.Ю.Лесин» → «М. Ю. Лесин»: news glues initials to the surname as often as
    not, and the two spellings are one name."""
    return _GLUED_INITIAL.sub(r"\1. ", name)


def _initials_and_surname(name: str) -> bool:
    words = name.split()
    return len(words) > 1 and all(_INITIAL.match(w) for w in words[:-1]) and not _INITIAL.match(words[-1])


def _full_words(name: str) -> int:
    """Words of a name that are not initials: «Михаил Лесин» is fuller than «М. Ю. Лесин»."""
    return sum(not _INITIAL.match(w) for w in name.split())


# Endings of surnames that do not decline but that the dictionary reads as an oblique case of another word
# («Тани», the genitive of «Таня»; «Маседу», a dative)
_INDECLINABLE_ENDINGS = tuple("иоуеэю")


def _surnames_as_written(named: list[tuple[Span, str]]) -> list[tuple[Span, str]]:
    """A person's surname ending in a vowel that the article writes unchanged in another person's name it
    gives in the nominative is written so in this one too: «Тамима бен Хамада Аль Тани» beside «Хамад бен
    Халифа Аль Тани» is «Тамим бен Хамад Аль Тани», not «… Аль Таня». The other name shows the surname does
    not decline; the dictionary alone read it as an oblique case."""
    nominative = {span.text.split()[-1] for span, name in named
                  if span.type == "PER" and len(span.text.split()) > 1 and name.split() == span.text.split()}
    out = []
    for span, name in named:
        words, written = name.split(), span.text.split()
        if span.type == "PER" and len(words) == len(written) > 1 and words[-1] != written[-1] \
                and written[-1] in nominative and written[-1].lower().endswith(_INDECLINABLE_ENDINGS):
            name = " ".join([*words[:-1], written[-1]])
        out.append((span, name))
    return out


def group_entities(parsed: Parsed, gazetteer: Gazetteer | None = None, roles: Roles | None = None) -> list[Entity]:
    tokens = parsed.tokens
    starts = [t.start for t in tokens]
    named: list[tuple[Span, str]] = []
    # an organisation the gazetteer heads by an acronym, written here by a fuller name: grouped with the
    # acronym's mentions, named by the fullest name the article gives (below)
    grouped_as: dict[int, str] = {}
    gaz = gazetteer or default_gazetteer()
    roles = roles or default_roles()
    for span in sorted(parsed.spans, key=lambda s: s.start):
        name = normalize_span(_span_tokens(tokens, starts, span), span.type) or span.text
        # a bracketed part the tagger took into the name («Фолькера Буфье (Volker Bouffier)», «… (КЗЖ)») is
        # another spelling or an abbreviation, not part of the headword
        name = _BRACKETED.sub(" ", name).strip() or name
        name = " ".join(name.split())
        # a known name's canonical form: «РФ» and «Российская Федерация» are «Россия»
        if span.type == "PER":
            written = span.text.split()
            if name.split() != written and _feminine_nominative(written) \
                    and _feminine_subject(tokens, starts, span):
                name = " ".join(written)
            name = roles.canonical_person(name) or name
        else:
            known = gaz.name_of(span.text, span.type)
            if known is not None:
                if span.type == "ORG" and _ACRONYM.fullmatch(known) and len(name.split()) > 1:
                    # «Федеральная антимонопольная служба (ФАС)»: one organisation, called by its full name
                    # (the fullest name the article gives, as a quote's speaker is), not by the acronym
                    grouped_as[id(span)] = known
                else:
                    name = known
        named.append((span, name))
    named = _surnames_as_written(named)

    groups: dict[tuple[str, str], list[tuple[Span, str]]] = {}
    order: list[tuple[str, str]] = []

    def add(key: tuple[str, str], item: tuple[Span, str]) -> None:
        if key not in groups:
            groups[key] = []
            order.append(key)
        groups[key].append(item)

    # Persons with more than one word name the group; single words attach to them afterwards.
    single_persons = []
    # Other one-word names by every dictionary form, so a name pymorphy normalises badly in one case
    # («Бремена») still meets its other forms («Бремен»).
    single_forms: dict[tuple[str, str], tuple[str, str]] = {}
    prev: tuple[Span, tuple[str, str]] | None = None
    initial_persons = []
    for span, name in named:
        if span.type == "PER":
            name = _spaced_initials(name)
        if span.type == "PER" and len(name.split()) == 1:
            single_persons.append((span, name))
            continue
        if span.type == "PER" and _initials_and_surname(name):
            initial_persons.append((span, name))
            continue
        key = (span.type, _key(grouped_as.get(id(span), name)))
        if prev is not None and span.type == "ORG" == prev[0].type \
                and parsed.text[prev[0].end:span.start].strip() == "(" and parsed.text[span.end:span.end + 1] == ")" \
                and _abbreviates(span.text, prev[0].text, gaz):
            key = prev[1]  # «Фонд защиты птиц (ФЗП)»: an abbreviation given in brackets
        elif key not in groups and len(key[1].split()) == 1:
            forms = lemmas(key[1]) | lemmas(_key(span.text))
            key = next((single_forms[(span.type, f)] for f in forms if (span.type, f) in single_forms), key)
        if len(key[1].split()) == 1:
            for f in lemmas(key[1]) | lemmas(_key(span.text)):
                single_forms.setdefault((span.type, f), key)
        add(key, (span, name))
        prev = (span, key)

    _merge_inflection_slips(groups, order)
    _merge_acronyms(groups, order, gaz)
    _join_particle_surnames(groups, order)
    demoted = _join_patronymic_names(groups, order, roles)

    # Index the multi-word person names by the dictionary forms of their words, with where they occur.
    by_form: dict[str, set[tuple[str, str]]] = {}
    # the surname of a name with a generation suffix («Сайрус Мэнс-младший»): a bare «Мэнс» is his only where
    # no full name of the article has the surname without the suffix (the father, or the son named plainly)
    by_base: dict[str, set[tuple[str, str]]] = {}
    where: dict[tuple[str, str], list[int]] = {}
    for key in order:
        if key[0] == "PER" and len(key[1].split()) > 1:
            where[key] = sorted(s.start for s, _ in groups[key])
            for w in key[1].split():
                for form in _surname_forms(w):
                    by_form.setdefault(form, set()).add(key)
                if m := _GENERATION_SUFFIX.match(w):
                    for form in _surname_forms(m.group(1)):
                        by_base.setdefault(form, set()).add(key)

    alone = []  # surnames no full name of the article ends in
    for span, name in single_persons:
        forms = _surname_forms(name) | lemmas(_key(span.text))
        candidates = set().union(*(by_form.get(f, set()) for f in forms)) \
            or set().union(*(by_base.get(f, set()) for f in forms))
        if candidates:
            # the candidate mentioned last before this mention, else the first mentioned at all
            def last_before(k):
                i = bisect_left(where[k], span.start)
                return where[k][i - 1] if i else -1
            key = max(candidates, key=lambda k: (last_before(k), -where[k][0]))
            add(key, (span, name))
        else:
            alone.append((span, name, forms))

    # «А. Кудрин» is the «Алексей Кудрин» of the article when exactly one full name has that surname and a
    # first name with that initial; otherwise it stays a person of its own (two Морозовs are not guessed).
    by_initials: dict[str, set[tuple[str, str]]] = {}
    for span, name in initial_persons:
        words = name.split()
        forms = lemmas(_key(words[-1])) | lemmas(_key(span.text.split()[-1].split(".")[-1]))
        letter = words[0][0].lower()
        candidates = {k for k in set().union(*(by_form.get(f, set()) for f in forms))
                      if k[1].split()[0][:1] == letter and lemmas(k[1].split()[-1]) & forms}
        key = next(iter(candidates)) if len(candidates) == 1 else ("PER", _key(name))
        add(key, (span, name))
        if key == ("PER", _key(name)):
            for form in forms:
                by_initials.setdefault(form, set()).add(key)

    # «Медведев» where the article names him only «Д. Медведев»: a surname alone joins the one name of
    # initials and that surname (the fullest name the article gives), as it would a full name
    for span, name, forms in alone:
        fits = set().union(*(by_initials.get(f, set()) for f in forms))
        add(fits.pop() if len(fits) == 1 else ("PER", _key(name)), (span, name))

    _join_transliterations(parsed.text, groups, order)
    entities: list[Entity] = []
    keyed = [(k, sorted(groups[k], key=lambda it: it[0].start)) for k in order]
    keyed.sort(key=lambda kv: kv[1][0][0].start)
    for key, items in keyed:
        # The fullest name given is the canonical one; ties go to a name the text itself writes in the
        # nominative (where pymorphy cannot inflect a foreign name, «Соны Ованнисян» stays as written and
        # would tie with «Сона Ованнисян»), then to the most frequent, then the first.
        names = [name for _, name in items]
        # (as the text writes it: a name normalised from a nominative-tagged span may still be a wrong guess,
        # «Кевин Спейси» read as «Кевин Спейся», while another mention gives the name as written)
        nominative = {" ".join(span.text.split()) for span, _ in items if _nominative_at(tokens, starts, span.start)}
        # counted once: a count per mention made a name repeated many times quadratic
        times = Counter(names)
        first = {}
        for n, nm in enumerate(names):
            first.setdefault(nm, n)
        # a patronymic does not make a name fuller: where the article also writes «Владислав Сурков», that is
        # the name the person is cited by, not «Владислав Юрьевич Сурков» nor «Владислав Юрьевич»
        patronymic = {nm: key[0] == "PER" and _key(nm) in demoted for nm in times}
        # a person named in Russian letters is cited so, not by the original spelling in brackets, fuller as
        # that may be («Алексей Гайда (Олексій Ігорович Гайда)», «Ингрид Вальберг (Ingrid Maria Wahlberg)»)
        russian = {nm: key[0] != "PER" or bool(_CYRILLIC.search(nm)) and not _ukrainian(nm) for nm in times}
        declined = _declined_forms(times, {" ".join(span.text.split()) for span, _ in items})
        canonical = max(names, key=lambda nm: (russian[nm], _full_words(nm) - patronymic[nm], not patronymic[nm],
                                               len(nm.split()), nm not in declined, nm in nominative, times[nm],
                                               -first[nm]))
        mentions = []
        for span, name in items:
            kind = "surname" if key[0] == "PER" and len(name.split()) == 1 and len(canonical.split()) > 1 \
                else "name"
            mentions.append(Mention(span.start, span.end, span.text, kind))
        entities.append(Entity("", key[0], canonical, mentions))
    # last, on the finished entities: a surname alone has joined its full name where it could, and each
    # spelling has its canonical name and mention count
    entities = _merge_misspellings(entities)
    for n, ent in enumerate(entities, 1):
        ent.id = f"e{n}"
    return entities
