"""Numbers as Russian news writes them: digits with any thousands separator («1 500», «1,5», «2.000.000»),
multipliers («тыс.», «млн», «миллиарда»), and number words in any case («три», «двух», «пятьдесят»,
«двое», «полтора»). Shared by the date grammar (durations, «через два месяца») and the figure grammar.

Hand-written because no maintained Russian library parses numerals inside running text with offsets:
natasha's extractors cover money and dates only (and cost ~20 µs a character), pymorphy gives lemmas but not
values.
"""
from __future__ import annotations

import re

# Word numerals by every case form (stems would also match unrelated words: «пятница», «семья»); collectives
# («двое», «трое») count as their number.
_WORD_VALUES: dict[str, float] = {}


def _forms() -> None:
    unit_forms = {
        0: ["ноль", "ноля", "нуля", "нулю", "нолю", "нулем", "нулём"],
        1: ["один", "одна", "одно", "одного", "одной", "одному", "одним", "одну", "одном", "одними", "одних"],
        # «пару БМП»: a pair counts as two
        2: ["два", "две", "двух", "двум", "двумя", "двое", "двоих", "двоим", "пару", "пара", "парой"],
        3: ["три", "трех", "трёх", "трем", "трём", "тремя", "трое", "троих", "троим"],
        4: ["четыре", "четырех", "четырёх", "четырем", "четырём", "четырьмя", "четверо", "четверых"],
        5: ["пять", "пяти", "пятью", "пятеро", "пятерых"], 6: ["шесть", "шести", "шестью", "шестеро"],
        7: ["семь", "семи", "семью", "семеро"], 8: ["восемь", "восьми", "восемью", "восьмью"],
        9: ["девять", "девяти", "девятью"], 10: ["десять", "десяти", "десятью"],
        11: ["одиннадцать", "одиннадцати"], 12: ["двенадцать", "двенадцати"], 13: ["тринадцать", "тринадцати"],
        14: ["четырнадцать", "четырнадцати"], 15: ["пятнадцать", "пятнадцати"],
        16: ["шестнадцать", "шестнадцати"], 17: ["семнадцать", "семнадцати"],
        18: ["восемнадцать", "восемнадцати"], 19: ["девятнадцать", "девятнадцати"],
        20: ["двадцать", "двадцати", "двадцатью"], 30: ["тридцать", "тридцати", "тридцатью"],
        40: ["сорок", "сорока"], 50: ["пятьдесят", "пятидесяти", "пятьюдесятью"],
        60: ["шестьдесят", "шестидесяти"], 70: ["семьдесят", "семидесяти"],
        80: ["восемьдесят", "восьмидесяти"], 90: ["девяносто", "девяноста"],
        100: ["сто", "ста", "сотня", "сотню", "сотней"], 200: ["двести", "двухсот", "двумстам"], 300: ["триста", "трехсот", "трёхсот"],
        400: ["четыреста", "четырехсот", "четырёхсот"], 500: ["пятьсот", "пятисот"],
        600: ["шестьсот", "шестисот"], 700: ["семьсот", "семисот"], 800: ["восемьсот", "восьмисот"],
        900: ["девятьсот", "девятисот"],
        1.5: ["полтора", "полторы", "полутора"],
    }
    for value, forms in unit_forms.items():
        for f in forms:
            _WORD_VALUES[f] = value


_forms()

# Multipliers after a number, by every written form («тыс.», «тысяч», «млн», «миллиарда», «трлн»).
MULTIPLIERS: dict[str, float] = {}
for _stem, _value in (("тыс", 1e3), ("тысяч", 1e3), ("млн", 1e6), ("миллион", 1e6), ("млрд", 1e9),
                      ("миллиард", 1e9), ("трлн", 1e12), ("триллион", 1e12)):
    MULTIPLIERS[_stem] = _value
MULTIPLIER = (r"(?:(?<=\d)[кk](?![а-яёa-z])|лям(?:а|ов)?|тыс(?:яч[аиеуь]?|ячами|ячам|ячах|\.)?|млн\.?|млрд\.?|трлн\.?|"
              r"миллион(?:а|ов|ы|ам|ами|ах|ом|е)?|миллиард(?:а|ов|ы|ам|ами|ах|ом|е)?|"
              r"триллион(?:а|ов|ы|ам|ами|ах|ом|е)?)(?![а-яё])")

# Digits: «1 500 000» (space, no-break or thin space as thousands separator), «1,5», «2.5», «1.500.000».
DIGITS = r"(?<![\d.,])\d{1,3}(?:[ \u00a0\u202f]\d{3})+(?:[.,]\d+)?(?![\d])|(?<![\d.,])\d+(?:[.,]\d+)?(?![\d])"


def trie_pattern(words) -> str:
    """One pattern for a set of words with their shared beginnings factored out («дв(?:а|е|ух|…)»): a flat
    alternation of some 170 numeral forms is tried one form after another at every position of a text, the
    costliest part of finding numbers; the factored one matches the same words."""
    tree: dict = {}
    for w in words:
        node = tree
        for ch in w:
            node = node.setdefault(ch, {})
        node[""] = {}

    def emit(node: dict) -> str:
        alts = [re.escape(ch) + emit(node[ch]) for ch in sorted(node) if ch]
        if not alts:
            return ""
        body = alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"
        return f"(?:{body})?" if "" in node else body  # the longer word first, as a flat alternation by length

    return emit(tree)


_WORD_FORMS = trie_pattern(_WORD_VALUES)
WORD_NUMBER = r"(?<![а-яё])" + _WORD_FORMS + r"(?:\s+" + _WORD_FORMS + r")*(?![а-яё])"
NUMBER = rf"(?:{DIGITS}|{WORD_NUMBER})"


def parse_digits(s: str) -> float | None:
    """«1 500» → 1500, «1,5» → 1.5, «1.500.000» → 1500000; None for what is not one number."""
    s = re.sub(r"[ \u00a0\u202f]", "", s)
    if re.fullmatch(r"\d{1,3}(?:\.\d{3}){2,}", s):
        s = s.replace(".", "")
    s = s.replace(",", ".")
    try:
        return float(s)
    except ValueError:
        return None


def word_value(words: str) -> float | None:
    """«двадцать пять» → 25, «трёх» → 3, «полтора» → 1.5; None when a word is not a numeral."""
    total = 0.0
    for w in words.lower().split():
        v = _WORD_VALUES.get(w)
        if v is None:
            return None
        total += v
    return total


def number_value(s: str) -> float | None:
    s = s.strip()
    return parse_digits(s) if s[:1].isdigit() else word_value(s)


def multiplier(word: str | None) -> float:
    if not word:
        return 1.0
    w = word.lower().rstrip(".")
    if w in ("к", "k"):  # «65к»: thousands, as prices are written in posts
        return 1e3
    if w.startswith("лям"):  # «4 ляма»: millions (of roubles), as posts write them
        return 1e6
    for stem in sorted(MULTIPLIERS, key=len, reverse=True):
        if w.startswith(stem):
            return MULTIPLIERS[stem]
    return 1.0
