"""Archive.ingest: identity, resumption, failures that never abort a batch, crash safety; and the CLI."""
import json
import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
import time
import zlib

from typer.testing import CliRunner

from svodka.archive import Archive
from svodka.cli import app

# A stand-in for analyze_many, fast and deterministic, so ingest logic is tested without the models: every
# capitalised word that ends «-ов»/«-ин» in any case is a person, and «…», — сказал X is a direct quote.
STUB = textwrap.dedent('''
    import re, time
    from svodka.model import Analysis, Entity, Mention, Quote

    SLOW = 0.0

    def stub_analyzer(articles):
        for a in articles:
            if "ОТРАВА" in a.text:
                raise RuntimeError("the model choked")
            time.sleep(SLOW)
            people = {}
            for m in re.finditer(r"\\b([А-Я][а-я]+(?:ов|ин))(?:а|у|ым|е)?\\b", a.text):
                people.setdefault(m.group(1), []).append(Mention(m.start(), m.end(), m.group()))
            ents = [Entity(f"e{i}", "PER", name, ms) for i, (name, ms) in enumerate(sorted(people.items()), 1)]
            ids = {e.name: e.id for e in ents}
            quotes = []
            for m in re.finditer(r"«([^»]+)», — сказал ([А-Я][а-я]+)", a.text):
                quotes.append(Quote("direct", m.start(1), m.end(1), m.group(1), m.group(2), "person",
                                    ids.get(m.group(2)), "сказал"))
            yield Analysis(a.id, a.title, a.published, ents, quotes, url=a.url, source=a.source)
''')


def load_stub(tmp_path):
    (tmp_path / "stubmod.py").write_text(STUB, encoding="utf-8")
    sys.path.insert(0, str(tmp_path))
    try:
        import importlib
        import stubmod
        return importlib.reload(stubmod)
    finally:
        sys.path.remove(str(tmp_path))


def article_line(i, url=True, extra=""):
    rec = {"id": f"n{i}", "text": f"Новость {i}\n\nСергей Иванов встретился с Петровым в городе номер {i}. "
                                  f"«Встреча {i} прошла хорошо», — сказал Иванов.{extra}",
           "published": f"2024-{1 + i % 12:02d}-{1 + i % 28:02d}T10:00:00"}
    if url:
        rec["url"] = f"https://news.example/{i}"
    return json.dumps(rec, ensure_ascii=False)


def write_jsonl(path, lines):
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_a_long_input_forgets_what_it_has_stored_and_still_stores_each_text_once(tmp_path, monkeypatch):
    # batches of two: the repeats below come batches after their first copy was stored, so only the archive
    # (not the run's memory of texts in flight) can tell they are known
    import svodka.archive as archive_module
    monkeypatch.setattr(archive_module, "BATCH", 2)
    stub = load_stub(tmp_path)
    src = write_jsonl(tmp_path / "a.jsonl", [article_line(i) for i in range(8)] + [
        article_line(20, url=False),
        article_line(1),                     # the same post, long after it was stored: already stored
        *(article_line(i) for i in range(30, 36)),
        json.dumps({**json.loads(article_line(20, url=False)), "id": "n20-copy"}, ensure_ascii=False),
    ])                                       # the same text under another id, no URL: a duplicate
    with Archive(tmp_path / "a.db", analyzer=stub.stub_analyzer) as a:
        r = a.ingest([str(src)])
        assert (r.new, r.stored, r.duplicates, r.failed) == (15, 1, 1, 0)
        assert a.store.conn.execute("SELECT COUNT(*) FROM articles").fetchone()[0] == 15


def test_an_archive_that_forgets_its_memory_of_names_links_as_one_that_keeps_it(tmp_path, monkeypatch):
    # the store's memory of entity keys and name ids is bounded; dropping it every batch must change no link
    import svodka.archive as archive_module
    from svodka.store import identity, sql
    monkeypatch.setattr(archive_module, "BATCH", 2)
    stub = load_stub(tmp_path)
    lines = [article_line(i) for i in range(6)] + [
        json.dumps({"id": f"x{i}", "text": f"Сообщение {i}\n\nАнтон Смирнов и Олег Кузин встретились. Позже Смирнов "
                    f"и Кузин уехали. «Итог {i} хороший», — сказал Кузин.", "published": f"2024-05-0{i}T10:00:00"},
                   ensure_ascii=False) for i in range(1, 6)]
    src = write_jsonl(tmp_path / "a.jsonl", lines)

    def stored(db, held):
        monkeypatch.setattr(identity, "HELD", held)
        monkeypatch.setattr(sql, "NAMES_HELD", held)
        with Archive(tmp_path / db, analyzer=stub.stub_analyzer) as a:
            assert a.ingest([str(src)]).new == 11
            conn = a.store.conn
            return [sorted(conn.execute(f"SELECT * FROM {t}").fetchall())
                    for t in ("entities", "entity_keys", "entity_forms", "names", "quotes")]

    kept, forgotten = stored("kept.db", 10**9), stored("forgotten.db", 1)
    assert kept == forgotten and len(kept[0]) >= 4


def test_ingest_counts_new_duplicates_updates_and_failures(tmp_path):
    stub = load_stub(tmp_path)
    src = write_jsonl(tmp_path / "a.jsonl", [article_line(i) for i in range(10)] + [
        article_line(3),                     # the same article again
        article_line(20, url=False),
        article_line(20, url=False),         # same text, no URL
        "{broken json",
        json.dumps({"id": "bad", "text": "ОТРАВА для модели"}, ensure_ascii=False),
    ])
    with Archive(tmp_path / "a.db", analyzer=stub.stub_analyzer) as a:
        r = a.ingest([str(src)])
        assert (r.new, r.updated, r.duplicates, r.failed) == (11, 0, 2, 2)
        origins = sorted(f.origin for f in r.failures)
        assert origins == [f"{src}:14", f"{src}:15"]
        assert any("malformed JSON" in f.reason for f in r.failures)
        assert any("analysis failed" in f.reason and "choked" in f.reason for f in r.failures)
        # rerun: everything is already there
        r = a.ingest([str(src)])
        assert (r.new, r.updated, r.stored, r.duplicates, r.failed) == (0, 0, 13, 0, 2)
        # a changed text at a known URL replaces the old analysis
        changed = write_jsonl(tmp_path / "b.jsonl", [article_line(3, extra=" Добавлено позже.")])
        r = a.ingest([str(changed)])
        assert (r.new, r.updated) == (0, 1)
        assert a.stats()["articles"] == 11
        assert [h.article.id for h in a.search("добавлено")] == ["n3"]
        qs = a.quotes(speaker="Иванова")
        assert len(qs) == 11 and len({q.article.key for q in qs}) == 11


def test_progress_is_reported_per_article(tmp_path):
    stub = load_stub(tmp_path)
    src = write_jsonl(tmp_path / "a.jsonl", [article_line(i) for i in range(5)])
    seen = []
    with Archive(tmp_path / "a.db", analyzer=stub.stub_analyzer) as a:
        a.ingest([str(src)], progress=lambda r: seen.append(r.seen))
    assert len(seen) == 5 and seen == sorted(seen) and seen[-1] == 5


CRASH_SCRIPT = '''
import sys
sys.path.insert(0, sys.argv[3])
import stubmod
stubmod.SLOW = 0.004
from svodka import archive
archive.BATCH = 16
from svodka.archive import Archive
with Archive(sys.argv[1], analyzer=stubmod.stub_analyzer) as a:
    a.ingest([sys.argv[2]])
'''


def dump(db):
    """Everything an archive holds, independent of row ids and batch boundaries."""
    c = sqlite3.connect(db)
    arts = sorted((ext, h, json.dumps(json.loads(zlib.decompress(an)), sort_keys=True))
                  for ext, h, an in c.execute("SELECT ext_id, text_hash, analysis FROM articles"))
    quotes = sorted(c.execute("SELECT a.ext_id, q.start, q.text, n.name, e.key FROM quotes q JOIN articles a "
                              "ON a.id = q.article_id LEFT JOIN names n ON n.id = q.speaker_name_id "
                              "LEFT JOIN entities e ON e.id = q.entity_id"))
    forms = sorted(c.execute("SELECT e.key, n.name, SUM(f.n) FROM entity_forms f JOIN entities e ON e.id = f.entity_id "
                             "JOIN names n ON n.id = f.name_id GROUP BY 1, 2"))
    fts = [c.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0] for t in ("articles_fts", "quotes_fts")]
    c.close()
    return arts, quotes, forms, fts


def check_integrity(db):
    c = sqlite3.connect(db)
    assert c.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert not c.execute("PRAGMA foreign_key_check").fetchall()
    for t in ("articles_fts", "quotes_fts", "names_fts"):
        c.execute(f"INSERT INTO {t}({t}) VALUES ('integrity-check')")
    kept = set(c.execute("SELECT entity_id, mentions, articles FROM entity_counts WHERE articles > 0"))
    assert kept == set(c.execute("SELECT entity_id, SUM(mentions), COUNT(*) FROM article_entities GROUP BY entity_id"))
    c.close()


def test_sigkill_mid_ingest_leaves_a_consistent_archive_that_resumes(tmp_path):
    stub = load_stub(tmp_path)
    n = 300
    src = write_jsonl(tmp_path / "many.jsonl", [article_line(i, url=i % 2 == 0) for i in range(n)])
    with Archive(tmp_path / "ref.db", analyzer=stub.stub_analyzer) as a:
        a.ingest([str(src)])
    db = tmp_path / "crash.db"
    script = tmp_path / "crash.py"
    script.write_text(CRASH_SCRIPT, encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    kills = 0
    for _ in range(2):  # kill it twice at different moments, resuming in between
        proc = subprocess.Popen([sys.executable, str(script), str(db), str(src), str(tmp_path)], env=env)
        before = _count(db)
        deadline = time.time() + 60
        while time.time() < deadline and _count(db) < before + 40 and proc.poll() is None:
            time.sleep(0.02)
        if proc.poll() is None:
            proc.send_signal(signal.SIGKILL)
            kills += 1
        proc.wait()
        check_integrity(db)
        assert 0 < _count(db) < n or proc.returncode == 0
    assert kills >= 1
    with Archive(db, analyzer=stub.stub_analyzer) as a:
        r = a.ingest([str(src)])
    assert r.failed == 0 and r.new + r.stored == n and r.new < n
    check_integrity(db)
    assert dump(db) == dump(tmp_path / "ref.db")


def _count(db):
    if not os.path.exists(db):
        return 0
    try:
        c = sqlite3.connect(db, timeout=5)
        try:
            return c.execute("SELECT COUNT(*) FROM articles").fetchone()[0]
        finally:
            c.close()
    except sqlite3.OperationalError:  # schema not created yet
        return 0


# --- the CLI, with the real models ---------------------------------------------------------------------------

runner = CliRunner()

ARTICLES = [
    ("Токаев провел переговоры с Мирзиёевым\n\n18:40 02/04/2024\n\n"
     "Президент Казахстана Касым-Жомарт Токаев провел переговоры с президентом Узбекистана Шавкатом Мирзиёевым. "
     "«Мы договорились о строительстве новой гидроэлектростанции», — сказал Токаев."),
    ("Путин встретился с Токаевым\n\n10:00 05/05/2021\n\n"
     "Президент России Владимир Путин встретился в Москве с Касым-Жомартом Токаевым. Путин заявил, что "
     "переговоры прошли в дружеской атмосфере."),
]


def test_cli_ingest_then_query(tmp_path, models):
    for i, text in enumerate(ARTICLES):
        (tmp_path / f"a{i}.txt").write_text(text, encoding="utf-8")
    (tmp_path / "empty.txt").write_text("", encoding="utf-8")
    db = str(tmp_path / "x.db")
    res = runner.invoke(app, ["ingest", str(tmp_path), "--db", db])
    assert res.exit_code == 0, res.output
    assert "2 new, 0 updated, 0 already stored, 0 duplicates of other posts, 0 new appearances in other " \
        "channels, 1 failed" in res.stderr
    assert "empty.txt: empty article" in res.stderr
    res = runner.invoke(app, ["ingest", str(tmp_path / "a0.txt"), "--db", db])
    assert "0 new, 0 updated, 1 already stored, 0 duplicates of other posts" in res.stderr

    res = runner.invoke(app, ["search", "Токаева", "--db", db, "--format", "jsonl"])
    assert res.exit_code == 0, res.output
    assert {json.loads(line)["article_id"] for line in res.stdout.splitlines()} == {"a0", "a1"}
    res = runner.invoke(app, ["search", "переговорах", "--db", db])
    assert res.exit_code == 0 and "Токаев" in res.stdout

    res = runner.invoke(app, ["entities", "--type", "PER", "--db", db, "--format", "csv"])
    assert res.exit_code == 0
    header, *rows = res.stdout.splitlines()
    assert header == "id,type,name,mentions,articles" and any("Касым-Жомарт Токаев" in r for r in rows)

    res = runner.invoke(app, ["entity", "Токаеву", "--db", db])
    assert res.exit_code == 0, res.output
    assert "Касым-Жомарт Токаев" in res.stdout and "2021-05" in res.stdout and "2024-04" in res.stdout
    res = runner.invoke(app, ["entity", "Наполеон", "--db", db])
    assert res.exit_code == 1

    res = runner.invoke(app, ["quotes", "--db", db, "--since", "2020-01-01", "--format", "jsonl"])
    assert res.exit_code == 0
    res = runner.invoke(app, ["quotes", "--db", db, "--since", "вчера"])
    assert res.exit_code == 2 and "YYYY-MM-DD" in res.stderr

    res = runner.invoke(app, ["export", "articles", "--db", db, "--format", "csv"])
    assert res.exit_code == 0 and res.stdout.startswith("key,id,title,published")
    out = tmp_path / "e.jsonl"
    res = runner.invoke(app, ["export", "entities", "--db", db, "-o", str(out)])
    assert res.exit_code == 0 and out.read_text(encoding="utf-8").count("\n") >= 3


def test_cli_query_on_a_missing_archive_says_so(tmp_path):
    res = runner.invoke(app, ["search", "газ", "--db", str(tmp_path / "nope.db")])
    assert res.exit_code == 2 and "no archive at" in res.stderr
    assert not (tmp_path / "nope.db").exists()
