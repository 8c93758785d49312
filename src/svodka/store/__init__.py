"""Storage behind one small interface (`interface.Store`), chosen by the location's URL scheme.

Imports run one way: this package's `__init__` → the backends (`sqlite.py`, `postgres.py`) → what they
share (`sql.py`, the storing; `sqlquery.py`, the queries) → what that is built of (`identity.py`,
`interface.py`, `records.py`, `terms.py`, `keys.py`); each backend also has its schema (`schema.py`,
`pg_schema.py`) and PostgreSQL its connection (`pgconn.py`). None of these imports a backend or `__init__`.
"""
from __future__ import annotations

from ..link.roles import Roles
from ..nlp.gazetteer import Gazetteer
from .interface import Entry, Outcome, Store
from .records import EntityProfile, EntityRow, QuoteRow, SearchHit
from .postgres import PostgresStore, is_postgres
from .sqlite import SQLiteStore


def open_store(location: str, roles: Roles | None = None, gazetteer: Gazetteer | None = None) -> Store:
    """A SQLite file path (or sqlite://path), or a postgresql:// URL. `roles`, `gazetteer`: the roles file and
    the gazetteer the store links entities by (default: the shipped ones)."""
    if is_postgres(location):
        return PostgresStore(location, roles, gazetteer)
    if "://" in location and not location.startswith("sqlite://"):
        scheme = location.split("://", 1)[0]
        raise ValueError(f"{location}: no storage for '{scheme}'; give a SQLite file path or a postgresql:// URL")
    return SQLiteStore(location.removeprefix("sqlite://"), roles, gazetteer)


__all__ = ["Store", "Entry", "Outcome", "open_store", "SQLiteStore", "PostgresStore", "SearchHit", "QuoteRow", "EntityRow", "EntityProfile"]
