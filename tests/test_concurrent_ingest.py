"""Several `svodka ingest` processes writing one archive at once (overlapping sources, each in its own order),
on both backends: every article stored once, entities and counts as one process would have them."""
import os
import subprocess
import sys

from svodka.archive import Archive
from test_archive import article_line, load_stub, write_jsonl
from test_postgres import fts_counts_agree

WRITER = '''
import sys
sys.path.insert(0, sys.argv[3])
import stubmod
from svodka import archive
archive.BATCH = 8
from svodka.archive import Archive
with Archive(sys.argv[1], analyzer=stubmod.stub_analyzer) as a:
    r = a.ingest(sys.argv[2].split(","))
print(r.new, r.stored, r.duplicates, r.appearances, r.failed)
'''


def test_several_processes_ingesting_at_once_lose_and_double_nothing(tmp_path, db):
    load_stub(tmp_path)
    n = 120
    # four writers over overlapping halves of the articles, with and without URLs, each in its own order
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

    # the same articles ingested by one process into SQLite: the reference
    stub = load_stub(tmp_path)
    with Archive(tmp_path / "ref.db", analyzer=stub.stub_analyzer) as ref:
        ref.ingest(files)
        want = ref.stats()
        people = sorted(r.name for r in ref.entities(type="PER"))
    with Archive(db) as a:
        c = a.store.conn
        assert sum(x[0] for x in counts) == len(covered) == want["articles"] == a.stats()["articles"]
        assert a.stats() == want
        assert c.execute("SELECT COUNT(DISTINCT text_hash) FROM articles").fetchone()[0] == len(covered)
        assert sorted(r[0] for r in c.execute("SELECT ext_id FROM articles")) == sorted(f"n{i}" for i in covered)
        kept = set(c.execute("SELECT entity_id, mentions, articles FROM entity_counts WHERE articles > 0"))
        assert kept == set(c.execute("SELECT entity_id, CAST(SUM(mentions) AS INTEGER), COUNT(*) "
                                     "FROM article_entities GROUP BY entity_id"))
        # one person per name, whichever writer met them first
        assert sorted(r.name for r in a.entities(type="PER")) == people and len(people) == 2
        assert a.quotes_total(speaker="Иванова") == len(covered)
        assert len(a.search("встреча", limit=500)) == 2 * len(covered)
        if "://" in db:  # PostgreSQL keeps bm25's counts itself (SQLite's FTS5 keeps its own)
            assert fts_counts_agree(c)
