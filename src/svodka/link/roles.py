"""The roles knowledge file: who held which title when, and the other names people go by.

A title in an article («главы российского государства», «президента Казахстана») is matched by its lemmas,
so every inflected form and word order the morphology agrees on finds the same role; the article's
publication date picks the holder. The starter file ships with svodka (`svodka/data/roles.toml`); users add
their own with `svodka --roles FILE COMMAND` or the SVODKA_ROLES environment variable (paths separated by os.pathsep),
and later files win over earlier ones where they overlap.

File format (TOML):

    [[role]]
    title = "президент России"                      # the headword form
    aliases = ["российский президент", "глава российского государства", "российский лидер"]
    holders = [
      { name = "Владимир Путин", from = "2012-05-07" },
      { name = "Дмитрий Медведев", from = "2008-05-07", to = "2012-05-07" },
    ]

    [[person]]
    name = "Владимир Путин"
    aliases = ["Владимир Владимирович Путин", "В. В. Путин"]
"""
from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import lru_cache
from pathlib import Path

from ..data import knowledge_texts
from ..nlp.words import lemma_key, lengths_by_first

ENV_VAR = "SVODKA_ROLES"  # the user's own files, separated by os.pathsep

# The names of one country a title may use interchangeably (lemma keys): a role written with one is found by
# the others too («пресс-секретарь президента РФ» is the role «пресс-секретарь президента России»), so a
# roles file need not list each title three times.
COUNTRY_NAMES = (
    (("россия",), ("рф",), ("российский", "федерация")),
    (("сша",), ("соединить", "штат"), ("соединить", "штат", "америка")),
)


def _country_variants(key: tuple[str, ...]) -> list[tuple[str, ...]]:
    """`key` with a country's name, where it ends the key, written each other way COUNTRY_NAMES knows."""
    for names in COUNTRY_NAMES:
        for name in names:
            if len(key) > len(name) and key[-len(name):] == name:
                return [key[:-len(name)] + other for other in names if other != name]
    return []


class RolesFileError(ValueError):
    pass


@dataclass
class Holder:
    name: str
    start: date | None = None
    end: date | None = None

    def holds_on(self, day: date | None) -> bool:
        if day is None:
            return self.end is None  # without a date, the current holder
        return (self.start is None or self.start <= day) and (self.end is None or day < self.end)


@dataclass
class Role:
    title: str
    aliases: list[str] = field(default_factory=list)
    holders: list[Holder] = field(default_factory=list)

    def holder(self, on: date | datetime | None) -> str | None:
        day = on.date() if isinstance(on, datetime) else on
        for h in self.holders:
            if h.holds_on(day):
                return h.name
        return None


def _date(value, where: str) -> date | None:
    if value is None:
        return None
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        raise RolesFileError(f"{where}: not a date (YYYY-MM-DD): {value!r}") from None


class Roles:
    def __init__(self) -> None:
        self.roles: list[Role] = []
        self._by_key: dict[tuple[str, ...], Role] = {}
        # alias lemma key -> canonical person name
        self.person_aliases: dict[tuple[str, ...], str] = {}
        self._lengths: dict[str, tuple[int, ...]] | None = None  # key lengths by first lemma, built on use
        self._by_head: dict[str, list[Role]] | None = None  # roles by their title's first lemma, built on use

    @classmethod
    def load(cls, paths: list[str | Path] | None = None, builtin: bool = True) -> "Roles":
        roles = cls()
        for text, where in knowledge_texts("roles.toml", ENV_VAR, paths, builtin, RolesFileError,
                                           "roles file"):
            roles.add_text(text, where)
        return roles

    def add_text(self, text: str, where: str) -> None:
        try:
            data = tomllib.loads(text)
        except tomllib.TOMLDecodeError as e:
            raise RolesFileError(f"{where}: {e}") from None
        self._lengths = self._by_head = None
        for i, r in enumerate(data.get("role", []), 1):
            at = f"{where}: role #{i}"
            if not isinstance(r, dict) or not r.get("title"):
                raise RolesFileError(f"{at}: needs a 'title'")
            holders = []
            for h in r.get("holders", []):
                if not isinstance(h, dict) or not h.get("name"):
                    raise RolesFileError(f"{at} ({r['title']}): every holder needs a 'name'")
                holders.append(Holder(h["name"], _date(h.get("from"), at), _date(h.get("to"), at)))
            # newest first, so an undated lookup and overlapping terms prefer the latest holder
            holders.sort(key=lambda h: h.start or date.min, reverse=True)
            role = Role(r["title"], list(r.get("aliases", [])), holders)
            self.roles.append(role)
            for phrase in [role.title, *role.aliases]:
                for key in _country_variants(lemma_key(phrase)):
                    self._by_key.setdefault(key, role)
                self._by_key[lemma_key(phrase)] = role
        for i, p in enumerate(data.get("person", []), 1):
            if not isinstance(p, dict) or not p.get("name"):
                raise RolesFileError(f"{where}: person #{i}: needs a 'name'")
            for alias in [p["name"], *p.get("aliases", [])]:
                self.person_aliases[lemma_key(alias)] = p["name"]

    def find(self, phrase: str) -> Role | None:
        """The role a title phrase names, in any inflected form («президенту России»), or None."""
        return self._by_key.get(lemma_key(phrase))

    def with_head(self, head: str) -> list[Role]:
        """The roles whose title starts with this lemma («президент» → президент России, президент США, …)."""
        if self._by_head is None:
            self._by_head = {}
            for role in self.roles:
                key = lemma_key(role.title)
                if key:
                    self._by_head.setdefault(key[0], []).append(role)
        return self._by_head.get(head, [])

    def holder(self, phrase: str, on: date | datetime | None) -> str | None:
        role = self.find(phrase)
        return role.holder(on) if role else None

    def canonical_person(self, name: str) -> str | None:
        return self.person_aliases.get(lemma_key(name))

    def keys(self):
        return self._by_key.keys()

    def key_lengths(self) -> dict[str, tuple[int, ...]]:
        """Lengths of the title keys by their first lemma, longest first (`lengths_by_first`)."""
        if self._lengths is None:
            self._lengths = lengths_by_first(self._by_key)
        return self._lengths


@lru_cache(maxsize=1)
def default_roles() -> Roles:
    return Roles.load()
