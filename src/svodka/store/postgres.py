"""The PostgreSQL store: `--db postgresql://…`, the same answers as the SQLite store, for an archive that
several processes ingest into and query at once.

What is PostgreSQL's alone lives here: the connection (psycopg 3, through `pgconn.Connection`, which reads
the SQL of `sql.py`), the schema (`pg_schema.py`), one writer at a time, and the full-text index. Matching
uses a tsvector of the same lemma terms SQLite's FTS5 indexes (`terms.index_text`), asked with the same
query (`terms.match_expression(…, TSQUERY)`), so any inflected form matches exactly where it does in SQLite.
Relevance is bm25 as FTS5 computes it (`_bm25`), from the same counts (each row's weighted term counts in
`freq`; rows, terms and rows per term in fts_totals and fts_terms, added once per batch), so results come in
the same order with the same scores.

Writers: each batch takes a transaction-level advisory lock, so batches from several processes are stored
one after the other, and each sees every article the others committed (none is stored twice); the entity
caches are dropped when another process has written since (`svodka_writes`). A batch is sent in pipeline
mode: the statements whose results are not read go without waiting for the server.
"""
from __future__ import annotations

import json
import logging
import math
import re
from collections import Counter
from contextlib import contextmanager

# psycopg is imported when a PostgreSQL archive is first opened: an optional extra that SQLite needs none of,
# and about 15 MiB and 0.1 s that every analysing process would otherwise pay through `import svodka`
psycopg = None


def _psycopg():
    global psycopg
    if psycopg is None:
        try:
            import psycopg as module
        except ImportError:
            return None
        # psycopg logs what it ignores while closing a connection the server dropped («error ignored
        # terminating <Pipeline [BAD]>»); without a handler Python prints that on stderr, beside the one line
        # the store raises about the same event
        logging.getLogger("psycopg").addHandler(logging.NullHandler())
        psycopg = module
    return psycopg

from ..link.roles import Roles
from . import terms
from .pg_schema import MIGRATE_LOCK, MIGRATIONS, SCHEMA_VERSION, WRITE_LOCK
from .pgconn import Connection, StoreUnavailable
from .schema import SchemaError
from .sql import SQLStore

_FTS_COLUMNS = {"articles_fts": ("title", "body"), "quotes_fts": ("body",), "figures_fts": ("about",),
                "names_fts": ("terms",)}
# the full-text tables search ranks (and whose terms' row counts fts_terms keeps)
_RANKED = ("articles_fts", "quotes_fts")
# bm25's weight of each column's terms (the SQLite store's bm25(articles_fts, 2.0, 1.0)): a title counts twice
_WEIGHTS = {"articles_fts": (2, 1)}
# FTS5's bm25 constants (fts5_aux.c)
K1, B = 1.2, 0.75
# a tsvector lexeme is at most 2047 bytes; a longer "word" (an encoded blob in a text) is left out of it
MAX_LEXEME = 2047


_DBAPI_ERRORS = ("IntegrityError", "DataError", "OperationalError", "ProgrammingError", "InternalError",
                 "NotSupportedError")


def is_postgres(location: str) -> bool:
    return location.startswith(("postgresql://", "postgres://"))


def safe_url(url: str) -> str:
    """The URL as an error message may show it: no password."""
    return re.sub(r"^(\w+://[^:/@]*):[^@]*@", r"\1:***@", url)


def connect(url: str):
    """A psycopg connection in autocommit mode, or a one-line error naming the URL."""
    if _psycopg() is None:
        raise StoreUnavailable(f"{safe_url(url)}: PostgreSQL needs psycopg; install svodka[postgres]")
    try:
        return psycopg.connect(url, autocommit=True, connect_timeout=10)
    except psycopg.Error as e:
        reason = " ".join(str(e).split()) or type(e).__name__
        raise StoreUnavailable(f"{safe_url(url)}: cannot connect to PostgreSQL ({reason})") from None


def _version(raw) -> int | None:
    """The schema version the database has, None when it has no svodka tables (one read, no lock)."""
    row = raw.execute("SELECT to_regclass('svodka_schema') IS NOT NULL").fetchone()
    return raw.execute("SELECT version FROM svodka_schema").fetchone()[0] if row[0] else None


def migrate(raw, url: str) -> int:
    """Bring the database up to pg_schema.SCHEMA_VERSION in one transaction; return the version it had.
    An archive that is up to date costs one read (the API opens the store per request)."""
    if _version(raw) == SCHEMA_VERSION:
        return SCHEMA_VERSION
    raw.execute("BEGIN")
    try:
        raw.execute("SELECT pg_advisory_xact_lock(%s)", (MIGRATE_LOCK,))
        raw.execute("CREATE TABLE IF NOT EXISTS svodka_schema (version INTEGER NOT NULL)")
        row = raw.execute("SELECT version FROM svodka_schema").fetchone()
        had = row[0] if row else 0
        if had > SCHEMA_VERSION:
            raise SchemaError(f"{safe_url(url)}: database schema version {had} is newer than this svodka "
                              f"understands ({SCHEMA_VERSION}); upgrade svodka")
        for target in range(had + 1, SCHEMA_VERSION + 1):
            raw.execute(MIGRATIONS[target - 1])  # no parameters: several statements in one go
        if row is None:
            raw.execute("INSERT INTO svodka_schema (version) VALUES (%s)", (SCHEMA_VERSION,))
        elif had < SCHEMA_VERSION:
            raw.execute("UPDATE svodka_schema SET version = %s", (SCHEMA_VERSION,))
        raw.execute("COMMIT")
    except BaseException:
        raw.execute("ROLLBACK")
        raise
    return had


def _bm25(phrases: list[str], idf: dict[str, float], freqs: dict[str, float], tokens: int, avgdl: float) -> float:
    """FTS5's bm25() of one row (fts5Bm25Function): summed over the query's phrases in order, repeats
    included, with the same operations in the same order, so the float is the same to the last bit."""
    score = 0.0
    for p in phrases:
        f = freqs.get(p, 0.0)
        score += idf[p] * ((f * (K1 + 1.0)) / (f + K1 * (1 - B + B * tokens / avgdl)))
    return -1.0 * score


class PostgresStore(SQLStore):
    # an id from the GIN index is a heap visit: 1.2–4.3 µs against FTS5's 0.23 µs on the same million-quote
    # archive, while testing a quote's text costs the same on both (14–19 µs)
    FTS_ID_COST = 5.0
    # the week's Monday: date_trunc('week') is ISO, Monday-based, as SQLite's 'weekday 1' after '-6 days'
    PERIODS = {"month": "substr(a.published, 1, 7)",
               "week": "to_char(date_trunc('week', CAST(substr(a.published, 1, 10) AS timestamp)), 'YYYY-MM-DD')"}

    def __init__(self, url: str, roles: Roles | None = None) -> None:
        self.path = url
        raw = connect(url)
        try:
            self.schema_was = migrate(raw, url)
        except BaseException:
            raw.close()
            raise
        self.conn = Connection(raw, safe_url(url))
        # full-text counts of the batch being written: ("rows"|"tokens", table) and ("term", table, term)
        self._batch_counts: Counter = Counter()
        self._entry_counts: Counter = Counter()
        self._ready(roles)

    @contextmanager
    def _writing(self):
        # Pipeline mode: a statement whose result is not read (most of an article's INSERTs) is sent without
        # waiting for the server; reading a result, or the end of an entry, waits for all sent before it.
        try:
            with self.conn.raw.pipeline() as pipe:
                self._pipe = pipe
                try:
                    yield
                finally:
                    self._pipe = None
        except Exception as e:
            # a server gone mid-batch surfaces wherever psycopg notices first (a sync, the pipeline's exit):
            # always as the one line that says so
            if self.conn.raw.closed and not isinstance(e, StoreUnavailable):
                raise self.conn._lost(e) from None
            raise

    def _entry_written(self) -> None:
        self._pipe.sync()  # the entry's errors are raised now, while its savepoint can undo it
        self._batch_counts.update(self._entry_counts)
        self._entry_counts.clear()

    def _entry_failed(self) -> None:
        self._entry_counts.clear()  # its rows are rolled back
        # after an error the server skips what was sent until the next sync: sync, skipping, so that the
        # ROLLBACK TO that follows is run
        try:
            self._pipe.sync()
        except psycopg.Error:
            pass

    def _before_commit(self) -> None:
        """Add the batch's indexed rows to fts_totals and fts_terms, one statement each."""
        counts = self._batch_counts
        counts.update(self._entry_counts)  # update, not +: a deleted row's counts are negative
        self._batch_counts, self._entry_counts = Counter(), Counter()
        totals = [(k[1], n) for k, n in counts.items() if k[0] in ("rows", "tokens")]
        if totals:
            tables = sorted({t for t, _ in totals})
            self.conn.execute(
                "UPDATE fts_totals AS t SET rows = t.rows + d.r, tokens = t.tokens + d.k FROM (SELECT "
                "unnest(CAST(? AS text[])) AS name, unnest(CAST(? AS bigint[])) AS r, "
                "unnest(CAST(? AS bigint[])) AS k) AS d WHERE t.name = d.name",
                (tables, [counts[("rows", t)] for t in tables], [counts[("tokens", t)] for t in tables]))
        terms_ = sorted((k[1], k[2], n) for k, n in counts.items() if k[0] == "term" and n)
        if terms_:
            self.conn.execute(
                "INSERT INTO fts_terms AS t (name, term, rows) SELECT unnest(CAST(? AS text[])), "
                "unnest(CAST(? AS text[])), unnest(CAST(? AS bigint[])) "
                "ON CONFLICT (name, term) DO UPDATE SET rows = t.rows + excluded.rows",
                ([x[0] for x in terms_], [x[1] for x in terms_], [x[2] for x in terms_]))

    def _begin_write(self) -> None:
        self._batch_counts, self._entry_counts = Counter(), Counter()
        c = self.conn
        c.execute("BEGIN")
        c.execute("SELECT pg_advisory_xact_lock(?)", (WRITE_LOCK,))
        n = c.execute("UPDATE svodka_writes SET n = n + 1 RETURNING n").fetchone()[0]
        # n - 1 writes were there before this one: another's since ours drops the caches; this one is ours
        self._identity.begin(n - 1)
        self._identity.begin_own(n)

    def _error_kind(self, e: Exception) -> str:
        # psycopg raises a subclass per SQLSTATE (NotNullViolation); the DB-API class above it is what
        # SQLite's driver names (IntegrityError)
        for c in type(e).__mro__:
            if c.__name__ in _DBAPI_ERRORS:
                return c.__name__
        return type(e).__name__

    def _in_transaction(self) -> bool:
        return self.conn.raw.info.transaction_status != psycopg.pq.TransactionStatus.IDLE

    def _fts_add(self, table: str, rowid: int, *texts: str) -> None:
        self.add_fts_rows(table, [(rowid, *texts)])

    def add_fts_rows(self, table: str, rows: list[tuple]) -> None:
        """Index rows of (rowid, *texts) in `table` (texts as `terms.index_text` gives them), in the caller's
        transaction: `_fts_add` for many rows (`svodka migrate`)."""
        cols = _FTS_COLUMNS[table]
        weights = _WEIGHTS.get(table, (1,) * len(cols))
        out = []
        for rowid, *texts in rows:
            words = [(t or "").split() for t in texts]
            freq: Counter[str] = Counter()
            for w, col in zip(weights, words):
                for f in col:
                    freq[f] += w
            lexemes = sorted(f for f in freq if len(f.encode("utf-8")) <= MAX_LEXEME)
            n = sum(len(w) for w in words)
            out.append((rowid, *(t or "" for t in texts), n, lexemes, json.dumps(freq, ensure_ascii=False)))
            self._entry_counts[("rows", table)] += 1
            self._entry_counts[("tokens", table)] += n
            if table in _RANKED:
                self._entry_counts.update(("term", table, f) for f in lexemes)
        sql = (f"INSERT INTO {table} (rowid, {', '.join(cols)}, ntokens, tsv, freq) "
               f"VALUES (?, {', '.join('?' * len(cols))}, ?, array_to_tsvector(CAST(? AS text[])), CAST(? AS jsonb))")
        if len(out) == 1:
            self.conn.execute(sql, out[0])
        else:
            self.conn.executemany(sql, out)

    def _fts_delete_article(self, key: int) -> None:
        for table, rows in (("quotes_fts", "SELECT id FROM quotes WHERE article_id = ?"),
                            ("figures_fts", "SELECT id FROM figures WHERE article_id = ?"),
                            ("articles_fts", "SELECT CAST(? AS BIGINT)")):
            # the counts go with the entry's other counts: the rows may have been indexed in this very batch
            for lexemes, n in self.conn.execute(f"DELETE FROM {table} WHERE rowid IN ({rows}) "
                                                "RETURNING tsvector_to_array(tsv), ntokens", (key,)).fetchall():
                self._entry_counts[("rows", table)] -= 1
                self._entry_counts[("tokens", table)] -= n
                if table in _RANKED:
                    self._entry_counts.subtract(("term", table, f) for f in lexemes)

    def _match(self, query: str, words: bool = False) -> str | None:
        if words:
            return terms.words_expression(query, terms.TSQUERY)
        return terms.match_expression(query, terms.TSQUERY)

    def _fts_ids(self, table: str) -> str:
        return f"SELECT rowid FROM {table} WHERE tsv @@ CAST(? AS tsquery)"

    def _rows_with(self, table: str, form: str) -> int:
        """How many rows of articles_fts or quotes_fts hold `form` (kept by the tables' trigger)."""
        row = self.conn.execute("SELECT rows FROM fts_terms WHERE name = ? AND term = ?", (table, form)).fetchone()
        return row[0] if row else 0

    def _ranked(self, kind: str, query: str, expr: str, filter_sql: str, params: list,
                limit: int) -> list[tuple[int, float]]:
        table = "articles_fts" if kind == "article" else "quotes_fts"
        phrases = terms.phrases(query)
        forms = list(dict.fromkeys(phrases))
        freqs = "".join(", COALESCE(CAST(freq ->> CAST(? AS text) AS DOUBLE PRECISION), 0)" for _ in forms)
        totals = self.conn.execute("SELECT rows, tokens FROM fts_totals WHERE name = ?", (table,)).fetchone()
        select = (f"SELECT rowid, ntokens{freqs} FROM {table} WHERE tsv @@ CAST(? AS tsquery){filter_sql} "
                  "AND rowid >= ? ORDER BY rowid DESC LIMIT ?")
        rows = []
        for bound in self._newest_bounds(table, query, totals[0] if totals else 0, limit):
            rows = self._bitmap_only(select, (*forms, expr, *params, bound, limit))
            if len(rows) >= limit:
                break
        if not rows:
            return []
        n_rows, n_tokens = totals
        avgdl = n_tokens / n_rows
        idf = {}
        for f in forms:
            hits = self._rows_with(table, f)
            v = math.log((n_rows - hits + 0.5) / (hits + 0.5))
            idf[f] = v if v > 0.0 else 1e-6  # FTS5's floor: a term in most rows still counts a little
        out = []
        for r in rows:
            out.append((r[0], _bm25(phrases, idf, dict(zip(forms, r[2:])), r[1], avgdl)))
        return out

    def _bitmap_only(self, sql: str, params: tuple) -> list:
        """Rows of a full-text query over a rowid range, read through the GIN index's bitmap ANDed with the
        range's: the planner otherwise walks the primary key over the range and tests every row's tsvector,
        which for articles (large tsvectors, read from TOAST) took 250 ms where the bitmaps take 18."""
        own = not self._in_transaction()
        if own:
            self.conn.execute("BEGIN")
        try:
            self.conn.execute("SET LOCAL enable_indexscan = off")
            return self.conn.execute(sql, params).fetchall()
        finally:
            self.conn.execute("COMMIT" if own else "SET LOCAL enable_indexscan = on")

    def _newest_bounds(self, table: str, query: str, n_rows: int, limit: int):
        """Lower bounds of rowid to try, nearest first, for the newest `limit` matches of `query`: a common word's
        matches are everywhere, and collecting all of them (100,000 in a million quotes, each a heap visit)
        to keep the newest 2,000 took a second. The rarest word of the query says how far back `limit`
        matches are likely to reach; the range is widened fourfold until it holds `limit` matches, and the
        last bound takes every row. A range that holds `limit` matches holds the newest ones, so the answer
        is the one the whole index gives (FTS5's rowid-descending walk on SQLite)."""
        top = self.conn.execute(f"SELECT MAX(rowid) FROM {table}").fetchone()[0] or 0
        # each word matches any of its forms (their counts add up); all words must match (the rarest bounds)
        hits = min((sum(self._rows_with(table, f) for f in terms.query_forms(w)) for w in terms.query_words(query)),
                   default=0)
        if hits and n_rows and hits * 4 > limit:
            span = 2 * limit * top / hits
            while span < top:
                yield int(top - span)
                span *= 4
        yield 0

    def _term_rows(self, forms: tuple[str, ...]) -> int:
        return sum(self._rows_with("quotes_fts", f) for f in forms)
