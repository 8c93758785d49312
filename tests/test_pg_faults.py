"""A PostgreSQL server that goes away during an ingest: one clear error, the batch not half-stored, and the
same command resumes (the full restart is `benchmarks/pg_restart.py`)."""
import psycopg
import pytest

from svodka.archive import Archive
from test_archive import article_line, load_stub, write_jsonl


def test_a_lost_connection_is_one_clear_error_and_a_rerun_resumes(tmp_path, pg_server):
    stub = load_stub(tmp_path)
    url = pg_server.new_database()
    first = write_jsonl(tmp_path / "a.jsonl", [article_line(i) for i in range(5)])
    both = write_jsonl(tmp_path / "b.jsonl", [article_line(i) for i in range(10)])
    with Archive(url, analyzer=stub.stub_analyzer) as a:
        assert a.ingest([str(first)]).new == 5
        pid = a.store.conn.raw.info.backend_pid
        with psycopg.connect(pg_server.url, autocommit=True) as admin:  # what a restart does to the session
            admin.execute("SELECT pg_terminate_backend(%s)", (pid,))
        with pytest.raises(ConnectionError) as e:
            a.ingest([str(both)])
        assert "lost the connection to PostgreSQL" in str(e.value) and "not stored" in str(e.value)
    with Archive(url, analyzer=stub.stub_analyzer) as a:
        r = a.ingest([str(both)])
        assert (r.new, r.stored, r.failed) == (5, 5, 0)
        assert a.stats()["articles"] == 10
