"""Direct and reported speech in one article, each attributed to who spoke (rules: shared/data/QUOTES-GOLD.md).

Direct quotes are quotation-mark pairs (or block paragraphs after a colon) tied to a speaker by the text
around them: a dash and a cue after («…», — сказал он), a colon before (сказал: «…»), an attribution that
cuts the quote in two («…, — написал он. — …»), a headline «Сомов: …». Marks with none of these are names,
titles and scare quotes, and are left alone.

Reported speech is a cue from the lexicon (`lexicon.py`) with its source and its clause: `X заявил, что …`,
`по словам X, …`, `как сообщил X, …`, postposed `…, сообщил X`, anaphoric `Об этом заявил X` (the sentences
before it in the paragraph), and a quoted fragment after a naming verb (`назвал решение «ошибкой»`). A cue
with no source (`сообщается, что`, `напомним, что`) is not a quote.
"""
from __future__ import annotations

import re
from bisect import bisect_left, bisect_right, insort
from dataclasses import dataclass
from datetime import date, datetime
from functools import lru_cache

from ..link.roles import Roles  # the roles file is this stage's input
from ..model import Entity, Quote
from ..nlp.pipeline import Parsed, Token
from ..nlp.words import WORD_RUN, lemma, lemmas
from .lexicon import Lexicon, default_lexicon
from .speakers import (DOCUMENT, GENERIC_SOURCES, INDEFINITE, MEDIA, NONE, ORG_HEADS, Attribution, Speakers,
                       closing_mark, phrase_after, phrase_before, phrase_genitive, _is_finite)
from .text import Pair, Sentences, paragraphs, quote_pairs, sentence_start, trim, word_count

# Verbs that pass on someone else's words («цитирует слова X», «приводит слова X»).
QUOTING = frozenset("цитировать процитировать приводить привести".split())
# Verbs whose complement may be a quoted fragment with no «что» («назвал решение «ошибкой»»).
NAMING = frozenset("назвать называть призвать призывать высказаться объяснить объяснять видеть пообещать обещать "
                   "описать описывать охарактеризовать критиковать раскритиковать осуждать осудить".split())
# Verbs whose experiencer is not in the nominative («Ему хотелось бы, чтобы…», «Путина обидело, что…»).
EXPERIENCER = frozenset("хотеться обидеть".split())
# Desire verbs: a cue only with a «чтобы» clause right after them («хотят, чтобы мост отремонтировали…»).
DESIRE = frozenset("хотеть желать".split())


@lru_cache(maxsize=50_000)
def _cue_forms(word: str) -> frozenset[str]:
    """The lemmas a cue may start with at this word: its own, and for a reflexive form the lemma without
    «-ся»/«-сь», since the reflexive passive of a cue is a cue («говорится в отчете комиссии»)."""
    forms = lemmas(word)
    return forms | {f[:-2] for f in forms if f.endswith(("ся", "сь"))}
# Where an organisation publishes («на сайте Кремля», «на странице клуба в сети»).
SITE_NOUNS = frozenset("сайт страница портал канал аккаунт".split())
# Cues that say what someone is accused of with «в том, что», not what anyone said.
ACCUSING = frozenset(("подозревать",))
FIRST_PERSON = frozenset("я мы мне меня мной нам нас нами мой моя моё мое мои наш наша наше наши".split())
# Words that may open a sentence before «по словам X,» without being part of the reported clause.
LINKERS = frozenset("и а но однако также ведь впрочем же".split())
POSSESSIVE = frozenset("его ее её их мой наш собственный".split())
MAX_ATTR = 160  # characters of an attribution between two halves of a cut quote
AGENT_TOKENS = 40  # tokens between «как сообщил» and the comma that closes its agent
# wiki markup ('' … '') may wrap a quotation outside its marks: ''«…»'', — сказала она
_DASH_AFTER = re.compile(r"(?:'{2,3})?\s*(?P<punct>[,.!?…]*)\s*(?P<dash>[—–]|--?)?\s*")
_TRIM_Q = " \t\n\u00a0«»\"“”„'"
# Patterns matched at a position of the text (`pattern.match(text, pos, stop)`), never on a slice of it: a
# slice to the paragraph or text end per quote or cue costs the square of the paragraph on hostile input.
_FIRST_WORD = re.compile(r"\s*(\w+)\s+")
_WORDS_DASH = re.compile(r"(?:'{2,3})?\s*,?\s*[—–]\s*")
_QUOTED_NAME = re.compile(r"[«\"„]([A-ZА-ЯЁ][^«»\"„“.!?]{0,40})[»\"“]")
_DASH_NEXT = re.compile(r"\s*[.,]?\s*[—–]")
_STOPS = re.compile(r"[.!?…]")
_NON_SPACE = re.compile(r"\S")


def _has_words(text: str, a: int, b: int, n: int) -> bool:
    """At least `n` words in text[a:b] (`word_count(text[a:b]) >= n`, stopping at the n-th word)."""
    for _ in WORD_RUN.finditer(text, a, b):
        n -= 1
        if n <= 0:
            return True
    return n <= 0


def _only_linkers(text: str, a: int, b: int) -> bool:
    """Every word of text[a:b] is a linker («и», «однако»), stopping at the first that is not."""
    return all(m.group().lower() in LINKERS for m in WORD_RUN.finditer(text, a, b))


def _skip_space_back(text: str, lo: int, pos: int) -> int:
    """The position after the last non-space character of text[lo:pos] (lo if there is none)."""
    while pos > lo and text[pos - 1].isspace():
        pos -= 1
    return pos


def _skip_forward(text: str, pos: int, hi: int, chars: str) -> int:
    """The first position of text[pos:hi] not among `chars` (hi if there is none)."""
    while pos < hi and text[pos] in chars:
        pos += 1
    return pos


def _last_char(text: str, a: int, b: int) -> str:
    """The last character of text[a:b].rstrip(), without the copy."""
    b = _skip_space_back(text, a, b)
    return text[b - 1] if b > a else ""


class Lazy:
    """A speaker found but not yet resolved: resolution waits until every quote of the article is known,
    then runs in text order, so that pronouns and bare nouns look back at the speakers before them."""

    def __init__(self, fn=None, value: Attribution | None = None) -> None:
        self.fn = fn
        self.value = value

    def __bool__(self) -> bool:
        return self.fn is not None or (self.value is not None and self.value.speaker is not None)

    def get(self) -> Attribution:
        if self.value is None:
            self.value = self.fn() if self.fn else NONE
            self.fn = None
        return self.value


MISSING = Lazy(value=NONE)


@dataclass
class _Cand:
    kind: str
    start: int
    end: int
    cue: str | None
    attr: Lazy
    pos: int  # where the attribution is, for pronoun history


def _cue_text(text: str, toks: list[Token]) -> str:
    return text[toks[0].start:toks[-1].end]


class _Extractor:
    def __init__(self, parsed: Parsed, entities: list[Entity], published, lexicon: Lexicon, roles: Roles | None):
        self.text = parsed.text
        self.lex = lexicon
        self.sp = Speakers(self.text, parsed, entities, published, roles)
        self.tokens = self.sp.tokens
        self._cue_cache: dict[int, int] = {}
        self._antecedent: dict[tuple[int, int], bool] = {}  # (start, sentence start) -> antecedent_start finds one
        self._reach: dict[int, list[int]] = {}  # id of a candidate list -> running maximum of ends, for _overlaps
        self._postposed: dict[int, tuple[int, int | None]] = {}  # clause end -> (from token, cue token), postposed_start
        self.stops = [m.start() for m in _STOPS.finditer(self.text)]  # positions of . ! ? …
        self.para_start = 0
        self.standalone: list[tuple[int, int, int]] = []  # (start, end, paragraph start) of quote paragraphs
        self.direct_starts: list[int] = []  # starts of the direct quotes, sorted, once they are all found

    # --- cues -----------------------------------------------------------------------------------------
    def cue_len(self, k: int, section: str = "verb") -> int:
        """Number of tokens of a lexicon entry starting at token k (0 when none)."""
        key = k if section == "verb" else -k - 1
        if key in self._cue_cache:
            return self._cue_cache[key]
        toks = self.tokens
        n = 0
        t = toks[k]
        if t.text[:1].isalpha():
            for e in self.lex.starting(section, t.text, _cue_forms):
                size = len(e)
                if size == 1:
                    if section != "verb" or t.pos in ("VERB", "AUX", "ADJ", "NOUN", "X"):
                        n = max(n, 1)
                elif k + size <= len(toks) and all(e[m] in lemmas(toks[k + m].text) for m in range(1, size)):
                    n = max(n, size)
        if n and section == "verb" and lemmas(t.text) & DESIRE and not self._before_chtoby(k + n):
            n = 0  # «хотят, чтобы…» is reported wish (rule 14); «хотят уехать» is not speech
        self._cue_cache[key] = n
        return n

    def _before_chtoby(self, k: int) -> bool:
        toks = self.tokens
        if k < len(toks) and toks[k].text.lower() == "бы":
            k += 1  # «хотел бы, чтобы…»
        if k < len(toks) and toks[k].text == ",":
            k += 1
        return k < len(toks) and toks[k].text.lower() == "чтобы"

    def cue_within(self, k: int, stop: int, max_tokens: int = 3) -> tuple[int, int] | None:
        for m in range(k, min(k + max_tokens, len(self.tokens))):
            t = self.tokens[m]
            if t.start >= stop or t.text in ".!?;:«»\"":
                return None
            n = self.cue_len(m)
            if n:
                return m, n
            if _is_finite(t) and m > k and not (t.pos == "AUX" and m + 1 < len(self.tokens)
                                                and self.tokens[m + 1].feats.get("VerbForm") == "Part"):
                return None
        return None

    # --- speakers ---------------------------------------------------------------------------------------
    def agent_after(self, k: int, stop: int, verb: Token) -> Lazy:
        ph = phrase_after(self.sp, k, stop)
        if ph is not None:
            return self.lazy(*ph, verb)
        return self.document_author(k, stop, verb)

    def agent_before(self, k: int, start: int, verb: Token, cross_verb: bool = False) -> Lazy:
        ph = phrase_before(self.sp, k, start, cross_verb)
        if ph is not None:
            return self.lazy(*ph, verb)
        return MISSING

    def lazy(self, i: int, j: int, verb: Token | None = None, kind: str | None = None) -> Lazy:
        def run() -> Attribution:
            attr = self.sp.resolve(i, j, verb=verb)
            if kind and attr.speaker and attr.speaker_type == "unnamed":
                attr = Attribution(attr.speaker, kind, attr.entity, attr.mention)
            return attr
        return Lazy(run)

    def document_author(self, k: int, stop: int, verb: Token, back: int = 0) -> Lazy:
        """«говорится в заявлении МВД», «В сообщении говорится», «В полиции рассказали»: the source named
        by a place or document phrase around an impersonal cue."""
        toks = self.tokens
        lo = k
        # look back to the sentence start at most `back` tokens, never into the sentence before
        while back and lo > 0 and lo > k - back - 8 and toks[lo - 1].text not in ".!?" \
                and self.text.count("\n", toks[lo - 1].end, toks[lo].start) == 0:
            lo -= 1
        for m in range(lo, min(len(toks), k + 6)):
            t = toks[m]
            if t.start >= stop or t.text in ".!?":
                break
            if t.text.lower() == "на" and m + 2 < len(toks) and lemma(toks[m + 1].text) in SITE_NOUNS:
                # «Об этом в среду сообщается на сайте мэрии»: the owner of the site
                gen = phrase_genitive(self.sp, m + 2, stop if m >= k else verb.start)
                if gen is not None and toks[gen[0]].feats.get("Case") in ("Gen", None):
                    return self.lazy(*gen, verb, kind="organization")
            if t.text.lower() in ("в", "во") and m + 1 < len(toks):
                noun = toks[m + 1]
                nl = lemmas(noun.text)
                gen = phrase_genitive(self.sp, m + 2, stop if m >= k else verb.start)
                if noun.text.lower() in POSSESSIVE and m + 2 < len(toks) and lemmas(toks[m + 2].text) & DOCUMENT:
                    return self.lazy(m + 1, m + 2)  # «отмечается в его телеграмме»: the pronoun's referent
                if noun.text.lower() in ("нём", "нем", "ней", "них") and m < k:
                    # «МВД опубликовало комментарий. В нём сказано, что…»: the document of the sentence
                    # before, whose subject wrote it
                    return self.previous_subject(noun.start)
                if nl & DOCUMENT:
                    if gen is not None and toks[gen[0]].feats.get("Case") in ("Gen", None):
                        end = gen[0]
                        while end < gen[1] and toks[end].feats.get("Case") in ("Gen", None) \
                                and toks[end].pos != "ADP":
                            end += 1
                        if end > gen[0]:
                            return self.lazy(gen[0], end, verb)
                    return self.last_speaker(t.start)
                # «В полиции рассказали», «в Кремле заявили»: an institution, not any place («в пижаме»)
                if verb.feats.get("Number") == "Plur" and (
                        noun.pos in ("PROPN", "X") or noun.pos == "NOUN" and nl & ORG_HEADS
                        or any(f[2].type == "ORG" for f in self.sp.mentions_in(noun.start, noun.end))):
                    end = m + 2
                    limit = verb.start if m < k else stop
                    while end < len(toks) and toks[end].pos in ("NOUN", "PROPN", "ADJ") and \
                            toks[end].feats.get("Case") in ("Gen", None) and toks[end].end <= limit:
                        end += 1
                    return self.lazy(m + 1, end, verb, kind="organization")
        return MISSING

    def impersonal(self, verb: Token) -> bool:
        """«сообщается», «говорится», «сказано»: a passive form, or a -ся form that is a cue only through its
        verb without -ся; unlike «признался», it has no one in the nominative who speaks."""
        if verb.feats.get("Voice") == "Pass" and verb.pos in ("VERB", "AUX"):
            return True
        return verb.text.lower().endswith(("ся", "сь")) and not any(
            self.lex.has("verb", (lem,)) for lem in lemmas(verb.text) if lem.endswith(("ся", "сь")))

    def source_clause_start(self, s: int, cue_start: int, agent_end: int) -> int:
        """Where a clause with «по словам X, …» starts: after the attribution when it opens the sentence, else
        the whole clause, attribution included (gold rule 9), without a leading linker."""
        text = self.text
        if _only_linkers(text, s, cue_start):
            return agent_end
        m = _FIRST_WORD.match(text, s, cue_start)
        return m.end() if m and m.group(1).lower() in LINKERS else s

    def according_to(self, j: int, stop: int) -> tuple[Lazy, int, int] | None:
        """The agent after «согласно» as (attribution, end of the agent, end of the cue): a source noun with its
        genitive agent («данным The Times»), or a source named outright («СМИ», «источникам», a named outlet or
        person). A document or rule («указу», «закону») is no agent."""
        toks = self.tokens
        if j >= len(toks):
            return None
        if self.cue_len(j, "source"):
            gen = phrase_genitive(self.sp, j + 1, stop)
            if gen is None:
                return None
            return self.lazy(*gen), toks[gen[1] - 1].end, toks[j].end
        e = j
        while e < len(toks) and toks[e].start < stop and toks[e].text != ",":
            e += 1
        if e == j or e >= len(toks) or toks[e].text != ",":
            return None
        named = any(f[0] <= toks[j + (toks[j].text in "«\"„")].start < f[1] and f[2].type in ("ORG", "PER")
                    for f in self.sp.mentions_in(toks[j].start, toks[e - 1].end))
        head = lemma(toks[j].text)
        if not (named or head in INDEFINITE | GENERIC_SOURCES | MEDIA or toks[j].pos in ("PROPN", "X")):
            return None
        return self.lazy(j, e), toks[e - 1].end, toks[j - 1].end

    def words_of(self, k: int, stop: int) -> Lazy:
        """«слова X» within a few tokens from `k`: the genitive agent X of the words."""
        toks = self.tokens
        for m in range(k, min(k + 4, len(toks))):
            if toks[m].start >= stop or toks[m].text in ",.;:!?":
                break
            if toks[m].text.lower() in ("слова", "словам", "слов") and lemma(toks[m].text) == "слово":
                gen = phrase_genitive(self.sp, m + 1, stop)
                if gen is None or toks[gen[0]].feats.get("Case") not in ("Gen", None):
                    return MISSING
                a, b = gen
                # «цитирует слова директора театра ТАСС»: a name closing the phrase is the verb's
                # subject, the agency that quotes, not part of whose words they are
                for s, e, ent, mention in self.sp.mentions_in(toks[min(a + 1, b - 1)].start, toks[b - 1].end):
                    if ent.type == "ORG" and e >= toks[b - 1].end:
                        b = self.sp.tok_index(s)
                        break
                return self.lazy(a, b) if b > a else MISSING
        return MISSING

    def words_of_after_dash(self, pos: int, stop: int) -> tuple[Lazy, str, int] | None:
        m = _WORDS_DASH.match(self.text, pos, stop)
        if not m:
            return None
        k = self.sp.tok_index(m.end())
        if k >= len(self.tokens):
            return None
        # to the sentence end: the speaker's description may hold a quoted name («командира «Союза» Сомова»)
        # (the first stop from a sorted list of them: a scan per quote cost the square of a paragraph)
        i = bisect_left(self.stops, self.tokens[k].end)
        cend = self.stops[i] if i < len(self.stops) and self.stops[i] < stop else stop
        attr = self.words_of(k, cend)
        if not attr:
            return None
        return attr, "слова", self.tokens[k].start

    def quoted_name(self, p: Pair) -> bool:
        """The marks hold a name (an organisation, a work, a brand): one or two capitalised words, or a
        named entity."""
        inner = self.text[p.start:p.end].strip(_TRIM_Q)
        if any(f[0] <= p.start + 1 and p.end - 1 <= f[1] or 2 * (f[1] - f[0]) >= len(inner)
               for f in self.sp.mentions_in(p.open, p.close + 1) if f[2].type != "PER"):
            return True  # a name the NER found covers (most of) the marks
        return word_count(inner) <= 2 and inner[:1].isupper()

    def inside_name(self, m: int) -> bool:
        """The dot at token `m` is inside a name written without spaces («NEWSru.com», «Лента.ру»)."""
        toks = self.tokens
        return toks[m].text == "." and 0 < m < len(toks) - 1 and toks[m - 1].end == toks[m].start \
            and toks[m + 1].start == toks[m].end and toks[m + 1].text[:1].isalnum()

    def previous_subject(self, pos: int) -> Lazy:
        """The subject of the first verb of the sentence before `pos`, in its paragraph: who wrote the document
        that «В нём сказано» points back at («МВД опубликовало комментарий. В нём…»)."""
        para = self.text.rfind("\n", 0, pos) + 1
        own = sentence_start(self.text, pos, para, [])
        if own <= para:
            return MISSING
        prev = sentence_start(self.text, own - 1, para, [])
        k, end = self.sp.tok_index(prev), self.sp.tok_index(own)
        m = next((m for m in range(k, end) if _is_finite(self.tokens[m])), None)
        ph = phrase_before(self.sp, m, prev) if m is not None else None
        return self.lazy(*ph, self.tokens[m]) if ph else MISSING

    def last_speaker(self, pos: int) -> Lazy:
        def run() -> Attribution:
            for p, attr in reversed(self.sp.history):
                if p < pos:
                    return attr
            return NONE
        return Lazy(run)

    # --- direct -------------------------------------------------------------------------------------------
    def starts_sentence(self, pos: int, para_start: int) -> bool:
        last = _last_char(self.text, para_start, pos)
        return not last or last in ".!?…:»\"—–"

    def dash_attribution(self, pos: int, stop: int, opening: int = -1) -> tuple[int, int, int] | None:
        """A cue right after a closing mark («…», — сказал он», «…», сказал Игорь»): (cue token, length,
        end of the attribution clause)."""
        m = _DASH_AFTER.match(self.text, pos, stop)
        if not m or m.end() >= stop:
            return None
        if not m.group("dash") and "," not in m.group("punct"):
            return None
        if not m.group("dash") and opening >= 0 and not self.starts_sentence(opening, self.para_start):
            return None  # «…, которые «требуют сил», говорит он»: a fragment, not the whole quote
        k = self.sp.tok_index(m.end())
        hit = self.cue_within(k, stop, 3 if m.group("dash") else 1)
        if hit is None:
            return None
        return hit[0], hit[1], m.end()

    def attribution_clause_end(self, k: int, stop: int) -> int:
        """End of a «— сказал он …» attribution: the next sentence end, dash or quotation mark."""
        i = self.tokens[k].end
        while i < stop:
            c = self.text[i]
            if c in "«\"„":
                # a name in quotation marks inside the attribution («— сказал газете «Коммерсант» Сомов»)
                m = _QUOTED_NAME.match(self.text, i, stop)
                if m and word_count(m.group(1)) <= 4 and not _DASH_NEXT.match(self.text, m.end()):
                    i = m.end()
                    continue
                return i
            if c in ".!?…:":
                return i
            if c in "—–" and self.text[i - 1:i] == " ":
                return i
            i += 1
        return stop

    def direct(self, ps: int, pe: int, pairs: list[Pair], cands: list[_Cand]) -> None:
        text = self.text
        prev_attr: tuple[int, Lazy, str | None] | None = None  # (end of attribution, who, cue)
        for n, p in enumerate(pairs):
            qs, qe = p.start, p.end
            if text[qs:qs + 2] == "''":
                qs += 2
            if text[qe - 2:qe] == "''":
                qe -= 2
            content = text[qs:qe]
            pieces: list[tuple[int, int]] = [(qs, qe)]
            attr: Lazy | None = None
            cue = None
            apos = qe
            # an attribution that cuts the quote in two: «A, — написал он. — B»
            for m in re.finditer(r"(?P<pre>[,!?…]?)\s+[—–]\s+", content):
                k = self.sp.tok_index(qs + m.end())
                hit = self.cue_within(k, qe, 3)
                if hit is None:
                    continue
                cend = self.attribution_clause_end(hit[0] + hit[1] - 1, qe)
                rest = re.match(r"[.,:]?\s*[—–]\s*", text[cend:qe])
                if not rest or cend - (qs + m.end()) > MAX_ATTR:
                    continue
                verb = self.tokens[hit[0]]
                attr = self.agent_after(hit[0] + hit[1], cend, verb)
                cue = _cue_text(text, self.tokens[hit[0]:hit[0] + hit[1]])
                apos = verb.start
                a_end = qs + m.start() + (0 if m.group("pre") == "," else len(m.group("pre")))
                pieces = [(qs, a_end), (cend + rest.end(), qe)]
                break
            if attr is None:
                self.para_start = ps
                after = self.dash_attribution(p.close + 1, pe, p.open)
                # what ends the paragraph's text before the marks, found by a scan back over spaces (not by
                # slicing the paragraph up to each pair: a paragraph of thousands of pairs was quadratic)
                k = k0 = _skip_space_back(text, ps, p.open)
                if k - ps >= 2 and text[k - 2:k] == "''":  # «сказала: ''«…»''»
                    while k > ps and text[k - 1] == "'":
                        k -= 1
                    k = _skip_space_back(text, ps, k)
                last = text[k - 1] if k > ps else ""
                words = None if after is not None else self.words_of_after_dash(p.close + 1, pe)
                if words is not None:
                    # «…», — эти слова командира корабля Олега Сомова цитирует ТАСС: whose words they are
                    attr, cue, apos = words
                elif after is not None:
                    k, ln, _ = after
                    verb = self.tokens[k]
                    cend = self.attribution_clause_end(k + ln - 1, pe)
                    attr = MISSING
                    if lemmas(verb.text) & QUOTING:
                        # «— цитирует слова директора театра ТАСС»: the words are the speaker's, the
                        # agency only passes them on
                        attr = self.words_of(k + 1, cend)  # («приводит слова» is one cue of two tokens)
                    if not attr:
                        attr = self.agent_after(k + ln, cend, verb)
                    if not attr and k > 0:
                        # «— это было сказано в обращении компании»
                        attr = self.document_author(k + ln, cend, verb)
                    cue = _cue_text(text, self.tokens[k:k + ln])
                    apos = verb.start
                elif prev_attr is not None and prev_attr[0] <= p.open and re.fullmatch(
                        r"\s*[.,…]?\s*[—–:-]\s*", text[prev_attr[0]:p.open]):
                    # «A», — сказал Трамп. — «B»: the second half has the first half's speaker
                    _, attr, cue = prev_attr
                    apos = p.open
                elif last == "," and (hit := self.comma_attribution(k - 1)):
                    # «…которые «требуют сил», говорит Мальцев, «поэтому я…»»: the attribution before
                    attr, cue, apos = hit
                elif last == ":" or (last in ("—", "–") and p.open == k + 1):
                    attr, cue = self.colon_attribution(ps, p.open, k - 1)
                    if attr is None:
                        continue
                    apos = p.open
                else:
                    # names, titles, scare quotes: marks with no speaker next to them; but a paragraph that is
                    # all quotation is kept aside: it may go on from the report just before it
                    if k0 == ps and _skip_forward(text, p.close + 1, pe, " \t.") == pe \
                            and word_count(content) >= 3:
                        self.standalone.append((qs, qe, ps))
                    continue
            if attr is None:
                continue
            for a, b in pieces:
                a, b = trim(text, a, b, " \t\n\u00a0")
                if b - a < 2 or word_count(text[a:b]) == 0:
                    continue
                if cue is None and word_count(text[a:b]) < 3:
                    continue
                cands.append(_Cand("direct", a, b, cue, attr, apos))
            # where this quote's attribution ends, for a second half in its own marks
            after_pos = p.close + 1
            dm = self.dash_attribution(after_pos, pe)
            if dm is not None:
                prev_attr = (self.attribution_clause_end(dm[0] + dm[1] - 1, pe), attr, cue)
            else:
                prev_attr = None

    def comma_attribution(self, comma: int) -> tuple[Lazy, str, int] | None:
        """«…», говорит X, «…»: a cue that follows a comma and a subject that runs up to `comma`."""
        toks = self.tokens
        kc = self.sp.tok_index(comma)
        for k in range(kc - 1, max(-1, kc - 7), -1):
            if toks[k].text in ",»\"" and k + 1 < kc:
                n = self.cue_len(k + 1)
                if not n:
                    return None
                ph = phrase_after(self.sp, k + 1 + n, comma)
                if ph is None or ph[1] != kc:
                    return None
                verb = toks[k + 1]
                return self.lazy(*ph, verb), _cue_text(self.text, toks[k + 1:k + 1 + n]), verb.start
            if toks[k].text in ".!?:;«":
                return None
        return None

    def dash_speech(self, ps: int, pe: int, cands: list[_Cand]) -> None:
        """A paragraph of speech introduced by a dash: «— A, — сказал он. — B.» (no quotation marks)."""
        text = self.text
        m = re.match(r"\s*[—–-]\s+", text[ps:pe])
        if not m:
            return
        qs = ps + m.end()
        for d in re.finditer(r"(?P<pre>[,!?…])\s+[—–]\s+", text[qs:pe]):
            k = self.sp.tok_index(qs + d.end())
            hit = self.cue_within(k, pe, 3)
            if hit is None:
                continue
            verb = self.tokens[hit[0]]
            cend = self.attribution_clause_end(hit[0] + hit[1] - 1, pe)
            attr = self.agent_after(hit[0] + hit[1], cend, verb)
            if not attr:
                return
            cue = _cue_text(text, self.tokens[hit[0]:hit[0] + hit[1]])
            a_end = qs + d.start() + (0 if d.group("pre") == "," else len(d.group("pre")))
            pieces = [(qs, a_end)]
            rest = re.match(r"[.,:]?\s*[—–]\s+", text[cend:pe])
            if rest:
                b = pe
                while b > cend and text[b - 1] in " \t\n.":
                    b -= 1
                pieces.append((cend + rest.end(), b))
            for a, b in pieces:
                a, b = trim(text, a, b)
                if word_count(text[a:b]) >= 1:
                    cands.append(_Cand("direct", a, b, cue, attr, verb.start))
            return

    def colon_attribution(self, ps: int, open_pos: int, colon: int) -> tuple[Lazy | None, str | None]:
        """The speaker of a quote after a colon: the cue and subject of the sentence the colon ends."""
        s = sentence_start(self.text, colon, ps, [])
        k0 = self.sp.tok_index(s)
        k1 = self.sp.tok_index(colon)
        cue_k = None
        for k in range(k1 - 1, max(k0, k1 - 14) - 1, -1):
            if self.tokens[k].text in "«»\"":
                break  # a quotation between cue and colon: the colon belongs to something else
            n = self.cue_len(k)
            if n or self.cue_len(k, "colon") and not (k > 0 and self.tokens[k - 1].text.lower() in ("по", "на")):
                cue_k = (k, n or self.cue_len(k, "colon"))
                break
        if cue_k is not None:
            k, n = cue_k
            verb = self.tokens[k]
            if self.tokens[k].pos == "NOUN":
                # «Комментарий областного телевидения:», «отрывок из написанного им обращения:»
                gen = phrase_genitive(self.sp, k + n, colon)
                if gen is not None and self.tokens[gen[0]].pos == "ADP":
                    gen = None  # «письмом о переносе сроков»: what the document is about, not who wrote it
                attr = self.lazy(*gen, verb) if gen else MISSING
                if not attr:
                    attr = self.participle_agent(k0, k1)
                if not attr:
                    attr = self.agent_before(k, s, verb, cross_verb=True)
                if not attr:
                    attr = self.last_speaker(self.tokens[k].start)
            else:
                attr = self.agent_before(k, s, verb)
                if not attr:
                    attr = self.agent_after(k + n, colon, verb)
                if not attr:
                    attr = self.document_author(k + n, colon, verb, back=4)
            if attr:
                return attr, _cue_text(self.text, self.tokens[k:k + n])
            return None, None
        # no cue: a named person or organisation as the subject («Олег Сомов: «…»», «Мальцев
        # передумал…: «…»»)
        ph = None
        for k in range(k0, k1):
            t = self.tokens[k]
            if t.pos in ("PROPN", "NOUN") and t.feats.get("Case", "Nom") == "Nom":
                ph = phrase_before(self.sp, k + 1, s)
                break
        if ph is None:
            return None, None
        attr = self.sp.resolve(*ph)
        if attr.entity is None or attr.speaker_type != "person" and attr.speaker_type != "organization":
            return None, None
        return Lazy(value=attr), None

    def participle_agent(self, k0: int, k1: int) -> Lazy:
        """«текст подписанного им обращения:», «отрывок из написанного Сомовым письма:»: the agent of a
        passive participle, in the instrumental right after it, is who wrote the document."""
        toks = self.tokens
        for m in range(k1 - 2, k0 - 1, -1):
            t = toks[m]
            if t.feats.get("VerbForm") != "Part" or t.feats.get("Voice") != "Pass":
                continue
            a = m + 1
            e = a
            while e < k1 and toks[e].feats.get("Case") == "Ins" and (
                    toks[e].pos == "PROPN" or toks[e].pos == "PRON" and e == a):
                e += 1
            if e > a:
                return self.lazy(a, e)
        return MISSING

    def block_quotes(self, paras: list[tuple[int, int]], cands: list[_Cand]) -> None:
        """A paragraph after a colon with no quotation marks (a lost quote template) is a direct quote."""
        text = self.text
        for n, ((ps, pe), nxt) in enumerate(zip(paras, paras[1:])):
            body = text[ps:pe].rstrip()
            if not body.endswith(":"):
                continue
            ns, ne = trim(text, *nxt)
            if ne <= ns or text[ns] in "«\"„“—–-":
                continue
            if text.count("\n", ps + len(body), ns) >= 3:
                continue  # two blank lines after the colon: the quote was lost from the source (gold rule 3)
            if self.has_reported_cue(ns, ne):
                continue
            if text[ne - 1] == ":":
                continue  # a line that introduces a quote of its own («В заявлении говорится:»)
            attr, cue = self.colon_attribution(ps, ns, ps + len(body) - 1)
            if attr is None or cue is None:
                continue
            ne = self.block_continues(paras, n + 1, ne)
            end = ne - 1 if text[ne - 1] == "." else ne
            cands.append(_Cand("direct", ns, end, cue, attr, ps + len(body) - 1))

    def block_continues(self, paras: list[tuple[int, int]], first: int, end: int) -> int:
        """A post or statement quoted as a block may run over several paragraphs: the next ones belong to it
        while they speak in the first person («я», «мы», «мне»…) and report no one else's speech."""
        text = self.text
        for ps, pe in paras[first + 1:]:
            a, b = trim(text, ps, pe)
            if b <= a or text.count("\n", end, a) >= 3 or text[a] in "«\"„“—–-" or text[b - 1] == ":":
                break
            toks = [t for t in self.sp.span_tokens(a, b)]
            first_person = any(t.feats.get("Person") == "1" or t.text.lower() in FIRST_PERSON for t in toks)
            if not first_person or self.has_reported_cue(a, b):
                break
            end = b
        return end

    def has_reported_cue(self, a: int, b: int) -> bool:
        """A paragraph that reports someone's speech itself is narrative, not a block quote; a cue in the
        first person («я уверен, что», «считаю, что») is the quoted speaker's own voice and does not count."""
        toks = self.tokens
        k = self.sp.tok_index(a)
        end = min(b, a + 200)
        while k < len(toks) and toks[k].start < end:
            n = self.cue_len(k)
            if n and self.that_clause(k + n, b) is not None:
                first_person = toks[k].feats.get("Person") == "1" or k > 0 and \
                    toks[k - 1].text.lower() in ("я", "мы")
                if not first_person:
                    return True
            k += 1
        return False

    def headline(self, paras: list[tuple[int, int]], cands: list[_Cand]) -> None:
        """«Сомов: Мы продолжим работу…»: a name and a colon opening a paragraph without marks."""
        text = self.text
        for ps, pe in paras[:1]:
            m = re.match(r"([^\W\d][\w\-. ]{1,40}?):\s+(?=[^\s«\"„“])", text[ps:pe])
            if not m:
                continue
            found = [f for f in self.sp.mentions_in(ps, ps + m.end(1)) if f[2].type == "PER"]
            if not found or found[0][0] != ps:
                continue
            a, b = trim(text, ps + m.end(), pe)
            if text[b - 1:b] == ".":
                b -= 1
            if word_count(text[a:b]) >= 3:
                s, e, ent, mention = found[0]
                cands.append(_Cand("direct", a, b, None,
                                   Lazy(value=Attribution(ent.name, "person", ent.id, mention)), ps))

    # --- reported -------------------------------------------------------------------------------------------
    def that_clause(self, k: int, stop: int) -> int | None:
        """Token index of the first word after «, что» / «, чтобы» / «о том, что» following a cue at most a
        few words away («сообщила СМИ, что», «заявил в понедельник, что»), or None."""
        toks = self.tokens
        m, end = k, min(k + 8, len(toks))
        while m < end:
            t = toks[m]
            if t.text in "«\"„":
                # a media or organisation name in quotation marks as the addressee («рассказал „Фонтанке“, что»)
                close = closing_mark(toks, m + 1, 5)
                if close is not None and close + 1 < len(toks) and toks[close + 1].text == ",":
                    end = min(end + close - m, len(toks))
                    m = close + 1
                    continue
            if t.start >= stop or t.text in ".!?;:«»\"" or (_is_finite(t) and m > k):
                return None
            low = t.text.lower()
            if low in ("что", "чтобы") and m > k and toks[m - 1].text == ",":
                return m + 1
            if low in ("что", "чтобы") and m == k:
                return m + 1
            # «о том, что», «на том, что» (настаивал), «на то, что» (сослался), «в том, что» (уверен); but
            # «его подозревают в том, что» says what someone is accused of, not what anyone said (gold rule 16),
            # and «несмотря на то, что» is a concession
            if low in ("о", "об", "на", "в", "к") and m + 3 < len(toks) \
                    and toks[m + 1].text.lower() in ("том", "то", "тому") \
                    and toks[m + 2].text == "," and toks[m + 3].text.lower() in ("что", "чтобы"):
                if low == "в" and k > 0 and lemmas(toks[k - 1].text) & ACCUSING \
                        or m > 0 and toks[m - 1].text.lower() == "несмотря":
                    return None
                return m + 4
            if low == "тем" and m + 2 < len(toks) and toks[m + 1].text == "," \
                    and toks[m + 2].text.lower() == "что":
                return m + 3
            m += 1
        return None

    def reported(self, ps: int, pe: int, pairs: list[Pair], direct: list[_Cand], cands: list[_Cand]) -> None:
        text, toks = self.text, self.tokens
        k = self.sp.tok_index(ps)
        taken_until = -1
        opens = [p.open for p in pairs]
        sentences = Sentences(text, ps, pe, pairs)  # the sentence around each cue, in linear time
        para_ends: list[int] = []  # sorted ends of this paragraph's reports, for antecedent_start

        lo, hi = bisect_left(self.direct_starts, ps), bisect_left(self.direct_starts, pe)
        spans = sorted([(p.start, p.end) for p in pairs] + [(d.start, d.end) for d in direct[lo:hi]])
        reach = []  # running maximum of span ends, so one binary search answers «inside any span?»
        for _, b in spans:
            reach.append(max(b, reach[-1]) if reach else b)
        span_starts = [a for a, _ in spans]

        def in_quote(pos: int) -> bool:
            i = bisect_right(span_starts, pos) - 1
            return i >= 0 and pos < reach[i]

        def add(start: int, end: int, cue: str, attr: Lazy, apos: int) -> None:
            nonlocal taken_until
            a, b = trim(text, start, end, " \t\n\u00a0,")
            if b > a and text[b - 1] == "." and text[b - 2:b] != "..":
                b -= 1
            if a < b and text[a] in "«\"„" and _closing_at(pairs, opens, a, b):
                a, b = a + 1, b - 1  # a clause wholly in quotation marks keeps no marks (rule 6)
            # (the speaker first: a clause without one is dropped before its words are counted, which for a
            # cue-dense paragraph would be a count to the paragraph end per cue)
            if not attr or not _has_words(text, a, b, 2):
                return
            b = self.coordinated_end(a, b)
            cands.append(_Cand("indirect", a, b, cue, attr, apos))
            if b < ps:
                para_ends.clear()  # (antecedent_start looks back no further than a report before ps)
            else:
                insort(para_ends, b)
            taken_until = max(taken_until, b)

        while k < len(toks) and toks[k].start < pe:
            t = toks[k]
            if t.start < taken_until or in_quote(t.start):
                k += 1
                continue
            low = t.text.lower()
            # «со слов X» is «по словам X» too (a witness's, a relative's account)
            source_noun = k + 1 < len(toks) and (low in ("по", "на", "пр")
                                                 or low in ("со", "с") and lemma(toks[k + 1].text) == "слово")
            n = self.cue_len(k)
            if not n and not source_noun and low != "согласно":
                k += 1
                continue
            s = sentences.start(t.start)
            send = sentences.end(t.start)
            # по словам X, … / по мнению X / на его взгляд / по данным X
            if source_noun:
                j = k + 1
                poss = None
                while j < len(toks) and toks[j].text.lower() in POSSESSIVE and j < k + 3:
                    if toks[j].text.lower() in ("его", "ее", "её", "их"):
                        poss = j
                    j += 1
                # «титул чемпиона по версии WBA», «лучший альбом года по версии журнала»: right after a noun
                # the phrase qualifies that noun; an attribution opens its clause or stands between commas
                qualifier = k > 0 and toks[k - 1].pos == "NOUN" and toks[k - 1].start >= s
                if j < len(toks) and not qualifier and self.cue_len(j, "source") \
                        and (low != "на" or "взгляд" in lemmas(toks[j].text)):
                    if poss is not None:
                        attr = self.lazy(poss, poss + 1)
                        agent_end = toks[j].end
                    else:
                        gen = phrase_genitive(self.sp, j + 1, send)
                        if gen is None or toks[gen[0]].feats.get("Case") not in ("Gen", None):
                            k += 1
                            continue
                        app = self.apposed_name(*gen, send)
                        if app is not None:
                            gen = app  # «по словам одного из организаторов, священника Олега Сомова, …»
                        attr = self.lazy(*gen)
                        agent_end = toks[gen[1] - 1].end
                    cue = text[t.start:toks[j].end]
                    # «По информации представителей ООН, …, сообщает РБК»: the postposed source reports the
                    # whole sentence, so this clause ends before it and the outer report keeps it (rule 11)
                    add(self.source_clause_start(s, t.start, agent_end), self.postposed_start(j, send), cue, attr,
                        t.start)
                    k = j + 1
                    continue
            if low == "согласно" and (agent := self.according_to(k + 1, send)) is not None:
                # «Согласно СМИ, …», «согласно данным The Times, …»; not «согласно указу» (gold rule 15)
                attr, agent_end, cue_end = agent
                add(self.source_clause_start(s, t.start, agent_end), self.postposed_start(k, send),
                    text[t.start:cue_end], attr, t.start)
                k += 1
                continue
            if not n:
                k += 1
                continue
            verb = t
            after_cue = k + n
            if verb.feats.get("Person") == "1" or verb.feats.get("Mood") == "Imp":
                k += 1  # the author's own voice: «Напомним, что…», «Отметим, что…»
                continue
            # «Как сообщил X, …», «как 28 июля определил суд, …» (a date or adverb between «как» and the cue)
            kak = next((m for m in range(k - 1, max(-1, k - 7), -1) if toks[m].start >= s and
                        toks[m].text.lower() == "как"), None)
            if kak is not None and not any(x.text in ",;:«»\"" or _is_finite(x) for x in toks[kak + 1:k]) \
                    and (kak == 0 or toks[kak - 1].text != "так"):
                # the agent of «как сообщил X» is a few words long: a comma further than AGENT_TOKENS is not this
                # attribution's, and a text with no punctuation must not cost a scan to its end per «как»
                comma = next((m for m in range(after_cue, min(len(toks), after_cue + AGENT_TOKENS))
                              if toks[m].text in ",:." and not self.inside_name(m) or toks[m].start >= send), None)
                if comma is not None and toks[comma].text == ",":
                    # «Как сообщается, …» has no agent: what follows is already the report. A reflexive verb
                    # of the lexicon («Как признался Сомов») does have one.
                    attr = MISSING if self.impersonal(verb) else self.agent_after(after_cue, toks[comma].start, verb)
                    if not attr:
                        attr = self.document_author(after_cue, toks[comma].start, verb)
                    cue = text[toks[kak].start:toks[k + n - 1].end]
                    if not _only_linkers(text, s, toks[kak].start) and _last_char(text, s, toks[kak].start) == ",":
                        # inside its clause («Его компанию, как определил суд, экспроприировали»): the whole
                        # clause, attribution included (gold rule 9)
                        add(s, send, cue, attr, verb.start)
                    else:
                        add(toks[comma].end, send, cue, attr, verb.start)
                    k = comma + 1
                    continue
            that = self.that_clause(after_cue, send)
            if that is not None and that < len(toks):
                # a noun cue («распространил заявление о том, что») or a gerund («…, заявляя, что») takes the
                # subject of the verb before it
                # an impersonal cue («сказано, что», «говорится, что») has no subject: only a document or
                # a place named beside it gives the source («В докладе указано, что…»)
                attr = MISSING if self.impersonal(verb) else self.agent_before(
                    k, s, verb, cross_verb=verb.pos == "NOUN" or verb.feats.get("VerbForm") == "Conv")
                if not attr and verb.feats.get("VerbForm") == "Conv":
                    attr = self.gerund_subject(k, s, verb)
                if not attr and verb.pos != "NOUN" and not self.impersonal(verb):
                    attr = self.agent_after(after_cue, toks[that - 1].start, verb)
                if not attr and (lemmas(verb.text) & EXPERIENCER or verb.pos == "NOUN"):
                    attr = self.experiencer(k, s, verb)
                if not attr:
                    attr = self.document_author(after_cue, toks[that - 1].start, verb, back=5)
                end = self.postposed_start(that, send)
                if verb.feats.get("VerbForm") == "Conv":
                    end = self.parallel_gerund(that, end)
                add(toks[that].start, end, _cue_text(text, toks[k:k + n]), attr, verb.start)
                k = that
                continue
            # postposed: «…, сообщил X.» / «…», заявил глава КНР.
            if k > 0 and toks[k - 1].text == "," and toks[k - 1].start > s and not self.anaphoric(k, n, s):
                attr = self.agent_after(after_cue, send, verb)
                ph = phrase_after(self.sp, after_cue, send)
                tail = text[toks[ph[1] - 1].end:send] if ph is not None else ""
                if attr and ph is not None and _is_finite(verb) and re.match(r"\s*,(?!\s*[«\"„])", tail) \
                        and _has_words(text, s, toks[k - 1].start, 1) \
                        and any(_is_finite(x) for x in toks[ph[1]:self.sp.tok_index(send)]) \
                        and self.postposed_start(ph[1], send) == send:
                    # parenthetical: «Без сомнения, пишет газета, речь идёт о…»: the whole clause,
                    # attribution included (gold rule 9)
                    add(s, send, _cue_text(text, toks[k:k + n]), attr, verb.start)
                    k = after_cue
                    continue
                if attr and (ph is None or re.fullmatch(r"\s*(?:[,:]\s*[«\"„].*|:\s*)?", tail, re.S)
                             or _is_finite(verb) and self.adverbial_tail(ph[1], send)):
                    body_a, body_b = s, toks[k - 1].start
                    i = bisect_left(self.direct_starts, body_a)  # «…», — эти слова X цитирует ТАСС
                    whole_quote = any(p.open == body_a and p.close >= body_b - 2 for p in pairs) or (
                        i < len(self.direct_starts) and self.direct_starts[i] <= body_a + 3)
                    if not whole_quote and _has_words(text, body_a, body_b, 3):
                        add(body_a, body_b, _cue_text(text, toks[k:k + n]), attr, verb.start)
                        k = after_cue
                        continue
            # anaphoric: «Об этом заявил X», «О своих планах Сомов рассказал», «сообщила об этом»
            if self.anaphoric(k, n, s):
                if self.coordinated_predicate(k, s):
                    # «Сомова подала в отставку и сообщила об этом журналистам»: «этом» is the verb before
                    k = after_cue
                    continue
                attr = self.agent_before(k, s, verb)
                if not attr:
                    attr = self.agent_after(after_cue, send, verb)
                if attr and s > ps:
                    a = self.antecedent_start(ps, s, para_ends)
                    if a is not None:
                        add(a, s, _cue_text(text, toks[k:k + n]), attr, verb.start)
                elif attr and s == ps:
                    # «Об этом сообщил X» opening its paragraph: the paragraph before, when it is a sentence
                    # of the body that no attribution has claimed (a headline or caption is no antecedent)
                    prev = self.previous_paragraph(ps, (cands, direct))
                    if prev is not None:
                        add(*prev, _cue_text(text, toks[k:k + n]), attr, verb.start)
                k = after_cue
                continue
            # a quoted fragment as the complement of a naming verb (mixed quote)
            # («призвали не запрещать «Братьев-мусульман»»: a name in quotation marks is no fragment of speech)
            # (the pairs opening in the clause only, found by bisection: a paragraph of many marks and naming
            # verbs must not cost pairs × verbs)
            if lemmas(verb.text) & NAMING and after_cue < len(toks) and any(
                    not self.quoted_name(p) for p in
                    pairs[bisect_left(opens, toks[after_cue].start):bisect_left(opens, send)]):
                attr = self.agent_before(k, s, verb)
                if attr and after_cue < len(toks):
                    add(toks[after_cue].start, send, _cue_text(text, toks[k:k + n]), attr, verb.start)
                    k = after_cue
                    continue
            k += 1

    def previous_paragraph(self, ps: int, cands: tuple[list[_Cand], ...]) -> tuple[int, int] | None:
        text = self.text
        b = ps
        while b > 0 and text[b - 1] in " \t\n\u00a0":
            b -= 1
        if b == 0 or text[b - 1] not in ".!?…":
            return None
        a = text.rfind("\n", 0, b) + 1
        if a == 0:
            return None  # the first paragraph is the headline
        if any(self._overlaps(group, a, b) for group in cands):
            return None
        if self.speech_verb_in(sentence_start(text, b - 1, a, []), b):
            return None  # its own speech verb («подтвердили украинские источники») reports it
        return a, b

    def _overlaps(self, cands: list[_Cand], a: int, b: int) -> bool:
        """Some candidate of the list overlaps [a, b): `any(c.start < b and a < c.end for c in cands)`, looking
        back from the newest only while an older one can still end after `a` (by the running maximum of the
        ends in list order, kept per list as it grows): a scan of all of them per paragraph cost the square."""
        reach = self._reach.setdefault(id(cands), [])
        for c in cands[len(reach):]:
            reach.append(max(c.end, reach[-1]) if reach else c.end)
        for i in range(len(cands) - 1, -1, -1):
            if reach[i] <= a:
                return False
            c = cands[i]
            if c.start < b and a < c.end:
                return True
        return False

    def speech_verb_in(self, a: int, b: int) -> bool:
        """A finite speech verb of the lexicon between character positions a and b."""
        k = self.sp.tok_index(a)
        while k < len(self.tokens) and self.tokens[k].start < b:
            if _is_finite(self.tokens[k]) and self.cue_len(k):
                return True
            k += 1
        return False

    def postposed_start(self, a: int, send: int) -> int:
        """Where a clause from token `a` ends: before a postposed attribution that closes the sentence
        («…, что семья получала угрозы, сообщает газета»), which reports the whole sentence, or at `send`."""
        toks = self.tokens
        # Whether a cue at token m closes the sentence depends on m and `send` only, so the answer for `a` holds
        # for every later `a` up to it: each clause is scanned once, not once per cue in it (cue-dense text).
        known = self._postposed.get(send)
        if known is not None and known[0] <= a and (known[1] is None or a + 1 <= known[1]):
            found = known[1]
        else:
            found = None
            m = a + 1
            while m < len(toks) and toks[m].start < send:
                if toks[m - 1].text == "," and _is_finite(toks[m]) and (n := self.cue_len(m)):
                    ph = phrase_after(self.sp, m + n, send)
                    if ph is not None and ph[1] >= len(toks) or ph is not None and toks[ph[1]].start >= send:
                        found = m
                        break
                m += 1
            self._postposed[send] = (a, found)
        return send if found is None else toks[found - 1].start

    def gerund_subject(self, k: int, s: int, verb: Token) -> Lazy:
        """A gerund cue («…, считая, что …») says what the subject of its main verb thinks. Where the verb
        next to it has no subject of its own («Петрова согласилась, хотя долго отказывалась, считая,
        что…»), the subject of an earlier verb of the sentence is the one."""
        toks = self.tokens
        seen = 0
        for m in range(k - 1, -1, -1):
            if toks[m].start < s or seen >= 3:
                break
            if _is_finite(toks[m]):
                seen += 1
                ph = phrase_before(self.sp, m, s)
                if ph is not None and ph[1] <= m:
                    return self.lazy(*ph, verb)
        return MISSING

    def parallel_gerund(self, k: int, stop: int) -> int:
        """«…, посчитав, что цель достигнута, и также выразив поддержку коллеге»: a second gerund joined by
        «и» goes with the main verb, not with the reported clause; the clause ends before it."""
        toks = self.tokens
        for m in range(k, len(toks)):
            if toks[m].start >= stop:
                break
            if toks[m].text.lower() == "и":
                f = m + 1
                while f < len(toks) and (toks[f].pos in ("ADV", "PART") or toks[f].text == ","):
                    f += 1
                if f < len(toks) and toks[f].start < stop and toks[f].feats.get("VerbForm") == "Conv":
                    return toks[m - 1].end if toks[m - 1].text != "," else toks[m - 2].end
        return stop

    def apposed_name(self, i: int, e: int, stop: int) -> tuple[int, int] | None:
        """A person's name set off by commas after a source that names no one («по словам одного из
        участников, депутата Олега Сомова, …»): the tokens from the comma to the end of the name, when the
        apposition is in the source's (genitive) case and a comma closes it."""
        toks, sp = self.tokens, self.sp
        if e + 2 >= len(toks) or toks[e].text != "," or toks[e + 1].start >= stop:
            return None
        if any(m[2].type == "PER" for m in sp.mentions_in(toks[i].start, toks[e - 1].end)):
            return None
        if toks[e + 1].feats.get("Case") not in ("Gen", None) or toks[e + 1].pos not in ("NOUN", "PROPN"):
            return None
        for f in range(e + 1, min(len(toks), e + 12)):
            t = toks[f]
            if t.start >= stop or t.text in ".!?;:«»\"" or _is_finite(t) or t.pos in ("CCONJ", "SCONJ", "VERB"):
                return None
            if t.text == ",":
                found = [m for m in sp.mentions_in(toks[e + 1].start, toks[f - 1].end)
                         if m[2].type == "PER" and m[3].kind == "name" and m[1] == toks[f - 1].end]
                return (e + 1, f) if found else None
        return None

    def adverbial_tail(self, k: int, stop: int) -> bool:
        """What follows a postposed speaker is only circumstance: «…, пишет «Вечерний Ржев» со ссылкой на
        пресс-службу мэрии», «…, сказал Лаптев на брифинге во вторник» (prepositional phrases, no verb, no second
        clause)."""
        toks = self.tokens
        if k >= len(toks) or toks[k].start >= stop or toks[k].pos != "ADP":
            return False
        while k < len(toks) and toks[k].start < stop:
            t = toks[k]
            if _is_finite(t) or t.pos == "CCONJ" or t.text in ",:;«»\"„" or t.text.lower() in ("что", "чтобы"):
                return False
            k += 1
        return True

    def experiencer(self, k: int, s: int, verb: Token) -> Lazy:
        """«Ему хотелось бы, чтобы…», «Путина обидело, что…», «У него есть надежды, что…»."""
        for m in range(k - 1, max(-1, k - 6), -1):
            t = self.tokens[m]
            if t.start < s:
                break
            after_prep = m > 0 and self.tokens[m - 1].pos == "ADP"  # «в частности» is nobody
            if t.pos in ("PRON", "PROPN", "NOUN") and (verb.pos != "NOUN" and not after_prep
                                                       or self.tokens[m - 1].text.lower() == "у"):
                return self.lazy(m, m + 1, verb)
        return MISSING

    def coordinated_end(self, a: int, b: int) -> int:
        """A reported clause stops before «, и/а/но/однако» that opens someone else's reaction, a clause with
        its own subject and speech verb («…, однако правительство это не подтвердило»)."""
        toks = self.tokens
        k = self.sp.tok_index(a)
        depth = 0
        while k + 2 < len(toks) and toks[k].end <= b:
            t = toks[k]
            if t.text in "«„":
                depth += 1
            elif t.text in "»“":
                depth = max(0, depth - 1)
            elif depth == 0 and t.text == "," and toks[k + 1].text.lower() in ("и", "а", "но", "однако") \
                    and toks[k + 2].text.lower() not in ("что", "чтобы"):
                m = k + 2
                subject = False
                while m < len(toks) and toks[m].end <= b and not _is_finite(toks[m]):
                    if toks[m].pos in ("NOUN", "PROPN", "PRON") and toks[m].feats.get("Case") == "Nom":
                        subject = True
                    m += 1
                # «…, однако министерство это не подтвердило»: a clause whose own verb reports speech
                # is someone else's reaction, not more of the statement. Any other clause, even with a subject
                # of its own («…, а подсудимый только стоял у двери»), is most often still what was said.
                if subject and m < len(toks) and toks[m].end <= b and _is_finite(toks[m]) and self.cue_len(m):
                    return t.start
            if depth == 0 and (end := self._speaker_goes_on(k, a, b)) is not None:
                return end
            k += 1
        return b

    def _speaker_goes_on(self, k: int, a: int, b: int) -> int | None:
        """Where the reported clause ends when token k opens the speaker's next act of speech, with no
        subject of its own: «…, и выразил сомнение, что…», «… и добавил, что…», «…, однако напомнил…»,
        «…, уточнив, что…». The verb shares the cue's subject (it coordinates with the cue, not with a verb
        inside the clause), so the clause runs on into the next statement only by a missing comma rule. A
        clause that already holds a speech verb of its own («…, что Сомов рассказал об этом и добавил…») is
        left whole: there the second verb may be the inner speaker's."""
        toks = self.tokens
        t = toks[k]
        low = t.text.lower()
        if low in ("и", "однако", "а", "но"):
            m = k + 1
            while m < len(toks) and toks[m].end <= b and toks[m].pos in ("ADV", "PART") \
                    and toks[m].text.lower() not in ("не", "ни"):
                m += 1
            if not (m < len(toks) and toks[m].end <= b and _is_finite(toks[m]) and self.cue_len(m)):
                return None
            end = toks[k - 2].end if k > 1 and toks[k - 1].text == "," else toks[k - 1].end
        elif t.text == "," and k + 1 < len(toks) and toks[k + 1].end <= b \
                and toks[k + 1].feats.get("VerbForm") == "Conv" and self.cue_len(k + 1):
            end = toks[k - 1].end  # «…, отметив, что…»: the gerund is the speaker's, what follows another report
        else:
            return None
        first = self.sp.tok_index(a)
        if any(_is_finite(x) and self.cue_len(i) for i, x in enumerate(toks[first:k], first)):
            return None
        return end if _has_words(self.text, a, end, 2) else None

    def anaphoric(self, k: int, n: int, s: int) -> bool:
        toks = self.tokens
        lo = max(0, k - 12)
        window = [t.text.lower() for t in toks[lo:k + n + 3] if t.start >= s]
        joined = " ".join(window)
        return bool(re.search(r"\bоб? (этом|своих \w+|своем \w+|своём \w+)\b|"
                              r"\bэт(у|и|о) (информацию|данные|сведения|новость|сообщение|известие)\b", joined))

    def coordinated_predicate(self, k: int, s: int) -> bool:
        """The cue is the second of two verbs joined by «и» in its own sentence («подала в отставку и
        сообщила об этом»), so what «об этом» reports is the first verb's action, not earlier sentences."""
        toks = self.tokens
        m = k - 1
        while m >= 0 and toks[m].start >= s and toks[m].pos in ("ADV", "PART"):
            m -= 1
        if m < 0 or toks[m].start < s or toks[m].text.lower() not in ("и", "а", "но"):
            return False
        f = m - 1  # (back to the sentence start only: scanning every token before it cost the square)
        while f >= 0 and toks[f].start >= s:
            if _is_finite(toks[f]):
                return True
            f -= 1
        return False

    def antecedent_start(self, ps: int, s: int, ends: list[int]) -> int | None:
        """Start of the sentences an anaphoric cue reports: back to the paragraph start, or to the end of the
        nearest sentence that has its own attribution (`ends`: the sorted ends of the paragraph's reports)."""
        i = bisect_right(ends, s) - 1
        start = max(ps, ends[i] + 1) if i >= 0 else ps
        if (start, s) not in self._antecedent:
            # (once per sentence: many cues in one sentence would each scan the sentence before it again)
            # a sentence with a speech verb of its own («сообщил о разводе») is its own report, even where its
            # complement made no quote: the anaphoric cue has nothing left to point back at (gold rule 12)
            prev = sentence_start(self.text, s - 1, start, []) if s - 1 > start else start
            self._antecedent[(start, s)] = not self.speech_verb_in(prev, s) \
                and _NON_SPACE.search(self.text, start, s) is not None
        return start if self._antecedent[(start, s)] else None


def _closing_at(pairs: list[Pair], opens: list[int], a: int, b: int) -> bool:
    """A pair opens at `a` and closes at `b - 1` (`opens`: the pairs' opening positions, sorted)."""
    i = bisect_left(opens, a)
    return i < len(pairs) and pairs[i].open == a and pairs[i].close == b - 1


def _outside(direct: list[_Cand], indirect: list[_Cand]) -> list[_Cand]:
    """The direct quotes that no reported clause contains (by the running maximum of the reports' ends)."""
    spans = sorted((i.start, i.end) for i in indirect)
    starts = [a for a, _ in spans]
    reach: list[int] = []
    for _, b in spans:
        reach.append(max(b, reach[-1]) if reach else b)
    out = []
    for d in direct:
        i = bisect_right(starts, d.start) - 1
        if i < 0 or reach[i] + 1 < d.end:
            out.append(d)
    return out


def _outermost(cands: list[_Cand]) -> list[_Cand]:
    """Drop each report whose span and cue lie inside a longer report. Sorted by start, a report can only be
    inside one that starts at or before it and is still open, so each is compared with the open ones only."""
    out, open_ = [], []
    for c in sorted(cands, key=lambda c: (c.start, -(c.end - c.start))):
        open_ = [o for o in open_ if o.end > c.start]
        if not any(o.start <= c.start and c.end <= o.end and o.start <= c.pos < o.end
                   and o.end - o.start > c.end - c.start for o in open_):
            out.append(c)
        open_.append(c)
    return out


def extract_quotes(parsed: Parsed, entities: list[Entity], published: date | datetime | None = None,
                   lexicon: Lexicon | None = None, roles: Roles | None = None,
                   paras: list[tuple[int, int]] | None = None,
                   all_pairs: list[list[Pair]] | None = None) -> list[Quote]:
    """`paras` and `all_pairs` (the paragraphs and each one's mark pairs) may be passed by a caller that has
    them already (the learned extractor reads them too), so they are scanned once."""
    ex = _Extractor(parsed, entities, published, lexicon or default_lexicon(), roles)
    text = parsed.text
    if paras is None:
        paras = paragraphs(text)
    if all_pairs is None:
        all_pairs = [quote_pairs(text, ps, pe) for ps, pe in paras]
    direct: list[_Cand] = []
    ex.headline(paras, direct)
    for (ps, pe), pairs in zip(paras, all_pairs):
        ex.direct(ps, pe, pairs, direct)
        if not pairs:
            ex.dash_speech(ps, pe, direct)
    ex.block_quotes(paras, direct)
    direct.sort(key=lambda c: c.start)
    ex.direct_starts = [d.start for d in direct]
    indirect: list[_Cand] = []
    for (ps, pe), pairs in zip(paras, all_pairs):
        ex.reported(ps, pe, pairs, direct, indirect)
    # a report inside another report's clause («…, соседи заявляют, что…, сообщает газета») is part of
    # the outer one: only the outermost attribution is a quote (gold rule 11)
    indirect = _outermost(indirect)
    # «Х сказал, что …» and then a paragraph that is all quotation: the words go on from that report (cf.
    # gold rule 13, a verbatim continuation whose speaker is clear from the sentence before), cue null
    by_end = sorted(direct + indirect, key=lambda c: c.end)  # (a continuation can go on from another)
    ends = [c.end for c in by_end]
    for a, b, ps in ex.standalone:
        gap = ps
        while gap > 0 and text[gap - 1] in " \t\n":
            gap -= 1
        prev = text.rfind("\n", 0, gap)
        i = bisect_right(ends, ps) - 1
        while i >= 0 and ends[i] > prev and by_end[i].start <= prev:
            i -= 1  # the last quote that ends in the paragraph before, and starts in it too
        if i < 0 or ends[i] <= prev:
            continue
        last = by_end[i]
        if not text[last.end:ps].strip(" \t\n.»\"“") and text.count("\n", last.end, ps) <= 2:
            cont = _Cand("direct", a, b, None, last.attr, a)
            direct.append(cont)
            j = bisect_right(ends, cont.end)
            ends.insert(j, cont.end)
            by_end.insert(j, cont)
    # a quoted fragment inside reported speech is part of it (mixed quote), not a quote of its own
    kept = _outside(direct, indirect)
    # speakers resolve in the order of their attributions, each seeing the ones before it
    resolved: dict[int, Attribution] = {}
    for c in sorted(kept + indirect, key=lambda c: c.pos):
        attr = c.attr.get()
        resolved[id(c)] = attr
        ex.sp.remember(c.pos, attr)
    out = []
    for c in sorted(kept + indirect, key=lambda c: (c.start, c.kind)):
        a = resolved[id(c)]
        if a.entity in ex.sp.better_names:
            a = Attribution(ex.sp.better_names[a.entity], a.speaker_type, a.entity, a.mention)
        out.append(Quote(c.kind, c.start, c.end, text[c.start:c.end], a.speaker, a.speaker_type,
                         a.entity, c.cue, a.mention))
    return out
