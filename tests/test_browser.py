"""The pages end to end in a real browser: a real server (uvicorn on a free 127.0.0.1 port) over an archive
built here, driven by Playwright with Debian's Chromium. A reader's path: the home page, a search, a person,
one of their articles with the quote marked and its speaker on hover and linked; and an article whose text
tries to inject script and an attribute, which must show as text and never run (no alert dialog at all).

Screenshots of the pages go to the test's tmp dir, and also to $SVODKA_SCREENSHOTS when that is set (the
README's docs/screenshots/ are made that way). The articles were written for these tests."""
import os
import shutil
import threading
import time
from pathlib import Path

import pytest
import uvicorn

from archive_helpers import ingest
from svodka.web import create_app

# Playwright's own browser download is blocked where this runs; scripts/test.sh installs Debian's Chromium.
CHROMIUM = os.environ.get("SVODKA_CHROMIUM", "/usr/bin/chromium")

SCRIPT = "<script>alert(1)</script>"
ATTR = '" onmouseover="alert(2)'

ARTICLES = [
    {"id": "cb-1", "title": "Набиуллина: ставка останется высокой до осени",
     "published": "2024-05-06T16:30:00+03:00", "source": "Вестник", "url": "https://vestnik.example/cb-1",
     "text": "Председатель Банка России Эльвира Набиуллина заявила, что инфляция замедлится к концу года. "
             "«Ключевая ставка останется высокой столько, сколько потребуется», — подчеркнула Набиуллина "
             "на пресс-конференции в Москве."},
    {"id": "cb-2", "title": "Набиуллина похвалила банки Поволжья",
     "published": "2024-05-14T11:00:00+03:00", "source": "Экономика сегодня", "url": "https://econ.example/cb-2",
     "text": "Председатель Банка России Эльвира Набиуллина в среду побывала в Самаре. «Банки Поволжья "
             "выдержали нагрузку и нарастили кредитование малого бизнеса», — сказала Набиуллина журналистам."},
    {"id": "perm-1", "title": "Махонин открыл новую школу в Перми",
     "published": "2024-05-15T09:00:00+03:00", "source": "Пермские вести", "url": "https://perm.example/1",
     "text": f"Губернатор Пермского края Дмитрий Махонин открыл новую школу на тысячу учеников. {SCRIPT} "
             f"{ATTR} «Школу построили на полгода раньше срока», — сказал Махонин. Он добавил, что в крае "
             f"до конца года откроют еще три школы."},
]


@pytest.fixture(scope="module")
def server(tmp_path_factory, models):
    db = tmp_path_factory.mktemp("browser") / "news.db"
    report = ingest(db, ARTICLES)
    assert report.new == len(ARTICLES) and not report.failed
    # port 0 lets the OS pick a free port, read back from the bound socket: no race with another process
    srv = uvicorn.Server(uvicorn.Config(create_app(db), host="127.0.0.1", port=0, log_level="warning"))
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not srv.started:
        assert thread.is_alive() and time.monotonic() < deadline, "the server did not start"
        time.sleep(0.05)
    port = srv.servers[0].sockets[0].getsockname()[1]
    yield f"http://127.0.0.1:{port}"
    srv.should_exit = True
    thread.join(10)


@pytest.fixture(scope="module")
def browser():
    if not Path(CHROMIUM).exists():
        # a missing browser is a broken set-up, not a reason to skip the only real-browser test
        pytest.fail(f"no Chromium at {CHROMIUM}: `apt-get install -y chromium` (scripts/test.sh does it as root)")
    from playwright.sync_api import sync_playwright
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM)
        yield b
        b.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="ru-RU")
    # a local server answers in milliseconds; a failing wait should not sit out Playwright's 30 s
    context.set_default_timeout(10_000)
    pg = context.new_page()
    dialogs: list[str] = []

    def on_dialog(dialog):
        dialogs.append(f"{dialog.type}: {dialog.message}")
        dialog.dismiss()

    pg.on("dialog", on_dialog)
    errors: list[str] = []
    pg.on("pageerror", lambda e: errors.append(str(e)))
    yield pg
    context.close()
    assert dialogs == [], f"a script from article text ran: {dialogs}"
    assert errors == [], errors


@pytest.fixture
def shots(tmp_path):
    extra = os.environ.get("SVODKA_SCREENSHOTS")

    def save(page, name):
        path = tmp_path / f"{name}.png"
        page.screenshot(path=str(path), full_page=True)
        assert path.stat().st_size > 1000
        if extra:
            Path(extra).mkdir(parents=True, exist_ok=True)
            shutil.copy(path, Path(extra) / path.name)
        return path

    return save


def test_home_search_person_article_with_a_marked_quote(server, page, shots):
    page.goto(server + "/")
    assert page.locator("h1").first.inner_text() == "Кто что сказал, о ком и когда"
    assert "Набиуллина" in page.locator("ol.rank").first.inner_text()
    shots(page, "home")

    # an inflected form finds the quote: search works on lemmas
    page.locator("form.find.big input[name=q]").fill("ставки")
    page.locator("form.find.big button[type=submit]").click()
    page.wait_for_url("**/search?q=*")
    hits = page.locator("li.hit-quote")
    assert hits.count() >= 1
    assert page.locator("li.hit-quote mark").first.inner_text().lower().startswith("ставк")
    shots(page, "search")

    hits.first.locator("a[href^='/entities/']").click()
    page.wait_for_url("**/entities/*")
    assert page.locator("h1").inner_text() == "Эльвира Набиуллина"
    quotes = page.locator("ul.quotes li")
    assert quotes.count() >= 2 and "Банки Поволжья" in page.locator("ul.quotes").inner_text()
    shots(page, "person")

    page.locator("ul.quotes a[href^='/articles/']", has_text="ставка").first.click()
    page.wait_for_url("**/articles/*")
    assert page.locator("h1").inner_text() == "Набиуллина: ставка останется высокой до осени"
    # the link named a quote; it is marked in the text and scrolled into view
    linked = page.locator("span.q#" + page.url.split("#")[1])
    assert linked.count() == 1 and linked.is_visible()
    quote = page.locator("span.q-direct", has_text="Ключевая ставка останется высокой")
    assert quote.count() == 1
    assert quote.get_attribute("title").startswith("Эльвира Набиуллина")
    quote.hover()
    assert quote.evaluate("el => el.matches(':hover')")
    # the speaker right after the quote links back to the person
    who = page.locator("span.q-direct + sup.who a")
    assert who.inner_text() == "Эльвира Набиуллина"
    assert who.get_attribute("title") == "Страница: Эльвира Набиуллина"
    shots(page, "article")
    who.click()
    page.wait_for_url("**/entities/*")
    assert page.locator("h1").inner_text() == "Эльвира Набиуллина"


def test_hostile_article_text_shows_as_text_and_runs_nothing(server, page, shots):
    page.goto(server + "/search?q=" + "школу")
    page.locator("li.hit a[href^='/articles/']").first.click()
    page.wait_for_url("**/articles/*")
    body = page.locator("main").inner_text()
    assert SCRIPT in body and ATTR in body
    # nothing from the text became markup: no injected handler, no script element carrying it
    assert page.locator("[onmouseover]").count() == 0
    assert page.evaluate("[...document.scripts].every(s => !s.textContent.includes('alert'))")
    # where an injected onmouseover would fire
    page.get_by_text("onmouseover").first.hover()
    shots(page, "article-hostile")
