"""Channels in every answer (issue 11): reposts stored once with every appearance, --source, local times,
counts of what a listing left out, unknown speakers, ambiguous names, Excel CSV, the search language, and
the flows a new user runs, on invented posts in the style of Russian news channels."""
import csv
import io
import json
from datetime import datetime, timezone

import pytest
from rich.console import Console
from typer.testing import CliRunner

from svodka.archive import Archive, clean_hash, csv_row, local_time
from svodka.cli import app
from svodka.model import Analysis, Article, Entity, Mention, Quote
from svodka.store import schema, terms
from svodka.store.records import unknown_speaker
from svodka.store.sqlite import SQLiteStore

runner = CliRunner()

FOOTER_A = "\n\n👉 [Подписаться на Северогорск Сейчас](https://t.me/severogorsk_now_example)"
FOOTER_B = "\n\n🔴 [Подписаться](https://t.me/sever_live_example) | [Прислать новость](https://t.me/sever_bot_example)"

BRIDGE = ("**Мэр Северогорска Андрей Литвин** пообещал открыть новый мост через реку Тихую до конца декабря.\n\n"
          "«Подрядчик работает в три смены, переносить сроки мы не будем», — сказал Литвин журналистам.")
TARIFF = ("Министр транспорта области Сергей Литвин объявил, что цены на проезд в автобусах не вырастут.\n\n"
          "«Тарифы в следующем году останутся прежними», — заявил Литвин на заседании правительства области.")
SNOW = ("❄️ Синоптики пообещали снегопад в Северогорске в выходные. Коммунальные службы переведены на "
        "усиленный режим работы, на улицы выйдет вся уборочная техника.")
FERRY = ("Паромная переправа через реку Тихую закрыта до весны из-за ледостава. Жителей заречных районов "
         "попросили пользоваться объездной дорогой.")


def post(id, text, source, when, url=None):
    rec = {"id": id, "text": text, "source": source, "published": when}
    if url:
        rec["url"] = url
    return json.dumps(rec, ensure_ascii=False)


POSTS = [
    post("sn-101", BRIDGE + FOOTER_A, "Северогорск Сейчас", "2024-11-05T07:15:00+00:00"),
    # the same post under another channel's footer, an hour later
    post("sl-77", BRIDGE + FOOTER_B, "Север Live", "2024-11-05T08:20:00+00:00"),
    post("sn-102", TARIFF + FOOTER_A, "Северогорск Сейчас", "2024-11-06T09:00:00+00:00"),
    post("sl-78", SNOW + FOOTER_B, "Север Live", "2024-11-07T05:30:00+00:00"),
    post("sl-79", FERRY, "Север Live", "2024-11-08T12:00:00+00:00"),
]


@pytest.fixture(scope="module")
def channel_db(tmp_path_factory, module_db, models):
    d = tmp_path_factory.mktemp("channels")
    src = d / "posts.jsonl"
    src.write_text("\n".join(POSTS) + "\n", encoding="utf-8")
    db = module_db("news")  # a SQLite file, then a PostgreSQL database: every CLI flow here runs on both
    res = runner.invoke(app, ["ingest", str(src), "--db", db])
    assert res.exit_code == 0, res.output
    return db, src, res


# --- the flows a new user runs, with the real models ------------------------------------------------------------

def test_ingest_stores_a_repost_once_and_says_what_happened(channel_db):
    db, src, res = channel_db
    assert "4 new, 0 updated, 0 already stored, 0 duplicates of other posts, 1 new appearances in other " \
           "channels, 0 failed" in res.stderr
    res = runner.invoke(app, ["ingest", str(src), "--db", db])
    assert "0 new, 0 updated, 5 already stored" in res.stderr
    with Archive(db) as a:
        c = a.store.conn
        assert c.execute("SELECT COUNT(*) FROM articles").fetchone()[0] == 4
        rows = c.execute("SELECT p.source, p.published FROM appearances p JOIN articles a ON a.id = p.article_id "
                         "WHERE a.ext_id = 'sn-101' ORDER BY p.published").fetchall()
    assert rows == [("Северогорск Сейчас", "2024-11-05T07:15:00+00:00"), ("Север Live", "2024-11-05T08:20:00+00:00")]


def test_quotes_by_a_person_show_channel_local_time_and_reposts(channel_db):
    db, _, _ = channel_db
    res = runner.invoke(app, ["quotes", "--speaker", "Андрея Литвина", "--db", db], env={"COLUMNS": "100"})
    assert res.exit_code == 0, res.output
    out = res.stdout
    assert "(Europe/Moscow)" in out
    assert "2024-11-05 10:15" in out          # 07:15 UTC on Moscow time
    assert "Северогорск Сейчас" in out and "×2 channels" in out
    assert "Тарифы" not in out                # the other Литвин
    assert "1 quote" in out
    # the repost's channel, when asked for, with its own time
    res = runner.invoke(app, ["quotes", "--speaker", "Андрей Литвин", "--source", "север live", "--db", db,
                              "--tz", "UTC"], env={"COLUMNS": "100"})
    assert "Север Live" in res.stdout and "2024-11-05 08:20" in res.stdout and "(UTC)" in res.stdout
    res = runner.invoke(app, ["quotes", "--speaker", "Сергей Литвин", "--source", "Север Live", "--db", db])
    assert "no quotes found" in res.stderr


def test_a_surname_of_two_people_says_so_and_lists_them(channel_db):
    db, _, _ = channel_db
    res = runner.invoke(app, ["quotes", "--speaker", "Литвин", "--db", db, "--format", "jsonl"])
    assert res.exit_code == 0, res.output
    assert "names 2 people" in res.stderr
    assert "Андрей Литвин" in res.stderr and "Сергей Литвин" in res.stderr
    speakers = {json.loads(line)["speaker"] for line in res.stdout.splitlines()}
    assert speakers == {"Андрей Литвин", "Сергей Литвин"}
    eid = json.loads(res.stdout.splitlines()[0])["entity_id"]
    res = runner.invoke(app, ["quotes", "--speaker", f"#{eid}", "--db", db, "--format", "jsonl"])
    assert "names" not in res.stderr and len(res.stdout.splitlines()) == 1


def test_search_with_or_phrase_and_exclusion(channel_db):
    db, _, _ = channel_db

    def ids(query, *extra):
        res = runner.invoke(app, ["search", query, "--db", db, "--kind", "article", "--format", "jsonl", *extra])
        assert res.exit_code == 0, res.output
        return {json.loads(line)["article_id"] for line in res.stdout.splitlines()}

    assert ids("реки Тихой") == {"sn-101", "sl-79"}
    assert ids("снегопад OR паромная") == {"sl-78", "sl-79"}
    assert ids('"новый мост"') == {"sn-101"}
    assert ids('"мост новый"') == set()
    assert ids("Тихой -мост") == {"sl-79"}
    assert ids("Тихой", "--source", "Север Live") == {"sn-101", "sl-79"}  # the repost counts
    assert ids("Тихой", "--source", "Северогорск Сейчас") == {"sn-101"}
    res = runner.invoke(app, ["search", "--help"])
    assert "OR" in res.stdout and "phrase" in res.stdout and "-word" in res.stdout


@pytest.mark.parametrize("query", ['"', '*', 'NEAR(', ')', '--', '-', 'OR', '"мост', 'мост*', 'NEAR(мост реки, 2)',
                                   'title:мост', '^мост', 'AND OR NOT', '-"', '""', "'", '(((', 'мост OR', '- мост'])
def test_any_search_input_returns_results_or_nothing(channel_db, query):
    db, _, _ = channel_db
    for fmt in ("table", "jsonl"):
        res = runner.invoke(app, ["search", "--db", db, "--format", fmt, query])
        assert res.exit_code == 0, (query, res.output)


def test_export_csv_and_excel_carry_channels_and_local_times(channel_db, tmp_path):
    db, _, _ = channel_db
    res = runner.invoke(app, ["export", "quotes", "--format", "csv", "--db", db])
    assert res.exit_code == 0, res.output
    rows = list(csv.DictReader(io.StringIO(res.stdout)))
    bridge = [r for r in rows if "Подрядчик" in r["text"]]
    assert bridge and bridge[0]["source"] == "Северогорск Сейчас"
    assert bridge[0]["sources"] == "Северогорск Сейчас; Север Live"
    assert bridge[0]["date (Europe/Moscow)"] == "2024-11-05 10:15"
    out = tmp_path / "q.csv"
    res = runner.invoke(app, ["export", "quotes", "--format", "csv", "--excel", "-o", str(out), "--db", db])
    assert res.exit_code == 0, res.output
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    header = raw.decode("utf-8-sig").splitlines()[0].split(";")
    assert header[:5] == ["date (Europe/Moscow)", "speaker", "quote", "source", "link"]
    assert len(header) == len(set(header))
    res = runner.invoke(app, ["export", "articles", "--format", "csv", "--source", "Северогорск Сейчас", "--db", db])
    assert {r["id"] for r in csv.DictReader(io.StringIO(res.stdout))} == {"sn-101", "sn-102"}
    res = runner.invoke(app, ["quotes", "--db", db, "--format", "csv", "--excel"])
    assert res.stdout.startswith("\ufeffdate (Europe/Moscow);speaker;quote;source;link")
    res = runner.invoke(app, ["export", "quotes", "--format", "jsonl", "--excel", "--db", db])
    assert res.exit_code == 2


def test_entity_and_entities_by_channel(channel_db):
    db, _, _ = channel_db
    res = runner.invoke(app, ["entity", "Андрея Литвина", "--db", db], env={"COLUMNS": "100"})
    assert res.exit_code == 0, res.output
    assert "Андрей Литвин" in res.stdout and "×2 channels" in res.stdout and "1 of 1" in res.stdout
    assert "2024-11-05 10:15" in res.stdout
    res = runner.invoke(app, ["entities", "--type", "PER", "--db", db, "--source", "Север Live", "--format", "jsonl"])
    names = {json.loads(line)["name"] for line in res.stdout.splitlines()}
    assert "Андрей Литвин" in names and "Сергей Литвин" not in names
    res = runner.invoke(app, ["entities", "--db", db, "--top", "2"])
    assert "2 of " in res.stdout and "--top to see more" in res.stdout


def test_listings_say_how_much_they_left_out(channel_db):
    db, _, _ = channel_db
    res = runner.invoke(app, ["search", "Литвин", "--db", db, "--limit", "1"])
    assert "1 of 2 results; --limit to see more" in res.stdout
    res = runner.invoke(app, ["quotes", "--db", db, "--limit", "1", "--format", "jsonl"])
    assert len(res.stdout.splitlines()) == 1 and "1 of " in res.stderr and "--limit to see more" in res.stderr


def test_tables_read_at_80_columns(channel_db):
    db, _, _ = channel_db
    for args in (["quotes"], ["search", "Литвин"], ["entities"], ["entity", "Литвин"]):
        res = runner.invoke(app, [*args, "--db", db], env={"COLUMNS": "80"})
        assert res.exit_code == 0, res.output
        lines = res.stdout.splitlines()
        assert lines and max(len(line) for line in lines) <= 80, res.stdout
        # dates and ids are never cut in two
        assert all(not line.rstrip().endswith(("2024-", "#")) for line in lines)


# --- repost identity, precisely, without the models ------------------------------------------------------------

def story(id, text, source=None, published=None, url=None, people=(), quotes=()):
    art = Article(id=id, text=text, source=source, published=published, url=url)
    ents = []
    for n, (name, sub) in enumerate(people, 1):
        i = text.index(sub)
        ents.append(Entity(f"e{n}", "PER", name, [Mention(i, i + len(sub), sub, "name")]))
    qs = []
    for sub, speaker, ent in quotes:
        i = text.index(sub)
        qs.append(Quote("direct", i, i + len(sub), sub, speaker, "person" if ent else None,
                        f"e{ent}" if ent else None, "сказал"))
    return art, Analysis(id, None, published, entities=ents, quotes=qs)


def test_clean_hash_ignores_footers_but_not_short_texts():
    assert clean_hash(BRIDGE + FOOTER_A) == clean_hash(BRIDGE + FOOTER_B) is not None
    assert clean_hash("Обстановка в городе." + FOOTER_A) is None


def test_appearances_stored_and_edited(tmp_path):
    t = "Власти Северогорска объявили о закрытии городского катка на ремонт до начала января следующего года."
    when = datetime(2024, 11, 3, 10, tzinfo=timezone.utc)
    with Archive(tmp_path / "a.db") as a:
        assert a.add(*story("1", t, "Канал А", when, "https://t.me/a/1")).status == "new"
        assert a.add(*story("1", t, "Канал А", when, "https://t.me/a/1")).status == "stored"
        assert a.add(*story("9", t + FOOTER_B, "Канал Б", when, "https://t.me/b/9")).status == "appearance"
        assert a.add(*story("9", t + FOOTER_B, "Канал Б", when, "https://t.me/b/9")).status == "stored"
        assert a.add(*story("x", t, None, when)).status == "duplicate"
        [hit] = a.search("каток")
        assert hit.article.sources == ["Канал А", "Канал Б"]
        # channel B edits its post: it is no longer a repost of A's text
        assert a.add(*story("9", "Каток закрыт до весны, сообщили в мэрии Северогорска сегодня утром.",
                            "Канал Б", when, "https://t.me/b/9")).status == "new"
        [hit] = a.search("каток ремонт")
        assert hit.article.sources == ["Канал А"]


def test_unknown_speakers_are_never_names(tmp_path):
    for name in (None, "", "—", "мы", "Вы", "он", "Их", "они сами"):
        assert unknown_speaker(name), name
    for name in ("Андрей Литвин", "источник в мэрии", "МЧС", "Мы-Ян"):
        assert not unknown_speaker(name), name
    t = "«Мы всё починим к утру», — сказали мы. «Город готов к зиме», — сказал Иван Петров."
    with Archive(tmp_path / "a.db") as a:
        a.add(*story("u", t, "Канал", datetime(2024, 11, 1), people=[("Иван Петров", "Иван Петров")],
                     quotes=[("Мы всё починим к утру", "мы", None), ("Город готов к зиме", "Иван Петров", 1)]))
        rows = a.quotes()
        assert [q.speaker for q in rows] == [None, "Иван Петров"]
        assert rows[0].speaker_in_article == "мы"
    res = runner.invoke(app, ["quotes", "--db", str(tmp_path / "a.db")], env={"COLUMNS": "80"})
    assert "unknown" in res.stdout and " мы " not in res.stdout


def test_an_untitled_post_is_shown_by_its_first_line(tmp_path):
    t = ("🔥 **Пожар на складе в промзоне Северогорска потушен.** Пострадавших нет, сообщили в МЧС.\n\n"
         "«Причины выясняются», — сказал Иван Петров." + FOOTER_A)
    with Archive(tmp_path / "a.db") as a:
        art, an = story("tg-5501", t, "Канал", datetime(2024, 11, 1), people=[("Иван Петров", "Иван Петров")],
                        quotes=[("Причины выясняются", "Иван Петров", 1)])
        a.add(art, an)
        [q] = a.quotes()
        assert q.article.headline.startswith("Пожар на складе в промзоне Северогорска потушен.")
        assert "**" not in q.article.headline
    res = runner.invoke(app, ["quotes", "--db", str(tmp_path / "a.db")], env={"COLUMNS": "120"})
    assert "Пожар на складе" in res.stdout and "tg-5501" not in res.stdout


def test_ingest_of_a_missing_path_creates_no_archive(tmp_path):
    db = tmp_path / "new.db"
    res = runner.invoke(app, ["ingest", str(tmp_path / "nope.jsonl"), "--db", str(db)])
    assert res.exit_code == 1 and "no such file" in res.stderr and "was not created" in res.stderr
    assert not db.exists()


def test_schema_4_copies_every_article_as_its_first_appearance(tmp_path, monkeypatch):
    db = tmp_path / "old.db"
    monkeypatch.setattr(schema, "SCHEMA_VERSION", 3)
    store = SQLiteStore(db)
    from svodka.archive import text_hash
    from svodka.store import Entry
    art, an = story("p1", "Мэрия Северогорска открыла новый сквер у вокзала.", "СЕВЕР Live",
                    datetime(2024, 11, 2, 9, tzinfo=timezone.utc))
    store.conn.execute("BEGIN")
    store.conn.execute("INSERT INTO articles (ext_id, url, text_hash, title, published, source, origin, text, "
                       "analysis) VALUES ('p1', NULL, ?, NULL, ?, ?, NULL, ?, x'00')",
                       (text_hash(art.text), art.published.isoformat(), art.source, art.text))
    store.conn.execute("COMMIT")
    assert schema.version(store.conn) == 3
    store.close()
    monkeypatch.undo()
    with Archive(db) as a:
        c = a.store.conn
        assert schema.version(c) == schema.SCHEMA_VERSION
        assert c.execute("SELECT source, source_key, published FROM appearances").fetchall() == [
            ("СЕВЕР Live", "север live", "2024-11-02T09:00:00+00:00")]
        # a rerun of the old input finds the post it already has
        assert a.store.known(art, text_hash(art.text), clean_hash(art.text)) == "stored"
        del Entry


# --- the search language ---------------------------------------------------------------------------------------

def test_query_language_translates_to_safe_fts():
    q = terms.parse('газ OR нефть "мирные переговоры" -Украина -"ночной удар"')
    assert q.clauses == ((("газ",), ("нефть",)), (("мирные", "переговоры"),))
    assert q.excluded == (("Украина",), ("ночной", "удар"))
    assert terms.match_expression("-газ") is None and terms.match_expression('"') is None
    assert terms.text_matches("Стороны начали мирные переговоры", '"мирные переговоры" -газ')
    assert not terms.text_matches("Переговоры были мирные", '"мирные переговоры"')
    assert not terms.text_matches("Ночной удар по складу", 'склад -"ночной удар"')
    assert terms.text_matches("Ночью удар по складу", 'склад -"ночной удар"')


# --- display ---------------------------------------------------------------------------------------------------

def test_analyze_table_shows_whole_quotes_at_80_columns():
    from svodka.render import quote_table
    long = ("Мы будем добиваться того, чтобы каждый житель области получил доступ к чистой питьевой воде, и эта "
            "программа будет выполнена полностью, без исключений и переносов сроков")
    an = Analysis("x", None, None, quotes=[Quote("direct", 0, len(long), long, "Иван Петров", "person", None, "сказал"),
                                            Quote("direct", 0, 5, "Всё так", "он", "person", None, "сказал")])
    con = Console(width=80, record=True)
    con.print(quote_table(an))
    text = con.export_text()
    assert max(len(line) for line in text.splitlines()) <= 80
    assert "переносов сроков" in text and "…" not in text
    assert "unknown" in text and " он " not in text


def test_local_time_and_csv_column():
    utc = datetime(2024, 11, 5, 21, 30, tzinfo=timezone.utc)
    assert local_time(utc).strftime("%Y-%m-%d %H:%M") == "2024-11-06 00:30"
    assert local_time(datetime(2024, 11, 5, 21, 30)).hour == 21  # a naive time is already local
    row = csv_row({"text": "x", "published": utc.isoformat()}, "quotes", "Asia/Vladivostok")
    assert row["date (Asia/Vladivostok)"] == "2024-11-06 07:30"
