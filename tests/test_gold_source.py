"""Training and evaluation read a post as ingest does: with its channel, whose own name in the post is no entity
(not_entities.drop_noise). Trained without it, the quote model learnt on entities it never meets in use. The
texts were written for these tests."""
from svodka.cli.eval import _gold_article
from svodka.quotemodel.train import analyse_gold

TEXT = ("Мост через Вятку закрыли на ремонт.\n\nПо информации Вестника, работы продлятся месяц. "
        "Мэр Олег Сомов заявил, что мост откроют в мае.\n")


def _entity_names(row):
    (_, fz, _), = list(analyse_gold([row]))
    return {e.name for e in fz.doc.entities}


def test_the_training_analysis_leaves_out_the_posts_own_channel():
    with_channel = _entity_names({"id": "t", "text": TEXT, "source": "Вестник"})
    without = _entity_names({"id": "t", "text": TEXT})
    assert "Олег Сомов" in with_channel and "Олег Сомов" in without
    assert any(n.startswith("Вестник") for n in without)
    assert not any(n.startswith("Вестник") for n in with_channel)


def test_an_evaluated_gold_post_keeps_its_channel():
    assert _gold_article({"id": "t", "text": TEXT, "source": "Вестник"}, "gold.jsonl").source == "Вестник"
    assert _gold_article({"id": "t", "text": TEXT}, "gold.jsonl").source is None
