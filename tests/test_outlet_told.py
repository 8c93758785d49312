"""An outlet right after a speech verb is often whom the words were told to, not who said them: «— сообщил РИА
Новости источник в ведомстве», «— рассказал «Интерфаксу» координатор движения». When the clause names a subject
after the outlet (past a time or place: «РИА Новости в четверг представитель …»), that subject is the speaker; an
outlet named in the dative is never the speaker. The texts were written for these tests."""
import pytest
from quote_helpers import find, quotes_of, rule_quotes_of

TOLD = [
    pytest.param("«Работы завершат к весне», — сообщил РИА Новости в четверг представитель мэрии.\n",
                 "Работы", "представитель мэрии", id="a_time_between_the_outlet_and_the_subject"),
    pytest.param("Как сообщил РИА Новости источник в министерстве, работы завершат к весне.\n",
                 "работы завершат", "источник в министерстве", id="an_outlet_of_two_words"),
    pytest.param("«Работы завершат к весне», — сообщил «Интерфаксу» координатор движения Олег Сомов.\n",
                 "Работы", "Олег Сомов", id="a_quoted_outlet_in_the_dative"),
    pytest.param("«Работы завершат к весне», — сообщили «Вечерней газете» в секретариате совета.\n",
                 "Работы", "секретариат совета", id="a_quoted_outlet_in_the_dative_then_a_place"),
]


@pytest.mark.parametrize("text,fragment,speaker", TOLD)
def test_the_rules_give_the_subject_after_the_outlet(text, fragment, speaker):
    assert find(rule_quotes_of(text), fragment).speaker == speaker


@pytest.mark.parametrize("text,fragment,speaker", TOLD)
def test_the_quote_is_the_subjects(text, fragment, speaker):
    assert find(quotes_of(text), fragment).speaker == speaker


@pytest.mark.parametrize("text,speaker", [
    ("«Работы завершат к весне», — сообщило РИА Новости в четверг.\n", "РИА Новости"),
    ("«Работы завершат к весне», — сообщает «Коммерсантъ» со ссылкой на источники.\n", "Коммерсантъ"),
    ("Как сообщает «Вечерняя газета», работы завершат к весне.\n", "Вечерняя газета"),
])
def test_an_outlet_with_no_subject_after_it_is_the_speaker(text, speaker):
    assert find(quotes_of(text), "аботы завершат").speaker == speaker


@pytest.mark.parametrize("text,speaker", [
    ("«Здание закроют на ремонт», — сказал репортёрам представитель театра.\n", "представитель театра"),
    ("«Здание закроют на ремонт», — сообщило таблоидам доверенное лицо актрисы.\n", "доверенное лицо актрисы"),
])
def test_a_dative_addressee_before_the_subject_is_no_part_of_it(text, speaker):
    # the tagger reads «репортёрам» as a nominative adjective; the dictionary knows it only as a dative
    assert find(rule_quotes_of(text), "Здание").speaker == speaker


@pytest.mark.parametrize("text,speaker", [
    ("Согласно сообщению Интерфакса со ссылкой на пресс-службу областного МЧС, пожар потушен.\n", "Интерфакс"),
    ("По данным ТАСС со ссылкой на источник в полиции, пожар потушен.\n", "ТАСС"),
])
def test_the_outlet_that_cites_is_the_speaker_not_the_whole_phrase(text, speaker):
    # QUOTES-GOLD decision 20: behind «со ссылкой на» the outlet is the speaker
    assert find(rule_quotes_of(text), "пожар потушен").speaker == speaker


@pytest.mark.parametrize("text,speaker", [
    ("«Решение уже принято», — пояснили RT в пресс-службе ведомства.\n", "пресс-служба ведомства"),
    ("Как пояснили RT в пресс-службе ведомства, решение уже принято.\n", "пресс-служба ведомства"),
    ("«Решение уже принято», — сообщили в «Газпроме».\n", "Газпром"),
    ("«Решение уже принято», — сообщили РБК в «Газпроме».\n", "Газпром"),
    ("«Решение уже принято», — сообщили в пресс-службе «Газпрома».\n", "пресс-служба Газпрома"),
])
def test_an_impersonal_plural_names_its_source_by_the_place_after_the_outlet(text, speaker):
    assert find(rule_quotes_of(text), "ешение уже принято").speaker == speaker


def test_a_quoted_name_after_the_place_is_its_genitive_only():
    # «называемых в Японии «северными территориями»»: an instrumental in marks is no part of the place
    text = "Жители требовали вернуть острова, называемых в Японии «северными территориями», заявили в МИД.\n"
    assert all("территориями" not in (q.speaker or "") for q in rule_quotes_of(text))


@pytest.mark.parametrize("text", [
    "Отставки не будет, сказал Иван Сомов, выступая на форуме.\n",
    "Отставки не будет, добавил министр Иван Сомов, отвечая на вопрос журналиста.\n",
])
def test_a_gerunds_phrase_after_a_postposed_speaker_is_circumstance(text):
    q = find(rule_quotes_of(text), "Отставки")
    assert q.text == "Отставки не будет" and q.speaker == "Иван Сомов"
