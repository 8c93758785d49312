"""`svodka batch` on a 2-worker Dask LocalCluster, then `svodka load`: the same archive as `svodka ingest` of
the same 1,000 articles (invented ones: reposts, a broken line and all)."""
import json
import random
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from svodka.cli import app

sys.path.insert(0, str(Path(__file__).parents[1] / "benchmarks"))
from kill_test import dump  # noqa: E402

pytest.importorskip("distributed")

CITIES = ["Твери", "Казани", "Самаре", "Перми", "Омске", "Туле", "Орле", "Курске"]
PEOPLE = ["Иван Петров", "Анна Смирнова", "Олег Морозов", "Мария Белова", "Пётр Зайцев"]
THINGS = ["мост", "школу", "больницу", "стадион", "парк"]


def _posts(n: int) -> list[dict]:
    rng = random.Random(5)
    posts = []
    for i in range(n):
        who, city, what = rng.choice(PEOPLE), rng.choice(CITIES), rng.choice(THINGS)
        text = (f"Губернатор {who} заявил, что в {city} откроют {what} в понедельник. "
                f"По его словам, бюджет проекта составит {rng.randint(2, 90)} млн рублей, а работы начнутся "
                f"{rng.randint(1, 28)} ноября. «Мы выполним обещание», — сказал он. Пост {i}.")
        posts.append({"id": f"p{i}", "source": rng.choice(["Вестник", "Курьер"]), "text": text,
                      "published": f"2024-11-{1 + i % 9:02d}T{8 + i % 12:02d}:00:00+00:00"})
    for k in range(0, n, 97):  # reposts: the same text in another channel
        posts.append({**posts[k], "id": f"r{k}", "source": "Город"})
    return posts


def test_batch_then_load_equals_ingest(tmp_path, monkeypatch):
    src = tmp_path / "in.jsonl"
    posts = _posts(1000)
    src.write_text("\n".join(json.dumps(p, ensure_ascii=False) for p in posts) + "\n{broken\n", encoding="utf-8")
    out, loaded, ref = tmp_path / "out", tmp_path / "loaded.db", tmp_path / "ref.db"
    r = CliRunner().invoke(app, ["batch", str(src), "--out", str(out), "--workers", "2", "--partition", "200"])
    assert r.exit_code == 0, r.output
    assert "1011 articles analysed, 1 failed" in r.output
    import pyarrow.parquet as pq
    quotes = pq.read_table(out / "quotes").to_pylist()
    assert quotes and {"article_id", "speaker", "said_at"} <= set(quotes[0])
    assert pq.read_table(out / "figures").num_rows >= 1000
    with monkeypatch.context() as m:
        # what storing needs was computed on the cluster and written beside the analyses: the writer only writes
        from svodka.store.prepared import Prepared

        def recomputed(*args):
            raise AssertionError("load computed what the batch had prepared")
        m.setattr(Prepared, "of", classmethod(recomputed))
        r = CliRunner().invoke(app, ["load", str(out), "--db", str(loaded)])
    assert r.exit_code == 0, r.output
    r = CliRunner().invoke(app, ["ingest", str(src), "--db", str(ref)])
    assert "1000 new" in r.output and "11 new appearances" in r.output
    assert dump(loaded) == dump(ref)


def test_load_names_a_directory_that_is_not_a_batch(tmp_path):
    r = CliRunner().invoke(app, ["load", str(tmp_path), "--db", str(tmp_path / "x.db")])
    assert r.exit_code == 2 and "svodka batch" in r.output


def test_what_a_batch_prepares_for_storing_reads_back_the_same():
    from svodka.analyze import analyze_many
    from svodka.model import Article
    from svodka.store.prepared import Prepared, from_json, to_json
    arts = [Article(id=p["id"], text=p["text"], source=p["source"]) for p in _posts(3)]
    arts.append(Article(id="short", text="Коротко."))  # too short for a MinHash signature
    for a, an in zip(arts, analyze_many(arts)):
        made = Prepared.of(a, an)
        assert vars(from_json(a, an, to_json(a, an, made))) == vars(made)


def test_load_skips_an_article_whose_prepared_data_is_broken_and_stores_the_rest(tmp_path):
    import pyarrow.parquet as pq
    src = tmp_path / "in.jsonl"
    src.write_text("\n".join(json.dumps(p, ensure_ascii=False) for p in _posts(6)[:6]) + "\n", encoding="utf-8")
    out = tmp_path / "out"
    r = CliRunner().invoke(app, ["batch", str(src), "--out", str(out), "--workers", "1"])
    assert r.exit_code == 0, r.output
    part = sorted((out / "articles").glob("part-*.parquet"))[0]
    table = pq.read_table(part)
    rows = table.to_pylist()
    broken = json.loads(rows[2]["prepared"])
    broken["terms"] = broken["terms"][:1]  # no longer the terms of this analysis' texts
    rows[2]["prepared"] = json.dumps(broken, ensure_ascii=False)
    import pyarrow as pa
    pq.write_table(pa.Table.from_pylist(rows, schema=table.schema), part)
    r = CliRunner().invoke(app, ["load", str(out), "--db", str(tmp_path / "x.db")])
    assert "5 new" in r.output and "1 failed" in r.output, r.output
    assert "p2" in r.output and "prepared terms do not match" in r.output


def test_batch_analyses_with_the_runs_knowledge(tmp_path):
    """--roles (and the other knowledge options) reach the cluster's workers: the title's holder is the speaker."""
    from svodka.analyze import analyze
    from svodka.model import Article
    text = "Мэр Твери заявил журналистам, что новый мост через Волгу откроют к зиме."
    assert analyze(Article(id="m", text=text)).quotes[0].speaker == "мэр Твери"  # the shipped roles
    src = tmp_path / "in.jsonl"
    src.write_text(json.dumps({"id": "m", "text": text, "published": "2024-11-05T09:00:00+00:00"},
                              ensure_ascii=False) + "\n", encoding="utf-8")
    roles = tmp_path / "roles.toml"
    roles.write_text('[[role]]\ntitle = "мэр Твери"\nholders = [ { name = "Пётр Ветров", from = "2020-01-01" } ]\n',
                     encoding="utf-8")
    out = tmp_path / "out"
    r = CliRunner().invoke(app, ["--roles", str(roles), "batch", str(src), "--out", str(out), "--workers", "1"])
    assert r.exit_code == 0, r.output
    import pyarrow.parquet as pq
    assert [q["speaker"] for q in pq.read_table(out / "quotes").to_pylist()] == ["Пётр Ветров"]


def test_load_reads_the_directory_as_it_stores_it(tmp_path, monkeypatch):
    # a batch directory of a million articles must not be held in memory at once: ingest asks for the
    # analyses a batch at a time, and load reads no further ahead than that
    import svodka.archive as archive_module
    from svodka import batch
    from svodka.archive import Archive
    from svodka.model import Analysis, Article
    monkeypatch.setattr(archive_module, "BATCH", 2)
    read = []

    def rows(out):
        for i in range(40):
            read.append(i)
            a = Article(id=f"a{i}", text=f"Новость номер {i}: в городе открыли школу.")
            yield a, Analysis(a.id, None, None), None
    monkeypatch.setattr(batch, "read_articles", rows)
    ahead = []
    with Archive(tmp_path / "a.db") as arc:
        report = batch.load(tmp_path, arc, progress=lambda r: ahead.append(len(read) - r.seen))
        assert report.new == 40 and arc.store.conn.execute("SELECT COUNT(*) FROM articles").fetchone()[0] == 40
    assert max(ahead) <= 3
