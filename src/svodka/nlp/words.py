"""What the dictionary says about one word: its lemma, every lemma it may have, whether it can be a name.

Every layer matches words by their dictionary forms (titles in the roles file, gazetteer names, speech
cues, a surname in another case), so these live at the bottom, beside the morphology they read; roles,
gazetteer, extractors and the linker all use the same answers.
"""
from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from functools import lru_cache

from .normalize import parse_word, word_is_known

# A word of a title or name: hyphenated compounds («вице-премьер», «Улан-Батор») stay one word, so a key
# has the shape the roles file and gazetteer write.
WORD = re.compile(r"[А-Яа-яЁёA-Za-z0-9-]+")
# A run of word characters, for counting words and splitting cue phrases: a hyphen splits («вице-премьер»
# counts as two).
WORD_RUN = re.compile(r"\w+")


# What `lemma` and `lemmas` gave in another process for the words at hand (`given_lemmas`)
_given: dict[str, tuple[str, frozenset[str]]] = {}


def lemma_pair(word: str) -> tuple[str, frozenset[str]]:
    """`lemma(word)` and `lemmas(word)`: what `given_lemmas` takes for a word."""
    return lemma(word), lemmas(word)


@contextmanager
def given_lemmas(known: Mapping[str, tuple[str, frozenset[str]]]) -> Iterator[None]:
    """Within the block, `lemma` and `lemmas` answer for a word of `known` from it (`lemma_pair`) instead of
    asking pymorphy. `known` holds what they returned for those words in another process: the worker that
    analysed an article, for the one process that stores it (store/prepared.py). The answers are the same;
    the writer's dictionary caches are cold (it analyses nothing), and parsing the words identity linking
    keys names by was a quarter of its time."""
    _given.update(known)
    try:
        yield
    finally:
        _given.clear()


# The word caches' limits are what a process that ingests for days holds in them: sized with
# benchmarks/cache_memory.py so that every bounded cache of the package together holds about 100 MiB once full
# (338 MiB with the limits before); on 3,138 texts the hit rates are at most 0.05 lower (lemma's 0.899 against
# 0.901) and the analysis as fast (benchmarks/throughput.py).
@lru_cache(maxsize=50_000)
def lemma(word: str) -> str:
    """The most likely dictionary form, lower case, «ё» as «е»."""
    if (given := _given.get(word)) is not None:
        return given[0]
    w = word.lower().replace("ё", "е")
    parses = parse_word(w)
    return parses[0].normal_form.replace("ё", "е") if parses else w


def token_lemmas(parsed) -> list[str]:
    """`lemma` of each token of a `pipeline.Parsed`, computed once for its sentences (kept in the parse)."""
    got = parsed.lemmas_of
    if got is None or got[0] is not parsed.sents:
        got = parsed.lemmas_of = (parsed.sents, [lemma(t.text) for t in parsed.tokens])
    return got[1]


@lru_cache(maxsize=20_000)
def lemma_key(phrase: str) -> tuple[str, ...]:
    """Lemmas of a phrase, the key titles are matched by («главы российского государства» → глава российский государство)."""
    return tuple(lemma(w) for w in WORD.findall(phrase))


@lru_cache(maxsize=30_000)
def lemmas(word: str) -> frozenset[str]:
    """Every dictionary form pymorphy allows, with the word itself: «Токаевым» → токаев; «Мирзиёева» may be
    his genitive or her nominative (мирзиёев, мирзиёева). Two words that share one may be the same name."""
    if (given := _given.get(word)) is not None:
        return given[1]
    w = word.lower().replace("ё", "е")
    return frozenset({w} | {p.normal_form.replace("ё", "е") for p in parse_word(w)})


_AGE_ADJECTIVE = re.compile(r".{2,}летн(?:ий|яя|ее|его|ей|ему|им|юю|ем|ие|их|ими)$")


@lru_cache(maxsize=20_000)
def never_a_name(word: str) -> bool:
    """A dictionary word that is never a name (император, полковник, поддержка, супруга): a capital on it
    says only that it starts a sentence or a title. A word the dictionary does not know may be a name."""
    w = word.lower()
    if "-" in w.strip("-") and not word_is_known(w):
        # a compound profession («Писатель-сатирик», «Врач-кардиолог»): every part a common noun, none a
        # name («Петров-Водкин», «Мамин-Сибиряк» keep their surname parts)
        parts = w.split("-")
        return len(parts) > 1 and all(len(p) > 2 and never_a_name(p) and parse_word(p)[0].tag.POS == "NOUN"
                                      for p in parts)
    if _AGE_ADJECTIVE.search(w):
        # «Шестидесятивосьмилетняя Руссефф»: a compound age the dictionary cannot list, never a name
        return True
    if not word_is_known(w):
        return False
    parses = parse_word(w)
    if any({"Name", "Surn", "Patr", "Geox", "Orgn", "Trad"} & set(p.tag.grammemes) for p in parses):
        return False
    return parses[0].tag.POS in ("NOUN", "ADJF", "PRTF", "VERB", "INFN", "ADVB", "PREP", "CONJ", "PRCL", "NPRO")


def lengths_by_first(keys) -> dict[str, tuple[int, ...]]:
    """The lengths of word-tuple keys by their first word, longest first. A longest-match scan tries at a
    token only the lengths some key starting with its word has, instead of every length down from the
    longest key: the same first hit, without building a tuple for each length at every token."""
    out: dict[str, set[int]] = {}
    for k in keys:
        if k:
            out.setdefault(k[0], set()).add(len(k))
    return {w: tuple(sorted(ns, reverse=True)) for w, ns in out.items()}
