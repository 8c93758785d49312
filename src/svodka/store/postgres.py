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
import sys
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
from . import sqlquery

_FTS_COLUMNS = {"articles_fts": ("title", "body"), "quotes_fts": ("body",), "figures_fts": ("about",),
                "names_fts": ("terms",)}
# How many more rows than the expected `limit` matches need a rowid or said_at range is made to hold first:
# each match read is a heap visit, and a range short of `limit` is read again, wider.
RANGE_MARGIN = 1.25
# the full-text tables search ranks (and whose terms' row counts fts_terms keeps)
_RANKED = ("articles_fts", "quotes_fts")
# bm25's weight of each column's terms (the SQLite store's bm25(articles_fts, 2.0, 1.0)): a title counts twice
_WEIGHTS = {"articles_fts": (2, 1)}
# FTS5's bm25 constants (fts5_aux.c)
K1, B = 1.2, 0.75
# a tsvector lexeme is at most 2047 bytes; a longer "word" (an encoded blob in a text) is left out of it
MAX_LEXEME = 2047
# Full-text tables whose `freq` leaves out counts of 1 (pg_schema migration 4): an article's every count is
# kilobytes, read from TOAST, where its counts other than 1 fit in the row. A quote's counts are a few hundred
# bytes in the row already, and keeping them all spares ranking the GIN lookups of which rows hold a form.
_SPARSE_FREQ = ("articles_fts",)
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
    return had


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
        # A parallel plan's workers take longer to start (10–20 ms on two busy cores) than these queries, which
        # read a few thousand rows through indexes, take to run.
        self.conn.execute("SET max_parallel_workers_per_gather = 0")
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
            if table in _SPARSE_FREQ:
                freq = {f: k for f, k in freq.items() if k != 1}
            out.append((rowid, *(t or "" for t in texts), n, lexemes, json.dumps(freq, ensure_ascii=False),
                        *((rowid,) if table in _COPIED else ())))
            self._entry_counts[("rows", table)] += 1
            self._entry_counts[("tokens", table)] += n
            if table in _RANKED:
                self._entry_counts.update(("term", table, f) for f in lexemes)
        copied, read = _COPIED.get(table, ("", ""))
        sql = (f"INSERT INTO {table} (rowid, {', '.join(cols)}, ntokens, tsv, freq{', ' * bool(copied)}{copied}) "
               f"VALUES (?, {', '.join('?' * len(cols))}, ?, array_to_tsvector(CAST(? AS text[])), CAST(? AS jsonb)"
               f"{', ' * bool(read)}{read})")
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
        counts = self._rows_of(table, [*forms, *(f for w in terms.query_words(query) for f in terms.query_forms(w))])
        freqs = "".join(", CAST(freq ->> CAST(? AS text) AS DOUBLE PRECISION)" for _ in forms)
        totals = self.conn.execute("SELECT rows, tokens FROM fts_totals WHERE name = ?", (table,)).fetchone()
        select = (f"SELECT rowid, ntokens{freqs} FROM {table} WHERE tsv @@ CAST(? AS tsquery){filter_sql} "
                  "AND rowid >= ? ORDER BY rowid DESC LIMIT ?")
        rows = self._newest(table, query, counts, totals[0] if totals else 0, limit,
                            lambda bound: self._bitmap_only(select, (*forms, expr, *params, bound, limit)))
        if not rows:
            return []
        n_rows, n_tokens = totals
        avgdl = n_tokens / n_rows
        idf = {}
        for f in forms:
            hits = counts[f]
            v = math.log((n_rows - hits + 0.5) / (hits + 0.5))
            idf[f] = v if v > 0.0 else 1e-6  # FTS5's floor: a term in most rows still counts a little
        held = self._holding(table, query, forms, counts, [r[0] for r in rows]) if table in _SPARSE_FREQ else None
        out = []
        for r in rows:
            # a form `freq` does not name counts once in a row that holds it, or not at all
            freqs = {f: n if n is not None else float(held is not None and r[0] in held[f])
                     for f, n in zip(forms, r[2:])}
            out.append((r[0], _bm25(phrases, idf, freqs, r[1], avgdl)))
        return out

    def _rows_of(self, table: str, forms: list[str]) -> dict[str, int]:
        """How many rows of articles_fts or quotes_fts hold each form (fts_terms; 0 for a form none holds)."""
        forms = list(dict.fromkeys(forms))
        out = dict.fromkeys(forms, 0)
        if forms:
            out.update(self.conn.execute("SELECT term, rows FROM fts_terms WHERE name = ? AND term = ANY(?)",
                                         (table, forms)).fetchall())
        return out

    def _holding(self, table: str, query: str, forms: list[str], counts: dict[str, int],
                 ids: list[int]) -> dict[str, set[int]]:
        """Which of the rows `ids` (matches of `query`) hold each form, from the GIN index: no row's terms are
        read (an article's, in TOAST, cost 25 µs each).

        A word of a query that every match must have is held in one of its forms at least. So for each such
        word only its rarer forms are looked up (a form typed as written, «заседании», is in few rows; its
        lemma «заседание» in many), and the commonest is held by every match that holds none of the others;
        only the matches holding another are looked up for it too. A word in an alternative (OR) may be
        missing: each of its forms is looked up."""
        q = terms.parse(query)
        # an excluded form is in no match
        held: dict[str, set[int]] = {f: set() for t in q.excluded if len(t) == 1 for f in terms.query_forms(t[0])}
        groups = [[f for f in dict.fromkeys(terms.query_forms(w)) if f not in held]
                  for c in q.clauses if len(c) == 1 for w in c[0]]
        # a form in two words' groups is looked up: inferring it from one group would need the other's answers
        seen = Counter(f for g in groups for f in g)
        commonest = {}
        for g in groups:
            if len(g) == 1:
                held[g[0]] = set(ids)
            elif g:
                c = max(g, key=lambda f: (counts.get(f, 0), f))
                if seen[c] == 1:
                    commonest[c] = g
        ask = [f for f in forms if f not in held and f not in commonest]
        lo, hi = min(ids), max(ids)
        found = self._rows_holding(table, ask, "rowid BETWEEN ? AND ?", [lo, hi])
        for f in ask:
            held[f] = found[f] & set(ids)
        # the commonest form of a required word: every match holding no other form of it holds it
        for c, g in commonest.items():
            if c in held:
                continue
            others = set().union(*(held[f] for f in g if f != c))
            unsure = sorted(others)
            held[c] = (set(ids) - others) | (self._rows_holding(table, [c], "rowid = ANY(CAST(? AS bigint[]))",
                                                                 [unsure])[c] if unsure else set())
        return held

    def _rows_holding(self, table: str, forms: list[str], where: str, params: list) -> dict[str, set[int]]:
        """The rows (of those `where` keeps) that hold each form, read through the GIN index's bitmaps."""
        out: dict[str, set[int]] = {f: set() for f in forms}
        if not forms:
            return out
        sql = " UNION ALL ".join(f"SELECT {i}, rowid FROM {table} WHERE tsv @@ CAST(? AS tsquery) AND {where}"
                                 for i in range(len(forms)))
        # forms are runs of letters and digits (terms.WORD): quoted, each is a tsquery of itself
        for i, rowid in self._bitmap_only(sql, tuple(v for f in forms for v in (f"'{f}'", *params))):
            out[forms[i]].add(rowid)
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

    def _newest(self, table: str, query: str, counts: dict[str, int], n_rows: int, limit: int, run) -> list:
        """The newest `limit` matches of `query`, `run(bound)` giving those with rowid >= bound, newest first.

        A common word's matches are everywhere, and collecting all of them (100,000 in a million quotes,
        each a heap visit) to keep the newest 2,000 took a second. The rarest word of the query says how far
        back `limit` matches are likely to reach: a quarter more than that is read first (each match read is
        a heap visit, about 7 µs when the page is not in shared buffers), then, short of `limit`, a range as
        much wider as the matches it held say, and last every row. A range that holds `limit` matches holds
        the newest ones, so the answer is the one the whole index gives (FTS5's rowid-descending walk on
        SQLite)."""
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

    def _about_sql(self, about: str, expr: str) -> tuple[str, list]:
        """A condition on `quotes q` for the quotes `about` matches (its words, or an entity it names)."""
        sql = "EXISTS (SELECT 1 FROM quotes_fts f WHERE f.rowid = q.id AND f.tsv @@ CAST(? AS tsquery))"
        eids = self._about_entities(about)
        if not eids:
            return sql, [expr]
        return (f"({sql} OR EXISTS (SELECT 1 FROM quote_about a WHERE a.quote_id = q.id AND a.entity_id IN "
                f"({','.join('?' * len(eids))})))", [expr, *eids])

    def _about_test(self, about, expr, sources, cond, params):
        if terms.parse(about).has_phrase:
            return super()._about_test(about, expr, sources, cond, params)
        # a speaker's quotes in time order, each probed in quotes_fts by its id as it is read
        return ("sql", self._about_sql(about, expr))

    def _speaker_run(self, source_sql, source_params, cond, params, order, want, test, about):
        if test is None or test[0] != "sql":
            return super()._speaker_run(source_sql, source_params, cond, params, order, want, test, about)
        match_sql, match_params = test[1]
        by_time = f"ORDER BY q.said_at {order}, q.id {order}"
        # The speaker's first quotes in time order, each tested: enough when what they say is often about
        # it (the planner, counting the word's quotes as if spread over everyone's, would read and sort all of
        # the speaker's). Otherwise the planner's way, from the speaker's quotes or from the word's.
        page = max(4 * want, sqlquery.FIRST_PAGE)
        head = self.conn.execute(
            f"SELECT q.said_at, q.id, {match_sql} FROM (SELECT q.said_at, q.id FROM quotes q WHERE {source_sql} "
            f"AND {cond} {by_time} LIMIT ?) AS q {by_time}", (*match_params, *source_params, *params, page)).fetchall()
        found = [(r[0], r[1]) for r in head if r[2]]
        if len(found) >= want or len(head) < page:
            return found[:want]
        return self.conn.execute(
            f"SELECT q.said_at, q.id FROM quotes q WHERE {source_sql} AND {cond} AND {match_sql} {by_time} LIMIT ?",
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
