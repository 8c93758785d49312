"""Where a report's clause is found: circumstances may stand between a cue and its «, что» («признал в суде во
время слушания одной из апелляций, что …»), and a court's verdict or a law speaks like a statement («В приговоре
отмечается, что …»: the rules propose the clause, whose author the model looks for around it). The texts were
written for these tests."""
import pytest
from quote_helpers import find, quotes_of, rule_quotes_of


def test_circumstances_between_the_cue_and_its_clause():
    text = "Федеральный прокурор признал в суде во время слушания одной из апелляций, что улик было недостаточно.\n"
    assert [(q.speaker, q.text) for q in rule_quotes_of(text)] == [
        ("федеральный прокурор", "улик было недостаточно")]


def test_a_clause_too_far_from_the_cue_is_not_its_report():
    text = ("Прокурор выступил в суде во время слушания одной из апелляций по делу о хищении бюджетных средств "
            "в особо крупном размере, что вызвало споры.\n")
    assert rule_quotes_of(text) == []


def test_a_verdict_is_read_as_its_courts_statement():
    text = "Тверской суд вынес приговор. В приговоре отмечается, что вина подсудимого доказана.\n"
    assert find(rule_quotes_of(text), "вина подсудимого").text == "вина подсудимого доказана"
    assert find(quotes_of(text), "вина подсудимого").speaker == "Тверской суд"


def test_a_gerund_before_a_colon_has_the_main_verbs_subject():
    text = ("Министр спорта Олег Сомов предложил фигуристке начать карьеру чиновницы, заявив ТАСС: «Мы будем рады "
            "видеть её в министерстве».\n")
    assert [(q.speaker, q.text) for q in rule_quotes_of(text)] == [
        ("Олег Сомов", "Мы будем рады видеть её в министерстве")]
    # and the clause before the gerund is no one's report
    assert [q.text for q in quotes_of(text)] == ["Мы будем рады видеть её в министерстве"]


def test_a_gerund_after_a_that_clause_has_the_main_subject():
    text = ("Глава Минсельхоза Оксана Лут подтвердила, что ситуация со сливочным маслом «понятная», отметив, что "
            "спрос вырос вместе с доходами.\n")
    assert find(rule_quotes_of(text), "спрос вырос").speaker == "Оксана Лут"


def test_a_verb_of_another_tense_after_a_bare_and_is_the_clauses_own():
    text = "В пресс-службе министра сообщили, что он идёт на поправку и продолжает работать из дома.\n"
    assert find(rule_quotes_of(text), "идёт на поправку").text == "он идёт на поправку и продолжает работать из дома"


def test_the_speakers_next_act_still_ends_the_clause():
    text = "Министр сообщил, что ремонт завершён, и добавил, что мост откроют в мае.\n"
    assert [q.text for q in rule_quotes_of(text)] == ["ремонт завершён", "мост откроют в мае"]


def test_a_gerund_after_its_main_verb_has_that_verbs_subject():
    text = ("Депутат Олег Сомов предложил запретить в городе услуги Дедов Морозов, считая, что это вредит "
            "детям.\n")
    assert [q.speaker for q in rule_quotes_of(text)] == ["Олег Сомов"]


def test_a_gerund_before_its_main_verb_has_the_subject_before_it():
    text = "Сомов, считая, что переговоры продолжатся, отказался уезжать.\n"
    assert [q.speaker for q in rule_quotes_of(text)] == ["Сомов"]


def test_the_speakers_next_act_after_comma_and_ends_the_clause():
    # «направила» agrees with «Столица потребовала», not with the clause's «экстрадировали»
    text = "Столица потребовала, чтобы соседи экстрадировали беглеца, и направила им документы.\n"
    assert [q.text for q in rule_quotes_of(text)] == ["соседи экстрадировали беглеца"]


def test_a_verb_that_agrees_with_the_clause_stays_in_it():
    text = "Белова рассказала, что муж вернулся домой, и заплакал от радости.\n"
    assert [q.text for q in rule_quotes_of(text)] == ["муж вернулся домой, и заплакал от радости"]


def test_a_settlement_abbreviation_ends_no_clause():
    text = "По данным военных, бои идут в районе н. п. Весёлое, где организуются линии обороны.\n"
    assert [q.text for q in rule_quotes_of(text)] == ["бои идут в районе н. п. Весёлое, где организуются линии обороны"]


def test_a_gerund_cue_after_a_refusal_has_its_own_clause():
    text = "Министр отказался комментировать эту информацию, заявив, что президент в курсе.\n"
    assert [(q.speaker, q.text) for q in rule_quotes_of(text)] == [("министр", "президент в курсе")]


def test_an_outlet_told_in_marks_after_its_noun_is_not_the_subject():
    text = "Как сообщил агентству \"Вестник\" источник в правительстве, решение будет принято в мае.\n"
    assert [q.speaker for q in rule_quotes_of(text)] == ["источник в правительстве"]


@pytest.mark.parametrize("text,speaker", [
    pytest.param("Врачи уверены, что жизни пациента ничего не угрожает.\n", "врачи", id="sure"),
    pytest.param("Следователи убеждены, что пожар начался из-за проводки.\n", "следователи", id="convinced"),
])
def test_a_plural_short_adjective_of_certainty_is_a_cue(text, speaker):
    assert [q.speaker for q in rule_quotes_of(text)] == [speaker]


def test_a_gerund_after_a_dash_attribution_has_the_subject_after_its_verb():
    text = ("«Я очень надеюсь, что это больше не повторится», — заявила глава города, добавив, что ей очень стыдно "
            "за произошедшее.\n")
    assert find(rule_quotes_of(text), "стыдно").speaker == "глава города"


@pytest.mark.parametrize("text", [
    pytest.param("Как отметили в Белом доме, документ вступит в силу немедленно.\n", id="as_they_said_in"),
    pytest.param("В Белом доме заявили, что документ вступит в силу немедленно.\n", id="they_said_in"),
])
def test_a_place_named_in_more_than_one_word_speaks_for_an_impersonal_plural(text):
    assert [q.speaker for q in rule_quotes_of(text)] == ["Белый дом"]
