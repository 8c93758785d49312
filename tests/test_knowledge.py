"""Two configurations of knowledge in one process: each analysis reads only the `Knowledge` it is given."""
from __future__ import annotations

from svodka.analyze import analyze, analyze_many
from svodka.extract.lexicon import Lexicon
from svodka.ingest import article_from_text
from svodka.knowledge import Knowledge, using
from svodka.link.roles import Roles
from svodka.quotemodel.model import RulesOnly

# invented, in the style of an agency report
TEXT = ("Мэрия обещает новые школы\n\n10:00 14/02/2025\n\n"
        "Мэр Новосибирска заявил, что в этом году в городе откроют три новые школы.\n"
        "Депутаты досадовали, что подрядчики срывают сроки.\n")


def _quotes(an):
    return [(q.kind, q.text, q.cue) for q in an.quotes]


def test_two_knowledge_objects_in_one_process_give_their_own_quotes(tmp_path, models):
    article = article_from_text(TEXT, "k1", "test")
    (tmp_path / "mine.txt").write_text("[verb]\nдосадовать\n", encoding="utf-8")
    shipped = Knowledge()
    mine = Knowledge(lexicon=Lexicon.load([tmp_path / "mine.txt"]))
    before = _quotes(analyze(article))

    a, b = analyze(article, knowledge=shipped), analyze(article, knowledge=mine)
    assert [q[2] for q in _quotes(a)] == ["заявил"]
    assert [q[2] for q in _quotes(b)] == ["заявил", "досадовали"]  # a cue only this lexicon has
    # batched, interleaved, and the other way round: no state leaks from one configuration into the other
    assert [_quotes(x) for x in analyze_many([article, article], knowledge=mine)] == [_quotes(b)] * 2
    assert _quotes(analyze(article, knowledge=shipped)) == _quotes(a)
    assert _quotes(analyze(article)) == before == _quotes(a)  # the default is unaffected afterwards


def test_roles_and_quote_model_come_from_the_knowledge_given(tmp_path, models):
    article = article_from_text(TEXT, "k2", "test")
    (tmp_path / "roles.toml").write_text(
        '[[role]]\ntitle = "мэр Новосибирска"\nholders = [ { name = "Максим Кудрявцев", from = "2024-10-23" } ]\n',
        encoding="utf-8")
    mine = Knowledge(roles=Roles.load([tmp_path / "roles.toml"]), quote_model=RulesOnly())
    assert analyze(article, knowledge=mine).quotes[0].speaker == "Максим Кудрявцев"
    assert analyze(article).quotes[0].speaker == "мэр Новосибирска"
    # `using` makes one the default inside a block only (for code that takes no Knowledge argument)
    with using(mine):
        assert analyze(article).quotes[0].speaker == "Максим Кудрявцев"
    assert analyze(article).quotes[0].speaker == "мэр Новосибирска"
