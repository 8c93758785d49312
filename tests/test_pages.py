"""The server-rendered pages (web/pages.py) in-process: each page renders with its key content, its JSON
twin is the page's data, hostile article text and query strings stay text, unknown things are a 404 page,
and the stylesheet is served by svodka itself. The articles were written for these tests."""
import html
import re

import pytest
from fastapi.testclient import TestClient

from archive_helpers import ingest
from svodka.web import create_app
from svodka.web.pages import highlight, marked

SCRIPT = "<script>alert(1)</script>"
ATTR = '" onmouseover="alert(2)'

ARTICLES = [
    {"id": "cb-1", "title": "Набиуллина пообещала держать ставку высокой",
     "published": "2024-05-06T16:30:00+03:00", "source": "Вестник", "url": "https://vestnik.example/cb-1",
     "text": "Председатель Банка России Эльвира Набиуллина заявила, что инфляция замедлится к концу года. "
             "«Ключевая ставка останется высокой столько, сколько потребуется, и Минфин это понимает», — "
             "подчеркнула Набиуллина на пресс-конференции в Москве."},
    {"id": "cb-2", "title": "Набиуллина: банки Татарстана справились с нагрузкой",
     "published": "2024-05-14T11:00:00+03:00", "source": "Экономика сегодня", "url": "https://econ.example/cb-2",
     "text": "Председатель Банка России Эльвира Набиуллина в среду посетила Казань. «Банки Татарстана "
             "справились с нагрузкой, а Сбербанк даже нарастил кредитование», — сказала Набиуллина журналистам."},
    {"id": "omsk-1", "title": f"Хоценко открыл новый мост в Омске {SCRIPT}",
     "published": "2024-05-15T09:00:00+03:00", "source": "Омские вести", "url": "javascript:alert(3)",
     "text": f"Губернатор Омской области Виталий Хоценко открыл движение по новому мосту через Иртыш. "
             f"{SCRIPT} {ATTR} «Мост построили на полгода раньше срока», — сказал Хоценко. "
             f"Он добавил, что Омск получит еще две развязки."},
]


@pytest.fixture(scope="module")
def client(module_db, models):
    db = module_db("pages")  # the pages over SQLite, then over PostgreSQL
    report = ingest(db, ARTICLES)
    assert report.new == len(ARTICLES) and not report.failed
    return TestClient(create_app(db))


HTML = {"accept": "text/html,application/xhtml+xml"}


def _page(client, url):
    r = client.get(url, headers=HTML)
    assert r.status_code == 200, r.text
    assert r.headers["content-type"].startswith("text/html")
    return r.text


def _keys(client):
    return {a["id"]: a["key"] for a in client.get("/api/articles").json()["items"]}


def _person(client, name):
    return client.get(f"/api/entities/{name}").json()["entity"]["id"]


def _twins(client, url):
    """The page's data through both doors: a .json suffix and Accept: application/json."""
    path, _, query = url.partition("?")
    twin = "/index.json" if path == "/" else f"{path}.json"
    by_suffix = client.get(twin + (f"?{query}" if query else ""))
    by_accept = client.get(url, headers={"accept": "application/json"})
    assert by_suffix.status_code == by_accept.status_code == 200
    assert by_suffix.json() == by_accept.json()
    return by_suffix.json()


def _no_raw_hostile(text):
    assert "<script>alert(1)" not in text
    assert 'onmouseover="alert' not in text
    assert "javascript:alert" not in text


# --- pages -----------------------------------------------------------------------------------------------

def test_home_lists_latest_articles_and_top_people(client):
    page = _page(client, "/")
    assert '<form' in page and 'action="/search"' in page
    assert "Набиуллина пообещала держать ставку высокой" in page
    # the archive is from 2024: the week and month count back from its newest article, and say so
    assert "от самой свежей статьи" in page
    data = _twins(client, "/")
    assert data["counted_from_newest_article"] is True and data["until"] == "2024-05-15"
    assert [a["id"] for a in data["latest_articles"]] == ["omsk-1", "cb-2", "cb-1"]
    quoted = {e["name"]: e["quotes"] for e in data["month"]["quoted"]}
    assert quoted.get("Эльвира Набиуллина") == 3 and quoted.get("Виталий Хоценко") == 2
    # cb-1 (6 May, two of her quotes) is outside the week that ends on 15 May
    assert {e["name"]: e["quotes"] for e in data["week"]["quoted"]}.get("Эльвира Набиуллина") == 1
    assert any(e["name"] == "Эльвира Набиуллина" for e in data["month"]["mentioned"])
    for e in data["month"]["quoted"]:
        assert f'href="/entities/{e["id"]}"' in page


def test_person_page(client):
    eid = _person(client, "Набиуллиной")
    page = _page(client, f"/entities/{eid}")
    data = _twins(client, f"/entities/{eid}")
    assert data["entity"]["name"] == "Эльвира Набиуллина"
    assert "<h1>Эльвира Набиуллина</h1>" in page
    # the roles file's title, with its start date
    assert {"title": "председатель Центрального банка России", "from": "2013-06-24", "to": None} in data["roles"]
    assert "Должности" in page and "24 июня 2013" in page
    # newest first, each with a link to its article
    dates = [q["published"] for q in data["quotes"]]
    assert len(dates) == data["quotes_total"] == 3 and dates == sorted(dates, reverse=True)
    keys = _keys(client)
    assert f'href="/articles/{keys["cb-2"]}#q' in page and f'href="/articles/{keys["cb-1"]}#q' in page
    # the weekly chart: two weeks with mentions, inline SVG, no script
    weeks = [t for t in data["timeline"] if t["mentions"]]
    assert [t["week"] for t in weeks] == ["2024-05-06", "2024-05-13"]
    assert [t["quotes"] for t in weeks] == [2, 1]
    assert "<svg" in page and "<script" not in page
    # what she talks about: entities named inside her quotes
    assert {t["name"] for t in data["talks_about"]} == {"Минфин", "Татарстан", "Сбербанк"}
    assert all(t["name"] != "Эльвира Набиуллина" for t in data["talks_about"])
    assert data["co_mentioned"]


def test_person_page_by_name_and_more_quotes(client):
    page = _page(client, "/entities/Хоценко")
    assert "Виталий Хоценко" in page
    assert _twins(client, "/entities/Хоценко")["entity"]["name"] == "Виталий Хоценко"
    assert len(client.get("/entities/Набиуллина.json", params={"quotes": 1}).json()["quotes"]) == 1


def test_article_page_highlights_entities_and_quotes(client):
    key = _keys(client)["cb-2"]
    page = _page(client, f"/articles/{key}")
    data = _twins(client, f"/articles/{key}")
    assert data["article"]["text"].startswith("Председатель Банка России")
    nab = _person(client, "Набиуллина")
    q = data["quotes"][0]
    assert q["speaker"] == "Эльвира Набиуллина" and q["entity_id"] == nab
    # the quote carries its speaker on hover and links to the speaker's page
    assert re.search(r'<span class="q q-direct" id="q%d" title="Эльвира Набиуллина' % q["id"], page)
    assert f'<sup class="who"><a href="/entities/{nab}"' in page
    # entities coloured by type, linked to their pages
    assert re.search(r'<a class="ent ent-PER k-name" href="/entities/%d"' % nab, page)
    assert 'class="ent ent-LOC' in page or 'class="ent ent-ORG' in page
    assert any(e["entity_id"] == nab for e in data["entities"])


def test_article_page_lists_dates_and_figures(client):
    keys = _keys(client)
    page = _page(client, f"/articles/{keys['cb-2']}")
    # «в среду» of a Tuesday's article that tells what happened: the Wednesday before
    assert "<h2>Даты</h2>" in page and "в среду" in page and "2024-05-08" in page
    assert _twins(client, f"/articles/{keys['cb-2']}")["dates"][0]["first"] == "2024-05-08"
    page = _page(client, f"/articles/{keys['omsk-1']}")
    assert "<h2>Цифры</h2>" in page and "две развязки" in page
    assert "<h2>Цифры</h2>" not in _page(client, f"/articles/{keys['cb-2']}")


def test_search_page_with_filters(client):
    page = _page(client, "/search?q=ставка")
    assert "<mark>ставка</mark>" in page or "<mark>ставку</mark>" in page
    data = _twins(client, "/search?q=ставка")
    assert data["hits"] and data["filters"]["q"] == "ставка"
    quotes = _twins(client, "/search?q=ставка&kind=quote")["hits"]
    assert quotes and all(h["kind"] == "quote" for h in quotes)
    arts = _twins(client, "/search?q=мост&kind=article")["hits"]
    assert [h["article"]["id"] for h in arts] == ["omsk-1"]
    assert _twins(client, "/search?q=ставка&since=2024-05-10")["hits"] == []
    assert _twins(client, "/search?q=ставка&until=2024-05-10")["hits"]
    by_speaker = _twins(client, "/search?q=банки&speaker=Набиуллиной")["hits"]
    assert [h["article"]["id"] for h in by_speaker] == ["cb-2"]
    assert "<mark>" in by_speaker[0]["snippet"].replace("**", "<mark>")
    names = _twins(client, "/search?q=Набиуллина&type=PER")["entities"]
    assert [e["name"] for e in names] == ["Эльвира Набиуллина"]
    assert _twins(client, "/search?q=Набиуллина&type=LOC")["entities"] == []
    assert "Ничего не найдено" in _page(client, "/search?q=квантовый")


def test_search_page_refuses_bad_filters_with_a_message(client):
    r = client.get("/search?q=ставка&since=вчера", headers=HTML)
    assert r.status_code == 422 and "ГГГГ-ММ-ДД" in r.text and r.headers["content-type"].startswith("text/html")
    r = client.get("/search.json?q=ставка&kind=video")
    assert r.status_code == 422 and r.json()["error"]


# --- escaping ----------------------------------------------------------------------------------------------

def test_hostile_article_text_is_shown_as_text(client):
    key = _keys(client)["omsk-1"]
    page = _page(client, f"/articles/{key}")
    _no_raw_hostile(page)
    body = page[page.index('<div class="body">'):]
    body = body[:body.index("</div>")]
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in body  # there, as text
    assert "&#34; onmouseover=&#34;alert(2)" in body
    assert SCRIPT in data_text(client, key) and ATTR in data_text(client, key)  # and unchanged in the data
    for url in ("/", "/search?q=мост", f"/entities/{_person(client, 'Хоценко')}"):
        _no_raw_hostile(_page(client, url))


def data_text(client, key):
    return client.get(f"/articles/{key}.json").json()["article"]["text"]


@pytest.mark.parametrize("q", [SCRIPT, ATTR, '"><img src=x onerror=alert(1)>', "мост <script>", '"', "NEAR(", "--"])
def test_hostile_query_strings_are_shown_as_text(client, q):
    r = client.get("/search", params={"q": q, "speaker": q}, headers=HTML)
    assert r.status_code == 200
    assert "<script>alert" not in r.text and "<img" not in r.text and 'onmouseover="alert' not in r.text
    r = client.get("/search", params={"q": q}, headers=HTML)
    assert r.status_code == 200 and "<img" not in r.text and "<script>alert" not in r.text
    r = client.get(f"/entities/{q}", headers=HTML)
    assert r.status_code in (404, 200) and "<img" not in r.text and "<script>alert" not in r.text


def test_highlight_escapes_every_piece_and_nests():
    text = f'{SCRIPT} Иванов сказал: «Да {ATTR}»'
    quote = {"id": 1, "start": text.index("«") + 1, "end": len(text) - 1, "kind": "direct",
             "speaker": '<b>Иванов</b>', "entity_id": 7}
    mention = {"start": text.index("Иванов"), "end": text.index("Иванов") + 6, "type": "PER",
               "name": "Иван <i>Иванов</i>", "entity_id": 7, "kind": "name"}
    inner = {"start": quote["start"], "end": quote["start"] + 2, "type": "ORG", "name": "Да", "entity_id": None,
             "kind": "name"}
    out = str(highlight(text, [mention, inner], [quote]))
    _no_raw_hostile(out)
    assert "<b>" not in out and "<i>" not in out
    assert out.count("<span") == out.count("</span>") and out.count("<a ") == out.count("</a>")
    # text is unchanged once the tags are taken out (the speaker mark is the only addition)
    plain = html.unescape(re.sub(r"<sup.*?</sup>|<[^>]+>", "", out))
    assert plain == text
    assert str(marked("a **b** <c>")) == "a <mark>b</mark> &lt;c&gt;"
    assert str(marked("a ** <c>")) == "a ** &lt;c&gt;"


# --- errors and assets ---------------------------------------------------------------------------------

def test_unknown_entity_and_article_are_404_pages(client):
    for url in ("/entities/Никтоневедомов", "/entities/999999", "/articles/999999", "/articles/abc"):
        r = client.get(url, headers=HTML)
        assert r.status_code == 404 and r.headers["content-type"].startswith("text/html")
        assert "Не найдено" in r.text
        j = client.get(url + ".json")
        assert j.status_code == 404 and j.json()["error"]
        j = client.get(url, headers={"accept": "application/json"})
        assert j.status_code == 404 and j.json()["error"]
    r = client.get("/nowhere", headers=HTML)
    assert r.status_code == 404 and "Не найдено" in r.text
    assert client.get("/api/nowhere").json()["error"]  # the API keeps answering JSON


def test_css_is_served_by_svodka(client):
    page = _page(client, "/")
    assert 'href="/static/svodka.css"' in page and "http://" not in page.split("<main>")[0]
    r = client.get("/static/svodka.css")
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/css")
    assert "@media" in r.text
