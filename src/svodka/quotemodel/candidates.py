"""Candidates: what may be a quote in an article, and who may have said each one.

Recall comes from here, precision from the model. The rule extractor's quotes are candidates with their
attribution; beside them every quotation-mark pair the rules passed over, and the two Telegram shapes the
rules do not read: a line that ends with its source after a dash («…, — Песков», «… — СМИ») and a dash or
bullet list after a line that ends with a colon (one speaker's points). Speakers are the rule's choice plus
every person, organisation and place mentioned near the quote; the model ranks them.
"""
from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime

from ..extract.lexicon import Lexicon
from ..extract.quotes import extract_quotes as rule_quotes
from ..extract.spans import SpanIndex
from ..extract.speakers import is_finite
from ..extract.text import paragraphs, quote_pairs
from ..link.roles import Roles
from ..nlp.words import lemma, token_lemmas
from ..model import Entity, Mention, Quote
from ..nlp.normalize import normalize_span, parse_word
from ..nlp.pipeline import Parsed, Token, has_word

# How far from a quote a mention may be and still name its speaker: a paragraph or two of news prose.
WINDOW_BEFORE = 700
WINDOW_AFTER = 300
MAX_SPEAKERS = 10
SPEAKER_TYPES = {"PER": "person", "ORG": "organization", "LOC": "organization"}
# «…, — Песков» / «… — СМИ»: a line whose last words after a spaced dash name who said it (at most four words,
# no full stop of their own).
_DASH_SOURCE = re.compile(r"^(?P<q>.*\S)\s+[—–]\s+(?P<src>[^\s.!?—–][^.!?—–]{0,80}?)[.]?\s*$", re.S)
# the source of a dash line is short («— Песков», «— СМИ»); after a comma («…, — зампред правления Сбера
# Станислав Кузнецов») it may be a longer description, since a comma before the dash does not open a
# predicate («Похититель — водитель-дальнобойщик»)
DASH_SOURCE_WORDS, COMMA_DASH_SOURCE_WORDS = 4, 8
_LIST_ITEM = re.compile(r"\s*(?:[—–•·▪️]|-(?=\s)|\d{1,2}[.)])\s*")

# «Песков: …», «СМИ: …», «Депутат Рады: …»: a short head, a colon, the words
_HEAD_COLON = re.compile(r"^\s*(?P<src>[^:«»\"\n]{2,60}?):\s+(?P<q>\S.{7,})$", re.S)
# where a reported clause ends: a sentence end followed by a space or a line end
_CLAUSE_END = re.compile(r"[.!?…](?=\s|$)|\n")
# how many tokens a «что» may stand after its cue («заявил газете ''Rheinische Post'', что»)
THAT_WINDOW = 8
# No reported clause or quotation of news runs longer than this; a longer stretch (a text with no sentence
# ends, a dump) is no candidate, which also keeps the work per candidate bounded.
MAX_SPAN = 3000


ORIGINS = ("rule", "pair", "dashline", "listline", "block", "headcolon", "that", "postposed", "twin", "anaphor",
           "mixed", "opening")


@dataclass
class QuoteCand:
    kind: str
    start: int
    end: int
    origin: str  # one of ORIGINS
    cue: str | None = None
    rule: Quote | None = None  # the rule's quote, when the rules proposed it
    src: tuple[int, int] | None = None  # the source words of a dash line
    cue_tok: int | None = None  # the cue's token, where the candidate was found from it


@dataclass
class SpeakerCand:
    name: str
    speaker_type: str
    etype: str  # PER ORG LOC or PHRASE (the rule's unnamed source)
    entity: Entity | None = None
    from_rule: bool = False
    mention: Mention | None = None


INTRO_HEADING = 200  # characters of a heading with no colon that may introduce a list of statements


@dataclass
class Doc:
    """An article with the indexes the features need, built once."""
    text: str
    tokens: list[Token]
    starts: list[int]
    sent_bounds: list[tuple[int, int]]
    sent_starts: list[int]
    paras: list[tuple[int, int]]
    para_starts: list[int]
    entities: list[Entity]
    mentions: list[tuple[int, int, Entity, Mention]]  # sorted by start
    mention_starts: list[int]
    cue_tokens: list[int]  # indexes of tokens whose lemma begins a lexicon entry
    cue_starts: list[int]
    lexicon: Lexicon
    rules: list[Quote] = field(default_factory=list)
    # indexes built once per article so that no candidate scans the whole article (analysis time must grow
    # linearly with the text, also on hostile input)
    ents_by_id: dict[str, Entity] = field(default_factory=dict)
    ent_mentions: dict[str, list[Mention]] = field(default_factory=dict)
    ent_starts: dict[str, list[int]] = field(default_factory=dict)
    main_persons: list[Entity] = field(default_factory=list)
    name_ids: dict[str, list[str]] = field(default_factory=dict)
    rule_spans: SpanIndex = field(default_factory=lambda: SpanIndex(()))
    rule_starts: list[int] = field(default_factory=list)
    rule_counts: dict[str, int] = field(default_factory=dict)
    _para_cache: dict[int, tuple[int, int, int, bool]] = field(default_factory=dict)
    _intro_cache: dict[int, tuple[int, int] | None] = field(default_factory=dict)
    _written_cache: dict[str, str] = field(default_factory=dict)
    words_near: dict[str, dict[str, list[int]]] = field(default_factory=dict)  # features._words_near, per entity
    lemmas: list[str] = field(default_factory=list)  # token_lemma of each token, computed once per article

    def token_at(self, pos: int) -> int:
        """Index of the token that starts at or before `pos`."""
        return max(0, bisect_right(self.starts, pos) - 1)

    def sent_of(self, pos: int) -> int:
        return max(0, bisect_right(self.sent_starts, pos) - 1)

    def para_of(self, pos: int) -> int:
        return max(0, bisect_right(self.para_starts, pos) - 1)

    def cues_between(self, a: int, b: int) -> list[int]:
        return self.cue_tokens[bisect_left(self.cue_starts, a):bisect_left(self.cue_starts, b)]

    def set_rules(self, rules: list[Quote]) -> None:
        self.rules = sorted(rules, key=lambda r: (r.start, r.end))
        self.rule_starts = [r.start for r in self.rules]
        self.rule_spans = SpanIndex((r.start, r.end) for r in self.rules)
        for r in self.rules:
            if r.speaker_entity:
                self.rule_counts[r.speaker_entity] = self.rule_counts.get(r.speaker_entity, 0) + 1

    def rule_overlaps(self, a: int, b: int) -> bool:
        return self.rule_spans.overlaps(a, b)

    def rule_encloses(self, a: int, b: int) -> bool:
        """A rule quote that starts before `a` reaches `b`: the span lies inside it."""
        return self.rule_spans.reaches(a, b)

    def around(self, ent: Entity, a: int, b: int) -> tuple[Mention | None, Mention | None, bool]:
        """The entity's last mention before `a`, first after `b`, and whether one lies in between."""
        ms, starts = self.ent_mentions[ent.id], self.ent_starts[ent.id]
        i = bisect_left(starts, a)
        before = ms[i - 1] if i > 0 else None
        inside = before is not None and before.end > a
        if inside:
            before = ms[i - 2] if i > 1 else None
        j = bisect_left(starts, b)
        inside = inside or j > i
        return before, ms[j] if j < len(ms) else None, inside

    def mentions_near(self, ent: Entity, pos: int, reach: int) -> list[Mention]:
        starts = self.ent_starts[ent.id]
        return self.ent_mentions[ent.id][bisect_left(starts, pos - reach):bisect_right(starts, pos + reach)]

    def written(self, ent: Entity) -> str:
        """An organisation's or place's name as this article writes it, in the nominative: the entity's name
        where the article writes that, else the fullest name its mentions give. The gazetteer names an entity
        for linking across articles («Reuters», «ИГИЛ»); a quote's speaker is the name the article gives the
        source (QUOTES-GOLD.md: «Рейтер», «Исламское государство»), and `speaker_entity` keeps the link."""
        if ent.type == "PER" or not ent.mentions:
            return ent.name
        if ent.id not in self._written_cache:
            self._written_cache[ent.id] = self._written(ent)
        return self._written_cache[ent.id]

    def _written(self, ent: Entity) -> str:
        key = ent.name.lower()
        if any(" ".join(m.text.split()).lower() == key for m in ent.mentions):
            return ent.name
        names: Counter = Counter()
        written: dict[str, str] = {}  # each spelling normalised once: a name repeated a thousand times is one
        for m in ent.mentions:
            as_written = " ".join(m.text.split())
            if as_written not in written:
                toks = self.tokens[bisect_left(self.starts, m.start):bisect_left(self.starts, m.end)]
                written[as_written] = " ".join((normalize_span(toks, ent.type) if toks else m.text).split())
                if written[as_written].lower() == key:
                    return ent.name
            names[written[as_written]] += 1
        best = max(names, key=lambda n: (len(n.split()), names[n], len(n)))
        if not ent.name.endswith("."):
            best = best.rstrip(".")  # a span the tagger ran to the full stop («Би-би-си.»)
        # a one- or two-letter abbreviation («Ъ») is how the article refers to a name, not a name to show
        return best if sum(ch.isalnum() for ch in best) > 2 else ent.name

    def intro(self, pos: int) -> tuple[int, int] | None:
        """The paragraph that introduces a list or block at `pos`: the nearest one before it, over the list's
        other items, that ends with a colon («Путин на форуме. Главное:»). Computed once per paragraph: the
        candidate, its features and its speakers all ask."""
        pi = self.para_of(pos)
        if pi not in self._intro_cache:
            self._intro_cache[pi] = self._find_intro(pi)
        return self._intro_cache[pi]

    def _find_intro(self, pi: int) -> tuple[int, int] | None:
        for j in range(pi - 1, max(-1, pi - 40), -1):
            if self.para_info(j)[3]:
                return self.paras[j]
            if not (_LIST_ITEM.match(self.text, self.paras[j][0]) or self.next_line(j)):
                # a heading with no colon that names speech («Другие заявления Путина на форуме «Валдай»»,
                # then a dash list of them): no full stop, a cue of the lexicon in it, a list item after it
                a, b = self.paras[j]
                head = self.text[a:b].rstrip()
                if j + 1 < len(self.paras) and _LIST_ITEM.match(self.text, self.paras[j + 1][0]) \
                        and head[-1:] not in ".!?…" and not (head[:1] in "«\"" and head[-1:] in "»\"") \
                        and len(head) <= INTRO_HEADING and self.cues_between(a, b):
                    return self.paras[j]
                return None
        return None

    def next_line(self, pi: int) -> bool:
        """Whether paragraph `pi + 1` is the very next line, with no blank line between: the items of a list
        whose bullets (emoji: «✅ …», «🔹 …») the clean view removed stand so."""
        if pi + 1 >= len(self.paras):
            return False
        gap = self.text[self.paras[pi][1]:self.paras[pi + 1][0]]
        return gap.count("\n") == 1 and not gap.strip()

    def para_info(self, pi: int) -> tuple[int, int, int, bool]:
        """(trimmed start, trimmed end, quotation marks, ends with a colon) of paragraph `pi`, computed once."""
        if pi not in self._para_cache:
            ps, pe = self.paras[pi]
            t = self.text
            a, b = ps, pe
            while a < b and t[a] in " \t«»\"“”„'*_":
                a += 1
            while b > a and t[b - 1] in " \t«»\"“”„'*_":
                b -= 1
            marks = t.count("«", ps, pe) + t.count('"', ps, pe) // 2
            self._para_cache[pi] = (a, b, marks, t[ps:pe].rstrip().endswith(":"))
        return self._para_cache[pi]


def token_lemma(tok: Token) -> str:
    return lemma(tok.text) if tok.text[:1].isalpha() else tok.text


def build_doc(parsed: Parsed, entities: list[Entity], lexicon: Lexicon,
              paras: list[tuple[int, int]] | None = None) -> Doc:
    tokens = parsed.tokens
    verbs = lexicon.by_first("verb")
    sources = lexicon.by_first("source")
    colon = lexicon.by_first("colon")
    # every token's lemma once, as token_lemma gives it: the cues here and the features later read them by
    # index (a call of token_lemma per token and per reader was 6 % of the quote step)
    lemmas, cue_tokens = [], []
    for i, (t, lm) in enumerate(zip(tokens, token_lemmas(parsed))):
        if t.text[:1].isalpha():
            lemmas.append(lm)
            if lm in verbs or lm in sources or lm in colon:
                cue_tokens.append(i)
        else:
            lemmas.append(t.text)
    mentions = sorted(((m.start, m.end, e, m) for e in entities for m in e.mentions), key=lambda x: x[:2])
    paras = (paragraphs(parsed.text) if paras is None else paras) or [(0, len(parsed.text))]
    doc = Doc(parsed.text, tokens, [t.start for t in tokens], [(s.start, s.end) for s in parsed.sents],
              [s.start for s in parsed.sents], paras, [p[0] for p in paras], entities, mentions,
              [m[0] for m in mentions], cue_tokens, [tokens[i].start for i in cue_tokens], lexicon,
              lemmas=lemmas)
    for e in entities:
        doc.ents_by_id[e.id] = e
        ms = sorted(e.mentions, key=lambda m: (m.start, m.end))
        doc.ent_mentions[e.id] = ms
        doc.ent_starts[e.id] = [m.start for m in ms]
        doc.name_ids.setdefault(e.name, []).append(e.id)
    doc.main_persons = sorted((e for e in entities if e.type == "PER"), key=lambda e: -len(e.mentions))[:2]
    return doc


def quote_candidates(parsed: Parsed, entities: list[Entity], published: date | datetime | None,
                     lexicon: Lexicon, roles: Roles | None) -> tuple[Doc, list[QuoteCand]]:
    text = parsed.text
    # paragraphs and their mark pairs, scanned once for the rules and for the candidates below
    paras = paragraphs(text)
    all_pairs = [quote_pairs(text, ps, pe) for ps, pe in paras]
    doc = build_doc(parsed, entities, lexicon, paras)
    doc.set_rules(rule_quotes(parsed, entities, published, lexicon, roles, paras, all_pairs))
    if not paras:  # build_doc's fallback paragraph of a text with no line of its own
        all_pairs = [quote_pairs(text, ps, pe) for ps, pe in doc.paras]
    cands = [QuoteCand(q.kind, q.start, q.end, "rule", q.cue, q, cue_tok=cue_near(doc, q.start, q.end, q.cue))
             for q in doc.rules]
    extra: list[QuoteCand] = []

    def add(kind: str, a: int, b: int, origin: str, cue: str | None = None, src=None, min_len: int = 8,
            cue_tok: int | None = None, over_rules: bool = False) -> None:
        while b > a and text[b - 1] in " \t\n,;:":
            b -= 1
        while a < b and text[a] in " \t\n":
            a += 1
        if min_len <= b - a <= MAX_SPAN and (over_rules or not doc.rule_overlaps(a, b)) and has_word(text, a, b):
            # a quote says something: a span of marks and spaces («« »» «« »») is none, and on a text
            # made of such runs it would be a candidate per run
            extra.append(QuoteCand(kind, a, b, origin, cue, src=src, cue_tok=cue_tok))

    prev_colon = in_block = False
    for n, ((ps, pe), pairs) in enumerate(zip(doc.paras, all_pairs)):
        line = text[ps:pe]
        for p in pairs:
            # one word in marks is a name, a term or a scare quote («назвал это «разминкой»»): of 2,341 such
            # pairs in the training gold, one is a quote; on a text of «слово» runs they were most of the work
            if p.end - p.start >= 2 and _two_words(text, p.start, p.end):
                add("direct", p.start, p.end, "pair", min_len=2)
        body_end = ps + len(line.rstrip(" \t.;"))
        # a paragraph after «…:» (a lost quote template), and the lines that follow it with no blank line
        # between (a list that lost its bullets); one that ends with a colon itself introduces the next one
        # («В заявлении говорится:»)
        in_block = (prev_colon or in_block and doc.next_line(n - 1)) and not pairs and not line.rstrip().endswith(":")
        if item := _LIST_ITEM.match(line):
            # a dash or bullet line: one of a speaker's points, or a line of dialogue
            add("direct", ps + item.end(), body_end, "listline")
        elif in_block:
            add("direct", ps, body_end, "block")
        elif (m := _dash_source(line, pairs, ps)):
            src = (ps + m.start("src"), ps + m.end("src"))
            add("direct", ps, ps + m.end("q"), "dashline", src=src)
            # a line the rules read as signed keeps the source words as written for its speakers too
            # («аналитики» beside «аналитики в материале «Вестника»»)
            for c in cands:
                if c.kind == "direct" and c.src is None and ps <= c.start and c.end <= src[0]:
                    c.src = src
        elif (m := _HEAD_COLON.match(line)) and len(m.group("src").split()) <= 6:
            add("direct", ps + m.start("q"), body_end, "headcolon", src=(ps + m.start("src"), ps + m.end("src")))
        prev_colon = line.rstrip().endswith(":")
    _reported(doc, add)
    _cue_colons(doc, add)
    _openings(doc, add)
    _anaphoric(doc, add)
    _mixed(doc, all_pairs, add)
    # every direct candidate of a pair or a dash line is also offered as reported speech of the same span,
    # and the model decides which kind it is: «подтвердил, что «вопрос решён»» is indirect (gold rule 6),
    # «…, — сообщили в центре» is the agency's report, «…, — заявила депутат» her own words
    twins = [QuoteCand("indirect", c.start, c.end, "twin", c.cue, c.rule, c.src, c.cue_tok)
             for c in cands + extra if c.kind == "direct" and c.origin in ("rule", "pair", "dashline")]
    return doc, cands + extra + twins


_WORD = re.compile(r"[^\W_]+")


def _two_words(text: str, a: int, b: int) -> bool:
    words = _WORD.finditer(text, a, b)
    return next(words, None) is not None and next(words, None) is not None


def _quoted_name(text: str, a: int, b: int) -> bool:
    """The marks hold a name, not words: one or two words, the first capitalised («Арбатская», «Неом»)."""
    words = [w.group() for w in _WORD.finditer(text, a, b)]
    return 0 < len(words) <= 2 and words[0][:1].isupper()


CUE_COLON_TOKENS = 15  # from a cue to the colon after which its words follow on the same line


def _cue_colons(doc: Doc, add) -> None:
    """«Власти Москвы рассказали, как будут работать центры: в понедельник офисы закроются, …»: after a cue and
    a colon, the rest of its paragraph with no quotation marks. The gold reads such words as direct or as
    reported speech about equally, so both kinds are offered and the model decides (a colon with marks after it is
    the rules', a colon that ends its paragraph the block candidates')."""
    text, toks = doc.text, doc.tokens
    for i in doc.cue_tokens:
        pe = doc.paras[doc.para_of(toks[i].start)][1]
        for j in range(i + 1, min(len(toks), i + CUE_COLON_TOKENS)):
            t = toks[j]
            if t.start >= pe or t.text in ".!?;«»\"“”„":
                break
            if t.text == ":":
                a = t.end
                while a < pe and text[a] in " \t*_":
                    a += 1
                if a < pe and text[a] not in "«\"“„—–-\n":
                    end = pe
                    while end > a and text[end - 1] in " \t.;":
                        end -= 1
                    for kind in ("direct", "indirect"):
                        add(kind, a, end, "headcolon", toks[i].text, cue_tok=i)
                break


def _dash_source(line: str, pairs, ps: int):
    """«…, — Песков» / «…, — аналитики в материале «Коммерсантъ»»: the line's closing source after a dash, or
    None. Quotation marks may stand in the source (an outlet's name), not in the words before it: a line
    that quotes with marks is read by its pairs."""
    m = _DASH_SOURCE.match(line)
    if m is None:
        return None
    comma = line[:m.end("q")].rstrip(" *_").endswith(",")
    # (after «, —» a name in marks among the words is no quotation: «перекрыто в сторону станции «Арбатская», —
    # Дептранс»; without the comma the dash may explain the name: «назвал модель «Вихрь» — по имени реки»)
    if any(p.open - ps < m.start("src") and not (comma and _quoted_name(line, p.start - ps, p.end - ps))
           for p in pairs):
        return None
    words = len(m.group("src").split())
    return m if words <= (COMMA_DASH_SOURCE_WORDS if comma else DASH_SOURCE_WORDS) else None


def _reported(doc: Doc, add) -> None:
    """Reported-speech candidates the rules passed over: the clause after «verb …, что» and the clause before
    a postposed «…, сообщил X». Any verb may introduce «, что» here, not only the lexicon's: the model learns
    from the verb's lemma which ones report speech («допустил, что», «постановил, что») and which do not
    («понял, что», «выяснилось, что»)."""
    text, toks = doc.text, doc.tokens
    cues = set(doc.cue_tokens)
    for i, cue in enumerate(toks):
        # a short adjective reports too («уверены, что», «убеждена, что»); the neuter is impersonal («известно,
        # что»)
        verbal = cue.pos in ("VERB", "AUX") or cue.pos == "ADJ" and cue.feats.get("Variant") == "Short"
        if not verbal and i not in cues or _impersonal(cue) and not _neuter_subject(toks, i):
            continue
        reports = False  # the cue has a clause of its own after it
        for j in range(i + 1, min(len(toks), i + THAT_WINDOW)):
            if toks[j].text.lower() in ("что", "чтобы") and toks[j - 1].text in (",", "том", "тем"):
                reports = True
                a = toks[j].end
                pe = doc.paras[doc.para_of(a)][1]
                m = _CLAUSE_END.search(text, a, min(pe, a + MAX_SPAN))
                if m or pe <= a + MAX_SPAN:
                    add("indirect", a, _before_next_report(doc, a, m.start() if m else pe), "that", cue.text,
                        cue_tok=i)
                break
            if toks[j].text in (".", "!", "?", "\n", "«", "»") or toks[j].pos in ("VERB", "AUX"):
                break
        if i not in cues:
            continue
        # «…, сообщил X» / «…, — сообщает ТАСС»: the cue right after a comma (and a dash)
        k = i - 1
        while k >= 0 and toks[k].text in ("—", "–", "-"):
            k -= 1
        # «…, заявили о выходе из коалиции»: a cue with its own object after it reports that, not the clause
        # before it
        about = i + 1 < len(toks) and toks[i + 1].text.lower() in _ABOUT
        # (a gerund shares the main verb's subject: «Сомов предложил …, заявив ТАСС: «…»» is not ТАСС's report)
        gerund = cue.feats.get("VerbForm") == "Conv"
        if k >= 0 and toks[k].text == "," and k > 0 and not about and not reports and not gerund:
            # («Иван Лебедев, который возглавляет министерство, заявил, что …»: the «что» clause is its report,
            # not the words before the comma)
            sa = doc.sent_bounds[doc.sent_of(toks[k].start)][0] if doc.sent_bounds else 0
            sa = max(sa, doc.paras[doc.para_of(toks[k].start)][0])
            if not _ABOUT_THIS.match(text, sa, toks[k].start):
                # («Об этом в понедельник, 1 ноября, сообщает РИА Новости»: what it reports is the sentences
                # before, the anaphor candidates' work)
                add("indirect", sa, toks[k].start, "postposed", cue.text, cue_tok=i)


_ABOUT = frozenset("о об обо про".split())
_ABOUT_THIS = re.compile(r"\s*(?:об|о)\s+(?:этом|том)\b", re.IGNORECASE)
# how many tokens may stand between a speech verb and the marks of a fragment it quotes («назвал решение
# американских властей «ошибкой»»)
MIXED_WINDOW = 10
_ATTRIBUTION_DASH = re.compile(r"[ \t]*[,.!?…]?[ \t]*[—–]")


# An opening of the sentence that names where its words come from: «По прогнозам экспертов, …», «Согласно
# документам суда, …», «Со слов учителей, …». The rules read the lexicon's («по словам», «по данным»); here any
# noun after «по» or «согласно» proposes the rest of its sentence, and the model reads the noun (its lemma,
# `cat_cue`) to tell a source («по заверениям общественников») from a circumstance («по итогам года»).
OPENING_TOKENS = 8  # from «по» to the comma that closes the opening


def _openings(doc: Doc, add) -> None:
    toks, text = doc.tokens, doc.text
    for a, b in doc.sent_bounds:
        i = bisect_left(doc.starts, a)
        while i < len(toks) and toks[i].start < b and not has_word(toks[i].text):
            i += 1  # markup and emoji before the first word
        if i >= len(toks) or toks[i].start >= b:
            continue
        first = toks[i].text.lower()
        if first not in ("по", "согласно", "со", "с"):
            continue
        noun = comma = None
        want = "Gen" if first in ("со", "с") else "Dat"  # «со слов …»; «по прогнозам …», «согласно данным …»
        for j in range(i + 1, min(len(toks), i + OPENING_TOKENS)):
            t = toks[j]
            if t.start >= b or t.pos in ("VERB", "AUX") or t.text in (".", "!", "?", ":", "«", "»", "—"):
                break
            if t.text == ",":
                comma = j
                break
            if noun is None and t.pos == "NOUN" and t.feats.get("Case") == want:
                noun = j
        if noun is None or comma is None or first in ("со", "с") and token_lemma(toks[noun]) != "слово":
            continue
        a_ = toks[comma].end
        end = min(b, doc.paras[doc.para_of(a_)][1])
        m = _CLAUSE_END.search(text, a_, end)
        add("indirect", a_, m.start() if m else end, "opening", text[toks[i].start:toks[noun].end], cue_tok=noun,
            src=(toks[noun].end, toks[comma].start))


def _mixed(doc: Doc, all_pairs, add) -> None:
    """Mixed quotes: words in marks inside reported speech («назвал решение «ошибкой»», «призвал к «новым
    действиям» …») are annotated as indirect with the whole reported clause (QUOTES-GOLD.md), from after the
    speech verb to the end of its sentence, while the marks alone are a much shorter span (the `twin`). Both
    are offered, also over a rule's quote of the marks; the model decides."""
    text, toks = doc.text, doc.tokens
    ruled = {(r.start, r.end) for r in doc.rules}
    for (ps, pe), pairs in zip(doc.paras, all_pairs):
        for p in pairs:
            if p.orphan or _ATTRIBUTION_DASH.match(text, p.close + 1):
                continue  # «…», — сказал он: the marks are someone's own words, a direct quote
            k = bisect_left(doc.starts, p.open)
            sa = doc.sent_bounds[doc.sent_of(p.open)][0] if doc.sent_bounds else ps
            cues = [i for i in doc.cues_between(max(sa, ps, toks[max(0, k - MIXED_WINDOW)].start), p.open)
                    if toks[i].pos in ("VERB", "AUX")]
            if not cues:
                continue
            i = cues[-1]
            # a verb or «что» between: the marks are in a clause of their own (the `that` candidates')
            if any(is_finite(t) or t.text.lower() in ("что", "чтобы") or t.text in ".!?«»\"" for t in toks[i + 1:k]):
                continue
            m = _CLAUSE_END.search(text, p.end, min(pe, p.end + MAX_SPAN))
            a, b = toks[i + 1].start, _before_next_report(doc, toks[i].end, m.start() if m else pe)
            while b > a and text[b - 1] in " \t\n,;:":
                b -= 1
            if (a, b) not in ruled:  # (the rules' own reading of it)
                add("indirect", a, b, "mixed", toks[i].text, cue_tok=i, over_rules=True)
            # the clause may end with the marks' last word, the sentence going on with another clause
            # («назвал произошедшее «погромами», власти же обещают …», «… «революцию Чавеса», которая …»)
            c = p.close + 1
            if a < c < b and re.match(r"\s*(?:,|\s(?:и|а|но)\s)", text[c:b]) and (a, c) not in ruled:
                add("indirect", a, c, "mixed", toks[i].text, cue_tok=i, over_rules=True)


_NEXT_REPORT = re.compile(r",\s+(?:и|а|но|однако)\s")


def _before_next_report(doc: Doc, a: int, b: int) -> int:
    """The end of a «, что» clause that runs into a report the rules found later in its sentence («сообщили,
    что девочка не может описать нападавших, и предположили, что …»): the clause stops at the «, и» before it,
    so the candidate does not overlap the rules' quote (and is not dropped for it)."""
    if not doc.rule_overlaps(a, b):
        return b
    n = bisect_right(doc.rule_starts, a)  # (by bisection: on a text of many reports, no scan per candidate)
    if n == len(doc.rule_starts) or doc.rule_starts[n] >= b:
        return b
    first = doc.rule_starts[n]
    links = list(_NEXT_REPORT.finditer(doc.text, a, first))
    return links[-1].start() if links else b

# «… . Об этом сообщил Сергей Собянин.», «… . Об этом говорится в заявлении министерства.»: a sentence that
# opens with «об этом» and a cue reports the sentences before it in its paragraph, or, when it opens the
# paragraph, the paragraph before (QUOTES-GOLD.md). The rules read the cases they can attribute; here every
# such sentence proposes its antecedent, and the model decides, with the speakers found after it.
ANAPHOR_LEAD = 4  # tokens before «об этом» («Информацию об этом», «Как и ожидалось, об этом»)


def _anaphoric(doc: Doc, add) -> None:
    toks = doc.tokens
    for a, b in doc.sent_bounds:
        lo, hi = bisect_left(doc.starts, a), bisect_left(doc.starts, b)
        if not any(toks[i].text.lower() in ("об", "о") and i + 1 < hi and toks[i + 1].text.lower() == "этом"
                   for i in range(lo, min(hi - 1, lo + ANAPHOR_LEAD + 1))):
            continue
        # the cue: a speech verb of the lexicon, or any verb («сообщается», «говорится», «объявил» alike: the
        # model reads its lemma)
        cues = doc.cues_between(a, b) or [i for i in range(lo, hi) if toks[i].pos in ("VERB", "AUX")][:1]
        if not cues:
            continue
        pi = doc.para_of(a)
        ps = doc.paras[pi][0]
        if doc.text[ps:a].strip(" \t*_"):
            span = (ps, a)
        elif pi > 0:
            span = doc.paras[pi - 1]
            if pi == 1 and doc.text.count("\n", span[1], ps) < 2:
                continue  # the text's first line right above is its headline, as the rules read it
        else:
            continue
        last = doc.sent_bounds[doc.sent_of(max(span[0], span[1] - 1))][0] if doc.sent_bounds else span[0]
        if any(toks[i].text.lower() in ("он", "она", "они") for i in range(lo, hi)) and any(
                toks[i].feats.get("VerbForm") == "Fin" for i in doc.cues_between(max(span[0], last), span[1])):
            # «Сомов сообщил о продаже яхты. Об этом он рассказал …»: the same speaker's own report, not
            # annotated again (gold rule 12); «Стивенс заявил о желании уйти. Об этом сообщает AP» is AP's
            continue
        add("indirect", *span, "anaphor", toks[cues[0]].text, cue_tok=cues[0])


def _neuter_subject(toks: list[Token], i: int) -> bool:
    """A neuter noun in the nominative right before the verb at `i` is its subject («Следствие показало, что»,
    «Руководство магазина мотивировало …»): the verb is no impersonal one. (A genitive between is the
    subject's own; any other word ends the look.)"""
    for k in range(i - 1, max(-1, i - 5), -1):
        t = toks[k]
        if t.pos in ("NOUN", "PROPN") and t.feats.get("Case") == "Nom" and t.feats.get("Gender", "Neut") == "Neut":
            return True
        if not (t.pos in ("NOUN", "PROPN", "ADJ", "DET") and t.feats.get("Case") == "Gen"):
            return False
    return False


def _impersonal(t: Token) -> bool:
    """«сказано», «сообщается», «говорилось»: a cue with no agent, which names no source (gold rule 16); the
    rules read the ones that do have one («В заявлении говорится, что»). A past or short form shows its
    gender, and only the neuter is impersonal: «признался», «поклялась», «удивился» (reflexive, Voice=Mid)
    and «уверен», «обеспокоены» have a subject that says what follows."""
    f = t.feats
    if f.get("Number") == "Plur":
        return False
    if f.get("Tense") == "Past" or f.get("Variant") == "Short":
        return f.get("Gender") == "Neut"
    return f.get("Voice") == "Pass" or t.text.lower().endswith(("ся", "сь")) and f.get("Person") != "1"


def speaker_candidates(doc: Doc, q: QuoteCand, prev: str | None = None) -> list[SpeakerCand]:
    """The rule's speaker first (if any), then each entity with a mention in the window, nearest first,
    then the article's main persons and the previous quote's speaker wherever they are (a list of a
    speaker's points, a long interview), then unnamed sources next to the cue."""
    out: list[SpeakerCand] = []
    seen: set[str] = set()
    r = q.rule
    if r is not None and r.speaker:
        ent = doc.ents_by_id.get(r.speaker_entity) if r.speaker_entity else None
        etype = ent.type if ent is not None else "PHRASE"
        name = doc.written(ent) if ent is not None and r.speaker == ent.name else r.speaker
        out.append(SpeakerCand(name, r.speaker_type or "unnamed", etype, ent, True, r.mention))
        seen.add(ent.id if ent is not None else "")
        if ent is None and r.mention is not None:
            # a person named inside the rules' description of the source, after its head, is whom the source
            # belongs to («Дети журналистки Анны Лебедевой заявили»), not who spoke: no candidate of this quote
            a, b = r.mention.start, r.mention.end
            seen.update(e.id for s_, e_, e, m in doc.mentions[bisect_left(doc.mention_starts, a + 1):
                                                               bisect_left(doc.mention_starts, b)]
                        if e.type == "PER" and e_ <= b)
    lo = bisect_left(doc.mention_starts, q.start - WINDOW_BEFORE)
    hi = bisect_right(doc.mention_starts, q.end + WINDOW_AFTER)
    near: dict[str, tuple[int, Entity, Mention]] = {}
    for s, e, ent, m in doc.mentions[lo:hi]:
        if ent.type not in SPEAKER_TYPES:
            continue
        d = q.start - e if e <= q.start else (s - q.end if s >= q.end else 0)
        if ent.id not in near or d < near[ent.id][0]:
            near[ent.id] = (d, ent, m)
    for d, ent, m in sorted(near.values(), key=lambda x: x[0]):
        if ent.id in seen:
            continue
        seen.add(ent.id)
        out.append(SpeakerCand(doc.written(ent), SPEAKER_TYPES[ent.type], ent.type, ent, False, m))
        if len(out) >= MAX_SPEAKERS:
            break
    by_name = [e for e in (doc.ents_by_id.get(i) for i in doc.name_ids.get(prev, ())) if e] if prev else []
    intro_ents = []
    if q.origin in ("listline", "block") and (intro := doc.intro(q.start)):
        a, b = intro
        intro_ents = [ent for s_, e_, ent, m in doc.mentions[bisect_left(doc.mention_starts, a):
                                                             bisect_left(doc.mention_starts, b)]
                      if ent.type in SPEAKER_TYPES]
    for ent in intro_ents + doc.main_persons + by_name:
        if ent.id not in seen:
            seen.add(ent.id)
            out.append(SpeakerCand(doc.written(ent), SPEAKER_TYPES.get(ent.type, "organization"), ent.type, ent, False,
                                   None))
    names = {c.name.lower() for c in out}
    for phrase, m in _source_phrase(doc, q) + _subject_phrases(doc, q) + _intro_phrases(doc, q):
        if phrase.lower() not in names:
            names.add(phrase.lower())
            out.append(SpeakerCand(phrase, "unnamed", "NOUN", None, False, m))
    out.append(NOBODY)
    return out


# «Speaker null where the article does not say whose words they are» (QUOTES-GOLD.md): a candidate of its own,
# which the model ranks like the others, so a quote with no named source (the opening lines of an article
# quoted above its link) is kept without a speaker instead of given the nearest name or dropped
NOBODY = SpeakerCand("", "", "NONE")


# how far from a rule's quote its cue may stand: before it (an opening «По словам X, …» or «X заявил: «…»»)
# and after it («…», — сказал X)
CUE_BEFORE, CUE_AFTER = 200, 120


def cue_near(doc: Doc, a: int, b: int, cue: str | None) -> int | None:
    """The token of a rule's cue: the rules give the cue as words, not as a place, so it is the token nearest
    the quote, outside it, that is the cue's first word («сказал», «По» of «По словам»). Without it the nearest
    speech cue of any kind was taken, and for a quote whose cue stands before it that was often the next
    sentence's («…, — добавил он»): the speaker candidates and the cue's features came from there."""
    if not cue:
        return None
    first = cue.split()[0].lower()
    lo, hi = bisect_left(doc.starts, a - CUE_BEFORE), bisect_left(doc.starts, b + CUE_AFTER)
    near = [i for i in range(lo, hi) if doc.tokens[i].text.lower() == first and not a <= doc.starts[i] < b]
    return min(near, key=lambda i: min(abs(doc.starts[i] - a), abs(doc.starts[i] - b))) if near else None


def cue_token(doc: Doc, q: QuoteCand) -> int | None:
    """The candidate's own cue, else the speech cue nearest the quote: after it within a line, else before."""
    if q.cue_tok is not None:
        return q.cue_tok
    after = doc.cues_between(q.end, q.end + 80)
    if after:
        return after[0]
    before = doc.cues_between(q.start - 200, q.start)
    return before[-1] if before else None


_PP = frozenset("в во из при на у".split())
_QUOTE_TOKENS = frozenset("«»\"“”„")
_OPENING, _CLOSING = frozenset("«“„"), frozenset("»”\"")
QUOTED_NAME_TOKENS = 8


def _subject_phrases(doc: Doc, q: QuoteCand) -> list[tuple[str, Mention]]:
    """Unnamed sources: common nouns that may be the cue's agent — nominative next to the cue («сообщили
    врачи», «представитель компании заявил»), genitive after a source noun («по данным пресс-службы МВД
    Киргизии» → «пресс-служба МВД Киргизии») — each in several lengths (the head alone, with its genitive
    complement, with a place «источник в правительстве»), in the nominative; the model picks the length the
    gold writes. Named entities are candidates of their own."""
    k = cue_token(doc, q)
    if k is None:
        return []
    toks = doc.tokens
    sources = doc.lexicon.by_first("source")
    plural_cue = toks[k].pos in ("VERB", "AUX") and toks[k].feats.get("Number") == "Plur"
    anchors = []
    for i in range(max(0, k - 5), min(len(toks), k + 6)):
        t = toks[i]
        if q.start <= t.start < q.end:
            continue
        if t.pos == "NUM" and t.feats.get("Case") == "Nom" and i + 1 < len(toks) and toks[i + 1].text.lower() == "из":
            anchors.append(i)  # «один из источников Axios»
            continue
        if t.pos != "NOUN":
            continue
        case = t.feats.get("Case")
        after_source = i > 0 and (token_lemma(toks[i - 1]) in sources
                                  or i > 1 and toks[i - 1].pos == "ADJ" and token_lemma(toks[i - 2]) in sources
                                  # the noun of an opening is the source's («по прогнозам экспертов»)
                                  or q.origin == "opening" and (i - 1 == k or i - 2 == k and toks[i - 1].pos == "ADJ"))
        # «сообщили в пресс-службе Роскомнадзора», «в комплексе городского хозяйства рассказали»: the place
        # of an impersonal plural cue is its source
        in_source = (case == "Loc" and plural_cue and (p := _before_modifiers(toks, i)) > 0
                     and toks[p - 1].text.lower() in ("в", "во") and abs(i - k) <= 3 + (i - p))
        counted = case == "Gen" and i > 0 and toks[i - 1].pos == "NUM" and toks[i - 1].feats.get("Case") == "Nom"
        if case == "Nom" or case == "Gen" and (after_source or counted) or in_source:
            anchors.append(i)
    j = _subject_before_clause(toks, k)
    if j is not None and j not in anchors:
        anchors.append(j)
    return _noun_phrases(doc, anchors)


def _before_modifiers(toks: list[Token], i: int) -> int:
    """The first token of the adjectives, participles and determiners that stand before noun `i` in its case
    («в оперативных службах»: the index of «оперативных»; «застрявшие российские туристы»: of «застрявшие»)."""
    case = toks[i].feats.get("Case")
    while i > 0 and toks[i - 1].feats.get("Case") == case and (
            toks[i - 1].pos in ("ADJ", "DET") or toks[i - 1].pos == "VERB" and toks[i - 1].feats.get("VerbForm") == "Part"):
        i -= 1
    return i


def _genitive_word(t: Token) -> bool:
    """A word of a genitive chain: a genitive noun, name or adjective, or a name the tagger gives no case (a
    foreign one that does not decline: «источники Axios»)."""
    return (t.feats.get("Case") == "Gen" and t.pos in ("NOUN", "PROPN", "ADJ", "DET")
            or t.pos == "PROPN" and "Case" not in t.feats)


def _participle(t: Token) -> bool:
    # the tagger reads a participle without its noun as a noun («Врачи, прооперировавшие …»); pymorphy's
    # first reading says what the word is
    if t.feats.get("VerbForm") == "Part":
        return True
    parses = parse_word(t.text.lower())
    return bool(parses) and parses[0].tag.POS == "PRTF"


# how far back a subject may stand before its cue when a participial or relative clause in commas separates
# them («Врачи, прооперировавшие и лечащие пострадавшую, говорят, что …»)
CLAUSE_TOKENS = 25


def _subject_before_clause(toks: list[Token], k: int) -> int | None:
    """The nominative noun right before a clause in commas that ends just before the cue `k` and opens with a
    participle or «который»: the cue's subject, too far back for the window around the cue."""
    if k < 4 or toks[k - 1].text != ",":
        return None
    for j in range(k - 3, max(-1, k - CLAUSE_TOKENS), -1):
        t = toks[j]
        if t.text in ".!?\n" or "\n" in t.text:
            return None
        if t.text == "," and j > 0:
            opener = toks[j + 1]
            if _participle(opener) or lemma(opener.text) == "который":
                head = toks[j - 1]
                if head.pos == "NOUN" and head.feats.get("Case") == "Nom":
                    return j - 1
            return None
    return None


# a list's introduction names its speaker in a few words («Учёные выделили три шага:»); a long one is a
# paragraph of its own, whose every noun would be a candidate
INTRO_TOKENS = 40


def _intro_phrases(doc: Doc, q: QuoteCand) -> list[tuple[str, Mention]]:
    """Unnamed sources of a list or block: the nominative nouns of the paragraph that introduces it
    («Эксперты рассчитали, …:», «Врачи назвали признаки:»)."""
    if q.origin not in ("listline", "block") or (intro := doc.intro(q.start)) is None:
        return []
    lo = bisect_left(doc.starts, intro[0])
    hi = min(bisect_left(doc.starts, intro[1]), lo + INTRO_TOKENS)
    return _noun_phrases(doc, [i for i in range(lo, hi) if doc.tokens[i].pos == "NOUN"
                               and doc.tokens[i].feats.get("Case") == "Nom"])


def _source_phrase(doc: Doc, q: QuoteCand) -> list[tuple[str, Mention]]:
    """The source words of a dash line or a head («…, — синоптики», «…, — исследование», «Отец: …») as
    written: they stand in the nominative already. A source that is a named entity («— Песков») is a
    candidate of its own, and one that opens with a verb («— сообщили в Минобороны») names it further on."""
    if q.src is None:
        return []
    a, b = q.src
    toks = [t for t in doc.tokens[bisect_left(doc.starts, a):bisect_left(doc.starts, b)] if has_word(t.text)]
    if not toks or toks[0].pos in ("VERB", "AUX", "ADP"):
        return []  # (nor does a phrase that opens with a preposition name a source: «Согласно закону [о полиции]»)
    if all(_in_mention(doc, t.start) for t in toks) and len({_mention_at(doc, t.start) for t in toks}) < 2:
        # one name: the entity is the candidate. Two mentions («— Патриарх Кирилл»: a title and a name; «—
        # премьер-министр Польши Туск») are also the source as written, which the gold may keep whole.
        return []
    out = []
    # the whole source, and the words before its first preposition («аналитики в материале «Ъ»» → «аналитики»)
    cut = next((n for n, t in enumerate(toks) if n and t.text.lower() in PREPOSITIONS_OF_SOURCE), len(toks))
    for part in dict.fromkeys((len(toks), cut)):
        span = toks[:part]
        # the whole source keeps an outlet's closing mark, which is no word of its own
        end = b if part == len(toks) else span[-1].end
        name = " ".join(doc.text[span[0].start:end].split()).strip(" ,.*_")
        if name.count("«") != name.count("»") or name.count('"') % 2:
            name = name.strip("«»\"")
        if name[:1].isupper() and span[0].pos != "PROPN" and not name[1:2].isupper():
            name = name[:1].lower() + name[1:]
        if name:
            out.append((name, Mention(span[0].start, span[-1].end, doc.text[span[0].start:span[-1].end], "title")))
    return out


PREPOSITIONS_OF_SOURCE = frozenset("в во из на у по со с".split())


def _in_mention(doc: Doc, pos: int) -> bool:
    return _mention_at(doc, pos) is not None


def _mention_at(doc: Doc, pos: int) -> int | None:
    """The index of the mention that covers `pos`, if any."""
    j = bisect_right(doc.mention_starts, pos) - 1
    return j if j >= 0 and doc.mentions[j][1] > pos else None


def _noun_phrases(doc: Doc, anchors: list[int]) -> list[tuple[str, Mention]]:
    """Each anchor noun as a phrase in several lengths (the head alone, with its genitive complement, with a
    place «источник в правительстве»), in the nominative; the model picks the length the gold writes."""
    toks = doc.tokens
    out: list[tuple[str, Mention]] = []
    seen: set[str] = set()
    for i in anchors:
        if _in_mention(doc, toks[i].start):
            continue  # part of a named entity: the entity is the candidate
        case = toks[i].feats.get("Case")
        a = _before_modifiers(toks, i)
        if case == "Gen" and a > 0 and toks[a - 1].pos == "NUM" and toks[a - 1].feats.get("Case") == "Nom":
            # «три источника Axios»: a counted subject, nominative by its numeral
            a, case = a - 1, "Nom"
        ends = [i + 1]
        b = i + 1
        if toks[i].pos == "NUM" and b + 1 < len(toks) and toks[b].text.lower() == "из":
            b += 1  # «один из источников Axios»: the genitive chain after «из» is the phrase's own
        while b < len(toks) and b - i <= 8 and (toks[b].text in _QUOTE_TOKENS or _genitive_word(toks[b])):
            b += 1
        if b > i + 1:
            while toks[b - 1].text in _QUOTE_TOKENS and b - 1 > i + 1 and toks[b - 2].text in _QUOTE_TOKENS:
                b -= 1
            if toks[b - 1].text in _OPENING:
                # a name in marks after the chain («представитель движения «Братья-мусульмане»»): take it
                # whole when it closes within a few words, else leave the stray mark out
                close = next((c for c in range(b, min(len(toks), b + QUOTED_NAME_TOKENS))
                              if toks[c].text in _CLOSING), None)
                b = close + 1 if close is not None else b - 1
            if b > i + 1:
                ends.append(b)
        if b < len(toks) and toks[b].text.lower() in _PP:
            c = b + 1
            while c < len(toks) and c - b <= 4 and toks[c].pos in ("ADJ", "NOUN", "PROPN", "DET"):
                c += 1
            if c > b + 1:
                ends.append(c)
        for e in ends:
            span = [t for t in toks[a:e]]
            name = normalize_span(span, "ORG") if case != "Nom" else doc.text[span[0].start:span[-1].end]
            name = " ".join(name.split()).strip(" ,.")
            if name[:1].isupper() and toks[a].pos != "PROPN" and not name[1:2].isupper():
                name = name[:1].lower() + name[1:]
            if name and name.lower() not in seen:
                seen.add(name.lower())
                out.append((name, Mention(span[0].start, span[-1].end, doc.text[span[0].start:span[-1].end], "title")))
    return out[:6]
