"""Entity identity in the archive: the rules of `link/entities.py`, run as each article is stored.

`StoredEntities` is the `EntityIndex` the linker asks for candidates, over two tables: `entities.key` is
the key of an entity's canonical name (`index_keys`: «PER:владимир путин», «PER~:иванова», «LOC:москва»),
one entity per key; `entity_keys` holds the other ways a new mention finds an entity (the surname forms of a
person with a full name, the forms an organisation or place was written in). Everything it reads or writes
is kept in memory for the life of the store, as the name ids are: a batch of articles mostly names people
the archive already knows. Another connection's commits make that memory stale, so it is checked at the
start of every write transaction (`begin(version)`: SQLite's `PRAGMA data_version`, a write counter in
PostgreSQL), and it is dropped with a rolled-back one.

An entity's id never changes once given: a stored article that comes back changed keeps the ids its
entities had (`previous`), and nothing but the re-linking of a version 2 archive (`relink`) ever removes
an entity.

The SQL here is what SQLite and PostgreSQL both read (ON CONFLICT with a target, no INSERT OR …), so each
backend links by this one module; a backend hands it a connection whose `execute` takes `?` parameters.
"""
from __future__ import annotations

import json
import sqlite3
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

from ..link.entities import Linker, index_keys
from ..link.roles import Roles, default_roles
from ..model import Entity, Mention
from ..nlp.gazetteer import Gazetteer
from . import terms


# What the memory of keys, forms and names may hold before it is dropped at the start of a write (about 180
# bytes an entry, so 20 MiB): kept for the life of the store it grew with every entity the archive met, some
# 300 bytes an article; dropping it is what another connection's commit already does, so the links are the same.
HELD = 100_000


def _form_key(type: str, form: tuple[str, ...]) -> str:
    return f"{type}:{' '.join(form)}"


class StoredEntities:
    """The archive's entities as the linker's `EntityIndex`, and the linker itself, for one connection."""

    def __init__(self, conn: sqlite3.Connection, roles: Roles | None = None, gazetteer: Gazetteer | None = None) -> None:
        self.conn = conn
        self._roles = roles
        self._gazetteer = gazetteer
        self._linker: Linker | None = None
        self._keys: dict[str, int | None] = {}
        self._surnames: dict[str, list[int]] = {}
        self._forms: dict[str, int | None] = {}
        self._names: dict[int, str] = {}
        self._data_version: int | None = None

    @property
    def roles(self) -> Roles:
        """The roles file the archive links by (the shipped one when none was given)."""
        return self._roles or default_roles()

    @property
    def linker(self) -> Linker:
        if self._linker is None:  # the roles file and pymorphy only when something is stored
            self._linker = Linker(self, self._roles, self._gazetteer)
        return self._linker

    def begin(self, v: int) -> bool:
        """At the start of a write transaction: forget what another connection may have changed since. `v`
        changes whenever another connection has committed (the backend says how it knows). Whether one has."""
        others = v != self._data_version
        if others or self.held() > HELD:
            self.forget()
            self._data_version = v
        return others

    def held(self) -> int:
        """How many keys, forms and names the memory holds."""
        return len(self._keys) + len(self._surnames) + len(self._forms) + len(self._names)

    def begin_own(self, v: int) -> None:
        """The version this connection's own write transaction leaves (PostgreSQL's counter counts every
        writer's transactions, this one's too), so that its own commit is not taken for another's."""
        self._data_version = v

    def forget(self) -> None:
        self._keys.clear()
        self._surnames.clear()
        self._forms.clear()
        self._names.clear()

    def link(self, e: Entity, published: datetime | None, known: int | None = None, reuse: int | None = None) -> int:
        return self.linker.link(e, published, reuse=reuse, known=known)

    def previous(self, article: int) -> dict[tuple[str, str], int]:
        """(type, name) → entity id of a stored article, for the names that were one entity's only there
        (its aliases, entity_forms): the same article stored again keeps its ids even where the evidence
        would now decide otherwise."""
        seen: dict[tuple[str, str], set[int]] = {}
        for type, name, eid in self.conn.execute(
                "SELECT e.type, n.name, f.entity_id FROM entity_forms f JOIN entities e ON e.id = f.entity_id "
                "JOIN names n ON n.id = f.name_id WHERE f.article_id = ?", (article,)):
            seen.setdefault((type, name), set()).add(eid)
        return {k: next(iter(v)) for k, v in seen.items() if len(v) == 1}

    @staticmethod
    def known(previous: dict[tuple[str, str], int], e: Entity) -> int | None:
        """The id an entity had when its article was stored before, by its name or the names it is written
        in, where they agree on one."""
        if not previous:
            return None
        ids = {previous[k] for k in [(e.type, e.name), *((e.type, m.text) for m in e.mentions
                                                          if m.kind in ("name", "surname"))] if k in previous}
        return next(iter(ids)) if len(ids) == 1 else None

    # --- EntityIndex -----------------------------------------------------------------------------------

    def by_key(self, key: str) -> int | None:
        if key not in self._keys:
            row = self.conn.execute("SELECT id FROM entities WHERE key = ?", (key,)).fetchone()
            self._keys[key] = self.current(row[0]) if row else None
        return self._keys[key]

    def current(self, eid: int) -> int:
        """The entity an id stands for now: itself, or the person it was merged into."""
        row = self.conn.execute("SELECT new_id FROM entity_redirects WHERE old_id = ?", (eid,)).fetchone()
        return row[0] if row else eid

    def tie(self, e: Entity, rid: int) -> None:
        """When an article ties a bare surname to a full name («Сергей Собянин … Собянин добавил»), a
        surname-only person the archive made from other articles («Собянин») is that person: merge it in.
        Only when no other person with a full name has that surname (two Петровых stay apart); the decision is
        `Linker.absorbs`, shared with the in-memory registry that `svodka eval identity` scores."""
        if (old := self.linker.absorbs(e, rid)) is not None:
            self.merge(old, rid)

    def merge(self, old: int, new: int) -> None:
        """Everything of entity `old` becomes `new`'s (mentions, aliases, quotes, what quotes are about,
        figures, keys); `old` stays as a redirect."""
        c = self.conn
        for aid, n, published in c.execute("SELECT article_id, mentions, published FROM article_entities "
                                           "WHERE entity_id = ?", (old,)).fetchall():
            c.execute("INSERT INTO article_entities AS t (article_id, entity_id, mentions, published) "
                      "VALUES (?, ?, ?, ?) ON CONFLICT (entity_id, article_id) "
                      "DO UPDATE SET mentions = t.mentions + excluded.mentions", (aid, new, n, published))
        c.execute("DELETE FROM article_entities WHERE entity_id = ?", (old,))
        for aid, nid, n in c.execute("SELECT article_id, name_id, n FROM entity_forms WHERE entity_id = ?",
                                     (old,)).fetchall():
            c.execute("INSERT INTO entity_forms AS t (article_id, entity_id, name_id, n) VALUES (?, ?, ?, ?) "
                      "ON CONFLICT (entity_id, name_id, article_id) DO UPDATE SET n = t.n + excluded.n",
                      (aid, new, nid, n))
        c.execute("DELETE FROM entity_forms WHERE entity_id = ?", (old,))
        c.execute("UPDATE quotes SET entity_id = ? WHERE entity_id = ?", (new, old))
        c.execute("INSERT INTO quote_about (entity_id, quote_id) SELECT ?, quote_id FROM quote_about "
                  "WHERE entity_id = ? ON CONFLICT DO NOTHING", (new, old))
        c.execute("DELETE FROM quote_about WHERE entity_id = ?", (old,))
        c.execute("UPDATE figures SET entity_id = ? WHERE entity_id = ?", (new, old))
        c.execute("INSERT INTO entity_titles (title_key, entity_id, article_id, title, day) SELECT title_key, ?, "
                  "article_id, title, day FROM entity_titles WHERE entity_id = ? ON CONFLICT DO NOTHING", (new, old))
        c.execute("DELETE FROM entity_titles WHERE entity_id = ?", (old,))
        # `old`'s keys become `new`'s, but for those `new` has already (UPDATE OR IGNORE, in SQL both read)
        c.execute("DELETE FROM entity_keys WHERE entity_id = ? AND kind = 'surname' AND key IN "
                  "(SELECT key FROM entity_keys WHERE entity_id = ? AND kind = 'surname')", (old, new))
        c.execute("UPDATE entity_keys SET entity_id = ? WHERE entity_id = ?", (new, old))
        c.execute("DELETE FROM entity_counts WHERE entity_id IN (?, ?)", (old, new))
        c.execute("INSERT INTO entity_counts (entity_id, mentions, articles) SELECT entity_id, SUM(mentions), "
                  "COUNT(*) FROM article_entities WHERE entity_id = ? GROUP BY entity_id", (new,))
        c.execute("UPDATE entity_redirects SET new_id = ? WHERE new_id = ?", (new, old))
        c.execute("INSERT INTO entity_redirects (old_id, new_id) VALUES (?, ?) "
                  "ON CONFLICT (old_id) DO UPDATE SET new_id = excluded.new_id", (old, new))
        self.forget()  # the caches may name `old`

    def with_surname(self, forms) -> set[int]:
        forms = list(forms)
        if missing := [f for f in forms if f not in self._surnames]:
            for f in missing:
                self._surnames[f] = []
            for key, eid in self.conn.execute(
                    f"SELECT key, entity_id FROM entity_keys WHERE kind = 'surname' AND key IN "
                    f"({','.join('?' * len(missing))})", missing):
                self._surnames[key].append(eid)
        return {eid for f in forms for eid in self._surnames[f]}

    def by_form(self, type: str, forms) -> list[int]:
        keys = [_form_key(type, f) for f in forms]
        if missing := [k for k in keys if k not in self._forms]:
            for k in missing:
                self._forms[k] = None
            self._forms.update(self.conn.execute(
                f"SELECT key, entity_id FROM entity_keys WHERE kind = 'form' AND key IN "
                f"({','.join('?' * len(missing))})", missing))
        return [eid for k in keys if (eid := self._forms[k]) is not None]

    def name(self, id: int) -> str:
        if (name := self._names.get(id)) is None:
            name = self._names[id] = self.conn.execute("SELECT name FROM entities WHERE id = ?", (id,)).fetchone()[0]
        return name

    def create(self, type: str, name: str, reuse: int | None = None, unique: bool = False) -> int:
        key, surnames = index_keys(type, name)
        if unique:
            # a key no name leads to: its own id after it, set once the row exists
            rid = reuse if reuse is not None else self.conn.execute(
                "INSERT INTO entities (key, type, name) VALUES (?, ?, ?)", (f"{key}#new", type, name)).lastrowid
            self.conn.execute("UPDATE entities SET key = ?, type = ?, name = ? WHERE id = ?",
                              (f"{key}#{rid}", type, name, rid))
            self._names[rid] = name
            return rid
        if reuse is not None:
            self.conn.execute("UPDATE entities SET key = ?, type = ?, name = ? WHERE id = ?", (key, type, name, reuse))
            rid = reuse
        else:
            rid = self.conn.execute("INSERT INTO entities (key, type, name) VALUES (?, ?, ?)",
                                    (key, type, name)).lastrowid
        self._keys[key] = rid
        self._names[rid] = name
        if surnames:
            self.with_surname(surnames)  # what the table holds, so the cache stays whole
            new = sorted(f for f in surnames if rid not in self._surnames[f])
            self.conn.executemany("INSERT INTO entity_keys (kind, key, entity_id) VALUES ('surname', ?, ?)",
                                  [(f, rid) for f in new])
            for f in new:
                self._surnames[f].append(rid)
        return rid

    def add_forms(self, id: int, type: str, forms) -> None:
        forms = list(forms)
        self.by_form(type, forms)  # loads them
        new = list(dict.fromkeys(k for k in (_form_key(type, f) for f in forms) if self._forms[k] is None))
        if new:
            self.conn.executemany("INSERT INTO entity_keys (kind, key, entity_id) VALUES ('form', ?, ?)",
                                  [(k, id) for k in new])
            for k in new:
                self._forms[k] = id


@dataclass
class RelinkReport:
    """What re-linking the stored articles changed: `merged` (the entity now, the entities it was made of)
    and `split` (the entity before, the entities it became), by name; `moved`: article entities now linked
    to another entity than before."""
    articles: int = 0
    moved: int = 0
    merged: list[tuple[str, list[str]]] = field(default_factory=list)
    split: list[tuple[str, list[str]]] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return bool(self.moved or self.merged or self.split)


def relink(conn: sqlite3.Connection, name_id: Callable[[str], int], roles: Roles | None = None,
           progress: Callable[[int, int], None] | None = None, v2: bool = True,
           gazetteer: Gazetteer | None = None) -> RelinkReport:
    """Link the stored articles again, in the order they were stored, by the rules of `link/entities.py` and
    `roles`. `name_id`: the id of a name in the names table, added (and indexed) if new; `progress(done,
    total)` after each chunk of articles. Runs in the caller's transaction.

    Two callers. The task migration 3 leaves an archive with articles (schema.TASKS, `v2`): version 2 keyed
    entities by (type, name), so «Путин» and «Владимир Путин» were two; it runs on the newest schema, after
    every migration. `svodka relink` (`v2=False`): after the roles file or the rules changed; an article's
    entity was the one the names it is written in were stored under (`StoredEntities.previous`).

    An entity keeps the id of the first entity before it was made from; entities merged into another are
    removed, their mentions, aliases, quotes, figures and titles moved to it (and, when all of one went to
    one other, a redirect left, so an old `#ID` still leads there); mention totals are counted afresh."""
    old_names = dict(conn.execute("SELECT id, name FROM entities").fetchall())
    old = {key: eid for eid, key in conn.execute("SELECT id, key FROM entities")} if v2 else {}
    conn.execute("UPDATE entities SET key = '~' || id")  # out of the way of the new keys, which never start so
    if not v2:
        conn.execute("DELETE FROM entity_keys")  # the ways in are the new rules' to give
    ix = StoredEntities(conn, roles, gazetteer)
    total = conn.execute("SELECT COUNT(*) FROM articles").fetchone()[0]
    adopted: set[int] = set()
    pairs: set[tuple[int, int]] = set()  # (entity before, entity now)
    report = RelinkReport()
    last = 0
    while rows := conn.execute("SELECT id, published, analysis FROM articles WHERE id > ? ORDER BY id LIMIT 500",
                               (last,)).fetchall():
        for key, published, blob in rows:
            report.moved += _relink_article(conn, ix, key, published, blob, old, adopted, pairs, name_id, v2)
        last = rows[-1][0]
        report.articles += len(rows)
        if progress:
            progress(report.articles, total)
    if not v2:
        _redirect(conn, pairs)
    conn.execute("DELETE FROM entity_counts")
    conn.execute("INSERT INTO entity_counts (entity_id, mentions, articles) "
                 "SELECT entity_id, SUM(mentions), COUNT(*) FROM article_entities GROUP BY entity_id")
    conn.execute("DELETE FROM entities WHERE key LIKE '~%' AND id NOT IN (SELECT entity_id FROM article_entities) "
                 "AND id NOT IN (SELECT entity_id FROM entity_forms) "
                 "AND id NOT IN (SELECT entity_id FROM quotes WHERE entity_id IS NOT NULL) "
                 "AND id NOT IN (SELECT entity_id FROM figures WHERE entity_id IS NOT NULL) "
                 "AND id NOT IN (SELECT entity_id FROM quote_about) AND id NOT IN (SELECT new_id FROM entity_redirects) "
                 "AND id NOT IN (SELECT entity_id FROM entity_titles)")
    now_of: dict[int, set[int]] = {}
    was_of: dict[int, set[int]] = {}
    for was, now in pairs:
        now = ix.current(now)
        now_of.setdefault(was, set()).add(now)
        was_of.setdefault(now, set()).add(was)
    report.merged = sorted((ix.name(now), sorted(old_names.get(w, f"#{w}") for w in ws))
                           for now, ws in was_of.items() if len(ws) > 1)
    report.split = sorted((old_names.get(w, f"#{w}"), sorted(ix.name(n) for n in ns))
                          for w, ns in now_of.items() if len(ns) > 1)
    return report


def _relink_article(conn, ix: StoredEntities, key: int, published: str | None, blob: bytes,
                    old: dict[str, int], adopted: set[int], pairs: set[tuple[int, int]],
                    name_id: Callable[[str], int], v2: bool) -> int:
    """Link one stored article's entities again; how many moved to another entity than they had."""
    d = json.loads(zlib.decompress(blob))
    when = _dt(published) or _dt(d.get("published"))
    previous = {} if v2 else ix.previous(key)
    if not v2:
        # the names an article does not write but its entities were known by: the new rules say them again
        conn.execute("DELETE FROM entity_forms WHERE article_id = ? AND n = 0", (key,))
    moves: dict[int, int] = {}
    names: set[tuple[int, str]] = set()
    ties: list[tuple[Entity, int]] = []
    linked: list[tuple[int | None, int]] = []  # (entity before, entity now)
    for raw in d.get("entities", []):
        e = Entity(raw["id"], raw["type"], raw["name"], [Mention(**m) for m in raw.get("mentions", [])])
        was = old.get(f"{e.type}:{terms.name_key(e.name)}") if v2 else StoredEntities.known(previous, e)
        eid = ix.link(e, when, reuse=was if was is not None and was not in adopted else None)
        if eid == was:
            adopted.add(was)
        if was is not None:
            moves.setdefault(was, eid)
            pairs.add((was, eid))
        if (name := ix.name(eid)) != e.name:
            names.add((eid, name))
        linked.append((was, eid))
        if not v2 and e.type == "PER":
            ties.append((e, eid))
    moved = {was: eid for was, eid in moves.items() if was != eid}
    if moved:
        _move(conn, key, moved)
    for eid, name in names:
        conn.execute("INSERT INTO entity_forms (article_id, entity_id, name_id, n) VALUES (?, ?, ?, 0) "
                     "ON CONFLICT DO NOTHING", (key, eid, name_id(name)))
    for e, eid in ties:  # as storing does: a bare surname an article ties to a full name
        ix.tie(e, ix.current(eid))
    return sum(1 for was, eid in linked if was is not None and was != eid)


def _redirect(conn, pairs: set[tuple[int, int]]) -> None:
    """An entity all of whose mentions went to one other: its id leads there, as a merged one's does."""
    dest: dict[int, set[int]] = {}
    for was, now in pairs:
        dest.setdefault(was, set()).add(now)
    for was, nows in sorted(dest.items()):
        if len(nows) == 1 and (now := next(iter(nows))) != was:
            conn.execute("UPDATE entity_redirects SET new_id = ? WHERE new_id = ?", (now, was))
            conn.execute("INSERT INTO entity_redirects (old_id, new_id) VALUES (?, ?) "
                         "ON CONFLICT (old_id) DO UPDATE SET new_id = excluded.new_id", (was, now))


def _dt(value: str | None) -> datetime | None:
    return datetime.fromisoformat(value) if value else None


def _move(conn: sqlite3.Connection, article: int, moves: dict[int, int]) -> None:
    """One article's mentions, aliases, quotes, figures, titles and what its quotes are about, of each
    entity `was` to entity `moves[was]`; all read before any is written, so that one entity's rows moving
    to a second while the second's move on stay apart."""
    marks = ",".join("?" * len(moves))
    where = f"article_id = ? AND entity_id IN ({marks})"
    args = (article, *moves)
    mentions = conn.execute(f"SELECT entity_id, mentions, published FROM article_entities WHERE {where}",
                            args).fetchall()
    forms = conn.execute(f"SELECT entity_id, name_id, n FROM entity_forms WHERE {where}", args).fetchall()
    quotes = conn.execute(f"SELECT id, entity_id FROM quotes WHERE {where}", args).fetchall()
    figures = conn.execute(f"SELECT id, entity_id FROM figures WHERE {where}", args).fetchall()
    titles = conn.execute(f"SELECT title_key, entity_id, title, day FROM entity_titles WHERE {where}",
                          args).fetchall()
    about_where = f"entity_id IN ({marks}) AND quote_id IN (SELECT id FROM quotes WHERE article_id = ?)"
    about = conn.execute(f"SELECT entity_id, quote_id FROM quote_about WHERE {about_where}",
                         (*moves, article)).fetchall()
    conn.execute(f"DELETE FROM article_entities WHERE {where}", args)
    conn.execute(f"DELETE FROM entity_forms WHERE {where}", args)
    conn.execute(f"DELETE FROM entity_titles WHERE {where}", args)
    conn.execute(f"DELETE FROM quote_about WHERE {about_where}", (*moves, article))
    # AS t and a conflict target: PostgreSQL reads no other ON CONFLICT … DO UPDATE
    for was, n, published in mentions:
        conn.execute("INSERT INTO article_entities AS t (article_id, entity_id, mentions, published) "
                     "VALUES (?, ?, ?, ?) ON CONFLICT (entity_id, article_id) "
                     "DO UPDATE SET mentions = t.mentions + excluded.mentions", (article, moves[was], n, published))
    for was, name_id, n in forms:
        conn.execute("INSERT INTO entity_forms AS t (article_id, entity_id, name_id, n) VALUES (?, ?, ?, ?) "
                     "ON CONFLICT (entity_id, name_id, article_id) DO UPDATE SET n = t.n + excluded.n",
                     (article, moves[was], name_id, n))
    for title_key, was, title, day in titles:
        conn.execute("INSERT INTO entity_titles (title_key, entity_id, article_id, title, day) "
                     "VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING", (title_key, moves[was], article, title, day))
    for was, qid in about:
        conn.execute("INSERT INTO quote_about (entity_id, quote_id) VALUES (?, ?) ON CONFLICT DO NOTHING",
                     (moves[was], qid))
    for qid, was in quotes:
        conn.execute("UPDATE quotes SET entity_id = ? WHERE id = ?", (moves[was], qid))
    for fid, was in figures:
        conn.execute("UPDATE figures SET entity_id = ? WHERE id = ?", (moves[was], fid))
