"""A reported clause ends where the speaker goes on to a next act of speech of their own («…, и добавил, что…»,
«…, однако напомнил…», «…, уточнив, что…»): the rest is another statement, not more of the first."""
from quote_helpers import quotes_of, rule_quotes_of


def _indirect(text, extract=rule_quotes_of):
    return {q.text: q.speaker for q in extract(text) if q.kind == "indirect"}


def test_and_then_a_second_speech_verb_ends_the_first_clause():
    text = ("Глава района Пётр Сомов сообщил, что дорогу к посёлку отремонтируют до зимы, и добавил, "
            "что деньги на ремонт уже выделены.")
    # the second statement is a quote of its own, with the same speaker: the verb after «, и» shares the first
    # verb's subject, not a noun of the first report («посёлку»)
    assert _indirect(text) == {"дорогу к посёлку отремонтируют до зимы": "Пётр Сомов",
                               "деньги на ремонт уже выделены": "Пётр Сомов"}
    assert _indirect(text, quotes_of) == {"дорогу к посёлку отремонтируют до зимы": "Пётр Сомов",
                                          "деньги на ремонт уже выделены": "Пётр Сомов"}


def test_without_a_comma_and_with_однако():
    got = _indirect("Тренер Ирина Лебедева заявила, что команда готова к финалу и подчеркнула, что травм нет.")
    assert "команда готова к финалу" in got
    got = _indirect("Министр Олег Титов признал, что цены на молоко выросли, однако напомнил, что зарплаты "
                    "растут быстрее.")
    assert "цены на молоко выросли" in got


def test_a_speech_gerund_ends_the_clause():
    got = _indirect("Мэр Андрей Грачёв назвал ситуацию с транспортом понятной, сказав, что новые автобусы "
                    "выйдут на линии в мае.")
    assert not any("сказав" in text for text in got)


def test_a_clause_with_its_own_speaker_stays_whole():
    # the second verb may be the inner speaker's: the clause is not cut
    got = _indirect("Адвокат Нина Белова сообщила, что её подзащитный рассказал следователям о встрече и "
                    "добавил подробности.")
    assert any(text.startswith("её подзащитный рассказал") and text.endswith("добавил подробности")
               for text in got)


def test_a_plain_coordinated_verb_is_still_part_of_the_clause():
    got = _indirect("Пресс-секретарь Анна Лосева сообщила, что поезд опоздал на час и прибыл в Тверь ночью.")
    assert "поезд опоздал на час и прибыл в Тверь ночью" in got
