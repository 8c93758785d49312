"""Whose voice a clause is in. Holding a thing possible or ruling it out is a statement of its source («не исключил,
что …», «допустил, что …»); a fact that «подтверждает, что …» or «никто не …» is no one's words; the outlet's own
«мы писали, что …», a first-person «мы не можем утверждать, что …» and «А вы не верили, что …» are the author's
voice (gold rule 17), and inside a block quote the quoted speaker's own; a verb between a cue and «, что» takes the
clause; «Вот как X прокомментировал, …:» introduces the quote after its colon. A connective before «по словам X»
(«Кроме того, по его словам, …») is no part of the reported clause, and a statement spoken about («Захарова — о
заявлении Макрона: «…»») is no source; «там» beside an impersonal plural cue is the place that spoke last. The
texts were written for these tests."""
import pytest
from quote_helpers import READERS, find, rule_quotes_of


@pytest.mark.parametrize("read", READERS)
@pytest.mark.parametrize("text,fragment,speaker", [
    pytest.param("Министр экономики Пётр Лебедев не исключил, что цены на топливо вырастут к лету.\n",
                 "цены на топливо", "Пётр Лебедев", id="not_ruled_out"),
    pytest.param("Тренер сборной Олег Крылов допустил, что нападающий вернётся в команду осенью.\n",
                 "нападающий вернётся", "Олег Крылов", id="held_possible"),
    pytest.param("Аналитики банка не исключают, что ставку снизят уже в марте.\n",
                 "ставку снизят", "аналитики банка", id="an_unnamed_source"),
])
def test_what_someone_holds_possible_is_their_statement(read, text, fragment, speaker):
    q = find(read(text), fragment)
    assert q.kind == "indirect" and q.speaker == speaker


@pytest.mark.parametrize("text", [
    pytest.param("Это подтверждает, что цены на топливо вырастут к лету.\n", id="a_fact_confirms"),
    pytest.param("Всё это говорит о том, что цены на топливо вырастут к лету.\n", id="all_this_says"),
    pytest.param("Все указывает на то, что выход корабля в море откладывается.\n", id="everything_points"),
    pytest.param("Мы писали, что мэрия закрыла рынок на ремонт. Теперь торговцы просят компенсацию.\n",
                 id="the_outlet_wrote"),
    pytest.param("Полиция задержала четырёх человек. А вы не верили, что такие банды существуют.\n",
                 id="the_author_addresses_the_reader"),
    pytest.param("Состояние здоровья пациента продолжало ухудшаться, что потребовало срочной операции.\n",
                 id="an_infinitive_between_the_cue_and_the_clause"),
])
def test_no_ones_words_give_no_quote(text):
    assert rule_quotes_of(text) == []


def test_everyone_says_is_people():
    text = "Все говорят, что цены на топливо вырастут к лету.\n"
    assert [q.speaker for q in rule_quotes_of(text)] == ["все"]


@pytest.mark.parametrize("read", READERS)
def test_a_first_person_cue_inside_a_block_quote_keeps_the_block(read):
    text = ("Глава полиции Нил Басу прокомментировал находку:\nЭто важный сдвиг. Но мы не можем утверждать, что "
            "вещества больше нет, поэтому оцепление останется.\n\nЖителей попросили быть осторожнее.\n")
    q = find(read(text), "важный сдвиг")
    assert q.kind == "direct" and q.speaker == "Нил Басу" and "оцепление останется" in q.text


@pytest.mark.parametrize("read", READERS)
@pytest.mark.parametrize("opening", ["Кроме того", "При этом", "Между тем"])
def test_a_connective_before_the_attribution_is_no_part_of_the_clause(read, opening):
    text = (f"Мэр Иван Лебедев рассказал о планах на год. {opening}, по его словам, в городе построят новую "
            f"школу.\n")
    q = find(read(text), "новую школу")
    assert q.text == "в городе построят новую школу" and q.speaker == "Иван Лебедев"


@pytest.mark.parametrize("read", READERS)
def test_a_statement_spoken_about_is_no_source(read):
    # «о заявлении X» says what the speaker talks about; the speaker is the subject before it
    text = ("Мария Захарова — о заявлении Макрона: «Это очередная провокация, и мы не оставим её без ответа».\n\n"
            "Ранее Макрон заявил, что готов отправить войска.\n")
    assert find(read(text), "провокация").speaker == "Мария Захарова"


@pytest.mark.parametrize("read", READERS)
@pytest.mark.parametrize("text,fragment", [
    pytest.param("В Минздраве заявили, что вакцина безопасна. Там также отметили, что поставки начнутся в мае.\n",
                 "поставки начнутся", id="there_before_the_cue"),
    pytest.param("В Минздраве заявили, что вакцина безопасна. «Поставки начнутся в мае», — добавили там.\n",
                 "оставки начнутся", id="there_after_the_cue"),
])
def test_there_is_the_place_that_spoke_before(read, text, fragment):
    assert find(read(text), fragment).speaker == "Минздрав"


def test_here_is_how_introduces_the_quote_after_the_colon():
    text = ("Вот как эту новость прокомментировал писатель Иван Лебедев, который вёл митинг: «Это позор для "
            "всего города».\n")
    assert [(q.text, q.speaker) for q in rule_quotes_of(text)] == [("Это позор для всего города", "Иван Лебедев")]


@pytest.mark.parametrize("read", READERS)
def test_a_source_after_about_this_reports_the_sentence_before(read):
    text = ("Торговые центры закроют на ремонт, заявил глава департамента Иван Лебедев.\n\n"
            "Об этом в понедельник, 1 ноября, сообщает «Вечерняя газета».\n")
    assert not any(q.text.startswith("Об этом") for q in read(text))
