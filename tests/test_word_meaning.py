"""Word meaning features (nlp/vectors.py): Navec's vectors, projected to a few dimensions, keep related words
closer than unrelated ones; an unknown word has no meaning; the numbers do not change between calls."""
import math

from svodka.nlp.vectors import DIMS, meaning


def _cos(a, b):
    return sum(x * y for x, y in zip(a, b)) / math.sqrt(sum(x * x for x in a) * sum(y * y for y in b))


def test_related_words_are_closer():
    price, cost, mushroom = meaning("цена"), meaning("стоимость"), meaning("гриб")
    assert len(price) == DIMS
    assert _cos(price, cost) > _cos(price, mushroom) + 0.2
    assert _cos(meaning("штраф"), meaning("пеня")) > _cos(meaning("штраф"), meaning("облако"))


def test_unknown_word_is_zero_and_values_are_stable():
    assert meaning("зщшгщзщшгхъ") == (0.0,) * DIMS
    meaning.cache_clear()
    first = meaning("урожай")
    meaning.cache_clear()
    assert meaning("урожай") == first and any(first)
