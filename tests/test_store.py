"""The store (SQLite and PostgreSQL: the tests that take `archive` run on both) with analyses written by hand: identity, replacement, lemma search, quotes, entities."""
import csv
import io
import json
import sqlite3
from datetime import date, datetime

import pytest

from svodka.archive import Archive, text_hash
from svodka.model import Analysis, Article, Entity, Mention, Quote
from svodka.store import schema
from svodka.store.terms import forms, match_expression, snippet

TOKAEV_TEXT = ("Токаев провел переговоры в Москве\n\n"
               "Президент Казахстана Касым-Жомарт Токаев заявил, что переговоры в Москве прошли успешно. "
               "«Мы договорились о поставках газа», — сказал Токаев.")
PUTIN_TEXT = ("Путин ответил на вопросы\n\n"
              "Владимир Путин заявил, что Россия открыта к сотрудничеству с Казахстаном. "
              "«Казахстан — наш союзник», — подчеркнул президент. Он также упомянул Токаева.")


def span(text, sub, nth=0):
    i = -1
    for _ in range(nth + 1):
        i = text.index(sub, i + 1)
    return i, i + len(sub)


def mention(text, sub, nth=0, kind="name"):
    a, b = span(text, sub, nth)
    return Mention(a, b, sub, kind)


def quote(text, sub, kind, speaker, ent, cue):
    a, b = span(text, sub)
    return Quote(kind, a, b, sub, speaker, "person", ent, cue)


def tokaev(url="https://news.example/1", published=datetime(2023, 11, 8, 9, 34), text=TOKAEV_TEXT, id="t1"):
    art = Article(id=id, text=text, title=text.split("\n")[0], published=published, url=url,
                  body_start=text.index("\n\n") + 2)
    an = Analysis(id=id, title=art.title, published=published, entities=[
        Entity("e1", "PER", "Касым-Жомарт Токаев", [mention(text, "Токаев"), mention(text, "Касым-Жомарт Токаев"),
                                                   mention(text, "Токаев", 2, "surname")]),
        Entity("e2", "LOC", "Москва", [mention(text, "Москве"), mention(text, "Москве", 1)]),
        Entity("e3", "LOC", "Казахстан", [mention(text, "Казахстана")]),
    ], quotes=[
        quote(text, text[text.index("«") + 1:text.index("»")], "direct", "Касым-Жомарт Токаев", "e1", "сказал"),
        quote(text, "переговоры в Москве прошли успешно", "indirect", "Касым-Жомарт Токаев", "e1", "заявил"),
    ])
    return art, an


def putin(url="https://news.example/2", published=datetime(2021, 3, 1, 12, 0), id="p1"):
    text = PUTIN_TEXT
    art = Article(id=id, text=text, title=text.split("\n")[0], published=published, url=url,
                  body_start=text.index("\n\n") + 2)
    an = Analysis(id=id, title=art.title, published=published, entities=[
        Entity("e1", "PER", "Владимир Путин", [mention(text, "Путин"), mention(text, "Владимир Путин"),
                                              mention(text, "президент", 0, "title"), mention(text, "Он", 0, "pronoun")]),
        Entity("e2", "LOC", "Казахстан", [mention(text, "Казахстаном"), mention(text, "Казахстан")]),
        Entity("e3", "PER", "Касым-Жомарт Токаев", [mention(text, "Токаева")]),
        Entity("e4", "LOC", "Россия", [mention(text, "Россия")]),
    ], quotes=[
        quote(text, "Россия открыта к сотрудничеству с Казахстаном", "indirect", "Владимир Путин", "e1", "заявил"),
        quote(text, "Казахстан — наш союзник", "direct", "Владимир Путин", "e1", "подчеркнул"),
    ])
    return art, an


@pytest.fixture
def archive(db):
    with Archive(db) as a:
        yield a


@pytest.fixture
def filled(archive):
    archive.add(*tokaev())
    archive.add(*putin())
    return archive


def test_forms_let_inflected_names_meet():
    assert set(forms("Токаева")) & set(forms("Токаев"))
    assert set(forms("переговорах")) & set(forms("переговоры"))
    assert "ё" not in "".join(forms("Пётр"))
    # FTS syntax in user input is quoted, not interpreted
    assert match_expression('AND "x" NEAR') .count('"') >= 6


def test_snippet_marks_the_query_words_in_any_form():
    s = snippet(TOKAEV_TEXT, "Токаева переговорах")
    assert "**Токаев**" in s and "**переговоры**" in s


def test_same_article_is_stored_once_by_url_or_by_text(archive):
    art, an = tokaev()
    assert archive.add(art, an).status == "new"
    assert archive.add(*tokaev()).status == "stored"
    # same text elsewhere, or without a URL, or re-wrapped: still the same article; with nothing to say
    # where else it appeared (no source), a duplicate
    assert archive.add(*tokaev(url="https://mirror.example/x")).status == "duplicate"
    assert archive.add(*tokaev(url=None, text=TOKAEV_TEXT.replace(". ", ".\n  "))).status == "duplicate"
    assert archive.stats() == {"articles": 1, "quotes": 2, "entities": 3}


def test_changed_text_at_same_url_replaces_the_old_analysis(archive):
    archive.add(*tokaev())
    new_text = TOKAEV_TEXT.replace("поставках газа", "поставках нефти")
    art, an = tokaev(text=new_text)
    an.quotes = an.quotes[:1]
    assert archive.add(art, an).status == "updated"
    assert archive.stats()["articles"] == 1
    qs = archive.quotes(speaker="Токаев")
    assert [q.text for q in qs] == ["Мы договорились о поставках нефти"]
    assert not archive.search("газ")  # the old text is gone from the index too
    assert archive.search("нефти")
    assert counts_agree(archive)


def counts_agree(archive):
    """The kept mention totals equal a recount from the per-article rows."""
    c = archive.store.conn
    kept = set(c.execute("SELECT entity_id, mentions, articles FROM entity_counts WHERE articles > 0"))
    recount = set(c.execute("SELECT entity_id, SUM(mentions), COUNT(*) FROM article_entities GROUP BY entity_id"))
    return kept == recount


def test_search_finds_inflected_forms_in_articles_and_quotes(filled):
    hits = filled.search("Токаева")
    assert {h.article.id for h in hits} == {"t1", "p1"}
    hits = filled.search("переговоры")
    assert any(h.kind == "article" and h.article.id == "t1" for h in hits)
    quote_hits = filled.search("союзника", kind="quote")
    assert [h.speaker for h in quote_hits] == ["Владимир Путин"]
    assert "**союзник**" in quote_hits[0].snippet
    assert filled.search("газом")[0].kind in ("quote", "article")
    assert filled.search("крокодил") == []
    assert filled.search("  ,, ") == []


def test_quotes_by_any_alias_in_any_form_in_time_order(filled):
    for alias in ("Путин", "Путина", "Владимира Путина", "путину"):
        qs = filled.quotes(speaker=alias)
        assert {q.speaker for q in qs} == {"Владимир Путин"}, alias
    # titles and descriptions are not aliases
    assert filled.quotes(speaker="президента") == []
    qs = filled.quotes(speaker="Касыма-Жомарта Токаева")
    assert [q.kind for q in qs] == ["indirect", "direct"]  # text order within one article
    # a pronoun is not an alias, nor is a name inside an unnamed source's description
    assert filled.quotes(speaker="он") == []
    text = "Представитель Путина сказал, что визит состоится."
    art = Article(id="u1", text=text, published=datetime(2022, 1, 1))
    an = Analysis(id="u1", title=None, published=art.published, quotes=[
        Quote("indirect", 30, 48, "визит состоится", "представитель Путина", "unnamed", None, "сказал")])
    filled.add(art, an)
    assert all(q.speaker == "Владимир Путин" for q in filled.quotes(speaker="Путин"))
    assert [q.speaker for q in filled.quotes(about="визит")] == ["представитель Путина"]
    # an organisation is found by its name given in full, and does not pass for a person named in it
    text = "Администрация Путина сообщила, что визит отменён. МИД России заявил, что визит состоится."
    art = Article(id="o1", text=text, published=datetime(2022, 2, 2))
    an = Analysis(id="o1", title=None, published=art.published, quotes=[
        Quote("indirect", 36, 49, "визит отменён", "Администрация Путина", "organization", None, "сообщила"),
        Quote("indirect", 70, 85, "визит состоится", "МИД России", "organization", None, "заявил")])
    filled.add(art, an)
    assert all(q.speaker == "Владимир Путин" for q in filled.quotes(speaker="Путин"))
    assert [q.text for q in filled.quotes(speaker="МИДа России")] == ["визит состоится"]
    assert filled.quotes(speaker="России") == []
    every = filled.quotes()
    assert [q.published.year for q in every] == [2021, 2021, 2022, 2022, 2022, 2023, 2023]
    assert [q.published.year for q in filled.quotes(newest_first=True)][:2] == [2023, 2023]


def test_quote_filters(filled):
    about = filled.quotes(speaker="Путин", about="Казахстана")
    assert len(about) == 2
    assert [q.text for q in filled.quotes(about="газ")] == ["Мы договорились о поставках газа"]
    assert [q.kind for q in filled.quotes(speaker="Путин", kind="direct")] == ["direct"]
    assert filled.quotes(since=date(2023, 1, 1)) and all(q.published.year == 2023 for q in filled.quotes(since=date(2023, 1, 1)))
    assert len(filled.quotes(until=date(2021, 3, 1))) == 2  # the whole day counts
    assert filled.quotes(until=date(2021, 2, 28)) == []
    q = filled.quotes(speaker="Токаев", limit=1)[0]
    assert q.article.url == "https://news.example/1" and q.article.title.startswith("Токаев провел")


def test_entities_and_one_entity_profile(filled):
    top = filled.entities()
    assert top[0].name == "Касым-Жомарт Токаев" and top[0].mentions == 4 and top[0].articles == 2
    assert {e.type for e in filled.entities(type="LOC")} == {"LOC"}
    p = filled.entity("Токаеву")
    assert p.entity.name == "Касым-Жомарт Токаев"
    assert {"Токаев", "Касым-Жомарт Токаев", "Токаева"} <= {a for a, _ in p.aliases}
    assert dict(p.timeline) == {"2021-03": 1, "2023-11": 3}
    assert {e.name for e, _ in p.co_mentioned} >= {"Москва", "Владимир Путин", "Казахстан"}
    assert [q.published.year for q in p.latest_quotes] == [2023, 2023]
    assert filled.entity("Путин").entity.name == "Владимир Путин"
    assert filled.entity(p.entity.id).entity.name == "Касым-Жомарт Токаев"
    assert filled.entity("Бонапарт") is None


def test_export_formats(filled, tmp_path):
    buf = io.StringIO()
    assert filled.export("quotes", "jsonl", buf) == 4
    rows = [json.loads(line) for line in buf.getvalue().splitlines()]
    assert {r["speaker"] for r in rows} == {"Владимир Путин", "Касым-Жомарт Токаев"}
    buf = io.StringIO()
    assert filled.export("entities", "csv", buf) == 5
    ents = list(csv.DictReader(io.StringIO(buf.getvalue())))
    tok = next(e for e in ents if e["name"] == "Касым-Жомарт Токаев")
    assert "Токаева" in tok["aliases"]
    buf = io.StringIO()
    filled.export("articles", "jsonl", buf)
    arts = [json.loads(line) for line in buf.getvalue().splitlines()]
    assert arts[0]["text"] == TOKAEV_TEXT and arts[0]["quotes"][0]["speaker"] == "Касым-Жомарт Токаев"
    pq = pytest.importorskip("pyarrow.parquet")
    filled.export("articles", "parquet", str(tmp_path / "a.parquet"))
    table = pq.read_table(tmp_path / "a.parquet")
    assert table.num_rows == 2 and "published" in table.column_names
    with pytest.raises(ValueError):
        filled.export("people", "jsonl", io.StringIO())


def test_stored_analysis_round_trips(filled):
    from dataclasses import asdict
    art, an = tokaev()
    # the one serialiser gives what dataclasses.asdict would, without its deep copies
    assert an.to_dict()["quotes"] == [asdict(q) for q in an.quotes]
    assert an.to_dict()["entities"] == [asdict(e) for e in an.entities]
    got_art, got_an = filled.store.load_analysis(1)
    assert got_art.text == art.text and got_an.to_dict() == an.to_dict()


def test_a_failing_entry_is_rolled_back_alone(archive):
    from svodka.store import Entry
    good, bad = tokaev(), putin()
    bad[1].quotes[0].kind = None  # NOT NULL in the schema: this entry cannot be stored
    outcomes = archive.store.save([Entry(bad[0], bad[1], text_hash(bad[0].text)),
                                   Entry(good[0], good[1], text_hash(good[0].text))])
    assert [o.status for o in outcomes] == ["failed", "new"]
    assert "IntegrityError" in outcomes[0].error
    assert archive.stats() == {"articles": 1, "quotes": 2, "entities": 3}
    assert archive.search("союзник") == []


def dates_agree(archive):
    """Each mention row carries its article's date (schema 6), which the mention timeline reads."""
    return not archive.store.conn.execute(
        "SELECT 1 FROM article_entities ae JOIN articles a ON a.id = ae.article_id "
        "WHERE ae.published IS DISTINCT FROM a.published").fetchall()


def test_a_replaced_article_moves_its_mentions_to_its_new_date(archive):
    archive.add(*tokaev())
    art, an = tokaev(text=TOKAEV_TEXT.replace("поставках газа", "поставках нефти"), published=datetime(2024, 2, 5, 8))
    assert archive.add(art, an).status == "updated"
    assert dates_agree(archive)
    assert dict(archive.entity("Токаев").timeline) == {"2024-02": 3}


def profiles(a):
    out = {}
    for e in a.entities(top=1000):
        for period in ("week", "month"):
            p = a.entity(e.id, quotes=50, period=period)
            out[e.id, period] = (p.entity, p.aliases, p.timeline, p.co_mentioned, [q.id for q in p.latest_quotes],
                                 p.quotes_total, a.store.quote_timeline(e.id, period))
            p = a.entity(e.id, quotes=50, period=period, sources=["ТАСС"])
            out[e.id, period, "src"] = p and (p.entity, p.timeline, p.co_mentioned, p.quotes_total)
    return out


def test_a_version_5_archive_migrates_and_gives_the_same_profiles(tmp_path):
    path = tmp_path / "v5.db"
    with Archive(path) as a:
        a.add(*tokaev())
        a.add(*putin())
        art, an = tokaev(url="https://news.example/3", id="t3", published=None,
                         text=TOKAEV_TEXT.replace("поставках газа", "поставках угля"))
        art.source = "ТАСС"
        a.add(art, an)
        before = profiles(a)
    assert any(v for k, v in before.items() if len(k) == 3)
    assert any(t[0] == "unknown" for k, v in before.items() if len(k) == 2 for t in v[2])
    conn = sqlite3.connect(path)  # the file as schema 5 left it
    conn.executescript(UNDO_7 + "DROP INDEX article_entities_published; "
                       "ALTER TABLE article_entities DROP COLUMN published; PRAGMA user_version = 5;")
    conn.close()
    with Archive(path) as a:
        assert a.store.schema_was == 5
        assert dates_agree(a) and counts_agree(a)
        assert profiles(a) == before


# what migrations 7 to 11 added, taken away again: the file as schema 6 left it
UNDO_7 = ("DROP TABLE article_stories; DROP TABLE stories; DROP TABLE story_terms; DROP TABLE entity_titles; "
          "DROP TABLE entity_redirects; DROP TABLE quote_about; DROP TABLE dates; DROP TABLE figures; DROP TABLE figures_fts; DROP INDEX quotes_entity; "
          "DROP INDEX quotes_speaker; DROP INDEX quotes_said_at; ALTER TABLE quotes DROP COLUMN said_at; "
          "ALTER TABLE quotes DROP COLUMN said_at_from; CREATE INDEX quotes_entity ON quotes(entity_id, published); "
          "CREATE INDEX quotes_speaker ON quotes(speaker_name_id, published); "
          "CREATE INDEX quotes_published ON quotes(published);")


def test_a_version_6_archive_lists_its_quotes_by_publication_after_migration(tmp_path):
    path = tmp_path / "v6.db"
    with Archive(path) as a:
        a.add(*tokaev())
        a.add(*putin())
        before = [(q.id, q.published) for q in a.quotes()]
    conn = sqlite3.connect(path)
    conn.executescript(UNDO_7 + "PRAGMA user_version = 6;")
    conn.close()
    with Archive(path) as a:
        assert a.store.schema_was == 6
        rows = a.quotes()
        assert [(q.id, q.published) for q in rows] == before
        assert all(q.said_at_from == "published" and q.said_at == q.published.isoformat() for q in rows)
        assert a.quotes(since=date(2023, 11, 8), until=date(2023, 11, 8)) and a.figures() == []


def test_schema_is_versioned_and_migrated_once(tmp_path):
    path = tmp_path / "v.db"
    Archive(path).close()
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == schema.SCHEMA_VERSION
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    conn.close()
    a = Archive(path)  # reopening applies nothing
    assert a.store.schema_was == schema.SCHEMA_VERSION
    a.close()


def test_a_pending_migration_is_applied_on_open(tmp_path, monkeypatch):
    path = tmp_path / "m.db"
    with Archive(path) as a:
        a.add(*tokaev())
    monkeypatch.setattr(schema, "MIGRATIONS", [*schema.MIGRATIONS, "ALTER TABLE articles ADD COLUMN lang TEXT;"])
    monkeypatch.setattr(schema, "SCHEMA_VERSION", len(schema.MIGRATIONS))
    with Archive(path) as a:
        assert a.store.schema_was == schema.SCHEMA_VERSION - 1
        cols = [r[1] for r in a.store.conn.execute("PRAGMA table_info(articles)")]
        assert "lang" in cols and a.stats()["articles"] == 1


def test_a_version_1_archive_is_upgraded_with_its_counts(tmp_path):
    from legacy_v2 import old_archive
    path = tmp_path / "v1.db"
    old_archive(path, [tokaev(), putin()], version=1)
    with Archive(path) as a:
        assert a.store.schema_was == 1
        assert a.entities()[0].name == "Касым-Жомарт Токаев" and a.entities()[0].articles == 2
        assert counts_agree(a)


def test_newer_schema_and_foreign_files_are_refused_clearly(tmp_path):
    path = tmp_path / "new.db"
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA user_version = {schema.SCHEMA_VERSION + 5}")
    conn.close()
    with pytest.raises(schema.SchemaError, match="newer"):
        Archive(path)
    junk = tmp_path / "junk.db"
    junk.write_bytes(b"this is not a database at all" * 100)
    with pytest.raises(sqlite3.DatabaseError, match="junk.db"):
        Archive(junk)


def test_about_gives_the_same_quotes_whichever_way_it_is_computed(filled, monkeypatch):
    from svodka.store import sqlquery as store_sqlite
    asks = [dict(speaker="Путин", about="Казахстана"), dict(speaker="Токаев", about="газ"),
            dict(about="Казахстан"), dict(about="визит"), dict(about="переговоры", newest_first=True),
            dict(speaker="Путина", about="союзник крокодил")]
    results = []
    # a cost of 0 for testing texts makes every query read texts; a huge one, collect ids (and sort a few)
    for text_cost in (0, 10**9):
        monkeypatch.setattr(store_sqlite, "TEXT_TEST_COST", text_cost)
        results.append([[q.id for q in filled.quotes(**ask)] for ask in asks])
    assert results[0] == results[1]
    assert [len(r) for r in results[0]] == [2, 1, 2, 0, 1, 0]


def test_an_ingest_writes_with_a_smaller_page_cache_and_queries_keep_theirs(tmp_path):
    from svodka.ingest.readers import ReadOptions, read_jsonl
    from svodka.store.sqlite import CACHE_KIB, INGEST_CACHE_KIB
    seen = []
    with Archive(str(tmp_path / "cache.db")) as a:
        def cache():
            return a.store.conn.execute("PRAGMA cache_size").fetchone()[0]
        before = cache()
        lines = json.dumps({"id": "t1", "text": TOKAEV_TEXT}, ensure_ascii=False)
        a.ingest_items(read_jsonl(lines, "test", ReadOptions()), progress=lambda r: seen.append(cache()))
        assert before == cache() == -CACHE_KIB
        assert seen == [-INGEST_CACHE_KIB] and INGEST_CACHE_KIB < CACHE_KIB
        a.reanalyze(progress=lambda r: seen.append(cache()))  # written batch by batch like an ingest
        assert seen[1:] == [-INGEST_CACHE_KIB] and cache() == -CACHE_KIB
