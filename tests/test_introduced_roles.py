"""A role a reader takes for the person the article introduced with the same word («эксперт Евгений Сомов» …
«по мнению эксперта») is that person; with nobody introduced so, the source stays as described; a source
(«источник») never becomes an earlier person. The texts were written for these tests."""
from quote_helpers import speakers_of


def test_the_expert_is_the_one_introduced_as_an_expert(models):
    assert speakers_of("Эксперт Евгений Сомов оценил шансы кандидатов. По мнению эксперта, выборы пройдут "
                     "спокойно.") == ["Евгений Сомов"]


def test_an_expert_nobody_was_introduced_as_stays_a_description(models):
    assert speakers_of("Мэр Олег Сомов открыл мост. Как сообщил эксперт, конструкция выдержит любые "
                     "нагрузки.") == ["эксперт"]
