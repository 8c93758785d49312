"""Telegram layouts of statements. A dash list of someone's statements under a heading with no colon («Другие
заявления Ивана Лебедева на форуме в Казани», then «— …» lines) is introduced by that heading, as by «Главное:»:
its items are the person's direct quotes. A heading that names no speech («Лучшие рестораны Казани») introduces
nothing. The texts were written for these tests. A «…, — Source» line keeps its source when a name in marks stands
among its words, and the words after a cue and a colon on one line («Власти Москвы рассказали, как …: в понедельник
…») are a candidate of either kind."""
from quote_helpers import quotes_of

STATEMENTS = ("Другие заявления Ивана Лебедева на форуме в Казани\n\n— Инфляция замедлится к осени\n\n"
              "— Ставку снизят в декабре\n")


def test_the_items_under_a_heading_that_names_statements_are_quotes():
    assert [(q.text, q.speaker) for q in quotes_of(STATEMENTS)] == [
        ("Инфляция замедлится к осени", "Иван Лебедев"), ("Ставку снизят в декабре", "Иван Лебедев")]


def test_the_heading_is_the_lists_introduction():
    from svodka.quotemodel.train import analyse_gold
    (_, fz, _view), = list(analyse_gold([{"id": "t", "text": STATEMENTS}]))
    item = STATEMENTS.index("Ставку")
    assert fz.doc.intro(item) == (0, STATEMENTS.index("\n"))


def test_a_heading_that_names_no_speech_introduces_nothing():
    text = "Лучшие рестораны Казани\n\n— Чайхана у вокзала\n\n— Кафе на набережной\n"
    assert quotes_of(text) == []


def test_a_name_in_marks_leaves_a_dash_line_its_source():
    # «…, — Source» lines: a name in quotation marks among the words («Арбатская») is no quotation of its own
    text = "Движение перекрыто в сторону станции метро «Арбатская» из-за пожара на бульваре, — Дептранс.\n"
    assert [(q.kind, q.speaker) for q in quotes_of(text)] == [("direct", "Дептранс")]


def test_the_words_after_a_cue_and_a_colon_on_one_line_are_a_candidate_of_either_kind():
    from svodka.quotemodel.train import analyse_gold
    text = ("Власти Москвы рассказали, как будут работать центры госуслуг в праздники: в понедельник офисы "
            "закроются, а во вторник откроются.\n")
    (_, fz, _view), = list(analyse_gold([{"id": "t", "text": text}]))
    words = text.index("в понедельник")
    assert {c.kind for c in fz.cands if c.start == words} == {"direct", "indirect"}
