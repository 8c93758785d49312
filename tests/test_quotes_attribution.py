"""Attribution through descriptions, relatives, documents and qualifiers, on short articles written for
these tests (one test per kind of error)."""
import pytest

from quote_helpers import find, quotes_of as _quotes, rule_quotes_of
from svodka import analyze
from svodka.ingest import article_from_text


def test_a_document_goes_to_the_agent_of_its_participle_not_to_its_topic(models):
    qs = _quotes("Министр культуры области Олег Лаптев покинул пост\n\n"
                 "Министр культуры Тверской области Олег Лаптев ушёл в отставку. На сайте ведомства опубликован "
                 "текст подписанного им письма с комментарием о переносе фестиваля: «Я благодарен коллегам "
                 "за годы совместной работы и уверен, что фестиваль пройдёт осенью».\n")
    q = find(qs, "благодарен коллегам")
    assert (q.kind, q.speaker) == ("direct", "Олег Лаптев")


def test_a_bare_noun_of_sex_or_origin_is_the_person_just_named(models):
    qs = _quotes("В Твери задержали похитителя велосипедов\n\n"
                 "Полиция задержала 40-летнего Андрея Крылова. Мужчина рассказал, что продавал велосипеды на "
                 "рынке.\n")
    assert find(qs, "продавал велосипеды").speaker == "Андрей Крылов"
    qs = _quotes("Индийский студент выиграл олимпиаду в Индии\n\n"
                 "Победителем стал студент из Индии Радж Кумар. Индиец рассказал, что готовился к олимпиаде "
                 "два года.\n")
    assert find(qs, "готовился к олимпиаде").speaker == "Радж Кумар"


def test_a_role_noun_alone_is_not_taken_for_the_person_just_named(models):
    qs = _quotes("В Твери задержали похитителя велосипедов\n\n"
                 "Полиция задержала 40-летнего Андрея Крылова. Врач рассказал, что задержанный здоров.\n")
    assert find(qs, "задержанный здоров").speaker == "врач"


def test_a_capitalised_profession_before_a_name_is_not_part_of_it(models):
    qs = _quotes("Операция в областной больнице\n\n"
                 "Пациента доставили в больницу ночью.\n\n"
                 "Кардиолог Джейн Уэллс рассказала, что операция прошла успешно.\n")
    assert find(qs, "операция прошла").speaker == "Джейн Уэллс"


def test_po_versii_right_after_a_noun_qualifies_it_and_is_no_attribution(models):
    qs = _quotes("Тверской боксёр завоевал титул\n\n"
                 "Иван Орлов завоевал титул чемпиона мира по версии WBA в первом тяжёлом весе.\n\n"
                 "По версии следствия, соперник Орлова нарушил режим подготовки.\n")
    assert not [q for q in qs if "титул чемпиона" in q.text]
    assert find(qs, "нарушил режим").cue == "По версии"


def test_a_bare_organisation_noun_is_the_one_organisation_of_the_article_with_that_noun(models):
    qs = _quotes("Фермеры выиграли иск\n\n"
                 "Арбитражный суд Тверской области рассмотрел иск фермеров к энергетической компании.\n\n"
                 "Суд указал, что компания должна выплатить фермерам компенсацию.\n")
    q = find(qs, "выплатить фермерам")
    assert (q.speaker, q.speaker_type) == ("Арбитражный суд Тверской области", "organization")


def test_a_womans_surname_the_tagger_reads_as_a_genitive_still_opens_the_sentence_as_its_subject(models):
    qs = _quotes("Концерт в Твери\n\n"
                 "Певица Ольга Зимина выступила в Твери.\n\n"
                 "Зимина сказала журналистам, что вернётся в город весной.\n")
    assert find(qs, "вернётся в город").speaker == "Ольга Зимина"


@pytest.mark.parametrize("her,him,bare", [("Ольга Зимина", "Пётр Зимин", "Зимина"),
                                          ("Ольга Семёнова", "Пётр Семёнов", "Семёнова")])  # with ё too
def test_a_shared_surname_goes_to_the_relative_of_the_verbs_gender(models, her, him, bare):
    qs = _quotes("Концерт в Твери\n\n"
                 f"Певица {her} выступила в Твери. Вместе с ней на сцену вышел её брат {him}.\n\n"
                 f"{bare} сказала журналистам, что вернётся в город весной.\n")
    assert find(qs, "вернётся в город").speaker == her


def test_postposed_attribution_with_a_source_after_the_speaker(models):
    qs = _quotes("Пожар на складе\n\n"
                 "Пожар на складе в центре города полностью потушен, пишет газета «Вечерний Ржев» со ссылкой на "
                 "пресс-службу МЧС.\n")
    q = find(qs, "полностью потушен")
    assert q.kind == "indirect" and q.cue == "пишет"
    assert q.speaker == "Вечерний Ржев"


def test_a_name_with_its_description_in_commas_is_the_speaker(models):
    # the gold's speaker is the fullest name the article gives the source: the person, not the apposition;
    # the rules propose it (their choice is the model's strongest feature) and the model keeps it
    text = ("Мост в Сызрани откроют весной\n\n"
            "Игорь Волков, глава областного минтранса, заявил, что работы идут по графику.\n\n"
            "Марина Кострова, директор подрядной компании, рассказала, что бетон уже залит.\n")
    for qs in (rule_quotes_of(text), _quotes(text)):
        assert find(qs, "работы идут по графику").speaker == "Игорь Волков"
        assert find(qs, "бетон уже залит").speaker == "Марина Кострова"


def test_a_compound_age_before_a_surname_is_not_part_of_the_name(models):
    text = ("Дилма Руссефф покинула пост\n\n"
            "Президент Бразилии Дилма Руссефф выступила в сенате.\n\n"
            "Шестидесятивосьмилетняя Руссефф, экономист по образованию, заявила, что не признаёт решения.\n")
    persons = {e.name for e in analyze(article_from_text(text, "t", "test")).entities if e.type == "PER"}
    assert persons == {"Дилма Руссефф"}
    assert find(rule_quotes_of(text), "не признаёт решения").speaker == "Дилма Руссефф"
