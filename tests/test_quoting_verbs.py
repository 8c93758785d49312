"""A verb that passes on someone else's words («цитирует», «приводит слова») names two parties: the outlet that
quotes (its subject) and the one whose words they are (its object, or the genitive of «слова / высказывания /
заявление X»). The speaker is the second. The texts were written for these tests."""
import pytest
from quote_helpers import READERS, find, quotes_of, rule_quotes_of

CASES = [
    pytest.param("«Бюджет будет принят вовремя», — цитирует ТАСС пресс-службу Минфина.\n",
                 "Бюджет", "пресс-служба Минфина", id="the_object_after_the_outlet_in_the_nominative"),
    pytest.param("«Полиция будет создана к весне», — цитирует Infox.ru пресс-службу Минобороны.\n",
                 "Полиция", "пресс-служба Минобороны", id="an_outlet_with_a_full_stop_in_its_name"),
    pytest.param("Тренер Игорь Лавров ответил на вопросы журналистов.\n\n«Гарантий никто не даёт», — цитирует "
                 "Лаврова «Советский спорт».\n", "Гарантий", "Игорь Лавров", id="the_object_before_a_quoted_outlet"),
    pytest.param("Адвокат Игорь Лавров защищает режиссёра. Газета «Вечерний город» приводит слова адвоката Игоря "
                 "Лаврова, что суд назначен на май.\n", "суд назначен", "Игорь Лавров",
                 id="words_of_before_a_that_clause"),
    pytest.param("Депутат Игорь Лавров выступил в парламенте.\n\n«Было бы странно ждать другого, — цитирует газета "
                 "высказывания Лаврова. — Суд всё решит».\n", "странно", "Игорь Лавров",
                 id="remarks_of_in_a_quote_cut_in_two"),
    pytest.param("Министр Олег Сомов подписал указ.\n\n«Он освобождён от должности», — процитировал Сомова "
                 "собеседник агентства.\n", "освобождён", "Олег Сомов",
                 id="the_genitive_of_the_outlets_own_noun_is_not_the_object"),
]


@pytest.mark.parametrize("read", READERS)
@pytest.mark.parametrize("text,fragment,speaker", CASES)
def test_the_quote_is_the_quoted_partys(read, text, fragment, speaker):
    assert find(read(text), fragment).speaker == speaker


def test_an_outlet_with_no_object_is_the_speaker():
    q = find(quotes_of("«Работы идут по плану», — цитирует агентство Reuters.\n"), "Работы")
    assert q.speaker == "Reuters"


def test_a_genitive_name_ending_the_words_is_the_descriptions_own():
    text = "«Мы не планируем сокращений», — приводит РБК слова пресс-службы Минфина.\n"
    assert find(rule_quotes_of(text), "сокращений").speaker == "пресс-служба Минфина"
