"""An unnamed speaker is written as the article describes it, without the words that stood beside the
phrase in the sentence: an addressee in the dative («агентству», «газете»), a leading preposition. A dative
after a preposition belongs to the description («начальник центра по борьбе с пожарами»). The texts were
written for these tests."""
from svodka.analyze import analyze
from svodka.extract.speakers import _trimmed
from svodka.model import Article
from svodka.nlp.pipeline import parse


def _speakers(text):
    return [q.speaker for q in analyze(Article(id="t", text=text)).quotes]


def test_an_addressee_in_the_dative_after_the_source_is_no_part_of_it():
    assert _speakers("Самолёт приземлился в Гаване. «Экипаж действовал правильно», — сообщил источник "
                     "агентству Франс Пресс.") == ["источник"]
    assert _speakers("Самолёт приземлился в Гаване. «Экипаж действовал правильно», — сообщил источник "
                     "газете.") == ["источник"]


def _trim(sentence, phrase):
    toks = parse(sentence).tokens
    a = sentence.index(phrase)
    inside = [t for t in toks if a <= t.start and t.end <= a + len(phrase)]
    return " ".join(t.text for t in _trimmed(inside))


def test_a_leading_preposition_is_dropped():
    assert _trim("Об этом сообщили от представителей резиденции.", "от представителей резиденции") \
        == "представителей резиденции"


def test_a_dative_after_a_preposition_belongs_to_the_description():
    sentence = "Об этом сообщил начальник центра по борьбе с пожарами."
    assert _trim(sentence, "начальник центра по борьбе с пожарами") == "начальник центра по борьбе с пожарами"
