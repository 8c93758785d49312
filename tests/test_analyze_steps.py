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
    """The shipped model, refusing a call with more rows than one article (one quote, for speakers) has: the
    batched calls fail. With no bounds it records the largest calls instead."""

    def __init__(self, model, most: int = 0, most_speakers: int = 0) -> None:
        self.model, self.most, self.most_speakers, self.calls = model, most, most_speakers, 0
        self.largest = self.largest_speakers = 0

    def __getattr__(self, name):
        return getattr(self.model, name)

    def quote_scores(self, rows):
        self.calls += 1
        self.largest = max(self.largest, len(rows))
        if self.most and len(rows) > self.most:
            raise ValueError("too many rows")
        return self.model.quote_scores(rows)

    def speaker_scores(self, rows, groups=None):
        self.calls += 1
        self.largest_speakers = max(self.largest_speakers, len(rows))
        if self.most_speakers and len(rows) > self.most_speakers:
            raise ValueError("too many rows")
        return self.model.speaker_scores(rows, groups)


def test_steps_together_give_each_articles_own_analysis(models):
    arts = [article_from_text(t, f"a{i}", f"a{i}.txt") for i, t in enumerate(TEXTS)]
    alone = [analyze(a).to_dict() for a in arts]
    assert [an.to_dict() for an in analyze_many(arts)] == alone
    # the batched scoring fails: each article (each quote) is scored on its own, with the same result
    probe = _OneArticleAtATime(default_model())
    for a in arts:
        analyze(a, knowledge=Knowledge(quote_model=probe))
    assert probe.largest_speakers
    flaky = _OneArticleAtATime(default_model(), probe.largest, probe.largest_speakers)
    got = [an.to_dict() for an in analyze_many(arts, knowledge=Knowledge(quote_model=flaky))]
    assert got == alone and flaky.calls > 1


def test_extract_quotes_alone_finds_what_analysis_finds(models):
    """`quotemodel.extract_quotes` (training, evaluation and benchmarks call it) is the same two halves the
    batched analysis runs."""
    from svodka.analyze import entities_of
    from svodka.nlp.pipeline import parse
    from svodka.quotemodel import extract_quotes

    for i, text in enumerate(TEXTS):
        art = article_from_text(text, f"a{i}", f"a{i}.txt")
        parsed, entities = entities_of(parse(art.text), art.published)
        alone = [(q.kind, q.start, q.end, q.speaker, q.cue) for q in extract_quotes(parsed, entities, art.published)]
        assert alone == [(q.kind, q.start, q.end, q.speaker, q.cue) for q in analyze(art).quotes]
