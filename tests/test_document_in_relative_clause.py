"""«X распространил заявление, в котором говорится, что …»: an impersonal cue inside a relative clause speaks
for the document the clause hangs on, and so for whoever issued it. The texts were written for these tests."""
import pytest
from quote_helpers import READERS, find, quotes_of

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
