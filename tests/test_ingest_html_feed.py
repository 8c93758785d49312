"""Saved HTML pages (trafilatura) and RSS/Atom feeds (feedparser) become Articles like any other source."""
from datetime import datetime

from svodka.ingest.feed import plain_text
from svodka.ingest.html import compose
from svodka.ingest.readers import read_sources
from svodka.model import Article, IngestError

PAGE = """<!DOCTYPE html><html lang="ru"><head><meta charset="utf-8">
<title>Лавров прилетел в Анкару — Вести недели</title>
<link rel="canonical" href="https://vesti.example/2024/01/02/lavrov">
<meta property="og:site_name" content="Вести недели">
<meta property="og:title" content="Лавров прилетел в Анкару">
<meta property="article:published_time" content="2024-01-02T15:20:00+03:00">
</head><body>
<nav><a href="/">Главная</a> <a href="/politics">Политика</a> <a href="/sport">Спорт</a></nav>
<article>
<h1>Лавров прилетел в Анкару</h1>
<p>Министр иностранных дел России Сергей Лавров прибыл в Анкару для переговоров с турецким коллегой.
Стороны обсудят положение на Ближнем Востоке и поставки зерна.</p>
<p>«Мы рассчитываем на конструктивный разговор», — сказал Лавров журналистам в аэропорту.</p>
</article>
<aside>Читайте также: курс рубля, погода на выходные</aside>
<footer>© 2024 Вести недели. Все права защищены.</footer>
</body></html>"""

RSS = """<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">
<channel><title>Лента новостей</title><link>https://lenta.example/</link>
<item>
  <title>Токаев провел переговоры с Мирзиёевым</title>
  <link>https://lenta.example/news/1</link>
  <guid>lenta-1</guid>
  <pubDate>Tue, 02 Apr 2024 15:40:00 +0300</pubDate>
  <description>Коротко: президенты встретились.</description>
  <content:encoded><![CDATA[<p>Президент Казахстана Касым-Жомарт Токаев обсудил с президентом Узбекистана
  Шавкатом Мирзиёевым строительство новой гидроэлектростанции.</p><p>«Это важный проект», — отметил Токаев.</p>]]></content:encoded>
</item>
<item>
  <title>Пустая новость</title>
  <link>https://lenta.example/news/2</link>
</item>
<item>
  <title>Погода</title>
  <link>https://lenta.example/news/3</link>
  <description>В Москве &lt;b&gt;потеплеет&lt;/b&gt; до плюс пяти градусов.</description>
</item>
</channel></rss>"""

ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Атом-лента</title><id>urn:feed</id>
<updated>2024-05-01T10:00:00Z</updated>
<entry><title>Пашинян прибыл в Прагу</title><id>urn:entry:1</id>
<link href="https://atom.example/1"/><published>2024-05-01T08:00:00Z</published><updated>2024-05-01T09:00:00Z</updated>
<content type="html">&lt;p&gt;Премьер-министр Армении Никол Пашинян прибыл в Прагу.&lt;/p&gt;</content></entry>
</feed>"""


def read(path):
    items = list(read_sources([str(path)]))
    return [i for i in items if isinstance(i, Article)], [i for i in items if isinstance(i, IngestError)]


def test_html_page_gives_main_text_title_date_and_url(tmp_path):
    p = tmp_path / "lavrov.html"
    p.write_text(PAGE, encoding="utf-8")
    (art,), errs = read(p)
    assert not errs
    assert art.id == "lavrov"
    assert art.title == "Лавров прилетел в Анкару"
    assert art.published == datetime(2024, 1, 2, 15, 20)
    assert art.url == "https://vesti.example/2024/01/02/lavrov"
    assert art.text.startswith("Лавров прилетел в Анкару\n\nМинистр иностранных дел России")
    assert art.text[art.body_start:].startswith("Министр")
    assert "Мы рассчитываем на конструктивный разговор" in art.text
    # navigation, asides and footers are not the article
    assert "Главная" not in art.text and "Все права защищены" not in art.text


def test_html_in_windows_1251_and_pages_without_text(tmp_path):
    p = tmp_path / "cp.htm"
    p.write_bytes(PAGE.replace('charset="utf-8"', 'charset="windows-1251"').encode("cp1251"))
    (art,), _ = read(p)
    assert "Сергей Лавров" in art.text and art.encoding == "windows-1251"
    empty = tmp_path / "empty.html"
    empty.write_text("<html><head><title>x</title></head><body><div><img src=a.png></div></body></html>", encoding="utf-8")
    arts, (err,) = read(empty)
    assert not arts and err.origin == str(empty) and "no article text" in err.message


def test_rss_entries_are_articles_and_a_bad_entry_is_reported_with_its_line(tmp_path):
    p = tmp_path / "lenta.rss"
    p.write_text(RSS, encoding="utf-8")
    arts, errs = read(p)
    assert [a.id for a in arts] == ["lenta-1", "https://lenta.example/news/3"]
    tok = arts[0]
    assert tok.title == "Токаев провел переговоры с Мирзиёевым"
    assert tok.published == datetime(2024, 4, 2, 12, 40)  # UTC
    assert tok.url == "https://lenta.example/news/1" and tok.source == "Лента новостей"
    # the full content wins over the short description, markup removed, paragraphs kept
    assert "Шавкатом Мирзиёевым строительство" in tok.text and "<p>" not in tok.text
    assert "\n\n«Это важный проект»" in tok.text
    assert "потеплеет до плюс пяти" in arts[1].text
    (err,) = errs
    assert err.origin == f"{p}:13" and "no text" in err.message


def test_atom_feed(tmp_path):
    p = tmp_path / "feed.atom"
    p.write_text(ATOM, encoding="utf-8")
    (art,), errs = read(p)
    assert not errs
    assert art.id == "urn:entry:1" and art.url == "https://atom.example/1"
    assert art.published == datetime(2024, 5, 1, 8, 0)
    assert art.text == "Пашинян прибыл в Прагу\n\nПремьер-министр Армении Никол Пашинян прибыл в Прагу."


def test_not_a_feed_is_reported(tmp_path):
    p = tmp_path / "broken.xml"
    p.write_text("<html><body>не лента</body></html>", encoding="utf-8")
    arts, (err,) = read(p)
    assert not arts and err.origin == str(p) and "not an RSS or Atom feed" in err.message


def test_directories_pick_up_html_and_feeds(tmp_path):
    (tmp_path / "a.html").write_text(PAGE, encoding="utf-8")
    (tmp_path / "b.rss").write_text(RSS, encoding="utf-8")
    (tmp_path / "c.txt").write_text("Заголовок\n\nТекст статьи о переговорах.", encoding="utf-8")
    arts, errs = read(tmp_path)
    assert len(arts) == 4 and len(errs) == 1


def test_helpers():
    assert plain_text("<p>Один<br>два</p><p>три &amp; четыре</p>") == "Один\nдва\n\nтри & четыре"
    assert compose("Заголовок", "Заголовок\nТело") == ("Заголовок\n\nТело", len("Заголовок\n\n"))
    assert compose(None, " Тело ") == ("Тело", 0)
