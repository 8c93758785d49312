"""«Со слов X, …» reports X's words as «по словам X, …» does; «с данными» is no cue. The texts were written for
these tests."""
from quote_helpers import quotes_of


def test_so_slov_is_a_source_like_po_slovam(models):
    qs = quotes_of("Мальчик попал в больницу. Со слов очевидцев, пожар начался ночью.")
    assert [(q.speaker, q.cue, q.text) for q in qs] == [("очевидцы", "Со слов", "пожар начался ночью")]


def test_with_data_is_no_cue(models):
    assert quotes_of("Инженер вернулся с данными о продажах, и работа продолжилась.") == []
