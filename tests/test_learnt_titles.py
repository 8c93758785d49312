"""Titles the archive learns from appositions («президент Нарнии Иван Петров»): who held a title the roles
file does not know, at each quote's date; and `relink` after the roles file changed. Both backends."""
import json
from datetime import date, datetime

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from svodka.analyze import analyze
from svodka.archive import Archive
from svodka.cli import app
from svodka.knowledge import Knowledge
from svodka.link.roles import Roles
from svodka.link.titles import REACH, terms
from svodka.model import Article
from svodka.web.api import create_app

# Invented: Нарния's president is Петров until Сидоров is named so in September; Петров keeps talking after.
TEXTS = [
    ("a1", "2024-01-10", "Президент Нарнии Иван Петров заявил, что мир близок."),
    ("a2", "2024-03-05", "Иван Петров заявил, что переговоры продолжатся."),
    ("a3", "2024-09-01", "Президент Нарнии Пётр Сидоров заявил, что страна сменила курс."),
    ("a4", "2024-10-01", "Пётр Сидоров заявил, что реформы начнутся весной."),
    ("a5", "2024-10-02", "Иван Петров заявил, что уходит из политики."),
]
# «Иоанн Петров» is someone else until a roles file says it is another name of Иван Петров
ALIAS_TEXT = ("a6", "2024-02-01", "Иоанн Петров заявил, что выборы пройдут честно.")
ALIAS_ROLES = '[[person]]\nname = "Иван Петров"\naliases = ["Иоанн Петров"]\n'


def _article(i: str, day: str, text: str) -> Article:
    return Article(id=i, text=text, published=datetime.fromisoformat(day + "T10:00"))


@pytest.fixture(scope="module")
def analysed():
    return [(a, analyze(a)) for a in (_article(*t) for t in [*TEXTS, ALIAS_TEXT])]


@pytest.fixture
def archive_db(db, analysed):
    with Archive(db) as a:
        for art, an in analysed:
            a.add(art, an)
    return db


def _said(archive: Archive, speaker: str) -> list[tuple[str, str]]:
    return [(q.speaker, q.text) for q in archive.quotes(speaker=speaker)]


def test_the_analysis_gives_appositions_as_titles():
    an = analyze(_article("x", "2024-03-01", "Встреча с президентом Нарнии Иваном Петровым прошла в Москве. "
                                             "Министр Сергей Иванов заявил, что нет. Бывший президент Нарнии "
                                             "Олег Котов заявил, что да. Глава Минфина Нарнии Анна Белова "
                                             "сообщила, что бюджет исполнен. Он говорил с избранным "
                                             "президентом Атлантиды Кириллом Зайцевым и с депутатом "
                                             "парламента Нарнии Ольгой Лисой. Её сменил на посту главы "
                                             "Минфина Нарнии Антон Орлов. Новый спикер парламента Нарнии "
                                             "Борис Ершов заявил, что рад."))
    names = {e.id: e.name for e in an.entities}
    got = [(t.title, t.key, names[t.entity], t.date) for t in an.titles]
    # a bare «министр» or a member of parliament fits too many people; a former or elected president is not
    # one that day, nor who someone «сменил на посту»
    assert got == [("президент Нарнии", "президент нарнии", "Иван Петров", "2024-03-01"),
                   ("глава Минфина Нарнии", "глава минфин нарнии", "Анна Белова", "2024-03-01"),
                   ("спикер парламента Нарнии", "спикер парламент нарнии", "Борис Ершов", "2024-03-01")]
    assert an.to_dict()["titles"][0]["title"] == "президент Нарнии"
    assert type(an).from_dict(an.to_dict()).titles == an.titles


def test_terms_change_hands_halfway_between_holders():
    a, b = date(2024, 1, 10), date(2024, 9, 1)
    t1, t2 = terms([(a, 1, 1), (b, 2, 1)])
    assert (t1.entity_id, t1.start, t1.end) == (1, a - REACH, date(2024, 5, 7))
    assert (t2.entity_id, t2.start, t2.last_seen) == (2, date(2024, 5, 7), b)
    # two people called so on one day: the one more articles name takes it
    assert [t.entity_id for t in terms([(a, 1, 1), (a, 2, 3)])] == [2]


def test_a_learnt_title_finds_each_holder_at_each_quote_date(archive_db):
    with Archive(archive_db) as a:
        assert _said(a, "президента Нарнии") == [
            ("Иван Петров", "мир близок"), ("Иван Петров", "переговоры продолжатся"),
            ("Пётр Сидоров", "страна сменила курс"), ("Пётр Сидоров", "реформы начнутся весной")]
        assert a.quotes_total(speaker="президент Нарнии") == 4
        holders = a.title_holders("президентом Нарнии")
        assert [(h["name"], h["from"], h["to"], h["articles"], h["quotes"], h["source"]) for h in holders] == [
            ("Пётр Сидоров", "2024-09-01", "2024-09-01", 1, 2, "archive"),
            ("Иван Петров", "2024-01-10", "2024-01-10", 1, 2, "archive")]
        assert a.title_holders("президент Атлантиды") is None


def test_the_roles_file_wins_over_what_the_archive_learnt(archive_db, tmp_path):
    (tmp_path / "roles.toml").write_text(
        '[[role]]\ntitle = "президент Нарнии"\nholders = [ { name = "Пётр Сидоров", from = "2020-01-01" } ]\n',
        encoding="utf-8")
    with Archive(archive_db, knowledge=Knowledge(roles=Roles.load([tmp_path / "roles.toml"]))) as a:
        assert _said(a, "президента Нарнии") == [("Пётр Сидоров", "страна сменила курс"),
                                                  ("Пётр Сидоров", "реформы начнутся весной")]
        assert [(h["name"], h["source"]) for h in a.title_holders("президент Нарнии")] == [
            ("Пётр Сидоров", "roles file")]


def test_cli_and_api_answer_by_learnt_titles(archive_db):
    r = CliRunner().invoke(app, ["quotes", "--speaker", "президента Нарнии", "--db", archive_db, "--format", "jsonl"])
    assert r.exit_code == 0, r.output
    assert [json.loads(x)["speaker"] for x in r.stdout.splitlines()] == ["Иван Петров"] * 2 + ["Пётр Сидоров"] * 2
    r = CliRunner().invoke(app, ["entity", "президента Нарнии", "--db", archive_db])
    assert r.exit_code == 0 and "Пётр Сидоров" in r.stdout and "learnt" in r.stdout
    client = TestClient(create_app(archive_db))
    quotes = client.get("/api/quotes", params={"speaker": "президента Нарнии"}).json()["items"]
    assert [q["speaker"] for q in quotes] == ["Иван Петров"] * 2 + ["Пётр Сидоров"] * 2
    page = client.get("/api/entities/президент Нарнии").json()
    assert page["title"] == "президент Нарнии" and [h["name"] for h in page["holders"]] == ["Пётр Сидоров",
                                                                                            "Иван Петров"]


def test_relink_after_editing_the_roles_file_changes_the_answer(archive_db, tmp_path):
    with Archive(archive_db) as a:
        assert ("Иоанн Петров", "выборы пройдут честно") not in _said(a, "президента Нарнии")
        assert not a.relink().changed  # the rules it was stored by: nothing to do
    roles = tmp_path / "roles.toml"
    roles.write_text(ALIAS_ROLES, encoding="utf-8")
    r = CliRunner().invoke(app, ["--roles", str(roles), "relink", "--db", archive_db])
    assert r.exit_code == 0, r.output
    assert "merged  Иван Петров  ← Иван Петров, Иоанн Петров" in r.stdout
    with Archive(archive_db) as a:
        said = _said(a, "президента Нарнии")
        assert said[:3] == [("Иван Петров", "мир близок"), ("Иван Петров", "выборы пройдут честно"),
                            ("Иван Петров", "переговоры продолжатся")]
        assert len(a.quotes(speaker="Иван Петров")) == 4
        stats = a.stats()
    # idempotent: the same roles file again changes nothing
    r = CliRunner().invoke(app, ["--roles", str(roles), "relink", "--db", archive_db])
    assert r.exit_code == 0 and "nothing changed" in r.output and "merged" not in r.stdout
    with Archive(archive_db) as a:
        assert a.stats() == stats and len(_said(a, "президента Нарнии")) == 5
