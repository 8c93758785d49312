"""Shared fixtures. Models load once per test session (about two seconds)."""
from __future__ import annotations

import pytest


@pytest.fixture(scope="session")
def models():
    from svodka.nlp.pipeline import Models
    return Models.get()


# --- the two store backends: a test that takes `db` runs once on SQLite and once on PostgreSQL --------------

BACKENDS = ["sqlite", "postgres"]


@pytest.fixture(scope="session")
def pg_server():
    from pg import Server
    server = Server()
    yield server
    server.close()


@pytest.fixture(scope="module", params=BACKENDS)
def backend(request):
    return request.param


@pytest.fixture
def new_db(backend, request, tmp_path):
    """Makes a new, empty archive location of this backend: `new_db("name")`."""
    def make(name: str = "a") -> str:
        if backend == "sqlite":
            return str(tmp_path / f"{name}.db")
        return request.getfixturevalue("pg_server").new_database()
    return make


@pytest.fixture
def db(new_db) -> str:
    """An empty archive location: a SQLite file, or a new PostgreSQL database."""
    return new_db()


@pytest.fixture(scope="module")
def module_db(backend, request, tmp_path_factory):
    """Makes an empty archive location for a module's fixtures (see `db`)."""
    def make(name: str = "a") -> str:
        if backend == "sqlite":
            return str(tmp_path_factory.mktemp(name) / f"{name}.db")
        return request.getfixturevalue("pg_server").new_database()
    return make


def copy_db(location: str, tmp_path, pg_server=None) -> str:
    """A copy of an archive that a test may write to."""
    import shutil
    if "://" not in location:
        dst = str(tmp_path / "copy.db")
        shutil.copy(location, dst)
        return dst
    from pg import database_name
    return pg_server.new_database(template=database_name(location))


@pytest.fixture(autouse=True)
def _no_store_left_open(request):
    """A test on PostgreSQL closes every store it opens (an open one would also hold the server's shutdown)."""
    server = None
    if "backend" in request.fixturenames and request.getfixturevalue("backend") == "postgres":
        server = request.getfixturevalue("pg_server")
    yield
    if server is not None:
        import gc
        import time
        gc.collect()
        # a closed connection's server process takes a moment to go: wait a little before calling it left open
        deadline = time.monotonic() + 5
        while (left := server.open_connections()) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert not left, f"connections left open to {left}"
