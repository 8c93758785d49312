"""`svodka --roles/--lexicon/--gazetteer FILE COMMAND`: the user's knowledge files, checked before any article."""
import json
import os

import pytest
from typer.testing import CliRunner

from svodka.cli import app
from svodka.cli.knowledge import knowledge_files

runner = CliRunner()

ARTICLE = ("Мэрия обещает новые школы\n\n10:00 14/02/2025\n\n"
           "«В этом году мы откроем три новые школы», — сказал мэр Новосибирска на заседании горсовета.\n"
           "Депутаты досадовали, что подрядчики срывают сроки.\n")


@pytest.fixture(autouse=True)
def fresh_knowledge():
    # a user's SVODKA_* files would change what the shipped knowledge says; the options themselves touch
    # neither the environment nor the loaders' caches (test_options_leave_the_environment_alone)
    saved = {var: os.environ.pop(var, None) for _, var in knowledge_files().values()}
    yield
    for var, value in saved.items():
        os.environ.pop(var, None)
        if value is not None:
            os.environ[var] = value
    for loader, _ in knowledge_files().values():
        loader.cache_clear()


def _quotes(res):
    assert res.exit_code == 0, res.output
    return [(q["speaker"], q["speaker_type"], q["cue"]) for q in json.loads(res.stdout)["quotes"]]


def test_a_roles_file_names_the_holder_of_a_title(tmp_path, models):
    (tmp_path / "a.txt").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "roles.toml").write_text(
        '[[role]]\ntitle = "мэр Новосибирска"\nholders = [ { name = "Максим Кудрявцев", from = "2024-10-23" } ]\n',
        encoding="utf-8")
    plain = _quotes(runner.invoke(app, ["analyze", str(tmp_path / "a.txt"), "--format", "jsonl"]))
    assert plain[0][0] == "мэр Новосибирска"
    known = _quotes(runner.invoke(app, ["--roles", str(tmp_path / "roles.toml"), "analyze",
                                        str(tmp_path / "a.txt"), "--format", "jsonl"]))
    assert known[0][:2] == ("Максим Кудрявцев", "person")


def test_a_lexicon_file_adds_a_speech_cue(tmp_path, models):
    (tmp_path / "a.txt").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "cues.txt").write_text("[verb]\nдосадовать\n", encoding="utf-8")
    plain = _quotes(runner.invoke(app, ["analyze", str(tmp_path / "a.txt"), "--format", "jsonl"]))
    added = _quotes(runner.invoke(app, ["--lexicon", str(tmp_path / "cues.txt"), "analyze",
                                        str(tmp_path / "a.txt"), "--format", "jsonl"]))
    assert len(added) == len(plain) + 1
    assert added[-1][2] == "досадовали"


@pytest.mark.parametrize("option,content,message", [
    ("--roles", '[[role]]\ntitle = "мэр"\nholders = [ { from = "2020-01-01" } ]\n', "every holder needs a 'name'"),
    ("--gazetteer", "[ORGX]\nФонд\n", ":1: unknown section [ORGX]"),
    ("--lexicon", "[verbs]\nдосадовать\n", ":1: unknown section [verbs]"),  # not taken for Rich markup
    ("--roles", None, "cannot read roles file"),
])
def test_a_bad_knowledge_file_stops_the_run_naming_the_file(tmp_path, option, content, message):
    path = tmp_path / "mine.txt"
    if content is not None:
        path.write_text(content, encoding="utf-8")
    (tmp_path / "a.txt").write_text(ARTICLE, encoding="utf-8")
    res = runner.invoke(app, [option, str(path), "analyze", str(tmp_path / "a.txt")])
    assert res.exit_code == 2
    assert "mine.txt" in res.output and message in res.output
    assert not any(os.environ.get(var) for _, var in knowledge_files().values())  # nothing half-applied


def test_options_leave_the_environment_alone(tmp_path, models):
    (tmp_path / "a.txt").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "cues.txt").write_text("[verb]\nдосадовать\n", encoding="utf-8")
    loaders = [loader() for loader, _ in knowledge_files().values()]
    res = runner.invoke(app, ["--lexicon", str(tmp_path / "cues.txt"), "analyze", str(tmp_path / "a.txt")])
    assert res.exit_code == 0, res.output
    assert not any(os.environ.get(var) for _, var in knowledge_files().values())
    assert [loader() for loader, _ in knowledge_files().values()] == loaders  # the shipped ones, not reloaded
