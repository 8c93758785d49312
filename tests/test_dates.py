"""Dates resolved against the publication day (docs/dates-figures-gold.md), on invented sentences."""
from datetime import datetime, timedelta, timezone

import pytest

from svodka.extract import calendar as cal
from svodka.extract.dates import find_dates, publication_day
from svodka.nlp.pipeline import parse

TUESDAY = datetime(2024, 11, 5, 10, 0)  # Tuesday 5 November 2024, local time


def dates(text, published=TUESDAY, with_verbs=True):
    return find_dates(text, published, parse(text) if with_verbs else None)


def one(text, sub, published=TUESDAY):
    found = [d for d in dates(text, published) if sub in d.text]
    assert len(found) == 1, (text, [d.text for d in dates(text, published)])
    return found[0]


def days(d):
    return d.first, d.last


# ---- absolute ----

@pytest.mark.parametrize("text, sub, first, last, grain", [
    ("Соглашение подписали 21 августа 2023 года в Астане.", "21 августа 2023 года", "2023-08-21", "2023-08-21", "day"),
    ("Документ датирован 08.11.2023 и вступил в силу.", "08.11.2023", "2023-11-08", "2023-11-08", "day"),
    ("Завод закрыли в 2019-м, а открыли снова позже.", "2019", "2019-01-01", "2019-12-31", "year"),
    ("Проект запустили в марте 2022 года.", "марте 2022", "2022-03-01", "2022-03-31", "month"),
    ("Рост продолжился во II квартале 2023 года.", "квартале", "2023-04-01", "2023-06-30", "quarter"),
    ("В 1990-е годы завод простаивал.", "1990-е", "1990-01-01", "1999-12-31", "decade"),
    ("Храм построили в XIX веке.", "XIX", "1801-01-01", "1900-12-31", "century"),
    ("Он руководил фондом с 2007 по 2010 год.", "2007", "2007-01-01", "2010-12-31", "range"),
])
def test_absolute_dates(text, sub, first, last, grain):
    d = one(text, sub)
    assert (d.first, d.last, d.grain, d.resolution) == (first, last, grain, "absolute")


def test_numeric_dates_are_day_first():
    assert one("Встреча назначена на 03.04.2024.", "03.04.2024").first == "2024-04-03"


# ---- relative to the publication day ----

def test_weekday_direction_comes_from_the_verb():
    past = one("Министры встретились в понедельник в Минске.", "понедельник")
    future = one("Министры соберутся в понедельник в Минске.", "понедельник")
    assert days(past) == ("2024-11-04", "2024-11-04")
    assert days(future) == ("2024-11-11", "2024-11-11")
    assert past.resolution == future.resolution == "relative"


def test_a_plan_points_forward_even_in_a_participle():
    assert one("Заседание намечено на пятницу.", "пятницу").first == "2024-11-08"


@pytest.mark.parametrize("text, sub, first, last, grain", [
    ("Вчера в городе выпал снег.", "Вчера", "2024-11-04", "2024-11-04", "day"),
    ("Сегодня утром мост закрыли.", "Сегодня утром", "2024-11-05", "2024-11-05", "day"),
    ("На прошлой неделе цены выросли.", "неделе", "2024-10-28", "2024-11-03", "week"),
    ("В прошлом году урожай был выше.", "году", "2023-01-01", "2023-12-31", "year"),
    ("Через два месяца откроют новую линию.", "месяца", "2025-01-01", "2025-01-31", "month"),
    ("Два месяца назад цех закрыли.", "назад", "2024-09-01", "2024-09-30", "month"),
    ("За девять месяцев текущего года выпуск вырос.", "девять", "2024-01-01", "2024-09-30", "range"),
    ("Форум пройдёт с 1 по 3 декабря.", "декабря", "2024-12-01", "2024-12-03", "range"),
    ("В середине сентября было тепло.", "сентября", "2024-09-11", "2024-09-20", "range"),
    ("В конце октября выпал снег.", "октября", "2024-10-21", "2024-10-31", "range"),
    # the part of a month or year in the accusative: «перенесли на …»
    ("Открытие перенесли на середину декабря.", "середину", "2024-12-11", "2024-12-20", "range"),
    ("Открытие перенесли на вторую половину декабря.", "половину", "2024-12-16", "2024-12-31", "range"),
    ("Открытие перенесли на конец месяца.", "конец", "2024-11-21", "2024-11-30", "range"),
    # the adjective of a relative day is that day
    ("Вчерашние торги закрылись ростом.", "Вчерашние", "2024-11-04", "2024-11-04", "day"),
    ("Итоги сегодняшнего заседания объявят вечером.", "сегодняшнего", "2024-11-05", "2024-11-05", "day"),
    ("К завтрашнему матчу готовы все.", "завтрашнему", "2024-11-06", "2024-11-06", "day"),
    # a working week is a week
    ("Следующая рабочая неделя будет короткой.", "неделя", "2024-11-11", "2024-11-17", "week"),
])
def test_relative_dates_and_periods(text, sub, first, last, grain):
    d = one(text, sub)
    assert (d.first, d.last, d.grain) == (first, last, grain)
    assert d.resolution == "relative"


def test_a_day_month_takes_the_sensible_year():
    # published in early January: a December just gone, not the next one
    jan = datetime(2025, 1, 3, 12, 0)
    assert one("Авария произошла 28 декабря на трассе.", "28 декабря", jan).first == "2024-12-28"
    assert one("Выборы пройдут 15 марта.", "15 марта", jan).first == "2025-03-15"


def test_a_verb_of_another_clause_does_not_throw_a_date_a_year_away():
    d = one("Об этом заявил министр в преддверии своего визита 9 ноября.", "9 ноября")
    assert d.first == "2024-11-09"


def test_times_of_day_belong_to_their_day():
    d = one("Вчера в 14:30 по московскому времени произошёл взрыв.", "14:30")
    assert (d.grain, d.time, d.first, d.value) == ("time", "14:30", "2024-11-04", "2024-11-04T14:30")
    assert one("Поезд прибудет в 9 утра.", "9 утра").time == "09:00"
    assert one("Собрание начнётся в 7 часов вечера.", "вечера").time == "19:00"


def test_a_weekday_beside_its_date_is_one_date():
    d = one("Указ подписали в пятницу, 1 ноября.", "пятницу")
    assert d.text == "в пятницу, 1 ноября" and d.first == "2024-11-01"


def test_a_weekday_beside_a_day_month_chooses_its_year():
    # 27 October 2024 was a Sunday; the Friday 27 October nearest to it was in 2023
    d = one("Акция прошла в пятницу, 27 октября.", "27 октября")
    assert days(d) == ("2023-10-27", "2023-10-27")
    # a guess the weekday agrees with stays
    assert days(one("Встреча состоится во вторник, 12 ноября.", "12 ноября")) == ("2024-11-12", "2024-11-12")


def test_two_days_in_a_row_are_one_stretch_and_two_apart_stay_two():
    d = one("Выставка пройдёт 3 и 4 ноября в Манеже.", "ноября")
    assert (d.first, d.last, d.grain) == ("2024-11-03", "2024-11-04", "range")
    assert [d.text for d in dates("Голосование пройдёт 3 и 10 ноября.")] == ["10 ноября"]


def test_two_weekdays_in_a_row_are_one_stretch_in_the_tense_of_the_clause():
    # published on Tuesday 5 November 2024
    ahead = one("Снегопад ожидается в пятницу и субботу.", "пятницу")
    assert (ahead.first, ahead.last, ahead.grain) == ("2024-11-08", "2024-11-09", "range")
    over = one("Митинги прошли в воскресенье и понедельник.", "воскресенье")
    assert (over.first, over.last) == ("2024-11-03", "2024-11-04")
    # two days apart stay two dates
    assert [d.text for d in dates("Митинги прошли в понедельник и четверг.")] == ["в понедельник", "четверг"]


def test_the_start_middle_and_end_of_a_season_are_its_months():
    # published on Tuesday 5 November 2024
    since = one("С начала осени в городе выпало 120 мм осадков.", "осени")
    assert (since.first, since.last) == ("2024-09-01", None)
    mid = one("К середине зимы 2023 года снег так и не лёг.", "зимы")
    assert (mid.first, mid.last, mid.grain) == ("2023-01-01", "2023-01-31", "month")
    third = one("Третий месяц осени начался с дождей.", "осени")
    assert (third.first, third.last, third.grain) == ("2024-11-01", "2024-11-30", "month")
    half = one("Дожди шли в первой половине осени 2024 года.", "осени")
    assert (half.first, half.last) == ("2024-09-01", "2024-10-15")
    assert dates("Лето выдалось жарким.") == []  # a season as the subject of a sentence is no time


def test_a_day_range_runs_into_the_next_year():
    # published on Tuesday 5 November 2024
    holidays = one("С 28 декабря по 8 января горка будет работать без выходных.", "января")
    assert (holidays.first, holidays.last) == ("2024-12-28", "2025-01-08")
    written = one("С 25 декабря по 5 января 2025 года каток открыт.", "января")
    assert (written.first, written.last, written.resolution) == ("2024-12-25", "2025-01-05", "absolute")


def test_a_perfective_verb_the_tagger_reads_as_present_points_ahead():
    # «отдохнём» is tagged imperfective present; the dictionary knows it only as perfective
    assert days(one("Летом мы отдохнём на море.", "Летом")) == ("2025-06-01", "2025-08-31")
    assert days(one("Летом мы отдыхали на море.", "Летом")) == ("2024-06-01", "2024-08-31")


def test_open_intervals_keep_the_one_end_they_have():
    since = one("С 2019 года он живёт в Казани.", "2019")
    by = one("До 2030 года построят мост.", "2030")
    assert (since.first, since.last, since.value) == ("2019-01-01", None, "2019-01-01/..")
    assert (by.first, by.last) == (None, "2030-12-31")


def test_utc_timestamps_are_read_in_moscow_time():
    late = datetime(2024, 11, 4, 22, 30, tzinfo=timezone.utc)  # 01:30 on 5 November in Moscow
    assert publication_day(late).isoformat() == "2024-11-05"
    assert one("Вчера выпал снег.", "Вчера", late).first == "2024-11-04"


def test_durations_are_not_dates():
    d = one("Переговоры шли в течение трёх лет.", "трёх лет")
    assert (d.kind, d.value) == ("duration", "P3Y")


@pytest.mark.parametrize("text", [
    "Ему 65 лет, он живёт в Твери.",
    "Суд приговорил его к 5 годам колонии.",
    "Пенсионерка (72 года) пострадала при пожаре.",
])
def test_ages_and_prison_terms_are_not_durations(text):
    assert [d for d in dates(text) if d.kind == "duration"] == []


@pytest.mark.parametrize("text, sub, value", [
    # a range of lengths is annotated by its lower bound, as a range of figures is
    ("Стройка может затянуться на 3–6 лет.", "3–6 лет", "P3Y"),
    ("Очередь двигалась два-три часа.", "два-три часа", "PT2H"),
    # a fraction is written in whole units of the next grain
    ("Контракт продлили на полтора года.", "полтора года", "P18M"),
    ("Совещание шло 2,5 часа.", "2,5 часа", "PT2H30M"),
    ("Заседание длилось 3 часа 20 минут.", "3 часа 20 минут", "PT3H20M"),
    ("Тушение заняло полчаса.", "полчаса", "PT30M"),
    # one unit after a word of quantity
    ("Поиски продолжались около суток.", "около суток", "P1D"),
    ("Ремонт займёт не менее недели.", "не менее недели", "P1W"),
    ("С момента запуска прошло чуть больше месяца.", "чуть больше месяца", "P1M"),
    ("Ещё 40 школ отремонтируют в ближайшие три года.", "три года", "P3Y"),
    # a length written as an adjective of a thing
    ("Пилот перенёс 9-часовой перелёт без сна.", "9-часовой", "PT9H"),
    ("Студенты прошли трёхнедельную стажировку.", "трёхнедельную", "P3W"),
    ("Завод завершил почти 20-летнее строительство.", "20-летнее", "P20Y"),
    ("Спортсменка взяла годичную паузу.", "годичную", "P1Y"),
])
def test_durations_in_words_ranges_and_adjectives(text, sub, value):
    d = one(text, sub)
    assert (d.kind, d.value) == ("duration", value)


@pytest.mark.parametrize("text", [
    "Задержан 42-летний водитель автобуса.",
    "Пятилетняя Аня потерялась в парке.",
    "Летний сезон открыли рано, часовой стоял у ворот.",
    "Он вернулся около часа ночи.",
    "Отряд ушёл: с 20 до 29 — 15 человек.",
])
def test_ages_and_look_alikes_are_not_durations(text):
    assert [d.text for d in dates(text) if d.kind == "duration"] == []


def test_month_names_that_are_names_are_not_months():
    assert dates("Бразильянка Марта забила гол.") == []
    assert dates("Создали благоприятную среду для бизнеса.") == []


# ---- without a publication day ----

def test_no_publication_day_keeps_day_months_partial_and_relative_dates_unresolved():
    found = {d.text: d for d in dates("21 августа в Кремле прошла встреча, а вчера её обсуждали.", None)}
    assert found["21 августа"].resolution == "partial"
    assert (found["21 августа"].value, found["21 августа"].first) == ("--08-21", "XXXX-08-21")
    assert found["вчера"].resolution == "unresolved" and found["вчера"].value is None


# ---- the seeds' shapes, on sentences written for the test ----

def test_seed_shaped_sentences_without_a_publication_day():
    text = ("12 мая в Минске прошли переговоры премьеров. «Мы рассчитываем, что форум состоится в ноябре», — "
            "сказал он. По его словам, в прошлом году объём торговли снизился, а за I полугодие текущего года "
            "вырос. «В понедельник мы соберёмся снова, а в середине октября продолжим», — добавил премьер.")
    got = {d.text: (d.value, d.grain, d.resolution) for d in dates(text, None)}
    assert got == {
        "12 мая": ("--05-12", "day", "partial"),
        "в ноябре": ("--11", "month", "partial"),
        "в прошлом году": (None, "year", "unresolved"),
        "за I полугодие текущего года": (None, "half", "unresolved"),
        "В понедельник": (None, "day", "unresolved"),
        "в середине октября": ("XXXX-10-11/XXXX-10-20", "range", "partial"),
    }


def test_seed_shaped_sentence_with_a_publication_day():
    text = "Об этом в интервью заявил президент в преддверии визита в столицу 14 марта."
    d = one(text, "14 марта", datetime(2024, 3, 13, 9, 30))
    assert (d.value, d.resolution) == ("2024-03-14", "relative")


# ---- bad input ----

@pytest.mark.parametrize("text", [
    "Это случилось 31 февраля 2023 года.",
    "Табло показывало 25:70 всю ночь.",
    "Цифры 1,234.567.89 и 12.13.2024 не даты.",
    "В 3024 году и в 0999 году ничего не будет.",
    "",
    "31.02.2020",
])
def test_impossible_dates_never_crash_and_keep_no_value(text):
    for d in dates(text) + dates(text, None):
        assert d.value is None or d.first is None or d.first <= (d.last or d.first)
    impossible = [d for d in dates("Это случилось 31 февраля 2023 года.") if "февраля" in d.text]
    assert impossible and impossible[0].value is None and impossible[0].resolution == "unresolved"


def test_calendar_thirds_and_weeks():
    sep = cal.month(2024, 9)
    assert cal.third(sep, "end").first.isoformat() == "2024-09-21"
    assert cal.third(cal.year(2024), "middle").last.isoformat() == "2024-08-31"
    assert cal.week_of(TUESDAY.date()).first.isoformat() == "2024-11-04"
    assert cal.Period(TUESDAY.date(), TUESDAY.date() + timedelta(days=6), "week").value() == "2024-W45"
