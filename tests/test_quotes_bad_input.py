"""Quote extraction on awkward input: nothing crashes, nothing absurd (articles written for these tests)."""
import time

from quote_helpers import quotes_of


def assert_sane(text, quotes):
    for q in quotes:
        assert text[q.start:q.end] == q.text
        # a quote never runs over a paragraph break into the rest of the article
        assert "\n\n" not in q.text


def test_article_without_quotes(models):
    text = ("Дожди в Приморье\n\nВ понедельник в Приморском крае прошли сильные дожди. Уровень воды в реках "
            "поднялся на полметра. Движение на трассе восстановлено к вечеру.\n")
    assert quotes_of(text) == []


def test_hundreds_of_quotation_marks(models):
    body = " ".join(f"«Товар {i}» и \"марка {i}\"" for i in range(300))
    text = f"Список брендов\n\nВ каталог вошли {body}. Поставщик сообщил, что цены не изменятся.\n"
    start = time.perf_counter()
    qs = quotes_of(text)
    assert time.perf_counter() - start < 30  # a guard against runaway scans, not a speed target
    assert_sane(text, qs)
    # names in marks are not speech; the one reported clause may be found, nothing else
    assert all(q.kind == "indirect" and "цены не изменятся" in q.text for q in qs)


def test_unbalanced_marks_never_swallow_the_article(models):
    text = ("Совет директоров собрался в четверг\n\n"
            "«Мы приняли решение о выплате дивидендов, — сказал председатель совета Игорь Лебедев.\n\n"
            "Компания «Северный порт отчиталась о росте прибыли. Акции выросли на 3%.\n\n"
            "Аналитики ожидают продолжения роста во втором квартале. «Рынок перегрет, сказал один из брокеров.\n")
    qs = quotes_of(text)
    assert_sane(text, qs)
    for q in qs:
        assert "Акции выросли" not in q.text
        assert "Аналитики ожидают" not in q.text


def test_quotes_only_in_the_title(models):
    text = ("«Мы вернёмся в высшую лигу», — заявил тренер «Зенита»\n\n"
            "12:00 01/06/2024\n\n"
            "Команда проиграла в финале кубка. Следующий матч пройдёт в августе.\n")
    qs = quotes_of(text)
    assert_sane(text, qs)
    assert [q.text for q in qs] == ["Мы вернёмся в высшую лигу"]
    assert qs[0].kind == "direct" and qs[0].cue == "заявил"


def test_latin_quotes_inside_russian_text(models):
    text = ('Компания "Apple" представила новый телефон. "We are proud of this phone", — сказал глава компании '
            'Тим Кук. Обозреватели назвали модель “самой дорогой в истории”.\n')
    qs = quotes_of(text)
    assert_sane(text, qs)
    direct = [q for q in qs if q.kind == "direct"]
    assert [q.text for q in direct] == ["We are proud of this phone"]
    assert direct[0].speaker == "Тим Кук"
    assert all(q.text != "Apple" for q in qs)


def test_empty_and_punctuation_only_paragraphs(models):
    text = "Заголовок\n\n«»\n\n— — —\n\n»»» «««\n\n\"\n"
    assert_sane(text, quotes_of(text))
