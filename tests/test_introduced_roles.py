"""A role a reader takes for the person the article introduced with the same word («эксперт Евгений Сомов» …
«по мнению эксперта») is that person; with nobody introduced so, the source stays as described; a source
(«источник») never becomes an earlier person. The texts were written for these tests."""
import pytest
from quote_helpers import find, rule_quotes_of, speakers_of


def test_the_expert_is_the_one_introduced_as_an_expert(models):
    assert speakers_of("Эксперт Евгений Сомов оценил шансы кандидатов. По мнению эксперта, выборы пройдут "
                     "спокойно.") == ["Евгений Сомов"]


def test_an_expert_nobody_was_introduced_as_stays_a_description(models):
    assert speakers_of("Мэр Олег Сомов открыл мост. Как сообщил эксперт, конструкция выдержит любые "
                     "нагрузки.") == ["эксперт"]



@pytest.mark.parametrize("text,speaker", [
    pytest.param("Депутат Госдумы Андрей Сомов предложил запретить энергетики. Парламентарий считает, что такие "
                 "напитки вредят школьникам.\n", "Андрей Сомов", id="a_hypernym_of_the_title"),
    pytest.param("Премьер-министр Венгрии Олег Сомов прибыл в Пекин. Сам венгерский премьер заявил, что торговля "
                 "должна расти.\n", "Олег Сомов", id="a_short_title_with_the_place_adjective"),
    pytest.param("Губернатор Тверской области Олег Сомов провёл совещание. Нынешний глава региона отметил, что "
                 "ремонт дорог завершён.\n", "Олег Сомов", id="a_generic_title_with_a_word_of_emphasis"),
    pytest.param("Теннисистка Анна Белова вышла в финал. После матча спортсменка рассказала, что довольна "
                 "игрой.\n", "Анна Белова", id="the_sportswoman"),
    pytest.param("Синоптик Анна Белова предупредила о похолодании. Метеоролог считает, что морозы продержатся "
                 "неделю.\n", "Анна Белова", id="a_synonym_of_the_profession"),
    pytest.param("Замглавы МИД Эстонии Олег Сомов посетил Ригу. Дипломат подчеркнул, что переговоры продолжатся.\n",
                 "Олег Сомов", id="a_diplomat_introduced_by_his_ministry"),
    pytest.param("Врач-терапевт Анна Белова рассказала о гриппе. По словам врача, главное — вовремя сделать "
                 "прививку.\n", "Анна Белова", id="the_first_noun_of_a_compound_title"),
])
def test_a_person_called_by_a_kin_description_is_the_one_introduced(text, speaker):
    assert [q.speaker for q in rule_quotes_of(text)] == [speaker]


def test_a_place_adjective_must_meet_its_place_in_the_introduction():
    text = ("Премьер-министр Словакии Олег Сомов прибыл в Будапешт. Венгерский премьер заявил, что торговля должна "
            "расти.\n")
    assert [q.speaker for q in rule_quotes_of(text)] != ["Олег Сомов"]


def test_a_possessive_before_a_source_is_put_in_the_nominative_with_it():
    text = "По словам наших подписчиков, взрыв был слышен по всему району.\n"
    assert [q.speaker for q in rule_quotes_of(text)] == ["наши подписчики"]


def test_teachers_are_put_in_the_plural_news_means():
    text = "По словам учителей, мальчик всегда был тихим.\n"
    assert [q.speaker for q in rule_quotes_of(text)] == ["учителя"]


def test_an_undated_article_takes_the_holder_it_names_over_todays():
    # no publication date: «президента США» is the holder the article names, not whoever holds it now
    text = ("Барак Обама прибыл в Кейптаун. Обама встретился с семьёй политика.\n\nПо словам президента США, "
            "встреча была очень тёплой.\n")
    assert find(rule_quotes_of(text), "встреча была").speaker == "Барак Обама"


def test_a_bare_title_is_the_one_holder_of_it_the_article_names():
    # the roles file's «президент России» on the publication date; the article named him without the title
    text = ("Переговоры в Кремле\n2024-03-05 10:00\n\nВладимир Путин дал интервью телеканалу. По словам "
            "президента, переговоры продолжатся.\n")
    assert find(rule_quotes_of(text), "переговоры").speaker == "Владимир Путин"


def test_a_bare_title_with_two_holders_named_stays_a_description():
    text = ("Переговоры в Кремле\n2024-03-05 10:00\n\nВладимир Путин и Джо Байден провели телефонный разговор. По "
            "словам президента, переговоры продолжатся.\n")
    assert find(rule_quotes_of(text), "переговоры").speaker == "президент"


def test_a_holder_is_the_person_of_the_article_with_that_surname():
    # the roles file spells the first name «Биньямин»; the article's own spelling is kept
    text = ("Переговоры в Каире\n2024-03-05 10:00\n\nБеньямин Нетаньяху провёл совещание.\n\nПремьер-министр "
            "Израиля заявил, что делегация вылетит в среду.\n")
    assert find(rule_quotes_of(text), "делегация").speaker == "Беньямин Нетаньяху"


def test_an_introduction_reads_past_quotation_marks_but_not_past_a_comma():
    text = ("Неизвестные избили корреспондента «Вестника» Олега Сомова. Журналист уверен, что нападение было "
            "случайным.\n")
    assert find(rule_quotes_of(text), "нападение").speaker == "Олег Сомов"
    text = ("Прокурор заявил, что Ленинский суд смягчил наказание. Прокурор также указал, что приговор "
            "обжалован.\n")
    assert find(rule_quotes_of(text), "приговор обжалован").speaker == "прокурор"


@pytest.mark.parametrize("text,speaker", [
    pytest.param("Олег Сомов снова высказался о выборах. Миллиардер написал в соцсети, что голосование было "
                 "честным.\n", "Олег Сомов", id="an_epithet"),
    pytest.param("Анна Белова провела пресс-конференцию. Экс-министр заявила, что не собирается возвращаться в "
                 "политику.\n", "Анна Белова", id="a_former_office"),
])
def test_an_epithet_is_the_person_just_named(text, speaker):
    assert [q.speaker for q in rule_quotes_of(text)] == [speaker]


def test_a_profession_after_a_named_person_may_be_someone_new():
    text = "Олег Сомов снова высказался о выборах. Политолог считает, что голосование было честным.\n"
    assert [q.speaker for q in rule_quotes_of(text)] == ["политолог"]


def test_a_body_named_by_an_adjective_of_another_place_is_not_the_last_one():
    text = ("Ракеты были запущены с юга, сообщили Воздушные силы. В Твери погибла местная жительница. Тверская "
            "областная прокуратура пишет, что удар был нанесён по жилому кварталу.\n")
    assert find(rule_quotes_of(text), "удар").speaker.lower() == "тверская областная прокуратура"


def test_a_person_noun_is_never_the_organisation_it_stood_before():
    text = "Студентка МГУ вывесила флаг на балконе. По заявлениям студентки, это был художественный проект.\n"
    assert find(rule_quotes_of(text), "проект").speaker == "студентка МГУ"


def test_a_deputy_is_the_one_introduced_by_a_faction():
    text = ("Письмо отправил замруководителя фракции «Новые силы» Олег Сомов. Депутат отмечает, что ставка слишком "
            "высока.\n")
    assert find(rule_quotes_of(text), "ставка").speaker == "Олег Сомов"


@pytest.mark.parametrize("text,speaker", [
    pytest.param("Москвичи пожаловались на ночной клуб «Полночь» — по их словам, музыка гремит до утра.\n",
                 "москвичи", id="the_people_the_sentence_opens_with"),
    pytest.param("Вход в заведение свободный. По словам местных, полиция приезжала уже несколько раз.\n",
                 "местные", id="a_plural_adjective_alone"),
    pytest.param("Активисты одного из движений пожаловались на площадки. Так, активисты сообщили, что в отзывах "
                 "есть непристойные фото.\n", "активисты одного из движений", id="one_of_in_the_fuller_phrase"),
])
def test_groups_of_people(text, speaker):
    assert [q.speaker for q in rule_quotes_of(text)] == [speaker]


def test_a_plural_kin_description_is_a_group_not_the_one_introduced():
    text = ("Письмо отправил замруководителя фракции «Новые силы» Олег Сомов. Тестирование, по мнению депутатов, "
            "поможет заёмщикам.\n")
    assert find(rule_quotes_of(text), "поможет").speaker == "депутаты"


def test_a_noun_of_sex_is_the_person_the_sentence_before_described():
    text = ("Жительница Твери рассказала, что врачи спасли ей жизнь. По словам женщины, операция длилась восемь "
            "часов.\n")
    assert find(rule_quotes_of(text), "операция").speaker == "жительница Твери"


def test_a_place_in_a_complement_is_not_the_speaker_the_tagger_read_a_name_before():
    # «Блогерша» is a word the dictionary does not know: the tagger reads it as a name
    text = "Блогерша из Иваново рассказала, что врачи спасли ей жизнь.\n"
    assert find(rule_quotes_of(text), "врачи").speaker.lower() == "блогерша из иваново"


@pytest.mark.parametrize("text,speaker", [
    pytest.param("Глава Минздрава Олег Сомов посетил больницу. Министр отметил, что ремонт завершится в мае.\n",
                 "Олег Сомов", id="the_head_of_a_ministry_is_its_minister"),
    pytest.param("Глава Сбербанка Олег Сомов выступил на конгрессе. Банкир заявил, что экономика замедляется.\n",
                 "Олег Сомов", id="a_banker"),
    pytest.param("Глава Минздрава Олег Сомов посетил больницу. Глава ведомства отметил, что ремонт завершится в "
                 "мае.\n", "Олег Сомов", id="the_head_of_the_ministry_by_a_generic_word"),
    pytest.param("Генсек альянса Олег Сомов встретился с министрами. Глава альянса заявил, что расходы вырастут.\n",
                 "Олег Сомов", id="the_head_of_an_alliance"),
    pytest.param("Министр здравоохранения Олег Сомов посетил больницу. Глава Минздрава отметил, что ремонт "
                 "завершится в мае.\n", "Олег Сомов", id="the_minister_by_the_head_of_his_ministry"),
    pytest.param("Министр обороны Эстонии Олег Сомов прибыл в Ригу. Глава оборонного ведомства заявил, что учения "
                 "продолжатся.\n", "Олег Сомов", id="the_head_of_a_ministry_by_its_adjective"),
])
def test_a_minister_and_a_banker(text, speaker):
    assert [q.speaker for q in rule_quotes_of(text)] == [speaker]


def test_the_adjective_of_a_ministry_must_meet_the_introduction():
    text = ("Министр финансов Эстонии Олег Сомов прибыл в Ригу. Глава оборонного ведомства заявил, что учения "
            "продолжатся.\n")
    assert [q.speaker for q in rule_quotes_of(text)] != ["Олег Сомов"]


def test_the_head_of_a_city_is_no_minister():
    text = "Глава Минска Олег Сомов открыл мост. Министр отметил, что ремонт завершится в мае.\n"
    assert [q.speaker for q in rule_quotes_of(text)] != ["Олег Сомов"]


@pytest.mark.parametrize("text,fragment,speaker", [
    pytest.param("Кандидатом называют министра финансов. Об этом пишет газета «Вестник». По её данным, решение "
                 "примут в мае.\n", "решение", "Вестник", id="a_newspaper_by_its_noun"),
    pytest.param("Европейская комиссия начала проверку сделки в марте. В конце года она завершила расследование и "
                 "заявила, что не видит нарушений.\n", "не видит", "Европейская комиссия", id="a_commission"),
])
def test_a_pronoun_of_an_organisation_named_as_a_subject(text, fragment, speaker):
    assert find(rule_quotes_of(text), fragment).speaker == speaker


def test_a_pronoun_of_another_gender_than_the_organisation_is_not_it():
    text = "Об этом пишет газета «Вестник». По его данным, решение примут в мае.\n"
    assert find(rule_quotes_of(text), "решение").speaker is None


@pytest.mark.parametrize("text,speaker", [
    pytest.param("Глава агентства Олег Сомов рассказал о планах. Руководитель госкорпорации отметил, что станция "
                 "будет построена к 2030 году.\n", "Олег Сомов", id="another_title"),
    pytest.param("Председатель парламента Олег Сомов выступил на заседании. Спикер нижней палаты отметил, что закон "
                 "будет принят.\n", "Олег Сомов", id="a_title_with_a_complement"),
    pytest.param("Певица Анна Сомова опубликовала обращение. Примадонна заявила, что не собирается "
                 "возвращаться.\n", "Анна Сомова", id="an_epithet_of_rank"),
])
def test_a_title_is_the_subject_named_in_the_sentence_before(text, speaker):
    assert [q.speaker for q in rule_quotes_of(text)] == [speaker]


@pytest.mark.parametrize("text", [
    pytest.param("Олег Сомов встретился с губернатором. Губернатор рассказал, что урожай будет рекордным.\n",
                 id="the_sentence_before_speaks_of_someone_by_that_noun"),
    pytest.param("Полиция задержала Олега Сомова. Директор компании заявил, что задержание незаконно.\n",
                 id="the_name_is_no_subject"),
    pytest.param("Анна Сомова выступила на форуме. Руководитель компании заявил, что прибыль выросла.\n",
                 id="another_gender"),
    pytest.param("Олег Сомов выступил на форуме.\n\nРуководитель компании заявил, что прибыль выросла.\n",
                 id="another_paragraph"),
    pytest.param("Олег Сомов выступил на форуме. Представитель компании заявил, что прибыль выросла.\n",
                 id="a_spokesman_is_someone_else"),
])
def test_a_title_that_is_not_the_subject_before(text):
    assert [q.speaker for q in rule_quotes_of(text)] != ["Олег Сомов"]


def test_several_bodies_are_not_the_organisation_named_last():
    text = ("Департамент здравоохранения сообщил, что раненые госпитализированы. По данным правоохранительных "
            "органов, преступник ранее привлекался к ответственности.\n")
    assert find(rule_quotes_of(text), "преступник").speaker == "правоохранительные органы"


def test_the_agency_is_the_body_that_signed_the_line_before():
    # the tagger takes a department's one-word name for a person's; a surname that starts so stays a person
    text = "Число заболевших гриппом выросло на пятую часть, — Депздрав.\n\nПо данным ведомства, больницы справляются.\n"
    assert find(rule_quotes_of(text), "больницы").speaker == "Депздрав"
    text = "Блогер Минаев заявил, что уходит из профессии.\n\nПо данным ведомства, проверка продолжается.\n"
    assert find(rule_quotes_of(text), "проверка").speaker == "ведомство"
