"""A quote's speaker is the name the article gives the source (QUOTES-GOLD.md), while its entity keeps the
gazetteer's name that links it across articles: «Рейтер» in the quote, Reuters in `entities`. The texts were
written for these tests."""
import pytest
from svodka import analyze
from svodka.ingest import article_from_text

from quote_helpers import rule_quotes_of, speaker_candidate_names


def analysis_of(text):
    return analyze(article_from_text(text, "t", "test"))


def test_an_organisation_is_a_speaker_candidate_by_the_name_the_article_writes():
    text = ("В порту Сонска задержаны два танкера.\n\n"
            "Как сообщило агентство Рейтер со ссылкой на портовые власти, танкеры досматривают третьи сутки.\n")
    assert "Рейтер" in speaker_candidate_names(text, "досматривают")
    assert "Reuters" not in speaker_candidate_names(text, "досматривают")


def test_the_entity_keeps_its_linking_name():
    text = ("Пожар на складе\n\n"
            "Склад в Верхнедольске горит с утра, сообщает Би-би-си со ссылкой на пожарных.\n")
    assert {e.name for e in analysis_of(text).entities} >= {"BBC"}
    assert "Би-би-си" in speaker_candidate_names(text, "Склад")


def test_a_name_the_article_writes_as_the_gazetteer_does_is_unchanged():
    text = "Агентство Reuters сообщило, что переговоры в Сонске продлятся до пятницы.\n"
    assert "Reuters" in speaker_candidate_names(text, "переговоры")


def test_people_described_at_the_texts_start_are_written_in_lower_case_and_an_outlet_keeps_its_capital():
    # the tagger reads a capitalised first word as a name; a noun for people is a description all the same
    speakers = {q.speaker for q in analysis_of("Синоптики предупредили, что в Москве ожидается ледяной дождь.\n").quotes}
    assert speakers == {"синоптики"}
    speakers = {q.speaker for q in analysis_of("Известия сообщили, что в Москве ожидается ледяной дождь.\n").quotes}
    assert speakers == {"Известия"}



@pytest.mark.parametrize("text,speaker", [
    pytest.param("Газета Morning Herald написала, что мужчина был известен полиции.\n", "Morning Herald",
                 id="a_name_in_latin_letters_after_the_noun"),
    pytest.param("Французская газета L'Ouest Matin написала, что мужчина был известен полиции.\n", "L'Ouest Matin",
                 id="an_apostrophe_inside_the_name"),
    pytest.param("Итальянская газета Il Giorno 24 Ore сообщила, что папа уйдёт в отставку.\n", "Il Giorno 24 Ore",
                 id="a_number_inside_the_name"),
])
def test_a_medium_named_in_latin_letters_is_its_name(text, speaker):
    assert [q.speaker for q in rule_quotes_of(text)] == [speaker]


@pytest.mark.parametrize("text", [
    pytest.param("В беседе с RT эксперт отметил, что цены вырастут.\n", id="a_name_that_does_not_decline"),
    pytest.param("В разговоре с «Вестником» эксперт отметил, что цены вырастут.\n", id="a_name_in_marks"),
])
def test_the_object_of_a_preposition_is_no_part_of_the_subject_after_it(text):
    assert [q.speaker for q in rule_quotes_of(text)] == ["эксперт"]


def test_self_between_the_subject_and_its_verb_is_no_part_of_the_subject():
    text = "Через день один из грабителей сам пришёл в полицию, подозревая, что напарник его обманул.\n"
    assert [q.speaker for q in rule_quotes_of(text)] == ["один из грабителей"]


def test_a_forecast_is_a_source_noun():
    text = "По прогнозам синоптиков, до утра в столице сохранятся осадки в виде снега.\n"
    assert [q.speaker for q in rule_quotes_of(text)] == ["синоптики"]


@pytest.mark.parametrize("text,speaker", [
    pytest.param("Мэрия объявила о закрытии станции. Как пояснили в столичном департаменте транспорта, ремонт "
                 "продлится месяц.\n", "столичный департамент транспорта", id="an_institution"),
    pytest.param("В официальном заявлении МИД говорится, что посол будет отозван.\n", "МИД", id="a_document"),
    pytest.param("В правоохранительных органах рассказали, что задержанный дал показания.\n",
                 "правоохранительные органы", id="bodies"),
    pytest.param("В компании «Вектор» сообщили, что сбой устранён.\n", "Вектор", id="a_name_beside_its_kind"),
])
def test_an_adjective_before_the_place_an_impersonal_cue_names(text, speaker):
    assert [q.speaker for q in rule_quotes_of(text)] == [speaker]
