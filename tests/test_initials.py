"""Initials: «А.Сомов» and «А. Сомов» are the article's «Артём Сомов» when no one else fits, and an initial glued
to a surname does not end the phrase that names a source."""
from svodka.analyze import analyze
from svodka.model import Article


def _persons(text):
    a = analyze(Article(id="t", text=text))
    return a, {e.name: [m.text for m in e.mentions] for e in a.entities if e.type == "PER"}


def test_glued_and_spaced_initials_join_the_full_name():
    a, persons = _persons(
        "Губернатор области Артём Сомов заявил, что мост откроют весной. По словам А.Сомова, подрядчик "
        "успевает в срок. Позже А. Сомов добавил, что проезд будет бесплатным.")
    assert "Артём Сомов" in persons
    assert {"А.Сомова", "А. Сомов"} <= set(persons["Артём Сомов"])
    assert not any(name.startswith("А.") or name.startswith("А. ") for name in persons)
    by_text = {q.text: q.speaker for q in a.quotes}
    assert by_text.get("подрядчик успевает в срок") == "Артём Сомов"


def test_an_initial_two_people_share_is_not_guessed():
    _, persons = _persons(
        "Тренер Андрей Грачёв и его брат Алексей Грачёв приехали в Казань. Вечером А. Грачёв сказал "
        "журналистам, что команда готова.")
    assert "Андрей Грачёв" in persons and "Алексей Грачёв" in persons
    assert "А. Грачёв" not in persons["Андрей Грачёв"] and "А. Грачёв" not in persons["Алексей Грачёв"]


def test_an_initial_that_fits_no_first_name_stays_apart():
    _, persons = _persons(
        "Министр Ольга Ветрова открыла выставку. Куратор Т. Ветрова рассказала, что экспонаты привезли из Перми.")
    assert "Т. Ветрова" not in persons.get("Ольга Ветрова", [])


def test_a_surname_after_an_initial_keeps_its_nominative():
    # the tagger reads «Здравомыслов» after «К.» as a genitive; no singular oblique case of a man's name ends
    # in «-ов», so the name is as written, not pymorphy's plural «Здравомыслы»
    a, persons = _persons(
        "Как сообщил К. Здравомыслов, работы на участке завершены. «Всё готово к пуску», — добавил Здравомыслов.")
    assert "К. Здравомыслов" in persons
    assert not any("Здравомыслы" in name for name in persons)
    assert {q.speaker for q in a.quotes} == {"К. Здравомыслов"}


def test_an_initial_is_never_read_as_an_abbreviation():
    # pymorphy reads «Ш» as «широта» (an abbreviation in the genitive) and would give it a nominative
    from svodka.analyze import analyze
    from svodka.model import Article
    quotes = analyze(Article(id="t", text="По словам Ш.Зайберта, министр уходит по личным обстоятельствам.")).quotes
    assert [q.speaker for q in quotes] == ["Ш. Зайберт"]


def test_an_initial_that_opens_a_sentence_stays_with_the_surname():
    # the tagger reads a sentence-initial «В.» as the preposition and leaves it out of the name; the gold keeps
    # initials where no first name is given
    for text in ("В. Волков заявил, что завод откроется в марте.",
                 "Цех закрыт на ремонт. Л. Белова сообщила, что работы займут месяц."):
        _, persons = _persons(text)
        assert len(persons) == 1 and next(iter(persons))[:3] in ("В. ", "Л. "), persons


def test_as_said_by_a_source_named_with_an_initial():
    # «Как сообщил В. Волков, …»: the full stop of the initial is no end of the agent before the comma
    quotes = analyze(Article(id="t", text="Как сообщил В. Волков, завод откроется в марте.")).quotes
    assert [(q.text, q.speaker) for q in quotes] == [("завод откроется в марте", "В. Волков")]
