"""The learned quote model: its file (clear errors, never a silent fallback), reproducible training, the
cross-validation command and a user's own model, on a few invented articles."""
from __future__ import annotations

import gzip
import json

import pytest
from typer.testing import CliRunner

from svodka import analyze
from svodka.cli import app
from svodka.ingest import article_from_text
from svodka.quotemodel import QuoteModel, QuoteModelError

runner = CliRunner()


@pytest.fixture(autouse=True)
def shipped_model_afterwards():
    # a test that sets the process default model (set_default_model) must not leave it to the others
    yield
    from svodka.quotemodel.model import set_default_model
    set_default_model(None)

# (text, [(kind, quote text, speaker, cue)]) — invented agency-style articles
ARTICLES = [
    ("Глава Минтранса Олег Сомов заявил, что новый мост через Обь откроют в декабре. "
     "«Мы успеваем в срок, подрядчик работает в три смены», — сказал Сомов журналистам.\n",
     [("indirect", "новый мост через Обь откроют в декабре", "Олег Сомов", "заявил"),
      ("direct", "Мы успеваем в срок, подрядчик работает в три смены", "Олег Сомов", "сказал")]),
    ("Мэр Тулы Анна Белова сообщила, что летом в городе отремонтируют сорок дворов. "
     "По словам Беловой, деньги на ремонт уже выделены из областного бюджета.\n",
     [("indirect", "летом в городе отремонтируют сорок дворов", "Анна Белова", "сообщила"),
      ("indirect", "деньги на ремонт уже выделены из областного бюджета", "Анна Белова", "По словам")]),
    ("Губернатор Игорь Лавров встретился с фермерами в Калуге. «Урожай в этом году будет выше прошлогоднего», "
     "— отметил Лавров. Фермер Пётр Зуев рассказал, что цены на топливо выросли почти на треть.\n",
     [("direct", "Урожай в этом году будет выше прошлогоднего", "Игорь Лавров", "отметил"),
      ("indirect", "цены на топливо выросли почти на треть", "Пётр Зуев", "рассказал")]),
    ("Министр спорта Виктор Орлов считает, что сборная готова к чемпионату. Тренер Илья Ким добавил, что "
     "состав команды объявят в пятницу. «Ребята в отличной форме», — сказал Ким.\n",
     [("indirect", "сборная готова к чемпионату", "Виктор Орлов", "считает"),
      ("indirect", "состав команды объявят в пятницу", "Илья Ким", "добавил"),
      ("direct", "Ребята в отличной форме", "Илья Ким", "сказал")]),
    ("В Самаре открылся новый парк. Директор парка Мария Ляхова пояснила, что вход будет бесплатным. "
     "«Мы ждём горожан каждый день», — сказала Ляхова.\n",
     [("indirect", "вход будет бесплатным", "Мария Ляхова", "пояснила"),
      ("direct", "Мы ждём горожан каждый день", "Мария Ляхова", "сказала")]),
    ("Компания «Северный ветер» выпустила новый самолёт. Её глава Денис Громов заявил, что первые рейсы "
     "начнутся весной. Эксперт Ольга Титова уверена, что спрос на билеты будет высоким.\n",
     [("indirect", "первые рейсы начнутся весной", "Денис Громов", "заявил"),
      ("indirect", "спрос на билеты будет высоким", "Ольга Титова", "уверена")]),
]


def gold_line(n: int, text: str, quotes) -> str:
    qs = []
    for kind, q, speaker, cue in quotes:
        start = text.index(q)
        qs.append({"kind": kind, "start": start, "end": start + len(q), "text": q, "speaker": speaker,
                   "speaker_type": "person", "cue": cue})
    return json.dumps({"id": f"inv-{n}", "text": text, "quotes": qs}, ensure_ascii=False)


@pytest.fixture(scope="module")
def gold(tmp_path_factory):
    path = tmp_path_factory.mktemp("gold") / "gold.jsonl"
    # three copies under other ids give the boosters enough rows to split on
    lines = [gold_line(n + 100 * k, t, q) for k in range(3) for n, (t, q) in enumerate(ARTICLES)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def trained(gold, tmp_path_factory, models):
    out = tmp_path_factory.mktemp("model") / "m.json.gz"
    res = runner.invoke(app, ["train", "quotes", "--gold", str(gold), "--out", str(out)])
    assert res.exit_code == 0, res.output
    return out


def test_training_is_reproducible_byte_for_byte(gold, trained, tmp_path):
    again = tmp_path / "again.json.gz"
    res = runner.invoke(app, ["train", "quotes", "--gold", str(gold), "--out", str(again)])
    assert res.exit_code == 0, res.output
    assert again.read_bytes() == trained.read_bytes()


def test_a_trained_model_loads_and_extracts(trained):
    model = QuoteModel.load(trained)
    an = analyze(article_from_text("Директор завода Павел Кротов заявил, что цех запустят в мае.\n", "x", "t"),
                 quote_model=model)
    assert [(q.kind, q.text, q.speaker) for q in an.quotes] == [
        ("indirect", "цех запустят в мае", "Павел Кротов")]


def test_the_user_model_is_used_by_the_cli(trained, tmp_path):
    art = tmp_path / "a.txt"
    art.write_text("Директор завода Павел Кротов заявил, что цех запустят в мае.\n", encoding="utf-8")
    res = runner.invoke(app, ["--quotes-model", str(trained), "analyze", str(art), "-f", "jsonl"])
    assert res.exit_code == 0, res.output
    assert json.loads(res.stdout.splitlines()[0])["quotes"][0]["speaker"] == "Павел Кротов"


def test_the_shipped_model_loads():
    model = QuoteModel.load()
    assert model.meta["articles"] > 100 and model.vocab


def _write_model(tmp_path, mutate) -> str:
    data = json.loads(gzip.decompress(QuoteModel.load().to_bytes()))
    mutate(data)
    path = tmp_path / "m.json.gz"
    path.write_bytes(gzip.compress(json.dumps(data).encode()))
    return str(path)


@pytest.mark.parametrize("mutate, message", [
    (lambda d: d.update(version=99), "format version 99"),
    (lambda d: d.update(format="something-else"), "not a svodka quote model"),
    (lambda d: d["quote_features"].append("extra"), "other features"),
    (lambda d: d.update(quote_model="tree\nnonsense"), "cannot be read"),
])
def test_a_model_from_another_version_or_damaged_is_refused_naming_the_file(tmp_path, mutate, message):
    path = _write_model(tmp_path, mutate)
    with pytest.raises(QuoteModelError, match=message) as e:
        QuoteModel.load(path)
    assert path in str(e.value)


def test_a_corrupt_or_missing_model_file_is_a_clear_error(tmp_path):
    bad = tmp_path / "bad.json.gz"
    bad.write_bytes(b"\x1f\x8b\x08\x00garbage")
    with pytest.raises(QuoteModelError, match="corrupt"):
        QuoteModel.load(bad)
    with pytest.raises(QuoteModelError, match="cannot read"):
        QuoteModel.load(tmp_path / "absent.json.gz")


def test_the_cli_stops_on_a_bad_model_before_any_article(tmp_path):
    bad = tmp_path / "bad.json.gz"
    bad.write_text("{}", encoding="utf-8")
    art = tmp_path / "a.txt"
    art.write_text("Мэр заявил, что мост откроют.\n", encoding="utf-8")
    res = runner.invoke(app, ["--quotes-model", str(bad), "analyze", str(art)])
    assert res.exit_code == 2
    assert "bad.json.gz" in res.output and "not a svodka quote model" in res.output


def test_cross_validation_scores_every_article_out_of_fold(gold):
    res = runner.invoke(app, ["eval", "quotes", "--cv", "3", "--gold", str(gold)])
    assert res.exit_code == 0, res.output
    assert "trained on the other 2 folds" in res.output
    assert "direct" in res.output and "indirect" in res.output


def test_cross_validation_runs_once_per_fold_seed(gold):
    res = runner.invoke(app, ["eval", "quotes", "--cv", "3", "--seed", "1", "--seed", "2", "--gold", str(gold)])
    assert res.exit_code == 0, res.output
    assert "folds dealt with seed 1" in res.output and "folds dealt with seed 2" in res.output
    assert res.output.count("trained on the other 2 folds") == 2


def test_cross_validation_keeps_an_article_and_its_copies_in_one_fold(gold, tmp_path, models):
    """A repost (another channel's emoji and sign-off) is the same text: a fold that trained on it would score
    the model on text it has seen. The gold file holds each article three times under other ids."""
    from svodka.cli.eval import _quote_gold
    from svodka.quotemodel.train import copy_groups, featurize_gold, folds

    path = tmp_path / "with-repost.jsonl"
    repost = json.dumps({"id": "repost", "text": "⚡️ " + ARTICLES[0][0] + "\nПодписывайтесь на наш канал, чтобы "
                         "не пропустить главное за день.\n", "quotes": []}, ensure_ascii=False)
    path.write_text(gold.read_text(encoding="utf-8") + repost + "\n", encoding="utf-8")
    examples = featurize_gold(_quote_gold(str(path), ""))
    group = copy_groups(examples)
    assert group["repost"] == group["inv-0"] == group["inv-100"] == group["inv-200"]
    assert len(set(group.values())) == len(ARTICLES)  # different articles stay apart
    for part in folds(examples, 3):
        held = {ex.id for ex in part}
        assert {i for i in group if group[i] in {group[h] for h in held}} == held


def test_cross_validation_needs_two_folds_and_enough_articles(gold, tmp_path):
    assert runner.invoke(app, ["eval", "quotes", "--cv", "1", "--gold", str(gold)]).exit_code == 2
    one = tmp_path / "one.jsonl"
    one.write_text(gold.read_text(encoding="utf-8").splitlines()[0] + "\n", encoding="utf-8")
    res = runner.invoke(app, ["eval", "quotes", "--cv", "5", "--gold", str(one)])
    assert res.exit_code == 2 and "cannot be split" in res.output
    # the gold file's 18 articles are 6 texts, each three times: 6 folds of copies at most
    res = runner.invoke(app, ["eval", "quotes", "--cv", "7", "--gold", str(gold)])
    assert res.exit_code == 2 and "6 distinct texts" in res.output


def test_a_malformed_gold_line_names_the_file_and_line(tmp_path):
    bad = tmp_path / "g.jsonl"
    bad.write_text('{"id": "a", "text": "x", "quotes": []}\n{broken\n', encoding="utf-8")
    res = runner.invoke(app, ["train", "quotes", "--gold", str(bad), "--out", str(tmp_path / "m")])
    assert res.exit_code == 2
    assert f"{bad}:2" in res.output


def test_gold_with_no_quote_to_learn_from_is_refused(tmp_path):
    empty = tmp_path / "g.jsonl"
    empty.write_text('{"id": "a", "text": "Погода в Москве хорошая.", "quotes": []}\n', encoding="utf-8")
    res = runner.invoke(app, ["train", "quotes", "--gold", str(empty), "--out", str(tmp_path / "m")])
    assert res.exit_code == 2 and "nothing to learn from" in res.output


@pytest.fixture()
def unusable_model(monkeypatch):
    """The shipped model as after a change of features or a damaged install: every load refuses it."""
    import svodka.quotemodel.model as qm

    def refuse(cls, path=None):
        raise QuoteModelError("svodka/data/quotes_model.json.gz: not a svodka quote model (test)")
    monkeypatch.setattr(qm.QuoteModel, "load", classmethod(refuse))
    monkeypatch.setattr(qm, "_default", None)


def test_training_does_not_need_the_shipped_model(gold, tmp_path, unusable_model):
    # after a change of features the shipped model no longer loads; retraining must still work
    res = runner.invoke(app, ["train", "quotes", "--gold", str(gold), "--out", str(tmp_path / "m.json.gz")])
    assert res.exit_code == 0, res.output


def test_an_unusable_shipped_model_stops_the_run_once_and_creates_no_archive(tmp_path, unusable_model):
    for n in range(3):
        (tmp_path / f"a{n}.txt").write_text("Мэр Тулы Олег Сомов заявил, что мост откроют в мае.\n", encoding="utf-8")
    res = runner.invoke(app, ["analyze", str(tmp_path)])
    assert res.exit_code == 2 and res.output.count("not a svodka quote model") == 1
    db = tmp_path / "a.db"
    res = runner.invoke(app, ["ingest", str(tmp_path), "--db", str(db)])
    assert res.exit_code == 2 and not db.exists()


def test_analyze_many_does_not_blame_articles_for_a_bad_model(models, unusable_model):
    from svodka import analyze_many

    failed = []
    art = article_from_text("Мэр Тулы Олег Сомов заявил, что мост откроют в мае.\n", "x", "t")
    with pytest.raises(QuoteModelError):
        list(analyze_many([art], on_error=lambda a, e: failed.append(a)))
    assert failed == []
