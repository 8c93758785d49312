"""Character-level structure the quote extractor needs: paragraphs, quotation-mark pairs, clause ends.

Quotation marks are paired within one paragraph only, so an unbalanced mark can never swallow the rest of
the article: an opening mark with no partner is dropped; a closing » with no partner at the start of a
paragraph marks a quote that lost its opening mark.
"""
from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass

from ..nlp.normalize import parse_word

OPEN_CLOSE = {"«": "»", "„": "“", "“": "”"}
STRAIGHT = '"'
QUOTE_CHARS = "«»„“”\""
DASHES = "—–-"
_SENT_END = re.compile(r"[.!?…]+")
# The characters the pairing loops below act on; every other character leaves their state as it was, so they
# visit only these (a regex scan instead of a Python step per character of the text)
_MARKS = re.compile("[" + re.escape(QUOTE_CHARS) + "]")
_GUILLEMETS = re.compile("[«»]")


@dataclass
class Pair:
    open: int  # index of the opening mark (or the paragraph start for a lost opening mark)
    close: int  # index of the closing mark
    orphan: bool = False  # the opening mark was lost

    @property
    def start(self) -> int:
        return self.open if self.orphan else self.open + 1

    @property
    def end(self) -> int:
        return self.close


def paragraphs(text: str) -> list[tuple[int, int]]:
    """Paragraph spans. A line break is a paragraph break unless the line stops mid-sentence and the next
    one goes on in lower case (a hard-wrapped sentence: «Об этом⏎в интервью … заявил …»)."""
    out = []
    start = 0
    for m in re.finditer(r"\n", text):
        i = m.start()
        before = text[start:i].rstrip()
        after = text[i + 1:i + 2]
        if before and before[-1] not in ".!?…»\":;" and after[:1].islower():
            continue
        if text[start:i].strip():
            out.append((start, i))
        start = i + 1
    if text[start:].strip():
        out.append((start, len(text)))
    return out


def quote_pairs(text: str, start: int, end: int) -> list[Pair]:
    """Outermost quotation-mark pairs of one paragraph, in order."""
    pairs: list[Pair] = []
    stack: list[tuple[str, int]] = []
    first_content = start
    while first_content < end and text[first_content] in " \t":
        first_content += 1
    for m in _MARKS.finditer(text, start, end):
        i, c = m.start(), m.group()
        if c == STRAIGHT:
            if stack and stack[-1][0] == STRAIGHT:
                o = stack.pop()[1]
                if not stack:
                    pairs.append(Pair(o, i))
            elif i == start or not text[i - 1].isalnum():
                stack.append((STRAIGHT, i))
            continue
        if stack and c == OPEN_CLOSE.get(stack[-1][0]):
            o = stack.pop()[1]
            if not stack:
                pairs.append(Pair(o, i))
        elif c in OPEN_CLOSE and not (c == "“" and stack and stack[-1][0] == "„"):
            stack.append((c, i))
        elif c == "»" and not stack:
            # a closing mark with nothing open: the paragraph opened a quote whose first mark was lost
            if not any(p.open >= first_content for p in pairs if p.orphan) and not any(
                    p.orphan for p in pairs):
                pairs = [p for p in pairs if p.open < first_content]
                pairs.append(Pair(first_content, i, orphan=True))
        elif c in "»”“" and stack:
            # a mismatched closing mark: close whatever is open (typewriters mix styles)
            o = stack.pop()[1]
            if not stack:
                pairs.append(Pair(o, i))
    return pairs


def guillemet_spans(text: str) -> list[tuple[int, int]]:
    """Outermost «…» over the whole text, marks included, in order; an unclosed mark opens nothing.

    Not `quote_pairs`: that one finds quotes to extract, so it stays inside a paragraph, reads every kind of
    mark and recovers a lost opening mark. This one answers "is this word inside a quotation" for pronouns
    and speakers, where only a closed «…» is sure enough, and a quotation may run over paragraphs."""
    out, depth, start = [], 0, 0
    for m in _GUILLEMETS.finditer(text):
        i, ch = m.start(), m.group()
        if ch == "«":
            if depth == 0:
                start = i
            depth += 1
        elif ch == "»" and depth:
            depth -= 1
            if depth == 0:
                out.append((start, i + 1))
    return out


def guillemet_span_at(spans: list[tuple[int, int]], pos: int) -> tuple[int, int] | None:
    """The span of `guillemet_spans` strictly around `pos` (not on its marks), or None."""
    k = bisect_right(spans, (pos, float("inf"))) - 1
    return spans[k] if k >= 0 and spans[k][0] < pos < spans[k][1] else None


def inside(pairs: list[Pair], pos: int) -> Pair | None:
    """The pair whose marks enclose `pos` (outermost pairs are disjoint and in order: a binary search)."""
    i = bisect_right(pairs, pos, key=lambda p: p.open) - 1
    if i >= 0 and pairs[i].open <= pos <= pairs[i].close:
        return pairs[i]
    return None


def _initial(text: str, i: int) -> bool:
    """The full stop at `i` closes an initial («Д.Мердок», «Л. Фокс», «В. В. Сомов»), not a sentence: a single
    capital before it, and after it either a name glued to it, another initial, or a word the dictionary
    knows as a name or not at all («сектор Б. Потом он уехал» and «Петру I. Потом» end sentences)."""
    if not (text[i] == "." and i >= 1 and text[i - 1].isupper() and (i < 2 or not text[i - 2].isalpha())):
        return False
    m = re.match(r"( ?)([A-ZА-ЯЁ])([a-zа-яё\-]*)(\.?)", text[i + 1:i + 40])
    if not m:
        return False
    glued, first, rest, dot = m.groups()
    if not glued and rest:
        return True  # «Д.Мердок»
    if not rest and dot:
        return True  # «В. В. Сомов»
    if glued and rest:
        return _name_only(first + rest)
    return False


# Abbreviations that stand before a name, whose full stop ends no sentence: «МХТ им. Чехова», «ул. Ленина»,
# «Дж. Байден», «акад. Сахаров», «оз. Байкал». (Not «т.д.», «млн.», «руб.»: they also end sentences.)
_NAME_ABBREVIATIONS = frozenset("""им ул пл пер просп наб пос дер св акад проф ген Дж оз""".split())


def _abbreviation(text: str, i: int) -> bool:
    """The full stop at `i` closes an abbreviation that stands before a name, and a capital follows."""
    if text[i] != "." or i < 2:
        return False
    j = i
    while j > 0 and j > i - 6 and text[j - 1].isalpha():
        j -= 1
    if j > 0 and text[j - 1].isalpha():
        return False
    # «н. п. Весёлое» (a settlement), unlike «и т. п.», which ends sentences
    if text[j:i] not in _NAME_ABBREVIATIONS and not (text[j:i] == "п" and text[max(0, j - 3):j] in ("н. ", " н.")):
        return False
    m = re.match(r" ?[A-ZА-ЯЁ]", text[i + 1:i + 3])
    return m is not None


def dot_in_name(text: str, i: int) -> bool:
    """The full stop at `i` is inside a name written without spaces («Infox.ru», «Lenta.ru»): a letter or
    digit before it and a lower-case letter right after."""
    return text[i] == "." and 0 < i < len(text) - 1 and text[i - 1].isalnum() and text[i + 1].islower()


def _name_only(word: str) -> bool:
    parses = [p for p in parse_word(word.lower()) if p.is_known]
    return not parses or any({"Name", "Surn", "Patr"} & set(p.tag.grammemes) for p in parses)


def clause_end(text: str, pos: int, limit: int, pairs: list[Pair]) -> int:
    """Where the sentence that contains `pos` ends (before its final full stop), not crossing `limit` (the
    paragraph end) and skipping over quoted text; also stops before a colon that opens a quotation."""
    return _clause_end(text, pos, limit, pairs, [p.open for p in pairs])[0]


_STOP_OR_COLON = re.compile(r"[.!?…:]")


def _clause_end(text: str, pos: int, limit: int, pairs: list[Pair], opens: list[int]) -> tuple[int, int]:
    """`clause_end` and the position where its scan stopped (the stop or colon it found, or `limit`)."""
    i = pos
    while i < limit:
        n = bisect_right(opens, i) - 1
        if n >= 0 and pairs[n].open <= i <= pairs[n].close and pairs[n].open >= pos:
            i = pairs[n].close + 1
            continue
        # on to the next stop or colon, or the next opening mark if that comes first: no character between
        # needs a look (no mark opens there, so none of them is inside a quotation this one is not in)
        m = _STOP_OR_COLON.search(text, i, limit)
        stop = m.start() if m else limit
        if n + 1 < len(opens) and opens[n + 1] < stop:
            i = opens[n + 1]
            continue
        if m is None:
            break
        i = stop
        c = text[i]
        if c in ".!?…" and not _initial(text, i) and not _abbreviation(text, i):
            j = i
            while j < limit and text[j] in ".!?…":
                j += 1
            k = j
            while k < limit and text[k] in " \t":
                k += 1
            nxt = text[k:k + 1]
            if k >= limit or nxt.isupper() or nxt in "«\"„“—–(" or (nxt.isdigit() and k > j):
                return (i if c == "." else j), i
            i = j
            continue
        if c == ":" and text[i + 1:i + 3].lstrip()[:1] in ("«", "\"", "„", "“"):
            return i, i
        i += 1
    return limit, limit


def sentence_start(text: str, pos: int, para_start: int, pairs: list[Pair]) -> int:
    """The start of the sentence that contains `pos`, not before the paragraph start."""
    found = _sentence_start(text, pos, para_start, pairs, [p.open for p in pairs], para_start)
    return para_start if found is None else found


def _sentence_start(text: str, pos: int, para_start: int, pairs: list[Pair], opens: list[int],
                    low: int) -> int | None:
    """`sentence_start` scanning back no further than `low`: None when it reaches `low - 1` without finding a
    sentence start, -1 when a quotation jumps it past that (the caller then scans in full)."""
    i = pos - 1
    # no stop before `low - 1` is ever read (the scan answers there), so none is looked for
    floor = max(para_start, low - 1)
    found = dict.fromkeys(".!?…", i)  # the nearest of each stop found so far, at or after which to look again
    while i > para_start:
        if i < low:
            return None if i == low - 1 else -1
        n = bisect_right(opens, i) - 1
        if n >= 0 and pairs[n].open <= i <= pairs[n].close and pairs[n].close < pos and not pairs[n].orphan:
            i = pairs[n].open - 1
            continue
        if (text[i] in ".!?…" and text[i + 1:i + 2] in (" ", "\t") and not _initial(text, i)
                and not _abbreviation(text, i)):
            k = i + 1
            while k < pos and text[k] in " \t":
                k += 1
            if text[k:k + 1].isupper() or text[k:k + 1] in "«\"„—–":
                return k
        # back to the next position where something can happen: a stop, the close of the pair before (where
        # a quotation is entered) or just before its opening (where the pair before it takes over), `low - 1`,
        # or the paragraph start; the characters between need no look (a per-character loop with a bisection
        # each was most of this function's time)
        for c, at in found.items():
            if at >= i:  # (each stop is looked for again only once passed: linear in what is scanned)
                found[c] = text.rfind(c, floor, i)
        nxt = max(floor, *found.values())
        if n >= 0:
            nxt = max(nxt, opens[n] - 1, pairs[n].close if pairs[n].close < i else -1)
        i = nxt if nxt < i else i - 1
    return None if low <= para_start or i == low - 1 else -1


class Sentences:
    """`sentence_start` and `clause_end` for many positions of one paragraph, asked in text order (the cues of
    a paragraph), in time linear in the paragraph overall. Asked one by one, each would scan back to the
    sentence start and on to its end, so a paragraph of thousands of cues and no full stop («По словам По
    словам …») cost the square of its length. Here a scan stops where the one before began (start) or
    answers from where the one before stopped (end) whenever that gives the same answer as a full scan: the
    position is outside the quotation marks and not on a stop, so both scans walk the same characters from
    there; otherwise it scans in full."""

    def __init__(self, text: str, para_start: int, limit: int, pairs: list[Pair]) -> None:
        self.text, self.para_start, self.limit, self.pairs = text, para_start, limit, pairs
        self.opens = [p.open for p in pairs]
        self._start: tuple[int, int] | None = None  # (pos, sentence start) of the last question
        self._end: tuple[int, int, int] | None = None  # (pos, where the scan stopped, clause end)
        self.scans = 0  # characters the scans visited, for tests

    def _plain(self, pos: int) -> bool:
        """`pos` is neither inside a quotation (its opening mark is fine) nor on a run of stops."""
        n = bisect_right(self.opens, pos) - 1
        inside_pair = n >= 0 and self.pairs[n].open < pos <= self.pairs[n].close
        return not inside_pair and self.text[pos:pos + 1] not in (".", "!", "?", "…", " ", "\t")

    def start(self, pos: int) -> int:
        text, ps = self.text, self.para_start
        found: int | None = -1
        if self._start is not None and self._start[0] <= pos and self._plain(self._start[0]):
            low = self._start[0]
            found = _sentence_start(text, pos, ps, self.pairs, self.opens, low)
            self.scans += pos - low
            if found is None:
                found = self._start[1]
        if found == -1:
            found = _sentence_start(text, pos, ps, self.pairs, self.opens, ps)
            self.scans += pos - ps
            if found is None:
                found = ps
        self._start = (pos, found)
        return found

    def end(self, pos: int) -> int:
        if self._end is not None and self._end[0] <= pos <= self._end[1] and self._plain(pos):
            return self._end[2]
        result, stop = _clause_end(self.text, pos, self.limit, self.pairs, self.opens)
        self.scans += stop - pos
        self._end = (pos, stop, result)
        return result


def trim(text: str, start: int, end: int, chars: str = " \t\n\u00a0") -> tuple[int, int]:
    while start < end and text[start] in chars:
        start += 1
    while end > start and text[end - 1] in chars:
        end -= 1
    return start, end


def word_count(s: str) -> int:
    return len(re.findall(r"\w+", s))
