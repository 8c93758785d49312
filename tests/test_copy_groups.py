"""Cross-validation keeps an article and its copies (a repost, a lightly edited copy) in one fold, for the quote
model and the about-model alike: a fold that trained on a copy would score memory."""
from svodka.eval.copies import copy_groups
from svodka.figuremodel import train as figure_train

POST = ("В Подольске из-за аварии на теплотрассе без отопления остались 12 домов. Аварийные бригады работают "
        "на месте, подачу тепла обещают восстановить к вечеру, сообщили в администрации округа.")


def test_a_repost_with_another_signature_is_one_group_and_other_news_is_not():
    groups = copy_groups({
        "a": POST,
        "b": "⚡️ " + POST + "\n\nПодписаться на канал",
        "c": "В Коломне открыли новый бассейн на 25 метров, первые посетители придут в субботу.",
    })
    assert groups["a"] == groups["b"] == "a"
    assert groups["c"] == "c"


def test_figure_folds_never_train_on_a_copy_of_a_scored_article(monkeypatch):
    # articles are lists of examples; here each "example" is the article's own name, which the stubs read
    articles = [[f"art{i}"] for i in range(10)]
    groups = ["g0", "g0", "g1", "g1", "g2", "g3", "g4", "g5", "g6", "g7"]
    trained_on = {}

    def fit(train):
        return {ex for art in train for ex in art}

    def predict(model, ex):
        trained_on[ex] = model
        return None

    monkeypatch.setattr(figure_train, "fit", fit)
    monkeypatch.setattr(figure_train, "predict", predict)
    for seed in (7, 13):
        figure_train.cross_validate(articles, 5, seed=seed, groups=groups)
        assert set(trained_on) == {f"art{i}" for i in range(10)}
        for i, g in enumerate(groups):
            mates = {f"art{j}" for j, h in enumerate(groups) if h == g}
            assert not mates & trained_on[f"art{i}"]
