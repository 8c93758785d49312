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


def _names(text):
    return {e.name for e in analyze(Article(id="t", text=text)).entities if e.type == "ORG"}


def test_a_body_the_gazetteer_heads_by_its_acronym_is_named_as_the_article_names_it_in_full():
    text = ("Федеральная антимонопольная служба (ФАС) возбудила дело против сети «Колос». "
            "В ФАС заявили, что цены на хлеб завышены на треть.")
    an = analyze(Article(id="t", text=text))
    fas = next(e for e in an.entities if "ФАС" in {m.text for m in e.mentions})
    assert fas.name == "Федеральная антимонопольная служба" and len(fas.mentions) == 3
    assert [q.speaker for q in an.quotes] == ["Федеральная антимонопольная служба"]
    # an article that gives only the acronym, or the acronym with its country, is cited so
    assert _names("ФАС оштрафовала сеть «Колос».") == {"ФАС", "Колос"}
    assert "МВД России" in _names("Как сообщили в МВД России, задержанных трое.")


def test_one_archive_entity_whichever_name_each_article_gives(tmp_path):
    from svodka.archive import Archive
    with Archive(str(tmp_path / "a.db")) as archive:
        archive.ingest_items([
            Article(id="a1", text="Министерство внутренних дел сообщило о задержании двух человек."),
            Article(id="a2", text="МВД сообщило, что проверка завершена."),
            Article(id="a3", text="Как сообщили в МВД России, задержанных трое.")])
        orgs = archive.store.conn.execute("SELECT id FROM entities WHERE type = 'ORG'").fetchall()
    assert len(orgs) == 1


def test_stories_compare_a_body_by_the_gazetteers_name_for_it():
    from svodka.stories.documents import document
    docs = [document(a, analyze(a)) for a in (
        Article(id="p1", text="Министерство внутренних дел сообщило о задержании двух человек."),
        Article(id="p2", text="МВД сообщило, что задержаны двое."))]
    assert "мвд" in docs[0].entities & docs[1].entities


def test_a_latin_acronym_joins_its_latin_full_name():
    an = analyze(Article(id="t", text="Агентство Associated Press опубликовало снимки. Как сообщает AP, пожар начался ночью."))
    ap = [e for e in an.entities if "AP" in {m.text for m in e.mentions}]
    assert len(ap) == 1 and ap[0].name == "Associated Press"
    assert [q.speaker for q in an.quotes] == ["Associated Press"]


def test_the_archive_links_by_the_users_gazetteer_too(tmp_path):
    """An acronym a user's gazetteer gives its organisation: one archive entity whether an article writes the
    full name or only the acronym (the store links by the gazetteer ingest analysed with)."""
    from svodka.archive import Archive
    from svodka.knowledge import Knowledge
    gaz = tmp_path / "gaz.txt"
    gaz.write_text("[ORG]\nВТК | Верхнедольская транспортная компания\n", encoding="utf-8")
    k = Knowledge.load(gazetteer=[gaz])
    with Archive(str(tmp_path / "a.db"), knowledge=k) as archive:
        archive.ingest_items([
            Article(id="a1", text="Верхнедольская транспортная компания закупила сорок новых автобусов."),
            Article(id="a2", text="ВТК сообщила, что автобусы выйдут на линии в мае.")])
        orgs = archive.store.conn.execute("SELECT name FROM entities WHERE type = 'ORG'").fetchall()
    assert orgs == [("Верхнедольская транспортная компания",)]
