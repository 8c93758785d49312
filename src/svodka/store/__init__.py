"""Storage behind one small interface (`interface.Store`), chosen by the location's URL scheme.

Imports run one way: this package's `__init__` → the backends (`sqlite.py`) → what they are built of
(`identity.py`, `schema.py`, `interface.py`, `records.py`, `terms.py`, `keys.py`), none of which imports a
backend or this `__init__`.
"""
from __future__ import annotations

from ..link.roles import Roles
from .interface import Entry, Outcome, Store
from .records import EntityProfile, EntityRow, QuoteRow, SearchHit
from .sqlite import SQLiteStore


def open_store(location: str, roles: Roles | None = None) -> Store:
    """`roles`: the roles file the store links entities by (default: the shipped one)."""
    if "://" in location and not location.startswith("sqlite://"):
        scheme = location.split("://", 1)[0]
        raise ValueError(f"{location}: no storage for '{scheme}' yet; give a SQLite file path")
    return SQLiteStore(location.removeprefix("sqlite://"), roles)


__all__ = ["Store", "Entry", "Outcome", "open_store", "SearchHit", "QuoteRow", "EntityRow", "EntityProfile"]
