"""Telegram's shapes of a quote reach the model with a speaker to give them: a dash line's own source words
(«…, — синоптики»), a source with an outlet's name in marks, emoji-bulleted lists, and a list's introduction
read for every item, not only the first. Invented posts."""
from svodka.quotemodel.candidates import speaker_candidates
from svodka.quotemodel.train import analyse_gold


def _doc(text):
    (_, fz, _view), = list(analyse_gold([{"id": "t", "text": text}]))
    return fz.doc, fz.cands


def _of(doc, cands, fragment, *origins):
    found = [c for c in cands if c.origin in origins and fragment in doc.text[c.start:c.end]]
    assert len(found) == 1, [(c.origin, doc.text[c.start:c.end]) for c in cands]
    return found[0]


def _speakers(doc, cand):
    return [s.name for s in speaker_candidates(doc, cand)]


def test_the_words_after_the_dash_are_a_speaker_candidate():
    doc, cands = _doc("🌧 Мощный ливень накроет Верхнедольск в выходные, — синоптики.\n\nБерегите себя.\n")
    # (the rules read a line signed so too, and their candidate takes the dash line's place)
    q = _of(doc, cands, "Мощный ливень накроет Верхнедольск", "dashline", "rule")
    assert "синоптики" in _speakers(doc, q)


def test_a_source_opening_with_a_verb_is_left_to_its_entity():
    doc, cands = _doc("В Заречье отключат воду на два дня, — сообщили в администрации города.\n")
    q = _of(doc, cands, "В Заречье отключат воду", "dashline", "rule")
    assert not any(name.startswith("сообщили") for name in _speakers(doc, q))


def test_an_outlet_in_marks_inside_the_source_keeps_the_dash_line():
    doc, cands = _doc("Ставки по вкладам к весне могут снизиться, — аналитики в материале «Вестника Заречья»\n")
    q = _of(doc, cands, "Ставки по вкладам", "dashline", "rule")
    names = _speakers(doc, q)
    assert "аналитики" in names and "аналитики в материале «Вестника Заречья»" in names


def test_marks_in_the_words_before_the_dash_are_read_as_pairs_not_as_a_dash_line():
    doc, cands = _doc("Завод назвал новую модель «Вихрь» — по имени реки\n")
    assert not [c for c in cands if c.origin == "dashline"]


def test_a_long_source_needs_the_comma_before_the_dash():
    with_comma = "Цены на гречку вырастут к зиме, — заместитель председателя союза аграриев области Пётр Сомов\n"
    without = "Главная новость недели — заместитель председателя союза аграриев области Пётр Сомов\n"
    doc, cands = _doc(with_comma)
    # (the rules read the line as signed too, and their candidate carries the dash line's source words)
    assert [c for c in cands if c.origin == "dashline" or c.origin == "rule" and c.src is not None]
    doc, cands = _doc(without)
    assert not [c for c in cands if c.origin == "dashline"]


def test_a_list_that_lost_its_emoji_bullets_is_read_line_by_line_with_its_introduction():
    # the clean view drops the emoji («✅»), leaving the items as lines with no blank line between them
    text = ("Диетологи назвали привычки, которые вредят сну:\n\n"
            "✅ Поздний ужин перед самым сном;\n"
            "✅ Кофе после пяти часов вечера;\n"
            "✅ Телефон в постели до полуночи.\n")
    doc, cands = _doc(text)
    for fragment in ("Кофе после пяти", "Телефон в постели"):
        q = _of(doc, cands, fragment, "block")
        assert "диетологи" in [n.lower() for n in _speakers(doc, q)], fragment


def test_a_blank_line_ends_the_lines_after_a_colon():
    text = ("Мэр Верхнедольска Олег Сомов сказал:\n\nМост откроем к осени.\n\nВ городе идёт ремонт дорог.\n")
    doc, cands = _doc(text)
    assert not [c for c in cands if c.origin == "block" and "ремонт дорог" in doc.text[c.start:c.end]]
