"""Entity identity in the archive: one stored entity per person across articles, stable ids, migration.

The articles are invented for these tests and analysed by hand, so only the linking is under test.
"""
import json
import sqlite3
from datetime import datetime

import pytest
from typer.testing import CliRunner

from svodka.archive import Archive, text_hash
from svodka.cli import app
from svodka.model import Analysis, Article, Entity, Mention, Quote
from svodka.store import schema


def story(id, text, people, quotes=(), published=None, url=None):
    """An article and its analysis. people: (type, name, [(substring, kind), …]) with mentions found in the
    text in order; quotes: (substring, kind, speaker, entity number from 1, cue)."""
    art = Article(id=id, text=text, published=published, url=url or f"https://news.example/{id}")
    entities, cursor = [], {}
    for n, (type_, name, marks) in enumerate(people, 1):
        ms = []
        for sub, kind in marks:
            i = text.index(sub, cursor.get(sub, 0))
            cursor[sub] = i + 1
            ms.append(Mention(i, i + len(sub), sub, kind))
        entities.append(Entity(f"e{n}", type_, name, ms))
    qs = []
    for sub, kind, speaker, ent, cue in quotes:
        i = text.index(sub)
        qs.append(Quote(kind, i, i + len(sub), sub, speaker, "person", f"e{ent}", cue))
    return art, Analysis(id, None, published, entities=entities, quotes=qs)


def roads(**kw):
    text = ("Владимир Путин провел совещание с членами правительства. «Нужно ускорить строительство дорог "
            "в регионах», — сказал Путин.")
    return story("roads", text, [("PER", "Владимир Путин", [("Владимир Путин", "name"), ("Путин", "surname")])],
                 [("Нужно ускорить строительство дорог в регионах", "direct", "Владимир Путин", 1, "сказал")],
                 published=datetime(2023, 6, 1, 10, 0), **kw)


def schools(text=None, **kw):
    text = text or ("Президент России поручил проверить готовность школ к учебному году. Путин отметил, что "
                    "ремонт должен завершиться к августу.")
    return story("schools", text, [("PER", "Путин", [("Президент России", "title"), ("Путин", "name")]),
                                   ("LOC", "Россия", [("России", "name")])],
                 [("ремонт должен завершиться к августу", "indirect", "Путин", 1, "отметил")],
                 published=datetime(2022, 3, 15, 9, 30), **kw)


def anna():
    text = "Анна Иванова возглавила городскую библиотеку. Иванова пообещала продлить часы работы."
    return story("anna", text, [("PER", "Анна Иванова", [("Анна Иванова", "name"), ("Иванова", "surname")])],
                 published=datetime(2023, 2, 1))


def maria():
    text = "Тренер Мария Иванова привезла команду на турнир в Казань."
    return story("maria", text, [("PER", "Мария Иванова", [("Мария Иванова", "name")]),
                                 ("LOC", "Казань", [("Казань", "name")])], published=datetime(2023, 2, 2))


def bare_ivanova(id="ivanova", when=datetime(2023, 2, 3), season="лето"):
    text = f"Иванова рассказала журналистам о планах на {season}."
    return story(id, text, [("PER", "Иванова", [("Иванова", "name")])], published=when)


def person_ids(archive):
    return {name: eid for eid, name in archive.store.conn.execute("SELECT id, name FROM entities WHERE type = 'PER'")}


def article_entities(archive, ext_id):
    return {r[0] for r in archive.store.conn.execute(
        "SELECT ae.entity_id FROM article_entities ae JOIN articles a ON a.id = ae.article_id WHERE a.ext_id = ?",
        (ext_id,))}


def consistent(archive):
    c = archive.store.conn
    kept = set(c.execute("SELECT entity_id, mentions, articles FROM entity_counts WHERE articles > 0"))
    recount = set(c.execute("SELECT entity_id, SUM(mentions), COUNT(*) FROM article_entities GROUP BY entity_id"))
    # PostgreSQL checks every foreign key as it is written; SQLite is asked
    return kept == recount and ("://" in archive.path or not c.execute("PRAGMA foreign_key_check").fetchall())


@pytest.fixture
def archive(db):
    with Archive(db) as a:
        yield a


def test_a_surname_alone_joins_the_president_of_its_date(archive):
    archive.add(*roads())
    archive.add(*schools())
    people = person_ids(archive)
    assert list(people) == ["Владимир Путин"]
    assert article_entities(archive, "roads") & article_entities(archive, "schools") == {people["Владимир Путин"]}
    top = archive.entities(type="PER")
    assert [(e.name, e.articles) for e in top] == [("Владимир Путин", 2)]
    p = archive.entity("Путин")
    assert p.entity.name == "Владимир Путин" and p.entity.articles == 2
    aliases = dict(p.aliases)
    assert {"Владимир Путин", "Путин"} <= set(aliases) and aliases["Путин"] == 2
    assert {"2022-03", "2023-06"} == {m for m, _ in p.timeline}
    assert [q.text for q in archive.quotes(speaker="Путина")] == [
        "ремонт должен завершиться к августу", "Нужно ускорить строительство дорог в регионах"]
    assert {q.entity_id for q in archive.quotes(speaker="Путин")} == {people["Владимир Путин"]}
    # quotes carry the archive's name for their speaker, and the article's own beside it
    assert [(q.speaker, q.speaker_in_article) for q in archive.quotes(speaker="Путин")] == [
        ("Владимир Путин", "Путин"), ("Владимир Путин", "Владимир Путин")]
    assert consistent(archive)


def test_the_full_name_from_the_roles_file_finds_an_entity_only_ever_named_by_surname(archive):
    archive.add(*schools())
    p = archive.entity("Владимира Путина")
    assert p and p.entity.name == "Владимир Путин" and "Путин" in dict(p.aliases)
    archive.add(*roads())  # the full name written out later joins it
    assert list(person_ids(archive)) == ["Владимир Путин"]


def test_namesakes_stay_apart_and_a_bare_surname_joins_neither(archive):
    for art, an in (anna(), maria(), bare_ivanova()):
        archive.add(art, an)
    ids = {ext: article_entities(archive, ext) for ext in ("anna", "maria", "ivanova")}
    people = person_ids(archive)
    assert set(people) == {"Анна Иванова", "Мария Иванова", "Иванова"}
    assert ids["anna"] == {people["Анна Иванова"]} and ids["ivanova"] == {people["Иванова"]}
    assert people["Мария Иванова"] in ids["maria"]
    # another bare mention of her surname shares the surname-only entity; a man's bare surname does not
    archive.add(*bare_ivanova("ivanova2", datetime(2023, 3, 1), "зиму"))
    assert article_entities(archive, "ivanova2") == {people["Иванова"]}
    text = "Петров рассказал журналистам о планах на лето."
    archive.add(*story("petrov", text, [("PER", "Петров", [("Петров", "name")])], published=datetime(2023, 3, 2)))
    text = "Петрова рассказала журналистам о планах на осень."
    archive.add(*story("petrova", text, [("PER", "Петрова", [("Петрова", "name")])], published=datetime(2023, 3, 3)))
    assert article_entities(archive, "petrov") != article_entities(archive, "petrova")
    assert archive.entity("Мария Иванова").entity.name == "Мария Иванова"
    assert len(archive.entities(type="PER")) == 5


def test_the_date_picks_which_namesake_a_title_means(archive):
    def aliev(id, first, when, title=None):
        if first:
            text = f"{first} Алиев провел переговоры в Баку ({id})."
            return story(id, text, [("PER", f"{first} Алиев", [(f"{first} Алиев", "name")])], published=when)
        text = f"{title or ''} Алиев провел переговоры в Баку ({id})."
        marks = [(title, "title")] if title else []
        return story(id, text, [("PER", "Алиев", [*marks, ("Алиев", "name")])], published=when)

    archive.add(*aliev("father", "Гейдар", datetime(2001, 5, 5)))
    archive.add(*aliev("son", "Ильхам", datetime(2021, 5, 5)))
    archive.add(*aliev("then", None, datetime(2000, 4, 4), "Президент Азербайджана"))
    archive.add(*aliev("now", None, datetime(2020, 4, 4), "Президент Азербайджана"))
    archive.add(*aliev("bare", None, datetime(2020, 4, 5)))  # two Alievs in the roles file: no way to tell
    people = person_ids(archive)
    assert article_entities(archive, "then") == {people["Гейдар Алиев"]}
    assert article_entities(archive, "now") == {people["Ильхам Алиев"]}
    assert article_entities(archive, "bare") == {people["Алиев"]}


def test_ids_do_not_move_when_articles_come_again_or_change(archive, tmp_path):
    for art, an in (roads(), schools(), anna(), maria()):
        archive.add(art, an)
    before = person_ids(archive)
    n_entities = archive.store.conn.execute("SELECT COUNT(*) FROM entities").fetchone()[0]
    assert archive.add(*schools()).status == "stored"
    changed = schools(text=("Президент России поручил проверить готовность школ и детских садов. Путин отметил, "
                            "что ремонт должен завершиться к августу."))
    assert archive.add(*changed).status == "updated"
    assert person_ids(archive) == before
    assert archive.store.conn.execute("SELECT COUNT(*) FROM entities").fetchone()[0] == n_entities
    assert article_entities(archive, "schools") >= {before["Владимир Путин"]}
    assert archive.entities(type="PER")[0].articles == 2 and consistent(archive)
    archive.close()
    with Archive(archive.path) as again:  # a new store reads its decisions back from the database
        text = "Путин провел телефонный разговор с губернатором."
        again.add(*story("call", text, [("PER", "Путин", [("Путин", "name")])], published=datetime(2024, 1, 9)))
        assert article_entities(again, "call") == {before["Владимир Путин"]}
        assert person_ids(again) == before


def test_a_changed_article_keeps_its_ids_even_where_new_evidence_would_decide_otherwise(archive):
    def morozov(id, name, extra=""):
        text = f"{name} открыл выставку в Твери.{extra}"
        return story(id, text, [("PER", name, [(name, "name")])], published=datetime(2023, 5, 5))

    archive.add(*morozov("andrey", "Андрей Морозов"))
    archive.add(*morozov("initial", "А. Морозов"))
    people = person_ids(archive)
    assert article_entities(archive, "initial") == {people["Андрей Морозов"]}
    archive.add(*morozov("alexey", "Алексей Морозов"))  # now «А. Морозов» could be either
    assert archive.add(*morozov("initial", "А. Морозов", " Вход свободный.")).status == "updated"
    assert article_entities(archive, "initial") == {people["Андрей Морозов"]}
    # a new article with the ambiguous name starts an entity of its own
    archive.add(*morozov("other", "А. Морозов", " Выставка продлится месяц."))
    assert article_entities(archive, "other") - {people["Андрей Морозов"], person_ids(archive)["Алексей Морозов"]}


def test_a_failed_entry_leaves_no_remembered_entity(archive):
    from svodka.store import Entry
    bad = roads()
    bad[1].quotes[0].kind = None  # NOT NULL: this entry is rolled back, with the entity it created
    good = anna()
    out = archive.store.save([Entry(bad[0], bad[1], text_hash(bad[0].text)),
                              Entry(good[0], good[1], text_hash(good[0].text))])
    assert [o.status for o in out] == ["failed", "new"]
    assert archive.add(*schools()).status == "new"
    assert archive.add(*roads()).status == "new"
    assert set(person_ids(archive)) == {"Анна Иванова", "Владимир Путин"}
    assert consistent(archive)


def test_another_writer_on_the_same_file_is_seen(db):
    def morozov(id, name):
        text = f"{name} выступил на конференции."
        return story(id, text, [("PER", name, [(name, "name")])], published=datetime(2023, 5, 5))

    with Archive(db) as one, Archive(db) as two:
        two.add(*morozov("andrey", "Андрей Морозов"))  # `two` now knows one Morozov
        one.add(*morozov("alexey", "Алексей Морозов"))
        two.add(*morozov("initial", "А. Морозов"))  # two Morozovs now: an initial cannot pick
        people = person_ids(two)
        assert article_entities(two, "initial") - {people["Андрей Морозов"], people["Алексей Морозов"]}


def test_a_version_2_archive_is_migrated_and_linked_again(tmp_path):
    from legacy_v2 import old_archive
    path = tmp_path / "v2.db"
    old_archive(path, [roads(), anna(), schools(), maria(), bare_ivanova()], version=2)
    c = sqlite3.connect(path)
    old = dict(c.execute("SELECT name, id FROM entities WHERE type = 'PER'"))
    c.close()
    assert {"Владимир Путин", "Путин"} <= set(old)  # version 2 kept them apart

    with Archive(path) as a:
        assert a.store.schema_was == 2
        assert a.store.conn.execute("PRAGMA user_version").fetchone()[0] == schema.SCHEMA_VERSION
        people = person_ids(a)
        assert set(people) == {"Владимир Путин", "Анна Иванова", "Мария Иванова", "Иванова"}
        # the first version 2 entity of each keeps its id
        assert people == {n: old[n] for n in people}
        assert article_entities(a, "schools") >= {old["Владимир Путин"]}
        assert a.entity("Путин").entity.articles == 2
        assert [q.entity_id for q in a.quotes(speaker="Путин")] == [old["Владимир Путин"]] * 2
        assert consistent(a)
        # and the migrated archive goes on linking
        text = "Путин провел телефонный разговор с губернатором."
        a.add(*story("call", text, [("PER", "Путин", [("Путин", "name")])], published=datetime(2024, 1, 9)))
        assert article_entities(a, "call") == {old["Владимир Путин"]}
    with Archive(path) as a:
        assert a.store.schema_was == schema.SCHEMA_VERSION
        assert a.entity("Путин").entity.articles == 3


def test_a_migration_that_fails_leaves_the_version_2_archive_as_it_was(tmp_path, monkeypatch):
    from legacy_v2 import old_archive
    from svodka.store import identity
    path = tmp_path / "v2.db"
    old_archive(path, [roads(), schools()], version=2)

    def boom(*a):
        raise RuntimeError("power cut")
    with monkeypatch.context() as m:
        m.setattr(identity, "_move", boom)
        with pytest.raises(RuntimeError):
            Archive(path)
    c = sqlite3.connect(path)
    assert c.execute("PRAGMA user_version").fetchone()[0] == 2
    assert {n for (n,) in c.execute("SELECT name FROM entities")} == {"Владимир Путин", "Путин", "Россия"}
    c.close()
    with Archive(path) as a:
        assert a.store.schema_was == 2 and [e.name for e in a.entities(type="PER")] == ["Владимир Путин"]


def test_cli_sees_one_person(tmp_path):
    db = tmp_path / "cli.db"
    with Archive(db) as a:
        a.add(*roads())
        a.add(*schools())
    runner = CliRunner()
    res = runner.invoke(app, ["entities", "--type", "PER", "--db", str(db), "--format", "jsonl"])
    assert res.exit_code == 0, res.output
    rows = [json.loads(line) for line in res.stdout.splitlines()]
    assert [(r["name"], r["articles"]) for r in rows] == [("Владимир Путин", 2)]
    res = runner.invoke(app, ["entity", "Путин", "--db", str(db), "--format", "jsonl"])
    assert res.exit_code == 0, res.output
    profile = json.loads(res.stdout)
    assert profile["entity"]["articles"] == 2 and len(profile["latest_quotes"]) == 2
    res = runner.invoke(app, ["quotes", "--speaker", "Путин", "--db", str(db), "--format", "jsonl"])
    assert res.exit_code == 0, res.output
    assert len({json.loads(line)["entity_id"] for line in res.stdout.splitlines()}) == 1
    assert len(res.stdout.splitlines()) == 2


def test_cli_says_so_before_it_upgrades_an_old_archive(tmp_path):
    from legacy_v2 import old_archive
    db = tmp_path / "v2.db"
    old_archive(db, [roads(), schools()], version=2)
    runner = CliRunner()
    res = runner.invoke(app, ["entities", "--db", str(db), "--format", "jsonl"])
    assert res.exit_code == 0, res.output
    assert f"from schema version 2 to {schema.SCHEMA_VERSION}: 2 stored articles" in res.stderr
    again = runner.invoke(app, ["entities", "--db", str(db), "--format", "jsonl"])
    assert again.exit_code == 0 and "upgrading" not in again.stderr  # once only


def test_a_surname_alone_is_merged_into_the_full_name_an_article_ties_it_to(tmp_path):
    from datetime import datetime

    from svodka.analyze import analyze
    from svodka.archive import Archive
    from svodka.model import Article
    arts = [Article(id="a1", text="Соколов заявил, что метро откроют в декабре.", published=datetime(2024, 11, 1)),
            Article(id="a2", text="Мэр Твери Игорь Соколов открыл станцию. Соколов добавил, что линия заработает "
                                  "в декабре.", published=datetime(2024, 11, 2)),
            Article(id="a3", text="Соколов сообщил, что пробок стало меньше.", published=datetime(2024, 11, 3))]
    with Archive(tmp_path / "a.db") as a:
        a.add(arts[0], analyze(arts[0]))
        (old,) = [e.id for e in a.entities(type="PER")]
        for art in arts[1:]:
            a.add(art, analyze(art))
        people = [(e.name, e.articles) for e in a.entities(type="PER")]
        assert people == [("Игорь Соколов", 3)]
        assert {q.speaker for q in a.quotes(speaker="Соколов")} == {"Игорь Соколов"}
        assert a.quotes_total(speaker="Соколов") == 3
        assert a.entity(old).entity.name == "Игорь Соколов"  # the old id still leads to him


def test_two_people_with_one_surname_keep_a_bare_surname_apart(tmp_path):
    from svodka.analyze import analyze
    from svodka.archive import Archive
    from svodka.model import Article
    arts = [Article(id="b1", text="Петров заявил, что мост откроют."),
            Article(id="b2", text="Министр Иван Петров посетил завод."),
            Article(id="b3", text="Губернатор Алексей Петров открыл школу. Петров добавил, что школ станет больше.")]
    with Archive(tmp_path / "b.db") as a:
        for art in arts:
            a.add(art, analyze(art))
        names = sorted(e.name for e in a.entities(type="PER"))
    assert names == ["Алексей Петров", "Иван Петров", "Петров"]


@pytest.mark.parametrize("title, bare, full", [("мэр Москвы", "Собянин", "Сергей Собянин"),
                                               ("губернатор Подмосковья", "Воробьёв", "Андрей Воробьёв"),
                                               ("глава СК", "Бастрыкин", "Александр Бастрыкин")])
def test_a_bare_surname_of_an_official_the_officials_roles_file_names_joins_the_full_name(tmp_path, title, bare, full):
    """Short posts name an official in full without repeating the bare surname (no article ties them); the
    optional roles file of Russian officials knows them, so the two are one person, found by title."""
    from datetime import datetime
    from pathlib import Path

    from svodka.analyze import analyze
    from svodka.archive import Archive
    from svodka.knowledge import Knowledge
    from svodka.link.roles import Roles
    from svodka.model import Article
    officials = Path(__file__).resolve().parents[1] / "examples" / "roles-russian-officials.toml"
    k = Knowledge(roles=Roles.load([officials]))
    arts = [Article(id="c1", text=f"{bare} заявил, что новые станции откроют к весне.", published=datetime(2024, 11, 1)),
            Article(id="c2", text=f"{full} открыл новую школу.", published=datetime(2024, 11, 2))]
    with Archive(tmp_path / "c.db", knowledge=k) as a:
        for art in arts:
            a.add(art, analyze(art, knowledge=k))
        assert [(e.name, e.articles) for e in a.entities(type="PER")] == [(full, 2)]
        assert [q.speaker for q in a.quotes(speaker=title)] == [full]
