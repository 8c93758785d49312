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
full name stays a surname-only entity of its own, shared only by other bare mentions of that surname. Once an
article ties the two and no other person with a full name has that surname, the surname-only entity is merged
into the full name (`Linker.absorbs`; the archive keeps the old id as a redirect). A person known by
a first name alone is someone else in every article.

A man and a woman with one surname are two people: a surname-only entity is keyed by the surname as
written («Иванова», «Иванов»), and the roles file's only person with a surname takes a bare mention only
when it is written as that person's surname is.

The decisions (`Linker`) ask an `EntityIndex` for candidates and never keep entities themselves, so the
same rules run over two stores: `Registry` keeps entities in memory and saves them as JSON (`save`/`load`)
so that ids stay stable from one run to the next; the archive keeps them in its SQLite tables
(`svodka.store.identity`) and links every article as it is stored.
"""
from __future__ import annotations

import json
from collections import Counter, defaultdict
from collections.abc import Hashable, Iterable
from dataclasses import asdict, dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Protocol

from ..model import Analysis, Entity
from ..nlp.gazetteer import Gazetteer, default_gazetteer
from ..nlp.normalize import parse_word as _parse_word
from ..nlp.words import lemma, lemma_key, lemmas, never_a_name
from .roles import Roles, default_roles


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
        return lemmas(self.last_raw) | {self.last}

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
        elif not (lemmas(a) & lemmas(b) and self.surname_forms() & other.surname_forms()):
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


def given_name_only(name: str) -> bool:
    """A person known by a first name alone («Алексей», «Тимур»): the dictionary reads it as a given name and
    not as a surname, and the roles file knows no one by it."""
    words = name.split()
    if len(words) != 1:
        return False
    parses = [p for p in _parse_word(words[0].lower()) if p.tag.POS == "NOUN"]
    return bool(parses) and "Name" in parses[0].tag.grammemes and not any("Surn" in p.tag.grammemes for p in parses)


def entity_key(type: str, name: str) -> str:
    """The key an entity with this canonical name is found by, one entity per key: «PER:владимир путин»,
    «PER~:полозков» for a surname-only person, «LOC:москва».

    A surname-only key keeps the surname as written in the nominative, not its dictionary form: pymorphy
    gives «Иванова» the lemma «иванов», and she is not he."""
    if type == "PER":
        words = name.replace(".", ". ").split()  # as PersonName.parse reads a name
        if len(words) == 1:
            return f"PER~:{_norm(words[0])}"
    return f"{type}:{_norm_name(name)}"


def index_keys(type: str, name: str) -> tuple[str, frozenset[str]]:
    """Everything an entity with this canonical name is found by: its key (`entity_key`) and, for a person
    with a full name, the forms of the surname, by which a compatible name («В. Путин», «Владимир
    Владимирович Путин») finds it."""
    pn = PersonName.parse(name) if type == "PER" else None
    return entity_key(type, name), (pn.surname_forms() if pn and pn.full else frozenset())


class EntityIndex(Protocol):
    """The entities the linker has seen, wherever they are kept: in memory (`Registry`, saved as JSON) or in
    the archive's SQLite tables (`store/identity.py`). Ids are opaque to the linker."""

    def by_key(self, key: str) -> Hashable | None:
        """The entity whose canonical name has this key (`entity_key`)."""

    def with_surname(self, forms: Iterable[str]) -> Iterable[Hashable]:
        """Persons with a full name one of whose surname forms is among `forms`."""

    def by_form(self, type: str, forms: list[tuple[str, ...]]) -> list[Hashable]:
        """For each of `forms` (lemmas) that an organisation, place or event was first seen written in, in
        their order: that entity."""

    def name(self, id: Hashable) -> str:
        """An entity's canonical name."""

    def create(self, type: str, name: str, reuse: Hashable | None = None, unique: bool = False) -> Hashable:
        """A new entity, indexed by `index_keys(type, name)`; `reuse` is an id the index may give it. `unique`:
        nothing finds it by its name (its key carries its id)."""

    def add_forms(self, id: Hashable, type: str, forms: Iterable[tuple[str, ...]]) -> None:
        """Forms an organisation or place was written in; a form already taken stays with its entity."""


class Linker:
    """The decisions, apart from where entities are kept: which seen entity a new one is, or none."""

    def __init__(self, index: EntityIndex, roles: Roles | None = None, gazetteer: Gazetteer | None = None) -> None:
        self.index = index
        self.roles = roles or default_roles()
        self.gazetteer = gazetteer or default_gazetteer()
        self._role_surnames = _role_surnames(self.roles)

    def link(self, e: Entity, published, reuse: Hashable | None = None, known: Hashable | None = None) -> Hashable:
        """The id of the entity `e` is, found or created. `known`: the id this entity was given before (the
        same article stored again), kept so that ids do not move; `reuse`: an id the index may give a new one."""
        # in a fixed order, so that a tie between forms goes the same way in every run
        forms = sorted(_mention_keys(e) | self._gazetteer_keys(e)) if e.type != "PER" else []
        rid = known
        if rid is None:
            name = self.canonical_name(e, published)
            if e.type == "PER" and given_name_only(name):
                # «Алексей» alone: every article's is someone else, and nothing in it says who
                return self.index.create(e.type, name, reuse, unique=True)
            rid = self.find(e.type, name, forms)
            if rid is None:
                rid = self.index.create(e.type, name, reuse)
        if forms:
            self.index.add_forms(rid, e.type, forms)
        return rid

    def _gazetteer_keys(self, e: Entity) -> set[tuple[str, ...]]:
        """The gazetteer's canonical name of an organisation or place as one more form it is found by: an
        article that names it only «Министерство внутренних дел» (an analysis names it so, the fullest name
        the article gives) and one that writes only «МВД» find one entity."""
        name = self.gazetteer.name_of(e.name, e.type)
        return {lemma_key(name)} - {()} if name else set()

    def absorbs(self, e: Entity, rid: Hashable) -> Hashable | None:
        """The surname-only person that the person `rid`, just linked for `e`, turns out to be, or None: when the
        article ties a bare surname to the full name («Сергей Собянин … Собянин добавил»), a surname-only person
        made from other articles («Собянин») is that person, as long as no other person with a full name has
        that surname (two Петровых stay apart). The index merges it in (`Registry.merge`, and in the archive
        `store/identity.py`, which keeps the old id as a redirect)."""
        if e.type != "PER":
            return None
        ix = self.index
        pn = PersonName.parse(ix.name(rid))
        if not pn.full or not any(len(m.text.split()) == 1 and m.kind in ("name", "surname")
                                  and _surname_key(m.text) == pn.last for m in e.mentions):
            return None
        old = ix.by_key(entity_key("PER", pn.last_raw))
        if old is None or old == rid or PersonName.parse(ix.name(old)).full:
            return None  # no such person, or merged already
        return old if set(ix.with_surname(pn.surname_forms())) == {rid} else None

    def canonical_name(self, e: Entity, published) -> str:
        return self.full_name(e, published) if e.type == "PER" else e.name

    def find(self, type: str, name: str, forms: list[tuple[str, ...]]) -> Hashable | None:
        """The seen entity an entity of this type and canonical name (`canonical_name`) is, written in
        `forms` (`_mention_keys`, for an organisation, place or event), or None."""
        ix = self.index
        if type != "PER":
            rid = ix.by_key(entity_key(type, name))
            if rid is not None:
                return rid
            # another form the entity was written in («Роскомнадзор» for «Федеральная служба …»)
            hits = Counter(ix.by_form(type, forms))
            return hits.most_common(1)[0][0] if hits else None
        exact = ix.by_key(entity_key("PER", name))
        pn = PersonName.parse(name)
        if exact is not None or not pn.full:
            return exact
        seen = set(ix.with_surname(pn.surname_forms()))
        cands = [rid for rid in seen if PersonName.parse(ix.name(rid)).compatible(pn)]
        return cands[0] if len(cands) == 1 else None

    def full_name(self, e: Entity, published) -> str:
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
            only, (lo, hi) = next(iter(known.items()))
            # without a title, the surname must be written as that person's is: «Иванова» is not «Игорь Иванов»
            if PersonName.parse(only).last_raw == _norm(e.name) and _in_the_news(day, lo, hi):
                return only
        return e.name


# A former office holder stays in the news for a while after leaving office («Меркель» in 2023), and is
# named a little before taking it; outside that window a bare surname is more likely a namesake.
NEWS_BEFORE, NEWS_AFTER = timedelta(days=2 * 365), timedelta(days=6 * 365)


def _in_the_news(day: date | None, lo: date | None, hi: date | None) -> bool:
    if day is None:
        return True  # nothing to compare; the roles file's only person of that surname
    return (lo is None or day >= lo - NEWS_BEFORE) and (hi is None or day <= hi + NEWS_AFTER)


def _role_surnames(roles: Roles) -> dict[str, dict[str, tuple[date | None, date | None]]]:
    """Surname → {full name: (first day in any role, last day in any role)} of the roles file's people; a
    person listed only under [[person]], or with an open term, has no bound on that side."""
    names: dict[str, dict[str, tuple[date | None, date | None]]] = defaultdict(dict)
    terms: dict[str, list[tuple[date | None, date | None]]] = defaultdict(list)
    for r in roles.roles:
        for h in r.holders:
            terms[h.name].append((h.start, h.end))
    for n in set(terms) | set(roles.person_aliases.values()):
        pn = PersonName.parse(n)
        if not pn.full:
            continue
        spans = terms.get(n)
        if not spans:
            names[pn.last][n] = (None, None)
            continue
        starts, ends = [s for s, _ in spans], [e for _, e in spans]
        names[pn.last][n] = (None if None in starts else min(starts), None if None in ends else max(ends))
    return names


class Registry:
    """The linker over entities kept in memory and saved as JSON (`svodka eval identity`, scripts); the
    archive runs the same `Linker` over its SQLite tables instead."""

    def __init__(self, roles: Roles | None = None) -> None:
        self.entities: dict[str, RegEntity] = {}
        self._next = 1
        self._by_key: dict[str, str] = {}  # index_keys() key -> id
        self._by_surname: dict[str, list[str]] = defaultdict(list)  # persons with a full name
        # (type, lemmas of a form an organisation or place was written in) -> id, first come first served
        self._by_form: dict[tuple[str, tuple[str, ...]], str] = {}
        self.redirects: dict[str, str] = {}  # a merged entity's id -> the id it became
        self.linker = Linker(self, roles)

    @property
    def roles(self) -> Roles:
        return self.linker.roles

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
        """Link every entity of one analysis; returns {entity id in the analysis: registry id}. An id may later
        be merged into another person's: `current` gives the id it stands for now."""
        out = {}
        for e in analysis.entities:
            rid = self.linker.link(e, analysis.published)
            reg = self.entities[rid]
            if e.name not in reg.names:
                reg.names.append(e.name)
            if analysis.id not in reg.articles:
                reg.articles.append(analysis.id)
            out[e.id] = rid
        for e in analysis.entities:
            if (old := self.linker.absorbs(e, out[e.id])) is not None:
                self.merge(old, out[e.id])
        return out

    def current(self, id: str) -> str:
        """The entity an id stands for now: itself, or the person it was merged into."""
        while id in self.redirects:
            id = self.redirects[id]
        return id

    def merge(self, old: str, new: str) -> None:
        """Entity `old` becomes `new` (its names, articles and key); `old` stays as a redirect."""
        gone = self.entities.pop(old)
        reg = self.entities[new]
        reg.names += [n for n in gone.names if n not in reg.names]
        reg.articles += [a for a in gone.articles if a not in reg.articles]
        for k, v in list(self._by_key.items()):
            if v == old:
                self._by_key[k] = new
        self.redirects[old] = new

    # --- EntityIndex -----------------------------------------------------------------------------------

    def by_key(self, key: str) -> str | None:
        return self._by_key.get(key)

    def with_surname(self, forms) -> set[str]:
        return {rid for f in forms for rid in self._by_surname.get(f, ())}

    def by_form(self, type: str, forms) -> list[str]:
        return [rid for f in forms if (rid := self._by_form.get((type, f))) is not None]

    def name(self, id: str) -> str:
        return self.entities[id].name

    def create(self, type: str, name: str, reuse: str | None = None, unique: bool = False) -> str:
        rid = f"E{self._next}"
        self._next += 1
        surname_only = type == "PER" and not PersonName.parse(name).full
        reg = RegEntity(rid, type, name, [], [], surname_only)
        if unique:
            self.entities[rid] = reg  # not indexed by its name: nothing will find it again
        else:
            self._remember(reg)
        return rid

    def add_forms(self, id: str, type: str, forms) -> None:
        for k in forms:
            self._by_form.setdefault((type, k), id)

    def _remember(self, reg: RegEntity) -> None:
        self.entities[reg.id] = reg
        key, surnames = index_keys(reg.type, reg.name)
        self._by_key[key] = reg.id
        for f in surnames:
            self._by_surname[f].append(reg.id)
        if reg.type != "PER":
            self.add_forms(reg.id, reg.type, [lemma_key(n) for n in reg.names])
        num = reg.id[1:]
        if num.isdigit():
            self._next = max(self._next, int(num) + 1)


def _mention_keys(e: Entity) -> set[tuple[str, ...]]:
    """Lemmas of the forms an entity is written in, less the ordinary words («Агентства», «Университете»)
    that name different things in different articles."""
    keys = {lemma_key(e.name)}
    for m in e.mentions:
        if m.kind in ("name", "surname"):
            key = lemma_key(m.text)
            if key and not (len(key) == 1 and never_a_name(m.text)):
                keys.add(key)
    return {k for k in keys if k}


def _norm_name(name: str) -> str:
    return " ".join(_norm(w) for w in name.split())


def link(analyses, registry: Registry | None = None) -> tuple[Registry, list[dict[str, str]]]:
    """Link many analyses in order; returns the registry and, per analysis, its entity-id mapping."""
    reg = registry or Registry()
    return reg, [reg.add(a) for a in analyses]
