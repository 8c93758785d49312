"""Direct speech: quotation-mark pairs (or block paragraphs after a colon) tied to a speaker by the text around
them: a dash and a cue after («…», — сказал он), a colon before (сказал: «…»), an attribution that cuts the
quote in two («…, — написал он. — …»), a headline «Сомов: …». Marks with none of these are names, titles and
scare quotes, and are left alone."""
from __future__ import annotations

import re

from ..ingest.clean import BULLETS
from ..nlp.pipeline import Token
from ..nlp.words import lemma
from .quote_agents import Agents
from .quote_common import MISSING, SIGNATURE_TOKENS, Cand, Lazy, cue_text, last_char, skip_space_back
from .coref import describes_person
from .speakers import (GENERIC_SOURCES, KIND_OF_ORGANISATION, MEDIA, ORG_HEADS, Attribution, is_finite, phrase_after,
                       phrase_before, phrase_genitive)
from .text import Pair, dot_in_name, sentence_start, trim, word_count


FIRST_PERSON = frozenset("я мы мне меня мной нам нас нами мой моя моё мое мои наш наша наше наши".split())

MAX_ATTR = 160  # characters of an attribution between two halves of a cut quote

# wiki markup ('' … '') may wrap a quotation outside its marks: ''«…»'', — сказала она
_DASH_AFTER = re.compile(r"(?:'{2,3})?\s*(?P<punct>[,.!?…]*)\s*(?P<dash>[—–]|--?)?\s*")

_QUOTED_NAME = re.compile(r"[«\"„]([A-ZА-ЯЁ][^«»\"„“.!?]{0,40})[»\"“]")

_DASH_NEXT = re.compile(r"\s*[.,]?\s*[—–]")

# «…» — Дмитрий Медведев. / «…», — глава МИД Венгрии Петер Сийярто: a dash after the marks, and no cue
_VERBLESS_DASH = re.compile(r"[*_ \t\u00a0]*,?[*_ \t\u00a0]*[—–][ \t\u00a0]*")
# Words that open a reported clause after a cue's comma
_THAT = frozenset(("что", "чтобы", "как", "ли"))
# Nouns of time a heading's genitive may be («Цитата дня:», «Заявление недели:»): no one who speaks
_TIME_NOUNS = frozenset("день неделя месяц год утро вечер ночь час минута".split())
# Tokens from «так» after a dash to the cue it goes with («— так в МИД России прокомментировали»)
SO_TOKENS = 8
# Characters back from a colon the sentence it ends is read (far longer than any sentence that names its cue)
COLON_SENTENCE_CHARS = 1000
# How far from a paragraph's end the dash of a signature may stand («…, — зампред синодального отдела …»; how
# many tokens its source may take is quote_common.SIGNATURE_TOKENS)
SIGNATURE_CHARS = 120
# Nouns that sign a post's line as its source though they name no one («…, — СМИ», «…, — исследование»)
SIGNING_SOURCES = ORG_HEADS | MEDIA | GENERIC_SOURCES | frozenset("власть исследование опрос синоптик".split())
# What may follow a verbless source before its sentence ends: the subject of the words («— Захарова о
# заявлении Макрона»)
_ABOUT = frozenset(("о", "об", "обо", "про"))

# Places that speak for who sits there («Кремль: …», «Белый дом: …»; «Москва: …» quotes no one)
SEATS_OF_POWER = frozenset(("кремль", "белый дом", "елисейский дворец", "даунинг-стрит", "смольный"))
# Characters of symbols and markup a headline may open with before its first letter
HEADLINE_LEAD = 8


def _skip_forward(text: str, pos: int, hi: int, chars: str) -> int:
    """The first position of text[pos:hi] not among `chars` (hi if there is none)."""
    while pos < hi and text[pos] in chars:
        pos += 1
    return pos


class DirectSpeech:
    """Quotation marks and the punctuation grammar that ties them to a speaker."""

    def __init__(self, agents: Agents) -> None:
        self.agents, self.cues, self.sp, self.lex = agents, agents.cues, agents.sp, agents.lex
        self.text, self.tokens = agents.text, agents.tokens
        self.standalone: list[tuple[int, int, int]] = []  # (start, end, paragraph start) of quote paragraphs

    def starts_sentence(self, pos: int, para_start: int) -> bool:
        last = last_char(self.text, para_start, pos)
        return not last or last in ".!?…:»\"—–"

    def dash_attribution(self, pos: int, stop: int, opening: int = -1, para_start: int = 0
                         ) -> tuple[int, int, int] | None:
        """A cue right after a closing mark («…», — сказал он», «…», сказал Игорь»): (cue token, length,
        end of the attribution clause). With `opening` (the mark pair's opening position in the paragraph
        that starts at `para_start`), a cue after a comma only counts for marks that open a sentence."""
        m = _DASH_AFTER.match(self.text, pos, stop)
        if not m or m.end() >= stop:
            return None
        if not m.group("dash") and "," not in m.group("punct"):
            return None
        if not m.group("dash") and opening >= 0 and not self.starts_sentence(opening, para_start):
            return None  # «…, которые «требуют сил», говорит он»: a fragment, not the whole quote
        k = self.sp.tok_index(m.end())
        hit = self.cues.cue_within(k, stop, 3 if m.group("dash") else 1)
        if hit is None and m.group("dash") and self._so(k):
            # «…», — так Сергей Лавров прокомментировал …: «так» puts the subject before its verb
            hit = self.cues.cue_within(k + 1, stop, SO_TOKENS)
        if hit is None:
            return None
        return hit[0], hit[1], m.end()

    def _so(self, k: int) -> bool:
        """«так» opening a dash attribution («— так X прокомментировал»)."""
        return k < len(self.tokens) and self.tokens[k].text.lower() == "так"

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
            if c in ".!?…:" and not dot_in_name(self.text, i):
                return i
            if c in "—–" and self.text[i - 1:i] == " ":
                return i
            i += 1
        return stop

    def direct(self, ps: int, pe: int, pairs: list[Pair], cands: list[Cand]) -> None:
        text = self.text
        prev_attr: tuple[int, Lazy, str | None] | None = None  # (end of attribution, who, cue)
        for p in pairs:
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
            if (cut := self._cut_in_two(qs, qe, content)) is not None:
                attr, cue, apos, pieces = cut
            if attr is None:
                around = self._attribution_around(ps, pe, p, qs, qe, content, prev_attr)
                if around is None:
                    continue
                attr, cue, apos = around
            if attr is None:
                continue
            for a, b in pieces:
                a, b = trim(text, a, b, " \t\n\u00a0")
                if b - a < 2 or word_count(text[a:b]) == 0:
                    continue
                if cue is None and word_count(text[a:b]) < 3:
                    continue
                cands.append(Cand("direct", a, b, cue, attr, apos))
            # where this quote's attribution ends, for a second half in its own marks
            after_pos = p.close + 1
            dm = self.dash_attribution(after_pos, pe)
            if dm is not None:
                prev_attr = (self.attribution_clause_end(dm[0] + dm[1] - 1, pe), attr, cue)
            else:
                prev_attr = None

    def _attribution_around(self, ps: int, pe: int, p: Pair, qs: int, qe: int, content: str,
                            prev_attr: tuple[int, Lazy, str | None] | None) -> tuple[Lazy, str | None, int] | None:
        """Who speaks a mark pair, by the text around it: a cue after its closing mark, «эти слова X», the
        first half's speaker for a second half, an attribution before it after a comma or a colon. None for
        marks with no speaker next to them (names, titles, scare quotes); a paragraph that is all quotation is
        kept aside in `standalone`, since it may go on from the report just before it."""
        text = self.text
        after = self.dash_attribution(p.close + 1, pe, p.open, ps)
        # what ends the paragraph's text before the marks, found by a scan back over spaces (not by
        # slicing the paragraph up to each pair: a paragraph of thousands of pairs was quadratic)
        k = k0 = skip_space_back(text, ps, p.open)
        if k - ps >= 2 and text[k - 2:k] == "''":  # «сказала: ''«…»''»
            while k > ps and text[k - 1] == "'":
                k -= 1
            k = skip_space_back(text, ps, k)
        last = text[k - 1] if k > ps else ""
        words = None if after is not None else self.agents.words_of_after_dash(p.close + 1, pe)
        if words is not None:
            # «…», — эти слова командира корабля Олега Сомова цитирует ТАСС: whose words they are
            attr, cue, apos = words
        elif after is not None:
            k, ln, _ = after
            verb = self.tokens[k]
            cend = self.attribution_clause_end(k + ln - 1, pe)
            first = self.sp.tok_index(after[2])
            first += self._so(first)
            attr = MISSING
            if k > first:
                # a subject before the cue («— так Сергей Лавров прокомментировал», «— Лавров сказал»); else
                # the one after it («— так прокомментировал … Лавров»)
                attr = self.agents.agent_before(k, self.tokens[first].start, verb)
                if not attr.found:
                    attr = self.agents.document_author(first, verb.start, verb)  # «— так в МИД … прокомментировали»
            if not attr.found:
                attr = self.agents.agent_after_cue(k, ln, cend, verb)
            if not attr.found and k > 0:
                # «— это было сказано в обращении компании»
                attr = self.agents.document_author(k + ln, cend, verb)
            cue = cue_text(text, self.tokens[k:k + ln])
            apos = verb.start
        elif prev_attr is not None and prev_attr[0] <= p.open and re.fullmatch(
                r"\s*[.,…]?\s*[—–:-]\s*", text[prev_attr[0]:p.open]):
            # «A», — сказал Трамп. — «B»: the second half has the first half's speaker
            _, attr, cue = prev_attr
            apos = p.open
        elif last == "," and (hit := self.comma_attribution(k - 1)):
            # «…которые «требуют сил», говорит Мальцев, «поэтому я…»»: the attribution before
            attr, cue, apos = hit
        elif last == ":" or (last in ("—", "–") and p.open == k + 1 and word_count(content) >= 3):
            # (a short name in marks after a dash signs the line: «…, — «Коммерсант»»)
            # «Цитата дня: «…», — Олег Сомов»: a source signed after the marks names it before the heading does
            verbless = self._verbless_source(p.close + 1, pe) if last == ":" else None
            if verbless is not None:
                (attr, apos), cue = verbless, None
            else:
                attr, cue = self.colon_attribution(ps, p.open, k - 1)
                if attr is None:
                    return None
                apos = p.open
        elif self.starts_sentence(p.open, ps) and (verbless := self._verbless_source(p.close + 1, pe)) is not None:
            attr, apos = verbless
            cue = None
        else:
            # names, titles, scare quotes: marks with no speaker next to them; but a paragraph that is
            # all quotation is kept aside: it may go on from the report just before it
            if k0 == ps and _skip_forward(text, p.close + 1, pe, " \t.") == pe \
                    and word_count(content) >= 3:
                self.standalone.append((qs, qe, ps))
            return None
        return attr, cue, apos

    def _verbless_source(self, pos: int, pe: int) -> tuple[Lazy, int] | None:
        """«…» — Дмитрий Медведев. / «…», — глава МИД Венгрии Петер Сийярто. / «…» — Захарова о заявлении
        Макрона: a source named after a dash with no verb, the way news posts sign a quotation. Its phrase
        opens right after the dash, names a person or organisation (or is a title), and nothing but «о …»
        follows it before its sentence ends: (who, where the source is)."""
        text = self.text
        m = _VERBLESS_DASH.match(text, pos, pe)
        if not m:
            return None
        start = m.end()
        end = start
        limit = min(pe, start + SIGNATURE_CHARS)  # (a run of «…» — «…» pairs must not cost a scan to its end each)
        while end < limit and (text[end] not in ".!?…\n" or dot_in_name(text, end)):
            end += 1
        if end == limit < pe:
            return None
        k = self.sp.tok_index(start)
        ph = phrase_after(self.sp, k, end) if k < len(self.tokens) and self.tokens[k].start < end else None
        toks = self.tokens
        if ph is None and k < len(toks) and toks[k].start < end and toks[k].text.isupper():
            # an abbreviation the tagger gave an oblique case («— МЧС.»): the organisation it names
            org = next((f for f in self.sp.mentions_in(toks[k].start, toks[k].end)
                        if f[2].type == "ORG" and f[0] == toks[k].start), None)
            ph = (k, self.sp.tok_index(org[1])) if org is not None else None
        if ph is None or ph[0] != k:
            return None
        after = ph[1]
        if after < len(toks) and toks[after].start < end and not (
                toks[after].text.lower() in _ABOUT or toks[after].text in ("*", "_", ")", "»", "\"", "“")):
            return None
        if not self._names_someone(k, ph[1])[1]:
            return None
        return self.agents.lazy(*ph), toks[k].start

    def _names_someone(self, k: int, e: int) -> tuple[Token, bool]:
        """The noun of the phrase tokens[k:e], past its adjectives («научный руководитель Гидрометцентра»), and
        whether the phrase names a person or organisation at its start or its noun describes people («глава МИД»,
        «синоптики», «врач-косметолог»)."""
        toks = self.tokens
        noun = next((t for t in toks[k:e] if t.pos in ("NOUN", "PROPN")), toks[k])
        named = any(f[2].type in ("PER", "ORG") and f[0] == toks[k].start
                    for f in self.sp.mentions_in(toks[k].start, toks[e - 1].end))
        gender = "Plur" if noun.feats.get("Number") == "Plur" else noun.feats.get("Gender") or "Masc"
        return noun, named or describes_person(noun, gender, compound=True)

    def _cut_in_two(self, qs: int, qe: int, content: str) -> tuple[Lazy, str, int, list[tuple[int, int]]] | None:
        """An attribution that cuts the quote in two: «A, — написал он. — B»: (who, cue, where the attribution
        is, the two halves)."""
        text = self.text
        # (a hyphen between spaces is an agency's typewriter dash: «A, - заявил он. - B»)
        for m in re.finditer(r"(?P<pre>[,!?…]?)\s+[—–-]\s+", content):
            k = self.sp.tok_index(qs + m.end())
            hit = self.cues.cue_within(k, qe, 3)
            if hit is None:
                continue
            cend = self.attribution_clause_end(hit[0] + hit[1] - 1, qe)
            rest = re.match(r"[.,:]?\s*[—–]\s*|[.,:]?\s+-\s+", text[cend:qe])
            if not rest or cend - (qs + m.end()) > MAX_ATTR:
                continue
            verb = self.tokens[hit[0]]
            attr = self.agents.agent_after_cue(hit[0], hit[1], cend, verb)
            cue = cue_text(text, self.tokens[hit[0]:hit[0] + hit[1]])
            a_end = qs + m.start() + (0 if m.group("pre") == "," else len(m.group("pre")))
            return attr, cue, verb.start, [(qs, a_end), (cend + rest.end(), qe)]
        return None

    def comma_attribution(self, comma: int) -> tuple[Lazy, str, int] | None:
        """«…», говорит X, «…»: a cue that follows a comma and a subject that runs up to `comma`."""
        toks = self.tokens
        kc = self.sp.tok_index(comma)
        for k in range(kc - 1, max(-1, kc - 7), -1):
            if toks[k].text in ",»\"" and k + 1 < kc:
                n = self.cues.cue_len(k + 1)
                if not n:
                    return None
                ph = phrase_after(self.sp, k + 1 + n, comma)
                if ph is None or ph[1] != kc:
                    return None
                verb = toks[k + 1]
                return self.agents.lazy(*ph, verb), cue_text(self.text, toks[k + 1:k + 1 + n]), verb.start
            if toks[k].text in ".!?:;«":
                return None
        return None

    def dash_speech(self, ps: int, pe: int, cands: list[Cand]) -> None:
        """A paragraph of speech introduced by a dash: «— A, — сказал он. — B.» (no quotation marks)."""
        text = self.text
        m = re.match(r"\s*[—–-]\s+", text[ps:pe])
        if not m:
            return
        qs = ps + m.end()
        # (the dash inside may be a hyphen between spaces, as agencies type it: «- A, - сказал он. - B»)
        for d in re.finditer(r"(?P<pre>[,!?…])\s+[—–-]\s+", text[qs:pe]):
            k = self.sp.tok_index(qs + d.end())
            hit = self.cues.cue_within(k, pe, 3)
            if hit is None:
                continue
            verb = self.tokens[hit[0]]
            cend = self.attribution_clause_end(hit[0] + hit[1] - 1, pe)
            attr = self.agents.agent_after_cue(hit[0], hit[1], cend, verb)
            if not attr.found:
                return
            cue = cue_text(text, self.tokens[hit[0]:hit[0] + hit[1]])
            a_end = qs + d.start() + (0 if d.group("pre") == "," else len(d.group("pre")))
            pieces = [(qs, a_end)]
            rest = re.match(r"[.,:]?\s*[—–]\s+|[.,:]?\s+-\s+", text[cend:pe])
            if rest:
                b = pe
                while b > cend and text[b - 1] in " \t\n.":
                    b -= 1
                pieces.append((cend + rest.end(), b))
            for a, b in pieces:
                a, b = trim(text, a, b)
                if word_count(text[a:b]) >= 1:
                    cands.append(Cand("direct", a, b, cue, attr, verb.start))
            return

    def colon_attribution(self, ps: int, open_pos: int, colon: int) -> tuple[Lazy | None, str | None]:
        """The speaker of a quote after a colon: the cue and subject of the sentence the colon ends (read no
        further back than COLON_SENTENCE_CHARS: a paragraph of «…» — «…» chains with no sentence end must not cost
        a scan to its start per pair)."""
        s = sentence_start(self.text, colon, max(ps, colon - COLON_SENTENCE_CHARS), [])
        k0 = self.sp.tok_index(s)
        k1 = self.sp.tok_index(colon)
        cue_k = None
        for k in range(k1 - 1, max(k0, k1 - 14) - 1, -1):
            if self.tokens[k].text in "«»\"":
                break  # a quotation between cue and colon: the colon belongs to something else
            n = self.cues.cue_len(k)
            if n and self.tokens[k].pos == "NOUN" and k > 0 and self.tokens[k - 1].text.lower() in ("о", "об", "про"):
                continue  # «Захарова — о заявлении Макрона: «…»»: the statement is the topic, not the source
            if n or self.cues.cue_len(k, "colon") and not (k > 0 and self.tokens[k - 1].text.lower() in ("по", "на")):
                cue_k = (k, n or self.cues.cue_len(k, "colon"))
                break
        if cue_k is not None:
            k, n = cue_k
            verb = self.tokens[k]
            if self.tokens[k].pos == "NOUN":
                # «Комментарий областного телевидения:», «отрывок из написанного им обращения:»
                gen = phrase_genitive(self.sp, k + n, colon)
                if gen is not None and self.tokens[gen[0]].pos == "ADP":
                    gen = None  # «письмом о переносе сроков»: what the document is about, not who wrote it
                elif gen is not None and next((t.feats.get("Case") for t in self.tokens[gen[0]:gen[1]]
                                               if t.pos in ("NOUN", "PROPN")), None) not in ("Gen", None):
                    gen = None  # «комментарий длительностью 12 минут»: no one's, only how long
                elif gen is not None and lemma(self.tokens[gen[0]].text) in _TIME_NOUNS:
                    gen = None  # «Цитата дня:»: when, not whose
                attr = self.agents.lazy(*gen, verb) if gen else MISSING
                if not attr.found:
                    attr = self.agents.participle_agent(k0, k1)
                if not attr.found:
                    attr = self.agents.agent_before(k, s, verb, cross_verb=True)
                if not attr.found:
                    attr = self.agents.last_speaker(self.tokens[k].start)
            else:
                # «The Guardian цитирует пресс-службу резиденции:»: whose words, not who passes them on
                attr = self.agents.quoted_source(k, colon, verb)
                if not attr.found:
                    attr = self.agents.agent_before(k, s, verb)
                if verb.feats.get("VerbForm") == "Conv":
                    # «…, заявив ТАСС: «…»»: a gerund has the main verb's subject; what follows it is whom it was
                    # told to
                    if not attr.found:
                        attr = self.agents.gerund_subject(k, s, verb)
                elif not attr.found:
                    attr = self.agents.agent_after(k + n, colon, verb)
                if not attr.found:
                    attr = self.agents.document_author(k + n, colon, verb, back=4)
                if not attr.found and is_finite(verb) and verb.feats.get("Person") in (None, "3") and all(
                        t.pos in ("CCONJ", "ADV", "PART", "PUNCT") for t in self.tokens[k0:k]):
                    # «…», — сказал Сомов. И добавил: «…»: a verb with no subject of its own goes on with the
                    # speaker before it (not the author's «Напомним:»)
                    attr = self.agents.last_speaker(verb.start)
            if attr.found:
                return attr, cue_text(self.text, self.tokens[k:k + n])
            return None, None
        # no cue: a named person or organisation as the subject («Олег Сомов: «…»», «Мальцев
        # передумал…: «…»»)
        ph = None
        for k in range(k0, k1):
            t = self.tokens[k]
            if t.pos in ("PROPN", "NOUN") and t.feats.get("Case", "Nom") == "Nom":
                ph = phrase_before(self.sp, k + 1, s)
                break
            if k == k0 and t.pos == "PROPN" and k + 1 < k1 and self.tokens[k + 1].text in ("—", "–"):
                # a surname opening a headline before a dash is its subject, whatever case the tagger gave it
                # («Захарова — о заявлении Макрона:»)
                ph = (k, k + 1)
                break
        if ph is None:
            return None, None
        attr = self.sp.resolve(*ph)
        if attr.entity is None or attr.speaker_type != "person" and attr.speaker_type != "organization":
            return None, None
        return Lazy(value=attr), None

    def block_quotes(self, paras: list[tuple[int, int]], cands: list[Cand]) -> None:
        """A paragraph after a colon with no quotation marks (a lost quote template) is a direct quote."""
        text = self.text
        for n, ((ps, pe), nxt) in enumerate(zip(paras, paras[1:])):
            body = text[ps:pe].rstrip()
            if not body.endswith(":"):
                continue
            ns, ne = trim(text, *nxt)
            if ne <= ns or text[ns] in "«\"„“—–-":
                continue
            ns = _skip_forward(text, ns, ne, BULLETS)  # a list's bullet is layout, not part of its first item
            if text.count("\n", ps + len(body), ns) >= 3:
                continue  # two blank lines after the colon: the quote was lost from the source (gold rule 3)
            if self.cues.has_reported_cue(ns, ne):
                continue
            if text[ne - 1] == ":":
                continue  # a line that introduces a quote of its own («В заявлении говорится:»)
            attr, cue = self.colon_attribution(ps, ns, ps + len(body) - 1)
            if attr is None or cue is None:
                continue
            ne = self.block_continues(paras, n + 1, ne)
            end = ne - 1 if text[ne - 1] == "." else ne
            cands.append(Cand("direct", ns, end, cue, attr, ps + len(body) - 1))

    def after_colon(self, cands: list[Cand]) -> None:
        """«Иван Петров сказал:» ending a paragraph, and the next paragraph all quotation: the colon's cue and
        speaker are the quote's, as for a paragraph that lost its marks (block_quotes). `direct` sees only a
        pair's own paragraph, so such a pair was left aside as standalone; the ones taken here leave that list."""
        text = self.text
        taken = {(c.start, c.end) for c in cands}
        left = []
        for a, b, ps in self.standalone:
            k = skip_space_back(text, 0, ps)
            a_, b_ = trim(text, a, b, " \t\n\u00a0")
            if k == 0 or text[k - 1] != ":" or text.count("\n", k, ps) >= 3 or (a_, b_) in taken:
                left.append((a, b, ps))  # (two blank lines: the colon's quote was lost, gold rule 3)
                continue
            attr, cue = self.colon_attribution(text.rfind("\n", 0, k - 1) + 1, a, k - 1)
            if attr is None or cue is None:
                left.append((a, b, ps))
                continue
            cands.append(Cand("direct", a_, b_, cue, attr, k - 1))
        self.standalone = left

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
            if not first_person or self.cues.has_reported_cue(a, b):
                break
            end = b
        return end

    def headline(self, paras: list[tuple[int, int]], cands: list[Cand]) -> None:
        """«Сомов: Мы продолжим работу…»: a name and a colon opening the first paragraph, or a paragraph after a
        question (an interview), without marks."""
        text = self.text
        for n, (ps, pe) in enumerate(paras):
            # an interview's answer: «Сомов: …» after a paragraph that asks a question (only a person)
            answer = n > 0 and last_char(text, *paras[n - 1]) == "?"
            if n > 0 and not answer:
                continue
            # (past the emoji a post's headline may open with: «💬WSJ: …»)
            lead = next((c for c in range(ps, min(pe, ps + HEADLINE_LEAD)) if text[c].isalnum()), ps)
            m = re.match(r"([^\W\d][\w\-. ]{1,40}?):\s+(?=[^\s«\"„“])", text[lead:pe])
            if not m:
                continue
            attr = self._headline_source(lead, lead + m.end(1), people_only=answer)
            if attr is None:
                continue
            a, b = trim(text, lead + m.end(), pe)
            if text[b - 1:b] == ".":
                b -= 1
            if word_count(text[a:b]) >= 3:
                cands.append(Cand("direct", a, b, None, attr, lead))

    def signed_lines(self, paras: list[tuple[int, int]], cands: list[Cand]) -> None:
        """«Сегодня ожидается потепление до +7 градусов, — синоптики.», «МВД предложило …, — РБК», «…, —
        предупреждает МЧС»: a paragraph of a post signed at its end, after a dash, by its source (the gold reads
        these as direct quotes, QUOTES-GOLD.md on Telegram). Marks around the words leave them to the mark
        pairs."""
        text = self.text
        for ps, pe in paras:
            a, b = trim(text, ps, pe, " \t\u00a0*_.")
            dash = max(text.rfind(" — ", a, b), text.rfind(" – ", a, b))
            if dash < 0 or b - dash > SIGNATURE_CHARS:
                continue
            lead = next((c for c in range(a, min(dash, a + HEADLINE_LEAD)) if text[c].isalnum()), None)
            if lead is None:
                continue
            qb = skip_space_back(text, lead, dash)
            while qb > lead and text[qb - 1] in "*_, ":
                qb -= 1
            words = text[lead:qb]
            if text[qb - 1] in "»\"“" or word_count(words) < 3 or "«" in words or "\n" in words:
                continue
            signature = self._signature(qb, b)
            if signature is None:
                continue
            k0, k1 = self.sp.tok_index(lead), self.sp.tok_index(qb)
            toks = self.tokens
            if toks[k0].text.lower() in ("как", "по") or any(
                    is_finite(t) and self.cues.cue_len(i) and i + 2 < k1 and (
                        toks[i + 1].text == ":" or toks[i + 1].text == "," and toks[i + 2].text.lower() in _THAT)
                    for i, t in enumerate(toks[k0:k1], k0)):
                # a report of its own («В РПЦ заявили, что …, — …», «Как утверждает источник, …», «По словам …»;
                # not «МВД предложило …, — РБК»)
                continue
            attr, cue, apos = signature
            cands.append(Cand("direct", lead, qb, cue, attr, apos))

    def _signature(self, pos: int, b: int) -> tuple[Lazy, str | None, int] | None:
        """The source that signs a line from the dash at `pos` to the line's end `b`: a cue and its subject
        («— предупреждает МЧС»), or, with no verb, the whole phrase when it names a person or organisation,
        describes people, or is a word for a source («— синоптики», «— член комитета … Фролова», «— ГУ по
        вопросам миграции МВД», «— «Вестник»», «— исследование»): (who, cue, where the source is)."""
        m = _VERBLESS_DASH.match(self.text, pos, b)
        if not m:
            return None
        toks = self.tokens
        k, e = self.sp.tok_index(m.end()), self.sp.tok_index(b)
        while e > k and not toks[e - 1].text[:1].isalnum() and toks[e - 1].text not in "»\"":
            e -= 1
        if k >= e:
            return None
        if toks[k].text in "«\"„" and k + 1 < e and toks[k + 1].text[:1].isupper():
            if toks[e - 1].text in "»\"" and e - k <= 6:
                return self.agents.lazy(k + 1, e - 1), None, toks[k + 1].start  # «…, — «Вестник»»
            return None
        n = self.cues.cue_len(k)
        if n and is_finite(toks[k]):
            attr = self.agents.agent_after_cue(k, n, b, toks[k])
            return (attr, cue_text(self.text, toks[k:k + n]), toks[k].start) if attr.found else None
        if e - k > SIGNATURE_TOKENS or any(is_finite(t) or t.text in ",;:" for t in toks[k:e]):
            return None
        noun, someone = self._names_someone(k, e)
        if noun.feats.get("Case") not in ("Nom", None) and not noun.text.isupper():
            return None  # («…, которые объявлены в розыск — Абу Саситлинским и …»: whom, not who)
        if not (someone or lemma(noun.text) in SIGNING_SOURCES or toks[k].text.isupper()):
            return None
        if e - k == 1 and lemma(noun.text) in KIND_OF_ORGANISATION | MEDIA:
            # «Информация о сбое в офисах Сбера не соответствует действительности, — банк.»: the one
            # organisation the line names
            line = self.text.rfind("\n", 0, pos) + 1
            orgs = {f[2].id: f for f in self.sp.mentions_in(line, pos) if f[2].type == "ORG"}
            if len(orgs) == 1:
                _, _, ent, mention = next(iter(orgs.values()))
                return Lazy(value=Attribution(ent.name, "organization", ent.id, mention)), None, toks[k].start
        return self.agents.lazy(k, e), None, toks[k].start

    def _headline_source(self, a: int, b: int, people_only: bool = False) -> Lazy | None:
        """Who a headline «X: …» quotes: a person named first in X, an organisation X names whole («WSJ»,
        «Минобороны»), or a person X describes («Депутат Рады от правящей партии»); None for anything else
        («Итоги: …», «Москва: …»)."""
        found = [f for f in self.sp.mentions_in(a, b) if f[0] == a and (
            f[2].type in ("PER", "ORG") or f[2].type == "LOC" and f[2].name.lower() in SEATS_OF_POWER)]
        if people_only:
            # an answer is introduced by the name alone («Сомов: …»; not «Сомов попался в чатах: …»)
            found = [f for f in found if f[1] == b]
        if found and found[0][2].type == "PER":
            s, e, ent, mention = found[0]
            return Lazy(value=Attribution(ent.name, "person", ent.id, mention))
        if people_only:
            return None
        if found and found[0][1] == b:
            s, e, ent, mention = found[0]
            return Lazy(value=Attribution(ent.name, "organization", ent.id, mention))
        i, j = self.sp.tok_index(a), self.sp.tok_index(b)
        if i >= j:
            return None
        toks = self.sp.tokens
        group = toks[i].feats.get("Number") == "Plur"
        if describes_person(toks[i], "Plur" if group else toks[i].feats.get("Gender", "Masc")) \
                and not any(is_finite(t) for t in toks[i:j]):
            # one person described is the one the body introduces so («Мэр Казани: …», then «мэр Казани Ильсур
            # Метшин»); a group («Эксперты: …») stays as described
            named = None if group else self.sp.introduced_after(lemma(toks[i].text), b)
            return Lazy(value=named) if named is not None else self.agents.lazy(i, j)
        return None
