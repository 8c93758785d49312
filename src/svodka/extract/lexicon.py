"""The speech-cue lexicon: lemmas (and lemma phrases) of the words that introduce speech and opinion.

The starter list ships as `svodka/data/speech_verbs.txt`; users extend or trim it with their own files
(`svodka --lexicon FILE COMMAND` or the SVODKA_LEXICON environment variable), in the same format. Words are
matched by lemma, so one entry covers every inflected form («заявил», «заявила», «заявив», «заявляя» → заявить, заявлять).
"""
from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from ..data import knowledge_texts


ENV_VAR = "SVODKA_LEXICON"
SECTIONS = ("verb", "source", "colon", "promise", "denial", "opinion", "demand", "question")
# the kinds of statement a cue can make; a cue in none of these sections is a plain statement
CUE_KINDS = ("promise", "denial", "opinion", "demand", "question")


# Words whose possible cue entries a lexicon remembers (`Lexicon.starting`): a few MiB when full
STARTING_MEMO = 100_000


class LexiconError(ValueError):
    pass


def norm(word: str) -> str:
    return word.lower().replace("ё", "е")


@dataclass
class Lexicon:
    # section -> set of lemma tuples
    entries: dict[str, set[tuple[str, ...]]] = field(default_factory=lambda: {s: set() for s in SECTIONS})
    _index: dict[str, dict[str, list[tuple[str, ...]]]] = field(default_factory=dict, repr=False, compare=False)
    # (section, word, its lemmas' function) -> the entries that may start at that word: asked for every word
    # of every article
    _starting: dict[tuple, tuple[tuple[str, ...], ...]] = field(default_factory=dict, repr=False, compare=False)

    def add_text(self, text: str, where: str) -> None:
        section = "verb"
        for n, raw in enumerate(text.splitlines(), 1):
            line = raw.split("#", 1)[0].strip()
            if not line:
                continue
            if line.startswith("[") and line.endswith("]"):
                section = line[1:-1].strip()
                if section not in SECTIONS:
                    raise LexiconError(f"{where}:{n}: unknown section [{section}] (use {', '.join(SECTIONS)})")
                continue
            remove = line.startswith("-")
            words = tuple(norm(w) for w in line.lstrip("-").split())
            if not words:
                raise LexiconError(f"{where}:{n}: empty entry")
            (self.entries[section].discard if remove else self.entries[section].add)(words)
            self._index.pop(section, None)
            self._starting.clear()

    def by_first(self, section: str) -> dict[str, list[tuple[str, ...]]]:
        """Entries of a section indexed by their first lemma (built on demand, rebuilt after a change)."""
        if section not in self._index:
            idx: dict[str, list[tuple[str, ...]]] = {}
            for e in self.entries[section]:
                idx.setdefault(e[0], []).append(e)
            self._index[section] = idx
        return self._index[section]

    def starting(self, section: str, word: str, firsts: Callable[[str], Iterable[str]]) -> tuple[tuple[str, ...], ...]:
        """The entries of a section whose first lemma is one of `firsts(word)` (the lemmas the word may have; a
        function of the word alone), those of each lemma together in their order. Remembered per word: a text
        asks it for each of its words, and news repeats its words. The memo holds only strings and tuples of
        them (nothing the garbage collector keeps walking) and starts again past STARTING_MEMO entries."""
        key = (section, word, firsts)
        got = self._starting.get(key)
        if got is None:
            if len(self._starting) >= STARTING_MEMO:
                self._starting.clear()
            index = self.by_first(section)
            got = self._starting[key] = tuple(e for f in firsts(word) for e in index.get(f, ()))
        return got

    def has(self, section: str, lemmas: tuple[str, ...]) -> bool:
        return lemmas in self.entries[section]

    def cue_kind(self, lemmas: tuple[str, ...]) -> str:
        """statement, promise, denial, opinion, demand or question: by the cue's first lemma that is listed
        («по мнению» is an opinion by «мнение», «пообещал» a promise)."""
        for lm in lemmas:
            for kind in CUE_KINDS:
                if (lm,) in self.entries[kind]:
                    return kind
        return "statement"

    @classmethod
    def load(cls, paths: list[str | Path] | None = None, builtin: bool = True) -> "Lexicon":
        lex = cls()
        for text, where in knowledge_texts("speech_verbs.txt", ENV_VAR, paths, builtin, LexiconError,
                                           "lexicon file"):
            lex.add_text(text, where)
        return lex


@lru_cache(maxsize=1)
def default_lexicon() -> Lexicon:
    return Lexicon.load()
