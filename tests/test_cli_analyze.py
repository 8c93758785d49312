import json

from typer.testing import CliRunner

from svodka.cli import app

runner = CliRunner()

ARTICLE = ("Пашинян встретился с Алиевым в Праге\n\n12:00 05/10/2023\n\n"
           "Премьер-министр Армении Никол Пашинян и президент Азербайджана Ильхам Алиев "
           "провели встречу в Праге. Пашинян назвал переговоры полезными.\n")


def test_jsonl_output_keeps_ids_and_schema(tmp_path, models):
    (tmp_path / "prague.txt").write_text(ARTICLE, encoding="utf-8")
    jl = tmp_path / "in.jsonl"
    jl.write_text(json.dumps({"id": "x-1", "text": "Сергей Лавров прибыл в Анкару.", "published": "2024-01-02"},
                             ensure_ascii=False) + "\n", encoding="utf-8")
    res = runner.invoke(app, ["analyze", str(tmp_path / "prague.txt"), str(jl), "--format", "jsonl"])
    assert res.exit_code == 0, res.output
    rows = [json.loads(line) for line in res.stdout.splitlines()]
    assert [r["id"] for r in rows] == ["prague", "x-1"]
    assert rows[0]["published"] == "2023-10-05T12:00:00"
    assert set(rows[0]) >= {"id", "title", "published", "entities", "quotes", "dates", "figures"}
    pash = [e for e in rows[0]["entities"] if e["name"] == "Никол Пашинян"]
    assert pash and len(pash[0]["mentions"]) >= 2
    assert rows[1]["published"] == "2024-01-02T00:00:00"


def test_table_output_shows_title_time_and_entities(tmp_path, models):
    (tmp_path / "prague.txt").write_text(ARTICLE, encoding="utf-8")
    res = runner.invoke(app, ["analyze", str(tmp_path / "prague.txt")])
    assert res.exit_code == 0, res.output
    assert "Пашинян встретился с Алиевым в Праге" in res.stdout
    assert "2023-10-05 12:00" in res.stdout
    assert "Никол Пашинян" in res.stdout and "Ильхам Алиев" in res.stdout


def test_one_bad_input_is_reported_and_the_others_are_analysed(tmp_path, models):
    (tmp_path / "good.txt").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "empty.txt").write_text("", encoding="utf-8")
    (tmp_path / "bad.jsonl").write_text('{"id": 1, "text": "Путин прибыл в Казань."}\n{oops\n', encoding="utf-8")
    res = runner.invoke(app, ["analyze", str(tmp_path), "-f", "jsonl"])
    assert res.exit_code == 0
    ids = [json.loads(line)["id"] for line in res.stdout.splitlines()]
    assert ids == ["1", "good"]
    assert f"{tmp_path / 'bad.jsonl'}:2: malformed JSON" in res.stderr
    assert "empty.txt: empty article" in res.stderr


def test_nothing_analysable_exits_non_zero(tmp_path):
    (tmp_path / "empty.txt").write_text("  \n", encoding="utf-8")
    res = runner.invoke(app, ["analyze", str(tmp_path / "empty.txt")])
    assert res.exit_code == 1
    assert "nothing could be analysed" in res.stderr


def test_stdin(models):
    res = runner.invoke(app, ["analyze", "-", "-f", "jsonl"], input=ARTICLE)
    assert res.exit_code == 0, res.output
    assert json.loads(res.stdout)["title"] == "Пашинян встретился с Алиевым в Праге"


def test_help_has_examples():
    res = runner.invoke(app, ["analyze", "--help"])
    assert res.exit_code == 0
    assert "svodka analyze" in res.stdout and "--format" in res.stdout


def test_an_article_whose_analysis_fails_is_reported_and_skipped(tmp_path, models, monkeypatch):
    import importlib

    an = importlib.import_module("svodka.analyze")  # the module, not the function svodka exports

    real = an._Draft.quote_input

    def flaky(draft):
        if draft.article.id == "boom":
            raise RuntimeError("simulated failure")
        return real(draft)

    monkeypatch.setattr(an._Draft, "quote_input", flaky)
    (tmp_path / "boom.txt").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "fine.txt").write_text(ARTICLE, encoding="utf-8")
    res = runner.invoke(app, ["analyze", str(tmp_path), "-f", "jsonl"])
    assert res.exit_code == 0
    assert [json.loads(line)["id"] for line in res.stdout.splitlines()] == ["fine"]
    assert "boom.txt: analysis failed (RuntimeError: simulated failure); skipped" in res.stderr
