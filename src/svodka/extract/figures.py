"""Figures: numbers that measure or count something, with their unit, qualifier, whether they are a level or a
change, and what they measure (docs/dates-figures-gold.md is the spec).

Hand-written for the same reason as `dates.py`: no maintained Russian library finds quantities in running
text with their unit and their measured noun (natasha's MoneyExtractor covers money in roubles and dollars
only). The measured noun comes from Slovnet's morphology: the nearest common noun before the figure in its
clause that is not itself a unit, with its genitive complement («урожай зерна»); the entity is the named one
inside that phrase («товарооборот России и Казахстана»).
"""
from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

from ..model import DateRef, Entity, Figure
from ..nlp.normalize import parse_word
from ..nlp.pipeline import Parsed, Token
from ..nlp.words import lemma
from .mention_index import MentionIndex
from .numbers import MULTIPLIER, NUMBER, WORD_NUMBER, multiplier, number_value
from .spans import SpanIndex
from .windows import NOT_IN_WORD, Anchor, lowered, matches, windows

# (pattern, unit) in the order they are tried: percents and currencies by their code; a unit of measure (None)
# as written, abbreviations kept («км», «кв. м») and words in the nominative («километров» → «километр»).
_UNITS: list[tuple[str, str]] = [
    (r"%|процент(?:а|ов|ы|ам|ами|ах|ом|е)?(?![а-яё])|проц\.|процентн(?:ый|ая|ое|ые|ого|ой|ому|ым|ом|ую|ых|ыми)(?![а-яё])(?!\s+пункт)", "%"),
    (r"п\.\s?п\.|процентн(?:ых|ого|ый|ым)\s+пункт(?:а|ов|ы)?(?![а-яё])", "п.п."),
    (r"белорусск(?:их|ого|ий)\s+рубл(?:ей|я|ь)", "BYN"),
    (r"руб(?:л(?:ей|я|ь|ями|ям|ях|ем)(?![а-яё])|\.|(?![а-яё]))|₽|р\.(?=\s|$)", "RUB"),
    (r"(?:долл(?:ар(?:ов|а|ы|ам|ами)?(?![а-яё])|\.|(?![а-яё])))(?:\s+США)?|\$|бакс(?:ов|а|ы)?(?![а-яё])", "USD"),
    (r"евро(?![а-яё])|€", "EUR"),
    (r"фунт(?:ов|а)?\s+стерлингов|фунт(?:ов|а)?(?![а-яё])|£", "GBP"),
    (r"юан(?:ей|я|ь|ями)(?![а-яё])|¥", "CNY"),
    (r"грив(?:ен|ны|на|нами)(?![а-яё])|₴", "UAH"),
    (r"тенге(?![а-яё])|₸", "KZT"),
    (r"(?:иен|йен)(?:ы|а)?(?![а-яё])", "JPY"),
    (r"рупи(?:й|и|я)(?![а-яё])", "INR"),
    (r"лир(?:ы|а)?(?![а-яё])", "TRY"),
    (r"сом(?:ов|а)?(?![а-яё])", "KGS"),
    (r"шведск(?:их|ой|ую|ая|ие)\s+крон(?:ы|а|у|ами)?(?![а-яё])", "SEK"),
    (r"норвежск(?:их|ой|ую|ая|ие)\s+крон(?:ы|а|у|ами)?(?![а-яё])", "NOK"),
    (r"датск(?:их|ой|ую|ая|ие)\s+крон(?:ы|а|у|ами)?(?![а-яё])", "DKK"),
    (r"чешск(?:их|ой|ую|ая|ие)\s+крон(?:ы|а|у|ами)?(?![а-яё])", "CZK"),
    (r"°\s?C|°\s?С|°", "°C"),
    (r"раз(?:а)?(?![а-яё])", "раз"),
    (r"тонн(?:ы|а|у|ами|ам|ах)?(?![а-яё])|т(?=\.?\s)", None),
    (r"кубометр(?:ов|а|ы)?(?![а-яё])|куб\.\s?м(?![а-яё])|м3|м³", None),
    (r"кв\.\s?(?:км|м|метр(?:ов|а)?)(?![а-яё])|квадратн(?:ых|ого|ый)\s+(?:кило)?метр(?:ов|а)?(?![а-яё])", None),
    (r"км/ч|м/с|километр(?:ов|а)?\s+в\s+час", None),
    (r"метр(?:ов|а)?\s+в\s+секунду", "метр в секунду"),
    (r"(?:км|м)[²2](?![\dа-яё])", None),  # «64 м2», «502 км²»: square, as written
    (r"км(?![а-яё])|километр(?:ов|а|ы|ами)?(?![а-яё])", None),
    (r"гектар(?:ов|а|ы)?(?![а-яё])|га(?![а-яё])", None),
    (r"кг(?![а-яё])|килограмм(?:ов|а|ы)?(?![а-яё])", None),
    (r"граммов|грамм(?:а|ы)?(?![а-яё])", None),
    (r"литр(?:ов|а|ы)?(?![а-яё])", None),
    (r"баррел(?:ей|я|ь)(?![а-яё])", None),
    (r"мм(?![а-яё])|миллиметр(?:ов|а)?(?![а-яё])", None),
    (r"см(?![а-яё])|сантиметр(?:ов|а)?(?![а-яё])", None),
    (r"метр(?:ов|а|ы)?(?![а-яё])|м(?=[\s.,;]|$)", None),
    (r"градус(?:ов|а)?(?![а-яё])", None),
    (r"[кМмГТ]?Вт(?:[·\s*.]?ч)?(?![а-яё])", None),
    (r"[нмμп]?моль/л(?![а-яё])|[нмμп]?моль(?![а-яё])|[мн]г/(?:д|м)?л(?![а-яё])", None),
    (r"[кМГТ]?Гц(?![а-яё])", None),
    (r"(?:[кКМГТ]|кило|мега|гига|тера)?(?:бит|байт)(?:а|ов|ы)?(?:/с)?(?![а-яё])", None),
]
UNIT_RX = re.compile("|".join(f"(?:{p})" for p, _ in _UNITS), re.IGNORECASE)
_UNIT_ONE = [(re.compile(f"(?:{p})", re.IGNORECASE), u) for p, u in _UNITS]
CURRENCY_CODES = {"RUB", "USD", "EUR", "GBP", "CNY", "UAH", "KZT", "BYN", "JPY", "INR", "TRY", "KGS", "SEK", "NOK",
                  "DKK", "CZK"}
_PREFIX_CURRENCY = {"$": "USD", "€": "EUR", "£": "GBP", "¥": "CNY", "₽": "RUB"}

QUALIFIERS = [
    (r"более\s+чем|чуть\s+более|чуть\s+больше|свыше|более|больше|выше|сверх", "more"),
    (r"чуть\s+менее|чуть\s+меньше|почти|без\s+малого|едва\s+ли\s+не", "almost"),
    (r"менее|меньше|ниже", "less"),
    (r"не\s+менее|не\s+меньше|как\s+минимум|минимум|по\s+меньшей\s+мере|от", "at_least"),
    (r"не\s+более|не\s+больше|как\s+максимум|максимум|до", "at_most"),
    (r"около|примерно|порядка|приблизительно|ориентировочно|~|почти\s+что", "approx"),
]
_QUAL_RX = "|".join(f"(?:{p})" for p, _ in QUALIFIERS)
_QUAL_ONE = [(re.compile(f"^(?:{p})$", re.IGNORECASE), q) for p, q in QUALIFIERS]

# A round number written as its word alone: «тысячу рублей», «более сотни домов», «полсотни». The forms that are
# also plurals or a noun of their own («тысячи», «сотни»: thousands, hundreds; «десятка»: a top ten) count only
# after a word that asks for the genitive.
_LONE_VALUES = {**dict.fromkeys(("тысяча", "тысячу", "тысячей", "тысяче", "тысячи"), 1e3), "сотни": 100,
                "десятка": 10, "полсотни": 50, "полтысячи": 500, "лям": 1e6,
                **dict.fromkeys(("миллион", "миллиона", "миллиону", "миллионом"), 1e6),
                **dict.fromkeys(("миллиард", "миллиарда", "миллиарду", "миллиардом"), 1e9)}
_LONE = "(?:" + "|".join(sorted(_LONE_VALUES, key=len, reverse=True)) + r")(?![а-яё])"
_LONE_AFTER_GENITIVE = {"тысячи", "сотни", "десятка", "миллиона", "миллиарда"}
# a sign before the digits, written or as a word («минус 0,5 градуса», «от минус 3 до минус 5»)
_SIGN = r"[−–+-](?=\d)|(?:минус|плюс)\s+(?=\d)"
_NEGATIVE = frozenset("−–-") | {"минус"}
_FIGURE = re.compile(
    # «с 43 до 131 рубля» is where a change started and where it ended, two figures, not a range: after «с» the
    # «до» does not join the numbers
    r"(?<![\w№#/.,-])(?:(?P<from>с|со)\s+)?(?:(?P<qual>" + _QUAL_RX + r")\s+(?P<na>на\s+)?)?"
    r"(?P<cur>[$€£¥₽])?\s?(?P<sign>" + _SIGN + r")?(?P<num>" + NUMBER + "|" + _LONE + r")"
    r"(?:\s*(?:[-–—]|\.{2,3}|…|(?(from)(?!)|до))\s*(?P<sign2>" + _SIGN + r")?(?P<num2>" + NUMBER + r"))?"
    r"(?:\s*(?P<mult>" + MULTIPLIER + r"))?(?P<plus>\+(?![\d+]))?")  # run over the lower-cased text: no case-blind matching needed
# where a figure may be: digits, a currency sign, a number word (extract/windows.py)
_DIGIT_ANCHOR = re.compile(r"\d+|[$€£¥₽]")
_WORD_ANCHOR = re.compile(WORD_NUMBER)
_LONE_ANCHOR = Anchor(NOT_IN_WORD + _LONE)
_FRACTION_ANCHOR = re.compile(r"(?<![а-яё])(?:половин|трет|четверт|част[ьи])")
_MULTIPLES = re.compile(r"(?<![а-яё])(?P<word>вдвое|втрое|вчетверо|впятеро|вшестеро|всемеро|ввосьмеро|вдевятеро|"
                        r"вдесятеро)(?![а-яё])", re.IGNORECASE)
_MULTIPLE_VALUES = {"вдвое": 2, "втрое": 3, "вчетверо": 4, "впятеро": 5, "вшестеро": 6, "всемеро": 7,
                    "ввосьмеро": 8, "вдевятеро": 9, "вдесятеро": 10}
# counts of times («дважды»: a count of occurrences, a level, not a change); an anchor of its own, as one pattern
# with the multiples the search could not skip ahead to a first letter (three times the cost)
_TIMES = Anchor(NOT_IN_WORD + r"(?:два|три|четыре)жды(?![а-яё])")
_TIMES_VALUES = {"два": 2, "три": 3, "четыре": 4}
# a unit of weight or volume with no number is one of it («изъяли тонну кокаина», «брикеты по килограмму»), but
# not a rate («цена за тонну»)
_ONE_UNIT = Anchor(NOT_IN_WORD + r"(?:тонну|килограмму?|литр)(?![а-яё])")
_ONE_UNIT_NAMES = {"тонну": "тонна", "килограмм": "килограмм", "килограмму": "килограмм", "литр": "литр"}
# «каждый пятый» is a share: one in five
_EVERY = Anchor(NOT_IN_WORD + r"кажд(?:ый|ая|ое|ого|ую|ой|ому|ым)\s+(?P<ord>втор|трет|четв[её]рт|пят|шест|седьм|"
                    r"восьм|девят|десят)(?:ой|ый|ий|ая|ое|ого|ую|ому|ым|ья|ье|ьего|ьей|ью)(?![а-яё])")
_ORDINAL_VALUES = {"втор": 2, "трет": 3, "четвер": 4, "четвёр": 4, "пят": 5, "шест": 6, "седьм": 7, "восьм": 8,
                   "девят": 9, "десят": 10}
_FRACTIONS = re.compile(r"(?<![а-яё])(?:(?P<qual>" + _QUAL_RX + r")\s+(?P<na>на\s+)?)?(?P<word>половин[аыуеой]|треть(?:ю|и)?|"
                        r"четверть(?:ю|и)?|(?:пят|шест|седьм|восьм|девят|десят)(?:ую|ая|ой)\s+част[ьи])(?![а-яё])")
_FRACTION_VALUES = {"полов": 0.5, "трет": 1 / 3, "четверт": 0.25, "пят": 0.2, "шест": 1 / 6, "седьм": 1 / 7,
                    "восьм": 0.125, "девят": 1 / 9, "десят": 0.1}

_UP = ("вырос", "выросл", "вырас", "возрас", "раст", "увелич", "повыс", "подорож", "прибав", "рост", "прирост", "подня", "взлет", "взлёт",
       "возрос", "подскоч", "прибыл")
_DOWN = ("сниз", "сниж", "сократ", "сокращ", "уменьш", "упал", "упад", "уменьш", "подешев", "снижени", "падени", "потерял", "опусти",
         "обвал", "сокращени", "просел", "просев")
_CHANGE_NOUNS = ("рост", "прирост", "снижени", "падени", "сокращени", "увеличени", "повышени")
# Nouns that are units, times or frames rather than what a figure measures.
_NOT_ABOUT = {"процент", "рубль", "доллар", "евро", "тонна", "человек", "год", "месяц", "неделя", "день",
              "час", "минута", "раз", "результат", "итог", "данные", "слово", "сравнение", "время", "период",
              "уровень", "размер", "сумма", "объем", "число", "количество", "доля", "часть", "величина", "отметка",
              "показатель", "тысяча", "миллион", "миллиард", "триллион", "штука", "область", "город", "страна"}
_FRAME_OF = {"размер", "сумма", "объем", "число", "количество", "доля", "уровень", "величина"}
# Verbs that say what a quantity is or how it changed: the noun before them is what the figure measures.
_LINK_VERBS = _UP + _DOWN + ("обнов", "варьир", "колебл", "упас", "пада", "состав", "достиг", "превы", "оценива", "оцени", "равня", "насчитыва", "держа",
                             "опусти", "подня", "стать", "быть", "являть", "прогнозир", "ожида")
_VERB_MEASURES = {"стоить": "цена", "весить": "вес"}
# whole words: a stem alone also took «две части», «8 тыс. частных лиц», «10 лётчиков», «5 векселей» for time
_TIME_UNIT = re.compile(r"\s*(?:лет|год(?:а|у|ам|ами|ах)?|месяц(?:а|ев|ам|ами|ах)?|недел[ьяиюе][а-яё]*|"
                        r"дн(?:я|ей|ям|ями|ях|ем|ём)|день|сут(?:ки|ок|кам|ками|ках)|час(?:а|ов|ам|ами|ах)?|"
                        r"минут[а-яё]*|секунд[а-яё]*|век(?:а|ов|ам|ах)?|-?лет(?:ний|няя|него|нюю|них|ия|ие|ию))"
                        r"(?![а-яё])", re.IGNORECASE)


@dataclass
class _Num:
    start: int
    end: int
    value: float
    value_max: float | None
    unit: str | None
    qualifier: str | None
    unit_end: int
    change_prep: bool = False  # «более чем на 33 %»: the «на» of a change sits inside the span
    kind: str = "level"
    counted: bool = False  # the unit is the counted noun («12 человек»), not a unit of measure
    mult: float = 1.0  # the multiplier written with the number («млн»), 1 when none
    from_: bool = False  # after «с»: where a change started («с 43 до 131 рубля»)
    to_of: bool = False  # the «до» of where a change ended, not an upper bound


_UNIT_AT = re.compile(r"\s*(?:" + UNIT_RX.pattern + ")", re.IGNORECASE)


def _written_unit(phrase: str) -> str:
    """«километров» → «километр», «кв. метров» → «кв. метр», «км» → «км»: words in the nominative,
    abbreviations as written."""
    words = [lemma(w) if w.isalpha() and len(w) > 3 else w.lower() for w in phrase.split()]
    return " ".join(words).rstrip(".")


def _unit_at(text: str, pos: int) -> tuple[str | None, int]:
    m = _UNIT_AT.match(text, pos)
    if not m:
        return None, pos
    word = m.group().strip()
    for rx, unit in _UNIT_ONE:
        if rx.fullmatch(word):
            return (unit or _written_unit(word)), m.end()
    return _written_unit(word), m.end()


# «60-метровой», «18-каратного», «200-местный»: a number and its unit made one adjective
_COMPOUND = re.compile(r"-(?P<stem>(?:кило|санти|милли)?метров|кубометров|литров|тонн|(?:кило)?граммов|каратн|местн|"
                       r"дюймов)"
                       r"(?:ый|ий|ая|ое|ые|ого|ой|ому|ым|ом|ую|ых|ыми)(?![а-яё])", re.IGNORECASE)
_COMPOUND_UNITS = {"тонн": "тонна", "каратн": "карат", "местн": "место"}


def _compound_unit(text: str, pos: int) -> tuple[str | None, int]:
    """The unit of a number written as one adjective with it: «60-метровой» → метр."""
    m = _COMPOUND.match(text, pos)
    if not m:
        return None, pos
    stem = m["stem"].lower()
    return _COMPOUND_UNITS.get(stem, stem.removesuffix("ов")), m.end()


# what may stand between a number and its unit: the emphasis marks of a post («**5** тонн», «тысячей** мужчин»),
# an exclamation or the number in words in brackets («13 (!) языков», «0 (ноль) штук»)
_ASIDE = re.compile(r"(?:\*{1,2}|_{2})(?=\s)|\s*\((?:[!?]{1,3}|[а-яё]{2,15})\)(?=\s)", re.IGNORECASE)


_MULT_AT = re.compile(r"\s*(?P<mult>" + MULTIPLIER + ")")


def _past_aside(text: str, pos: int) -> int:
    m = _ASIDE.match(text, pos)
    return m.end() if m else pos


def _qualifier(word: str | None) -> str | None:
    if not word:
        return None
    w = re.sub(r"\s+", " ", word.lower())
    return next((q for rx, q in _QUAL_ONE if rx.match(w)), None)


@lru_cache(maxsize=20_000)
def _adjectival(word: str) -> bool:
    """Whether pymorphy reads the word as an adjective or participle first (Slovnet tags «данного» a noun)."""
    parses = parse_word(word.lower())
    return bool(parses) and parses[0].tag.POS in ("ADJF", "PRTF", "NPRO")


def _one_is_not_a_count(text: str, tokens: list[Token], start: int, num_end: int, end: int) -> bool:
    """«один» counts («погиб один человек», «остался один дом», «открыта одна полоса из четырёх») except as
    «один из …», after a noun it qualifies («люди одного поколения»: the same generation), or with no noun to
    count."""
    if re.match(r"\s+из(?![а-яё])", text[num_end:num_end + 4]) or end == start:
        return True
    prev = next((t for t in reversed(tokens) if t.end <= start), None)
    return prev is not None and prev.pos == "NOUN"


# a count of these is a share: «две трети» = 2/3
_FRACTION_NOUNS = {"треть": 1 / 3, "четверть": 0.25}
_COLLECTIVES = {"двое", "трое", "четверо", "пятеро", "шестеро", "семеро", "двоих", "троих", "четверых", "пятерых",
                "шестерых", "семерых", "двоим", "троим", "четверым"}
_SHARED_UNIT = re.compile(r"\s*(?:или|и|[-–—])\s*" + NUMBER, re.IGNORECASE)


# «из 15», «из 2,8 миллиона», «из 270 необходимых»: the total a part is counted out of
_OUT_OF = re.compile(r"\s+из\s+(?:" + NUMBER + r")(?:\s*" + MULTIPLIER + r")?\s+")


def _out_of_unit(low: str, tokens: list[Token], end: int) -> str | None:
    """The counted noun of the total a bare part is out of: «12 из 15 производителей», «почти двух миллионов из
    2,8 миллиона голосов»."""
    m = _OUT_OF.match(low, end, end + 60)
    return _counted_noun(tokens, m.end())[0] if m else None


def _elided_unit(text: str, tokens: list[Token], start: int, end: int) -> str | None:
    """The counted noun of a bare number that the sentence names elsewhere: «12 из 15 производителей»,
    «концертов было 15», «количество беспилотников достигло 32»."""
    prev = [t for t in tokens if t.end <= start][-4:]
    if len(prev) >= 2 and prev[-1].pos in ("VERB", "AUX") and lemma(prev[-1].text).startswith(_LINK_VERBS):
        for i in range(len(prev) - 2, -1, -1):
            t = prev[i]
            if t.pos == "NOUN" and t.feats.get("Case") == "Gen" and t.feats.get("Number") == "Plur":
                return lemma(t.text)
            if t.pos == "NOUN" and lemma(t.text) in ("количество", "число") and i + 1 < len(prev) - 1:
                nxt = prev[i + 1]
                return lemma(nxt.text) if nxt.pos == "NOUN" else None
    return None


_COUNT_NOUNS = ("количество", "число")


def _count_named_before(text: str, tokens: list[Token], start: int) -> str | None:
    """The counted noun of a bare number whose sentence names the count before it: «количество беспилотников,
    сбитых на подлёте, достигло 32», «больше всего правонарушений … количество правонарушений … в Москве (462)»,
    «третьей по числу мандатов (52)»."""
    stop = max(text.rfind(c, 0, start) for c in ".!?\n")
    before = [t for t in tokens if stop < t.start and t.end <= start and start - t.start < 200]
    for i in range(len(before) - 1, -1, -1):
        if before[i].pos != "NOUN" or lemma(before[i].text) not in _COUNT_NOUNS:
            continue
        for t in before[i + 1:i + 4]:  # past the adjectives: «число сбитых украинских БПЛА»
            if t.pos in ("NOUN", "PROPN") and (t.text.isupper() or t.feats.get("Case") == "Gen"):
                return t.text if t.text.isupper() else counted_lemma(t)
            if t.pos != "ADJ" and t.feats.get("VerbForm") != "Part":
                break
        return None
    return None


_UD_GENDER = {"Masc": "masc", "Fem": "femn", "Neut": "neut"}


# the numerals that say the gender of what they count («две переменные»: переменная, not переменный)
_NUMERAL_GENDER = {"две": "femn", "обе": "femn", "полторы": "femn", "одна": "femn", "одну": "femn", "одной": "femn",
                   "одно": "neut"}


_QUOTES = '"«„“\''


def counted_lemma(tok: Token, gender: str = "masc") -> str:
    """The counted noun as the spec writes it, in the nominative singular: a participle or adjective used as a
    noun stays one («14 пострадавших» → пострадавший, not the verb «пострадать»), and of a noun's readings the
    one of the gender the tagger saw («одну банку» → банка, not банк)."""
    word = tok.text.lower()
    parses = parse_word(word)
    if not parses:
        return lemma(tok.text)
    first = parses[0]
    if tok.pos == "NOUN" and first.tag.POS == "ADJF" and (
            noun := next((p for p in parses if p.tag.POS == "NOUN" and p.tag.case == first.tag.case), None)):
        # «8 мужских сборных»: a noun made of an adjective that the dictionary lists as a noun (сборная)
        return noun.normal_form.replace("ё", "е")
    if first.tag.POS in ("PRTF", "ADJF"):
        form = first.inflect({"nomn", "sing", gender})
        if form is not None:
            return form.word.replace("ё", "е")
    if tok.pos == "NOUN" and first.tag.POS not in ("NOUN", "PRTF", "ADJF"):
        # «50 тикетов»: pymorphy reads the unknown word as a short adjective first, the tagger as a noun
        noun = next((p for p in parses if p.tag.POS == "NOUN"), None)
        if noun is not None:
            return noun.normal_form.replace("ё", "е")
    gender = _UD_GENDER.get(tok.feats.get("Gender", ""))
    # only a singular form: a plural one («голов», «парках») often has the same letters in both genders, and
    # the tagger's gender is then a guess
    if gender and tok.feats.get("Number") == "Sing" and first.tag.POS == "NOUN" and first.tag.gender != gender:
        agreeing = next((p for p in parses if p.tag.POS == "NOUN" and p.tag.gender == gender), None)
        if agreeing is not None:
            return agreeing.normal_form.replace("ё", "е")
    return lemma(tok.text)


_LATIN_WORD = re.compile(r"[A-Za-z][A-Za-z0-9-]*")


def _latin_name(tokens: list[Token], first: Token) -> tuple[str, int]:
    """«480 iPhone 16 Pro», «три Tesla Cybertruck»: a product named in Latin letters is counted by its whole
    name as written, a model number inside it included; lower case, as units are compared."""
    k = tokens.index(first)
    words, end = [first.text], first.end
    for j in range(k + 1, min(k + 5, len(tokens))):
        t, nxt = tokens[j], tokens[j + 1] if j + 1 < len(tokens) else None
        if t.start - end > 1:
            break
        if _LATIN_WORD.fullmatch(t.text) or (t.text.isdigit() and nxt is not None and nxt.start - t.end <= 1
                                             and _LATIN_WORD.fullmatch(nxt.text)):
            words.append((" " if t.start > end else "") + t.text)  # «S24» may come as two tokens
            end = t.end
            continue
        break
    return "".join(words).lower(), end


def _counted_noun(tokens: list[Token], pos: int, numeral: str = "") -> tuple[str | None, int]:
    """The common noun right after a number («12 человек», «три автомобиля»): its lemma and end."""
    gender = _NUMERAL_GENDER.get(numeral.lower(), "masc")
    following = [t for t in tokens if t.start >= pos][:4]
    if not following or following[0].start - pos > 2:
        return None, pos
    quoted = following[0].text in _QUOTES
    if quoted:
        following = following[1:]  # «один "мерседес"», «три «Калибра»»: a name in quotes is still what is counted
    for i, t in enumerate(following):  # «16 тысяч двухлитровых бутылок»: past the adjectives
        if _LATIN_WORD.fullmatch(t.text) and not t.text.isupper():
            return _latin_name(tokens, t)
        if t.pos == "NOUN" or (t.pos == "PROPN" and t.text.isupper() and len(t.text) <= 5):
            # «256 ГБ», «три БМП»: an abbreviation is counted as written
            closing = following[i + 1] if quoted and i + 1 < len(following) else None
            end = closing.end if closing is not None and closing.text in _QUOTES + "»“" else t.end
            if not t.text.isupper() and lemma(t.text) == "штука" and (what := _counted_after(tokens, t)) \
                    and what.pos == "NOUN":
                return counted_lemma(what, gender), what.end  # «2920 штук патронов»: the cartridges are counted
            return (t.text if t.text.isupper() else counted_lemma(t, gender)), end
        if t.pos != "ADJ" and not _adjectival(t.text) and t.feats.get("VerbForm") != "Part":
            break
        if (t.feats.get("Case") in _COUNTED_CASES and t.feats.get("Number") == "Plur"
                and _counted_after(tokens, t) is None):
            # «более 60 нападавших», «сообщали о двух погибших»: a participle that is the counted noun
            return counted_lemma(t, gender), t.end
    return None, pos


# the cases of a counted word after a number: the genitive, or the case a preposition gives the whole phrase
_COUNTED_CASES = frozenset(("Gen", "Loc", "Dat", "Ins"))


def _counted_after(tokens: list[Token], t: Token) -> Token | None:
    """The genitive noun a word that counts nothing by itself leads to, past adjectives and one short
    dependent («двух предъявленных ему обвинений», «66 штук пустых магазинов»), or None."""
    k = tokens.index(t)
    for u in tokens[k + 1:k + 4]:
        if u.pos == "PROPN" or _LATIN_WORD.fullmatch(u.text):
            # «17 украинских БПЛА», «288 новых MacBook Pro»: an abbreviation or a name in Latin letters
            return u if u.text.isupper() and len(u.text) <= 5 or _LATIN_WORD.fullmatch(u.text) else None
        if u.pos == "NOUN":
            # the genitive of any number: after «два», «три», «четыре» the noun is singular («двух задержанных
            # студента»), or the case of the word before it
            return u if u.feats.get("Case") in ("Gen", t.feats.get("Case")) else None
        if u.pos not in ("ADJ", "PRON", "DET") and u.feats.get("VerbForm") != "Part":
            return None
    return None


# How far around a number its helpers look for words (the counted noun, the words before it, «из 15»): each
# is handed the tokens of this stretch, found by bisection, not the whole text, so a long text costs what
# its numbers do, not their count times its length.
REACH = 400


def _near(tokens: list[Token], starts: list[int], a: int, b: int) -> list[Token]:
    """The tokens that start within REACH characters of the stretch a..b."""
    return tokens[bisect_left(starts, a - REACH):bisect_right(starts, b + REACH)]


def _numbers(text: str, tokens: list[Token], blocked: list[tuple[int, int]]) -> list[_Num]:
    out: list[_Num] = []
    starts = [t.start for t in tokens]

    dates = SpanIndex(blocked)  # asked once per number: by bisection, not a scan of every date

    def free(a: int, b: int) -> bool:
        return not dates.overlaps(a, b)

    low = lowered(text)
    anchors = sorted([m.span() for rx in (_DIGIT_ANCHOR, _WORD_ANCHOR) for m in rx.finditer(low)]
                     + list(_LONE_ANCHOR.spans(low)))
    for m in matches(_FIGURE, low, windows(anchors, len(text), 40, 60)):
        num_s = m.start("num")
        if not free(num_s, m.end("num")):
            continue
        after = text[m.end():m.end() + 3]
        if re.match(r"(?:-?[а-я]{1,3}(?![а-яё])|:\d|\.\d)", after) and not re.match(r"\s", after) \
                and not _COMPOUND.match(text, m.end()):
            continue  # an ordinal («5-й»), a clock time or a dotted date
        if re.match(r"[A-Za-zА-Яа-яЁё]", text[num_s - 1:num_s] if num_s else ""):
            continue
        lone = _lone_value(m)
        dollars = m["cur"] == "$"
        value = 1.0 if lone else _value(m["num"], m["mult"], dollars)
        if value is None or lone == 0:
            continue
        if m["sign"] and m["sign"].strip() in _NEGATIVE:
            value = -value
        mult = multiplier(m["mult"]) * (lone or 1.0) if m["mult"] else (lone or 1.0)
        counted = False
        value2 = _value(m["num2"], m["mult"], dollars) if m["num2"] else None
        if value2 is not None and m["sign2"] and m["sign2"].strip() in _NEGATIVE:
            value2 = -value2  # «-5...-3 °C»
        end = m.end()
        unit = _PREFIX_CURRENCY.get(m["cur"]) if m["cur"] else None
        unit_end = end
        if unit is None:
            at = _past_aside(text, end)
            late = _MULT_AT.match(low, at) if at > end and not m["mult"] else None
            if late:  # «5 (пять) тысяч рублей»
                mult, at, end = multiplier(late["mult"]), late.end(), late.end()
            unit, unit_end = _unit_at(text, at)
            if unit is None:
                unit, unit_end = _compound_unit(text, end)
            if unit is None and _TIME_UNIT.match(text, at):
                continue  # durations, ages and years belong to dates
            if unit is None:
                unit, unit_end = _counted_noun(_near(tokens, starts, at, at), at, m["num"])
                counted = unit is not None
            if unit is None:
                unit_end = end
        elif re.match(r"\s*(?:долл|руб|евро)", text[end:end + 6], re.IGNORECASE):
            _, unit_end = _unit_at(text, end)
        if unit is None and mult == 1.0:
            shared = _SHARED_UNIT.match(text, end)
            if shared:  # «0,5 или 0,6 литров»: one unit for both
                unit, _ = _unit_at(text, shared.end())
        if unit is None and mult == 1.0 and m["num"].lower() in _COLLECTIVES:
            unit = "человек"  # «двое погибли», «четверых задержали»: collectives count people
        if unit is None:
            unit = _out_of_unit(low, _near(tokens, starts, num_s, end), end)
            counted = unit is not None
        if unit is None and mult == 1.0:
            unit = _elided_unit(text, _near(tokens, starts, num_s, end), num_s, end)
            counted = unit is not None
        if unit is None and out and out[-1].counted and not m["cur"] and (mult == 1.0 or out[-1].mult != 1.0) \
                and not re.search(r"[.!?\n]", text[out[-1].end:num_s]) and num_s - out[-1].end < 200:
            # «59 сенаторов проголосовали за, 41 — против», «575 тысяч лифтов, из них 64 тысячи»: a number without
            # its unit after a count in its sentence (of the same order, when multiplied) counts the same things
            unit, counted = out[-1].unit, True
        if unit is None and mult == 1.0 and not m["cur"]:
            unit = _count_named_before(text, _near(tokens, starts, num_s, end), num_s)
            counted = unit is not None
        # «с 43 до 131 рубля», «с 371к тонн до 384»: an end of a change without its unit has the other end's
        pending = unit is None and mult == 1.0 and (_opens_change(text, m, end) or _ends_change(text, m, out))
        if unit is None and mult == 1.0 and not pending:
            continue  # a bare number: a name, an identifier, a count of nothing the sentence names
        if value == 1 and not lone and not m["num"][:1].isdigit() \
                and _one_is_not_a_count(text, _near(tokens, starts, num_s, unit_end), num_s, end, unit_end):
            continue
        if unit is None and not pending:
            # «5к», «4 ляма» are prices as posts write them; otherwise a multiplied number of things not named
            price = (m["mult"] or "").lower().startswith(("к", "k", "лям")) or m["num"] == "лям"
            unit = "RUB" if price else "шт"
        if value2 is not None:
            # «от 4 до 5 тысяч»: the multiplier of the second number is the first's too
            value2 *= mult
        qual = _qualifier(m["qual"])
        low_mult = mult
        if value2 is not None:
            if value < 0 and value2 < value:
                value, value2 = value2 / mult, value * mult  # «от минус 3 до минус 5 градусов»: from −5 to −3
            if value2 < value * mult and value2 <= value:
                continue
            if value2 < value * mult:
                low_mult = 1.0  # «от 650 до 3к рублей»: the multiplier is the second end's alone
            qual = "range"
        start = m.start("qual") if m["qual"] else \
            (m.start("cur") if m["cur"] else (m.start("sign") if m["sign"] else num_s))
        if value2 is not None and m["qual"] and m["qual"].lower() == "до":
            # «до +7...+9 °С»: the «до» of a level reached, not part of the range
            start = m.start("cur") if m["cur"] else (m.start("sign") if m["sign"] else num_s)
        if m["qual"] and m["qual"].lower() == "от" and value2 is None or m["plus"] and qual is None:
            qual = "at_least"  # «от 5 тонн», «35+ ресурсов»
        if counted and unit in _FRACTION_NOUNS and value2 is None:
            # «две трети», «три четверти»: a share, not a count of thirds
            value, unit, counted = value * _FRACTION_NOUNS[unit], "доля", False
        out.append(_Num(start, max(unit_end, end), value * low_mult, value2, unit, qual, unit_end,
                        change_prep=bool(m["na"]), counted=counted, mult=mult,
                        from_=bool(m["from"])))
    for m in _MULTIPLES.finditer(text):
        if free(m.start(), m.end()):
            out.append(_Num(m.start(), m.end(), _MULTIPLE_VALUES[m["word"].lower()], None, "раз", None, m.end()))
    for a, b in _ONE_UNIT.spans(low):
        if free(a, b) and not re.search(r"(?:^|[^а-яё])(?:за|в|на|per)\s+$", low[max(0, a - 5):a]):
            out.append(_Num(a, b, 1.0, None, _ONE_UNIT_NAMES[low[a:b]], None, b))
    for a, b in _TIMES.spans(low):
        if free(a, b):
            out.append(_Num(a, b, _TIMES_VALUES[low[a:b - 3]], None, "раз", None, b, counted=True))
    fractions = windows((m.span() for m in _FRACTION_ANCHOR.finditer(low)), len(text), 40, 30)
    for a, b in _EVERY.spans(low):
        if free(a, b):
            ordinal = _EVERY.rx.match(low, a)["ord"]
            v = next(v for stem, v in _ORDINAL_VALUES.items() if ordinal.startswith(stem))
            out.append(_Num(a, b, 1 / v, None, "доля", None, b))
    for m in matches(_FRACTIONS, low, fractions):
        if free(m.start("word"), m.end()):
            w = m["word"].lower()
            v = next(v for stem, v in _FRACTION_VALUES.items() if w.startswith(stem))
            out.append(_Num(m.start(), m.end(), v, None, "доля", _qualifier(m["qual"]), m.end(), change_prep=bool(m["na"])))
    out.sort(key=lambda n: (n.start, -n.end))
    kept: list[_Num] = []
    for n in out:
        if kept and n.start < kept[-1].end:
            continue
        if kept:
            _share_change_ends(text, kept[-1], n)
        if kept and (joined := _range_of(text, kept[-1], n)) is not None:
            kept[-1] = joined
            continue
        kept.append(n)
    _currency_named_after(text, kept)
    return _in_larger_units([n for n in kept if n.unit is not None], text)


# A measure written in two units, the larger first («20 метров 70 сантиметров», «118 км 650 метров», «3 рубля 50
# копеек»), is one figure in the larger unit; kopecks alone are roubles («подорожал на 14 копеек»).
_SUBUNITS = {("метр", "сантиметр"): 0.01, ("м", "сантиметр"): 0.01, ("км", "метр"): 0.001,
             ("километр", "метр"): 0.001, ("кг", "грамм"): 0.001, ("RUB", "копейка"): 0.01}


def _in_larger_units(nums: list[_Num], text: str) -> list[_Num]:
    out: list[_Num] = []
    for n in nums:
        prev = out[-1] if out else None
        factor = _SUBUNITS.get((prev.unit, n.unit)) if prev is not None else None
        if factor and prev.value_max is None and n.value_max is None and n.qualifier is None \
                and not text[prev.end:n.start].strip() and 0 <= n.value * factor < 1:
            prev.value += n.value * factor
            prev.end = prev.unit_end = n.end
            continue
        if n.unit == "копейка" and n.value_max is None:
            n.value, n.unit, n.counted = n.value * 0.01, "RUB", False
        out.append(n)
    return out


def _currency_named_after(text: str, nums: list[_Num]) -> None:
    """«квартира стоимостью 12 млн (первый взнос 1 млн) … составит 94,6 млн рублей»: a multiplied sum without its
    unit is in the currency of the next multiplied sum of its sentence."""
    for i, n in enumerate(nums):
        if n.unit != "шт" or n.mult == 1.0:
            continue
        for later in nums[i + 1:]:
            if re.search(r"[.!?\n]", text[n.end:later.start]):
                break
            if later.unit != "шт":
                if later.unit in CURRENCY_CODES and later.mult != 1.0:
                    n.unit = later.unit
                break


_DOTTED_THOUSANDS = re.compile(r"[1-9]\d{0,2}\.\d{3}")
# an English thousands comma before three zeros («50,000 монет»): a decimal comma is not written with them
_COMMA_THOUSANDS = re.compile(r"[1-9]\d{0,2},000")
# after a dollar sign the English way: commas between groups of three («$255,999»; a price in cents has two)
_DOLLAR_THOUSANDS = re.compile(r"[1-9]\d{0,2}(?:,\d{3})+")


def _value(num: str, mult: str | None, dollars: bool = False) -> float | None:
    """The number's value; a point before exactly three digits separates thousands («17.000 рублей»: Russian
    writes a decimal comma), unless a multiplier follows («2.500 млн» is read as written); so do commas between
    groups of three after a dollar sign (`dollars`: «$255,999»)."""
    if not mult and "." in num and _DOTTED_THOUSANDS.fullmatch(num):
        return float(num.replace(".", ""))
    if not mult and "," in num and (_COMMA_THOUSANDS.fullmatch(num) or dollars and _DOLLAR_THOUSANDS.fullmatch(num)):
        return float(num.replace(",", ""))
    return number_value(num)


def _lone_value(m: re.Match) -> float | None:
    """The value of a round number's word standing alone («тысячу» → 1000), 0 where this form needs a word
    asking for the genitive and has none («тысячи людей»: thousands), None for any other number."""
    word = m["num"]
    if word in _LONE_AFTER_GENITIVE and not (m["qual"] or m["from"]):
        return 0
    return _LONE_VALUES.get(word)


# between where a change started and where it ended: «с 20 млн тонн в 2022 году до 37 млн»
_CHANGE_GAP = re.compile(r"[^.!?;\n]{0,40}")


def _opens_change(text: str, m: re.Match, end: int) -> bool:
    """Whether a bare number after «с» is where a change started, its end written next: «с 43 до 131 рубля»."""
    return bool(m["from"]) and re.match(r"\s*до\s", text[end:end + 6]) is not None


def _ends_change(text: str, m: re.Match, out: list[_Num]) -> bool:
    """Whether a bare number after «до» is where a change ended that the last figure started: «с 371к тонн до
    384»."""
    return bool(m["qual"]) and m["qual"] == "до" and bool(out) and out[-1].from_ \
        and _CHANGE_GAP.fullmatch(text[out[-1].end:m.start()]) is not None


def _share_change_ends(text: str, a: _Num, b: _Num) -> None:
    """Where a change started (`a`, after «с») and where it ended (`b`, after «до»): the end that writes no
    unit (or no multiplier) has the other's, and the «до» is no upper bound."""
    if not a.from_ or b.qualifier != "at_most" or text[b.start:b.start + 2].lower() != "до" \
            or _CHANGE_GAP.fullmatch(text[a.end:b.start]) is None:
        return
    if a.unit in (None, "шт") and b.unit not in (None, "шт"):
        _take_unit(a, b)
    elif b.unit in (None, "шт") and a.unit not in (None, "шт"):
        _take_unit(b, a)
    b.to_of = True


def _take_unit(n: _Num, other: _Num) -> None:
    n.unit, n.counted = other.unit, other.counted
    if n.mult == 1.0 and other.mult != 1.0:
        n.value, n.mult = n.value * other.mult, other.mult


# What stands between the two ends of a range written as two figures: «от 50 тысяч до 200 тысяч», «$0,91 — $1,02
# млн» (the «до» is inside the second figure's span, as its qualifier)
_RANGE_GAP = re.compile(r"\s*(?:[-–—]|\.{2,3}|…)?\s*")


def _range_of(text: str, a: _Num, b: _Num) -> _Num | None:
    """The two ends of one range as one figure, or None. The first end shares the second's unit and, when it
    has none of its own, its multiplier («$0,91 — $1,02 млн» is 0,91–1,02 million dollars)."""
    gap = text[a.end:b.start]
    from_to = a.qualifier == "at_least" and text[a.start:a.start + 2].lower() == "от" and b.qualifier == "at_most" \
        and text[b.start:b.start + 2].lower() == "до" and not gap.strip()
    # not after a counted noun: «две лекции — 17» pairs two counts, it spans no range
    dash = (a.qualifier is None and b.qualifier is None and a.value_max is None and b.value_max is None
            and not a.counted and bool(gap.strip()) and _RANGE_GAP.fullmatch(gap) is not None)
    if not (from_to or dash) or a.kind != b.kind:
        return None
    if a.unit != b.unit and a.unit != "шт":
        return None
    low = a.value * b.mult if a.mult == 1.0 and b.mult != 1.0 else a.value
    if b.value <= low:
        return None
    return _Num(a.start, b.end, low, b.value, b.unit, "range", b.unit_end, a.change_prep, a.kind, b.counted, b.mult)


def _clause_start(text: str, sent_start: int, pos: int) -> int:
    cut = max(text.rfind(c, sent_start, pos) for c in (";", ":", "\n", "(", "—"))
    return max(sent_start, cut + 1)


def _change(text: str, clause_start: int, n: _Num, sentence_end: int) -> tuple[str, str | None, str | None]:
    """(kind, direction, qualifier) from the words before the figure: «вырос на 33 %» is a change up,
    «снизился до 4 %» a level reached going down, «рост составил 3 %» a change."""
    before = text[clause_start:n.start].lower()
    after = text[n.end:min(sentence_end, n.end + 40)].lower()
    # a verb after the figure tells its direction only in its own clause («на 10 % выросли»), not the next
    # one's («вырос на 33 %, а инфляция снизилась»)
    after = re.split(r"[,;]", after, maxsplit=1)[0]
    prep = re.search(r"(?:^|\s)(на|до|в)\s+$", before)
    words = re.findall(r"[а-яё]+", before)[-6:] + re.findall(r"[а-яё]+", after)[:3]
    direction = None
    for w in reversed(words):
        if w.startswith(_UP):
            direction = "up"
            break
        if w.startswith(_DOWN):
            direction = "down"
            break
    qual = None if n.to_of else n.qualifier
    kind = "level"
    if n.unit == "раз" and not n.counted:
        kind = "change"
        if direction is None and re.match(r"\s*(больше|выше|дороже)", after):
            direction = "up"
        elif direction is None and re.match(r"\s*(меньше|ниже|дешевле)", after):
            direction = "down"
    elif direction and (n.change_prep or prep and prep.group(1) == "на"):
        kind = "change"
    elif direction and qual == "at_most" and text[n.start:n.start + 2].lower() == "до":
        qual = None  # «снизился до 4 %»: the level reached, not an upper bound
    elif direction and any(w.startswith(_CHANGE_NOUNS) for w in words[:-3]):
        kind = "change"
    return kind, direction, qual


def _noun_after(tokens: list[Token], n: _Num) -> Token | None:
    """The genitive noun a figure is a quantity of: «70 % данного товарооборота», «3,6 млн рублей налогов»."""
    for t in (t for t in tokens if n.end <= t.start < n.end + 40):
        if t.pos in ("ADJ", "DET") or t.feats.get("VerbForm") == "Part" or _adjectival(t.text):
            continue
        if t.pos in ("NOUN", "PROPN") and t.feats.get("Case") == "Gen" and lemma(t.text) not in _NOT_ABOUT:
            return t
        return None
    return None


def _quoted(text: str, a: int, b: int) -> bool:
    """Whether the stretch from a word to the figure leaves a quotation open (the word is inside a name in
    quotation marks: «Новая жизнь»)."""
    between = text[a:b]
    return between.count('"') % 2 == 1 or between.count("»") > between.count("«")


def _about(text: str, tokens: list[Token], clause_start: int, n: _Num, mentions: MentionIndex,
           sent_start: int, counted: bool) -> tuple[str | None, str | None]:
    """The measured noun phrase and the entity named inside it, where the sentence names one:
    - a frame noun in the instrumental right before the figure: «стоимостью 700 млн руб.», «весом 100 граммов»,
      or the noun before «в»: «премию в 100 тысяч рублей»;
    - the genitive noun after a share or a sum: «17 % россиян», «пятую часть урожая»;
    - the subject of a verb of being or changing: «товарооборот вырос на 33 %», «инфляция составила 8 %»,
      «на 25 % сократилось число квартир», or a noun the figure follows with no verb between
      («площадь пожара — 80 кв. м»);
    - what «стоит» and «весит» measure: the price, the weight.
    A count of things («погибли 12 человек») measures nothing but itself: its unit is the counted noun."""
    before = [t for t in tokens if clause_start <= t.start and t.end <= n.start]
    if before and before[-1].pos == "NOUN" and before[-1].feats.get("Case") == "Ins":
        return lemma(before[-1].text), None
    if len(before) >= 2 and before[-1].text.lower() == "в" and before[-2].pos == "NOUN":
        return lemma(before[-2].text), mentions.within(before[-2].start, before[-2].end)
    if before and before[-1].pos == "VERB" and lemma(before[-1].text) in _VERB_MEASURES:
        # «круиз стоит 1000 евро»: the price of the thing named before the verb, or the price as such
        subject = next((t for t in reversed(before[:-1]) if t.pos == "NOUN" and t.feats.get("Case") == "Nom"), None)
        if subject is not None:
            return lemma(subject.text), mentions.within(subject.start, subject.end)
        return _VERB_MEASURES[lemma(before[-1].text)], None
    if not counted:
        t = _noun_after(tokens, n)
        if t is not None:
            return lemma(t.text), mentions.within(t.start, t.end)
    for i in range(len(before) - 1, -1, -1):
        t = before[i]
        common = t.pos == "NOUN" or (t.pos == "PROPN" and t.start == sent_start and not t.text.isupper())
        if not common or t.feats.get("Case") not in ("Nom", None) or _quoted(text, t.end, n.start):
            continue
        head = lemma(t.text)
        if head in _NOT_ABOUT and head not in _FRAME_OF:
            continue
        between = before[i + 1:]
        verbs = [v for v in between if v.pos in ("VERB", "AUX")]
        if verbs and not lemma(verbs[-1].text).startswith(_LINK_VERBS):
            return None, None  # «компания заплатила $150 тыс.»: an agent, not a quantity
        if counted and head not in ("количество", "число"):
            return None, None
        if not verbs and sum(1 for v in between if v.pos in ("NOUN", "PROPN")) > 2 and t.start != sent_start:
            return None, None
        about, entity = phrase(before, i, mentions, n.start)
        if head in _FRAME_OF and about == head and any(c.pos not in ("PUNCT",) for c in between):
            continue  # «объём» alone, far from the figure, says nothing
        return about, entity
    # «на 25 % сократилось число дешёвых квартир»: the subject after the verb
    after = [t for t in tokens if n.end <= t.start < n.end + 60][:5]
    if after and after[0].pos == "VERB" and lemma(after[0].text).startswith(_LINK_VERBS):
        for j, t in enumerate(after[1:], 1):
            if t.pos == "NOUN" and t.feats.get("Case") == "Nom":
                words = [lemma(t.text)] + [c.text.lower() for c in after[j + 1:j + 3]
                                           if c.pos in ("NOUN", "ADJ") and c.feats.get("Case") == "Gen"][:2]
                return " ".join(words), mentions.within(t.start, n.end + 60)
    return None, None


def unit_kind(unit: str | None, counted: bool) -> str:
    if unit in ("%", "п.п."):
        return "percent"
    if unit in CURRENCY_CODES:
        return "currency"
    if unit == "доля":
        return "share"
    if unit == "раз":
        return "times"
    return "count" if counted or unit == "шт" else "measure"


def phrase(tokens: list[Token], i: int, mentions: MentionIndex, limit: int) -> tuple[str, str | None]:
    """The noun at `tokens[i]` as what a figure measures: its lemma with up to two genitive nouns after it that
    are not names («урожай зерна»), and the entity named in the stretch up to `limit` (the figure)."""
    t = tokens[i]
    words = [lemma(t.text)]
    for c in tokens[i + 1:i + 3]:
        if c.pos in ("NOUN", "PROPN") and c.feats.get("Case") == "Gen" and not mentions.within(c.start, c.end):
            words.append(c.text.lower())
        else:
            break
    return " ".join(words), mentions.within(t.start, max(limit, t.end))


def about_rows(parsed: Parsed, n: _Num, rule_about: str | None, mentions: MentionIndex):
    """The about-model's candidates for figure `n` and their feature rows, or None (no sentence)."""
    from ..figuremodel.candidates import candidates
    from ..figuremodel.features import rows

    c = candidates(parsed, n.start, n.end)
    if c is None:
        return None
    head = lemma(rule_about.split()[0]) if rule_about else None
    # only mentions that overlap the sentence can hold one of its nouns
    sa, sb = c.sentence.start, c.sentence.end
    spans = mentions.overlapping(sa, sb)
    return c, rows(c, n.unit, unit_kind(n.unit, n.counted), n.counted, n.kind, head, spans, _NOT_ABOUT, _FRAME_OF,
                   lambda lem: lem.startswith(_LINK_VERBS))


def about_scores(about_model, inputs: list) -> list[list[float] | None]:
    """The about-model's scores of each figure's candidates (`inputs`: `FigureDraft.inputs`, of one text or of
    several laid end to end), from one booster call: a booster scores each row alone, so the scores are those
    of a call per figure, without the cost of a call per figure (its trees are read from memory afresh on
    each). None where a figure has no candidates or there is no model."""
    if about_model is None:
        return [None] * len(inputs)
    rows = [row for got in inputs if got is not None for row in got[1]]
    flat = about_model.scores(rows) if rows else []
    out: list[list[float] | None] = []
    k = 0
    for got in inputs:
        if got is None:
            out.append(None)
        else:
            out.append(flat[k:k + len(got[1])])
            k += len(got[1])
    return out


@dataclass
class FigureDraft:
    """A text's figures before the about-model has chosen what each measures: per figure (number, kind,
    direction, qualifier, the rules' about and entity), and the model's input (candidates, rows) or None."""
    parsed: Parsed
    mentions: MentionIndex
    figures: list[tuple]
    inputs: list
    scored: bool  # whether the about-model decides (else the rules' answer stands)


def find_figures(parsed: Parsed, entities: list[Entity] | None = None,
                 dates: list[DateRef] | None = None, about_model=None,
                 on_about: Callable[[int, object], None] | None = None) -> list[Figure]:
    """Every figure in the parsed text; numbers inside `dates` (years, days, durations) are not figures.
    With `about_model` (figuremodel.AboutModel), what each measures is the model's choice among the nouns of
    its sentence, with the hand rules' answer as one of its features. `on_about(i, (candidates, rows))` sees
    the model's input for the i-th figure (training reads it there, so it learns from what analysis computes)."""
    draft = figure_draft(parsed, entities, dates, about_model is not None, on_about)
    return finish_figures(draft, about_scores(about_model if draft.scored else None, draft.inputs))


def figure_draft(parsed: Parsed, entities: list[Entity] | None = None, dates: list[DateRef] | None = None,
                 scored: bool = True, on_about: Callable[[int, object], None] | None = None) -> FigureDraft:
    """The first half of `find_figures`: the figures and what the rules say they measure, with the about-model's
    input for each when `scored` (or `on_about`) asks for it."""
    text = parsed.text
    tokens = parsed.tokens
    starts = [t.start for t in tokens]
    blocked = [(d.start, d.end) for d in dates or []]
    mentions = MentionIndex(entities or [])
    found = []
    inputs = []
    previous_unit: tuple[int, str] | None = None
    for n in _numbers(text, tokens, blocked):
        if n.unit == "шт" and previous_unit and n.start - previous_unit[0] < 300:
            # «подняла 24 млн рублей … гонорар равнялся 5,4 млн»: a sum without its unit is in the last one named
            n.unit = previous_unit[1]
        if n.unit in CURRENCY_CODES:
            previous_unit = (n.end, n.unit)
        sent = parsed.sentence_at(n.start)
        s_start, s_end = (sent.start, sent.end) if sent else (0, len(text))
        c_start = _clause_start(text, s_start, n.start)
        kind, direction, qual = _change(text, c_start, n, s_end)
        # the clause may start further back than REACH: its tokens from there on, by bisection
        near = tokens[bisect_left(starts, min(c_start, s_start)):bisect_right(starts, max(s_end, n.end) + REACH)]
        about, entity = _about(text, near, c_start, n, mentions, s_start, n.counted)
        n.kind = kind
        got = None
        if scored or on_about is not None:
            got = about_rows(parsed, n, about, mentions)
            if on_about is not None:
                on_about(len(found), got)
        found.append((n, kind, direction, qual, about, entity))
        inputs.append(got)
    return FigureDraft(parsed, mentions, found, inputs, scored)


def finish_figures(draft: FigureDraft, scores: list[list[float] | None]) -> list[Figure]:
    """The second half of `find_figures`: each figure with what the about-model chose (`scores`, from
    `about_scores` of the draft's inputs) or, without one, what the rules said."""
    from ..figuremodel.decode import choose

    text = draft.parsed.text
    out: list[Figure] = []
    for (n, kind, direction, qual, about, entity), got, score in zip(draft.figures, draft.inputs, scores):
        if draft.scored and got is not None:
            i = choose(score, got[0])
            about, entity = (None, None) if i is None else phrase(got[0].tokens, i, draft.mentions, n.start)
        if n.unit == "шт" and about and about.split()[0] in ("число", "количество") and len(about.split()) > 1:
            n.unit = lemma(about.split()[1])  # «число запросов достигло 13 млн»: 13 млн запросов
        start = n.start
        if qual is None and n.qualifier == "at_most":
            start = n.start + 2 + len(text[n.start + 2:n.end]) - len(text[n.start + 2:n.end].lstrip())
        out.append(Figure(start, n.end, text[start:n.end], value=n.value, unit=n.unit, value_max=n.value_max,
                          qualifier=qual, kind=kind, direction=direction, about=about, entity=entity))
    return out
