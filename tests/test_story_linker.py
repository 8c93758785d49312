"""The story linker (stories/linker.py): its features, its training on gold days, its model file, and that the
stream, the store's placing and batch clustering all ask it. The posts were written for these tests."""
from collections import Counter
from datetime import datetime, timedelta, timezone

import pytest

from svodka.model import Article
from svodka.stories import cluster_stories, document
from svodka.stories.linker import (FEATURES, JOIN, StoryLinker, StoryLinkerError, fit, story_row, training_rows,
                                   use_linker)
from svodka.stories.online import neighbour, encode_vector, encode_entities, place
from svodka.stories.stream import StoryStream, tfidf

T0 = datetime(2025, 4, 2, 9, 0, tzinfo=timezone(timedelta(hours=3)))

FIRE = ["В Заречном горит склад бумаги на улице Садовой, пожару присвоен второй ранг.",
        "Пожар на складе бумаги в Заречном: на Садовой работают восемь расчётов.",
        "Пожар на складе бумаги на Садовой в Заречном потушен, пострадавших нет."]
# another fire of the same town and day: a story of its own, which the fire reports' words reach
GARAGE = "В Заречном ночью сгорел гараж на улице Лесной, пожар потушили за час."
MATCH = ["Футбольный клуб «Сокол» обыграл «Вымпел» со счётом 2:1 в матче первой лиги.",
         "«Сокол» победил «Вымпел» 2:1: решающий гол забил Кирилл Бобров на последней минуте."]


def _doc(pid, text, minutes):
    return document(Article(id=pid, text=text, source="Канал", published=T0 + timedelta(minutes=minutes)))


def _day():
    docs = [_doc(f"f{i}", t, 20 * i) for i, t in enumerate(FIRE)] + \
           [_doc(f"m{i}", t, 30 + 25 * i) for i, t in enumerate(MATCH)] + [_doc("g0", GARAGE, 300)]
    gold = {d.id: d.id[0] for d in docs}
    return docs, gold


class _Member:
    def __init__(self, vector, entities, published):
        self.vector, self.entities, self.published = vector, entities, published


def test_story_row_reads_likeness_names_size_and_hours_to_the_nearest_member():
    a = _Member({"склад": 0.8, "пожар": 0.6}, {"заречный"}, datetime(2025, 4, 2, 6, 0))  # naive UTC, as stored
    b = _Member({"матч": 1.0}, set(), datetime(2025, 4, 2, 8, 0))
    # a post of 12:00 Moscow time is 09:00 UTC: an hour after the nearest member (read as 12:00 it would be four)
    row = story_row({"склад": 0.6, "пожар": 0.8}, {"заречный", "садовая"}, T0.replace(hour=12), [a, b])
    got = dict(zip(FEATURES, row))
    assert got["best_cosine"] == pytest.approx(0.96)
    assert got["best_entity_jaccard"] == pytest.approx(0.5)
    assert got["shared_entities"] == 1 and got["entities"] == 2 and got["story_size"] == 2
    assert got["log_hours_nearest"] == pytest.approx(0.6931, abs=1e-3)  # log1p(1): 09:00 UTC − 08:00 UTC
    assert got["log_hours_first"] == pytest.approx(1.3863, abs=1e-3)  # log1p(3): 09:00 UTC − 06:00 UTC
    # a late post, stored before one of its story: the nearest member in time, whichever side
    late = story_row({"пожар": 1.0}, set(), T0.replace(hour=8), [a, b])
    assert dict(zip(FEATURES, late))["log_hours_nearest"] == pytest.approx(0.6931, abs=1e-3)  # 05:00 → 06:00


def test_training_rows_label_the_gold_story_among_the_candidates():
    docs, gold = _day()
    rows = training_rows(docs, gold)
    assert rows and all(len(r) == len(FEATURES) for r, _ in rows)
    positives = [r for r, y in rows if y]
    # the second and third fire reports each meet the fire story; the second match report meets its story; the
    # garage fire meets the fire story as a negative
    assert len(positives) == 3 and len(rows) == 4
    assert all(dict(zip(FEATURES, r))["best_cosine"] > 0 for r in positives)


def _linker_of(docs, gold, copies=30):
    rows = training_rows(docs, gold) * copies  # enough rows for the booster's leaves
    return fit(rows)


def test_a_trained_linker_groups_its_day_and_round_trips_through_its_file(tmp_path):
    docs, gold = _day()
    linker = _linker_of(docs, gold)
    stories = {frozenset(s.members) for s in cluster_stories(docs, linker=linker)}
    assert stories == {frozenset({"f0", "f1", "f2"}), frozenset({"m0", "m1"}), frozenset({"g0"})}
    path = tmp_path / "linker.json.gz"
    linker.save(path)
    again = StoryLinker.load(path)
    assert again.to_bytes() == linker.to_bytes()
    assert {frozenset(s.members) for s in cluster_stories(docs, linker=again)} == stories


def test_the_linker_joins_only_above_even_chance():
    class Fixed(StoryLinker):
        def __init__(self, scores):
            self._s = scores

        def scores(self, rows):
            return self._s[:len(rows)]

    assert Fixed([0.2, 0.7, 0.7]).choose([[0.0]] * 3) == 1  # the first of equals
    assert Fixed([JOIN, 0.1]).choose([[0.0]] * 2) is None
    assert Fixed([]).choose([]) is None


def test_stream_and_store_placing_ask_the_same_linker():
    docs, gold = _day()
    linker = _linker_of(docs, gold)
    ordered = sorted(docs, key=lambda d: d.published)
    df = Counter(t for d in docs for t in set(d.lemmas))
    stream = StoryStream(df, len(docs), linker=linker)
    window, stored = [], {}
    for key, d in enumerate(ordered):
        s = stream.add(d)
        placed = place(d, df, len(docs), window, linker=linker, sig=None)
        story = placed.story if placed.story is not None else key
        stored[d.id] = story
        window.append(neighbour(key, story, None, encode_vector(tfidf(d.lemmas, df, len(docs))),
                                encode_entities(d.entities), None,
                                d.published.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%S")))
        assert (story == stored[ordered[0].id]) == (s == stream.seen[ordered[0].id].story)


def test_a_damaged_linker_file_is_named(tmp_path):
    bad = tmp_path / "broken.json.gz"
    bad.write_bytes(b"not a model")
    with pytest.raises(StoryLinkerError, match="broken.json.gz"):
        StoryLinker.load(bad)


def test_nothing_to_learn_from_is_an_error():
    with pytest.raises(ValueError, match="nothing to learn"):
        fit([([0.0] * len(FEATURES), 0)])


def test_train_and_cross_validate_from_the_command_line(tmp_path):
    import json

    from typer.testing import CliRunner

    from svodka.cli import app

    posts, days = [], []
    for n, day in enumerate(("2025-04-02", "2025-04-03")):
        gold = []
        texts = [(f"f{i}", t, 9, 20 * i) for i, t in enumerate(FIRE)] + [("g0", GARAGE, 14, 0)] + \
                [(f"m{i}", t, 10, 25 * i) for i, t in enumerate(MATCH)]
        for pid, text, hour, minute in texts:
            pid = f"{pid}-{n}"
            posts.append({"id": pid, "text": text, "source": "Канал",
                          "published": f"{day}T{hour:02d}:{minute:02d}:00+03:00"})
            gold.append({"id": pid, "story": pid[0], "dup": None})
        path = tmp_path / f"gold-{day}.jsonl"
        path.write_text("\n".join(json.dumps(g, ensure_ascii=False) for g in gold) + "\n", encoding="utf-8")
        days += ["--gold", str(path)]
    p = tmp_path / "posts.jsonl"
    p.write_text("\n".join(json.dumps(x, ensure_ascii=False) for x in posts) + "\n", encoding="utf-8")
    model = tmp_path / "linker.json.gz"
    runner = CliRunner()
    got = runner.invoke(app, ["train", "stories", *days, "--posts", str(p), "--out", str(model)])
    assert got.exit_code == 0, got.output
    assert model.exists() and StoryLinker.load(model).meta["days"] == 2
    try:
        got = runner.invoke(app, ["--story-linker", str(model), "eval", "stories", "--cv", *days, "--posts", str(p)])
    finally:
        use_linker(None)  # the option sets the process's linker: the shipped one for the tests after this
    assert got.exit_code == 0, got.output
    assert "linker of the other days" in got.output and "over the days" in got.output
    bad = tmp_path / "bad.json.gz"
    bad.write_bytes(b"{}")
    got = runner.invoke(app, ["--story-linker", str(bad), "eval", "stories", *days, "--posts", str(p)])
    assert got.exit_code == 2 and "bad.json.gz" in got.output


def test_an_unusable_shipped_linker_stops_ingest_with_the_file_named(tmp_path, monkeypatch):
    from typer.testing import CliRunner

    from svodka.cli import app
    from svodka.stories import linker as linker_module

    def broken():
        raise StoryLinkerError("svodka/data/story_linker.json.gz: not a svodka story linker (corrupt)")

    monkeypatch.setattr(linker_module, "_default", linker_module.boosterfile.Default(broken))
    src = tmp_path / "a.txt"
    src.write_text("В Заречном горит склад бумаги на улице Садовой.", encoding="utf-8")
    db = tmp_path / "a.db"
    got = CliRunner().invoke(app, ["ingest", str(src), "--db", str(db)])
    assert got.exit_code == 2
    assert "story_linker.json.gz" in got.output and "Traceback" not in got.output
    assert not db.exists()  # stopped before the archive was created


def test_eval_stories_stored_ingests_with_the_runs_knowledge(tmp_path, monkeypatch, models):
    """--stored ingests the posts as `svodka ingest` would: with the run's roles file (and lexicon, models)."""
    import json

    from typer.testing import CliRunner

    from svodka.archive import Archive
    from svodka.cli import app

    seen = []
    real = Archive.__init__

    def spy(self, *args, knowledge=None, **kw):
        seen.append(knowledge)
        real(self, *args, knowledge=knowledge, **kw)

    monkeypatch.setattr(Archive, "__init__", spy)
    posts = [{"id": f"p{i}", "text": t, "source": "Канал", "published": f"2025-04-02T{9 + i:02d}:00:00+03:00"}
             for i, t in enumerate(FIRE)]
    p = tmp_path / "posts.jsonl"
    p.write_text("\n".join(json.dumps(x, ensure_ascii=False) for x in posts) + "\n", encoding="utf-8")
    gold = tmp_path / "gold-2025-04-02.jsonl"
    gold.write_text("\n".join(json.dumps({"id": x["id"], "story": "f", "dup": None}) for x in posts) + "\n",
                    encoding="utf-8")
    roles = tmp_path / "roles.toml"
    roles.write_text('[[role]]\ntitle = "мэр Лесогорска"\nholders = [ { name = "Пётр Ветров", from = "2020-01-01" } ]\n',
                     encoding="utf-8")
    got = CliRunner().invoke(app, ["--roles", str(roles), "eval", "stories", "--stored", "--gold", str(gold),
                                   "--posts", str(p)])
    assert got.exit_code == 0, got.output
    assert seen and seen[0] is not None and seen[0].roles.holder("мэр Лесогорска", None) == "Пётр Ветров"


def test_train_and_eval_stories_analyse_the_days_with_the_runs_knowledge(tmp_path, monkeypatch, models):
    import importlib
    import json

    from typer.testing import CliRunner

    from svodka.cli import app

    analyze_module = importlib.import_module("svodka.analyze")  # the package exports a function of that name
    seen = []
    real = analyze_module.analyze_many

    def spy(articles, *args, knowledge=None, **kw):
        seen.append(knowledge)
        return real(articles, *args, knowledge=knowledge, **kw)

    monkeypatch.setattr(analyze_module, "analyze_many", spy)
    texts = [(f"f{i}", t) for i, t in enumerate(FIRE)] + [("g0", GARAGE)] + [(f"m{i}", t) for i, t in enumerate(MATCH)]
    posts = [{"id": pid, "text": t, "source": "Канал", "published": f"2025-04-02T{9 + n // 2:02d}:{30 * (n % 2):02d}:00+03:00"}
             for n, (pid, t) in enumerate(texts)]
    p = tmp_path / "posts.jsonl"
    p.write_text("\n".join(json.dumps(x, ensure_ascii=False) for x in posts) + "\n", encoding="utf-8")
    gold = tmp_path / "gold-2025-04-02.jsonl"
    gold.write_text("\n".join(json.dumps({"id": x["id"], "story": x["id"][0], "dup": None}) for x in posts) + "\n",
                    encoding="utf-8")
    roles = tmp_path / "roles.toml"
    roles.write_text('[[role]]\ntitle = "мэр Лесогорска"\nholders = [ { name = "Пётр Ветров", from = "2020-01-01" } ]\n',
                     encoding="utf-8")
    runner = CliRunner()
    for args in (["train", "stories", "--gold", str(gold), "--posts", str(p), "--out", str(tmp_path / "l.json.gz")],
                 ["eval", "stories", "--gold", str(gold), "--posts", str(p)]):
        seen.clear()
        got = runner.invoke(app, ["--roles", str(roles), *args])
        assert got.exit_code == 0, got.output
        assert seen and all(k is not None and k.roles.holder("мэр Лесогорска", None) == "Пётр Ветров" for k in seen)
