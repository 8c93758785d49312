"""Entity grouping and normalisation on short articles written for these tests."""
import json

import pytest

from svodka import analyze, analyze_many
from svodka.ingest import article_from_text
from svodka.nlp.normalize import normalize_span
from svodka.nlp.pipeline import parse

ARTICLE = (
    "Лукашенко и Мирзиёев обсудили транзит грузов\n\n"
    "16:10 21/05/2024\n\n"
    "Президент Белоруссии Александр Лукашенко принял в Минске Шавката Мирзиёева. "
    "Лукашенко напомнил, что товарооборот двух стран вырос. "
    "Мирзиёев поблагодарил Лукашенко за приглашение и пригласил Александра Лукашенко в Ташкент. "
    "Беседу с Лукашенко освещали «Известия» и агентство БелТА, интервью Мирзиёева опубликовала газета «Народное слово».\n"
)


@pytest.fixture(scope="module")
def analysis(models):
    return analyze(article_from_text(ARTICLE, "t1", "test"))


def by_name(analysis, name):
    found = [e for e in analysis.entities if e.name == name]
    assert found, f"{name} not among {[e.name for e in analysis.entities]}"
    return found[0]


def test_title_and_time_come_from_the_layout(analysis):
    assert analysis.title == "Лукашенко и Мирзиёев обсудили транзит грузов"
    assert analysis.published.isoformat() == "2024-05-21T16:10:00"


def test_inflected_and_surname_mentions_group_under_the_full_nominative_name(analysis):
    luk = by_name(analysis, "Александр Лукашенко")
    forms = {m.text for m in luk.mentions}
    assert {"Александр Лукашенко", "Александра Лукашенко"} <= forms
    assert "Лукашенко" in forms  # surname-only mentions join the full name
    assert len([e for e in analysis.entities if "Лукашенко" in e.name]) == 1
    assert all(ARTICLE[m.start:m.end] == m.text for e in analysis.entities for m in e.mentions)
    assert {m.kind for m in luk.mentions} >= {"name", "surname"}


def test_genitive_full_name_is_normalised(analysis):
    mir = [e for e in analysis.entities if e.type == "PER" and "Мирзиёев" in e.name]
    assert len(mir) == 1
    assert mir[0].name == "Шавкат Мирзиёев"


def test_places_are_nominative(analysis):
    names = {e.name for e in analysis.entities if e.type == "LOC"}
    assert {"Белоруссия", "Минск", "Ташкент"} <= names


def test_entity_ids_are_unique_and_ordered(analysis):
    ids = [e.id for e in analysis.entities]
    assert ids == [f"e{i}" for i in range(1, len(ids) + 1)]


def test_analyze_many_equals_analyze(models):
    texts = [ARTICLE, "Глава МИД России Сергей Лавров прибыл в Анкару, где встретится с Хаканом Фиданом.",
             "Сергей Шойгу провел совещание."]
    arts = [article_from_text(t, f"a{i}", "test") for i, t in enumerate(texts)]
    one = [analyze(a).to_dict() for a in arts]
    many = [a.to_dict() for a in analyze_many(arts, chunk=2)]
    assert one == many
    json.dumps(many, ensure_ascii=False)  # the schema serialises


def _norm(text, phrase, type_):
    """Normalise the tokens of `phrase` as they stand in `text` (independent of where NER puts boundaries)."""
    doc = parse(text)
    start = text.index(phrase)
    toks = [t for t in doc.tokens if t.start >= start and t.end <= start + len(phrase)]
    return normalize_span(toks, type_)


@pytest.mark.parametrize("text,word,type_,expected", [
    ("Министр дал интервью «Известиям» в пятницу.", "Известиям", "ORG", "Известия"),
    ("Заявление опубликовала газета «Казахстанская правда».", "Казахстанская правда", "ORG", "Казахстанская правда"),
    ("Делегация прибыла из Нидерландов утром.", "Нидерландов", "LOC", "Нидерланды"),
    ("Решение поддержали в Министерстве иностранных дел России.", "Министерстве иностранных дел России", "ORG",
     "Министерство иностранных дел России"),
    ("Соглашение подписали представители Африканского союза.", "Африканского союза", "ORG", "Африканский союз"),
    ("Инвесторы приехали с Дальнего Востока.", "Дальнего Востока", "LOC", "Дальний Восток"),
    ("Он встретился с президентом Казахстана Касым-Жомартом Токаевым в Астане.", "Касым-Жомартом Токаевым", "PER",
     "Касым-Жомарт Токаев"),
    ("По словам тренера Эда Моралеса, команда готова к финалу.", "Эда Моралеса", "PER", "Эд Моралес"),
    ("Об этом сообщила пресс-секретарь Соной Акопян.", "Соной Акопян", "PER", "Сона Акопян"),
    # names pymorphy only guesses at: a consonant stem loses its case ending, an indeclinable name stays
    ("Министр провел переговоры с послом Монголии Ухнаагийн Хурэлсухом.", "Ухнаагийн Хурэлсухом", "PER",
     "Ухнаагийн Хурэлсух"),
    ("Премьер встретился с Нарендрой Моди в Казани.", "Нарендрой Моди", "PER", "Нарендра Моди"),
    ("Вопрос обсудили с Фумио Кисидой по телефону.", "Фумио Кисидой", "PER", "Фумио Кисида"),
    # a surname the dictionary knows only as an adjective («сомова» of «сомовый») declines regularly
    ("Заявление священника Ивана Сомова опубликовали.", "Ивана Сомова", "PER", "Иван Сомов"),
    ("Встреча с Анной Сомовой прошла в мэрии.", "Анной Сомовой", "PER", "Анна Сомова"),
    # a feminine first name ending in a hard consonant does not decline, in whatever case the tagger saw it
    ("Актриса Ивет Шарбонно угрожает переездом в Сербию.", "Ивет Шарбонно", "PER", "Ивет Шарбонно"),
    ("Делегаты форума межрегионального сотрудничества прибыли в Омск.", "форума межрегионального сотрудничества",
     "EVENT", "форум межрегионального сотрудничества"),
])
def test_span_normalisation(models, text, word, type_, expected):
    assert _norm(text, word, type_) == expected


def test_feminine_surname_keeps_its_gender(models):
    assert _norm("Интервью с Эльвирой Набиуллиной вышло вечером.", "Эльвирой Набиуллиной", "PER") == "Эльвира Набиуллина"


def _an(text, ident="x"):
    return analyze(article_from_text(text, ident, "test"))


def test_one_name_spelt_two_ways_is_one_person(models):
    a = _an("Мэр Ларедо Рафаэль Мендоса открыл новый мост. Позже Рафаэль Мендоза встретился с жителями. "
            "Аллан Клейн, глава строительной компании, поблагодарил город. Алан Клейн пообещал закончить "
            "второй мост к зиме.\n")
    assert [e.name for e in a.entities if e.type == "PER"] == ["Рафаэль Мендоса", "Аллан Клейн"]


def test_names_that_differ_by_an_ending_stay_two_people(models):
    a = _an("Юлий Шах и Юлия Шах открыли выставку в Твери. Ян Гусман и Яна Гусман приехали позже.\n")
    names = {e.name for e in a.entities if e.type == "PER"}
    assert {"Юлий Шах", "Юлия Шах", "Ян Гусман", "Яна Гусман"} <= names


def test_a_foreign_name_written_in_the_genitive_first_is_named_in_the_nominative(models):
    # pymorphy cannot inflect the first name and the tagger reads both forms as nominatives: the form the other
    # declines (a consonant stem and a case ending) is the headword, not the one that comes first
    a = _an("По словам премьер-министра земли Гессен Ульфера Раутенбаха (Ulfer Rautenbach), это было "
            "нападение. Премьер-министр земли Гессен Ульфер Раутенбах напомнил, что расследование идёт.\n")
    assert [e.name for e in a.entities if e.type == "PER"] == ["Ульфер Раутенбах"]


def test_a_name_the_text_never_writes_does_not_outrank_one_it_does(models):
    a = _an("Немка Мартина Биг снялась в рекламе. В красном купальнике Мартина Биг участвовала в фотосессии.\n")
    assert "Мартина Биг" in [e.name for e in a.entities if e.type == "PER"]
