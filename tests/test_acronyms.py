"""An organisation's acronym and its full name in one article are one organisation (the full name is the
fullest name the article gives it); not when two full names of the article fit the acronym. The texts were
written for these tests."""
from svodka.analyze import analyze
from svodka.extract.entities import _merge_acronyms
from svodka.model import Article
from svodka.nlp.gazetteer import default_gazetteer


def _orgs(text):
    return [sorted({m.text for m in e.mentions}) for e in analyze(Article(id="t", text=text)).entities
            if e.type == "ORG"]


def test_an_acronym_joins_the_full_name_it_abbreviates():
    orgs = _orgs("Национальное агентство водных ресурсов проверило плотину. В НАВР заявили, что угрозы нет.")
    assert ["НАВР", "Национальное агентство водных ресурсов"] in orgs


def _merged(*names):
    groups = {("ORG", n.lower()): [(None, n)] for n in names}
    order = list(groups)
    _merge_acronyms(groups, order, default_gazetteer())
    return {frozenset(name for _, name in items) for items in groups.values()}


def test_a_place_after_the_name_may_be_left_out_of_the_acronym():
    assert _merged("ВТК", "Верхнедольская транспортная компания России") == {
        frozenset({"Верхнедольская транспортная компания России", "ВТК"})}


def test_an_acronym_two_full_names_fit_stays_apart():
    assert _merged("СТК", "Северная торговая компания", "Северная транспортная компания") == {
        frozenset({"Северная торговая компания"}), frozenset({"Северная транспортная компания"}), frozenset({"СТК"})}
