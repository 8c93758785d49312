"""Places named inside longer names as mentions of the place, on sentences written for these tests."""
from dataclasses import asdict

from svodka import analyze
from svodka.eval.identity import MENTION_KINDS
from svodka.extract.place_mentions import NESTED
from svodka.ingest import article_from_text
from svodka.link.entities import Registry
from svodka.stories.documents import document


def run(text, ident="t"):
    return analyze(article_from_text(text, ident, "test"))


def nested(an):
    return {(m.text, e.name, e.type) for e in an.entities for m in e.mentions if m.kind == NESTED}


def by_name(an, name):
    found = [e for e in an.entities if e.name == name]
    assert len(found) == 1, [(e.name, e.type) for e in an.entities]
    return found[0]


def test_a_country_inside_an_organisation_is_a_mention_of_it(models):
    an = run("Посольство США опубликовало заявление. Министерство иностранных дел Франции ответило.")
    assert {("США", "США", "LOC"), ("Франции", "Франция", "LOC")} <= nested(an)
    # the organisation keeps its whole name as its one mention
    embassy = by_name(an, "Посольство США")
    assert embassy.type == "ORG" and [(m.text, m.kind) for m in embassy.mentions] == [("Посольство США", "name")]


def test_it_joins_the_place_the_article_names_elsewhere(models):
    an = run("Сотрудники МВД России задержали подозреваемого. Россия направила ноту.")
    russia = by_name(an, "Россия")
    assert [(m.text, m.kind) for m in russia.mentions] == [("России", "nested"), ("Россия", "name")]
    assert sum(e.name == "Россия" for e in an.entities) == 1


def test_place_adjectives_inside_names(models):
    an = run("Российская академия наук и Московский государственный университет подписали соглашение.")
    assert {("Российская", "Россия", "LOC"), ("Московский", "Москва", "LOC")} <= nested(an)
    assert {e.name for e in an.entities} >= {"Российская академия наук"}


def test_regions_inside_names(models):
    an = run("Законодательное собрание Кировской области приняло закон. Депутат Курской областной думы "
             "выступил против.")
    found = nested(an)
    assert ("Кировской области", "Кировская область", "LOC") in found
    assert ("Курской", "Курская область", "LOC") in found
    # the adjective of a region is not the region's city
    assert not any(n in ("Киров", "Курск") for _, n, _ in found)


def test_no_place_in_a_persons_name_a_place_name_or_a_brand(models):
    an = run("Иван Москва приехал в Нижний Новгород. Литературный институт имени Горького объявил набор. "
             "В эфире радиостанции «Европа плюс» прозвучала песня.")
    assert nested(an) == set()
    assert not any(e.name in ("Новгород", "Горький", "Европа") for e in an.entities)


def test_quotes_are_those_of_the_analysis_without_the_step(models, monkeypatch):
    import importlib
    analysis = importlib.import_module("svodka.analyze")  # the module, not the function the package exports
    text = ("«Ситуация под контролем», — заявил представитель МВД России Иван Петров. По его словам, "
            "сотрудники Российской академии наук помогут следствию. Посольство США от комментариев отказалось.")
    with_step = run(text)
    assert nested(with_step)
    monkeypatch.setattr(analysis, "add_nested_places", lambda parsed, entities, gazetteer=None: entities)
    without = run(text)
    assert with_step.quotes and [asdict(q) for q in with_step.quotes] == [asdict(q) for q in without.quotes]
    for part in ("dates", "figures", "titles"):
        assert getattr(with_step, part) == getattr(without, part)
    # the entities before the step keep their ids, names and mentions; the step only adds
    old = {e.id: e for e in without.entities}
    for e in with_step.entities:
        if e.id in old:
            assert e.name == old[e.id].name
            assert [m for m in e.mentions if m.kind != NESTED] == old[e.id].mentions


def test_identity_reads_them_stories_do_not_and_the_registry_links_them(models):
    assert NESTED in MENTION_KINDS
    a = run("Сотрудники МВД России задержали подозреваемого.", "a")
    b = run("Россия направила ноту.", "b")
    reg = Registry()
    ia, ib = reg.add(a), reg.add(b)
    assert ia[by_name(a, "Россия").id] == ib[by_name(b, "Россия").id]
    # a story's entities are the names the text gives
    doc = document(article_from_text("Сотрудники МВД России задержали подозреваемого.", "s", "test"), a)
    assert "россия" not in doc.entities
