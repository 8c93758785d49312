"""A description of the speaker that names someone else: «Адвокат Анны Лебедевой заявил» is the lawyer's
statement, not Лебедева's (QUOTES-GOLD: «представитель Обамы» is an unnamed source), while a name in apposition
(«Глава МИД России Сергей Лавров», «доктор Александр Мясников», whose surname reads as a plural noun) is the
speaker. A description keeps a participle in its genitive chain («Родители погибшего студента») and whom its
members come from («Наблюдатели от ОБСЕ»), but «сенатор от Техаса» stays a title of the article's senator.
The texts were written for these tests."""
import pytest
from quote_helpers import find, rule_quotes_of


@pytest.mark.parametrize("text,speaker", [
    pytest.param("Адвокат Анны Лебедевой заявил, что концерт отменён.\n", "адвокат Анны Лебедевой",
                 id="a_lawyer_of"),
    pytest.param("Советник Владимира Путина заявил, что встреча состоится.\n", "советник Владимира Путина",
                 id="an_adviser_of"),
    pytest.param("Дети журналистки Анны Лебедевой заявили, что будут добиваться пересмотра дела.\n",
                 "дети журналистки Анны Лебедевой", id="a_chain_that_ends_in_a_name"),
    pytest.param("Глава МИД России Сергей Лавров заявил, что встреча состоится.\n", "Сергей Лавров",
                 id="a_name_in_apposition"),
    pytest.param("Известный доктор Александр Мясников заявил, что прививка безопасна.\n", "Александр Мясников",
                 id="a_surname_that_reads_as_a_plural_noun"),
    pytest.param("Родители погибшего студента заявили, что будут добиваться пересмотра дела.\n",
                 "родители погибшего студента", id="a_participle_in_the_chain"),
    pytest.param("Наблюдатели от ОБСЕ заявили, что выборы прошли без нарушений.\n", "наблюдатели от ОБСЕ",
                 id="whom_they_come_from"),
])
def test_whose_words_a_description_gives(text, speaker):
    assert [q.speaker for q in rule_quotes_of(text)] == [speaker]


def test_a_title_with_its_constituency_still_names_the_person():
    text = ("Сенатор Иван Лебедев объявил о выдвижении. В понедельник сенатор от Приморья заявил, что намерен "
            "бороться за пост губернатора.\n")
    assert find(rule_quotes_of(text), "намерен бороться").speaker == "Иван Лебедев"


def test_a_participle_phrase_after_the_attribution_is_no_part_of_the_clause():
    text = "По мнению Ивана Лебедева, высказанному в интервью газете, мост откроют в мае.\n"
    assert [(q.text, q.speaker) for q in rule_quotes_of(text)] == [("мост откроют в мае", "Иван Лебедев")]


def test_a_cue_with_a_clause_of_its_own_reports_no_words_before_its_comma():
    from quote_helpers import quotes_of
    text = "Иван Лебедев, который возглавляет министерство с 2020 года, заявил, что мост откроют в мае.\n"
    assert [q.text for q in quotes_of(text)] == ["мост откроют в мае"]


@pytest.mark.parametrize("text,speaker", [
    pytest.param("По данным Страна.ua, у бывшего министра родился сын.\n", "Страна.ua",
                 id="a_name_the_tagger_reads_as_nominative"),
    pytest.param("По информации Lenta.ru, пострадавших нет.\n", "Lenta.ru", id="a_site"),
])
def test_a_name_with_a_dot_in_it_is_one_source(text, speaker):
    quotes = rule_quotes_of(text)
    assert [q.speaker for q in quotes] == [speaker] and not quotes[0].text.startswith(".")


def test_the_person_a_description_depends_on_is_no_candidate_of_its_quote():
    from quote_helpers import quotes_of, speaker_candidate_names
    text = "Дети погибшей журналистки Анны Лебедевой заявили, что будут добиваться пересмотра дела.\n"
    assert "Анна Лебедева" not in speaker_candidate_names(text, "пересмотра")
    assert [q.speaker for q in quotes_of(text)] == ["дети погибшей журналистки Анны Лебедевой"]


def test_a_company_called_by_another_word_for_its_kind_is_the_one_introduced_so():
    text = ("Компания Apple выразила соболезнования родственникам погибшей. В заявлении корпорации говорится, что "
            "проверка начата.\n")
    assert [q.speaker for q in rule_quotes_of(text)] == ["Apple"]
