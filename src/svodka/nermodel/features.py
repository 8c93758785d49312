"""Features of the learned NER layer: what the re-tagger reads about each token of an article.

For every token: the tag Slovnet gave it and the tag the hand repair (`extract/ner_fix.py`) gave it, its
morphology (Slovnet's part of speech, case and animacy; pymorphy's Name/Surn/Patr/Geox/Orgn/Abbr grammemes
and whether the dictionary knows the word), its shape (capitals, digits, Latin letters, hyphen, which
punctuation), the gazetteer's longest match over it, its lemma and suffix (categorical, with a vocabulary
learnt from the training data and stored in the model file), where it stands (sentence start, line start,
position in the sentence, inside quotation marks), and what the whole article says about its lemma (how
often the lemma is capitalised away from a sentence start; which share of its occurrences the repair
tagged PER, LOC, ORG). The same features of the two tokens on either side are read too.

Only candidate tokens are scored (`candidates`): a token with a capital, a digit or a Latin letter, a token
inside a Slovnet or repaired span, and a lower-case word between such tokens («Министерство иностранных дел»).
Every other token is outside any name: svodka's names have a capital letter (ner_fix.py drops spans without
one), and scoring only candidates keeps the layer cheap.
"""
from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass

import numpy as np

from ..nlp.gazetteer import Gazetteer
from ..nlp.normalize import _analyzer, _parse
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

BASE = (["slovnet", "repaired", "pos", "case", "animacy", "shape", "punct", "gaz", "lemma", "suffix",
         "latin", "length", "hyphen", *(f"g_{g}" for g in GRAMMEMES), "known", "never_name",
         "sent_start", "line_start", "sent_pos", "in_quotes", "doc_cap", "doc_count",
         *(f"doc_{t}" for t in SPAN_TYPES)])
# the base features also read for the neighbours
NEIGHBOUR = ["slovnet", "repaired", "pos", "case", "shape", "punct", "gaz", "lemma", "g_Name", "g_Surn",
             "g_Geox", "never_name", "doc_cap", "doc_PER", "doc_LOC", "doc_ORG"]
OFFSETS = (-2, -1, 1, 2)
FEATURES = BASE + [f"{n}@{o:+d}" for o in OFFSETS for n in NEIGHBOUR]
CATEGORICAL_NAMES = {"slovnet", "repaired", "pos", "case", "animacy", "shape", "punct", "gaz", "lemma", "suffix"}
CATEGORICAL = [k for k, n in enumerate(FEATURES) if n.split("@")[0] in CATEGORICAL_NAMES]
_BASE_INDEX = {n: k for k, n in enumerate(BASE)}
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
    parses = _parse(w)
    gram = set()
    for p in parses[:3]:
        gram |= set(p.tag.grammemes)
    known = 1 if _analyzer().word_is_known(w) else 0
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
    # per-lemma statistics over the whole article
    cap_mid: Counter = Counter()
    count: Counter = Counter()
    tagged: dict[str, Counter] = defaultdict(Counter)
    in_quotes = [0] * n
    depth = 0
    for i, t in enumerate(toks):
        lem = words[i][0]
        count[lem] += 1
        if not sent_start[i] and t.text[:1].isupper():
            cap_mid[lem] += 1
        if rep[i]:
            tagged[lem][(rep[i] - 1) // 2] += 1
        # inside quotation marks: an open « or „ not closed yet in the sentence
        if sent_start[i]:
            depth = 0
        in_quotes[i] = 1 if depth > 0 else 0
        if t.text in ("«", "„"):
            depth += 1
        elif t.text == "»" and depth:
            depth -= 1
    gaz_tags = gazetteer_tags(words, gaz)
    text = parsed.text
    nt = len(SPAN_TYPES)
    rows = []
    for i in need:
        t = toks[i]
        lem, _, _, suffix = words[i]
        static = _static(t.text)
        lemmas[i] = lem
        suffixes[i] = suffix
        pos = t.pos
        feats = t.feats
        case = feats.get("Case")
        anim = feats.get("Animacy")
        line_start = i == 0 or "\n" in text[toks[i - 1].end:t.start]
        c = count[lem]
        tg = tagged.get(lem)
        rows.append([slov[i], rep[i], POS.index(pos) if pos in POS else len(POS),
                   CASES.index(case) if case in CASES else len(CASES),
                   0 if anim is None else (1 if anim == "Anim" else 2), static[0], static[1],
                   gaz_tags[i], -1, -1, *static[2:],
                   1 if sent_start[i] else 0, 1 if line_start else 0, sent_pos[i], in_quotes[i],
                   cap_mid[lem] / c, min(c, 20),
                   *((tg[k] / c if tg else 0.0) for k in range(nt))])
    if need:
        base[need] = np.asarray(rows, dtype=np.float64)
    return Article(parsed, repaired, cand, base, lemmas, suffixes, rep)


def matrix(art: Article, vocab: dict[str, dict[str, int]]) -> np.ndarray:
    """The feature rows of the article's candidate tokens, lemma and suffix coded by `vocab` (0: unknown)."""
    base = art.base
    n = base.shape[0]
    if not art.cand:
        return np.zeros((0, len(FEATURES)))
    lem_v, suf_v = vocab.get("lemma", {}), vocab.get("suffix", {})
    li, si = _BASE_INDEX["lemma"], _BASE_INDEX["suffix"]
    need = sorted({j for i in art.cand for j in range(max(0, i - 2), min(n, i + 3))})
    for j in need:
        base[j, li] = lem_v.get(art.lemmas[j], 0)
        base[j, si] = suf_v.get(art.suffixes[j], 0)
    idx = np.asarray(art.cand)
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
