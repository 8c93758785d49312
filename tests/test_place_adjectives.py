"""Adjectives of places as mentions of the place, on sentences written for these tests."""
import pytest

from svodka import analyze
from svodka.eval.identity import MENTION_KINDS
from svodka.eval.ner import entity_spans
from svodka.ingest import article_from_text
from svodka.link.entities import Registry
from svodka.nlp.place_adjectives import adjectives_of, default_lexicon, parse_lexicon, PlaceAdjectiveFileError
from svodka.stories.documents import document


def run(text, ident="t"):
    return analyze(article_from_text(text, ident, "test"))


def adjectives(an):
    return {(m.text, e.name, e.type) for e in an.entities for m in e.mentions if m.kind == "adjective"}


@pytest.mark.parametrize("place, adjective", [
    ("Россия", "российский"), ("Уфа", "уфимский"), ("Нью-Йорк", "нью-йоркский"), ("Китай", "китайский"),
    ("Донецк", "донецкий"), ("Белоруссия", "белорусский"), ("Бразилия", "бразильский"), ("Куба", "кубинский"),
    ("Сибирь", "сибирский"), ("Токио", "токийский"), ("Винница", "винницкий"), ("Мальта", "мальтийский"),
])
def test_the_suffix_rule_derives_the_adjective(place, adjective):
    assert adjective in adjectives_of(place)


def test_the_lexicon_holds_what_the_rule_cannot_derive():
    lex = default_lexicon()
    assert lex["британский"] == "Великобритания" and lex["американский"] == "США"
    assert lex["советский"] == "СССР" and lex["московский"] == "Москва"
    assert parse_lexicon("Нарния: нарнийский, нарнский # a comment", "x") == {"нарнийский": "Нарния",
                                                                             "нарнский": "Нарния"}
    with pytest.raises(PlaceAdjectiveFileError):
        parse_lexicon("нарнийский", "x")


def test_an_adjective_alone_mentions_its_place(models):
    an = run("Глава британской делегации провёл переговоры в среду.")
    assert ("британской", "Великобритания", "LOC") in adjectives(an)
    uk = next(e for e in an.entities if e.name == "Великобритания")
    assert [m.kind for m in uk.mentions] == ["adjective"]


def test_an_adjective_inside_a_name_is_part_of_the_name(models):
    an = run("Российская академия наук и Московский государственный университет подписали соглашение.")
    assert adjectives(an) == set()
    assert {e.name for e in an.entities} >= {"Российская академия наук"}


def test_an_adjective_of_a_place_the_article_names_joins_that_entity(models):
    an = run("Власти Уфы открыли новую школу. Уфимские родители довольны, а в уфимской мэрии ждут гостей.")
    ufa = [e for e in an.entities if e.name == "Уфа"]
    assert len(ufa) == 1
    assert [m.kind for m in ufa[0].mentions] == ["name", "adjective", "adjective"]


def test_capitalised_and_inflected_forms_and_compounds(models):
    an = run("Американский посол встретился с китайскими дипломатами. Российско-американский договор продлён.")
    found = adjectives(an)
    assert {("Американский", "США", "LOC"), ("китайскими", "Китай", "LOC"), ("Российско", "Россия", "LOC"),
            ("американский", "США", "LOC")} <= found
    usa = next(e for e in an.entities if e.name == "США")
    assert len(usa.mentions) == 2


def test_languages_and_time_zones_are_not_places(models):
    an = run("Врач свободно владеет английским и говорит на немецком и французском языках. "
             "Встреча начнётся в 10:00 по московскому времени.")
    assert adjectives(an) == set()


def test_a_missed_region_name_is_not_its_city(models):
    an = run("В Рязани прошёл форум. Рязанская область выделила деньги.")
    # whether or not the tagger finds the region, «Рязанская» is not a mention of the city
    assert not any(t == "Рязанская" and n == "Рязань" for t, n, _ in adjectives(an))


def test_the_registry_links_an_adjective_to_the_place_named_elsewhere(models):
    a = run("Президент России выступил с речью.", "a")
    b = run("Российские дипломаты прибыли на переговоры.", "b")
    reg = Registry()
    ia, ib = reg.add(a), reg.add(b)
    ra = next(ia[e.id] for e in a.entities if e.name == "Россия")
    rb = next(ib[e.id] for e in b.entities if e.name == "Россия")
    assert ra == rb


def test_identity_counts_them_and_ner_and_stories_do_not(models):
    from svodka.knowledge import current_knowledge
    from svodka.nlp.pipeline import parse
    assert "adjective" in MENTION_KINDS
    text = "Британские эксперты прибыли в Рим."
    an = run(text)
    assert adjectives(an)
    # NER scoring reads name mentions only: the adjective is no NER span
    spans = entity_spans(parse(text), current_knowledge())
    assert all(text[a:b] != "Британские" for a, b, _ in spans)
    # a story's entities are the names the text gives
    doc = document(article_from_text(text, "s", "test"), an)
    assert "великобритания" not in doc.entities and "рим" in doc.entities
