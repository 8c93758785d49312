"""A person's first name is one person's: «Камалы» beside a surname, which the tagger may read as a nominative
(pymorphy's only nominative for it is the plural of «Камал»), is the genitive of «Камала». The texts were
written for these tests."""
from svodka.analyze import analyze
from svodka.model import Article


def _persons(text):
    return {e.name for e in analyze(Article(id="t", text=text)).entities if e.type == "PER"}


def test_a_genitive_first_name_read_as_a_plural_nominative_is_put_in_the_nominative():
    assert "Камала Харрис" in _persons("Напарник Камалы Харрис и кандидат в вице-президенты Тим Уолз признал "
                                       "поражение на выборах.")


def test_names_that_end_otherwise_or_stand_alone_are_left_as_the_tagger_reads_them():
    persons = _persons("Премьер Маттео Сальвини встретился с послом Али Хаменеи, а Нельсон Мандела прислал письмо.")
    assert {"Маттео Сальвини", "Нельсон Мандела"} <= persons
