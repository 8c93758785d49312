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
