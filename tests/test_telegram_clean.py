"""The clean view of Telegram posts and analysis through it, on short posts written for these tests in the
style of Russian news channels (no text of any corpus)."""
import sys
import unicodedata

import pytest

from svodka import analyze, analyze_many
from svodka.ingest import article_from_text
from svodka.ingest.clean import _SYMBOL, clean, clean_title, needs_cleaning, shorten


def check_offsets(text, view):
    """Every clean character maps to the original character it came from (a space or line break put in
    place of a removal maps to the removed position); the map is strictly increasing."""
    assert len(view.offsets) == len(view.text)
    assert all(a < b for a, b in zip(view.offsets, view.offsets[1:]))
    for c, o in zip(view.text, view.offsets):
        assert text[o] == c or c in " \n", (c, text[o])


# --- the clean view, no models -------------------------------------------------------------------

def test_markdown_marks_are_removed_and_offsets_map_back():
    text = "**Мэр Зеленогорска** открыл __новый__ мост ~~вчера~~ через реку `Быстрая` ||сегодня||"
    v = clean(text)
    assert v.text == "Мэр Зеленогорска открыл новый мост вчера через реку Быстрая сегодня"
    check_offsets(text, v)
    i = v.text.index("Зеленогорска")
    s, e = v.span(i, i + len("Зеленогорска"))
    assert text[s:e] == "Зеленогорска"


def test_a_span_ending_before_a_mark_leaves_the_mark_outside():
    text = "В **Кисловодске** ждут снег"
    v = clean(text)
    i = v.text.index("Кисловодске")
    s, e = v.span(i, i + len("Кисловодске"))
    assert text[s:e] == "Кисловодске"


def test_links_keep_their_text_and_empty_links_go_whole():
    text = ("[\u200b](https://youtu.be/abc123)**Губернатор** [сообщил](https://t.me/gorod_news/415) о ремонте.\n"
            "[👉 ](https://t.me/+AbCdEf)Подробности ниже")
    v = clean(text)
    assert v.text == "Губернатор сообщил о ремонте.\nПодробности ниже"
    check_offsets(text, v)


def test_a_link_whose_text_is_only_a_line_break_and_an_emoji_keeps_the_break():
    text = "Первая строка.\n[\n👉 ](https://t.me/+AbCdEf)Вторая строка."
    v = clean(text)
    assert v.text == "Первая строка.\n\nВторая строка."
    check_offsets(text, v)


def test_emoji_and_invisible_characters_go_without_gluing_words():
    text = ("⚡️Срочно: в Твери😱открыли каток 🇷🇺 для всех\u200b желающих\n"
            "1️⃣ Вход свободный 👨\u200d👩\u200d👧 по\u00adка работает погода ✅")
    v = clean(text)
    assert v.text == ("Срочно: в Твери открыли каток для всех желающих\n"
                      "Вход свободный пока работает погода")
    check_offsets(text, v)


def test_every_format_character_is_invisible_to_analysis():
    # the class lists the ranges by hand; it must cover every Unicode format character (category Cf)
    missing = [hex(cp) for cp in range(sys.maxunicode + 1)
               if unicodedata.category(chr(cp)) == "Cf" and not _SYMBOL.match(chr(cp))]
    assert not missing


def test_bare_urls_go_and_the_sentence_stays_whole():
    text = "Подробности на сайте https://example.ru/news/123?utm=tg. Мэрия просит не волноваться"
    v = clean(text)
    assert v.text == "Подробности на сайте. Мэрия просит не волноваться"
    check_offsets(text, v)


@pytest.mark.parametrize("footer", [
    "🔴 [Подписаться на Город - новостной](https://t.me/gorod_novostnoy)",
    "❤ [Подписаться](https://t.me/gorodtop) | [Прислать новость](https://t.me/gorodtop_bot)",
    "[👉 ](https://t.me/+QwErTy)[Вечерний Город Live. Подписаться](https://t.me/+AsDfGh)",
    "👉 Город Live. Подписаться",
    "@gorod_segodnya",
    "Подпишись | Прислать новость",
    "🎯[ Подписывайся на ГОРОД](https://t.me/gorod)\n\n📩 [Прислать новость](https://t.me/gorod_go)",
    "__Прислали __[__через бота__](https://t.me/gorodbot)",
    "Новости Сочи - @sochi_segodnya",
    "Без цензуры в [Город Live](https://t.me/+ZxCvBn)",
    "#новости #город",
])
def test_footers_are_removed(footer):
    body = "В Самаре открыли новую станцию метро. Мэр города пообещал продлить линию до вокзала."
    text = f"{body}\n\n{footer}"
    v = clean(text)
    assert v.text == body
    assert v.footer is not None and text[v.footer[0]:].strip() == footer.strip()
    assert v.footer[0] >= len(body)


def test_a_last_line_that_only_mentions_signing_is_not_a_footer():
    text = ("**Губернатор подписал указ о выходных**\n\n"
            "Глава региона подписал указ, по которому 31 декабря станет выходным днём.\n\n"
            "Президент подписал закон о налогах")
    v = clean(text)
    assert v.footer is None
    assert v.text.endswith("Президент подписал закон о налогах")


def test_a_post_that_is_only_a_call_to_subscribe_keeps_it():
    v = clean("**Подписывайтесь на наш канал**")
    assert v.text == "Подписывайтесь на наш канал" and v.footer is None


def test_plain_agency_text_is_its_own_view():
    text = ("Мишустин посетил Казань\n\n10:00 01/02/2024\n\n"
            "Председатель правительства России Михаил Мишустин в четверг посетил Казань. "
            "Соглашение будет подписано до конца месяца.\n")
    assert not needs_cleaning(text)
    v = clean(text)
    assert v.text == text and v.footer is None
    assert list(v.offsets) == list(range(len(text)))


def test_title_is_the_first_clean_line_shortened_at_a_word():
    text = ("⚡️**Мэр Казани:** зимой в городе откроют двенадцать новых катков\n\nПодробнее позже\n\n"
            "🔴 [Подписаться](https://t.me/kazan)")
    assert clean_title(None, text) == "Мэр Казани: зимой в городе откроют двенадцать новых катков"
    assert clean_title("[\u200b](https://youtu.be/x)**Бьёрн Халворсен** дал концерт", text) == \
        "Бьёрн Халворсен дал концерт"
    long = "слово " * 40
    short = shorten(long)
    assert len(short) <= 121 and short.endswith("слово…")


def test_a_bullet_before_the_first_line_is_no_part_of_the_title():
    assert clean_title(None, "• Спортсмен Олег Сомов выиграл марафон в Казани\n\nПодробности позже.") == \
        "Спортсмен Олег Сомов выиграл марафон в Казани"
    assert clean_title("▪ Новый мост откроют в мае", "Текст.") == "Новый мост откроют в мае"


# --- analysis through the view ---------------------------------------------------------------

PLAIN = ("Власти Новосибирска закрыли мост через Обь на ремонт.\n\n"
         "«Мост откроют к первому декабря, движение пустим по двум полосам», — заявил мэр Новосибирска "
         "Максим Кудрявцев журналистам.\n")
MARKED = ("⚡️**Власти Новосибирска закрыли мост через Обь на ремонт.**\n\n"
          "__«Мост откроют к первому декабря, движение пустим по двум полосам»__, — __заявил **мэр "
          "Новосибирска** Максим Кудрявцев__ журналистам.\n\n"
          "🔴 [Подписаться на Москву - новостную](https://t.me/moskva_test) | [Прислать новость](https://t.me/m_bot)")


def quote_key(q):
    return q.kind, q.speaker, q.cue, q.text.replace("*", "").replace("_", "")


@pytest.fixture(scope="module")
def marked(models):
    return analyze(article_from_text(MARKED, "tg-1", "test"))


def test_a_quote_in_markup_is_found_as_without_markup(models, marked):
    plain = analyze(article_from_text(PLAIN, "plain", "test"))
    assert plain.quotes, "the unmarked post must have its quote"
    assert [quote_key(q) for q in marked.quotes] == [quote_key(q) for q in plain.quotes]
    q = marked.quotes[0]
    assert q.speaker == "Максим Кудрявцев" and q.kind == "direct"
    assert q.text == "Мост откроют к первому декабря, движение пустим по двум полосам"


def test_without_the_clean_view_the_footer_becomes_an_entity(models, marked):
    # what the clean view is for: analysed as written, the channel footer is read as news («Москву»)
    raw = analyze(article_from_text(MARKED, "tg-1", "test"), cleaning=False)
    footer = MARKED.index("🔴")
    assert any(m.start >= footer for e in raw.entities for m in e.mentions)
    assert not any(m.start >= footer for e in marked.entities for m in e.mentions)


def test_offsets_index_the_original_post(marked):
    assert marked.entities and marked.quotes
    for e in marked.entities:
        for m in e.mentions:
            assert MARKED[m.start:m.end] == m.text
    for q in marked.quotes:
        assert MARKED[q.start:q.end] == q.text
        if q.mention:
            assert MARKED[q.mention.start:q.mention.end] == q.mention.text
    names = {m.text for e in marked.entities for m in e.mentions}
    assert "Максим Кудрявцев" in names and "Новосибирска" in names


def test_footers_produce_no_entities(models, marked):
    footer_start = MARKED.index("🔴")
    assert all(m.start < footer_start for e in marked.entities for m in e.mentions)
    assert "Москва" not in {e.name for e in marked.entities}
    raw = analyze(article_from_text(MARKED, "tg-1", "test"), cleaning=False)
    assert any(m.start >= footer_start for e in raw.entities for m in e.mentions)


def test_title_of_a_post_without_one_is_its_first_clean_line(marked):
    assert marked.title == "Власти Новосибирска закрыли мост через Обь на ремонт."


def test_plain_articles_give_exactly_what_they_gave_before(models):
    art = article_from_text(PLAIN, "plain", "test")
    assert analyze(art).to_dict() == analyze(art, cleaning=False).to_dict()
    untitled = article_from_text("Максим Кудрявцев заявил, что мост откроют к зиме.", "u", "test")
    assert analyze(untitled).title is None


def test_analyze_many_gives_what_analyze_gives(models):
    arts = [article_from_text(MARKED, "tg-1", "test"), article_from_text(PLAIN, "plain", "test")]
    assert [a.to_dict() for a in analyze_many(arts)] == [analyze(a).to_dict() for a in arts]
