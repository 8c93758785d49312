"""The default store: one SQLite file in WAL mode, FTS5 indexes over lemmas, schema migrated on open.

Crash safety comes from SQLite itself: every batch is one transaction, so a process killed at any moment
leaves the file at the last committed batch. WAL with synchronous=NORMAL keeps every commit across a
killed process (only a power cut can lose the last few), at a fraction of the cost of FULL.

What is SQLite's alone lives here: the connection, BEGIN IMMEDIATE, FTS5 (MATCH, bm25, fts5vocab) and the
week arithmetic of date(); the storing and the queries are `sql.SQLStore`'s.
"""
from __future__ import annotations

import json
import sqlite3
from contextlib import contextmanager
from pathlib import Path

from ..link.roles import Roles
from ..nlp.gazetteer import Gazetteer
from . import terms
from .identity import relink
from .schema import migrate
from .sql import SQLStore


def name_id(conn: sqlite3.Connection, name: str) -> int:
    """The id of `name` in the names table, added with its search terms when new (for `identity.relink`,
    which runs before the store is open)."""
    row = conn.execute("SELECT id FROM names WHERE name = ?", (name,)).fetchone()
    if row:
        return row[0]
    nid = conn.execute("INSERT INTO names (name) VALUES (?)", (name,)).lastrowid
    conn.execute("INSERT INTO names_fts (rowid, terms) VALUES (?, ?)", (nid, terms.index_text(name)))
    return nid


# columns of each full-text table, in the order `_fts_add` takes their texts
_FTS_COLUMNS = {"articles_fts": ("title", "body"), "quotes_fts": ("body",), "figures_fts": ("about",),
                "names_fts": ("terms",)}


CACHE_KIB = 65536  # SQLite's page cache for queries on a large archive
INGEST_CACHE_KIB = 16384  # and while an ingest writes (`ingesting`)


class SQLiteStore(SQLStore):
    PERIODS = {"month": "substr(a.published, 1, 7)",
               "week": "date(substr(a.published, 1, 10), '-6 days', 'weekday 1')"}

    def __init__(self, path: str | Path, roles: Roles | None = None, gazetteer: Gazetteer | None = None) -> None:
        self.path = str(path)
        if self.path != ":memory:":
            parent = Path(self.path).parent
            if not parent.is_dir():
                raise FileNotFoundError(f"{self.path}: directory {parent} does not exist")
        # autocommit mode: transactions are opened explicitly, so their extent is visible in the code
        self.conn = sqlite3.connect(self.path, isolation_level=None, timeout=30)
        try:
            self.conn.execute("PRAGMA journal_mode = WAL")
        except sqlite3.DatabaseError as e:
            self.conn.close()
            raise sqlite3.DatabaseError(f"{self.path}: not a svodka database ({e})") from None
        for pragma in ("synchronous = NORMAL", "foreign_keys = ON", f"cache_size = -{CACHE_KIB}",
                       "temp_store = MEMORY"):
            self.conn.execute(f"PRAGMA {pragma}")
        try:
            self.schema_was = migrate(self.conn, self.path,
                                      tasks={"relink": lambda conn: relink(conn, lambda name: name_id(conn, name))})
        except BaseException:
            self.conn.close()  # the failed migration was rolled back; nothing is left open on the file
            raise
        self._vocab = False
        self._ready(roles, gazetteer)

    @contextmanager
    def ingesting(self):
        # An ingest writes each batch once and reads back little (the windows of its days, names by index):
        # as fast with a quarter of the page cache (12,552 texts in one process: writing 42.3 s against 43.8
        # s with 64 MiB), and a long ingest's process is 50 MiB smaller. Queries keep the larger cache.
        self.conn.execute(f"PRAGMA cache_size = -{INGEST_CACHE_KIB}")
        try:
            yield
        finally:
            self.conn.execute(f"PRAGMA cache_size = -{CACHE_KIB}")

    def _terms_counted(self, keys: list[str]) -> list[tuple[str, int]]:
        # two statements over a JSON array, not a look-up per 500 terms and an upsert per term (an article
        # has a hundred or more)
        arr = json.dumps(keys, ensure_ascii=False)
        rows = self.conn.execute("SELECT term, docs FROM story_terms WHERE term IN (SELECT value FROM json_each(?))",
                                 (arr,)).fetchall()
        self.conn.execute("INSERT INTO story_terms AS t (term, docs) SELECT value, 1 FROM json_each(?) WHERE true "
                          "ON CONFLICT (term) DO UPDATE SET docs = t.docs + 1", (arr,))
        return rows

    def _begin_write(self) -> None:
        self.conn.execute("BEGIN IMMEDIATE")
        self._begin_caches(self.conn.execute("PRAGMA data_version").fetchone()[0])

    def _in_transaction(self) -> bool:
        return self.conn.in_transaction

    def _fts_add(self, table: str, rowid: int, *texts: str) -> None:
        cols = _FTS_COLUMNS[table]
        self.conn.execute(f"INSERT INTO {table} (rowid, {', '.join(cols)}) VALUES (?, {', '.join('?' * len(cols))})",
                          (rowid, *texts))

    def _fts_delete_article(self, key: int) -> None:
        c = self.conn
        c.execute("DELETE FROM quotes_fts WHERE rowid IN (SELECT id FROM quotes WHERE article_id = ?)", (key,))
        c.execute("DELETE FROM figures_fts WHERE rowid IN (SELECT id FROM figures WHERE article_id = ?)", (key,))
        c.execute("DELETE FROM articles_fts WHERE rowid = ?", (key,))

    def _match(self, query: str, words: bool = False) -> str | None:
        return terms.words_expression(query) if words else terms.match_expression(query)

    def _fts_ids(self, table: str) -> str:
        return f"SELECT rowid FROM {table} WHERE {table} MATCH ?"

    def _ranked(self, kind: str, query: str, expr: str, filter_sql: str, params: list,
                limit: int) -> list[tuple[int, float]]:
        # title weighs twice the body
        table, rank = ("articles_fts", "bm25(articles_fts, 2.0, 1.0)") if kind == "article" else \
            ("quotes_fts", "bm25(quotes_fts)")
        return self.conn.execute(f"SELECT rowid, {rank} FROM {table} WHERE {table} MATCH ?{filter_sql} "
                                 "ORDER BY rowid DESC LIMIT ?", (expr, *params, limit)).fetchall()

    def _term_rows(self, forms: tuple[str, ...]) -> int:
        if not self._vocab:
            self.conn.execute("CREATE VIRTUAL TABLE IF NOT EXISTS temp.quotes_vocab USING fts5vocab(main, quotes_fts, row)")
            self._vocab = True
        return self.conn.execute(f"SELECT COALESCE(SUM(doc), 0) FROM temp.quotes_vocab WHERE term IN "
                                 f"({','.join('?' * len(forms))})", forms).fetchone()[0]
