"""Threads (stories of one subject across days) and the online story index: eviction, order, surfaces."""
import json
from datetime import datetime, timedelta, timezone

from fastapi.testclient import TestClient
from typer.testing import CliRunner

from svodka.analyze import analyze
from svodka.archive import Archive
from svodka.cli import app
from svodka.model import Article
from svodka.stories import cluster_stories, document
from svodka.stories.stream import StoryStream
from svodka.web.api import create_app

T0 = datetime(2023, 10, 12, 8, 0, tzinfo=timezone.utc)
VISIT_1 = ("Президент Казахстана Касым-Жомарт Токаев прибыл в Москву с официальным визитом. Токаев и Владимир "
           "Путин обсудили в Кремле торговлю, транзит грузов и строительство газопровода.")
VISIT_1B = ("В Кремле прошли переговоры Владимира Путина и Касым-Жомарта Токаева: президенты обсудили транзит "
            "грузов, торговлю и газопровод.")
VISIT_2 = ("Касым-Жомарт Токаев снова приехал в Москву: в Кремле Путин и Токаев обсудили транзит грузов через "
           "Казахстан, торговлю и газопровод в Узбекистан.")
OTHER = ("В Самаре открылся новый ледовый дворец на пять тысяч зрителей. Первым матчем станет игра хоккейного "
         "клуба «Лада».")
OTHER_2 = "В Самаре после ремонта открылась набережная Волги, на ней высадили четыреста деревьев."


def _arts():
    later = T0 + timedelta(days=400)
    return [Article(id="v1", text=VISIT_1, source="Вестник", published=T0),
            Article(id="v1b", text=VISIT_1B, source="Курьер", published=T0 + timedelta(hours=2)),
            Article(id="o1", text=OTHER, source="Город", published=T0 + timedelta(hours=3)),
            Article(id="o2", text=OTHER_2, source="Город", published=later - timedelta(days=1)),
            Article(id="v2", text=VISIT_2, source="Вестник", published=later)]


def _docs():
    return [document(a, analyze(a)) for a in _arts()]


def test_two_visits_are_two_stories_of_one_thread():
    stories = cluster_stories(_docs())
    by_member = {m: s for s in stories for m in s.members}
    assert by_member["v1"] is by_member["v1b"]  # one visit, two outlets: one story
    assert by_member["v2"] is not by_member["v1"]  # a visit a year later is another event
    assert by_member["v2"].thread == by_member["v1"].thread  # … of the same subject
    assert by_member["o1"].thread != by_member["v1"].thread
    assert by_member["o2"].thread != by_member["v1"].thread and by_member["o2"] is not by_member["o1"]


def test_stream_forgets_what_left_the_window():
    docs = sorted(_docs(), key=lambda d: d.published)
    stream = StoryStream()
    for d in docs:
        stream.add(d)
    # only the articles of the current day stay in the index (o2 is of the day before v2)
    assert {s.id for s in stream.recent} == {"v2"}
    assert all(set(p) <= {"v2"} for p in stream.index.values())


def test_stream_refuses_an_article_twice():
    d = _docs()[0]
    stream = StoryStream()
    stream.add(d)
    try:
        stream.add(d)
    except ValueError as e:
        assert "v1" in str(e)
    else:
        raise AssertionError("a second add of one article must be refused")


def test_batch_stories_do_not_depend_on_input_order():
    a = [(s.members, s.thread, s.title) for s in cluster_stories(_docs())]
    b = [(s.members, s.thread, s.title) for s in cluster_stories(list(reversed(_docs())))]
    assert a == b


def test_threads_command_api_and_story_telling(db):
    with Archive(db) as arch:
        for art in _arts():
            arch.add(art, analyze(art))
    window = ["--since", "2023-10-01", "--until", "2024-12-31"]
    r = CliRunner().invoke(app, ["threads", "--db", str(db), *window, "--format", "jsonl"])
    assert r.exit_code == 0, r.output
    rows = [json.loads(x) for x in r.stdout.splitlines()]
    assert len(rows) == 1 and len(rows[0]["stories"]) == 2
    assert sum(s["articles"] for s in rows[0]["stories"]) == 3
    r = CliRunner().invoke(app, ["threads", "--db", str(db), *window, "--min-stories", "3"])
    assert r.exit_code == 0 and "no threads" in r.output
    client = TestClient(create_app(db))
    params = {"since": "2023-10-01", "until": "2024-12-31"}
    stories = client.get("/api/stories", params=params | {"total": True}).json()
    assert stories["total"] == 4
    first = stories["items"][0]
    assert first["articles"] == 2
    story = client.get(f"/api/stories/{first['id']}", params=params).json()
    # how the telling changed: the second article adds no actor the first did not name
    assert story["articles"][0]["adds"] and story["articles"][1]["adds"] == []
    assert story["thread"] == rows[0]["id"]
    assert client.get("/api/stories/9", params=params).status_code == 404
    threads = client.get("/api/threads", params=params).json()["items"]
    assert [t["id"] for t in threads] == [rows[0]["id"]]
