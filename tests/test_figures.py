"""Figures with their unit, qualifier, change and measured noun (docs/dates-figures-gold.md), on invented
sentences."""
from datetime import datetime

import pytest

from svodka.analyze import analyze
from svodka.extract.dates import find_dates
from svodka.extract.figures import find_figures
from svodka.model import Article
from svodka.nlp.pipeline import parse


def figures(text):
    p = parse(text)
    return find_figures(p, [], find_dates(text, datetime(2024, 11, 5), p))


def one(text, sub):
    found = [f for f in figures(text) if sub in f.text]
    assert len(found) == 1, (text, [f.text for f in figures(text)])
    return found[0]


@pytest.mark.parametrize("text, sub, value, unit", [
    ("Инфляция составила 8,5 % в октябре.", "8,5", 8.5, "%"),
    ("Ставку подняли на 2 процентных пункта.", "пункта", 2, "п.п."),
    ("Бюджет проекта — 1,5 трлн руб.", "трлн", 1.5e12, "RUB"),
    ("Компания привлекла $150 тыс. инвестиций.", "$150", 150_000, "USD"),
    ("Штраф составит 30 тысяч рублей.", "30", 30_000, "RUB"),
    ("Контракт оценили в 2 млрд евро.", "евро", 2e9, "EUR"),
    ("Урожай составил 130 млн тонн.", "тонн", 1.3e8, "тонна"),
    ("За сутки прокачали 40 млн кубометров газа.", "кубометров", 4e7, "кубометр"),
    ("Трассу продлили на 12 км.", "12 км", 12, "км"),
    ("В аварии пострадали три человека.", "три", 3, "человек"),
    ("Эвакуировали три миллиона жителей.", "миллиона", 3e6, "житель"),
    ("Столбик термометра опустился до −7 градусов.", "7", -7, "градус"),
    # a sign written as a word
    ("К утру похолодает до минус 0,5 градуса.", "0,5", -0.5, "градус"),
    ("Днём до плюс 4 градусов.", "4", 4, "градус"),
    # after a dollar sign, commas between groups of three are thousands; a Russian decimal comma elsewhere
    ("Каюту на лайнере продают за $255,999.", "255", 255_999, "USD"),
    # a measure in two units is one figure in the larger; kopecks are hundredths of a rouble
    ("Она прыгнула на 20 метров 70 сантиметров.", "20", 20.7, "метр"),
    ("Рекорд — 118 км 650 метров.", "118", 118.65, "км"),
    ("Хлеб стоит 3 рубля 50 копеек.", "3", 3.5, "RUB"),
    ("Бензин подорожал на 14 копеек.", "14", 0.14, "RUB"),
    # slang and adjective forms of units
    ("Дом купили за 29.5 миллионов баксов.", "29.5", 29.5e6, "USD"),
    ("Он победил с 54 процентным перевесом.", "54", 54, "%"),
    ("Порывы ветра до 15 метров в секунду.", "15", 15, "метр в секунду"),
    ("Цена выросла на 2,500 рубля.", "2,500", 2.5, "RUB"),
])
def test_values_and_units(text, sub, value, unit):
    f = one(text, sub)
    assert f.value == pytest.approx(value) and f.unit == unit


@pytest.mark.parametrize("text, sub, qualifier", [
    ("Пострадали более 200 человек.", "200", "more"),
    ("Собрали около 50 тонн мусора.", "50", "approx"),
    ("Осталось почти 5 тысяч рублей.", "5", "almost"),
    ("Поддержали не менее 60 % опрошенных.", "60", "at_least"),
    ("Нарушителям грозит штраф до 500 тыс. рублей.", "500", "at_most"),
])
def test_qualifiers(text, sub, qualifier):
    assert one(text, sub).qualifier == qualifier


def test_ranges_carry_both_ends_and_share_the_multiplier():
    f = one("Зарплаты составят от 40 до 50 тысяч рублей.", "40")
    assert (f.value, f.value_max, f.qualifier, f.unit) == (40_000, 50_000, "range", "RUB")


@pytest.mark.parametrize("text, sub, low, high, unit", [
    # each end with its own multiplier
    ("Стоимость ремонта оценили от 300 тысяч до 2 миллионов рублей.", "300", 300_000, 2_000_000, "RUB"),
    # the first end borrows the second's multiplier when it has none
    ("Гонорар художника составит $1,2 — $1,5 млн.", "1,2", 1_200_000, 1_500_000, "USD"),
    # dots between the ends, signs on both
    ("Ночью ожидается -6...-2 °С, днём +3...+5 °С.", "-6", -6, -2, "°C"),
    ("Ночью ожидается -6...-2 °С, днём +3...+5 °С.", "+3", 3, 5, "°C"),
    # signs as words, the larger cold first
    ("Ночью будет от минус 3 до минус 5 градусов.", "минус 3", -5, -3, "градус"),
    # numbers that could be years are a sum when a currency follows
    ("Нарушителям грозит штраф от 1500 до 2000 рублей.", "1500", 1500, 2000, "RUB"),
])
def test_ranges_written_as_two_figures(text, sub, low, high, unit):
    f = one(text, sub)
    assert (f.value, f.value_max, f.unit, f.qualifier) == (pytest.approx(low), pytest.approx(high), unit, "range")


def test_a_range_keeps_its_sign_and_leaves_a_preposition_out():
    f = one("К обеду воздух прогреется до +7...+9 °С.", "7")
    assert f.text == "+7...+9 °С" and (f.value, f.value_max) == (7, 9)


def test_two_counts_side_by_side_are_no_range():
    found = figures("В первый день прошли две встречи — 17 участников спорили до вечера.")
    assert [f.value_max for f in found] == [None] * len(found) and len(found) == 2


def test_a_year_range_stays_a_date():
    p = parse("Он руководил заводом с 1995 по 2001 год.")
    assert [d.text for d in find_dates(p.text, datetime(2024, 11, 5), p)] == ["с 1995 по 2001 год"]


@pytest.mark.parametrize("text, sub, unit", [
    # a participle used as a noun is counted by its own nominative, not by its verb
    ("Медики осмотрели 14 пострадавших.", "14", "пострадавший"),
    ("Полиция задержала троих подозреваемых.", "троих", "подозреваемый"),
    ("Более 40 нападавших скрылись.", "40", "нападавший"),
    # in the case a preposition gives the phrase
    ("Агентства сообщали о двух погибших, но это не подтвердилось.", "двух", "погибший"),
    ("Врачи помогли трём пострадавшим.", "трём", "пострадавший"),
    # a number and its unit made one adjective
    ("В продаже появились 65-дюймовые телевизоры.", "65", "дюйм"),
    # of a noun's readings, the one of the gender the tagger saw in a singular form
    ("Она взяла одну банку варенья.", "одну", "банка"),
    # a noun the dictionary lists beside the adjective it was made of
    ("На турнир приехали 8 мужских сборных.", "8", "сборная"),
    # past adjectives and a short dependent to the noun; after «два» it is a singular genitive
    ("Суд снял двух предъявленных ему обвинений.", "двух", "обвинение"),
    ("У входа стояли два молодых человека.", "два", "человек"),
    ("ПВО сбила 17 украинских БПЛА.", "17", "БПЛА"),
    # pieces of something: the something is counted
    ("На складе нашли 2920 штук патронов и 66 штук пустых магазинов.", "2920", "патрон"),
    ("На складе нашли 2920 штук патронов и 66 штук пустых магазинов.", "66", "магазин"),
    # units with a power, a slash or a dot, as written
    ("Квартира площадью 64 м2 стоит дорого.", "64", "м2"),
    ("Армия продвинулась на 502 км² за месяц.", "502", "км²"),
    ("Лимит составит 6 тыс. кВт.ч в месяц.", "6 тыс", "квт.ч"),
    ("Уровень тестостерона — 14,7 нмоль/л.", "14,7", "нмоль/л"),
])
def test_counted_nouns_in_the_nominative(text, sub, unit):
    assert one(text, sub).unit == unit


@pytest.mark.parametrize("text, value", [
    ("Поправку поддержали две трети депутатов.", 2 / 3),
    ("Три четверти жителей остались дома.", 0.75),
])
def test_counted_thirds_and_quarters_are_shares(text, value):
    f = figures(text)[0]
    assert (f.value, f.unit) == (pytest.approx(value), "доля")


def test_changes_and_levels():
    up = one("Товарооборот вырос более чем на 33 %.", "33")
    level = one("Инфляция снизилась до 4 %.", "4")
    twice = one("Цены на жильё выросли вдвое.", "вдвое")
    assert (up.kind, up.direction, up.qualifier, up.value) == ("change", "up", "more", 33)
    assert (level.kind, level.direction, level.qualifier) == ("level", "down", None)
    assert (twice.value, twice.unit, twice.kind, twice.direction) == (2, "раз", "change", "up")


def test_fractions_in_words():
    f = one("Фермеры потеряли пятую часть урожая.", "пятую")
    assert (f.value, f.unit, f.about) == (pytest.approx(0.2), "доля", "урожай")


@pytest.mark.parametrize("text, sub, about", [
    ("Товарооборот двух стран вырос на 12 %.", "12", "товарооборот"),
    ("Урожай зерна составил около 130 млн тонн.", "130", "урожай зерна"),
    ("Регионы дают 70 % этого товарооборота.", "70", "товарооборот"),
    ("Продали квартиру стоимостью 10 млн рублей.", "10", "стоимость"),
    ("Депутаты предложили премию в 100 тысяч рублей.", "100", "премия"),
])
def test_what_a_figure_measures(text, sub, about):
    assert one(text, sub).about == about


def test_a_count_and_an_agent_measure_nothing():
    assert one("В результате пожара погибли 12 человек.", "12").about is None
    assert one("Компания заплатила 5 млн рублей.", "5").about is None


def test_not_figures():
    text = ("В 2023 году на Су-57 было поставлено 5-е место по статье 105, счёт 2:1, "
            "а люди одного поколения обсуждали один из вариантов.")
    assert figures(text) == []


def test_the_entity_a_figure_belongs_to():
    text = "Товарооборот России и Казахстана вырос на 33 %."
    an = analyze(Article(id="f", text=text, published=datetime(2024, 11, 5)))
    f = next(f for f in an.figures if f.value == 33)
    names = {e.id: e.name for e in an.entities}
    assert f.about == "товарооборот" and names[f.entity] == "Россия"


@pytest.mark.parametrize("text, about", [
    ("Бюджет фильма — 200 миллионов долларов.", "бюджет фильма"),
    ("Бюджет города — 40 млрд рублей.", "бюджет города"),
])
def test_the_shipped_model_reads_the_subject_before_a_dash(text, about):
    # the model ranks a figure's candidates against each other: the subject the dash links to the figure beats
    # the empty choice (a binary model, each candidate scored alone, left it empty)
    an = analyze(Article(id="f", text=text, published=datetime(2024, 11, 5)))
    assert [f.about for f in an.figures] == [about]


@pytest.mark.parametrize("text", ["1,234.567.89 рублей", "12 345,6,7 тонн", "₽", "$ тыс.", "−−5 %", "9" * 400 + " рублей"])
def test_odd_numbers_never_crash(text):
    for f in figures(text):
        assert isinstance(f.value, float) or isinstance(f.value, int)


@pytest.mark.parametrize("text, ends", [
    ("Пачка масла подорожала с 43 до 131 рубля за год.", [(43, "RUB"), (131, "RUB")]),
    ("Выпуск вырос с 371к тонн до 384, сообщили в ведомстве.", [(371_000, "тонна"), (384_000, "тонна")]),
    ("Экспорт вырос с 20 млн тонн в 2022 году до 37 млн в 2023-м.", [(2e7, "тонна"), (3.7e7, "тонна")]),
])
def test_where_a_change_started_and_ended_are_two_figures_sharing_the_unit(text, ends):
    got = figures(text)
    assert [(f.value, f.unit) for f in got] == ends
    assert all(f.value_max is None and f.qualifier is None for f in got)


@pytest.mark.parametrize("text, sub, value, unit", [
    ("Он потратил тысячу рублей на подарки.", "тысячу", 1000, "RUB"),
    ("Сгорели более сотни домов.", "сотни", 100, "дом"),
    ("Премия составит миллион рублей.", "миллион", 1e6, "RUB"),
    ("Собрали полсотни тысяч рублей.", "полсотни", 50_000, "RUB"),
    ("Скачали больше десятка приложений.", "десятка", 10, "приложение"),
])
def test_a_round_number_written_as_its_word_alone(text, sub, value, unit):
    f = one(text, sub)
    assert f.value == pytest.approx(value) and f.unit == unit


def test_thousands_in_the_plural_are_no_figure():
    assert figures("Тысячи людей вышли на улицы.") == []


@pytest.mark.parametrize("text, sub, value, unit", [
    ("Подсчитали почти два миллиона из 2,8 миллиона голосов.", "два", 2e6, "голос"),
    ("Он набрал 277 из 270 необходимых голосов.", "277", 277, "голос"),
    ("В программу включили 575 тысяч лифтов, но уже 64 тысячи устарели.", "64", 64_000, "лифт"),
])
def test_a_part_without_its_unit_counts_what_its_total_counts(text, sub, value, unit):
    f = one(text, sub)
    assert f.value == pytest.approx(value) and f.unit == unit


@pytest.mark.parametrize("text, sub, value, unit", [
    ("Премия составит 9 млн шведских крон.", "крон", 9e6, "SEK"),
    ("Мощность блока — 100 Вт.", "100", 100, "вт"),
    ("Частота процессора — 6,9 ГГц.", "6,9", 6.9, "ггц"),
    ("Скорость сети — до 100 Мбит/с.", "100", 100, "мбит/с"),
])
def test_more_units_of_measure_and_currencies(text, sub, value, unit):
    f = one(text, sub)
    assert f.value == pytest.approx(value) and f.unit == unit


@pytest.mark.parametrize("text, sub, value, unit", [
    ("Над городом возвели 60-метровую башню.", "60", 60, "метр"),
    ("Ей подарили кольцо из 18-каратного золота.", "18", 18, "карат"),
    ("Зал 200-местный.", "200", 200, "место"),
])
def test_a_number_and_its_unit_written_as_one_adjective(text, sub, value, unit):
    f = one(text, sub)
    assert f.value == pytest.approx(value) and f.unit == unit


def test_counts_of_times_are_levels_and_every_nth_is_a_share():
    f = one("Он дважды ударил соперника.", "дважды")
    assert (f.value, f.unit, f.kind) == (2, "раз", "level")
    f = one("Каждый пятый россиянин ходит в баню.", "пятый")
    assert (f.value, f.unit) == (pytest.approx(0.2), "доля")


@pytest.mark.parametrize("text, sub, unit", [
    ("В уравнении две переменные.", "две", "переменная"),
    ("Он раздал 50 тикетов.", "50", "тикет"),
])
def test_counted_nouns_by_the_gender_of_the_numeral_and_the_tagger_noun(text, sub, unit):
    assert one(text, sub).unit == unit


def test_a_multiplied_sum_takes_the_currency_named_after_it_in_its_sentence():
    got = figures("Переплата за квартиру стоимостью 12 млн составит 94,6 млн рублей.")
    assert [(f.value, f.unit) for f in got] == [(12e6, "RUB"), (94.6e6, "RUB")]


@pytest.mark.parametrize("text, sub, value", [
    ("Визит стоит около 17.000 рублей.", "17", 17_000),
    ("Выручка составила 1.250 млн рублей.", "1.250", 1.25e6),
])
def test_a_point_before_three_digits_separates_thousands_without_a_multiplier(text, sub, value):
    assert one(text, sub).value == pytest.approx(value)


def test_millions_as_posts_write_them_are_roubles():
    f = one("Он отдал за машину 4 ляма.", "4")
    assert (f.value, f.unit) == (4e6, "RUB")


def test_the_factored_numeral_pattern_matches_what_the_flat_alternation_does():
    import itertools
    import re

    from svodka.extract import numbers

    flat = "|".join(sorted(map(re.escape, numbers._WORD_VALUES), key=len, reverse=True))
    old = re.compile(r"(?<![а-яё])(?:" + flat + r")(?:\s+(?:" + flat + r"))*(?![а-яё])")
    new = re.compile(numbers.WORD_NUMBER)
    forms = list(numbers._WORD_VALUES)
    texts = [" ".join(p) for p in itertools.product(forms[::7], forms)]
    texts += [f + "ы" for f in forms] + [f[:-1] for f in forms]
    for text in texts:
        assert [m.span() for m in old.finditer(text)] == [m.span() for m in new.finditer(text)], text


@pytest.mark.parametrize("text, sub, unit", [
    ("К утру количество беспилотников, сбитых на подлёте к городу, достигло 32, сообщил мэр.", "32", "беспилотник"),
    ("Число сбитых украинских БПЛА достигло 25.", "25", "БПЛА"),
    ("Партия стала третьей по числу мандатов (52).", "52", "мандат"),
])
def test_a_bare_number_counts_what_its_sentence_names_the_count_of(text, sub, unit):
    assert one(text, sub).unit == unit


def test_one_with_its_noun_before_iz_counts():
    got = figures("Движение затруднено, открыта одна полоса из четырёх.")
    assert [(f.value, f.unit) for f in got] == [(1, "полоса"), (4, "полоса")]
    assert figures("Один из участников пострадал.") == []


def test_a_multiplier_that_would_invert_a_range_is_the_second_end_alone():
    f = one("Штраф составит от 500 до 2 тыс. рублей.", "500")
    assert (f.value, f.value_max, f.unit) == (500, 2000, "RUB")


@pytest.mark.parametrize("text, sub, value, unit", [
    ("Он знает 13 (!) языков.", "13", 13, "язык"),
    ("Штраф составит 5 (пять) тысяч рублей.", "5", 5000, "RUB"),
    ("Собрали **5** тонн мусора.", "5", 5, "тонна"),
])
def test_a_unit_past_an_aside_or_emphasis_marks(text, sub, value, unit):
    f = one(text, sub)
    assert (f.value, f.unit) == (value, unit)


def test_a_number_with_a_plus_is_at_least_and_a_lone_lyam_is_a_million_roubles():
    f = one("Вот список из 35+ бесплатных ресурсов.", "35")
    assert (f.value, f.unit, f.qualifier) == (35, "ресурс", "at_least")
    f = one("Он предлагал платить ему лям.", "лям")
    assert (f.value, f.unit) == (1e6, "RUB")


def test_a_unit_of_weight_with_no_number_is_one_unless_a_rate():
    f = one("ФСБ изъяла тонну кокаина.", "тонну")
    assert (f.value, f.unit) == (1, "тонна")
    assert figures("Цена за тонну выросла.") == []


@pytest.mark.parametrize("text, sub, value, unit", [
    # a word that only begins like a unit of time is counted: «части» is no «час», «лётчиков» no «лет»
    ("Пирог разрезали на три части.", "три", 3, "часть"),
    ("Фонд поддержал 6 тыс. частных школ.", "6 тыс", 6000, "школа"),
    ("В эскадрилье служат 12 летчиков.", "12", 12, "летчик"),
    # a name in quotes is what is counted, and its closing quote ends the figure
    ("Во дворе стояли два \"джипа\".", "два", 2, "джип"),
    # a product named in Latin letters is counted by its whole name
    ("Магазин продал 350 Galaxy S24 Ultra за неделю.", "350", 350, "galaxy s24 ultra"),
    ("Таксопарк купил 40 новых Skoda Octavia.", "40", 40, "skoda octavia"),
])
def test_counted_nouns_that_look_like_time_quoted_or_latin(text, sub, value, unit):
    f = one(text, sub)
    assert (f.value, f.unit) == (value, unit)


def test_a_quoted_counted_noun_keeps_its_closing_quote():
    assert one("Во дворе стояли два \"джипа\" и автобус.", "два").text == "два \"джипа\""


def test_units_of_time_still_belong_to_dates():
    assert [f.text for f in figures("Совещание шло 3 часа, а ремонт займёт 2 недели.")] == []


def test_an_english_thousands_comma_before_three_zeros():
    assert one("Игрок собрал 25,000 монет за сезон.", "25,000").value == 25_000
    assert one("Рост составил 2,5 % за год.", "2,5").value == 2.5


def test_a_verb_of_the_next_clause_gives_no_direction():
    # «вырос …, а … снизилась»: each figure takes the verb of its own clause
    f = one("За год товарооборот вырос более чем на 33%, а инфляция снизилась до 4%.", "33%")
    assert (f.kind, f.direction) == ("change", "up")
    f = one("За год товарооборот вырос более чем на 33%, а инфляция снизилась до 4%.", "4%")
    assert f.direction == "down"
    # a verb after the figure in its own clause still tells it
    assert one("Доходы компании на 10% выросли за квартал.", "10%").direction == "up"
