"""Features: the numbers the two models read.

A quote candidate is described by where it came from (a rule, a bare mark pair, a Telegram line), its shape
(length, sentences, capitals, first-person words, verbs) and its surroundings (the punctuation and words just
outside its marks, speech cues nearby, a name right after a dash). A (quote, speaker) pair by how the
speaker's nearest mention sits relative to the quote and its cue (distance, same sentence or paragraph, case,
after a dash, before a cue), whether the rules chose it, and how often the entity speaks and is named.

The words just outside a candidate and the cue are categorical features whose vocabulary is learnt from the
training data and stored in the model file, so the lists are not written by hand.
"""
from __future__ import annotations

import math
import re
from bisect import bisect_left
from collections.abc import Callable
from functools import lru_cache

from ..nlp.vectors import DIMS, meaning
from ..nlp.words import WORD_RUN, lemma
from .candidates import INTRO_TOKENS, ORIGINS, Doc, QuoteCand, SpeakerCand, cue_token, token_lemma

FIRST_PERSON = frozenset("я мы мне меня мной нам нас нами мой моя моё мое мои наш наша наше наши".split())
SECOND_PERSON = frozenset("вы вас вам вами ваш ваша ваше ваши ты тебя тебе".split())
PREPOSITIONS = frozenset("в во на к ко от у с со о об обо для про при по за из над под перед между".split())
ETYPES = ("PER", "ORG", "LOC", "PHRASE", "NOUN", "NONE")
MKINDS = ("name", "surname", "title", "pronoun")
PUNCT_BEFORE = (":", "—", ",", "(", "\n", ".")
PUNCT_AFTER = (",", "—", ".", ":", ")", "\n", "?", "!")
_SENT_BREAK = re.compile(r"[.!?…]\s+[А-ЯA-Z«\"]")
_DASH_WORD = re.compile(r"[»\"“”'*_]*\s*[,.!?…]*\s*[—–-]+\s*(\w+)")  # the word after a dash that follows a quote
_DASH_END = re.compile(r"[—–-]\s*$")

QUOTE_FEATURES = (
    ["indirect", *(f"origin_{o}" for o in ORIGINS), "rule_speaker", "rule_unnamed", "rule_cue", "rule_cue_null",
     "log_len", "words", "sentences", "upper_first", "ends_punct", "cap_share", "first_person", "second_person",
     "verbs", "finite", "ner_cover", "whole_para", "para_index", "first_para",
     *(f"before_{p!r}" for p in PUNCT_BEFORE), *(f"after_{p!r}" for p in PUNCT_AFTER),
     "dash_cue_after", "cue_before_40", "cue_after_60", "cue_in_sentence", "name_after_dash", "colon_cue_before",
     "inside_other", "after_colon_para", "n_rules", "n_marks_para", "src_words", "src_entity", "src_cap", "cue_in_lexicon",
     "cue_finite", "cue_participle", "cue_gerund", "cue_infinitive", "cue_passive", "cue_reflexive", "cue_plural",
     "cue_subject", "cue_far", "list_intro", "intro_cues", "intro_names", "item_index"]
    + ["cat_prev_word", "cat_next_word", "cat_cue", "cat_intro_word"])
QUOTE_CATEGORICAL = [QUOTE_FEATURES.index(n) for n in ("cat_prev_word", "cat_next_word", "cat_cue", "cat_intro_word")]

SPEAKER_FEATURES = (
    ["from_rule", *(f"etype_{t}" for t in ETYPES), *(f"mkind_{k}" for k in MKINDS),
     "indirect", *(f"origin_{o}" for o in ORIGINS),
     "log_dist_before", "log_dist_after", "has_before", "has_after", "inside_quote", "same_sent", "same_para",
     "para_dist", "rank", "nominative", "after_prep", "after_dash", "near_cue", "subject_of_cue", "gender_agree",
     "log_mentions", "mention_rank", "rule_quotes_of", "prev_rule_speaker", "in_title", "rule_has_speaker",
     "rule_phrase", "n_cands", "cue_offset", "cue_sent", "has_cue", "q_has_cue",
     "touches_rule_mention", "rule_mention_has_entity", "far",
     "desc_overlap", "rule_is_description", "sim_to_rule", "rule_extends", "in_intro", "name_words", "phrase_has_entity",
     *(f"meaning_{i}" for i in range(DIMS))])


def _one_hot(values: tuple) -> Callable[[object], tuple[float, ...]]:
    """value → its one-hot floats over `values` (all zero for another value), each tuple made once: the
    generator of comparisons per row was a tenth of the features' time."""
    table = {v: tuple(float(v == w) for w in values) for v in values}
    zero = (0.0,) * len(values)
    return lambda value: table.get(value, zero)


_ETYPE, _MKIND, _ORIGIN = _one_hot(ETYPES), _one_hot(MKINDS), _one_hot(ORIGINS)
_BEFORE, _AFTER = _one_hot(PUNCT_BEFORE), _one_hot(PUNCT_AFTER)


def _log(x: float) -> float:
    return math.log1p(max(0.0, x))


# how far the punctuation next to a quote is looked for past marks and spaces: a text of nothing but marks
# («« »» «« »» …) must not cost a scan to its end per candidate
SKIP_LIMIT = 40
_SKIPPED = " \t\u00a0«»\"“”„'*_"


def _prev_char(text: str, i: int) -> str:
    i -= 1
    stop = max(-1, i - SKIP_LIMIT)
    while i > stop and text[i] in _SKIPPED:
        i -= 1
    return text[i] if i >= 0 else "\n"


def _next_char(text: str, i: int) -> str:
    stop = min(len(text), i + SKIP_LIMIT)
    while i < stop and text[i] in _SKIPPED:
        i += 1
    return text[i] if i < len(text) else "\n"


def _dash(ch: str) -> str:
    return "—" if ch in "—–-" else ch


def word_before(doc: Doc, pos: int) -> str:
    i = doc.token_at(pos - 1)
    while i >= 0 and not doc.tokens[i].text[:1].isalpha():
        i -= 1
        if i >= 0 and doc.tokens[i].end < pos - 40:
            return ""
    return doc.lemmas[i] if i >= 0 and doc.tokens[i].end <= pos else ""


def word_after(doc: Doc, pos: int) -> str:
    i = bisect_token(doc, pos)
    while i < len(doc.tokens) and not doc.tokens[i].text[:1].isalpha():
        if doc.tokens[i].start > pos + 40:
            return ""
        i += 1
    return doc.lemmas[i] if i < len(doc.tokens) else ""


def bisect_token(doc: Doc, pos: int) -> int:
    return bisect_left(doc.starts, pos)


def cue_lemmas(cue: str | None) -> tuple[str, ...]:
    """The lemmas of a cue phrase («По его словам» → по, его, слово)."""
    return tuple(lemma(w) for w in WORD_RUN.findall(cue.lower())) if cue else ()


def cue_lemma(q: QuoteCand) -> str:
    return " ".join(cue_lemmas(q.cue))[:40]


def quote_features(doc: Doc, q: QuoteCand, vocab: dict[str, int], n_rules: int) -> list[float]:
    text = doc.text
    body = text[q.start:q.end]
    lead = len(body) - len(body.lstrip(" \t«»\"“”„'*_"))
    trimmed = (q.start + lead, q.start + max(lead, len(body.rstrip(" \t«»\"“”„'*_"))))
    words = WORD_RUN.findall(body)
    nw = len(words)
    ti, tj = bisect_token(doc, q.start), bisect_token(doc, q.end)
    toks = doc.tokens[ti:tj]
    verbs = sum(t.pos in ("VERB", "AUX") for t in toks)
    finite = sum(t.pos == "VERB" and "Person" in t.feats or t.feats.get("Tense") == "Past" for t in toks)
    cover = 0
    for s, e, _, _ in doc.mentions[max(0, bisect_token_m(doc, q.start) - 1):bisect_token_m(doc, q.end)]:
        cover += max(0, min(e, q.end) - max(s, q.start))
    pi = doc.para_of(q.start)
    ps, pe = doc.paras[pi]
    pa, pb_, marks, _ = doc.para_info(pi)
    pb, na = _dash(_prev_char(text, q.start)), _dash(_next_char(text, q.end))
    after = text[q.end:q.end + 80]
    m = _DASH_WORD.match(after)
    dash_word = m.group(1) if m else ""
    dash_lemma = lemma(dash_word) if dash_word else ""
    lex_verbs = doc.lexicon.by_first("verb")
    si = doc.sent_of(q.start)
    sa, sb = doc.sent_bounds[si] if doc.sent_bounds else (ps, pe)
    cues_before = doc.cues_between(q.start - 40, q.start)
    cues_after = doc.cues_between(q.end, q.end + 60)
    colon_cue = pb == ":" and bool(doc.cues_between(q.start - 120, q.start))
    inside_other = doc.rule_encloses(q.start, q.end)
    src_words = src_entity = src_cap = 0.0
    if q.src:
        s_a, s_b = q.src
        src_text = text[s_a:s_b]
        src_words = len(src_text.split())
        src_cap = float(src_text[:1].isupper())
        lo = bisect_token_m(doc, s_a)
        src_entity = float(any(s < s_b and s_a < e for s, e, _, _ in doc.mentions[max(0, lo - 1):lo + 3]))
    r = q.rule
    caps = first = second = 0
    for w in words:  # one pass (three sums over the words were a tenth of the quote features' time)
        caps += w[:1].isupper()
        low = w.lower()
        first += low in FIRST_PERSON
        second += low in SECOND_PERSON
    f = [
        float(q.kind == "indirect"), *_ORIGIN(q.origin),
        float(r is not None and r.speaker is not None), float(r is not None and r.speaker_type == "unnamed"),
        float(r is not None and r.cue is not None), float(r is not None and r.cue is None),
        _log(len(body)), float(nw), float(len(_SENT_BREAK.findall(body))), float(body[:1].isupper()),
        float(body.rstrip()[-1:] in ".!?…"), caps / nw if nw else 0.0,
        float(first), float(second),
        float(verbs), float(finite), cover / max(1, len(body)), float(trimmed == (pa, pb_)),
        float(pi), float(pi == 0),
        *_BEFORE(pb), *_AFTER(na),
        float(dash_lemma in lex_verbs), float(bool(cues_before)), float(bool(cues_after)),
        float(len(doc.cues_between(sa, sb))), float(bool(dash_word[:1].isupper())), float(colon_cue),
        float(inside_other), float(_after_colon_para(doc, pi)), float(n_rules), float(marks),
        src_words, src_entity, src_cap, float(_in_lexicon(doc, q.cue)), *_cue_shape(doc, q), *_list_context(doc, q),
        *(float(vocab.get(k, 0)) for k in cat_keys(doc, q)),
    ]
    return f


def _cue_shape(doc: Doc, q: QuoteCand) -> list[float]:
    """The cue verb's form and whether it has a subject: «сказано», «сообщается», «считают» with no one
    named say nothing about a source, while «X заявил» does."""
    k = cue_token(doc, q)
    if k is None:
        return [0.0] * 8 + [1.0]
    t = doc.tokens[k]
    f = t.feats
    form = f.get("VerbForm", "")
    low = t.text.lower()
    si = doc.sent_of(t.start)
    sa, sb = doc.sent_bounds[si] if doc.sent_bounds else (0, len(doc.text))
    subject = 0.0
    for u in doc.tokens[max(0, k - 8):k + 4]:
        if u is t or not (sa <= u.start < sb) or q.start <= u.start < q.end:
            continue
        if u.feats.get("Case") == "Nom" and u.pos in ("NOUN", "PROPN", "PRON"):
            subject = 1.0
            break
    return [float(form == "Fin"), float(form == "Part"), float(form == "Conv"), float(form == "Inf"),
            float(f.get("Voice") == "Pass"), float(low.endswith(("ся", "сь"))), float(f.get("Number") == "Plur"),
            subject, float(min(abs(t.start - q.start), abs(t.start - q.end)) > 150)]


def _in_lexicon(doc: Doc, cue: str | None) -> bool:
    if not cue:
        return False
    lemmas = cue_lemmas(cue)
    first = lemmas[0] if lemmas else ""
    return any(first in doc.lexicon.by_first(s) for s in ("verb", "source", "colon"))


def _after_colon_para(doc: Doc, pi: int) -> bool:
    return pi > 0 and doc.para_info(pi - 1)[3]


def _list_context(doc: Doc, q: QuoteCand) -> list[float]:
    """Whether a list item or block has an introduction, and what it holds: speech cues and names make the
    list someone's points («Заявления Путина на форуме:»), their absence the channel's own («Что
    изменится с 1 января:»); and how far down the list the item stands."""
    intro = doc.intro(q.start) if q.origin in ("listline", "block") else None
    if intro is None:
        return [0.0, 0.0, 0.0, 0.0]
    a, b = intro
    lo = bisect_token_m(doc, a)
    names = 0
    while lo < len(doc.mentions) and doc.mentions[lo][0] < b:
        names += doc.mentions[lo][2].type in ("PER", "ORG")
        lo += 1
    return [1.0, float(len(doc.cues_between(a, b))), float(names), float(doc.para_of(q.start) - doc.para_of(a))]


def _intro_word(doc: Doc, q: QuoteCand) -> str:
    """The first verb of a list's introduction (else its last noun): «рассказал», «назвать», «признаки»."""
    intro = doc.intro(q.start) if q.origin in ("listline", "block") else None
    if intro is None:
        return ""
    lo = bisect_token(doc, intro[0])
    toks = [t for t in doc.tokens[lo:min(bisect_token(doc, intro[1]), lo + INTRO_TOKENS)] if t.text[:1].isalpha()]
    verb = next((t for t in toks if t.pos == "VERB"), None)
    noun = next((t for t in reversed(toks) if t.pos == "NOUN"), None)
    return token_lemma(verb or noun) if (verb or noun) else ""


def cat_keys(doc: Doc, q: QuoteCand) -> tuple[str, str, str, str]:
    """The categorical values of a candidate, as vocabulary keys: the word before it, after it, its cue, and
    what introduces its list."""
    return ("p:" + word_before(doc, q.start), "n:" + word_after(doc, q.end), "c:" + cue_lemma(q),
            "i:" + _intro_word(doc, q))


def bisect_token_m(doc: Doc, pos: int) -> int:
    return bisect_left(doc.mention_starts, pos)


def _content_lemmas(phrase: str) -> frozenset[str]:
    return frozenset(lemma(w) for w in WORD_RUN.findall(phrase.lower()) if len(w) > 2 and w not in PREPOSITIONS)


def _desc_overlap(doc: Doc, c: SpeakerCand, desc: frozenset[str], rule_phrase: SpeakerCand | None) -> float:
    """How much of the rule's description («новый глава столичной полиции», «автор фильма») stands next to a
    mention of this entity somewhere in the article (an apposition that introduced it), outside the rule's
    own phrase."""
    if not desc or c.entity is None or rule_phrase is None:
        return 0.0
    skip = rule_phrase.mention
    near = _words_near(doc, c.entity)
    hits = sum(1 for lm in desc if any(skip is None or not skip.start <= start < skip.end for start in near.get(lm, ())))
    return hits / len(desc)


def _words_near(doc: Doc, ent) -> dict[str, list[int]]:
    """lemma → starts of the words with it around the entity's first 20 mentions, computed once per article
    and entity: every quote's candidates ask again, each for the few lemmas of one description."""
    cache = doc.words_near
    if ent.id not in cache:
        out: dict[str, list[int]] = {}
        for m in ent.mentions[:20]:
            i = doc.token_at(m.start)
            lo = max(0, i - 6)
            for n, t in enumerate(doc.tokens[lo:i + 8]):
                if t.text[:1].isalpha():
                    out.setdefault(doc.lemmas[lo + n], []).append(t.start)
        cache[ent.id] = out
    return cache[ent.id]


def _similar(rule_last: list[str], last: list[str]) -> float:
    """Spelling similarity of the rule's phrase and a candidate's surname («Капричков» / «Карпичков»);
    `last`: the candidate's last word (`_norm`), or no word."""
    if not last:
        return 0.0
    return _spelling_ratio(rule_last[0][:-2] or rule_last[0], last[0][:-2] or last[0])


@lru_cache(maxsize=4096)
def _spelling_ratio(a: str, b: str) -> float:
    # (one article's quotes compare the same few names again and again; difflib is slow to ask twice)
    from difflib import SequenceMatcher
    return SequenceMatcher(None, a, b).ratio()


def _has_entity(doc: Doc, m) -> bool:
    i = bisect_left(doc.mention_starts, m.start)
    return i < len(doc.mention_starts) and doc.mention_starts[i] < m.end


def _closest(doc: Doc, c: SpeakerCand, pos: int) -> list:
    """The candidate's mentions nearest `pos` (one on each side), found by bisection."""
    if c.entity is None:
        return [c.mention] if c.mention is not None else []
    starts = doc.ent_starts[c.entity.id]
    ms = doc.ent_mentions[c.entity.id]
    i = bisect_left(starts, pos)
    return [m for m in (ms[i - 1] if i > 0 else None, ms[i] if i < len(ms) else None) if m is not None]


def _norm(name: str) -> str:
    return " ".join(WORD_RUN.findall(name.lower().replace("ё", "е")))


def _gender(tok) -> str | None:
    if tok.feats.get("Number") == "Plur":
        return "Plur"
    return tok.feats.get("Gender")


_NO_MEANING = (0.0,) * DIMS


def _description_meaning(doc: Doc, c: SpeakerCand) -> tuple[float, ...]:
    """What the head noun of an unnamed source means («источник», «собеседник» name a new source; «чиновник»,
    «актриса» refer back to a person the article named; «оружие», «заявления» are no source at all)."""
    if c.entity is not None or c.mention is None:
        return _NO_MEANING
    i = doc.token_at(c.mention.start)
    for t in doc.tokens[i:i + 6]:
        if t.start >= c.mention.end:
            break
        if t.pos == "NOUN":
            return meaning(token_lemma(t).lower())
    return _NO_MEANING


def speaker_features(doc: Doc, q: QuoteCand, cands: list[SpeakerCand], prev_rule_entity: str | None,
                     rule_counts: dict[str, int]) -> list[list[float]]:
    """One row per speaker candidate. The previous quote's speaker is not read here, only among the candidates:
    as a feature it was learnt from the gold previous speaker and met the predicted one in decoding, where one
    wrong speaker then pulls the next quotes with it (5-fold CV, three seeds: 0.675 / 0.671 / 0.670 against
    0.679 / 0.680 / 0.675 without it)."""
    text = doc.text
    cue = cue_token(doc, q)
    cue_tok = doc.tokens[cue] if cue is not None else None
    cue_gender = _gender(cue_tok) if cue_tok is not None and cue_tok.pos in ("VERB", "AUX") else None
    qs, qp = doc.sent_of(q.start), doc.para_of(q.start)
    qe_s = doc.sent_of(max(q.start, q.end - 1))
    counts = sorted((len(c.entity.mentions) for c in cands if c.entity is not None), reverse=True)
    rows = []
    r = q.rule
    rm = r.mention if r is not None else None
    # an apposition: the rule read «куратор музея Джефф Джером» or «Липпман, менеджер музыканта» as a
    # description, and a named entity stands right beside it or inside it
    rule_has_entity = float(rm is not None and any(
        doc.mentions_near(c.entity, (rm.start + rm.end) // 2, (rm.end - rm.start) // 2 + 25)
        for c in cands if c.entity is not None and not c.from_rule))
    rule_phrase = next((c for c in cands if c.from_rule and c.entity is None), None)
    desc = _content_lemmas(rule_phrase.name) if rule_phrase is not None else frozenset()
    rule_last = _norm(rule_phrase.name).split()[-1:] if rule_phrase is not None else []
    intro = doc.intro(q.start) if q.origin in ("listline", "block") else None
    rule_norm_len = len(_norm(rule_phrase.name)) if rule_phrase is not None else 0
    ct = doc.tokens[cue] if cue is not None else None
    ct_sent = doc.sent_of(ct.start) if ct is not None else None
    for rank, c in enumerate(cands):
        c_last = _norm(c.name).split()[-1:] if rule_last and not c.from_rule else None
        if c.entity is not None:
            before, after, inside = doc.around(c.entity, q.start, q.end)
        else:
            m = c.mention
            before = m if m is not None and m.end <= q.start else None
            after = m if m is not None and m.start >= q.end else None
            inside = m is not None and before is None and after is None
        near = c.mention or before or after
        db = q.start - before.end if before else 5000
        da = after.start - q.end if after else 5000
        nom = after_prep = after_dash = near_cue = subject = cue_sent = 0.0
        cue_offset = 20.0
        gender_agree = 0.0
        same_sent = same_para = 0.0
        para_dist = 10.0
        mkind = near.kind if near is not None else ""
        if near is not None:
            ti = doc.token_at(near.start)
            tok = doc.tokens[ti] if doc.tokens else None
            if tok is not None:
                nom = float(tok.feats.get("Case") == "Nom")
                word_before = doc.tokens[ti - 1].text.lower() if ti > 0 else ""
                after_prep = float(word_before in PREPOSITIONS)
                after_dash = float(bool(_DASH_END.search(text[max(0, near.start - 4):near.start])))
                g = _gender(tok)
                if cue_gender and g:
                    gender_agree = 1.0 if g == cue_gender else -1.0
            if ct is not None:
                near_cue = float(abs(ct.start - near.start) < 40)
                # which mention of the entity is closest to the cue, in tokens, signed (after the cue > 0)
                best = min(_closest(doc, c, ct.start), key=lambda m: abs(m.start - ct.start))
                cue_offset = float(max(-20, min(20, doc.token_at(best.start) - cue)))
                cue_sent = float(doc.sent_of(best.start) == ct_sent)
                subject = float(near_cue and nom > 0)
            ns = doc.sent_of(near.start)
            same_sent = float(ns in (qs, qe_s) or (ns == qs - 1 and q.kind == "direct" and text[near.end:q.start].strip().endswith(":")))
            np_ = doc.para_of(near.start)
            same_para = float(np_ == qp)
            para_dist = float(min(10, abs(qp - np_)))
        n_m = len(c.entity.mentions) if c.entity is not None else 1
        ent_id = c.entity.id if c.entity is not None else None
        first = doc.ent_mentions[c.entity.id][0] if c.entity is not None and c.entity.mentions else c.mention
        in_title = float(first is not None and bool(doc.paras) and first.start < doc.paras[0][1])
        rows.append([
            float(c.from_rule), *_ETYPE(c.etype), *_MKIND(mkind),
            float(q.kind == "indirect"), *_ORIGIN(q.origin),
            _log(db), _log(da), float(before is not None), float(after is not None), float(inside),
            same_sent, same_para, para_dist, float(rank), nom, after_prep, after_dash, near_cue, subject,
            gender_agree, _log(n_m), float(counts.index(n_m)) if c.entity is not None and n_m in counts else 10.0,
            float(rule_counts.get(ent_id, 0)) if ent_id else 0.0, float(ent_id is not None and ent_id == prev_rule_entity),
            in_title, float(r is not None and r.speaker is not None), float(c.from_rule and c.etype == "PHRASE"),
            float(len(cands)), cue_offset, cue_sent, float(cue is not None), float(q.cue is not None),
            float(rm is not None and not c.from_rule and c.entity is not None
                  and bool(doc.mentions_near(c.entity, (rm.start + rm.end) // 2, (rm.end - rm.start) // 2 + 25))),
            rule_has_entity, float(c.mention is None and not c.from_rule),
            _desc_overlap(doc, c, desc, rule_phrase), float(bool(desc) and rule_phrase.name[:1].islower()),
            _similar(rule_last, c_last) if c_last is not None else 0.0,
            # «полиция» where the rules kept the fuller «британская полиция» of the same head
            float(c_last is not None and c_last == rule_last and rule_norm_len > len(_norm(c.name))),
            float(intro is not None and c.entity is not None
                  and bool(doc.mentions_near(c.entity, (intro[0] + intro[1]) // 2, (intro[1] - intro[0]) // 2))),
            float(len(c.name.split())),
            float(c.entity is None and c.mention is not None and _has_entity(doc, c.mention)),
            *_description_meaning(doc, c),
        ])
    return rows
