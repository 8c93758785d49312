"""The entity registry across articles: one stable id per person, organisation, place or event.

Runs after analysis, on stored or collected analyses (`analyze` stays a pure function of one article).
A new article's entity joins an existing one only on strong evidence, and starts a new one otherwise:
- the same full name («Касым-Жомарт Токаев» = «Касым-Жомарт Токаев»), or a first name compatible with
  it (an initial: «В. Путин»; a missing patronymic: «Владимир Владимирович Путин»);
- a known alias from the roles file («В. В. Путин»);
- a surname alone with a role that names its holder on the publication date («президент Токаев» in 2021),
  or a surname that the roles file gives to one person only;
- organisations, places and events: the same canonical name (the gazetteer has already mapped «РФ» and
  «Российская Федерация» to «Россия»).
Two people with one surname and different first names stay apart; a bare surname that nothing ties to a
full name stays a surname-only entity of its own, shared only by other bare mentions of that surname.

The registry is saved as JSON (`save`/`load`) so that ids stay stable from one run to the next.
"""
from __future__ import annotations

import json
from collections import Counter, defaultdict
from dataclasses import asdict, dataclass, field
from datetime import datetime
from pathlib import Path

from ..extract.ner_fix import _common_noun, _forms
from ..model import Analysis, Entity
from .roles import Roles, default_roles, lemma, lemma_key


def _norm(word: str) -> str:
    return word.lower().replace("ё", "е").strip(".")


def _surname_key(word: str) -> str:
    """A surname compared by its dictionary form, so a normalisation slip («Мирзиёева» for him) still matches."""
    w = _norm(word)
    return lemma(w) if "-" not in w else w


@dataclass
class PersonName:
    first: str | None  # a full first name or an initial («в»)
    middle: str | None
    last: str  # the surname's dictionary form
    last_raw: str = ""  # the surname as normalised in the article

    @classmethod
    def parse(cls, name: str) -> "PersonName":
        words = name.replace(".", ". ").split()
        raw = _norm(words[-1]) if words else ""
        if len(words) == 1:
            return cls(None, None, _surname_key(words[0]), raw)
        first = _norm(words[0])
        middle = _norm(words[1]) if len(words) >= 3 else None
        return cls(first, middle, _surname_key(words[-1]), raw)

    @property
    def full(self) -> bool:
        return self.first is not None

    def surname_forms(self) -> frozenset[str]:
        return _forms(self.last_raw) | {self.last}

    def compatible(self, other: "PersonName") -> bool:
        """One person's names: equal first names, or first names and surnames that are forms of each other
        where the article's normalisation slipped («Доминика Рааба» for «Доминик Рааб»); with an initial
        («В. Путин») the surname must be written the same, so «А. Иванова» does not join «Андрей Иванов»."""
        if not (self.full and other.full):
            return False
        a, b = self.first, other.first
        if len(a) == 1 or len(b) == 1:
            if not (a[0] == b[0] and self.last_raw == other.last_raw):
                return False
        elif a == b:
            if self.last != other.last and not (self.surname_forms() & other.surname_forms()):
                return False
        elif not (_forms(a) & _forms(b) and self.surname_forms() & other.surname_forms()):
            return False
        if self.middle and other.middle:
            m, n = self.middle, other.middle
            return m == n or (len(m) == 1 and n.startswith(m)) or (len(n) == 1 and m.startswith(n))
        return True


@dataclass
class RegEntity:
    id: str
    type: str
    name: str
    names: list[str] = field(default_factory=list)
    articles: list[str] = field(default_factory=list)
    surname_only: bool = False


class Registry:
    def __init__(self, roles: Roles | None = None) -> None:
        self.roles = roles or default_roles()
        self.entities: dict[str, RegEntity] = {}
        self._next = 1
        self._by_key: dict[tuple[str, str], str] = {}  # (type, normalised name) -> id
        self._by_surname: dict[str, list[str]] = defaultdict(list)  # persons with a full name
        # (type, lemmas of a form an organisation or place was written in) -> id, first come first served
        self._by_form: dict[tuple[str, tuple[str, ...]], str] = {}
        self._role_surnames = self._index_roles_file()

    # --- persistence ---------------------------------------------------------------------------------

    def save(self, path: str | Path) -> None:
        data = {"next": self._next, "entities": [asdict(e) for e in self.entities.values()]}
        Path(path).write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")

    @classmethod
    def load(cls, path: str | Path, roles: Roles | None = None) -> "Registry":
        reg = cls(roles)
        try:
            data = json.loads(Path(path).read_text(encoding="utf-8"))
            for e in data["entities"]:
                reg._remember(RegEntity(**e))
            reg._next = max(int(data.get("next", 1)), reg._next)
        except (OSError, ValueError, KeyError, TypeError) as e:
            raise ValueError(f"{path}: not a registry file: {e}") from None
        return reg

    # --- linking ---------------------------------------------------------------------------------------

    def add(self, analysis: Analysis) -> dict[str, str]:
        """Link every entity of one analysis; returns {entity id in the analysis: registry id}."""
        out = {}
        for e in analysis.entities:
            rid = self._find(e, analysis.published) or self._create(e, analysis.published)
            reg = self.entities[rid]
            if e.name not in reg.names:
                reg.names.append(e.name)
            if analysis.id not in reg.articles:
                reg.articles.append(analysis.id)
            out[e.id] = rid
            if e.type != "PER":
                for k in _mention_keys(e):
                    self._by_form.setdefault((e.type, k), rid)
        return out

    def _find(self, e: Entity, published) -> str | None:
        if e.type != "PER":
            rid = self._by_key.get((e.type, _norm_name(e.name)))
            if rid:
                return rid
            # another form the entity was written in («Роскомнадзор» for «Федеральная служба …»)
            hits = Counter(self._by_form[(e.type, k)] for k in _mention_keys(e) if (e.type, k) in self._by_form)
            return hits.most_common(1)[0][0] if hits else None
        name = self._full_name(e, published)
        pn = PersonName.parse(name)
        if not pn.full:
            return self._by_key.get(("PER~", pn.last))
        exact = self._by_key.get(("PER", _norm_name(name)))
        if exact:
            return exact
        seen = {rid for f in pn.surname_forms() for rid in self._by_surname.get(f, [])}
        cands = sorted((rid for rid in seen if PersonName.parse(self.entities[rid].name).compatible(pn)),
                       key=lambda r: int(r[1:]) if r[1:].isdigit() else 0)
        return cands[0] if len(cands) == 1 else None

    def _full_name(self, e: Entity, published) -> str:
        """The fullest name the evidence allows: an alias, a role's holder, or the roles file's only person
        with that surname."""
        alias = self.roles.canonical_person(e.name)
        if alias:
            return alias
        if len(e.name.split()) > 1:
            return e.name
        last = _surname_key(e.name)
        day = published.date() if isinstance(published, datetime) else published
        for m in e.mentions:
            if m.kind == "title":
                holder = self.roles.holder(m.text, day) if day else None
                if holder and PersonName.parse(holder).last == last:
                    return holder
        known = self._role_surnames.get(last)
        if known and len(known) == 1:
            return next(iter(known))
        return e.name

    def _create(self, e: Entity, published) -> str:
        rid = f"E{self._next}"
        self._next += 1
        name = self._full_name(e, published) if e.type == "PER" else e.name
        surname_only = e.type == "PER" and not PersonName.parse(name).full
        self._remember(RegEntity(rid, e.type, name, [], [], surname_only))
        return rid

    def _remember(self, reg: RegEntity) -> None:
        self.entities[reg.id] = reg
        if reg.type == "PER":
            pn = PersonName.parse(reg.name)
            if pn.full:
                self._by_key[("PER", _norm_name(reg.name))] = reg.id
                for f in pn.surname_forms():
                    self._by_surname[f].append(reg.id)
            else:
                self._by_key[("PER~", pn.last)] = reg.id
        else:
            self._by_key[(reg.type, _norm_name(reg.name))] = reg.id
            for n in reg.names:
                self._by_form.setdefault((reg.type, lemma_key(n)), reg.id)
        num = reg.id[1:]
        if num.isdigit():
            self._next = max(self._next, int(num) + 1)

    def _index_roles_file(self) -> dict[str, set[str]]:
        names: dict[str, set[str]] = defaultdict(set)
        people = {h.name for r in self.roles.roles for h in r.holders} | set(self.roles.person_aliases.values())
        for n in people:
            pn = PersonName.parse(n)
            if pn.full:
                names[pn.last].add(n)
        return names


def _mention_keys(e: Entity) -> set[tuple[str, ...]]:
    """Lemmas of the forms an entity is written in, less the ordinary words («Агентства», «Университете»)
    that name different things in different articles."""
    keys = {lemma_key(e.name)}
    for m in e.mentions:
        if m.kind in ("name", "surname"):
            key = lemma_key(m.text)
            if key and not (len(key) == 1 and _common_noun(m.text)):
                keys.add(key)
    return {k for k in keys if k}


def _norm_name(name: str) -> str:
    return " ".join(_norm(w) for w in name.split())


def link(analyses, registry: Registry | None = None) -> tuple[Registry, list[dict[str, str]]]:
    """Link many analyses in order; returns the registry and, per analysis, its entity-id mapping."""
    reg = registry or Registry()
    return reg, [reg.add(a) for a in analyses]
