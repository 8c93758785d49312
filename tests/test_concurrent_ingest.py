"""Several `svodka ingest` processes writing one SQLite archive at once (overlapping sources, each in its own
order): every article stored once, entities and counts as one process would have them. The PostgreSQL twin of
this test is in test_postgres.py."""
import os
import subprocess
import sys

from svodka.archive import Archive
from test_archive import article_line, load_stub, write_jsonl
from test_postgres import WRITER


def test_several_processes_ingesting_one_sqlite_archive_lose_and_double_nothing(tmp_path):
    load_stub(tmp_path)
    db = str(tmp_path / "shared.db")
    n = 120
    files = []
    for w in range(4):
        ids = [i for i in range(n) if (i + 30 * w) % n < 60]
        ids = ids if w % 2 == 0 else ids[::-1]
        files.append(str(write_jsonl(tmp_path / f"w{w}.jsonl", [article_line(i, url=i % 3 != 0) for i in ids])))
    script = tmp_path / "writer.py"
    script.write_text(WRITER, encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    procs = [subprocess.Popen([sys.executable, str(script), db, f, str(tmp_path)], env=env,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for f in files]
    outs = [p.communicate(timeout=300) for p in procs]
    assert all(p.returncode == 0 for p in procs), [o[1][-2000:] for o in outs]
    counts = [list(map(int, o[0].split())) for o in outs]
    assert all(c[4] == 0 for c in counts)
    covered = {i for i in range(n) if any((i + 30 * w) % n < 60 for w in range(4))}

    stub = load_stub(tmp_path)
    with Archive(tmp_path / "ref.db", analyzer=stub.stub_analyzer) as ref:
        ref.ingest(files)
        want = ref.stats()
        people = sorted(r.name for r in ref.entities(type="PER"))
    with Archive(db) as a:
        c = a.store.conn
        assert sum(x[0] for x in counts) == len(covered) == a.stats()["articles"]
        assert a.stats() == want
        assert sorted(r[0] for r in c.execute("SELECT ext_id FROM articles")) == sorted(f"n{i}" for i in covered)
        kept = set(c.execute("SELECT entity_id, mentions, articles FROM entity_counts WHERE articles > 0"))
        assert kept == set(c.execute("SELECT entity_id, CAST(SUM(mentions) AS INTEGER), COUNT(*) "
                                     "FROM article_entities GROUP BY entity_id"))
        assert sorted(r.name for r in a.entities(type="PER")) == people and len(people) == 2
        assert a.quotes_total(speaker="Иванова") == len(covered)
