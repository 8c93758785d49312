"""`svodka migrate`: move a SQLite archive into an empty PostgreSQL one, row for row.

Every table is copied with its ids as they are (the ids are what links, `#ID`s and the API's keys name), and
the full-text tables are rebuilt from the lemma terms SQLite's FTS5 tables hold, so nothing is analysed or
linked again and every query gives the same answer on both. The copy is one PostgreSQL transaction: a
failure leaves the target as empty as it was.
"""
from __future__ import annotations

from collections.abc import Callable

from .postgres import PostgresStore
from .sqlite import SQLiteStore

# in the order their foreign keys allow
TABLES = ("names", "entities", "articles", "article_entities", "entity_forms", "entity_counts", "entity_keys",
          "entity_redirects", "quotes", "quote_about", "appearances", "dates", "figures", "entity_titles",
          "stories", "article_stories", "story_terms")
# SQLite's FTS5 tables and the columns `_fts_add` takes
FTS = {"names_fts": ("terms",), "articles_fts": ("title", "body"), "quotes_fts": ("body",),
       "figures_fts": ("about",)}
CHUNK = 2000


class TransferError(RuntimeError):
    pass


def _columns(src: SQLiteStore, table: str) -> list[str]:
    return [r[1] for r in src.conn.execute(f"PRAGMA table_info({table})")]


def transfer(src: SQLiteStore, dst: PostgresStore, progress: Callable[[str, int], None] | None = None) -> dict[str, int]:
    """Copy `src` into `dst`, which must hold no articles; rows copied per table."""
    if dst.stats()["articles"] or dst.conn.execute("SELECT COUNT(*) FROM names").fetchone()[0]:
        raise TransferError(f"{dst.path}: the target archive is not empty; migrate into a new database")
    copied: dict[str, int] = {}
    c = dst.conn
    with dst._transaction():  # committed with the full-text counts of what was indexed
        for table in TABLES:
            cols = _columns(src, table)
            quoted = ", ".join(f'"{col}"' for col in cols)
            sql = f"INSERT INTO {table} ({quoted}) VALUES ({', '.join('?' * len(cols))}) ON CONFLICT DO NOTHING"
            # ON CONFLICT: never hit in a consistent archive; it keeps the statement out of the id rewrite of
            # pgconn (these rows keep the ids they have)
            copied[table] = _copy(src.conn.execute(f"SELECT {quoted} FROM {table} ORDER BY rowid" if table in
                                                   ("names", "entities", "articles", "quotes", "dates", "figures")
                                                   else f"SELECT {quoted} FROM {table}"),
                                  lambda rows, sql=sql: c.executemany(sql, rows))
            if progress:
                progress(table, copied[table])
        with dst.bulk_postings():
            for table, cols in FTS.items():
                copied[table] = _copy(src.conn.execute(f"SELECT rowid, {', '.join(cols)} FROM {table} ORDER BY rowid"),
                                      lambda rows, table=table: dst.add_fts_rows(table, rows))
                if progress:
                    progress(table, copied[table])
    dst.settle()
    return copied


def _copy(cursor, write: Callable[[list], None]) -> int:
    n = 0
    while rows := cursor.fetchmany(CHUNK):
        write([tuple(r) for r in rows])
        n += len(rows)
    return n
