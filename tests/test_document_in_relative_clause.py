"""«X распространил заявление, в котором говорится, что …»: an impersonal cue inside a relative clause speaks
for the document the clause hangs on, and so for whoever issued it. The texts were written for these tests."""
import pytest
from quote_helpers import READERS, find, quotes_of, rule_quotes_of

CASES = [
    pytest.param("Пресс-секретарь министерства Анна Белова распространила заявление, в котором сообщается, что "
                 "судно задержано в порту.\n", "судно", "Анна Белова", id="the_subject_of_the_verb_that_issued_it"),
    pytest.param("Полиция опубликовала сообщение МВД, в котором говорится, что задержан подозреваемый.\n",
                 "подозреваемый", "МВД", id="the_genitive_after_the_document"),
]


@pytest.mark.parametrize("read", READERS)
@pytest.mark.parametrize("text,fragment,speaker", CASES)
def test_the_quote_is_the_documents_authors(read, text, fragment, speaker):
    assert find(read(text), fragment).speaker == speaker


def test_a_relative_clause_on_no_document_has_no_author():
    assert not quotes_of("Он снял квартиру, в которой говорится, что жить нельзя.\n")


# «В документе говорится» with no genitive: the document the text spoke of before, and who issued it
EARLIER_DOCUMENT = [
    pytest.param("Президент страны Олег Сомов подписал указ о награждении врачей больницы.\n\nВ документе "
                 "говорится, что награды вручаются за спасение пострадавших.\n", "награды вручаются",
                 "Олег Сомов", id="the_signer_of_the_decree"),
    pytest.param("Губернатор Анна Белова подписала постановление о продлении программы. «Срок программы "
                 "продлевается до 2030 года», — говорится в документе.\n", "Срок программы", "Анна Белова",
                 id="a_direct_quote_of_it"),
    pytest.param("Ленинский районный суд приговорил бывшего мэра к пяти годам колонии. В приговоре отмечается, "
                 "что подсудимый признал вину.\n", "подсудимый признал", "Ленинский районный суд",
                 id="a_verb_that_states_the_decision"),
]


@pytest.mark.parametrize("text,fragment,speaker", EARLIER_DOCUMENT)
def test_the_document_spoken_of_before_is_its_issuers(text, fragment, speaker):
    assert find(rule_quotes_of(text), fragment).speaker == speaker


def test_a_document_nobody_issued_in_the_text_has_no_author_from_it():
    text = ("Олег Сомов открыл выставку картин. В документе говорится, что экспозиция продлится месяц.\n")
    assert find(rule_quotes_of(text), "экспозиция").speaker != "Олег Сомов"


def test_a_summary_is_a_document_of_whom_it_is_of():
    text = "Как сказано в сводке Воздушных сил, дроны были запущены с территории соседней области.\n"
    assert find(rule_quotes_of(text), "дроны").speaker == "Воздушные силы"
