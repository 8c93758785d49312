"""What the SQL backends share: storing an analysis (here) and every query (`sqlquery.py`), in SQL both
SQLite and PostgreSQL read.

A backend (`sqlite.py`, `postgres.py`) supplies the connection, its transactions, its schema and its full-text
index (the methods declared abstract below); everything else is shared, so that one question asked of either
gives one answer. The connection's `execute` takes `?` parameters and returns a cursor with `lastrowid`.
"""
from __future__ import annotations

import json
import zlib
from abc import abstractmethod
from collections import Counter
from collections.abc import Callable
from contextlib import contextmanager, nullcontext
from datetime import date, datetime

from ..model import Analysis, Article
from ..nlp.words import given_lemmas
from ..stories.documents import Document, document
from ..stories.online import (Neighbour, encode_entities, encode_vector, neighbour, neighbour_of, place, signature,
                              utc_text, window_bounds)
from . import terms
from .identity import RelinkReport, StoredEntities, relink
from .interface import Entry, Outcome, Store
from .keys import post_key, source_key
from .prepared import Prepared, body_of
from .records import ALIAS_KINDS
from .sqlquery import SQLQueries, _dt, _iso

# Name ids kept in memory (a dict of about 180 bytes an entry): a long ingest meets four new names an article
NAMES_HELD = 100_000


class SQLStore(SQLQueries, Store):
    """The store over a connection that reads this module's SQL. A subclass opens `conn`, migrates the
    schema, and calls `_ready(roles)`."""

    # An entity's timeline buckets: the month as YYYY-MM, or the week as the date of its Monday (the local
    # date the article gave, offsets not applied, as everywhere times are shown as given). SQL per backend.
    PERIODS: dict[str, str]

    def _ready(self, roles, gazetteer=None) -> None:
        self._names: dict[str, int] = {}
        self._gazetteer = gazetteer  # stories compare an article's names by it (stories/documents.py)
        # the stored stories' rows the windows have read (stories/online.py), kept from one batch to the next
        # while no other connection writes: a row never changes once written, and articles in time order
        # share most of their day's window, so a row is decoded once, not once a batch (the window of a day of
        # 700 posts was decoded again by every batch: a third of a long ingest's writing). What the last
        # batch's windows used (and what it stored) is kept, so the cache holds about one day's window.
        self._neighbours: dict[int, Neighbour] = {}
        self._used: set[int] = set()  # the keys of the neighbours this batch has used or stored
        # which stored entity an article's entity is (link/entities.py's rules over this database's tables)
        self._identity = StoredEntities(self.conn, roles, gazetteer)

    # --- what a backend supplies -----------------------------------------------------------------------

    @abstractmethod
    def _begin_write(self) -> None:
        """Open the write transaction of a batch (one writer at a time) and tell `_begin_caches` whether
        another connection has written since."""

    def _begin_caches(self, v: int, own: int | None = None) -> None:
        """At the start of a write transaction: `v` changes whenever another connection has committed (the
        backend says how it knows), and then the caches of stored rows are forgotten; `own`: the version this
        transaction leaves where the backend counts its own writes too."""
        if self._identity.begin(v):
            self._neighbours.clear()
        else:
            self._neighbours = {k: n for k, n in self._neighbours.items() if k in self._used}
        self._used = set()
        if own is not None:
            self._identity.begin_own(own)

    @abstractmethod
    def _in_transaction(self) -> bool: ...

    @abstractmethod
    def _fts_add(self, table: str, rowid: int, *texts: str) -> None:
        """Index texts (already `terms.index_text`) under `rowid` in one of articles_fts (title, body),
        quotes_fts, figures_fts, names_fts."""

    @abstractmethod
    def _fts_delete_article(self, key: int) -> None:
        """Drop the index rows of an article, its quotes and its figures (before the article is deleted)."""

    @abstractmethod
    def _match(self, query: str, words: bool = False) -> str | None:
        """The backend's form of a query (see `terms.parse`), or with `words` of a name's words; None when
        nothing is asked for."""

    @abstractmethod
    def _fts_ids(self, table: str) -> str:
        """SQL selecting the `rowid` of every row of index `table` that matches the one parameter, `_match`'s."""

    @abstractmethod
    def _ranked(self, kind: str, query: str, expr: str, filter_sql: str, params: list,
                limit: int) -> list[tuple[int, float]]:
        """(rowid, bm25 as FTS5 gives it: lower is better) of the newest `limit` matches of articles_fts
        ("article": title weighs twice the body) or quotes_fts ("quote"); `filter_sql` is ` AND …` on `rowid`."""

    @abstractmethod
    def _term_rows(self, forms: tuple[str, ...]) -> int:
        """How many quotes_fts rows hold each of `forms`, summed."""

    # --- writing -------------------------------------------------------------------------------------

    def known(self, article: Article, text_hash: str, clean_hash: str | None = None) -> str | None:
        post = post_key(article.url, article.source, article.id)
        changed = False
        for th, ch in self.conn.execute(
                "SELECT a.text_hash, a.clean_hash FROM appearances p JOIN articles a ON a.id = p.article_id "
                "WHERE p.post = ?", (post,)):
            if th == text_hash or (clean_hash and ch == clean_hash):
                return "stored"
            changed = changed or bool(article.url)  # without a URL, another text is another post
        if changed:
            return "changed"
        return "repeat" if self._by_text(text_hash, clean_hash) else None

    def _by_text(self, text_hash: str, clean_hash: str | None) -> int | None:
        """The stored article with this text, exactly or (when it is long enough) in its clean view."""
        row = self.conn.execute("SELECT id FROM articles WHERE text_hash = ? ORDER BY id LIMIT 1", (text_hash,)).fetchone()
        if row is None and clean_hash:
            row = self.conn.execute("SELECT id FROM articles WHERE clean_hash = ? ORDER BY id LIMIT 1",
                                    (clean_hash,)).fetchone()
        return row[0] if row else None

    def _appear(self, key: int, art: Article) -> bool:
        """Record that post `art` published article `key`; False when that was known."""
        return self.conn.execute(
            "INSERT INTO appearances (article_id, post, source, source_key, published, url, ext_id) "
            "VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
            (key, post_key(art.url, art.source, art.id), art.source, source_key(art.source), _iso(art.published),
             art.url, art.id)).rowcount > 0

    def _repeat(self, entry: Entry, key: int) -> Outcome:
        """A post whose text article `key` holds: one more appearance when it says where it was published."""
        art = entry.article
        if self.conn.execute("SELECT 1 FROM appearances WHERE article_id = ? AND post = ?",
                             (key, post_key(art.url, art.source, art.id))).fetchone():
            return Outcome("stored", key)
        if not art.source:
            return Outcome("duplicate", key)
        self._appear(key, art)
        return Outcome("appearance", key)

    def save(self, entries: list[Entry]) -> list[Outcome]:
        with self._writing():
            return self._save(entries)

    def _writing(self):
        """A context the whole batch is written in (PostgreSQL: its pipeline mode)."""
        return nullcontext()

    def _entry_written(self) -> None:
        """After an entry's statements: a backend that sends them without waiting raises their error here."""

    def _before_commit(self) -> None:
        """The last writes of a batch (PostgreSQL: the full-text totals of the batch)."""

    def _entry_failed(self) -> None:
        """Before an entry's savepoint is rolled back: a backend that sends statements without waiting makes
        ready to send again."""

    def _save(self, entries: list[Entry]) -> list[Outcome]:
        out: list[Outcome] = []
        c = self.conn
        with self._transaction():
            for entry in entries:
                c.execute("SAVEPOINT entry")
                try:
                    with given_lemmas(entry.prepared.name_lemmas if entry.prepared else {}):
                        out.append(self._save_one(entry))
                    self._entry_written()
                    c.execute("RELEASE entry")
                except Exception as e:  # one bad analysis must not cost the batch
                    self._entry_failed()
                    c.execute("ROLLBACK TO entry")
                    c.execute("RELEASE entry")
                    self._forget_ids()
                    out.append(Outcome("failed", error=f"could not store: {self._error_kind(e)}: {e}"))
        return out

    @contextmanager
    def _transaction(self):
        """One write transaction around the block: committed after it (with the backend's last writes), rolled
        back on any failure, which also forgets the ids handed out inside it."""
        self._begin_write()
        try:
            yield
            self._before_commit()
            self.conn.execute("COMMIT")
        except BaseException:
            if self._in_transaction():
                self.conn.execute("ROLLBACK")
            self._forget_ids()
            raise

    def _error_kind(self, e: Exception) -> str:
        """The kind of a failure as the DB-API names it (IntegrityError, …), whichever database said it."""
        return type(e).__name__

    def _forget_ids(self) -> None:
        # ids handed out inside a rolled-back transaction no longer exist
        self._names.clear()
        self._identity.forget()
        self._neighbours.clear()

    def _save_one(self, entry: Entry) -> Outcome:
        art, an, h, ch = entry.article, entry.analysis, entry.text_hash, entry.clean_hash
        c = self.conn
        if an is None:  # a repeat of a text stored before or earlier in this batch
            key = self._by_text(h, ch)
            if key is None:
                return Outcome("failed", error="repeats a post that could not be stored")
            return self._repeat(entry, key)
        status = "new"
        previous: dict[tuple[str, str], int] = {}
        others: list[Article] = []
        kept: list[tuple] = []  # the appearances of an article analysed again, as stored
        if entry.replaces is not None:
            previous = self._identity.previous(entry.replaces)
            kept = c.execute("SELECT post, source, source_key, published, url, ext_id FROM appearances "
                             "WHERE article_id = ?", (entry.replaces,)).fetchall()
            self._delete_article(entry.replaces)
            status = "reanalysed"
        elif art.url:
            row = c.execute("SELECT id, text_hash FROM articles WHERE url = ?", (art.url,)).fetchone()
            if row and row[1] == h:
                return Outcome("stored", row[0])
            if row:
                previous = self._identity.previous(row[0])  # a changed article keeps its entities' ids
                # and the reposts of it: the same post, edited
                others = [Article(id=r[0], text="", source=r[1], published=_dt(r[2]), url=r[3]) for r in c.execute(
                    "SELECT ext_id, source, published, url FROM appearances WHERE article_id = ? AND post != ?",
                    (row[0], art.url))]
                self._delete_article(row[0])
                status = "updated"
            else:
                for aid, th, cl in c.execute(
                        "SELECT p.article_id, a.text_hash, a.clean_hash FROM appearances p "
                        "JOIN articles a ON a.id = p.article_id WHERE p.post = ?", (art.url,)).fetchall():
                    if th == h or (ch and cl == ch):
                        return Outcome("stored", aid)
                # an edited repost is no longer a publication of the text it repeated
                c.execute("DELETE FROM appearances WHERE post = ?", (art.url,))
        if status == "new" and (key := self._by_text(h, ch)) is not None:
            return self._repeat(entry, key)
        prep = entry.prepared or Prepared.of(art, an, self._gazetteer)
        # the analysis' title: a post's markup cleaned, or its first line when it had none
        row = (art.id, art.url, h, ch, an.title or art.title, _iso(art.published), art.source, art.origin, art.text,
               prep.blob)
        if entry.replaces is not None:
            # the same id again (ON CONFLICT keeps the statement as written: the id is given, not drawn), and
            # every post that published it
            key = entry.replaces
            c.execute("INSERT INTO articles (id, ext_id, url, text_hash, clean_hash, title, published, source, "
                      "origin, text, analysis) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
                      (key, *row))
            for post in kept:
                c.execute("INSERT INTO appearances (article_id, post, source, source_key, published, url, ext_id) "
                          "VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING", (key, *post))
        else:
            key = c.execute(
                "INSERT INTO articles (ext_id, url, text_hash, clean_hash, title, published, source, origin, text, "
                "analysis) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", row).lastrowid
            for a in [art, *others]:
                self._appear(key, a)
        self._fts_add("articles_fts", key, prep.terms(art.title or ""), prep.terms(body_of(art)))

        local: dict[str, int] = {}  # the analysis' entity ids ("e1") → archive entity ids
        when = art.published or an.published  # a role's holder is picked by it
        # Mentions and aliases are summed here and written once an entity (the article is new, or its rows
        # were deleted with it): two analysis entities the archive links to one add up, as their rows did
        # when written one by one (a look-up and three statements an analysis entity, most of an article's
        # statements). Linking reads none of these tables, so writing them after it changes nothing.
        mentions: Counter[int] = Counter()
        aliases: Counter[tuple[int, int]] = Counter()
        for e in an.entities:
            eid = self._identity.link(e, when, known=self._identity.known(previous, e))
            local[e.id] = eid
            mentions[eid] += len(e.mentions)
            # Aliases are names. Pronouns and titles are not: «он» must not find a speaker, and a title
            # («пресс-секретарь Путина») would make Putin's name find his press secretary. A name the
            # archive knows the entity by that this article does not write («Владимир Путин» for a bare
            # «Путин» the roles file gave to him) is an alias of the article too, with no mentions.
            forms = Counter(m.text for m in e.mentions if m.kind in ALIAS_KINDS)
            if (name := self._identity.name(eid)) != e.name:
                forms.setdefault(name, 0)
            for form, n in forms.items():
                aliases[(eid, self._name_id(form, prep.terms))] += n
        # articles.published, not `when`: the mention timeline has always bucketed by the article's own date
        c.executemany("INSERT INTO article_entities (article_id, entity_id, mentions, published) VALUES (?, ?, ?, ?)",
                      [(key, eid, n, _iso(art.published)) for eid, n in mentions.items()])
        c.executemany("INSERT INTO entity_counts AS t (entity_id, mentions, articles) VALUES (?, ?, 1) "
                      "ON CONFLICT (entity_id) DO UPDATE SET mentions = t.mentions + excluded.mentions, "
                      "articles = t.articles + 1", list(mentions.items()))
        c.executemany("INSERT INTO entity_forms (article_id, entity_id, name_id, n) VALUES (?, ?, ?, ?)",
                      [(key, eid, nid, n) for (eid, nid), n in aliases.items()])
        by_name = {terms.name_key(e.name): local[e.id] for e in an.entities if e.type == "PER"}
        published = _iso(when)
        quote_ids: dict[int, int] = {}  # index in an.quotes → quotes.id
        # in text order, so that quote ids order an article's quotes as the reader meets them
        for i, q in sorted(enumerate(an.quotes), key=lambda iq: (iq[1].start, iq[1].end)):
            eid = local.get(q.speaker_entity or "")
            if eid is None and q.speaker:
                eid = by_name.get(terms.name_key(q.speaker))
            m = q.mention
            qid = c.execute(
                'INSERT INTO quotes (article_id, published, kind, start, "end", text, speaker_name_id, '
                "speaker_type, entity_id, cue, mention_start, mention_end, mention_text, cue_kind, negated, "
                "said_at, said_at_from) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (key, published, q.kind, q.start, q.end, q.text,
                 self._name_id(q.speaker, prep.terms) if q.speaker else None,
                 q.speaker_type, eid, q.cue, m.start if m else None, m.end if m else None, m.text if m else None,
                 q.cue_kind, int(q.negated), *self._said_at(q, published)),
            ).lastrowid
            quote_ids[i] = qid
            self._fts_add("quotes_fts", qid, prep.terms(q.text))
            c.executemany("INSERT INTO quote_about (entity_id, quote_id) VALUES (?, ?) ON CONFLICT DO NOTHING",
                          [(local[a], qid) for a in q.about if a in local])
        self._save_dates_figures(key, an, quote_ids, local, published, prep)
        self._save_titles(key, an, local, published)
        for e in an.entities:
            if e.type == "PER":
                self._identity.tie(e, local[e.id])
        self._assign_story(key, art, prep.document, prep.signature)
        return Outcome(status, key)

    # --- stories kept at ingest (stories/online.py) ------------------------------------------------------

    def _assign_story(self, key: int, art: Article, doc: Document, sig: bytes | None) -> int:
        """Give a new article its story: the story of its most like stored article within the window of its
        publication time, or a new one (`doc`, `sig`: its stories document and signature). Returns the
        story's id."""
        at = utc_text(art.published)
        df, n = self._count_terms(sorted(set(doc.lemmas)))
        placed = place(doc, df, n, self._window(art.published) if at else [], sig=sig)
        story = placed.story if placed.story is not None else self._new_story()
        self.conn.execute(
            "INSERT INTO article_stories (article_id, story_id, at, original, vector, entities, minhash) "
            "VALUES (?, ?, ?, ?, ?, ?, ?)",
            (key, story, at, placed.original, encode_vector(placed.vector), encode_entities(doc.entities),
             placed.hashes))
        if at:  # what reading the row back would give, without decoding it (an undated row is in no window)
            self._neighbours[key] = neighbour_of(key, story, placed.original, placed.vector, set(doc.entities),
                                                 placed.hashes, at)
            self._used.add(key)
        self.conn.execute(
            "UPDATE stories SET articles = articles + 1, "
            "first = CASE WHEN first IS NULL OR first > CAST(? AS TEXT) THEN CAST(? AS TEXT) ELSE first END, "
            "last = CASE WHEN last IS NULL OR last < CAST(? AS TEXT) THEN CAST(? AS TEXT) ELSE last END "
            "WHERE id = ?",
            (at, at, at, at, story))
        return story

    def _new_story(self) -> int:
        # given here, not by the database, so both backends number stories alike
        sid = self.conn.execute("SELECT COALESCE(MAX(id), 0) + 1 FROM stories").fetchone()[0]
        self.conn.execute("INSERT INTO stories (id, first, last, articles) VALUES (?, NULL, NULL, 0)", (sid,))
        return sid

    def _count_terms(self, terms_: list[str]) -> tuple[dict[str, int], int]:
        """Count one more article holding `terms_` in the archive's document frequencies; the counts after
        (the article's own included, as the stream counts it) and how many articles were counted."""
        keys = ["", *terms_]
        df = dict.fromkeys(keys, 1)
        for t, n in self._terms_counted(keys):
            df[t] = n + 1
        return df, df.pop("")

    def _terms_counted(self, keys: list[str]) -> list[tuple[str, int]]:
        """Add one to the document frequency of each of `keys` (new ones start at 1) and return the counts
        they had, for those the archive held."""
        rows = []
        for i in range(0, len(keys), 500):
            chunk = keys[i:i + 500]
            rows += self.conn.execute(
                f"SELECT term, docs FROM story_terms WHERE term IN ({','.join('?' * len(chunk))})", chunk).fetchall()
        self.conn.executemany("INSERT INTO story_terms AS t (term, docs) VALUES (?, 1) "
                              "ON CONFLICT (term) DO UPDATE SET docs = t.docs + 1", [(t,) for t in keys])
        return rows

    def _window(self, published: datetime) -> list[Neighbour]:
        """The stored articles of the story day of `published`, through the index on their UTC time."""
        lo, hi = window_bounds(published)
        keys = [r[0] for r in self.conn.execute(
            "SELECT article_id FROM article_stories WHERE at >= ? AND at <= ?", (lo, hi))]
        missing = [k for k in keys if k not in self._neighbours]
        for i in range(0, len(missing), 500):
            chunk = missing[i:i + 500]
            for row in self.conn.execute(
                    "SELECT article_id, story_id, original, vector, entities, minhash, at FROM article_stories "
                    f"WHERE article_id IN ({','.join('?' * len(chunk))})", chunk):
                self._neighbours[row[0]] = neighbour(*row)
        self._used.update(keys)
        return [self._neighbours[k] for k in keys]

    def _unassign_story(self, key: int) -> None:
        """Before article `key` is deleted (replaced by an edited text): its story loses it."""
        row = self.conn.execute("SELECT story_id FROM article_stories WHERE article_id = ?", (key,)).fetchone()
        if row is None:
            return
        self._neighbours.pop(key, None)
        self.conn.execute("DELETE FROM article_stories WHERE article_id = ?", (key,))
        n, first, last = self.conn.execute("SELECT COUNT(*), MIN(at), MAX(at) FROM article_stories "
                                           "WHERE story_id = ?", (row[0],)).fetchone()
        if n:
            self.conn.execute("UPDATE stories SET articles = ?, first = ?, last = ? WHERE id = ?",
                              (n, first, last, row[0]))
        else:
            self.conn.execute("DELETE FROM stories WHERE id = ?", (row[0],))

    @staticmethod
    def _said_at(q, published: str | None) -> tuple[str | None, str | None]:
        """A date the text gives is kept as that day; otherwise the article's full publication time, which
        orders one day's quotes as before."""
        if q.said_at_from == "text":
            return q.said_at, "text"
        return (published, "published") if published else (q.said_at, q.said_at_from)

    def _save_dates_figures(self, key: int, an: Analysis, quote_ids: dict[int, int], local: dict[str, int],
                            published: str | None, prep: Prepared) -> None:
        inside: dict[tuple[str, int], int] = {}  # (dates|figures, index) → the id of the quote holding it
        for i, q in enumerate(an.quotes):
            for j in q.dates:
                inside[("dates", j)] = quote_ids[i]
            for j in q.figures:
                inside[("figures", j)] = quote_ids[i]
        c = self.conn
        for j, d in enumerate(an.dates):
            c.execute('INSERT INTO dates (article_id, quote_id, start, "end", text, value, first, last, grain, '
                      "resolution, kind, time) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                      (key, inside.get(("dates", j)), d.start, d.end, d.text, d.value, d.first, d.last, d.grain,
                       d.resolution, d.kind, d.time))
        for j, f in enumerate(an.figures):
            fid = c.execute(
                'INSERT INTO figures (article_id, quote_id, published, start, "end", text, value, value_max, unit, '
                "qualifier, kind, direction, about, entity_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (key, inside.get(("figures", j)), published, f.start, f.end, f.text, f.value, f.value_max, f.unit,
                 f.qualifier, f.kind, f.direction, f.about, local.get(f.entity or "")),
            ).lastrowid
            if f.about:
                self._fts_add("figures_fts", fid, prep.terms(f.about))

    def _save_titles(self, key: int, an: Analysis, local: dict[str, int], published: str | None) -> None:
        """What the article says its people are on its day; an undated article says it of no day."""
        day = published[:10] if published else None
        rows = {(t.key, local[t.entity], t.title) for t in an.titles if t.entity in local and t.key}
        if day and rows:
            self.conn.executemany(
                "INSERT INTO entity_titles (title_key, entity_id, article_id, title, day) VALUES (?, ?, ?, ?, ?) "
                "ON CONFLICT DO NOTHING", [(k, eid, key, title, day) for k, eid, title in sorted(rows)])

    def _delete_article(self, key: int) -> None:
        c = self.conn
        self._fts_delete_article(key)
        self._unassign_story(key)
        for eid, n in c.execute("SELECT entity_id, mentions FROM article_entities WHERE article_id = ?", (key,)).fetchall():
            c.execute("UPDATE entity_counts SET mentions = mentions - ?, articles = articles - 1 WHERE entity_id = ?",
                      (n, eid))
        c.execute("DELETE FROM articles WHERE id = ?", (key,))  # quotes and mentions cascade

    def stored_keys(self, since: date | None = None) -> list[int]:
        if since is None:
            return [r[0] for r in self.conn.execute("SELECT id FROM articles ORDER BY id")]
        return [r[0] for r in self.conn.execute("SELECT id FROM articles WHERE published >= ? ORDER BY id",
                                                (since.isoformat(),))]

    def articles_to_reanalyse(self, keys: list[int]) -> list[tuple[int, Article, str, str | None]]:
        out = []
        for i in range(0, len(keys), 500):
            chunk = keys[i:i + 500]
            for key, ext_id, url, title, published, source, origin, text, th, ch in self.conn.execute(
                    "SELECT id, ext_id, url, title, published, source, origin, text, text_hash, clean_hash "
                    f"FROM articles WHERE id IN ({','.join('?' * len(chunk))}) ORDER BY id", chunk):
                out.append((key, Article(id=ext_id, text=text, title=title, published=_dt(published), url=url,
                                         source=source, origin=origin), th, ch))
        return out

    def _name_id(self, name: str, index: Callable[[str], str] = terms.index_text) -> int:
        """`index`: `terms.index_text`, or what computes the same (`Prepared.terms`)."""
        if (nid := self._names.get(name)) is None:
            if len(self._names) >= NAMES_HELD:
                self._names.clear()  # a cache of the names table: bounded, as the identity's memory is
            nid = self._names[name] = self._new_name(name, index)
        return nid

    def _new_name(self, name: str, index: Callable[[str], str] = terms.index_text) -> int:
        """The id of `name` in the names table, added with its search terms when new."""
        row = self.conn.execute("SELECT id FROM names WHERE name = ?", (name,)).fetchone()
        if row:
            return row[0]
        nid = self.conn.execute("INSERT INTO names (name) VALUES (?)", (name,)).lastrowid
        self._fts_add("names_fts", nid, index(name))
        return nid

    def backfill_stories(self, progress=None) -> int:
        """Give a story to every stored article that has none (stored before schema 11), in order of
        publication, as if each were ingested now: the same placing as at ingest, against the stored articles
        of its window (a late article is placed among its neighbours). One write transaction; the number of
        articles placed. `progress(done, total)` as it goes."""
        rows = self.conn.execute(
            "SELECT a.id, a.published FROM articles a "
            "WHERE NOT EXISTS (SELECT 1 FROM article_stories s WHERE s.article_id = a.id)").fetchall()
        # by UTC time, undated last, as the stream orders them (the stored strings carry their own offsets)
        at = {key: utc_text(_dt(published)) for key, published in rows}
        order = sorted(rows, key=lambda r: (at[r[0]] is None, at[r[0]] or "", r[0]))
        self._neighbours.clear()
        try:
            with self._transaction():
                for done, (key, _) in enumerate(order, 1):
                    if done % 1000 == 0:
                        self._neighbours.clear()  # the window has moved on: keep the cache to it, not the archive
                    loaded = self.load_analysis(key)
                    if loaded is not None:
                        doc = document(*loaded, gazetteer=self._gazetteer)
                        self._assign_story(key, loaded[0], doc, signature(doc))
                    if progress:
                        progress(done, len(order))
        finally:
            self._neighbours.clear()
        return len(order)

    def relink(self, progress=None) -> RelinkReport:
        """Link every stored article's entities again by the live rules and this store's roles file, in one
        write transaction (a failure leaves the archive as it was); what changed."""
        try:
            with self._transaction():
                report = relink(self.conn, self._name_id, self._identity._roles, progress=progress, v2=False,
                                gazetteer=self._identity._gazetteer)
        finally:
            self._forget_ids()  # ids and keys the other connection of this store cached are stale
        return report

    def stats(self) -> dict[str, int]:
        c = self.conn
        return {
            "articles": c.execute("SELECT COUNT(*) FROM articles").fetchone()[0],
            "quotes": c.execute("SELECT COUNT(*) FROM quotes").fetchone()[0],
            "entities": c.execute("SELECT COUNT(*) FROM entity_counts WHERE articles > 0").fetchone()[0],
        }

    def load_analysis(self, key: int) -> tuple[Article, Analysis] | None:
        """The stored article and its analysis as records (round trip of what was saved)."""
        r = self.conn.execute(
            "SELECT ext_id, text, title, published, url, source, origin, analysis FROM articles WHERE id = ?",
            (key,)).fetchone()
        if not r:
            return None
        art = Article(id=r[0], text=r[1], title=r[2], published=_dt(r[3]), url=r[4], source=r[5], origin=r[6])
        return art, Analysis.from_dict(json.loads(zlib.decompress(r[7])))

    def close(self) -> None:
        self.conn.close()
