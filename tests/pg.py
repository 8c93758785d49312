"""A real PostgreSQL for the tests: the `pgserver` wheel's PostgreSQL 16, started in a temporary folder once
per test session, one fresh database per test that asks for one. No mocks, no network.

`SVODKA_TEST_PG=postgresql://…` uses that server instead (it must let the user create databases).
"""
from __future__ import annotations

import itertools
import os
import re
import shutil
import tempfile
import warnings

import psycopg

_count = itertools.count(1)


class Server:
    def __init__(self) -> None:
        self._dir = None
        self._srv = None
        url = os.environ.get("SVODKA_TEST_PG")
        if not url:
            self._dir = tempfile.mkdtemp(prefix="svodka-pg-")
            with warnings.catch_warnings():  # platformdirs: no XDG_RUNTIME_DIR in a container
                warnings.simplefilter("ignore")
                import pgserver  # the test extra installs it
                self._srv = pgserver.get_server(self._dir, cleanup_mode="stop")
            url = self._srv.get_uri()
            # a throwaway server: no flushing to disk (its shutdown checkpoint would write every test database)
            with psycopg.connect(url, autocommit=True) as c:
                for setting in ("fsync = off", "synchronous_commit = off", "full_page_writes = off"):
                    c.execute(f"ALTER SYSTEM SET {setting}")
                c.execute("SELECT pg_reload_conf()")
        self.url = url

    def url_of(self, name: str) -> str:
        """The server's URL with another database name."""
        return re.sub(r"^(\w+://[^/?]*)/[^?]*", rf"\1/{name}", self.url)

    def new_database(self, template: str | None = None) -> str:
        """A new database (empty, or a copy of `template`'s), its URL."""
        name = f"svodka_test_{os.getpid()}_{next(_count)}"
        with psycopg.connect(self.url, autocommit=True) as c:
            c.execute(f"CREATE DATABASE {name}" + (f" TEMPLATE {template}" if template else ""))
        return self.url_of(name)

    def open_connections(self) -> list[str]:
        """The test databases someone is still connected to: a store left open."""
        with psycopg.connect(self.url, autocommit=True) as c:
            return [r[0] for r in c.execute("SELECT datname FROM pg_stat_activity WHERE datname LIKE 'svodka_test_%' "
                                            "AND pid != pg_backend_pid()")]

    def close(self) -> None:
        if self._srv is not None:
            self._srv.cleanup()
            shutil.rmtree(self._dir, ignore_errors=True)


def database_name(url: str) -> str:
    return re.match(r"^\w+://[^/?]*/([^?]*)", url).group(1)
