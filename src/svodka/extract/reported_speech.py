"""Reported speech: a cue from the lexicon with its source and its clause: `X заявил, что …`, `по словам X,
…`, `как сообщил X, …`, postposed `…, сообщил X`, anaphoric `Об этом заявил X` (the sentences before it in
the paragraph), and a quoted fragment after a naming verb (`назвал решение «ошибкой»`). A cue with no source
(`сообщается, что`, `напомним, что`) is not a quote."""
from __future__ import annotations

import re
from bisect import bisect_left, bisect_right, insort
from collections.abc import Callable
from dataclasses import dataclass, field

from ..nlp.pipeline import Token
from ..nlp.words import WORD_RUN, lemma, lemmas
from .quote_agents import Agents
from .quote_cues import SPOKEN_NOUN, cue_forms, first_person
from .quote_common import MISSING, POSSESSIVE, SIGNATURE_TOKENS, Cand, Lazy, cue_text, last_char
from .speakers import glued_dot, initial_dot, is_finite, phrase_after, phrase_genitive
from .text import Pair, Sentences, sentence_start, trim, word_count


# Verbs whose complement may be a quoted fragment with no «что» («назвал решение «ошибкой»»).
NAMING = frozenset("назвать называть призвать призывать высказаться объяснить объяснять видеть пообещать обещать "
                   "описать описывать охарактеризовать критиковать раскритиковать осуждать осудить".split())

# Verbs whose experiencer is not in the nominative («Ему хотелось бы, чтобы…», «Путина обидело, что…»).
EXPERIENCER = frozenset("хотеться обидеть".split())

# Words that may open a sentence before «по словам X,» without being part of the reported clause.
LINKERS = frozenset("и а но однако также ведь впрочем же".split())

AGENT_TOKENS = 40  # tokens between «как сообщил» and the comma that closes its agent

_TRIM_Q = " \t\n\u00a0«»\"“”„'"
# the first words of the patterns that open a report without a lexicon cue at its first word: a source noun
# after a preposition («по словам X», «на его взгляд»), «со слов X», «согласно X»
_SOURCE_PREPOSITIONS = ("по", "на", "пр")
_FROM_WORDS = ("со", "с")
_OPENING_WORDS = frozenset((*_SOURCE_PREPOSITIONS, *_FROM_WORDS, "согласно"))

# What `ReportedSpeech.openers` reads of a word (a function of the word and the lexicon), remembered across
# the articles of a process: asking it of each distinct word of each article was 3 % of the quote step.
_OPENS, _SPOKEN = 1, 2
_FLAGS_MEMO = 100_000


class _WordFlags:
    """Word → _OPENS (it may start a cue of the lexicon's `verb` section, or a source-noun or «согласно»
    pattern) | _SPOKEN (a noun for what was said, SPOKEN_NOUN), for one index of that section."""

    def __init__(self, index: dict) -> None:
        self.index, self.firsts, self.flags = index, frozenset(index), {}

    def of(self, distinct: set[str]) -> dict[str, int]:
        """The flags of these distinct words (and of every word asked before)."""
        flags, firsts = self.flags, self.firsts
        for w in distinct.difference(flags):
            low = w.lower()
            flags[w] = (_OPENS if low in _OPENING_WORDS or w[:1].isalpha() and not cue_forms(w).isdisjoint(firsts)
                        else 0) | (_SPOKEN if SPOKEN_NOUN.fullmatch(low) else 0)
        return flags


_word_flags: _WordFlags | None = None


def word_flags(index: dict) -> _WordFlags:
    """The memo for the lexicon whose `by_first("verb")` is `index` (a new dict after the lexicon changes, so
    a memo never outlives the entries it read; a second lexicon in the process starts it again)."""
    global _word_flags
    if _word_flags is None or _word_flags.index is not index or len(_word_flags.flags) > _FLAGS_MEMO:
        _word_flags = _WordFlags(index)
    return _word_flags


# Patterns matched at a position of the text (`pattern.match(text, pos, stop)`), never on a slice of it: a
# slice to the paragraph or text end per quote or cue costs the square of the paragraph on hostile input.
_FIRST_WORD = re.compile(r"\s*(\w+)\s+")
# words that only join a sentence to the one before («Кроме того, сообщает РБК, …»)
_CONNECTIVE = re.compile(r"(?:и|а|но|однако|также|кроме\s+того|при\s+этом|между\s+тем|тем\s+временем|"
                         r"вместе\s+с\s+тем|помимо\s+этого|кроме\s+этого)", re.IGNORECASE)
CONNECTIVE_CHARS = 60  # longer than any connective with the spaces around it
_CLAUSE_BOUNDARY = re.compile(r"(?:[,;]\s+(?:но|а|однако|хотя|зато|ведь|причём|причем)(?![\w-])|;|"
                              r",\s+(?P<rel>котор\w+|где|куда|когда)(?![\w-]))", re.IGNORECASE)

_NON_SPACE = re.compile(r"\S")

# Tokens back from a reported clause its cue verb is looked for
CUE_BEFORE_CLAUSE = 12
# Tokens back a gerund cue looks for the «, что» clause it follows
GERUND_CLAUSE_TOKENS = 40


def _has_words(text: str, a: int, b: int, n: int) -> bool:
    """At least `n` words in text[a:b] (`word_count(text[a:b]) >= n`, stopping at the n-th word)."""
    for _ in WORD_RUN.finditer(text, a, b):
        n -= 1
        if n <= 0:
            return True
    return n <= 0


def _only_linkers(text: str, a: int, b: int) -> bool:
    """Every word of text[a:b] is a linker («и», «однако»), stopping at the first that is not, or text[a:b] is
    one connective phrase («Кроме того, по его словам, …»; a short stretch only, so that a long one is never
    copied per cue)."""
    return all(m.group().lower() in LINKERS for m in WORD_RUN.finditer(text, a, b)) or _connective(text, a, b)


def _connective(text: str, a: int, b: int) -> bool:
    """text[a:b] is one connective phrase («Кроме того», «При этом»). Only a short stretch is copied to be
    matched: a stretch up to a cue per cue would cost the square of a long sentence on hostile input."""
    return b - a <= CONNECTIVE_CHARS and _CONNECTIVE.fullmatch(text[a:b].strip(" \t\n\u00a0,")) is not None


class ReportedSpeech:
    """A cue with its source and its clause."""

    def __init__(self, agents: Agents, direct_starts: list[int]) -> None:
        """`direct_starts`: the sorted starts of the article's direct quotes, found before any report."""
        self.agents, self.cues, self.sp, self.lex = agents, agents.cues, agents.sp, agents.lex
        self.text, self.tokens = agents.text, agents.tokens
        self.direct_starts = direct_starts
        self._antecedent: dict[tuple[int, int], bool] = {}  # (start, sentence start) -> antecedent_start finds one
        self._reach: dict[int, list[int]] = {}  # id of a candidate list -> running maximum of ends, for _overlaps
        # clause end -> (from token, cue token), for postposed_start
        self._postposed: dict[int, tuple[int, int | None]] = {}
        self._openers: list[int] | None = None

    def openers(self) -> list[int]:
        """The tokens a report may open at, in order: a word that may start a lexicon cue, and the words of the
        source-noun and «согласно» patterns. `reported` tries only these; it visited every token of every
        paragraph, which was a quarter of its time."""
        if self._openers is None:
            words = [t.text for t in self.tokens]
            distinct = set(words)
            flags = word_flags(self.lex.by_first("verb")).of(distinct)
            # a word that may start a cue, and a verb right after a noun for what was said («Такой прогноз
            # озвучил X»: Cues.light_verb)
            if any(flags[w] & _SPOKEN for w in distinct):
                self._openers = [k for k, w in enumerate(words)
                                 if flags[w] & _OPENS or k and flags[words[k - 1]] & _SPOKEN]
            else:  # (most texts: one lookup a word)
                self._openers = [k for k, w in enumerate(words) if flags[w] & _OPENS]
        return self._openers

    def source_clause_start(self, s: int, cue_start: int, agent_end: int) -> int:
        """Where a clause with «по словам X, …» starts: after the attribution when it opens its clause or follows a
        clause of its own, else the whole clause, attribution included (gold rule 9: «Работы, по словам X,
        завершат …»), without a leading linker."""
        text = self.text
        # the clause it stands in: after the last «, но / а / хотя …» or semicolon before it, or from a
        # relative pronoun («записки, которую, по его словам, …»)
        b = s
        for m in _CLAUSE_BOUNDARY.finditer(text, s, cue_start):
            b = m.start("rel") if m.group("rel") else m.end()
        if _only_linkers(text, b, cue_start):
            return self._past_rest_of_source(agent_end)
        toks = self.tokens
        k0, k1 = bisect_left(self.sp.starts, b), bisect_left(self.sp.starts, cue_start)
        before = WORD_RUN.findall(text, b, cue_start)
        # («…прошли в палате госпиталя и, по данным Life, обошлись в …»: two verbs of one subject, one clause)
        if any(is_finite(t) for t in toks[k0:k1]) and before and before[-1].lower() != "и":
            # «Выборы станут выбором …, по его словам, речь идёт о …»: a clause of its own comes before, and one
            # after («Путин попал, по версии журнала, на второе место»: one clause, gold rule 9)
            k = bisect_left(self.sp.starts, agent_end)
            while k < len(toks) and toks[k].text not in ".!?" and "\n" not in text[toks[k - 1].end:toks[k].start]:
                if is_finite(toks[k]):
                    return self._past_rest_of_source(agent_end)
                k += 1
        m = _FIRST_WORD.match(text, b, cue_start)
        if m and m.group(1).lower() in LINKERS:
            return m.end()
        return _NON_SPACE.search(text, b, cue_start).start()

    def _past_rest_of_source(self, agent_end: int) -> int:
        """Where the reported clause starts after an opening attribution whose agent phrase stopped short
        («По словам Олега Сомова [и Ивана Петрова], …»: a second source, more oblique-case words): after the
        comma that closes the attribution, when only such words come before it; else right after the agent."""
        toks = self.tokens
        k = bisect_left(self.sp.starts, agent_end)
        for n, t in enumerate(toks[k:k + 12], k):
            if t.text == ",":
                return self._past_participle_phrase(n) or t.end
            oblique = t.pos in ("NOUN", "PROPN", "PRON", "ADJ", "DET", "NUM", "X") and t.feats.get("Case") != "Nom"
            if not (oblique or t.text.lower() in ("и", "или") or t.text in "«»\"()-"):
                break
        return agent_end

    def _past_participle_phrase(self, comma: int) -> int | None:
        """«По мнению Олега Сомова, высказанному в интервью, …»: a participle's phrase set off by commas after
        the attribution describes the source noun; the clause starts after its closing comma (None: no such
        phrase)."""
        toks = self.tokens
        if comma + 1 >= len(toks) or toks[comma + 1].feats.get("VerbForm") != "Part" \
                or toks[comma + 1].feats.get("Case") in (None, "Nom"):
            return None
        for t in toks[comma + 2:comma + 12]:
            if t.text == ",":
                return t.end
            if is_finite(t) or t.text in ".!?;:«»":
                return None
        return None

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
        return glued_dot(self.tokens, m)

    def reported(self, ps: int, pe: int, pairs: list[Pair], direct: list[Cand], cands: list[Cand]) -> None:
        """The reports of paragraph [ps, pe) into `cands`: each token that may open one is tried against the
        patterns in turn (a source noun, «согласно», then a cue's), and the first that finds a report says
        where to go on from."""
        toks = self.tokens
        par = _Paragraph(self.text, ps, pe, pairs, Sentences(self.text, ps, pe, pairs), cands, direct,
                         self.direct_starts, self.coordinated_end)
        openers = self.openers()
        k = self.sp.tok_index(ps)
        while True:
            # the next token at or after k that may open a report (every other token would be passed over)
            at = bisect_left(openers, k)
            if at == len(openers):
                break
            k = openers[at]
            if toks[k].start >= pe:
                break
            t = toks[k]
            if t.start < par.taken_until or par.in_quote(t.start):
                k += 1
                continue
            low = t.text.lower()
            # «со слов X» is «по словам X» too (a witness's, a relative's account)
            source_noun = k + 1 < len(toks) and (low in _SOURCE_PREPOSITIONS
                                                 or low in _FROM_WORDS and lemma(toks[k + 1].text) == "слово")
            n = self.cues.cue_len(k)
            if not n and not source_noun and low != "согласно":
                k += 1
                continue
            s = par.sentences.start(t.start)
            send = par.sentences.end(t.start)
            nxt = self._by_source_noun(par, k, s, send) if source_noun else None
            if nxt is None and low == "согласно":
                nxt = self._according(par, k, s, send)
            if nxt is None and n:
                nxt = self._at_cue(par, k, n, s, send)
            k = nxt if nxt is not None else k + 1

    def _by_source_noun(self, par: _Paragraph, k: int, s: int, send: int) -> int | None:
        """по словам X, … / по мнению X / на его взгляд / по данным X"""
        text, toks = self.text, self.tokens
        t, low = toks[k], toks[k].text.lower()
        j = k + 1
        poss = None
        while j < len(toks) and toks[j].text.lower() in POSSESSIVE and j < k + 3:
            if toks[j].text.lower() in ("его", "ее", "её", "их"):
                poss = j
            j += 1
        # «по предварительным данным МЧС», «по последним данным»: adjectives before the source noun
        while j < len(toks) and j < k + 4 and toks[j].feats.get("Case") == "Dat" and (
                toks[j].pos == "ADJ" or toks[j].feats.get("VerbForm") == "Part"):
            j += 1
        # «титул чемпиона по версии WBA», «лучший альбом года по версии журнала»: right after a noun
        # the phrase qualifies that noun; an attribution opens its clause or stands between commas
        qualifier = k > 0 and toks[k - 1].pos == "NOUN" and toks[k - 1].start >= s
        if j < len(toks) and not qualifier and self.cues.cue_len(j, "source") \
                and (low != "на" or "взгляд" in lemmas(toks[j].text)):
            if poss is not None:
                attr = self.agents.lazy(poss, poss + 1)
                agent_end = toks[j].end
            else:
                gen = phrase_genitive(self.sp, j + 1, send)
                # (a name with a dot in it, «Страна.ua», has no case)
                if gen is None or toks[gen[0]].feats.get("Case") not in ("Gen", None) \
                        and not self.inside_name(gen[0] + 1):
                    return k + 1
                app = self.apposed_name(*gen, send)
                if app is not None:
                    gen = app  # «по словам одного из организаторов, священника Олега Сомова, …»
                attr = self.agents.lazy(*gen)
                agent_end = toks[gen[1] - 1].end
            cue = text[t.start:toks[j].end]
            # «По информации представителей ООН, …, сообщает РБК»: the postposed source reports the
            # whole sentence, so this clause ends before it and the outer report keeps it (rule 11)
            par.add(self.source_clause_start(s, t.start, agent_end), self.postposed_start(j, send), cue, attr,
                    t.start)
            return j + 1
        return None

    def _according(self, par: _Paragraph, k: int, s: int, send: int) -> int | None:
        text, toks = self.text, self.tokens
        t = toks[k]
        if (agent := self.agents.according_to(k + 1, send)) is None:
            return None
        # «Согласно СМИ, …», «согласно данным The Times, …»; not «согласно указу» (gold rule 15)
        attr, agent_end, cue_end = agent
        par.add(self.source_clause_start(s, t.start, agent_end), self.postposed_start(k, send),
                text[t.start:cue_end], attr, t.start)
        return k + 1

    def _at_cue(self, par: _Paragraph, k: int, n: int, s: int, send: int) -> int:
        """A cue of the lexicon at token k (n tokens long): the first pattern that finds its report."""
        verb = self.tokens[k]
        if first_person(self.tokens, k) or verb.feats.get("Mood") == "Imp":
            return k + 1  # the author's own voice: «Напомним, что…», «Отметим, что…», «мы не можем утверждать, что»
        for pattern in (self._as_cue_says, self._cue_with_that, self._postposed_cue, self._about_this,
                        self._naming_fragment):
            nxt = pattern(par, k, n, s, send)
            if nxt is not None:
                return nxt
        return k + 1

    def _as_cue_says(self, par: _Paragraph, k: int, n: int, s: int, send: int) -> int | None:
        text, toks = self.text, self.tokens
        verb, after_cue = toks[k], k + n
        # «Как сообщил X, …», «как 28 июля определил суд, …» (a date or adverb between «как» and the cue)
        kak = next((m for m in range(k - 1, max(-1, k - 7), -1) if toks[m].start >= s and
                    toks[m].text.lower() == "как"), None)
        if kak is not None and not any(x.text in ",;:«»\"" or is_finite(x) for x in toks[kak + 1:k]) \
                and (kak == 0 or toks[kak - 1].text.lower() not in ("так", "вот")):
            # («Вот как об этом сообщил X, …: «…»» introduces a quote after a colon; what follows the comma is
            # the agent's own clause)
            # the agent of «как сообщил X» is a few words long: a comma further than AGENT_TOKENS is not this
            # attribution's, and a text with no punctuation must not cost a scan to its end per «как»
            comma = next((m for m in range(after_cue, min(len(toks), after_cue + AGENT_TOKENS))
                          if toks[m].text in ",:." and not self.inside_name(m) and not initial_dot(toks, m)
                          or toks[m].start >= send), None)
            if comma is not None and toks[comma].text == ",":
                # «Как сообщается, …» has no agent: what follows is already the report. A reflexive verb
                # of the lexicon («Как признался Сомов») does have one.
                attr = MISSING if self.cues.impersonal(verb) else self.agents.agent_after_cue(
                    k, n, toks[comma].start, verb)
                if not attr.found:
                    attr = self.agents.document_author(after_cue, toks[comma].start, verb)
                cue = text[toks[kak].start:toks[k + n - 1].end]
                if not _only_linkers(text, s, toks[kak].start) and last_char(text, s, toks[kak].start) == ",":
                    # inside its clause («Его компанию, как определил суд, экспроприировали»): the whole
                    # clause, attribution included (gold rule 9)
                    par.add(s, send, cue, attr, verb.start)
                else:
                    par.add(toks[comma].end, send, cue, attr, verb.start)
                return comma + 1
        return None

    def _cue_with_that(self, par: _Paragraph, k: int, n: int, s: int, send: int) -> int | None:
        text, toks = self.text, self.tokens
        verb, after_cue = toks[k], k + n
        that = self.cues.that_clause(after_cue, send)
        if that is not None and that < len(toks):
            # a noun cue («распространил заявление о том, что») or a gerund («…, заявляя, что») takes the
            # subject of the verb before it
            # an impersonal cue («сказано, что», «говорится, что») has no subject: only a document or
            # a place named beside it gives the source («В докладе указано, что…»)
            # «Forbes приводит слова знакомого семьи, что …»: whose words, not who passes them on
            attr = self.agents.quoted_source(k, toks[that - 1].start, verb)
            if not attr.found and verb.feats.get("VerbForm") == "Conv":
                # «Лут подтвердила, что ситуация «понятная», отметив, что …»: a gerund after a «что» clause has the
                # subject of the verb that clause depends on, not the clause's own
                # (not inside a quotation before a dash attribution: «„…, что …“, — заявила …, добавив, что»)
                w = next((w for w in range(k - 1, max(0, k - GERUND_CLAUSE_TOKENS), -1) if toks[w].start < s
                          or toks[w].text in ("—", "–")
                          or toks[w].text.lower() in ("что", "чтобы") and toks[w - 1].text == ","), None)
                if w is not None and toks[w].start >= s and toks[w].text.lower() in ("что", "чтобы"):
                    attr = self.agents.gerund_subject(w - 1, s, verb)
            if not attr.found and verb.feats.get("VerbForm") == "Conv" and any(
                    is_finite(t) for t in toks[self.sp.tok_index(s):k]):
                # «Милонов предложил запретить услуги Дедов Морозов, считая, что …»: after its main verb a
                # gerund has that verb's subject, not the noun before its comma
                attr = self.agents.gerund_subject(k, s, verb)
            if not attr.found:
                attr = MISSING if self.cues.impersonal(verb) else self.agents.agent_before(
                    k, s, verb, cross_verb=verb.pos == "NOUN" or verb.feats.get("VerbForm") == "Conv")
            if not attr.found and verb.feats.get("VerbForm") == "Conv":
                attr = self.agents.gerund_subject(k, s, verb)
            if not attr.found and verb.pos != "NOUN" and not self.cues.impersonal(verb):
                attr = self.agents.agent_after(after_cue, toks[that - 1].start, verb)
            if not attr.found and (lemmas(verb.text) & EXPERIENCER or verb.pos == "NOUN"):
                attr = self.agents.experiencer(k, s, verb)
            if not attr.found:
                attr = self.agents.document_author(after_cue, toks[that - 1].start, verb, back=5)
            end = self.postposed_start(that, send)
            if verb.feats.get("VerbForm") == "Conv":
                end = self.parallel_gerund(that, end)
            par.add(toks[that].start, end, cue_text(text, toks[k:k + n]), attr, verb.start)
            return that
        return None

    def _postposed_cue(self, par: _Paragraph, k: int, n: int, s: int, send: int) -> int | None:
        text, toks = self.text, self.tokens
        verb, after_cue = toks[k], k + n
        # postposed: «…, сообщил X.» / «…», заявил глава КНР.
        if k > 0 and toks[k - 1].text == "," and toks[k - 1].start > s and not self.anaphoric(k, n, s):
            attr = self.agents.agent_after_cue(k, n, send, verb)
            ph = phrase_after(self.sp, after_cue, send)
            tail = text[toks[ph[1] - 1].end:send] if ph is not None else ""
            if attr.found and ph is not None and is_finite(verb) and re.match(r"[»\"“]?\s*,(?!\s*[«\"„])", tail) \
                    and _has_words(text, s, toks[k - 1].start, 1) \
                    and any(is_finite(x) or x.pos == "VERB" and x.feats.get("Variant") == "Short"
                            for x in toks[ph[1]:self.sp.tok_index(send)]) \
                    and self.postposed_start(ph[1], send) == send:
                # parenthetical: «Без сомнения, пишет газета, речь идёт о…»: the whole clause,
                # attribution included (gold rule 9); after a bare connective («Кроме того, сообщает РБК,
                # назначен …») the clause starts after the attribution
                start = s
                if _connective(text, s, toks[k - 1].start):
                    start = _NON_SPACE.search(text, toks[ph[1]].end, send).start()
                par.add(start, send, cue_text(text, toks[k:k + n]), attr, verb.start)
                return after_cue
            if attr.found and (ph is None or re.fullmatch(r"\s*(?:[,:]\s*[«\"„].*|:\s*)?", tail, re.S)
                         or is_finite(verb) and self.adverbial_tail(ph[1], send)):
                body_a, body_b = s, toks[k - 1].start
                i = bisect_left(self.direct_starts, body_a)  # «…», — эти слова X цитирует ТАСС
                whole_quote = any(p.open == body_a and p.close >= body_b - 2 for p in par.pairs) or (
                    i < len(self.direct_starts) and self.direct_starts[i] <= body_a + 3)
                if not whole_quote and _has_words(text, body_a, body_b, 3):
                    par.add(body_a, body_b, cue_text(text, toks[k:k + n]), attr, verb.start)
                    return after_cue
        return None

    def _about_this(self, par: _Paragraph, k: int, n: int, s: int, send: int) -> int | None:
        text, toks = self.text, self.tokens
        verb, after_cue = toks[k], k + n
        # anaphoric: «Об этом заявил X», «О своих планах Сомов рассказал», «сообщила об этом»
        if self.anaphoric(k, n, s):
            if self.coordinated_predicate(k, s):
                # «Сомова подала в отставку и сообщила об этом журналистам»: «этом» is the verb before
                return after_cue
            attr = self.agents.agent_before(k, s, verb)
            if not attr.found:
                attr = self.agents.agent_after_cue(k, n, send, verb)
            if attr.found and s > par.ps:
                a = self.antecedent_start(par.ps, s, par.para_ends)
                if a is not None:
                    par.add(a, s, cue_text(text, toks[k:k + n]), attr, verb.start)
            elif attr.found and s == par.ps:
                # «Об этом сообщил X» opening its paragraph: the paragraph before, when it is a sentence
                # of the body that no attribution has claimed (a headline or caption is no antecedent)
                prev = self.previous_paragraph(par.ps, (par.cands, par.direct))
                if prev is not None:
                    par.add(*prev, cue_text(text, toks[k:k + n]), attr, verb.start)
            return after_cue
        return None

    def _naming_fragment(self, par: _Paragraph, k: int, n: int, s: int, send: int) -> int | None:
        text, toks = self.text, self.tokens
        verb, after_cue = toks[k], k + n
        # a quoted fragment as the complement of a naming verb (mixed quote)
        # («призвали не запрещать «Братьев-мусульман»»: a name in quotation marks is no fragment of speech)
        # (the pairs opening in the clause only, found by bisection: a paragraph of many marks and naming
        # verbs must not cost pairs × verbs)
        if lemmas(verb.text) & NAMING and after_cue < len(toks) and any(
                not self.quoted_name(p) for p in
                par.pairs[bisect_left(par.opens, toks[after_cue].start):bisect_left(par.opens, send)]):
            attr = self.agents.agent_before(k, s, verb)
            if attr.found and after_cue < len(toks):
                par.add(toks[after_cue].start, send, cue_text(text, toks[k:k + n]), attr, verb.start)
                return after_cue
        return None

    def previous_paragraph(self, ps: int, cands: tuple[list[Cand], ...]) -> tuple[int, int] | None:
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
        if self.cues.speech_verb_in(sentence_start(text, b - 1, a, []), b):
            return None  # its own speech verb («подтвердили украинские источники») reports it
        return a, b

    def _overlaps(self, cands: list[Cand], a: int, b: int) -> bool:
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
                if toks[m - 1].text == "," and is_finite(toks[m]) and (n := self.cues.cue_len(m)):
                    ph = phrase_after(self.sp, m + n, send)
                    if ph is not None and ph[1] >= len(toks) or ph is not None and toks[ph[1]].start >= send:
                        found = m
                        break
                m += 1
            self._postposed[send] = (a, found)
        return send if found is None else toks[found - 1].start

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
            if t.start >= stop or t.text in ".!?;:«»\"" or is_finite(t) or t.pos in ("CCONJ", "SCONJ", "VERB"):
                return None
            if t.text == ",":
                found = [m for m in sp.mentions_in(toks[e + 1].start, toks[f - 1].end)
                         if m[2].type == "PER" and m[3].kind == "name" and m[1] == toks[f - 1].end]
                return (e + 1, f) if found else None
        return None

    def adverbial_tail(self, k: int, stop: int) -> bool:
        """What follows a postposed speaker is only circumstance: «…, пишет «Вечерний Ржев» со ссылкой на
        пресс-службу мэрии», «…, сказал Лаптев на брифинге во вторник», «…, сказал Лаптев, отвечая на вопрос»
        (prepositional phrases or a gerund's, no finite verb, no second clause)."""
        toks = self.tokens
        if k + 1 < len(toks) and toks[k].text == "," and toks[k + 1].feats.get("VerbForm") == "Conv":
            k += 1  # «…, сказал Сомов, выступая на форуме»: a gerund's phrase is circumstance too
        elif k >= len(toks) or toks[k].start >= stop or toks[k].pos != "ADP":
            return False
        while k < len(toks) and toks[k].start < stop:
            t = toks[k]
            if is_finite(t) or t.pos == "CCONJ" or t.text in ",:;«»\"„" or t.text.lower() in ("что", "чтобы"):
                return False
            k += 1
        return True

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
                while m < len(toks) and toks[m].end <= b and not is_finite(toks[m]):
                    if toks[m].pos in ("NOUN", "PROPN", "PRON") and toks[m].feats.get("Case") == "Nom":
                        subject = True
                    m += 1
                # «…, однако министерство это не подтвердило»: a clause whose own verb reports speech
                # is someone else's reaction, not more of the statement. Any other clause, even with a subject
                # of its own («…, а подсудимый только стоял у двери»), is most often still what was said.
                if subject and m < len(toks) and toks[m].end <= b and is_finite(toks[m]) and self.cues.cue_len(m):
                    return t.start
            if depth == 0 and (end := self._speaker_goes_on(k, a, b)) is not None:
                return end
            if depth == 0 and t.text == "," and toks[k + 1].text in ("—", "–") and self._signature_to(k + 2, b):
                return t.start  # «В РПЦ заявили, что …, — зампред отдела Олег Сомов»: the line's signature
            k += 1
        return b

    def _signature_to(self, k: int, b: int) -> bool:
        """Tokens from k to `b` are a post line's signature: a few words that name a source, no verb."""
        toks = self.tokens
        e = k
        while e < len(toks) and toks[e].end <= b:
            if is_finite(toks[e]) or toks[e].text in ",:;«\"" or e - k >= SIGNATURE_TOKENS:
                return False
            e += 1
        return e > k and any(t.pos in ("NOUN", "PROPN") for t in toks[k:e])

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
            if not (m < len(toks) and toks[m].end <= b and is_finite(toks[m])):
                return None
            if not self.cues.cue_len(m) and not (toks[k - 1].text == "," and self._cue_agrees_not_clause(a, k, toks[m])):
                return None
            if toks[k - 1].text != "," and self._other_tense(a, toks[m]):
                # «сообщил, что он идёт на поправку и продолжает работать»: with no comma, a verb of another
                # tense is the clause's own (not «считает, что …, однако уточнила»)
                return None
            end = toks[k - 2].end if k > 1 and toks[k - 1].text == "," else toks[k - 1].end
        elif t.text == "," and k + 1 < len(toks) and toks[k + 1].end <= b \
                and toks[k + 1].feats.get("VerbForm") == "Conv" and self.cues.cue_len(k + 1):
            end = toks[k - 1].end  # «…, отметив, что…»: the gerund is the speaker's, what follows another report
        else:
            return None
        first = self.sp.tok_index(a)
        if any(is_finite(x) and self.cues.cue_len(i) for i, x in enumerate(toks[first:k], first)):
            return None
        return end if _has_words(self.text, a, end, 2) else None

    def _cue_agrees_not_clause(self, a: int, k: int, verb: Token) -> bool:
        """Whether a past `verb` after «, и» agrees with the cue of the clause that starts at `a` and not with
        the clause's own first verb («Анкара потребовала, чтобы США экстрадировали Гюлена, и направила …»):
        the speaker's next act, not more of what was said."""
        toks = self.tokens
        first = self.sp.tok_index(a)
        cue = self._clause_cue(first)
        own = next((x for x in toks[first:k] if is_finite(x)), None)
        if cue is None or own is None:
            return False

        def form(t: Token) -> tuple:
            f = t.feats
            return f.get("Tense"), f.get("Number"), f.get("Gender") if f.get("Number") == "Sing" else None
        return form(verb)[0] == "Past" and None not in form(verb)[:2] and form(cue) == form(verb) \
            and form(own) != form(verb) and form(own)[0] == "Past"

    def _other_tense(self, a: int, verb: Token) -> bool:
        """Whether `verb` is in another tense than the cue of the clause that starts at `a` (the nearest finite
        verb before it): the speaker's next act is told as the first one was («сообщил …, и добавил»)."""
        cue = self._clause_cue(self.sp.tok_index(a))
        tenses = (cue.feats.get("Tense") if cue is not None else None, verb.feats.get("Tense"))
        return None not in tenses and tenses[0] != tenses[1]

    def _clause_cue(self, first: int) -> Token | None:
        """The cue of the clause that starts at token `first`: the nearest finite verb before it, at most
        CUE_BEFORE_CLAUSE tokens back."""
        toks = self.tokens
        return next((toks[i] for i in range(first - 1, max(-1, first - CUE_BEFORE_CLAUSE), -1) if is_finite(toks[i])),
                    None)

    def anaphoric(self, k: int, n: int, s: int) -> bool:
        toks = self.tokens
        # (a gerund's own words only: «отказался комментировать эту информацию, заявив, что …» is no anaphora)
        lo = k if toks[k].feats.get("VerbForm") == "Conv" else max(0, k - 12)
        window = [t.text.lower() for t in toks[lo:k + n + 3] if t.start >= s]
        joined = " ".join(window)
        return bool(re.search(r"\bоб? (этом|своих \w+|своем \w+|своём \w+)\b|"
                              r"\bэт(у|и|о) (информацию|данные|сведения|новость|сообщение|известие)\b|"
                              # «Такое мнение высказал аналитик …», «Такую оценку высказал …» (with a cue of the
                              # lexicon; a verb of none, «Такой прогноз озвучил …», is `Cues.light_verb`)
                              r"\bтак(ое|ой|ую|ие|ого) (заявление|заявления|прогноз|прогноза|мнение|оценку|оценки|"
                              r"предупреждение|информацию|данные|сведения|сообщение|версию|вывод|выводы)\b",
                              joined)) or self.cues.light_verb(k) or self._so_says(k, s)

    def _so_says(self, k: int, s: int) -> bool:
        """«Так считает X», «Именно так заявил X» opening a sentence: the cue reports the sentences before."""
        toks = self.tokens
        j = k - 1
        if j < 0 or toks[j].start < s or toks[j].text.lower() != "так" or not is_finite(toks[k]):
            return False
        return toks[j].start == s or j > 0 and toks[j - 1].start == s and toks[j - 1].text.lower() in ("именно", "вот")

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
            if is_finite(toks[f]):
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
            self._antecedent[(start, s)] = not self.cues.speech_verb_in(prev, s) \
                and _NON_SPACE.search(self.text, start, s) is not None
        return start if self._antecedent[(start, s)] else None


def _closing_at(pairs: list[Pair], opens: list[int], a: int, b: int) -> bool:
    """A pair opens at `a` and closes at `b - 1` (`opens`: the pairs' opening positions, sorted)."""
    i = bisect_left(opens, a)
    return i < len(pairs) and pairs[i].open == a and pairs[i].close == b - 1


@dataclass
class _Paragraph:
    """One paragraph while its reports are found: its marks and sentences, the direct quotes in it, and the
    reports found so far (`add`)."""
    text: str
    ps: int
    pe: int
    pairs: list[Pair]
    sentences: Sentences
    cands: list[Cand]
    direct: list[Cand]
    direct_starts: list[int]
    coordinated_end: Callable[[int, int], int]
    taken_until: int = -1
    para_ends: list[int] = field(default_factory=list)  # sorted ends of this paragraph's reports, for antecedent_start
    opens: list[int] = field(init=False)
    span_starts: list[int] = field(init=False)
    reach: list[int] = field(init=False)

    def __post_init__(self) -> None:
        self.opens = [p.open for p in self.pairs]
        lo, hi = bisect_left(self.direct_starts, self.ps), bisect_left(self.direct_starts, self.pe)
        spans = sorted([(p.start, p.end) for p in self.pairs] + [(d.start, d.end) for d in self.direct[lo:hi]])
        self.reach = []  # running maximum of span ends, so one binary search answers «inside any span?»
        for _, b in spans:
            self.reach.append(max(b, self.reach[-1]) if self.reach else b)
        self.span_starts = [a for a, _ in spans]

    def in_quote(self, pos: int) -> bool:
        i = bisect_right(self.span_starts, pos) - 1
        return i >= 0 and pos < self.reach[i]

    def add(self, start: int, end: int, cue: str, attr: Lazy, apos: int) -> None:
        text = self.text
        a, b = trim(text, start, end, " \t\n\u00a0,")
        if b > a and text[b - 1] == "." and text[b - 2:b] != "..":
            b -= 1
        if a < b and text[a] in "«\"„" and _closing_at(self.pairs, self.opens, a, b):
            a, b = a + 1, b - 1  # a clause wholly in quotation marks keeps no marks (rule 6)
        # (the speaker first: a clause without one is dropped before its words are counted, which for a
        # cue-dense paragraph would be a count to the paragraph end per cue)
        if not attr.found or not _has_words(text, a, b, 2):
            return
        b = self.coordinated_end(a, b)
        self.cands.append(Cand("indirect", a, b, cue, attr, apos))
        if b < self.ps:
            self.para_ends.clear()  # (antecedent_start looks back no further than a report before ps)
        else:
            insort(self.para_ends, b)
        self.taken_until = max(self.taken_until, b)
