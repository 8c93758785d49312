"""The about-model (what a figure measures): training from gold, byte-for-byte reproducibility, clear errors for
bad model files, and the CLI's --about-model."""
import gzip
import json

import pytest
from typer.testing import CliRunner

from svodka.cli import app
from svodka.figuremodel import AboutModel, AboutModelError
from svodka.figuremodel.train import cross_validate, featurize_gold, fit, scores

TEXTS = [
    ("a1", "Товарооборот России и Казахстана вырос на 12 % за год.", "12 %", "товарооборот"),
    ("a2", "В результате пожара погибли 7 человек.", "7 человек", None),
    ("a3", "Инфляция в октябре составила 8,5 %.", "8,5 %", "инфляция"),
    ("a4", "Компания купила завод за 3 млрд рублей.", "3 млрд рублей", None),
    ("a5", "Урожай зерна превысил 130 млн тонн.", "130 млн тонн", "урожай"),
    ("a6", "Экспорт нефти сократился на 5 %.", "5 %", "экспорт"),
]


def _gold():
    rows = []
    for i, text, fig, about in TEXTS:
        s = text.index(fig)
        rows.append({"id": i, "text": text, "published": "2024-11-05T10:00:00+00:00", "dates": [],
                     "figures": [{"start": s, "end": s + len(fig), "value": 1.0, "unit": "x", "about": about}]})
    return rows * 3  # enough rows for the booster to split on


@pytest.fixture(scope="module")
def articles():
    return featurize_gold(_gold())


def test_gold_figures_become_labelled_candidates(articles):
    ex = articles[0][0]
    assert ex.c is not None and ex.gold == "товарооборот"
    assert sum(ex.labels) == 1 and ex.labels[0] == 0  # one noun is right, and it is not "nothing named"
    count = articles[1][0]
    assert count.gold is None and count.labels[0] == 1


def test_training_is_reproducible_byte_for_byte(articles, tmp_path):
    a, b = fit(articles), fit(articles)
    assert a.to_bytes() == b.to_bytes()
    path = tmp_path / "m.json.gz"
    a.save(path)
    assert AboutModel.load(path).to_bytes() == a.to_bytes()


def test_the_booster_ranks_the_candidates_of_each_figure(articles):
    # one query a figure: the training order is that of its candidates, not each candidate's label alone
    assert "objective=lambdarank" in fit(articles).booster.model_to_string()


def test_cross_validation_scores_every_gold_figure(articles):
    res = cross_validate(articles, 3)
    sc = scores(res)
    assert sc["figures"] == sum(len(a) for a in articles)
    assert 0.0 <= sc["about_model"] <= 1.0 and 0.0 <= sc["about_rules"] <= 1.0


@pytest.mark.parametrize("mutate, message", [
    (lambda d: {**d, "version": 99}, "version"),
    (lambda d: {**d, "format": "other"}, "not a svodka about model"),
    (lambda d: {**d, "features": d["features"][:-1]}, "other features"),
    (lambda d: {**d, "model": "garbage"}, "cannot be read"),
])
def test_a_model_from_another_version_or_damaged_is_refused_naming_the_file(articles, tmp_path, mutate, message):
    data = json.loads(gzip.decompress(fit(articles).to_bytes()))
    path = tmp_path / "bad.json.gz"
    path.write_bytes(gzip.compress(json.dumps(mutate(data)).encode()))
    with pytest.raises(AboutModelError, match=message) as e:
        AboutModel.load(path)
    assert str(path) in str(e.value)


def test_the_cli_stops_at_once_on_an_unusable_about_model(tmp_path):
    bad = tmp_path / "bad.json.gz"
    bad.write_bytes(b"not a model")
    art = tmp_path / "a.txt"
    art.write_text("Инфляция составила 8 %.", encoding="utf-8")
    r = CliRunner().invoke(app, ["--about-model", str(bad), "analyze", str(art)])
    assert r.exit_code == 2 and "bad.json.gz" in r.output and "Traceback" not in r.output


def test_train_figures_command_writes_a_model_the_cli_reads(tmp_path):
    gold = tmp_path / "gold.jsonl"
    gold.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in _gold()) + "\n", encoding="utf-8")
    out = tmp_path / "m.json.gz"
    r = CliRunner().invoke(app, ["train", "figures", "--gold", str(gold), "--out", str(out)])
    assert r.exit_code == 0, r.output
    art = tmp_path / "a.txt"
    art.write_text("Инфляция составила 8 %.", encoding="utf-8")
    r = CliRunner().invoke(app, ["--about-model", str(out), "analyze", str(art), "--format", "jsonl"])
    assert r.exit_code == 0, r.output
    assert json.loads(r.stdout)["figures"][0]["value"] == 8
