"""Scoring dates and figures, and the annotation tool, on invented articles."""
import importlib.util
import json
from dataclasses import replace
from pathlib import Path

import pytest
from typer.testing import CliRunner

from svodka.cli import app
from svodka.eval.dates import score_values
from svodka.model import DateRef, Figure

TEXT = "Вчера инфляция составила 8 %, а в прошлом году цены выросли вдвое."


def _gold(text=TEXT):
    s = text.index("Вчера")
    f = text.index("8 %")
    return {"id": "g1", "text": text, "published": "2024-11-05T09:00:00+00:00",
            "dates": [{"start": s, "end": s + 5, "kind": "date", "first": "2024-11-04", "last": "2024-11-04",
                       "grain": "day", "resolution": "relative"}],
            "figures": [{"start": f, "end": f + 3, "value": 8, "unit": "%", "about": "инфляция", "kind": "level"}]}


def test_a_date_is_right_by_its_days_and_exact_with_its_grain():
    g = _gold()
    right = DateRef(0, 5, "Вчера", "2024-11-04", "2024-11-04", "2024-11-04", "day", "relative")
    coarse = DateRef(0, 5, "Вчера", "2024-W45", "2024-11-04", "2024-11-04", "week", "relative")
    wrong = DateRef(0, 5, "Вчера", "2024-11-03", "2024-11-03", "2024-11-03", "day", "relative")
    for pred, days, exact in ((right, 1, 1), (coarse, 1, 0), (wrong, 0, 0)):
        c = score_values([g], {"g1": ([pred], [])}).counts
        assert (c["days_right"], c["exact_right"], c["dates"]) == (days, exact, 1)
    assert score_values([g], {}).counts["days_right"] == 0  # nothing found is wrong


def test_a_figure_needs_value_unit_and_the_noun_it_measures():
    g = _gold()
    f = TEXT.index("8 %")
    good = Figure(f, f + 3, "8 %", 8.0, "%", about="инфляции")  # any form of the same lemma
    other = Figure(f, f + 3, "8 %", 8.0, "%", about="цена")
    assert score_values([g], {"g1": ([], [good])}).counts["figure_right"] == 1
    c = score_values([g], {"g1": ([], [other])}).counts
    assert (c["figure_right"], c["value_unit_right"]) == (0, 1)


def test_the_measured_noun_is_the_head_of_the_gold_phrase_past_its_adjectives():
    text = "Средняя зарплата в городе выросла до 80 тысяч рублей, а урожай зерна составил 2 млн тонн."
    g = {"id": "g1", "text": text, "published": "2024-11-05T09:00:00+00:00", "dates": []}
    f = text.index("80 тысяч рублей")
    u = text.index("2 млн тонн")
    g["figures"] = [{"start": f, "end": f + 15, "value": 80000, "unit": "RUB", "about": "средняя зарплата"},
                    {"start": u, "end": u + 10, "value": 2e6, "unit": "тонна", "about": "урожай зерна"}]
    wage = Figure(f, f + 15, "80 тысяч рублей", 80000.0, "RUB", about="зарплата")
    crop = Figure(u, u + 10, "2 млн тонн", 2e6, "тонна", about="урожай")
    assert score_values([g], {"g1": ([], [wage, crop])}).counts["figure_right"] == 2
    # an adjective alone is no noun it could agree with: the phrase's first word stays the head
    assert score_values([g], {"g1": ([], [replace(wage, about="средний"), crop])}).counts["figure_right"] == 1


def test_eval_dates_scores_the_about_model_it_is_given(tmp_path, models):
    from svodka.figuremodel.features import FEATURES
    from svodka.figuremodel.train import Example, fit
    # a model that has only ever seen «nothing named» win: with it no figure measures anything
    row = lambda none: [float(none)] + [0.5] * (len(FEATURES) - 1)  # noqa: E731
    none_model = fit([[Example("a", None, [row(1), row(0), row(0)], [1, 0, 0], None, None, True)
                       for _ in range(40)]])
    path = tmp_path / "none.json.gz"
    none_model.save(path)
    gold = tmp_path / "g.jsonl"
    gold.write_text(json.dumps(_gold(), ensure_ascii=False) + "\n", encoding="utf-8")
    runner = CliRunner()
    shipped = runner.invoke(app, ["eval", "dates", "--gold", str(gold)])
    given = runner.invoke(app, ["--about-model", str(path), "eval", "dates", "--gold", str(gold)])
    assert shipped.exit_code == 0 and given.exit_code == 0, shipped.output + given.output
    line = lambda out: next(x for x in out.splitlines() if x.startswith("figures: measured noun right"))  # noqa: E731
    assert line(shipped.stdout).split()[-1] == "1/1" and line(given.stdout).split()[-1] == "0/1"


def test_a_wrong_duration_is_listed_among_the_errors():
    text = "Переговоры шли три года."
    s = text.index("три года")
    g = {"id": "g2", "text": text, "figures": [],
         "dates": [{"start": s, "end": s + 8, "kind": "duration", "duration": "P3Y"}]}
    wrong = DateRef(s, s + 8, "три года", "P2Y", None, None, None, "absolute", "duration")
    r = score_values([g], {"g2": ([wrong], [])}, keep_errors=True)
    assert r.counts["duration_right"] == 0
    assert [(what, gold["duration"], p.value) for what, gold, p in r.errors] == [("duration", "P3Y", "P2Y")]


def test_eval_dates_command_with_baselines(tmp_path):
    gold = tmp_path / "g.jsonl"
    gold.write_text(json.dumps(_gold(), ensure_ascii=False) + "\n", encoding="utf-8")
    r = CliRunner().invoke(app, ["eval", "dates", "--gold", str(gold), "--baselines"])
    assert r.exit_code == 0, r.output
    assert "dates: value right" in r.output and "dateparser" in r.output and "natasha" in r.output
    line = next(x for x in r.output.splitlines() if x.startswith("dates: value right"))
    assert "1/1" in line


def test_eval_dates_names_a_broken_gold_line(tmp_path):
    gold = tmp_path / "g.jsonl"
    gold.write_text(json.dumps(_gold(), ensure_ascii=False) + "\n{broken\n", encoding="utf-8")
    r = CliRunner().invoke(app, ["eval", "dates", "--gold", str(gold)])
    assert r.exit_code == 2 and f"{gold}:2" in r.output


@pytest.fixture
def tool(tmp_path, monkeypatch):
    spec = importlib.util.spec_from_file_location("dates_gold", Path(__file__).parents[1] / "scripts" / "dates_gold.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    (tmp_path / "c").mkdir()
    (tmp_path / "c" / "posts.jsonl").write_text(json.dumps({"id": "p1", "text": TEXT, "published":
                                                           "2024-11-05T09:00:00+00:00"}, ensure_ascii=False) + "\n",
                                                encoding="utf-8")
    monkeypatch.setattr(mod, "DATA", tmp_path / "c")
    return mod


def test_the_annotation_tool_finds_offsets_and_reports_problems(tool, tmp_path):
    spec = tmp_path / "SPEC.jsonl"
    spec.write_text("\n".join(json.dumps(x, ensure_ascii=False) for x in [
        {"id": "p1", "dates": [{"t": "Вчера", "first": "2024-11-04", "last": "2024-11-04", "grain": "day",
                                "resolution": "relative"}],
         "figures": [{"t": "8 %", "value": 8, "unit": "%", "kind": "level", "about": "инфляция"},
                     {"t": "9 %", "value": 9, "unit": "%", "kind": "level"}]},
        {"id": "nope", "dates": [], "figures": []},
    ]) + "\n", encoding="utf-8")
    records, problems = tool.resolve(spec, tool.load_corpus("posts.jsonl"))
    assert records[0]["dates"][0]["start"] == 0 and records[0]["pub_day"] == "2024-11-05"
    assert any("not found" in p and "9 %" in p for p in problems)
    assert any("unknown article id 'nope'" in p for p in problems)


def test_packed_annotations_keep_no_text_and_rebuild(tool, tmp_path):
    spec = tmp_path / "SPEC.jsonl"
    spec.write_text(json.dumps({"id": "p1", "dates": [], "figures": [
        {"t": "вдвое", "value": 2, "unit": "раз", "kind": "change", "direction": "up"}]}, ensure_ascii=False) + "\n",
        encoding="utf-8")
    records, problems = tool.resolve(spec, tool.load_corpus("posts.jsonl"))
    assert not problems
    pack = tmp_path / "pack.jsonl"
    pack.write_text(json.dumps({"corpus": "posts.jsonl", **records[0]}, ensure_ascii=False) + "\n", encoding="utf-8")
    assert "вдвое" not in pack.read_text(encoding="utf-8")
    out = tmp_path / "gold.jsonl"
    tool.rebuild(pack, out)
    assert json.loads(out.read_text(encoding="utf-8"))["figures"][0]["text"] == "вдвое"


def test_train_figures_finds_entities_with_the_runs_roles(tmp_path, monkeypatch, models):
    import importlib
    analyze_module = importlib.import_module("svodka.analyze")  # the package exports a function of that name
    seen = []
    real = analyze_module.entities_of

    def spy(parsed, published, knowledge=None, *args, **kw):
        seen.append(knowledge)
        return real(parsed, published, knowledge, *args, **kw)

    monkeypatch.setattr(analyze_module, "entities_of", spy)
    gold = tmp_path / "g.jsonl"
    gold.write_text(json.dumps(_gold(), ensure_ascii=False) + "\n", encoding="utf-8")
    roles = tmp_path / "roles.toml"
    roles.write_text('[[role]]\ntitle = "мэр Лесогорска"\nholders = [ { name = "Пётр Ветров", from = "2020-01-01" } ]\n',
                     encoding="utf-8")
    got = CliRunner().invoke(app, ["--roles", str(roles), "train", "figures", "--gold", str(gold),
                                   "--out", str(tmp_path / "m.json.gz")])
    assert seen and all(k is not None and k.roles.holder("мэр Лесогорска", None) == "Пётр Ветров" for k in seen), \
        got.output
