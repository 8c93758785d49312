"""The PostgreSQL store: `--db postgresql://…`, the same answers as the SQLite store, for an archive that
several processes ingest into and query at once.

What is PostgreSQL's alone lives here: the connection (psycopg 3, through `pgconn.Connection`, which reads
the SQL of `sql.py`), the schema (`pg_schema.py`), one writer at a time, and the full-text index. Matching
uses a tsvector of the same lemma terms SQLite's FTS5 indexes (`terms.index_text`), asked with the same
query (`terms.match_expression(…, TSQUERY)`), so any inflected form matches exactly where it does in SQLite.
Search reads the same terms from an inverted index, fts_postings (one B-tree entry per term of an article or
quote, with its weighted count and the row's length), asking the same question of it (`_postings_plan`).
Relevance is bm25 as FTS5 computes it (`_bm25`), from the same counts (the postings' counts; rows, terms
and rows per term in fts_totals and fts_terms, added once per batch), so results come in the same order
with the same scores.

Writers: each batch takes a transaction-level advisory lock, so batches from several processes are stored
one after the other, and each sees every article the others committed (none is stored twice); the entity
caches are dropped when another process has written since (`svodka_writes`). A batch is sent in pipeline
mode: the statements whose results are not read go without waiting for the server.
"""
from __future__ import annotations

import logging
import math
import re
import sys
from collections import Counter
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass

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
from ..nlp.gazetteer import Gazetteer
from . import terms
from .pg_schema import AFTER_UPGRADE, MIGRATE_LOCK, MIGRATIONS, POSTINGS_KEY, SCHEMA_VERSION, WRITE_LOCK
from .pgconn import Connection, StoreUnavailable
from .schema import SchemaError
from .sql import SQLStore
from . import sqlquery

_FTS_COLUMNS = {"articles_fts": ("title", "body"), "quotes_fts": ("body",), "figures_fts": ("about",),
                "names_fts": ("terms",)}
# How many more rows than the expected `limit` matches need a rowid or said_at range is made to hold first:
# each candidate read costs (a posting and the probes of the query's other words; a heap visit for a quote in
# time order), and a range short of `limit` is read again, wider.
RANGE_MARGIN = 1.25
# the full-text tables search ranks (and whose terms' row counts fts_terms keeps)
_RANKED = ("articles_fts", "quotes_fts")
# bm25's weight of each column's terms (the SQLite store's bm25(articles_fts, 2.0, 1.0)): a title counts twice
_WEIGHTS = {"articles_fts": (2, 1)}
# FTS5's bm25 constants (fts5_aux.c)
K1, B = 1.2, 0.75
# a tsvector lexeme is at most 2047 bytes; a longer "word" (an encoded blob in a text) is left out of it
MAX_LEXEME = 2047
# what an index row copies from its indexed row, and how it is read there (the row is written first)
_COPIED = {"quotes_fts": ("said_at", "(SELECT said_at FROM quotes WHERE id = ?)")}


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
            _run_migration(raw, target, had)
        if row is None:
            raw.execute("INSERT INTO svodka_schema (version) VALUES (%s)", (SCHEMA_VERSION,))
        elif had < SCHEMA_VERSION:
            raw.execute("UPDATE svodka_schema SET version = %s", (SCHEMA_VERSION,))
        raw.execute("COMMIT")
    except BaseException:
        raw.execute("ROLLBACK")
        raise
    if had:
        _after_upgrade(raw, had)
    return had


def _after_upgrade(raw, had: int) -> None:
    """The maintenance the migrations after version `had` ask for once committed, each said on stderr."""
    for target in range(had + 1, SCHEMA_VERSION + 1):
        if target in AFTER_UPGRADE:
            what, sql = AFTER_UPGRADE[target]
            print(f"upgraded the PostgreSQL archive to schema {target}: {what}", file=sys.stderr, flush=True)
            raw.execute(sql)


def _run_migration(raw, target: int, had: int) -> None:
    """Run migration `target`; one of steps says each step on stderr as it starts, when the database held an
    archive already (a new one has nothing to copy)."""
    steps = MIGRATIONS[target - 1]
    if isinstance(steps, str):
        steps = (("", steps),)
    for i, (what, sql) in enumerate(steps, 1):
        if what and had:
            print(f"upgrading the PostgreSQL archive to schema {target}, step {i}/{len(steps)}: {what}",
                  file=sys.stderr, flush=True)
        raw.execute(sql)  # no parameters: several statements in one go


def _bm25(phrases: list[str], idf: dict[str, float], freqs: dict[str, float], tokens: int, avgdl: float) -> float:
    """FTS5's bm25() of one row (fts5Bm25Function): summed over the query's phrases in order, repeats
    included, with the same operations in the same order, so the float is the same to the last bit."""
    score = 0.0
    for p in phrases:
        f = freqs.get(p, 0.0)
        score += idf[p] * ((f * (K1 + 1.0)) / (f + K1 * (1 - B + B * tokens / avgdl)))
    return -1.0 * score


def _logic(q: terms.Query, holds: Callable[[str], str]) -> str:
    """SQL that asks of a row what `terms.match_expression` asks of a tsvector, given `holds(word)`: SQL that
    is true when the row holds a form of the word ("" for a word whose forms no row holds). An excluded
    phrase is left to the text test, as there."""
    def word(w: str) -> str:
        sql = holds(w)
        return f"({sql})" if sql else "FALSE"

    def group(parts: list[str], op: str) -> str:
        return parts[0] if len(parts) == 1 else "(" + op.join(parts) + ")"

    cond = " AND ".join(group([group([word(w) for w in t], " AND ") for t in c], " OR ") for c in q.clauses)
    excluded = [word(t[0]) for t in q.excluded if len(t) == 1]
    return cond + (" AND NOT " + group(excluded, " OR ") if excluded else "")


@dataclass(frozen=True)
class _PostingsPlan:
    """How a query's newest matches are read from fts_postings (`_postings_plan`): `sql` takes (bound,
    *filter parameters, bound once per joined form, limit) and gives (rowid, row length, the count of each of
    `forms` or NULL), newest first."""
    sql: str
    forms: tuple[str, ...]
    joined: int  # how many of `forms`, the last ones, are joined

    def counts(self, row: tuple) -> dict[str, int]:
        """Each form's weighted count in a row the SQL gave (a form the row does not hold is absent)."""
        return {f: n for f, n in zip(self.forms, row[2:]) if n is not None}


def _postings_plan(query: str, ids: dict[str, int], counts: dict[str, int], filter_sql: str) -> _PostingsPlan | None:
    """The SQL that finds a query's matches with rowid >= a bound in fts_postings, asking what
    `terms.match_expression` asks of a tsvector; None when no row can match.

    Every match holds a form of each clause, so the clause whose forms the fewest rows hold drives: its
    postings in the range are the candidates (an index-only range scan per form, grouped by row; plain
    aggregates, as array_agg's per-group state cost 2 µs a row). Every other form of the query is a LEFT
    JOIN on (term, rowid), which the planner makes a probe per candidate for a common form («в», in half
    the quotes) or a range scan for a rare one; the WHERE clause is the query's logic over which forms a
    candidate holds. `ids` has the forms some row holds; a form missing from it is held by none."""
    q = terms.parse(query)

    def forms_of(word: str) -> list[str]:
        return [f for f in dict.fromkeys(terms.query_forms(word)) if f in ids]

    def rows(fs: list[str]) -> int:
        return sum(counts.get(f, 0) for f in fs)

    def clause_forms(clause) -> list[str]:
        # an alternative is matched when all its words are: its rarest word's forms stand for it
        return list(dict.fromkeys(f for t in clause for f in forms_of(min(t, key=lambda w: rows(forms_of(w))))))

    driving = min((clause_forms(c) for c in q.clauses), key=rows, default=[])
    if not driving:
        return None
    words = [w for c in q.clauses for t in c for w in t] + [t[0] for t in q.excluded if len(t) == 1]
    joined = [f for f in dict.fromkeys(f for w in words for f in forms_of(w)) if f not in driving]
    held = {f: f"d.t{i} IS NOT NULL" for i, f in enumerate(driving)}
    held.update((f, f"p{i}.tf IS NOT NULL") for i, f in enumerate(joined))
    cond = _logic(q, lambda w: " OR ".join(held[f] for f in forms_of(w)))
    # term ids are written into the statement: the planner then knows how common each term is
    sql = ("SELECT d.rowid, d.ntokens" + "".join(f", d.t{i}" for i in range(len(driving))) +
           "".join(f", p{i}.tf" for i in range(len(joined))) + " FROM (SELECT rowid, MIN(ntokens) AS ntokens" +
           "".join(f", MAX(tf) FILTER (WHERE term_id = {ids[f]}) AS t{i}" for i, f in enumerate(driving)) +
           f" FROM fts_postings WHERE term_id IN ({', '.join(str(ids[f]) for f in driving)}) AND rowid >= ?"
           f"{filter_sql} GROUP BY rowid) AS d" +
           "".join(f" LEFT JOIN fts_postings p{i} ON p{i}.term_id = {ids[f]} AND p{i}.rowid = d.rowid "
                   f"AND p{i}.rowid >= ?" for i, f in enumerate(joined)) +
           f" WHERE {cond} ORDER BY d.rowid DESC LIMIT ?")
    return _PostingsPlan(sql, (*driving, *joined), len(joined))


class PostgresStore(SQLStore):
    # an id from the GIN index is a heap visit: 1.2–4.3 µs against FTS5's 0.23 µs on the same million-quote
    # archive, while testing a quote's text costs the same on both (14–19 µs)
    FTS_ID_COST = 5.0
    # the week's Monday: date_trunc('week') is ISO, Monday-based, as SQLite's 'weekday 1' after '-6 days'
    PERIODS = {"month": "substr(a.published, 1, 7)",
               "week": "to_char(date_trunc('week', CAST(substr(a.published, 1, 10) AS timestamp)), 'YYYY-MM-DD')"}

    def __init__(self, url: str, roles: Roles | None = None, gazetteer: Gazetteer | None = None) -> None:
        self.path = url
        raw = connect(url)
        try:
            self.schema_was = migrate(raw, url)
        except BaseException:
            raw.close()
            raise
        self.conn = Connection(raw, safe_url(url))
        # A parallel plan's workers take longer to start (10–20 ms on two busy cores) than these queries, which
        # read a few thousand rows through indexes, take to run.
        self.conn.execute("SET max_parallel_workers_per_gather = 0")
        # full-text counts of the batch being written: ("rows"|"tokens", table) and ("term", table, term)
        self._batch_counts: Counter = Counter()
        self._entry_counts: Counter = Counter()
        # the postings of the entry being written (table, term, rowid, count, row length): sent at its end
        self._entry_postings: list[tuple] = []
        self._ready(roles, gazetteer)

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
        self._write_postings()
        self._pipe.sync()  # the entry's errors are raised now, while its savepoint can undo it
        self._batch_counts.update(self._entry_counts)
        self._entry_counts.clear()

    def _entry_failed(self) -> None:
        self._entry_counts.clear()  # its rows are rolled back
        self._entry_postings.clear()
        # after an error the server skips what was sent until the next sync: sync, skipping, so that the
        # ROLLBACK TO that follows is run
        try:
            self._pipe.sync()
        except psycopg.Error:
            pass

    def _before_commit(self) -> None:
        """Add the batch's indexed rows to fts_totals and fts_terms, one statement each."""
        self._write_postings()  # rows indexed outside an entry
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
        self._entry_postings = []
        c = self.conn
        c.execute("BEGIN")
        c.execute("SELECT pg_advisory_xact_lock(?)", (WRITE_LOCK,))
        n = c.execute("UPDATE svodka_writes SET n = n + 1 RETURNING n").fetchone()[0]
        # n - 1 writes were there before this one: another's since ours drops the caches; this one is ours
        self._begin_caches(n - 1, own=n)

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
        # the postings go with the entry's other rows, in one statement at its end
        self._entry_postings += self._index_rows(table, [(rowid, *texts)])

    def add_fts_rows(self, table: str, rows: list[tuple]) -> None:
        """Index rows of (rowid, *texts) in `table` (texts as `terms.index_text` gives them), in the caller's
        transaction: `_fts_add` for many rows (`svodka migrate`)."""
        self._entry_postings += self._index_rows(table, rows)
        self._write_postings()

    def _index_rows(self, table: str, rows: list[tuple]) -> list[tuple]:
        """Insert the index rows; their postings (table, term, rowid, count, row length) when `table` is ranked."""
        cols = _FTS_COLUMNS[table]
        weights = _WEIGHTS.get(table, (1,) * len(cols))
        out, postings = [], []
        for rowid, *texts in rows:
            words = [(t or "").split() for t in texts]
            freq: Counter[str] = Counter()
            for w, col in zip(weights, words):
                for f in col:
                    freq[f] += w
            lexemes = sorted(f for f in freq if len(f.encode("utf-8")) <= MAX_LEXEME)
            n = sum(len(w) for w in words)
            out.append((rowid, *(t or "" for t in texts), n, lexemes, *((rowid,) if table in _COPIED else ())))
            self._entry_counts[("rows", table)] += 1
            self._entry_counts[("tokens", table)] += n
            if table in _RANKED:
                self._entry_counts.update(("term", table, f) for f in lexemes)
                postings += [(table, f, rowid, freq[f], n) for f in lexemes]
        copied, read = _COPIED.get(table, ("", ""))
        sql = (f"INSERT INTO {table} (rowid, {', '.join(cols)}, ntokens, tsv{', ' * bool(copied)}{copied}) "
               f"VALUES (?, {', '.join('?' * len(cols))}, ?, array_to_tsvector(CAST(? AS text[]))"
               f"{', ' * bool(read)}{read})")
        if len(out) == 1:
            self.conn.execute(sql, out[0])
        else:
            self.conn.executemany(sql, out)
        return postings

    def _write_postings(self) -> None:
        """Send the postings waiting to be written: their terms numbered first (new ones get an id; one not
        yet counted has 0 rows until the batch's counts are added), then the postings by term id, in term
        order, so that a batch's postings of a term share heap pages."""
        postings, self._entry_postings = self._entry_postings, []
        if not postings:
            return
        names = sorted({(p[0], p[1]) for p in postings})
        self.conn.execute(
            "INSERT INTO fts_terms (name, term, rows) SELECT u.name, u.term, 0 FROM "
            "unnest(CAST(? AS text[]), CAST(? AS text[])) AS u(name, term) WHERE NOT EXISTS "
            "(SELECT 1 FROM fts_terms t WHERE t.name = u.name AND t.term = u.term) ON CONFLICT DO NOTHING",
            ([n for n, _ in names], [t for _, t in names]))
        self.conn.execute(
            "INSERT INTO fts_postings (term_id, rowid, tf, ntokens) SELECT t.id, u.rowid, u.tf, u.ntokens FROM "
            "unnest(CAST(? AS text[]), CAST(? AS text[]), CAST(? AS bigint[]), CAST(? AS integer[]), "
            "CAST(? AS integer[])) AS u(name, term, rowid, tf, ntokens) "
            "JOIN fts_terms t ON t.name = u.name AND t.term = u.term ORDER BY t.id, u.rowid",
            tuple(list(col) for col in zip(*postings)))

    @contextmanager
    def bulk_postings(self):
        """Postings written in bulk (`svodka migrate`, in its transaction) go into the table without its
        B-tree, built once at the end from sorted entries: grown entry by entry, its pages split where a
        term's entries end, each left half-full (3.4 GB for 47 M postings against 2.4 GB for 61 M built
        sorted), and each entry costs a descent."""
        self.conn.execute("ALTER TABLE fts_postings DROP CONSTRAINT fts_postings_pkey")
        yield
        self.conn.execute("SET LOCAL maintenance_work_mem = '256MB'")
        self.conn.execute(POSTINGS_KEY)

    def settle(self) -> None:
        """After a bulk load (`svodka migrate`): mark the new postings all-visible, so that search's index-only
        scans need no heap visit from the start rather than once autovacuum has come by, and give the
        planner the statistics of what was loaded. The quotes likewise, for the speaker indexes' index-only
        scans (schema 6)."""
        self.conn.execute("VACUUM (ANALYZE) fts_postings")
        self.conn.execute("VACUUM (ANALYZE) quotes")
        self.conn.execute("ANALYZE")

    def _fts_delete_article(self, key: int) -> None:
        self._write_postings()  # the postings of rows indexed in this entry, so that they are deleted too
        for table, rows in (("quotes_fts", "SELECT id FROM quotes WHERE article_id = ?"),
                            ("figures_fts", "SELECT id FROM figures WHERE article_id = ?"),
                            ("articles_fts", "SELECT CAST(? AS BIGINT)")):
            if table in _RANKED:
                self.conn.execute(
                    "DELETE FROM fts_postings p USING fts_terms t, (SELECT rowid, unnest(tsvector_to_array(tsv)) "
                    f"AS term FROM {table} WHERE rowid IN ({rows})) AS d WHERE t.name = '{table}' "
                    "AND t.term = d.term AND p.term_id = t.id AND p.rowid = d.rowid", (key,))
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
        known = self._terms_of(table, [*forms, *(f for w in terms.query_words(query) for f in terms.query_forms(w))])
        counts = {f: n for f, (_, n) in known.items()}
        plan = _postings_plan(query, {f: i for f, (i, _) in known.items() if i is not None}, counts, filter_sql)
        if plan is None:
            return []  # a word every match needs is in no row
        totals = self.conn.execute("SELECT rows, tokens FROM fts_totals WHERE name = ?", (table,)).fetchone()
        rows = self._newest(table, query, counts, totals[0] if totals else 0, limit, lambda bound: self.conn.execute(
            plan.sql, (bound, *params, *[bound] * plan.joined, limit)).fetchall())
        if not rows:
            return []
        n_rows, n_tokens = totals
        avgdl = n_tokens / n_rows
        idf = {}
        for f in forms:
            hits = counts[f]
            v = math.log((n_rows - hits + 0.5) / (hits + 0.5))
            idf[f] = v if v > 0.0 else 1e-6  # FTS5's floor: a term in most rows still counts a little
        return [(r[0], _bm25(phrases, idf, plan.counts(r), r[1], avgdl)) for r in rows]

    def _terms_of(self, table: str, forms: list[str]) -> dict[str, tuple[int | None, int]]:
        """Each form's term id (None for a form no row of articles_fts or quotes_fts holds) and how many rows
        hold it (fts_terms)."""
        forms = list(dict.fromkeys(forms))
        out: dict[str, tuple[int | None, int]] = dict.fromkeys(forms, (None, 0))
        if forms:
            out.update((t, (i, n)) for t, i, n in self.conn.execute(
                "SELECT term, id, rows FROM fts_terms WHERE name = ? AND term = ANY(?)", (table, forms)))
        return out

    def _newest(self, table: str, query: str, counts: dict[str, int], n_rows: int, limit: int, run) -> list:
        """The newest `limit` matches of `query`, `run(bound)` giving those with rowid >= bound, newest first.

        A common word's matches are everywhere, and collecting all of them (100,000 postings in a million
        quotes, and as many probes for each other word of the query) to keep the newest 2,000 costs tens of
        milliseconds. The rarest word of the query says how far back `limit` matches are likely to reach: a
        quarter more than that is read first, then, short of `limit`, a range as much wider as the matches it
        held say, and last every row. A range that holds `limit` matches holds the newest ones, so the answer
        is the one the whole index gives (FTS5's rowid-descending walk on SQLite)."""
        top = self.conn.execute(f"SELECT MAX(rowid) FROM {table}").fetchone()[0] or 0
        # a word matches in any of its forms, in at least as many rows as its commonest form (a name's forms,
        # «алехиной» and «алехин», are mostly in the same rows: their sum would count them twice and cut a
        # range that must be read again); all words must match (the rarest bounds)
        hits = min((max(counts[f] for f in terms.query_forms(w)) for w in terms.query_words(query)), default=0)
        if hits and n_rows and hits * 4 > limit:
            span = RANGE_MARGIN * limit * top / hits
            while span < top:
                rows = run(int(top - span))
                if len(rows) >= limit:
                    return rows
                span *= min(16.0, max(1.5, RANGE_MARGIN * limit / max(len(rows), 1)))
        return run(0)

    def _term_rows(self, forms: tuple[str, ...]) -> int:
        return sum(self._rows_with("quotes_fts", f) for f in forms)

    # --- quotes by what they say ------------------------------------------------------------------------
    # A word's quotes are not collected id by id here (each id the GIN index gives is a heap visit: 14,000
    # matches of «сегодня» took 90 ms); each quote is tested in the query that reads it in time order. A
    # phrase needs its words' order checked against the text: the shared way (`SQLQueries`).

    def _about_sql(self, about: str) -> tuple[str, str, list]:
        """A condition on `quotes q` for the quotes `about` matches (its words, or an entity it names), twice:
        probed quote by quote, and as the planner likes; and its parameters. Each word is asked of
        fts_postings: a probe is an index-only lookup, where quotes_fts was a heap page and a tsvector; the
        planner may instead read a word's postings whole into a hash (13,890 of «надежды»: 2 ms, where the
        GIN bitmap's heap pages took 15), which for a page of a few hundred quotes costs more than probing
        them (23,150 postings, 5 ms, against 400 probes, 0.6 ms)."""
        q = terms.parse(about)
        ids = self._terms_of("quotes_fts", [f for w in q.words + [t[0] for t in q.excluded if len(t) == 1]
                                            for f in terms.query_forms(w)])

        def holds(w: str, per_quote: bool) -> str:
            known = [str(i) for i, _ in (ids[f] for f in dict.fromkeys(terms.query_forms(w))) if i is not None]
            # OFFSET 0 keeps the planner from turning the EXISTS into a join or a hash of every posting
            return (f"EXISTS (SELECT 1 FROM fts_postings p WHERE p.term_id IN ({', '.join(known)}) "
                    f"AND p.rowid = q.id{' OFFSET 0' * per_quote})") if known else ""

        eids = self._about_entities(about)
        entity = ("" if not eids else " OR EXISTS (SELECT 1 FROM quote_about a WHERE a.quote_id = q.id AND "
                  f"a.entity_id IN ({','.join('?' * len(eids))}))")
        probed, planned = (f"({_logic(q, lambda w: holds(w, per_quote))}{entity})" for per_quote in (True, False))
        return probed, planned, eids

    def _about_test(self, about, expr, sources, cond, params):
        if terms.parse(about).has_phrase:
            return super()._about_test(about, expr, sources, cond, params)
        # a speaker's quotes in time order, each tested in the query that reads them
        return ("sql", self._about_sql(about))

    def _speaker_run(self, source_sql, source_params, cond, params, order, want, test, about):
        if test is None or test[0] != "sql":
            return super()._speaker_run(source_sql, source_params, cond, params, order, want, test, about)
        probed, planned, match_params = test[1]
        by_time = f"ORDER BY q.said_at {order}, q.id {order}"
        # The speaker's quotes in time order, each tested, in growing pages: enough when what they say is often
        # about it (the planner, counting the word's quotes as if spread over everyone's, would read every
        # quote of the word and sort them: 9,000 heap pages for «назвать», 20–100 ms, where the speaker's
        # next 100 matches were 500 quotes away). Reading on stops when the matches seen so far say that the
        # rest are further away than the word has quotes: then the planner's way, from the speaker's quotes
        # or from the word's.
        page_sql = (f"SELECT q.said_at, q.id, {probed} FROM (SELECT q.said_at, q.id FROM quotes q WHERE "
                    f"{source_sql} AND {cond} {by_time} LIMIT ? OFFSET ?) AS q {by_time}")
        found: list[tuple[str, int]] = []
        offset, page, matches = 0, max(4 * want, sqlquery.FIRST_PAGE), None
        while True:
            rows = self.conn.execute(page_sql, (*match_params, *source_params, *params, page, offset)).fetchall()
            found += [(r[0], r[1]) for r in rows if r[2]]
            if len(found) >= want or len(rows) < page:
                return found[:want]
            offset += page
            matches = self._estimate_matches(about) if matches is None else matches
            if not found or (want - len(found)) * offset / len(found) > matches:
                break
            page *= 4
        return self.conn.execute(
            f"SELECT q.said_at, q.id FROM quotes q WHERE {source_sql} AND {cond} AND {planned} {by_time} LIMIT ?",
            (*source_params, *params, *match_params, want)).fetchall()

    def _about_ids(self, about, expr, cond, params, order, want):
        if terms.parse(about).has_phrase:
            return super()._about_ids(about, expr, cond, params, order, want)
        eids = self._about_entities(about)
        quoted = ("" if not eids else " UNION SELECT a.quote_id FROM quote_about a JOIN quotes w ON w.id = a.quote_id "
                  f"WHERE a.entity_id IN ({','.join('?' * len(eids))}) AND {{w}}")
        matches = max(1, self._estimate_matches(about)) + len(eids)
        for bound in self._said_at_bounds(order, want, matches):
            # the matches of a range of said_at: the GIN bitmap ANDed with the range's (quotes_fts carries
            # said_at for this); a range holding `want` matches holds the first `want` of all
            if bound is None:
                rng, rng_params = "TRUE", []
            elif order == "ASC":  # NULLs first
                rng, rng_params = "({c}.said_at IS NULL OR {c}.said_at < ?)", [bound]
            else:
                rng, rng_params = "{c}.said_at >= ?", [bound]
            sql = (f"SELECT q.said_at, q.id FROM quotes q WHERE {cond} AND q.id IN ("
                   f"SELECT f.rowid FROM quotes_fts f WHERE f.tsv @@ CAST(? AS tsquery) AND {rng.format(c='f')}"
                   f"{quoted.format(w=rng.format(c='w'))}) ORDER BY q.said_at {order}, q.id {order} LIMIT ?")
            rows = self.conn.execute(sql, (*params, expr, *rng_params, *((*eids, *rng_params) if eids else ()),
                                           want)).fetchall()
            if len(rows) >= want or bound is None:
                return [r[1] for r in rows]
        return []

    def _said_at_shares(self) -> tuple[float, list[tuple[str, float]]]:
        """(the share of quotes with no said_at, [(a said_at value, the share of quotes at or about it)] in
        order): the planner's statistics of quotes_fts.said_at (ANALYZE keeps them), its most common values
        with their shares and its histogram's bounds with a bucket's share each; nothing before an ANALYZE."""
        row = self.conn.execute(
            "SELECT null_frac, CAST(CAST(histogram_bounds AS text) AS text[]), "
            "CAST(CAST(most_common_vals AS text) AS text[]), most_common_freqs FROM pg_stats "
            "WHERE schemaname = current_schema() AND tablename = 'quotes_fts' AND attname = 'said_at'").fetchone()
        if row is None:
            return 0.0, []
        null_frac, bounds, common, freqs = row[0], row[1] or [], row[2] or [], row[3] or []
        points = list(zip(common, freqs))
        if len(bounds) > 1:
            bucket = max(0.0, 1 - null_frac - sum(freqs)) / (len(bounds) - 1)
            points += [(b, bucket) for b in bounds[1:]]
        return null_frac, sorted(points)

    def _said_at_bounds(self, order: str, want: int, matches: int):
        """said_at bounds to try, nearest first, for the first `want` of `matches` quotes in `order`: the range
        is twice what `want` matches are likely to need, widened fourfold until the last (None) takes all."""
        null_frac, points = self._said_at_shares()
        if points and matches * 4 > want:
            share = 2 * want / matches  # of all quotes
            while share < 1:
                bound = None
                if order == "ASC":  # NULLs first, then the oldest: quotes before the bound
                    seen = null_frac
                    for value, part in points:
                        if seen >= share:
                            bound = value
                            break
                        seen += part
                else:  # the newest first, NULLs last: quotes at or after the bound
                    seen = 0.0
                    for value, part in reversed(points):
                        seen += part
                        if seen >= share:
                            bound = value
                            break
                if bound is None:
                    break
                yield bound
                share *= 4
        yield None
