"""A pronoun after a sentence whose subject a common noun describes («Губернатор встретился с Игорем
Волковым. «…», — сказал он.») is that subject, not the person named in an object: the article may never name
the speaker, who is then the unnamed source as described (QUOTES-GOLD). A named subject still wins. The texts
were written for these tests."""
import pytest
from quote_helpers import READERS, find


@pytest.mark.parametrize("read", READERS)
@pytest.mark.parametrize("text,fragment,speaker", [
    pytest.param("Губернатор встретился с Игорем Волковым. «Мы обсудили ремонт дорог», — сказал он.\n",
                 "ремонт дорог", "губернатор", id="a_direct_quote"),
    pytest.param("Главный врач больницы встретился с министром Иваном Лебедевым. Он заявил, что ремонт начнётся "
                 "весной.\n", "ремонт начнётся", "главный врач больницы", id="a_reported_clause"),
    pytest.param("Врачи осмотрели пострадавших на месте аварии. «Состояние у всех стабильное», — сказали они.\n",
                 "Состояние", "врачи", id="a_plural_subject"),
    pytest.param("Сотрудники ГИБДД остановили автомобиль на трассе. По их словам, водитель был пьян.\n",
                 "водитель был пьян", "сотрудники ГИБДД", id="their_words_an_organisation_in_the_description"),
    pytest.param("Акционеры компании недовольны. По их мнению, назначение нового директора грозит убытками.\n",
                 "назначение", "акционеры компании", id="a_subject_with_a_short_adjective"),
    pytest.param("Губернатор Пётр Лебедев встретился с министром. Он заявил, что ремонт начнётся весной.\n",
                 "ремонт начнётся", "Пётр Лебедев", id="a_named_subject"),
])
def test_the_pronoun_is_the_described_subject(read, text, fragment, speaker):
    assert find(read(text), fragment).speaker == speaker
