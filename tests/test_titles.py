"""People by what they are: a title finds whoever held it at each quote's date; a title lists its holders."""
import json
from datetime import datetime

import pytest
from typer.testing import CliRunner

from svodka.analyze import analyze
from svodka.archive import Archive
from svodka.cli import app
from svodka.model import Article

ARTICLES = [
    Article(id="a1", text="Президент России Дмитрий Медведев заявил, что кризис позади.", published=datetime(2010, 5, 1, 10)),
    Article(id="a2", text="Президент России Владимир Путин заявил, что экономика растёт.", published=datetime(2021, 5, 1, 10)),
    Article(id="a3", text="Премьер-министр Владимир Путин заявил, что бюджет сбалансирован.",
            published=datetime(2010, 6, 1, 10)),
]


@pytest.fixture
def db(tmp_path):
    path = tmp_path / "t.db"
    with Archive(path) as a:
        for art in ARTICLES:
            a.add(art, analyze(art))
    return path


def test_a_title_finds_each_holder_for_their_term(db):
    with Archive(db) as a:
        got = [(q.speaker, q.text) for q in a.quotes(speaker="президента России")]
        assert got == [("Дмитрий Медведев", "кризис позади"), ("Владимир Путин", "экономика растёт")]
        assert a.quotes_total(speaker="президент России") == 2
        # the person's own quotes are all of them, whatever office he held
        assert a.quotes_total(speaker="Путин") == 2


def test_a_title_lists_its_holders_with_their_quotes(db):
    with Archive(db) as a:
        holders = a.title_holders("президент России")
        assert holders[0]["name"] == "Владимир Путин" and holders[0]["to"] is None and holders[0]["quotes"] == 1
        medvedev = next(h for h in holders if h["name"] == "Дмитрий Медведев")
        assert (medvedev["from"], medvedev["to"], medvedev["quotes"]) == ("2008-05-07", "2012-05-07", 1)
        assert a.title_holders("Дмитрий Медведев") is None


def test_cli_and_api_read_titles(db):
    r = CliRunner().invoke(app, ["entity", "президента России", "--db", str(db), "--format", "jsonl"])
    assert r.exit_code == 0 and "Дмитрий Медведев" in r.stdout
    r = CliRunner().invoke(app, ["quotes", "--speaker", "президент России", "--db", str(db), "--format", "jsonl"])
    assert [json.loads(x)["speaker"] for x in r.stdout.splitlines()] == ["Дмитрий Медведев", "Владимир Путин"]
    from fastapi.testclient import TestClient

    from svodka.web.api import create_app
    client = TestClient(create_app(str(db)))
    page = client.get("/api/entities/президент России").json()
    assert [h["name"] for h in page["holders"]][:2] == ["Владимир Путин", "Дмитрий Медведев"]
    quotes = client.get("/api/quotes", params={"speaker": "президент России"}).json()["items"]
    assert len(quotes) == 2
