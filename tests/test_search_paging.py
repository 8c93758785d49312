"""Searching a word many articles hold, and quotes about it, read only the newest part of the index on
PostgreSQL (a rowid range widened until it holds enough matches; a said_at range of quotes; the speaker's
first quotes, tested in the query): the answers are the ones reading everything gives, the same on both
backends. The articles were written for these
tests."""
from datetime import date, timedelta

import pytest

from archive_helpers import ingest
from svodka.archive import Archive
from svodka.store import sqlquery

TOWNS = ["Северогорск", "Лесной", "Озёрск", "Приморск", "Каменск", "Зареченск"]
NAMES = ["Пётр Сомов", "Анна Лебедева", "Олег Титов", "Ирина Белова", "Максим Грачёв", "Нина Лосева"]
DETAILS = ["в две смены", "без выходных", "по ночам", "с опозданием", "досрочно", "силами трёх бригад",
           "под контролем прокуратуры", "на средства области", "после долгого перерыва", "вопреки морозам"]


def _articles(n: int) -> list[dict]:
    """Reports different enough to be stored one by one (no two a reprint of each other)."""
    out = []
    for k in range(n):
        town, name = TOWNS[k % len(TOWNS)], NAMES[(k // 6) % len(NAMES)]
        day = date(2025, 1, 1) + timedelta(days=k)
        # every third article speaks of the bridge: a word common enough that the window must be widened
        topic = "ремонт моста через реку" if k % 3 == 0 else "уборку снега во дворах"
        out.append({"id": f"n{k}", "source": "Вестник", "published": f"{day.isoformat()}T10:00:00+03:00",
                    "url": f"https://vestnik.example/n{k}",
                    "text": f"Выпуск {k + 1}. Глава города {town} {name} заявил, что {topic} закончат к "
                            f"{k % 28 + 1} марта. По его словам, подрядчик работает {DETAILS[k % len(DETAILS)]}, "
                            f"а смета составила {100 + 7 * k} миллионов рублей."})
    return out


@pytest.fixture(scope="module")
def archive(module_db):
    db = module_db("paging")
    ingest(db, _articles(60))
    return db


def test_search_takes_the_newest_matches_whatever_the_window(archive):
    with Archive(archive) as a:
        hits = a.search("моста", limit=50)
        whole = a.store._search_candidates("моста", None, None, window=None)
    assert hits and all("мост" in h.snippet.lower() for h in hits)
    # the window's matches are the newest of all the matches (ids grow with time here)
    newest = sorted((r for _, kind, r in whole if kind == "quote"), reverse=True)[:4]
    with Archive(archive) as a:
        # a window of 4 matches instead of 2,000, so that 20 matches in 60 articles need the range widened
        windowed = [r for _, kind, r in a.store._search_candidates("моста", "quote", None, window=4)]
    assert sorted(windowed, reverse=True) == newest


def test_quotes_about_a_common_word_come_in_time_order_from_paged_reading(archive, monkeypatch):
    monkeypatch.setattr(sqlquery, "FIRST_PAGE", 2)  # pages of 2, 8, 32… quotes instead of 256
    with Archive(archive) as a:
        some = a.quotes(about="мост", limit=3, newest_first=True)
        every = a.quotes(about="мост", limit=1000, newest_first=True)
        by_speaker = a.quotes(speaker="Сомов", about="мост", limit=2)
    assert len(every) == 20 and all("моста" in q.text for q in every)
    assert [q.id for q in some] == [q.id for q in every[:3]]
    somov = [q for q in reversed(every) if q.speaker == "Пётр Сомов"]
    assert len(somov) == 4 and [q.id for q in by_speaker] == [q.id for q in somov[:2]]


def _analysed(a: Archive) -> None:
    """PostgreSQL's planner statistics, which the said_at ranges of quotes are cut by (autovacuum's ANALYZE
    would come later); SQLite has nothing to do."""
    if a.store.path.startswith("postgresql"):
        a.store.conn.execute("ANALYZE quotes_fts")


@pytest.mark.parametrize("newest_first", [False, True])
def test_the_first_quotes_about_a_word_are_the_first_of_all_its_quotes(archive, newest_first):
    with Archive(archive) as a:
        _analysed(a)
        every = a.quotes(about="мост", limit=1000, newest_first=newest_first)
        assert len(every) == 20
        for limit, offset in ((1, 0), (3, 0), (5, 4), (4, 16)):
            got = a.quotes(about="моста", limit=limit, offset=offset, newest_first=newest_first)
            assert [q.id for q in got] == [q.id for q in every[offset:offset + limit]], (limit, offset)
        spring = a.quotes(about="мост", since=date(2025, 1, 20), until=date(2025, 2, 10), limit=2,
                          newest_first=newest_first)
        in_spring = [q for q in every if date(2025, 1, 20) <= q.published.date() <= date(2025, 2, 10)]
        assert [q.id for q in spring] == [q.id for q in in_spring[:2]] and spring
        # a name: its quotes about the person, and those that name them
        named = a.quotes(about="Сомова", limit=1000, newest_first=newest_first)
        first = a.quotes(about="Сомова", limit=2, newest_first=newest_first)
        assert [q.id for q in first] == [q.id for q in named[:2]]


def test_a_speakers_quotes_about_a_word_beyond_the_first_page(archive, monkeypatch):
    monkeypatch.setattr(sqlquery, "FIRST_PAGE", 1)  # the first page (4 quotes for 1 wanted) holds no match
    with Archive(archive) as a:
        every = a.quotes(speaker="Лебедева", limit=1000)
        snow = [q.id for q in every if "снега" in q.text]
        assert len(snow) >= 2 and len(every) > len(snow)
        assert [q.id for q in a.quotes(speaker="Лебедева", about="снег", limit=1)] == snow[:1]
        assert [q.id for q in a.quotes(speaker="Лебедева", about="снега", limit=2, offset=1)] == snow[1:3]


def test_a_speakers_quotes_about_a_word_read_on_past_the_first_page(archive, monkeypatch):
    monkeypatch.setattr(sqlquery, "FIRST_PAGE", 1)  # a first page of 4 quotes per one wanted: 2 of the 3 wanted
    with Archive(archive) as a:
        every = a.quotes(speaker="Лебедева", limit=1000)
        bridge = [q.id for q in every if "моста" in q.text]
        assert len(bridge) == 4
        for limit, offset in ((3, 0), (4, 0), (2, 2), (1, 3)):
            got = a.quotes(speaker="Лебедева", about="моста", limit=limit, offset=offset)
            assert [q.id for q in got] == bridge[offset:offset + limit], (limit, offset)
        # none in the first page: no share of matches to go by, the planner's way
        early = [q.id for q in every if "досрочно" in q.text]
        assert early and [q.id for q in a.quotes(speaker="Лебедева", about="досрочно", limit=1)] == early[:1]
