"""About whom: each quote lists the entities it is about, by name, title or pronoun; the archive finds quotes
about a person by any alias or title and says who talks about an entity most."""
from datetime import datetime

import pytest

from svodka.analyze import analyze
from svodka.archive import Archive
from svodka.model import Article

# the seeds' shapes, on sentences written for the test
TOKAEV = Article(id="t1", published=datetime(2023, 11, 8, 9, 34), text=(
    "«Президента России отличает высокая информированность по всем вопросам», – сказал президент Казахстана "
    "Касым-Жомарт Токаев. Он также заявил, что Астана ценит поддержку Москвы."))
PUTIN = Article(id="p1", published=datetime(2023, 11, 9, 10, 0), text=(
    "Президент России Владимир Путин заявил, что Казахстан является союзником России. «Мы постоянно "
    "сверяем часы с Касым-Жомартом Кемелевичем», – добавил он."))


def _about(an):
    names = {e.id: e.name for e in an.entities}
    return {q.text[:25]: [names[i] for i in q.about] for q in an.quotes}


def test_a_title_inside_a_quote_is_the_person_who_holds_it():
    got = _about(analyze(TOKAEV))
    quote = next(k for k in got if k.startswith("Президента России"))
    assert "Путин" in " ".join(got[quote])  # the president of Russia on that day, though not named
    other = next(k for k in got if k.startswith("Астана"))
    assert set(got[other]) >= {"Астана", "Москва"}


def test_the_speaker_is_not_what_his_quote_is_about():
    an = analyze(PUTIN)
    putin = next(e.id for e in an.entities if e.name.endswith("Путин"))
    assert all(putin not in q.about for q in an.quotes)
    names = {e.id: e.name for e in an.entities}
    assert any(names[i].startswith("Касым") for q in an.quotes for i in q.about)  # «с Касым-Жомартом Кемелевичем»


@pytest.fixture
def archive(db):
    with Archive(db) as a:
        for art in (TOKAEV, PUTIN):
            a.add(art, analyze(art))
        yield a


def test_quotes_about_a_person_by_alias_or_title(archive):
    by_name = {q.text[:25] for q in archive.quotes(about="Путина")}
    assert any(t.startswith("Президента России") for t in by_name)  # his title, not his name, is in the quote
    assert by_name == {q.text[:25] for q in archive.quotes(about="президент России")}
    assert archive.quotes_total(about="Путина") == len(by_name)
    assert any(t.startswith("Президента") for t in (q.text[:25] for q in archive.quotes(speaker="Токаев", about="Путин")))


def test_an_entity_says_who_talks_about_it(archive):
    p = archive.entity("Путин")
    assert any(e.name == "Касым-Жомарт Токаев" and n >= 1 for e, n in p.talked_about_by)


def test_the_polite_you_is_the_person_addressed():
    art = Article(id="m1", published=datetime(2021, 8, 21, 12, 0), text=(
        "В Кремле прошла встреча президента России Владимира Путина и президента Казахстана Касым-Жомарта "
        "Токаева. «Мы договорились с Вами провести форум регионов осенью», – сказал Токаев. «Рад, что мы с Вами "
        "снова встретились», – ответил Путин."))
    an = analyze(art)
    names = {e.id: e.name for e in an.entities}
    by_speaker = {q.speaker: [names[i] for i in q.about] for q in an.quotes}
    assert by_speaker["Касым-Жомарт Токаев"] == ["Владимир Путин"]
    assert by_speaker["Владимир Путин"] == ["Касым-Жомарт Токаев"]
