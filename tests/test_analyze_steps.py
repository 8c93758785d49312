"""analyze_many takes a batch of articles through each step of the analysis together, so that the boosters
score all their rows in one call: the analyses are those of each article analysed alone, also when that one
call fails and each article is scored alone."""
from svodka.analyze import analyze, analyze_many
from svodka.ingest import article_from_text
from svodka.knowledge import Knowledge
from svodka.quotemodel.model import default_model

TEXTS = [
    "Глава Минтранса Олег Сомов заявил, что новый мост через Обь откроют в декабре. «Мы успеваем в срок», — "
    "сказал Сомов журналистам. Товарооборот вырос на 12 %.",
    "Мэр Тулы Анна Белова сообщила во вторник, что летом в городе отремонтируют сорок дворов на 300 млн рублей.",
    "Погода в Москве: до +5 градусов.",
    "Губернатор Игорь Лавров встретился с фермерами в Калуге. «Урожай будет выше прошлогоднего», — отметил он.",
]


class _OneArticleAtATime:
    """The shipped model, refusing a call with more rows than one article has: the batched call fails."""

    def __init__(self, model, most: int) -> None:
        self.model, self.most, self.calls = model, most, 0

    def __getattr__(self, name):
        return getattr(self.model, name)

    def quote_scores(self, rows):
        self.calls += 1
        if len(rows) > self.most:
            raise ValueError("too many rows")
        return self.model.quote_scores(rows)


def test_steps_together_give_each_articles_own_analysis(models):
    arts = [article_from_text(t, f"a{i}", f"a{i}.txt") for i, t in enumerate(TEXTS)]
    alone = [analyze(a).to_dict() for a in arts]
    assert [an.to_dict() for an in analyze_many(arts)] == alone
    # the batched scoring fails: each article is scored on its own, with the same result
    from svodka.quotemodel.decode import featurize
    model = default_model()
    flaky = _OneArticleAtATime(model, most=max(len(featurize(*_inputs(a), model.vocab).rows) for a in arts))
    got = [an.to_dict() for an in analyze_many(arts, knowledge=Knowledge(quote_model=flaky))]
    assert got == alone and flaky.calls > 1


def _inputs(article):
    from svodka.analyze import entities_of
    from svodka.extract.lexicon import default_lexicon
    from svodka.nlp.pipeline import parse
    parsed, entities = entities_of(parse(article.text), article.published)
    return parsed, entities, article.published, default_lexicon(), None
