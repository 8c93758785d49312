"""The gazetteer: countries, regions, cities, international organisations, events and facilities by name.

Entries are keyed by the lemmas of their words, so «Нидерландов», «Евросоюзом» and «Организации
Объединенных Наций» find their entry in any case. The starter file ships with svodka
(`svodka/data/gazetteer.txt`, format described at its top); users add their own files with
`svodka --gazetteer FILE COMMAND` or the SVODKA_GAZETTEER environment variable (paths separated by
os.pathsep); later entries win.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from ..data import knowledge_texts
from .words import lemma_key, lengths_by_first

ENV_VAR = "SVODKA_GAZETTEER"  # the user's own files, separated by os.pathsep

TYPES = ("LOC", "ORG", "EVENT", "FAC")


class GazetteerFileError(ValueError):
    pass


@dataclass(frozen=True)
class Entry:
    type: str
    name: str  # canonical, nominative


class Gazetteer:
    def __init__(self) -> None:
        self.by_key: dict[tuple[str, ...], Entry] = {}
        self.max_len = 1
        self._lengths: dict[str, tuple[int, ...]] | None = None  # key lengths by first lemma, built on use

    @classmethod
    def load(cls, paths: list[str | Path] | None = None, builtin: bool = True) -> "Gazetteer":
        gaz = cls()
        for text, where in knowledge_texts("gazetteer.txt", ENV_VAR, paths, builtin,
                                           GazetteerFileError, "gazetteer"):
            gaz.add_text(text, where)
        return gaz

    def add_text(self, text: str, where: str) -> None:
        self._lengths = None
        section = None
        for n, raw in enumerate(text.splitlines(), 1):
            line = raw.split("#", 1)[0].strip()
            if not line:
                continue
            if line.startswith("[") and line.endswith("]"):
                section = line[1:-1].strip().upper()
                if section not in TYPES:
                    raise GazetteerFileError(f"{where}:{n}: unknown section [{section}]; use one of {', '.join(TYPES)}")
                continue
            if section is None:
                raise GazetteerFileError(f"{where}:{n}: an entry before any [TYPE] section")
            names = [x.strip() for x in line.split("|") if x.strip()]
            entry = Entry(section, names[0].strip("«»\""))
            for name in names:
                key = lemma_key(name)
                if key:
                    self.by_key[key] = entry
                    self.max_len = max(self.max_len, len(key))

    def get(self, phrase: str) -> Entry | None:
        return self.by_key.get(lemma_key(phrase))

    def name_of(self, phrase: str, type: str) -> str | None:
        """The canonical name of `phrase` where the gazetteer knows it as a thing of `type`, else None."""
        entry = self.get(phrase)
        return entry.name if entry is not None and entry.type == type else None

    def get_key(self, key: tuple[str, ...]) -> Entry | None:
        return self.by_key.get(key)

    def key_lengths(self) -> dict[str, tuple[int, ...]]:
        """Lengths of the name keys by their first lemma, longest first (`lengths_by_first`)."""
        if self._lengths is None:
            self._lengths = lengths_by_first(self.by_key)
        return self._lengths


@lru_cache(maxsize=1)
def default_gazetteer() -> Gazetteer:
    return Gazetteer.load()
