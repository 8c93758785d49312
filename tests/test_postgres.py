"""What only the PostgreSQL store has to show: `svodka migrate` gives an archive that answers every query
command and API call as the SQLite one did, and a server that cannot be reached is one line of error (several
processes ingesting at once: test_concurrent_ingest.py, on both backends). The articles were written for these tests.
"""
import json

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from archive_helpers import ingest
from svodka.archive import Archive
from svodka.cli import app
from svodka.web import create_app
from test_api import ARTICLES as API_ARTICLES
from test_archive import article_line, write_jsonl
from test_channels import POSTS

runner = CliRunner()

# every query command, as a reader would type it: each must print the same on both archives
COMMANDS = [
    ["search", "бюджет"],
    ["search", "Силуанов OR Набиуллина", "--format", "jsonl"],
    ["search", "Литвин", "--format", "jsonl"],
    ["search", '"ремонт моста" -дорог', "--format", "jsonl"],
    ["search", "мост", "--kind", "quote", "--format", "jsonl"],
    ["search", "заявил", "--format", "jsonl", "--limit", "3", "--offset", "1"],
    ["quotes"],
    ["quotes", "--format", "jsonl"],
    ["quotes", "--speaker", "Силуанова", "--format", "jsonl"],
    ["quotes", "--speaker", "Литвин", "--format", "jsonl"],
    ["quotes", "--about", "бюджета", "--format", "jsonl"],
    ["quotes", "--since", "2024-05-01", "--until", "2024-11-06", "--format", "csv"],
    ["quotes", "--source", "Север Live", "--format", "jsonl"],
    ["figures", "--format", "jsonl"],
    ["figures", "--about", "дефицита"],
    ["entities"],
    ["entities", "--type", "PER", "--format", "jsonl"],
    ["entities", "--source", "Вестник", "--format", "jsonl"],
    ["entity", "Силуанову", "--format", "jsonl"],
    ["entity", "Андрея Литвина"],
    ["entity", "Москвы", "--format", "jsonl"],
    ["export", "articles", "--format", "jsonl"],
    ["export", "quotes", "--format", "csv"],
    ["export", "entities", "--format", "jsonl"],
    ["stories", "--format", "jsonl"],
    ["story", "1"],
]

API_CALLS = [
    ("/api", {}),
    ("/api/articles", {"total": "true"}),
    ("/api/articles", {"entity": "Силуанов"}),
    ("/api/quotes", {"speaker": "Набиуллина"}),
    ("/api/quotes", {"about": "бюджет", "total": "true"}),
    ("/api/entities", {"type": "PER", "total": "true"}),
    ("/api/entities/Силуанов", {"period": "week"}),
    ("/api/search", {"q": "Силуанов", "total": "true"}),
    ("/api/search", {"q": "ремонт OR ставка"}),
    ("/api/articles/1", {}),
]


@pytest.fixture(scope="module")
def both(tmp_path_factory, pg_server, models):
    """(a SQLite archive of invented news, the PostgreSQL archive `svodka migrate` moved it into)."""
    d = tmp_path_factory.mktemp("migrate")
    db = str(d / "news.db")
    posts = [json.loads(p) for p in POSTS]
    report = ingest(db, API_ARTICLES + posts)
    assert report.new >= len(API_ARTICLES) and not report.failed
    url = pg_server.new_database()
    res = runner.invoke(app, ["migrate", "--from", db, "--to", url])
    assert res.exit_code == 0, res.output
    assert "articles" in res.stderr and "moved" in res.stderr
    # a password in the URL is never printed
    shown = runner.invoke(app, ["ingest", str(d / "none.jsonl"), "--db", url.replace("postgres:@", "postgres:pw@")])
    assert "pw" not in shown.stderr and "postgres:***@" in shown.stderr
    return db, url


@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: " ".join(c)[:40])
def test_every_query_command_answers_the_same_after_migrate(both, command):
    sqlite_db, pg_url = both
    env = {"COLUMNS": "120"}
    a = runner.invoke(app, [*command, "--db", sqlite_db], env=env)
    b = runner.invoke(app, [*command, "--db", pg_url], env=env)
    assert a.exit_code == b.exit_code == 0, (a.output, b.output)
    assert a.stdout == b.stdout
    assert a.stdout.strip() or command[0] == "figures"


def test_every_api_call_answers_the_same_after_migrate(both):
    sqlite_db, pg_url = both
    one, two = TestClient(create_app(sqlite_db)), TestClient(create_app(pg_url))
    for path, params in API_CALLS:
        a, b = one.get(path, params=params), two.get(path, params=params)
        assert a.status_code == b.status_code == 200, (path, a.text, b.text)
        assert a.json() == b.json(), path


# queries of every shape: a name's forms (the word as written, its lemmas), OR, excluded words and phrases, a
# word in most texts («в») beside a rarer one, and words no text holds, alone, excluded and in an alternative
SEARCHES = ("заявил", "Силуанов OR Литвин", "бюджета -ставка", "мост", "ставка высокой", "Силуанова бюджет",
            "Литвина OR мост", "моста ремонт -Силуанов", '"ремонт моста" -дорог', "в бюджете", "в OR ставка",
            "заявил -в", "небывальщина", "мост -небывальщина", "небывальщина OR мост", "Силуанов небывальщина",
            '"мост небывальщина" OR бюджет')
NO_MATCH = {"небывальщина", "Силуанов небывальщина"}


def test_search_scores_are_fts5s_bm25_to_the_last_bit(both):
    sqlite_db, pg_url = both
    with Archive(sqlite_db) as a, Archive(pg_url) as b:
        for q in SEARCHES:
            sa = [(h.kind, h.article.key, h.quote_id, h.score) for h in a.search(q, limit=50)]
            sb = [(h.kind, h.article.key, h.quote_id, h.score) for h in b.search(q, limit=50)]
            assert sa == sb, q
            assert bool(sa) == (q not in NO_MATCH), q


@pytest.mark.parametrize("window", [1, 3, 10])
def test_the_newest_matches_ranked_are_sqlites_whatever_the_window(both, window):
    """A small window makes PostgreSQL read its postings over a range of rows, widened until it holds enough
    matches: the window's matches and their scores are SQLite's."""
    sqlite_db, pg_url = both
    with Archive(sqlite_db) as a, Archive(pg_url) as b:
        for q in SEARCHES:
            for kind in ("article", "quote"):
                sa = sorted(a.store._search_candidates(q, kind, None, window=window))
                sb = sorted(b.store._search_candidates(q, kind, None, window=window))
                assert sa == sb, (q, kind)


def test_the_migrated_archive_goes_on_ingesting_as_sqlite_does(both, tmp_path, pg_server):
    from conftest import copy_db
    sqlite_db, pg_url = both
    one, two = copy_db(sqlite_db, tmp_path), copy_db(pg_url, tmp_path, pg_server)
    new = [{"id": "fin-9", "title": "Силуанов пообещал не повышать НДС",
            "published": "2024-09-02T10:00:00+03:00", "source": "Вестник", "url": "https://vestnik.example/fin-9",
            "text": "Министр финансов Антон Силуанов заявил, что ставка НДС не изменится. «Повышать налог мы не "
                    "планируем», — сказал Силуанов в Москве."}]
    assert ingest(one, new).new == ingest(two, new).new == 1
    with Archive(two) as b:
        assert fts_counts_agree(b.store.conn)
    for command in (["quotes", "--speaker", "Силуанов", "--format", "jsonl"], ["entities", "--format", "jsonl"]):
        assert runner.invoke(app, [*command, "--db", one]).stdout == runner.invoke(app, [*command, "--db", two]).stdout


def test_migrate_leaves_the_postings_indexed_and_vacuumed(both):
    """The bulk load builds fts_postings' B-tree once at its end, and vacuums: index-only scans from the start."""
    _, pg_url = both
    with Archive(pg_url) as b:
        c = b.store.conn
        assert c.execute("SELECT to_regclass('fts_postings_pkey') IS NOT NULL").fetchone()[0]
        # vacuumed (which pages VACUUM may mark all-visible depends on other sessions' snapshots on the shared
        # test server, so the count of vacuums is what says the load did it)
        assert c.execute("SELECT vacuum_count > 0 FROM pg_stat_user_tables WHERE relname = 'fts_postings'").fetchone()[0]
        assert postings_agree(c)


def test_migrate_refuses_a_target_that_is_not_empty_and_bad_arguments(both, tmp_path):
    sqlite_db, pg_url = both
    res = runner.invoke(app, ["migrate", "--from", sqlite_db, "--to", pg_url])
    assert res.exit_code == 2 and "not empty" in res.stderr and "Traceback" not in res.output
    res = runner.invoke(app, ["migrate", "--from", sqlite_db, "--to", str(tmp_path / "x.db")])
    assert res.exit_code == 2 and "postgresql://" in res.stderr
    res = runner.invoke(app, ["migrate", "--from", str(tmp_path / "none.db"), "--to", pg_url])
    assert res.exit_code == 2 and "no archive at" in res.stderr


def test_an_unreachable_server_is_one_line_naming_it(tmp_path):
    url = "postgresql://svodka:secret@127.0.0.1:1/news"
    for command in (["quotes"], ["ingest", str(write_jsonl(tmp_path / "a.jsonl", [article_line(1)]))]):
        res = runner.invoke(app, [*command, "--db", url])
        assert res.exit_code == 2, res.output
        lines = res.stderr.strip().splitlines()
        assert len(lines) == 1 and "postgresql://svodka:***@127.0.0.1:1/news" in lines[0]
        assert "cannot connect to PostgreSQL" in lines[0] and "secret" not in res.stderr
    res = runner.invoke(app, ["quotes", "--db", "mysql://x/y"])
    assert res.exit_code == 2 and "no storage for 'mysql'" in res.stderr


def fts_counts_agree(conn) -> bool:
    """PostgreSQL's kept full-text counts (bm25's inputs) equal a recount of the index rows."""
    kept = set(conn.execute("SELECT name, rows, tokens FROM fts_totals"))
    recount = {(t, *conn.execute(f"SELECT COUNT(*), COALESCE(SUM(ntokens), 0) FROM {t}").fetchone())
               for t in ("articles_fts", "quotes_fts", "figures_fts", "names_fts")}
    terms = set(conn.execute("SELECT name, term, rows FROM fts_terms WHERE rows != 0"))
    reterms = set(conn.execute(
        "SELECT 'articles_fts', x, COUNT(*) FROM articles_fts, unnest(tsvector_to_array(tsv)) AS x GROUP BY x "
        "UNION ALL SELECT 'quotes_fts', x, COUNT(*) FROM quotes_fts, unnest(tsvector_to_array(tsv)) AS x GROUP BY x"))
    return kept == recount and terms == reterms and postings_agree(conn)


def postings_agree(conn) -> bool:
    """fts_postings holds each term of each article and quote row once, with its count (an article's title
    twice) and the row's length: what a recount of the rows' lemma terms gives."""
    from collections import Counter
    want = set()
    for table, weights in (("articles_fts", (2, 1)), ("quotes_fts", (1,))):
        cols = "title, body" if table == "articles_fts" else "body"
        for rowid, *texts, n in conn.execute(f"SELECT rowid, {cols}, ntokens FROM {table}"):
            freq = Counter()
            for w, text in zip(weights, texts):
                for f in text.split():
                    freq[f] += w
            want |= {(table, f, rowid, k, n) for f, k in freq.items()}
    have = list(conn.execute("SELECT t.name, t.term, p.rowid, p.tf, p.ntokens FROM fts_postings p "
                             "JOIN fts_terms t ON t.id = p.term_id"))
    return len(have) == len(set(have)) and set(have) == want


def test_counts_stay_exact_when_an_article_changes_within_a_batch_and_across(db, backend):
    from svodka.archive import clean_hash, text_hash
    from svodka.store import Entry
    from test_store import TOKAEV_TEXT, tokaev

    def entry(text):
        art, an = tokaev(text=text)
        return Entry(art, an, text_hash(art.text), clean_hash(art.text))

    oil = TOKAEV_TEXT.replace("поставках газа", "поставках нефти")
    coal = TOKAEV_TEXT.replace("поставках газа", "поставках угля")
    with Archive(db) as a:
        # stored, then changed twice at its URL in one batch: the last text stands
        assert [o.status for o in a.store.save([entry(TOKAEV_TEXT), entry(oil), entry(coal)])] == \
            ["new", "updated", "updated"]
        assert [o.status for o in a.store.save([entry(oil)])] == ["updated"]
        assert a.stats()["articles"] == 1 and not a.search("угля") and a.search("нефти")
        assert a.search("поставках OR нефти")
        if backend == "postgres":
            assert fts_counts_agree(a.store.conn)


def test_a_newer_postgres_schema_is_refused_clearly(pg_server):
    import psycopg
    url = pg_server.new_database()
    Archive(url).close()  # creates the tables
    with psycopg.connect(url, autocommit=True) as c:
        c.execute("UPDATE svodka_schema SET version = version + 5")
    res = runner.invoke(app, ["quotes", "--db", url])
    assert res.exit_code == 2 and "newer than this svodka understands" in res.stderr
    assert len(res.stderr.strip().splitlines()) == 1


def test_upgrades_from_schema_3_keep_every_count_and_give_each_quote_row_its_said_at(pg_server, capsys):
    """Upgrading an archive of schema 3: migrations move data, they do not analyse or link anything again.
    Schema 4 left an article's counts of 1 out of `freq`; schema 5 moves every count into fts_postings."""
    import psycopg

    from svodka.store.pg_schema import MIGRATIONS
    from svodka.store.postgres import PostgresStore

    url = pg_server.new_database()
    with psycopg.connect(url, autocommit=True) as c:
        c.execute("CREATE TABLE svodka_schema (version INTEGER NOT NULL)")
        for sql in MIGRATIONS[:3]:
            c.execute(sql)
        c.execute("INSERT INTO svodka_schema (version) VALUES (3)")
        c.execute("INSERT INTO articles (id, ext_id, text_hash, title, text, analysis) "
                  "VALUES (1, 'a1', 'h', 'Мост', 'Мост закрыли. Ремонт моста начнут весной.', '')")
        c.execute("INSERT INTO quotes (id, article_id, kind, start, \"end\", text, said_at) VALUES "
                  "(1, 1, 'direct', 0, 10, 'Мост закрыли', '2024-05-01'), (2, 1, 'direct', 11, 20, 'Ремонт', NULL)")
        c.execute("""INSERT INTO articles_fts (rowid, title, body, ntokens, tsv, freq) VALUES (1, 'мост', 'мост закрыть
                     ремонт мост начать весна', 7, 'мост закрыть ремонт начать весна',
                     '{"мост": 4, "закрыть": 1, "ремонт": 1, "начать": 1, "весна": 1}')""")
        c.execute("""INSERT INTO quotes_fts (rowid, body, ntokens, tsv, freq) VALUES
                     (1, 'мост закрыть', 2, 'мост закрыть', '{"мост": 1, "закрыть": 1}'),
                     (2, 'ремонт', 1, 'ремонт', '{"ремонт": 1}')""")
        # the kept counts of schema 3, as a batch left them
        c.execute("UPDATE fts_totals SET rows = 1, tokens = 7 WHERE name = 'articles_fts'")
        c.execute("UPDATE fts_totals SET rows = 2, tokens = 3 WHERE name = 'quotes_fts'")
        c.execute("INSERT INTO fts_terms (name, term, rows) VALUES ('articles_fts', 'мост', 1), "
                  "('articles_fts', 'ремонт', 1), ('quotes_fts', 'ремонт', 1)")  # the others were never counted
    store = PostgresStore(url)
    try:
        assert store.schema_was == 3
        c = store.conn
        assert c.execute("SELECT version FROM svodka_schema").fetchone()[0] == len(MIGRATIONS)
        assert c.execute("SELECT rowid, said_at FROM quotes_fts ORDER BY rowid").fetchall() == [
            (1, "2024-05-01"), (2, None)]
        # every term of every row, the counts schema 4 left out of `freq` as 1, each with its row's length
        assert sorted(c.execute("SELECT t.name, t.term, p.rowid, p.tf, p.ntokens FROM fts_postings p "
                                "JOIN fts_terms t ON t.id = p.term_id")) == [
            ("articles_fts", "весна", 1, 1, 7), ("articles_fts", "закрыть", 1, 1, 7), ("articles_fts", "мост", 1, 4, 7),
            ("articles_fts", "начать", 1, 1, 7), ("articles_fts", "ремонт", 1, 1, 7),
            ("quotes_fts", "закрыть", 1, 1, 2), ("quotes_fts", "мост", 1, 1, 2), ("quotes_fts", "ремонт", 2, 1, 1)]
        assert not c.execute("SELECT 1 FROM information_schema.columns WHERE column_name = 'freq'").fetchall()
        # matching finds the rows in the GIN indexes and in the postings
        assert [r[0] for r in c.execute(store._fts_ids("articles_fts"), ("'ремонт'",))] == [1]
        assert [r[0] for r in c.execute(store._fts_ids("quotes_fts"), ("'ремонт'",))] == [2]
        assert sorted((k, i) for _, k, i in store._search_candidates("ремонт", None, None)) == \
            [("article", 1), ("quote", 2)]
        # an index-only scan needs no heap visit: the upgrade vacuumed the new table
        # (counted, not read off the visibility map: what VACUUM may mark all-visible depends on other sessions'
        # snapshots on the shared test server, and once made this check fail in a full run)
        assert c.execute("SELECT vacuum_count > 0 FROM pg_stat_user_tables WHERE relname = 'fts_postings'").fetchone()[0]
    finally:
        store.close()
    # schema 6: a speaker's quotes of one kind, in time order, are read from the speaker's index alone (the
    # planner held to indexes, as it chooses on a large table)
    with psycopg.connect(url, autocommit=True) as c:
        c.execute("SET enable_seqscan = off")
        c.execute("SET enable_bitmapscan = off")
        for column in ("entity_id", "speaker_name_id"):
            plan = " ".join(r[0] for r in c.execute(
                f"EXPLAIN SELECT q.said_at, q.id FROM quotes q WHERE q.{column} = 7 AND q.kind = 'direct' "
                "AND q.speaker_type = 'person' AND q.article_id IN (1, 2) ORDER BY q.said_at DESC, q.id DESC LIMIT 100"))
            assert "Index Only Scan" in plan, plan
    # each step said what it was doing: copying a million quotes takes minutes
    err = capsys.readouterr().err
    assert "upgrading the PostgreSQL archive to schema 4, step 1/" in err
    assert "upgrading the PostgreSQL archive to schema 5, step 2/" in err and "vacuuming fts_postings" in err
