"""The speaker of a cue as the sentence gives it: the phrase before or after the cue, «по словам X», a
document («в заявлении говорится»), a pronoun's antecedent; found now, resolved (`Lazy`) once every quote of
the article is known."""
from __future__ import annotations

import re
from bisect import bisect_left

from ..nlp.pipeline import Token
from ..nlp.normalize import case_checked
from ..nlp.words import lemma, lemmas
from .quote_common import MISSING, POSSESSIVE, Lazy
from .quote_cues import Cues
from .speakers import (DOCUMENT, GENERIC_SOURCES, INDEFINITE, KIND_OF_ORGANISATION, MEDIA, NONE, ORG_HEADS,
                       Attribution, closing_mark, is_finite, is_nominative, phrase_after, phrase_before,
                       phrase_genitive)
from .text import dot_in_name, sentence_start


# Where an organisation publishes («на сайте Кремля», «на странице клуба в сети»).
SITE_NOUNS = frozenset("сайт страница портал канал аккаунт".split())
# Tokens back «В документе говорится» looks for the document the text spoke of (about three sentences)
ISSUER_LOOKBACK = 80
# Verbs that state a decision, with the document that records it: «суд приговорил …» is what «в приговоре»
# refers to
DECISION_VERBS = {"приговорить": "приговор", "постановить": "постановление", "распорядиться": "распоряжение"}

# Verbs that pass on someone else's words («цитирует слова X», «приводит слова X»).
QUOTING = frozenset("цитировать процитировать приводить привести".split())

# What a quoting verb passes on: whose words they are is the genitive after it («высказывания Чеффица»).
_WORDS_NOUNS = frozenset("слово высказывание заявление сообщение письмо мнение комментарий реплика".split())

_WORDS_DASH = re.compile(r"(?:'{2,3})?\s*,?\s*[—–]\s*")

_STOPS = re.compile(r"[.!?…]")


class Agents:
    """Who a cue's words are: the phrase around it, found now and resolved later (`Lazy`)."""

    def __init__(self, cues: Cues) -> None:
        self.cues, self.sp, self.lex = cues, cues.sp, cues.lex
        self.text, self.tokens = cues.text, cues.tokens
        self.stops = [m.start() for m in _STOPS.finditer(self.text)]  # positions of . ! ? …

    def agent_after(self, k: int, stop: int, verb: Token) -> Lazy:
        if self._there(k, verb, 1):
            return self.last_speaker(verb.start)  # «…», — добавили там.
        ph = phrase_after(self.sp, k, stop)
        if ph is not None:
            if verb.feats.get("Number") == "Plur" and self._one_organisation(*ph):
                # «— пояснили RT в пресс-службе ведомства»: an impersonal plural names its source by a place
                # («в пресс-службе»); the outlet before it is whom it was told to
                place = self.document_author(ph[1], stop, verb)
                if place.found:
                    return place
            return self.lazy(*ph, verb)
        return self.document_author(k, stop, verb)

    def _one_organisation(self, i: int, j: int) -> bool:
        """Tokens [i, j) are one organisation's name and nothing more («RT», «РИА Новости»)."""
        toks = self.tokens
        named = self.sp.mention_covering(toks[i].start, toks[j - 1].end)
        return named is not None and named[2].type == "ORG" and named[0] <= toks[i].start \
            and named[1] >= toks[j - 1].end

    def agent_before(self, k: int, start: int, verb: Token, cross_verb: bool = False) -> Lazy:
        ph = phrase_before(self.sp, k, start, cross_verb)
        if ph is not None:
            return self.lazy(*ph, verb)
        if self._there(k - 1, verb, -1):
            return self.last_speaker(verb.start)  # «В Минздраве заявили, что …. Там также отметили, что …»
        return MISSING

    def _there(self, k: int, verb: Token, step: int) -> bool:
        """«там» next to an impersonal plural cue (past «же», «также», «тоже»): the place the last report came
        from speaks again."""
        if verb.feats.get("Number") != "Plur" or not is_finite(verb):
            return False
        toks = self.tokens
        while 0 <= k < len(toks) and toks[k].text.lower() in ("же", "также", "тоже", "еще", "ещё"):
            k += step
        return 0 <= k < len(toks) and toks[k].text.lower() == "там"

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
            if t.text.lower() in ("в", "во") and m + 2 < len(toks) and toks[m + 1].text in "«\"„" \
                    and verb.feats.get("Number") == "Plur":
                # «— сообщили в «Газпроме»»: an organisation named in quotation marks
                close = closing_mark(toks, m + 2, 6)
                limit = verb.start if m < k else stop
                if close is not None and toks[close].end <= limit and any(
                        f[2].type == "ORG" for f in self.sp.mentions_in(toks[m + 2].start, toks[close - 1].end)):
                    return self.lazy(m + 2, close, verb, kind="organization")
            if t.text.lower() in ("в", "во") and m + 1 < len(toks):
                n = m + 1
                while n + 1 < len(toks) and n < m + 3 and toks[n].pos == "ADJ" and toks[n].text[:1].islower() \
                        and toks[n + 1].pos == "NOUN":
                    n += 1  # «в столичном департаменте транспорта», «в официальном заявлении МИД»
                noun = toks[n]
                nl = lemmas(noun.text)
                gen = phrase_genitive(self.sp, n + 1, stop if m >= k else verb.start)
                if noun.text.lower() in POSSESSIVE and m + 2 < len(toks) and lemmas(toks[m + 2].text) & DOCUMENT:
                    return self.lazy(m + 1, m + 2)  # «отмечается в его телеграмме»: the pronoun's referent
                if noun.text.lower() in ("котором", "которой", "которых") and m < k:
                    # «распространила заявление, в котором говорится, что…»: the document the clause
                    # hangs on, and who issued it
                    return self.relative_document_author(m)
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
                    issuer = self.document_issuer(m, nl)
                    return issuer if issuer.found else self.last_speaker(t.start)
                # «В полиции рассказали», «в Кремле заявили»: an institution, not any place («в пижаме»); a
                # capitalised name of more than one word may start there («в Белом доме»)
                named = self.sp.mention_covering(noun.start, noun.end) \
                    if verb.feats.get("Number") == "Plur" and noun.text[:1].isupper() else None
                if named is not None and not (named[0] == noun.start and named[2].type in ("ORG", "LOC")):
                    named = None
                if verb.feats.get("Number") == "Plur" and (
                        noun.pos in ("PROPN", "X") or noun.pos == "NOUN" and nl & ORG_HEADS or named is not None
                        or any(f[2].type == "ORG" for f in self.sp.mentions_in(noun.start, noun.end))):
                    end = max(n + 1, self.sp.tok_index(named[1])) if named is not None else n + 1
                    limit = verb.start if m < k else stop
                    while end < len(toks) and toks[end].end <= limit:
                        if toks[end].pos in ("NOUN", "PROPN", "ADJ") and toks[end].feats.get("Case") in ("Gen", None):
                            end += 1
                        elif toks[end].text in "«\"„" and (close := closing_mark(toks, end + 1, 6)) is not None \
                                and toks[close].end <= limit and close > end + 1:
                            if end == n + 1 and lemma(noun.text) in KIND_OF_ORGANISATION:
                                # a name in marks beside its kind, in any case: the name («в компании
                                # «Яндекс»» → «Яндекс»)
                                return self.lazy(end + 1, close, verb, kind="organization")
                            if case_checked(toks[end + 1]).feats.get("Case") not in ("Gen", None):
                                break
                            end = close + 1  # «в пресс-службе «Газпрома»»
                        else:
                            break
                    return self.lazy(m + 1, end, verb, kind="organization")
        return MISSING

    def relative_document_author(self, m: int) -> Lazy:
        """Who issued the document that a relative clause at token `m` («, в котором говорится») hangs on: the
        genitive after it («сообщение МВД, в котором…»), else the subject of the verb before it («Канцелярия
        президента распространила заявление, в котором…»)."""
        toks = self.tokens
        j = m - 1 - (m > 0 and toks[m - 1].text == ",")
        d = next((i for i in range(j, max(-1, j - 6), -1) if lemmas(toks[i].text) & DOCUMENT), None)
        if d is None:
            return MISSING
        if d < j:
            gen = phrase_genitive(self.sp, d + 1, toks[j].end)
            if gen is not None and toks[gen[0]].feats.get("Case") == "Gen":
                return self.lazy(*gen)
        return self._issuer(d)

    def _issuer(self, d: int) -> Lazy:
        """The subject of the finite verb before token `d` in its sentence: who issued the document `d`
        names («Путин подписал указ»), or who took the decision a cognate verb at `d` states («суд
        приговорил»)."""
        toks = self.tokens
        para = self.text.rfind("\n", 0, toks[d].start) + 1
        s = sentence_start(self.text, toks[d].start, para, [])
        v = d if is_finite(toks[d]) else next(
            (i for i in range(d - 1, max(-1, d - 8), -1) if toks[i].start >= s and is_finite(toks[i])), None)
        ph = phrase_before(self.sp, v, s) if v is not None else None
        return self.lazy(*ph, toks[v]) if ph else MISSING

    def document_issuer(self, m: int, lemmas_at_m: set[str]) -> Lazy:
        """«В документе говорится» with no genitive: who issued the document the text spoke of last, within
        ISSUER_LOOKBACK tokens («Президент подписал указ … В документе говорится, что…»), as the subject of the
        verb whose object it was; a verb that states the decision the document is («суд приговорил …
        В приговоре отмечается») stands for it. MISSING when no such document is found."""
        toks = self.tokens
        generic = "документ" in lemmas_at_m
        for d in range(m - 1, max(-1, m - 1 - ISSUER_LOOKBACK), -1):
            t = toks[d]
            ls = lemmas(t.text)
            if ls & DOCUMENT and (generic or ls & lemmas_at_m) and t.feats.get("Case") == "Acc":
                return self._issuer(d)
            if is_finite(t) and lemmas_at_m & {DECISION_VERBS.get(w) for w in ls}:
                return self._issuer(d)
        return MISSING

    def according_to(self, j: int, stop: int) -> tuple[Lazy, int, int] | None:
        """The agent after «согласно» as (attribution, end of the agent, end of the cue): a source noun with its
        genitive agent («данным The Times»), or a source named outright («СМИ», «источникам», a named outlet or
        person). A document or rule («указу», «закону») is no agent."""
        toks = self.tokens
        if j >= len(toks):
            return None
        if self.cues.cue_len(j, "source"):
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

    def agent_after_cue(self, k: int, n: int, stop: int, verb: Token) -> Lazy:
        """The agent of a cue of `n` tokens at `k` as the words after it give it: the subject («— сказал
        глава МЧС»), but for a verb that passes on someone else's words, whose words they are («— цитирует
        ТАСС пресс-службу МЧС», «— приводит газета слова Сомова»): the outlet is only the messenger."""
        attr = self.quoted_source(k, stop, verb)
        return attr if attr.found else self.agent_after(k + n, stop, verb)

    def quoted_source(self, k: int, stop: int, verb: Token) -> Lazy:
        """Whose words the verb at `k` passes on when it is a quoting verb («цитирует», «приводит слова»; MISSING
        for any other), from the few tokens after it: the genitive of «слова / высказывания / заявление X»,
        else the verb's object (a phrase in the accusative or the genitive, the case of an animate object),
        past the outlet in the nominative and any prepositional phrase."""
        if not lemmas(verb.text) & QUOTING:
            return MISSING
        toks, text = self.tokens, self.text
        m = k = k + 1  # («приводит слова» is one cue of two tokens: its noun is read here)
        after_noun = False
        while m < min(k + 10, len(toks)) and toks[m].start < stop:
            t = toks[m]
            if t.text in ",.;:!?—–«»\"" and not dot_in_name(text, t.start):
                break
            if t.pos == "NOUN" and lemma(t.text) in _WORDS_NOUNS:
                return self._genitive_agent(m + 1, stop)
            if t.pos == "ADP":
                m += 2  # «цитирует в своём блоге»: the preposition's noun is no object (one word of it)
                after_noun = False
                continue
            case = case_checked(t).feats.get("Case")
            # a genitive right after the outlet's noun is the outlet's own («цитирует собеседник агентства»)
            if t.pos in ("NOUN", "PROPN", "ADJ", "DET", "PRON") and (case == "Acc" or case == "Gen" and not after_noun):
                return self._genitive_agent(m, stop, ("Gen", "Acc"))
            after_noun = t.pos in ("NOUN", "PROPN", "X")
            m += 1
        return MISSING

    def words_of(self, k: int, stop: int) -> Lazy:
        """«слова X» within a few tokens from `k`: the genitive agent X of the words."""
        toks = self.tokens
        for m in range(k, min(k + 4, len(toks))):
            if toks[m].start >= stop or toks[m].text in ",.;:!?":
                break
            if toks[m].text.lower() in ("слова", "словам", "слов") and lemma(toks[m].text) == "слово":
                return self._genitive_agent(m + 1, stop)
        return MISSING

    def _genitive_agent(self, k: int, stop: int, cases: tuple[str | None, ...] = ("Gen", None)) -> Lazy:
        """The phrase from `k` as a genitive chain («директора театра Олега Сомова») whose first word is in
        one of `cases`, or MISSING."""
        toks = self.tokens
        gen = phrase_genitive(self.sp, k, stop)
        if gen is None or case_checked(toks[gen[0]]).feats.get("Case") not in cases:
            return MISSING
        a, b = gen
        # «цитирует слова директора театра ТАСС»: a name closing the phrase is the verb's
        # subject, the agency that quotes, not part of whose words they are (a nominative: «слова директора
        # пресс-службы Минобороны» end in a genitive name that is the description's own)
        last = b - 1 - (b - 2 > a and toks[b - 1].text in "»\"“")  # a quoted name: «Советский спорт»
        for s, e, ent, mention in self.sp.mentions_in(toks[min(a + 1, last)].start, toks[last].end):
            if ent.type == "ORG" and e >= toks[last].end:
                first = self.sp.tok_index(s)
                if toks[first].text in "«\"„":
                    first += 1
                if is_nominative(toks[first]):
                    b = first - (first - 1 > a and toks[first - 1].text in "«\"„")
                break
        return self.lazy(a, b) if b > a else MISSING

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
        if not attr.found:
            return None
        return attr, "слова", self.tokens[k].start

    def previous_subject(self, pos: int) -> Lazy:
        """The subject of the first verb of the sentence before `pos`, in its paragraph: who wrote the document
        that «В нём сказано» points back at («МВД опубликовало комментарий. В нём…»)."""
        para = self.text.rfind("\n", 0, pos) + 1
        own = sentence_start(self.text, pos, para, [])
        if own <= para:
            return MISSING
        prev = sentence_start(self.text, own - 1, para, [])
        k, end = self.sp.tok_index(prev), self.sp.tok_index(own)
        m = next((m for m in range(k, end) if is_finite(self.tokens[m])), None)
        ph = phrase_before(self.sp, m, prev) if m is not None else None
        return self.lazy(*ph, self.tokens[m]) if ph else MISSING

    def last_speaker(self, pos: int) -> Lazy:
        def run() -> Attribution:
            for p, attr in reversed(self.sp.history):
                if p < pos:
                    return attr
            return NONE
        return Lazy(run)

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

    def gerund_subject(self, k: int, s: int, verb: Token) -> Lazy:
        """A gerund cue («…, считая, что …») says what the subject of its main verb thinks. Where the verb
        next to it has no subject of its own («Петрова согласилась, хотя долго отказывалась, считая,
        что…»), the subject of an earlier verb of the sentence is the one."""
        toks = self.tokens
        seen = 0
        for m in range(k - 1, -1, -1):
            if toks[m].start < s or seen >= 3:
                break
            if is_finite(toks[m]):
                seen += 1
                # (resolved with the main verb, whose agreement the subject shares: «политики критиковал»)
                if m > 0 and toks[m - 1].text in "—–" and (ph := phrase_after(self.sp, m + 1, toks[k].start)):
                    return self.lazy(*ph, toks[m])  # ««…», — заявила глава города, добавив, что …»
                ph = phrase_before(self.sp, m, s)
                if ph is not None and ph[1] <= m:
                    return self.lazy(*ph, toks[m])
        return MISSING

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
