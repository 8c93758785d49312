"""«… . Об этом сообщил X.»: the sentences before an «об этом» sentence in its paragraph, or the paragraph
before when it opens its own, are a reported-speech candidate, with the cue's sources among its speakers.
The texts were written for these tests."""
import pytest
from quote_helpers import rule_quotes_of
from svodka.quotemodel.train import analyse_gold


def _anaphors(text):
    (_, fz, _view), = list(analyse_gold([{"id": "t", "text": text}]))
    return [fz.doc.text[c.start:c.end] for c in fz.cands if c.origin == "anaphor"]


def test_the_paragraph_before_an_opening_about_this_sentence_is_a_candidate():
    text = ("Два беспилотника, летевших к Верхнедольску, сбиты над лесом.\n\n"
            "Об этом сообщается в телеграм-канале городской администрации. Пострадавших нет.\n")
    assert _anaphors(text) == ["Два беспилотника, летевших к Верхнедольску, сбиты над лесом."]


def test_the_sentences_before_it_in_its_paragraph_are_a_candidate():
    text = ("Подрядчик сдаст мост через Сонь к ноябрю, а движение по нему откроют в декабре. "
            "Об этом сообщается на сайте мэрии Верхнедольска.\n")
    (_, fz, _view), = list(analyse_gold([{"id": "t", "text": text}]))
    # the rules or the anaphor candidates: one reported clause of the first sentence, whoever proposed it
    assert any(c.kind == "indirect" and fz.doc.text[c.start:c.end].startswith("Подрядчик сдаст мост")
               and "Об этом" not in fz.doc.text[c.start:c.end] for c in fz.cands)


def test_no_about_this_sentence_no_candidate():
    assert _anaphors("Подрядчик сдаст мост к ноябрю. Мэрия сообщила о новых тарифах.\n") == []



@pytest.mark.parametrize("text", [
    pytest.param("Цены на бензин вырастут на 10%. Такую оценку высказал аналитик Олег Сомов.\n", id="such_an_estimate"),
    pytest.param("Цены на бензин вырастут на 10%. Такое мнение высказал аналитик Олег Сомов.\n", id="such_an_opinion"),
])
def test_a_such_phrase_refers_back_to_the_sentence_before(text):
    assert [(q.speaker, q.text) for q in rule_quotes_of(text)] == [("Олег Сомов", "Цены на бензин вырастут на 10%")]


@pytest.mark.parametrize("text", [
    pytest.param("Цены на бензин вырастут на 10%. Такой прогноз озвучил аналитик Олег Сомов.\n", id="forecast_voiced"),
    pytest.param("Цены на бензин вырастут на 10%. Такое заявление сделал аналитик Олег Сомов.\n", id="statement_made"),
    pytest.param("Цены на бензин вырастут на 10%. С таким заявлением выступил аналитик Олег Сомов.\n", id="came_out_with"),
    pytest.param("Цены на бензин вырастут на 10%. Эти данные привёл аналитик Олег Сомов.\n", id="figures_cited"),
    pytest.param("Цены на бензин вырастут на 10%. Такую оценку дал аналитик Олег Сомов.\n", id="estimate_given"),
    pytest.param("Цены на бензин вырастут на 10%. Такого же мнения придерживается аналитик Олег Сомов.\n",
                 id="same_opinion_held"),
    pytest.param("Цены на бензин вырастут на 10%. Так считает аналитик Олег Сомов.\n", id="so_thinks"),
])
def test_a_verb_whose_object_points_back_at_what_was_said_reports_it(text):
    """A light verb («озвучил», «сделал», «выступил с», «привёл», «дал») with a demonstrative and a noun for
    what was said as its object, or «Так» before a cue, reports the sentence before as «Об этом» does."""
    assert [(q.speaker, q.text) for q in rule_quotes_of(text)] == [("Олег Сомов", "Цены на бензин вырастут на 10%")]


@pytest.mark.parametrize("text", [
    pytest.param("Цены на бензин вырастут на 10%. Такое заявление прозвучало в эфире телеканала.\n", id="noun_is_subject"),
    pytest.param("Цены на бензин вырастут на 10%. Эти слова вызвали возмущение депутатов.\n", id="words_as_subject"),
    pytest.param("Цены на бензин вырастут на 10%. Эту информацию проверяют в полиции.\n", id="checking_is_no_saying"),
    pytest.param("Цены на бензин вырастут на 10%. Такие шины сделал завод в Верхнедольске.\n", id="no_speech_noun"),
])
def test_such_a_noun_that_is_no_object_of_a_saying_verb_reports_nothing(text):
    assert rule_quotes_of(text) == []
