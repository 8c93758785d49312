"""Coreference inside an article: titles and pronouns join the person they refer to (articles written for these tests)."""
import pytest

from svodka import analyze
from svodka.ingest import article_from_text

VISIT = (
    "Мирзиёев и Токаев обсудили водные ресурсы\n\n"
    "10:15 14/03/2024\n\n"
    "Президент Узбекистана Шавкат Мирзиёев провел телефонный разговор с президентом Казахстана "
    "Касым-Жомартом Токаевым. Казахстанский лидер поблагодарил коллегу за поддержку на переговорах в Ташкенте. "
    "Он также пригласил президента Узбекистана посетить Астану осенью.\n\n"
    "«Мы договорились продолжить работу над соглашением», — заявил глава узбекского государства. "
    "Токаев добавил, что эксперты двух стран встретятся в апреле.\n"
)


def person(analysis, surname):
    found = [e for e in analysis.entities if e.type == "PER" and surname in e.name]
    assert len(found) == 1, [(e.name, [m.text for m in e.mentions]) for e in analysis.entities]
    return found[0]


def kinds(entity):
    return {(m.text, m.kind) for m in entity.mentions}


@pytest.fixture(scope="module")
def visit(models):
    return analyze(article_from_text(VISIT, "v1", "test"))


def test_apposition_links_title_to_the_name_that_follows(visit):
    assert ("Президент Узбекистана", "title") in kinds(person(visit, "Мирзиёев"))
    assert ("президентом Казахстана", "title") in kinds(person(visit, "Токаев"))


def test_role_alias_resolves_to_the_person_introduced_with_that_role(visit):
    tok = person(visit, "Токаев")
    assert ("Казахстанский лидер", "title") in kinds(tok)
    mir = person(visit, "Мирзиёев")
    assert ("президента Узбекистана", "title") in kinds(mir)
    assert ("глава узбекского государства", "title") in kinds(mir)


def test_pronoun_follows_the_subject_of_the_previous_sentence(visit):
    assert ("Он", "pronoun") in kinds(person(visit, "Токаев"))
    assert not any(m.kind == "pronoun" for m in person(visit, "Мирзиёев").mentions)


def test_mentions_point_into_the_text_and_ids_stay_ordered(visit):
    for e in visit.entities:
        for m in e.mentions:
            assert VISIT[m.start:m.end] == m.text
    assert [e.id for e in visit.entities] == [f"e{i}" for i in range(1, len(visit.entities) + 1)]


def _an(text, ident="x"):
    return analyze(article_from_text(text, ident, "test"))


def test_two_possible_antecedents_leave_the_pronoun_alone(models):
    a = _an("Антон Силуанов и Максим Решетников провели совещание в Москве. Он заявил, что бюджет сбалансирован.")
    assert not any(m.kind == "pronoun" for e in a.entities for m in e.mentions)


def test_pronoun_gender_must_agree(models):
    a = _an("Эльвира Набиуллина встретилась с Антоном Силуановым в Москве. Она заявила, что инфляция замедлилась.")
    assert ("Она", "pronoun") in kinds(person(a, "Набиуллина"))
    assert not any(m.kind == "pronoun" for m in person(a, "Силуанов").mentions)


def test_title_without_a_name_takes_the_holder_on_the_publication_date(models):
    text = "Визит в Пекин\n\n12:00 15/06/2010\n\nПрезидент России заявил журналистам, что визит прошел успешно.\n"
    a = _an(text)
    med = person(a, "Медведев")
    assert med.name == "Дмитрий Медведев"
    assert [m.kind for m in med.mentions] == ["title"]


def test_title_without_name_or_date_stays_unresolved(models):
    a = _an("Президент России заявил журналистам, что визит прошел успешно.")
    assert not [e for e in a.entities if e.type == "PER"]


def test_title_inside_an_organisation_name_is_not_a_person(models):
    a = _an("Сотрудники Администрации президента России провели брифинг в Москве.")
    assert not [e for e in a.entities if e.type == "PER"]


def test_a_title_in_another_case_is_not_the_title_of_the_next_name(models):
    a = _an("На прием пригласили дочь губернатора Анну Лосеву и представителя министра Олега Жукова.")
    for e in a.entities:
        assert not any(m.kind == "title" for m in e.mentions), (e.name, [m.text for m in e.mentions])


def test_a_pronoun_inside_a_quotation_is_not_the_speaker_named_outside(models):
    a = _an("Сергей Павлов рассказал о болезни коллеги. «Я надеюсь, что он скоро поправится», — добавил Павлов.")
    assert not any(m.kind == "pronoun" for m in person(a, "Павлов").mentions)


def test_a_line_without_a_full_stop_ends_its_sentence_for_pronouns(models):
    # the first paragraph has no full stop, so the segmenter runs it into the next one; the pronoun after the
    # quotation must still go to the person of the paragraph just before it, not to the subject of the line
    text = ("Ночью в Твери задержали Олега Лаптева, он подозревается в краже\n\n"
            "По словам прокурора города Бориса Зуева, задержанный уже дал показания.\n\n"
            "«Дело передано в суд», — сообщил он.\n")
    a = _an(text)
    last = text.rindex("он.")
    assert [m.start for m in person(a, "Зуев").mentions if m.kind == "pronoun"] == [last]


def test_head_of_state_without_a_date_is_the_one_the_article_names(models):
    # no publication date: «глава государства» is the president the article speaks of, named by initial
    a = _an("Реформа хлопковой отрасли\n\nРеформу начали после выступления президента Узбекистана.\n\n"
            "«Фермеры сами будут решать, что сеять», — заявил глава государства журналистам.\n\n"
            "Депутаты поддержали реформу и сослались на позицию И. Каримова.\n")
    head = person(a, "Каримов")
    assert ("глава государства", "title") in kinds(head)
    assert ("президента Узбекистана", "title") in kinds(head)


def test_a_pronoun_after_a_quotation_is_not_a_person_named_inside_it(models):
    a = _an("Губернатор Тверской области Игорь Руденко провёл встречу с фермерами.\n\n"
            "«Вчера я говорил с Борисом Петровым, и мы договорились о субсидиях», — сказал он журналистам.\n")
    assert ("он", "pronoun") in kinds(person(a, "Руденко"))
    assert not any(m.kind == "pronoun" for m in person(a, "Петров").mentions)
