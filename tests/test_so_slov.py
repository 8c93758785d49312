"""«Со слов X, …» reports X's words as «по словам X, …» does; «с данными» is no cue. The texts were written for
these tests."""
import pytest
from quote_helpers import quotes_of, rule_quotes_of


def test_so_slov_is_a_source_like_po_slovam(models):
    qs = quotes_of("Мальчик попал в больницу. Со слов очевидцев, пожар начался ночью.")
    assert [(q.speaker, q.cue, q.text) for q in qs] == [("очевидцы", "Со слов", "пожар начался ночью")]


def test_with_data_is_no_cue(models):
    assert quotes_of("Инженер вернулся с данными о продажах, и работа продолжилась.") == []



@pytest.mark.parametrize("text,speaker", [
    pytest.param("По предварительным данным МЧС, пожар начался из-за короткого замыкания.\n", "МЧС",
                 id="an_adjective"),
    pytest.param("По последним уточнённым данным Минздрава, в больницах остаются 12 человек.\n", "Минздрав",
                 id="two_adjectives"),
])
def test_adjectives_between_po_and_the_source_noun(text, speaker):
    assert [q.speaker for q in rule_quotes_of(text)] == [speaker]


def test_an_adjective_before_a_noun_that_is_no_source_is_no_cue():
    assert rule_quotes_of("По предварительным итогам МЧС, пожар начался из-за короткого замыкания.\n") == []
