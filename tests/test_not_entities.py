"""Noise of real sources: a post's own channel and the markers posts are built from are no entities; foreign
surnames keep their stem in the nominative."""
from svodka.analyze import analyze
from svodka.extract.not_entities import source_names
from svodka.model import Article


def names(text, source=None):
    return {e.name for e in analyze(Article(id="p", text=text, source=source)).entities}


def test_a_channel_is_not_an_entity_of_its_own_posts():
    text = "По информации Вестника, в Твери открыли мост. Об этом также сообщил Курьер."
    assert "Вестник" in names(text)  # without a source it is read as an organisation
    own = names(text, source="Вестник")
    assert "Вестник" not in own and "Тверь" in own


def test_a_channel_named_in_an_oblique_case_in_its_own_post_is_not_an_entity():
    text = "В Твери открыли мост, — сообщили Вестнику жители. Движение запустят завтра."
    assert not any(n.startswith("Вестник") for n in names(text, source="Вестник • Новости Твери"))


def test_another_channel_named_in_a_post_stays():
    text = "По данным издания Курьер, в Твери открыли мост."
    assert any("Курьер" in n for n in names(text, source="Вестник • Новости Твери"))


def test_source_names_split_a_channel_title():
    assert source_names("Москвач • Новости Москвы") >= {"москвач", "новости москвы"}
    assert "топор" in source_names("Топор+")
    assert "bbc" in source_names("BBC News | Русская служба")
    assert source_names(None) == set()


def test_post_markers_are_not_entities():
    text = "В центре Твери загорелся склад.\n\nUPD: пожар потушили, пострадавших нет. Подробнее на сайте."
    got = names(text)
    assert not {"UPD", "Подробнее"} & got


def test_a_foreign_surname_keeps_its_stem():
    got = names("Встреча с Олафом Шольцем прошла в Кремле. Переговоры с Гусейном продолжатся.")
    assert "Олаф Шольц" in got and "Гусейн" in got
    assert "Кузнец" in names("Переговоры с Кузнецом прошли в Минске.")  # a word the dictionary knows keeps its own


def test_a_first_name_alone_is_not_one_person_across_articles(tmp_path):
    from svodka.archive import Archive
    from svodka.link.entities import given_name_only
    assert given_name_only("Алексей") and not given_name_only("Собянин") and not given_name_only("Алексей Петров")
    texts = ["Пострадавший Алексей рассказал, что шёл домой.", "Курьер Алексей доставил посылку в Тверь.",
             "Министр Алексей Петров посетил Тверь.", "Алексей Петров заявил, что мост откроют."]
    with Archive(tmp_path / "a.db") as a:
        for i, t in enumerate(texts):
            art = Article(id=f"a{i}", text=t)
            a.add(art, analyze(art))
        people = {(e.name, e.articles) for e in a.entities(type="PER")}
    assert ("Алексей", 1) in people and ("Алексей", 2) not in people  # two strangers, two entities
    assert ("Алексей Петров", 2) in people  # a full name still links


def test_a_capitalised_title_before_a_name_is_not_part_of_it():
    got = {e.name for e in analyze(Article(id="t", text="По словам Губернатора Петрова, мост откроют в мае.")).entities}
    assert "Петров" in got and not any(n.startswith("Губернатор") for n in got)
    assert "Роза Сябитова" in {e.name for e in analyze(Article(id="r", text="Роза Сябитова выступила.")).entities}


def test_the_media_at_large_are_no_organisation_but_stay_a_quotes_source():
    text = "Мэр Твери уйдёт в отставку, сообщают местные СМИ. По данным СМИ, решение принято в Москве."
    an = analyze(Article(id="p", text=text))
    assert "СМИ" not in {e.name for e in an.entities}
    ids = {e.id for e in an.entities}
    media = [q for q in an.quotes if q.speaker and "СМИ" in q.speaker]
    assert media and all(q.speaker_entity is None and q.speaker_type == "unnamed" for q in media)
    assert all(set(q.about) <= ids for q in an.quotes)


def test_an_unnamed_source_is_found_by_its_name_given_in_full(tmp_path):
    from svodka.archive import Archive
    art = Article(id="m1", text="По данным СМИ, мэр Твери уйдёт в отставку. Источник в мэрии сообщил, что "
                                "решение уже принято.")
    with Archive(tmp_path / "m.db") as a:
        a.add(art, analyze(art))
        assert [q.text for q in a.quotes(speaker="СМИ")] == ["мэр Твери уйдёт в отставку"]
        assert [q.speaker for q in a.quotes(speaker="источник в мэрии")] == ["источник в мэрии"]
        assert a.quotes(speaker="мэрии") == []  # a word of a description names no one


def test_a_power_plants_kind_alone_is_no_organisation():
    text = ("Губернатор обсудил строительство ТЭЦ в Верхнедольске\n\nНовая ТЭЦ заменит старую котельную, "
            "а Курская АЭС увеличит выработку.")
    names = {e.name for e in analyze(Article(id="t", text=text)).entities}
    assert "ТЭЦ" not in names and "Курская АЭС" in names
