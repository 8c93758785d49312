"""A psycopg connection that reads the SQL of `sql.py` as SQLite would: `?` parameters, `lastrowid`, and
NULLs sorted first.

Three rewrites, each cached per statement:
- `?` becomes `%s` (and a literal `%` becomes `%%`);
- an INSERT into a table with an `id` gives the row the id SQLite would (one above the largest, so an id
  freed by deleting the newest row is given again, as SQLite does) and returns it as `lastrowid`;
- each ORDER BY term gets NULLS FIRST (ascending) or NULLS LAST (descending): SQLite sorts NULL below
  everything, PostgreSQL above.
"""
from __future__ import annotations

import re
from functools import lru_cache

# tables whose rows are numbered by the store (the ids of SQLite's INTEGER PRIMARY KEY)
ID_TABLES = ("articles", "names", "entities", "quotes", "dates", "figures")
_INSERT = re.compile(rf"^\s*INSERT INTO ({'|'.join(ID_TABLES)}) \(([^)]*)\) VALUES \(", re.S)
_ORDER_BY = re.compile(r"\bORDER BY\b")
_CLAUSE_END = re.compile(r"\s(?:LIMIT|OFFSET)\b")


def _nulls_as_sqlite(term: str) -> str:
    term = term.strip()
    if "NULLS" in term.upper():
        return term
    expr, direction = term, ""
    for d in (" DESC", " ASC"):
        if term.upper().endswith(d):
            expr, direction = term[:-len(d)].strip(), d.strip()
    # an expression with spaces («a.published IS NULL») is bracketed; an ordinal («1») must not be
    if " " in expr:
        expr = f"({expr})"
    return f"{expr} {direction} {'NULLS LAST' if direction == 'DESC' else 'NULLS FIRST'}".replace("  ", " ")


def _split_top(text: str) -> list[str]:
    out, depth, start = [], 0, 0
    for i, ch in enumerate(text):
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
        elif ch == "," and depth == 0:
            out.append(text[start:i])
            start = i + 1
    out.append(text[start:])
    return out


def _order_nulls(sql: str) -> str:
    out, pos = [], 0
    for m in _ORDER_BY.finditer(sql):
        if m.start() < pos:
            continue
        start = i = m.end()
        depth = 0
        while i < len(sql):  # the clause runs to LIMIT, OFFSET, its subquery's closing bracket or the end
            ch = sql[i]
            if ch == "(":
                depth += 1
            elif ch == ")":
                if depth == 0:
                    break
                depth -= 1
            elif depth == 0 and _CLAUSE_END.match(sql, i):
                break
            i += 1
        out += [sql[pos:start], " ", ", ".join(_nulls_as_sqlite(t) for t in _split_top(sql[start:i]))]
        pos = i
    out.append(sql[pos:])
    return "".join(out)


@lru_cache(maxsize=4096)
def translate(sql: str) -> tuple[str, bool]:
    """(the statement for psycopg, whether it returns the new row's id)."""
    returning = False
    m = _INSERT.match(sql)
    if m and "ON CONFLICT" not in sql and "RETURNING" not in sql:
        table, cols = m.group(1), m.group(2)
        sql = (f"INSERT INTO {table} (id, {cols}) VALUES ((SELECT COALESCE(MAX(id), 0) + 1 FROM {table}), "
               + sql[m.end():] + " RETURNING id")
        returning = True
    sql = _order_nulls(sql)
    return sql.replace("%", "%%").replace("?", "%s"), returning


class Cursor:
    """What the store reads of a cursor: rows, `rowcount`, and `lastrowid` after an INSERT."""
    __slots__ = ("_cur", "_returning", "_id")

    def __init__(self, cur, returning: bool) -> None:
        self._cur = cur
        self._returning = returning
        self._id = None

    @property
    def lastrowid(self) -> int | None:
        if self._returning and self._id is None:
            self._id = self._cur.fetchone()[0]
        return self._id

    @property
    def rowcount(self) -> int:
        return self._cur.rowcount

    def fetchone(self):
        return self._cur.fetchone()

    def fetchall(self):
        return self._cur.fetchall()

    def __iter__(self):
        return iter(self._cur)


class StoreUnavailable(ConnectionError):
    """The database cannot be reached, or went away (a restart) while the store was using it."""


class Connection:
    """A psycopg connection in autocommit mode (the store opens its transactions with BEGIN, as on SQLite).
    `where` names the database in errors (its URL without the password)."""

    def __init__(self, raw, where: str = "PostgreSQL") -> None:
        self.raw = raw
        self.where = where

    def execute(self, sql: str, params=()) -> Cursor:
        text, returning = translate(sql)
        try:
            return Cursor(self.raw.execute(text, tuple(params)), returning)  # always formatted: `%%` is `%`
        except Exception as e:
            if self.raw.closed:
                raise self._lost(e) from None
            raise

    def executemany(self, sql: str, rows) -> None:
        text, _ = translate(sql)
        rows = list(rows)
        if rows:
            try:
                with self.raw.cursor() as cur:
                    cur.executemany(text, rows)
            except Exception as e:
                if self.raw.closed:
                    raise self._lost(e) from None
                raise

    def _lost(self, e: Exception) -> StoreUnavailable:
        """A closed connection's error as one line that says what happened (a server restarted, killed, or cut
        off by the network)."""
        reason = " ".join(str(e).split()) or type(e).__name__
        return StoreUnavailable(f"{self.where}: lost the connection to PostgreSQL ({reason}); the batch being "
                                "written was not stored")

    def close(self) -> None:
        self.raw.close()
