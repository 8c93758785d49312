from datetime import datetime

from svodka.ingest.layout import parse_layout, parse_timestamp


def test_title_timestamp_body():
    text = ("Лавров и Фидан обсудили зерновую сделку\n\n11:05 14/02/2024\n\n"
            "Министр иностранных дел России Сергей Лавров провел переговоры в Анкаре.")
    lay = parse_layout(text)
    assert lay.title == "Лавров и Фидан обсудили зерновую сделку"
    assert lay.published == datetime(2024, 2, 14, 11, 5)
    assert text[lay.body_start:].startswith("Министр иностранных дел")


def test_body_running_on_has_neither_title_nor_timestamp():
    text = ("3 марта в Минске состоялась встреча премьер-министров России и Белоруссии.\n"
            "«Мы обсудили все вопросы повестки», – сказал Михаил Мишустин.\n")
    lay = parse_layout(text)
    assert lay.title is None and lay.published is None and lay.body_start == 0


def test_first_sentence_before_blank_line_is_not_a_title():
    text = "Встреча прошла в Кремле.\n\nПосле нее стороны сделали заявления для прессы.\n"
    assert parse_layout(text).title is None


def test_title_without_timestamp():
    text = "Собянин открыл новую станцию метро\n\nМэр Москвы Сергей Собянин открыл станцию «Новаторская».\n"
    lay = parse_layout(text)
    assert lay.title == "Собянин открыл новую станцию метро"
    assert lay.published is None
    assert text[lay.body_start:].startswith("Мэр Москвы")


def test_timestamp_without_title():
    text = "09:00 01/09/2023\n\nВ школах страны начался учебный год.\n"
    lay = parse_layout(text)
    assert lay.title is None and lay.published == datetime(2023, 9, 1, 9, 0)
    assert text[lay.body_start:].startswith("В школах")


def test_timestamp_is_day_first_and_rejects_impossible_dates():
    assert parse_timestamp("14:05 21/03/2024") == datetime(2024, 3, 21, 14, 5)
    assert parse_timestamp("21.03.2024 14:05") == datetime(2024, 3, 21, 14, 5)
    assert parse_timestamp("14:05 31/02/2024") is None
    assert parse_timestamp("Путин прибыл в Астану") is None


def test_empty_text():
    lay = parse_layout("\n\n")
    assert lay.title is None and lay.published is None
