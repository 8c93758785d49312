"""Features of the learned NER layer: what the re-tagger reads about each token of an article.

For every token: the tag Slovnet gave it and the tag the hand repair (`extract/ner_fix.py`) gave it, its
morphology (Slovnet's part of speech, case and animacy; pymorphy's Name/Surn/Patr/Geox/Orgn/Abbr grammemes
and whether the dictionary knows the word), its shape (capitals, digits, Latin letters, hyphen, which
punctuation), the gazetteer's longest match over it, its lemma and suffix (categorical, with a vocabulary
learnt from the training data and stored in the model file), where it stands (sentence start, line start,
position in the sentence, inside quotation marks), and what the whole article says about its lemma (how
often the lemma is capitalised away from a sentence start; which share of its occurrences the repair
tagged PER, LOC, ORG), and how sure Slovnet was: its CRF's marginal probability of O, PER, LOC, ORG and of a
name starting there (nlp/taggers.py, `crf_marginals`; the decoded tags alone hide a near tie such as
«Голос Америки»). The same features of the two tokens on either side are read too.

Only candidate tokens are scored (`candidates`): a token with a capital, a digit or a Latin letter, a token
inside a Slovnet or repaired span, and a lower-case word between such tokens («Министерство иностранных дел»).
Every other token is outside any name: svodka's names have a capital letter (ner_fix.py drops spans without
one), and scoring only candidates keeps the layer cheap. A candidate that Slovnet, the repair and Slovnet's
CRF all agree on (`SURE`) is settled and not scored either.
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

import numpy as np

from ..nlp.gazetteer import Gazetteer
from ..nlp.normalize import parse_word, word_is_known
from ..nlp.pipeline import Parsed, Span
from ..nlp.words import lemma, never_a_name

TYPES = ("PER", "LOC", "ORG")
# the classes the booster predicts per token (IO: spans are runs of one type, split where the taggers split)
CLASSES = ("O", *TYPES)
SPAN_TYPES = ("PER", "LOC", "ORG", "EVENT", "FAC")
# token tags from spans: 0 outside, then B/I per type
TAG_SLOVNET = {t: k for k, t in enumerate(TYPES)}
TAG_REPAIRED = {t: k for k, t in enumerate(SPAN_TYPES)}
GAZ_TYPES = ("LOC", "ORG", "EVENT", "FAC")
POS = ("NOUN", "PROPN", "ADJ", "VERB", "ADP", "PUNCT", "CCONJ", "SCONJ", "DET", "PRON", "NUM", "ADV", "PART",
       "AUX", "X", "SYM", "INTJ")
CASES = ("Nom", "Gen", "Dat", "Acc", "Ins", "Loc", "Par", "Voc")
PUNCT_KINDS = {"«": 1, "„": 1, "“": 1, "»": 2, "”": 2, '"': 3, "(": 4, ")": 5, ",": 6, ".": 7, "—": 8, "–": 8,
               "-": 8, ":": 9, ";": 10, "/": 11}
GRAMMEMES = ("Name", "Surn", "Patr", "Geox", "Orgn", "Abbr", "Trad")
_LETTER = re.compile(r"[A-Za-zА-Яа-яЁё]")
_LATIN = re.compile(r"[A-Za-z]")
_DIGIT = re.compile(r"\d")
# a lower-case word may sit inside a name this many tokens from a token with a capital on each side
GAP = 3
# Slovnet's CRF marginals per token (taggers.crf_marginals), summed over B and I: how sure the tagger was
# of each type, which its decoded tags alone do not say («Голос Америки»: LOC 0.74, ORG 0.08 on «Америки»)
PROB_NAMES = ("O", "PER", "LOC", "ORG", "B")
# A candidate whose Slovnet type, repaired type and Slovnet's CRF marginal for that type (at least SURE) all
# agree is settled: the booster is neither trained on it nor asked about it (`scored`), since the booster's
# cost is per row and tree. At 0.999, 43 % of the NEREL candidates are settled and the NEREL cross-validation
# is the same to the third decimal as with none settled; at 0.99 (57 %) ORG lost 0.4 points.
SURE = 0.999

BASE = (["slovnet", "repaired", "pos", "case", "animacy", "shape", "punct", "gaz", "lemma", "suffix",
         "latin", "length", "hyphen", *(f"g_{g}" for g in GRAMMEMES), "known", "never_name",
         "sent_start", "line_start", "sent_pos", "in_quotes", "doc_cap", "doc_count",
         *(f"doc_{t}" for t in SPAN_TYPES), *(f"p_{t}" for t in PROB_NAMES)])
# the base features also read for the neighbours
NEIGHBOUR = ["slovnet", "repaired", "pos", "case", "shape", "punct", "gaz", "lemma", "g_Name", "g_Surn",
             "g_Geox", "never_name", "doc_cap", "doc_PER", "doc_LOC", "doc_ORG", "p_O", "p_PER", "p_LOC", "p_ORG"]
OFFSETS = (-2, -1, 1, 2)
FEATURES = BASE + [f"{n}@{o:+d}" for o in OFFSETS for n in NEIGHBOUR]
CATEGORICAL_NAMES = {"slovnet", "repaired", "pos", "case", "animacy", "shape", "punct", "gaz", "lemma", "suffix"}
CATEGORICAL = [k for k, n in enumerate(FEATURES) if n.split("@")[0] in CATEGORICAL_NAMES]
_BASE_INDEX = {n: k for k, n in enumerate(BASE)}
_N_TOKEN_FEATURES = len(BASE) - len(PROB_NAMES)  # the probabilities come last, copied as one block
_POS_CODE = {p: k for k, p in enumerate(POS)}
_CASE_CODE = {c: k for k, c in enumerate(CASES)}
_ANIM_CODE = {None: 0, "Anim": 1}
_NEIGHBOUR_COLS = [_BASE_INDEX[n] for n in NEIGHBOUR]


def _shape(text: str) -> int:
    if not _LETTER.search(text):
        return 4 if _DIGIT.search(text) else 5
    if text.isupper() and len(text) > 1:
        return 2
    if text[:1].isupper():
        return 1
    if _DIGIT.search(text):
        return 3
    return 0 if text.islower() else 6


def _cap(text: str) -> bool:
    return text[:1].isupper() or bool(_DIGIT.search(text) and _LETTER.search(text)) or bool(_LATIN.search(text))


def token_tags(parsed: Parsed, spans: list[Span], kinds: dict[str, int]) -> list[int]:
    """Each token's tag from `spans`: 0 outside, 1 + 2k at the start of a span of kind k, 2 + 2k inside it."""
    tokens = parsed.tokens
    starts = [t.start for t in tokens]
    from bisect import bisect_left
    tags = [0] * len(tokens)
    for sp in spans:
        k = kinds.get(sp.type)
        if k is None:
            continue
        i = bisect_left(starts, sp.start)
        first = True
        while i < len(tokens) and tokens[i].end <= sp.end:
            tags[i] = (1 if first else 2) + 2 * k
            first = False
            i += 1
    return tags


def _morph(word: str) -> tuple:
    return _MORPH.get(word) or _morph_fill(word)


_MORPH: dict[str, tuple] = {}


def _morph_fill(word: str) -> tuple:
    if len(_MORPH) > 100_000:
        _MORPH.clear()
    w = word.lower()
    parses = parse_word(w)
    gram = set()
    for p in parses[:3]:
        gram |= set(p.tag.grammemes)
    known = 1 if word_is_known(w) else 0
    out = tuple(1 if g in gram else 0 for g in GRAMMEMES) + (known, 1 if never_a_name(word) else 0)
    _MORPH[word] = out
    return out


@dataclass
class Article:
    """One article's tokens with their raw features (strings for the vocabulary-coded ones), the candidate
    tokens, and the repaired spans the decoding keeps (events, facilities) and splits by."""
    parsed: Parsed
    repaired: list[Span]
    cand: list[int]          # indices of the candidate tokens
    scored: list[int]        # the candidates the booster decides (the others are settled: see SURE)
    base: np.ndarray         # (tokens, len(BASE)) with -1 in the lemma/suffix columns until coded
    lemmas: list[str]
    suffixes: list[str]
    repaired_tags: list[int]

    def base_sent_start(self, i: int) -> bool:
        return bool(self.base[i, _BASE_INDEX["sent_start"]] == 1)


_WORDS: dict[str, tuple] = {}


def _word(w: str) -> tuple:
    """What a word alone gives, cached: (lemma, capital-like, lower-case word, suffix)."""
    info = _WORDS.get(w)
    if info is None:
        if len(_WORDS) > 200_000:
            _WORDS.clear()
        letter = _LETTER.search(w) is not None
        info = _WORDS[w] = (lemma(w) if letter else w, _cap(w), w[:1].islower() and letter,
                            w.lower()[-3:] if len(w) > 3 else "")
    return info


_STATIC: dict[str, tuple] = {}


def _static(w: str) -> tuple:
    """The feature values of a word alone (shape, punctuation, Latin, length, hyphen, dictionary), cached;
    asked only for the tokens that are scored or read as neighbours."""
    static = _STATIC.get(w)
    if static is None:
        if len(_STATIC) > 200_000:
            _STATIC.clear()
        letter = _LETTER.search(w) is not None
        morph = _morph(w) if letter else (0,) * (len(GRAMMEMES) + 2)
        static = _STATIC[w] = (_shape(w), PUNCT_KINDS.get(w, 0 if letter else 12), 1 if _LATIN.search(w) else 0,
                               len(w), 1 if "-" in w.strip("-") else 0, *morph)
    return static


def candidates(words: list[tuple], slovnet_tags: list[int], repaired_tags: list[int]) -> list[int]:
    strong = [s > 0 or r > 0 or w[1] for w, s, r in zip(words, slovnet_tags, repaired_tags)]
    out = []
    n = len(words)
    for i, w in enumerate(words):
        if strong[i]:
            out.append(i)
        elif w[2]:
            # a lower-case word with a capitalised token shortly before and after it
            if any(strong[max(0, i - GAP):i]) and any(strong[i + 1:min(n, i + 1 + GAP)]):
                out.append(i)
    return out


def gazetteer_tags(words: list[tuple], gaz: Gazetteer) -> list[int]:
    n = len(words)
    tags = [0] * n
    lemmas = [w[0] for w in words]
    k = 0
    while k < n:
        hit = 0
        if words[k][1]:
            for ln in range(min(gaz.max_len, n - k), 0, -1):
                entry = gaz.get_key(tuple(lemmas[k:k + ln]))
                if entry is not None and entry.type in GAZ_TYPES:
                    g = GAZ_TYPES.index(entry.type)
                    tags[k] = 1 + 2 * g
                    for m in range(k + 1, k + ln):
                        tags[m] = 2 + 2 * g
                    hit = ln
                    break
        k += hit or 1
    return tags


def _type_probs(parsed: Parsed) -> np.ndarray:
    """(tokens, len(PROB_NAMES)): P(O), P(PER), P(LOC), P(ORG) and P(a name starts here) by Slovnet's CRF;
    NaN where the tagger did not read the token (or the parse carries no probabilities)."""
    p = parsed.ner_probs
    if p is None:
        return np.full((len(parsed.tokens), len(PROB_NAMES)), np.nan)
    p = p.astype(np.float64)
    return np.stack([p[:, 0], p[:, 1] + p[:, 2], p[:, 3] + p[:, 4], p[:, 5] + p[:, 6], p[:, 1] + p[:, 3] + p[:, 5]],
                    axis=1)


def analyse(parsed: Parsed, repaired: list[Span], gaz: Gazetteer) -> Article:
    """The raw features of every token (only candidates and their neighbours are filled)."""
    toks = parsed.tokens
    n = len(toks)
    words = [_word(t.text) for t in toks]
    slov = token_tags(parsed, parsed.spans, TAG_SLOVNET)
    rep = token_tags(parsed, repaired, TAG_REPAIRED)
    cand = candidates(words, slov, rep)
    need = sorted({j for i in cand for j in range(max(0, i - 2), min(n, i + 3))})
    base = np.full((n, len(BASE)), np.nan, dtype=np.float64)
    lemmas = [""] * n
    suffixes = [""] * n
    sent_start = [False] * n
    sent_pos = [0] * n
    k = 0
    for s in parsed.sents:
        for m in range(len(s.tokens)):
            sent_start[k + m] = m == 0
            sent_pos[k + m] = m
        k += len(s.tokens)
    # per-lemma statistics over the whole article, counted once per lemma
    lem_of = [w[0] for w in words]
    count = Counter(lem_of)
    cap_mid = Counter(lem_of[i] for i, t in enumerate(toks) if not sent_start[i] and t.text[:1].isupper())
    nt = len(SPAN_TYPES)
    tagged: dict[str, list[int]] = {}
    for i, r in enumerate(rep):
        if r:
            tagged.setdefault(lem_of[i], [0] * nt)[(r - 1) // 2] += 1
    doc_feats: dict[str, tuple] = {}
    in_quotes = _in_quotes(toks, sent_start) if ("«" in parsed.text or "„" in parsed.text) else None
    gaz_tags = gazetteer_tags(words, gaz)
    probs = _type_probs(parsed)
    text = parsed.text
    rows = []
    for i in need:
        t = toks[i]
        lem, _, _, suffix = words[i]
        static = _static(t.text)
        lemmas[i] = lem
        suffixes[i] = suffix
        feats = t.feats
        line_start = i == 0 or "\n" in text[toks[i - 1].end:t.start]
        doc = doc_feats.get(lem)
        if doc is None:
            c = count[lem]
            tg = tagged.get(lem)
            doc = doc_feats[lem] = (cap_mid[lem] / c, min(c, 20), *((x / c for x in tg) if tg else (0.0,) * nt))
        rows.append((slov[i], rep[i], _POS_CODE.get(t.pos, len(POS)), _CASE_CODE.get(feats.get("Case"), len(CASES)),
                     _ANIM_CODE.get(feats.get("Animacy"), 2), static[0], static[1], gaz_tags[i], -1, -1,
                     *static[2:], 1 if sent_start[i] else 0, 1 if line_start else 0, sent_pos[i],
                     in_quotes[i] if in_quotes else 0, *doc))
    if need:
        base[need, :_N_TOKEN_FEATURES] = np.asarray(rows, dtype=np.float64)
        base[need, _N_TOKEN_FEATURES:] = probs[need]
    scored = [i for i in cand if not _settled(slov[i], rep[i], probs[i])]
    return Article(parsed, repaired, cand, scored, base, lemmas, suffixes, rep)


def _in_quotes(toks: list, sent_start: list[bool]) -> list[int]:
    """1 for a token inside quotation marks: after an « or „ not closed yet in its sentence."""
    out = [0] * len(toks)
    depth = 0
    for i, t in enumerate(toks):
        if sent_start[i]:
            depth = 0
        out[i] = 1 if depth > 0 else 0
        if t.text in ("«", "„"):
            depth += 1
        elif t.text == "»" and depth:
            depth -= 1
    return out


def _settled(slovnet: int, repaired: int, probs: np.ndarray) -> bool:
    """Whether Slovnet's tag and the repaired one give the token one class (PER, LOC, ORG or outside; a
    repaired event or facility is never settled) that Slovnet's CRF gives at least SURE."""
    k = 0 if slovnet == 0 else 1 + (slovnet - 1) // 2
    if repaired == 0:
        r = 0
    else:
        t = SPAN_TYPES[(repaired - 1) // 2]
        if t not in TYPES:
            return False
        r = 1 + TYPES.index(t)
    return k == r and probs[k] >= SURE  # NaN (no probabilities) is never sure


def matrix(art: Article, vocab: dict[str, dict[str, int]], rows: list[int] | None = None) -> np.ndarray:
    """The feature rows of the tokens `rows` (by default the scored candidates), lemma and suffix coded by
    `vocab` (0: unknown)."""
    base = art.base
    n = base.shape[0]
    rows = art.scored if rows is None else rows
    if not rows:
        return np.zeros((0, len(FEATURES)))
    lem_v, suf_v = vocab.get("lemma", {}), vocab.get("suffix", {})
    li, si = _BASE_INDEX["lemma"], _BASE_INDEX["suffix"]
    need = sorted({j for i in rows for j in range(max(0, i - 2), min(n, i + 3))})
    for j in need:
        base[j, li] = lem_v.get(art.lemmas[j], 0)
        base[j, si] = suf_v.get(art.suffixes[j], 0)
    idx = np.asarray(rows)
    parts = [base[idx]]
    nb = base[:, _NEIGHBOUR_COLS]
    pad = np.full((2, nb.shape[1]), np.nan)
    padded = np.vstack([pad, nb, pad])
    for o in OFFSETS:
        parts.append(padded[idx + 2 + o])
    x = np.hstack(parts)
    # categorical columns: LightGBM reads a negative category as missing
    cat = x[:, CATEGORICAL]
    cat[np.isnan(cat)] = -1
    x[:, CATEGORICAL] = cat
    return x
