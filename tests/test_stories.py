"""Stories: reprints and rewrites of one event together, other events apart; scores; the CLI."""
import json
from datetime import datetime, timedelta, timezone

from typer.testing import CliRunner

from svodka.analyze import analyze
from svodka.archive import Archive
from svodka.cli import app
from svodka.eval.stories import bcubed, pairwise, tfidf_agglomerative
from svodka.model import Article
from svodka.stories import cluster_stories, document
from svodka.stories.dedup import near_duplicates

T0 = datetime(2024, 11, 5, 9, 0, tzinfo=timezone.utc)
FIRE = "В Твери загорелся склад на улице Вагжанова. Пожар тушат двенадцать расчётов МЧС, пострадавших нет."
POSTS = [
    ("f1", "Вестник", FIRE),
    ("f2", "Курьер", FIRE + "\n\nПодписывайся на Курьер"),  # a reprint under another footer
    ("f3", "Город", "МЧС: пожар на складе на улице Вагжанова в Твери потушен, площадь возгорания 300 метров."),
    ("b1", "Вестник", "Мост через Волгу в Твери закроют на ремонт до весны, сообщил губернатор Игорь Руденя."),
    ("b2", "Город", "Губернатор Игорь Руденя: мост через Волгу закроют на ремонт до весны."),
    ("c1", "Курьер", "Футбольный клуб «Волга» обыграл «Торпедо» со счётом 2:1 в домашнем матче."),
    ("e1", "Курьер", "🔥🔥🔥"),
]


def _articles():
    return [Article(id=i, text=t, source=s, published=T0 + timedelta(minutes=10 * k)) for k, (i, s, t) in enumerate(POSTS)]


def _docs():
    return [document(a, analyze(a)) for a in _articles()]


def test_reprints_are_near_duplicates_and_rewrites_are_not():
    dup = near_duplicates(_docs())
    assert dup["f2"] == "f1"
    assert dup["f3"] == "f3" and dup["b2"] == "b2"


def test_one_event_is_one_story_and_other_events_are_apart():
    stories = {frozenset(s.members) for s in cluster_stories(_docs())}
    assert frozenset({"f1", "f2", "f3"}) in stories
    assert frozenset({"b1", "b2"}) in stories
    assert frozenset({"c1"}) in stories and frozenset({"e1"}) in stories  # an emoji post joins nothing


def test_the_same_articles_give_the_same_stories():
    a = [(s.members, s.title) for s in cluster_stories(_docs())]
    b = [(s.members, s.title) for s in cluster_stories(list(reversed(_docs())))]
    assert a == b


def test_scores():
    gold = {"a": "x", "b": "x", "c": "y"}
    assert pairwise(gold, gold) == (1.0, 1.0, 1.0) and bcubed(gold, gold)[2] == 1.0
    p, r, f = pairwise({"a": "1", "b": "2", "c": "3"}, gold)
    assert (p, r, f) == (1.0, 0.0, 0.0)
    p, r, _ = bcubed({"a": "1", "b": "1", "c": "1"}, gold)
    assert r == 1.0 and abs(p - (2 / 3 * 2 + 1 / 3) / 3) < 1e-9
    base = tfidf_agglomerative({i: t for i, _, t in POSTS}, 0.85)
    assert base["f1"] == base["f2"] and base["e1"].startswith("alone:")


def test_stories_and_story_commands(db):
    with Archive(db) as a:
        for art in _articles():
            a.add(art, analyze(art))
    r = CliRunner().invoke(app, ["stories", "--db", str(db), "--format", "jsonl"])
    assert r.exit_code == 0, r.output
    rows = [json.loads(x) for x in r.stdout.splitlines()]
    # the reprint is stored once, as one more appearance of its text, and keeps its channel
    assert rows[0]["articles"] == 2 and set(rows[0]["outlets"]) == {"Вестник", "Курьер", "Город"}
    r = CliRunner().invoke(app, ["stories", "--db", str(db), "--about", "Рудени"])
    assert r.exit_code == 0 and "мост" in r.stdout.lower() and "склад" not in r.stdout.lower()
    r = CliRunner().invoke(app, ["story", "1", "--db", str(db)])
    assert r.exit_code == 0 and "Вагжанова" in r.stdout
    r = CliRunner().invoke(app, ["story", "99", "--db", str(db)])
    assert r.exit_code == 1


def test_bad_input_joins_no_story_by_accident():
    arts = [Article(id="l1", text="https://t.me/channel/123", published=T0),
            Article(id="l2", text="https://t.me/channel/456", published=T0 + timedelta(minutes=5)),
            Article(id="x", text="", published=T0 + timedelta(minutes=6)),
            Article(id="en", text="The storm hit the coast of Florida on Tuesday, officials said.", published=T0),
            Article(id="ru", text="Шторм обрушился на побережье Флориды во вторник.", published=T0)]
    stories = cluster_stories([document(a) for a in arts])
    assert sorted(len(s.members) for s in stories) == [1, 1, 1, 1, 1]
    assert cluster_stories([]) == []


# A story of three reports of one event, then a post on another subject that shares a word with one of them:
# «аренда» (the third report says the scooters were rented) and the town. Joined by its single most like
# article, it would chain into the story; it is not like the story as a whole (its centroid).
SCOOTERS = [
    ("s1", "Вестник", "В Северогорске снова работает прокат электросамокатов: сервисы вернули самокаты на улицы "
                      "после зимы."),
    ("s2", "Курьер", "Прокат электросамокатов вернулся в Северогорск: самокаты снова стоят на улицах, сезон открыт."),
    ("s3", "Город", "Сезон проката электросамокатов в Северогорске открыт, в первый день самокаты взяли в аренду "
                    "тысячи горожан."),
    ("r1", "Вестник", "Аренда квартир в Северогорске подорожала: за месяц средняя цена аренды однокомнатной "
                      "квартиры выросла на десять процентов."),
    ("s4", "Курьер", "Электросамокаты снова на улицах Северогорска: операторы проката расставили по городу две "
                     "тысячи самокатов."),
]


def _scooter_docs():
    arts = [Article(id=i, text=t, source=s, published=T0 + timedelta(minutes=20 * k))
            for k, (i, s, t) in enumerate(SCOOTERS)]
    return [document(a, analyze(a)) for a in arts]


def test_a_post_like_one_report_but_not_the_story_does_not_chain_into_it():
    from svodka.stories.stream import StoryStream, THRESHOLD, centroid_likeness, likeness

    docs = _scooter_docs()
    stream = StoryStream(centroid_from=10 ** 9)  # single link: the chain the centroid check stops
    links = [stream.add(d) for d in docs]
    assert links == [0, 0, 0, 0, 0]
    v = stream.vectors
    by = {d.id: d for d in docs}
    # the rent post is like the third report (over THRESHOLD), not like the story of the three as a whole
    assert likeness(v["r1"], by["r1"].entities, v["s3"], by["s3"].entities) > THRESHOLD
    total = {}
    for sid in ("s1", "s2", "s3"):
        for t, w in v[sid].items():
            total[t] = total.get(t, 0.0) + w
    assert centroid_likeness(v["r1"], total) < 0.15
    stories = {frozenset(s.members) for s in cluster_stories(docs)}
    assert stories == {frozenset({"s1", "s2", "s3", "s4"}), frozenset({"r1"})}  # a fourth report still joins
    stream = StoryStream()  # incremental, as the store does at ingest
    assert [stream.add(d) for d in docs] == [0, 0, 0, 1, 0]


def test_an_article_that_does_not_fit_its_most_like_story_joins_the_next_that_it_fits():
    from svodka.stories.stream import choose_story

    links = {7: (0.5, 3), 2: (0.3, 1), 5: (0.3, 0)}  # story → (best likeness, order of that article)
    assert choose_story(links, lambda s: True) == 7
    assert choose_story(links, lambda s: s != 7) == 5  # a tie goes to the earlier article
    assert choose_story(links, lambda s: s == 2) == 2
    assert choose_story(links, lambda s: False) is None
    assert choose_story({}, lambda s: True) is None


def test_a_story_of_one_or_two_articles_is_joined_by_a_link_alone():
    from svodka.stories.stream import fits_story

    far = {"аренда": 1.0}
    story = {"самокат": 1.4, "прокат": 1.2}
    assert fits_story(far, 1, story) and fits_story(far, 2, story)
    assert not fits_story(far, 3, story)
    assert fits_story({"самокат": 0.8, "аренда": 0.6}, 3, story)
