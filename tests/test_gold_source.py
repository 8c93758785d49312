"""Training and evaluation read a post as ingest does: with its channel, whose own name in the post is no entity
(not_entities.drop_noise). Trained without it, the quote model learnt on entities it never meets in use. The
texts were written for these tests."""
from svodka.eval.gold import gold_article
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
    assert gold_article({"id": "t", "text": TEXT, "source": "Вестник"}, "gold.jsonl").source == "Вестник"
    assert gold_article({"id": "t", "text": TEXT}, "gold.jsonl").source is None


def test_a_gold_rows_publication_time_wins_over_its_layouts_and_the_layouts_is_kept_without_one():
    dated = "Мост закрыли на ремонт\n12.03.2024 10:00\n\nМост через Вятку закрыли на ремонт до мая.\n"
    assert gold_article({"id": "t", "text": dated}).published.date().isoformat() == "2024-03-12"
    row = {"id": "t", "text": dated, "published": "2024-03-14T09:00:00"}
    assert gold_article(row).published.date().isoformat() == "2024-03-14"
