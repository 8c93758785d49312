"""A capitalised common noun before a person's name is taken for a title («Адмирал Нельсон»), but an East
Asian name of three one-syllable words keeps its first word even where that word is a Russian noun
(«Пан Ги Мун»). The texts were written for these tests."""
from svodka.analyze import analyze
from svodka.model import Article


def _persons(text):
    return {e.name for e in analyze(Article(id="t", text=text)).entities if e.type == "PER"}


def test_a_three_syllable_korean_name_keeps_its_first_word():
    assert "Пан Ги Мун" in _persons("Несколькими днями ранее Пан Ги Мун обратился к Совбезу ООН с просьбой.")
    # at a sentence start too, where a capital says nothing
    assert "Пан Ги Мун" in _persons("Пан Ги Мун заявил, что готов продолжить работу.")
    assert "Шах Рух Хан" in _persons("На премьеру приехал Шах Рух Хан, сообщили организаторы.")
    # a title before a name of other words is still no part of it
    assert "Ковальский" in _persons("Пан Ковальский заявил, что не согласен с решением суда.")
    assert "Игорь Петров" in _persons("Губернатор Игорь Петров заявил, что не согласен с решением суда.")
