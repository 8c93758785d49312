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


def test_stored_minhash_values_are_datasketchs():
    from datasketch import MinHash

    from svodka.stories.dedup import NUM_PERM, hash_values
    for d in _docs():
        if len(d.shingles) < 3:
            continue
        m = MinHash(num_perm=NUM_PERM, seed=1)
        m.update_batch([s.encode("utf-8") for s in sorted(d.shingles)])
        assert (hash_values(d) == m.hashvalues).all(), d.id


def test_storing_an_article_does_not_load_datasketch_or_scipy_integrate(tmp_path):
    # both would cost every ingesting process 0.4 s of start and 56 MiB (stories/dedup.py)
    import subprocess
    import sys
    code = ("import sys, json; from svodka.cli import main; sys.argv = ['svodka', 'ingest', sys.argv[1], '--db', "
            "sys.argv[2]]\ntry:\n    main()\nexcept SystemExit as e:\n    assert not e.code, e.code\n"
            "print(json.dumps(sorted(m for m in sys.modules if m.split('.')[0] == 'datasketch' or m.startswith('scipy.integrate'))))")
    src = tmp_path / "in.jsonl"
    src.write_text("".join(json.dumps({"id": i, "text": t, "source": s, "published": "2024-11-05T09:00:00+00:00"},
                                      ensure_ascii=False) + "\n" for i, s, t in POSTS), encoding="utf-8")
    out = subprocess.run([sys.executable, "-c", code, str(src), str(tmp_path / "a.db")], capture_output=True,
                         text=True, check=True).stdout
    assert json.loads(out.strip().splitlines()[-1]) == []


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
            Article(id="ru", text="Шторм обрушился на побережье Флориды во вторник.", published=T0),
            Article(id="e1", text="🔥🔥🔥", published=T0 + timedelta(minutes=7)),
            Article(id="e2", text="🔥🔥🔥", published=T0 + timedelta(minutes=8)),
            Article(id="e3", text="👍", published=T0 + timedelta(minutes=9))]
    stories = cluster_stories([document(a) for a in arts])
    # nothing to compare (no words): each stands alone, however alike
    assert sorted(len(s.members) for s in stories) == [1] * 8
    assert cluster_stories([]) == []


def test_a_bare_surname_and_the_one_full_name_of_a_story_are_one_actor():
    from svodka.stories.cluster import summarise
    texts = ["Губернатор Игорь Руденя открыл после ремонта мост через Волгу в Твери.",
             "Руденя открыл мост через Волгу: движение по нему восстановлено.",
             "Мост через Волгу в Твери открыт, сообщил Руденя."]
    arts = [Article(id=f"r{k}", text=t, source="Вестник", published=T0 + timedelta(minutes=k)) for k, t in enumerate(texts)]
    docs = [document(a, analyze(a)) for a in arts]
    assert any("руденя" in d.persons for d in docs) and any("игорь руденя" in d.persons for d in docs)
    st = summarise(1, docs, [{} for _ in docs], {})
    assert "Игорь Руденя" in st.actor_names and "Руденя" not in st.actor_names


def test_a_surname_two_full_names_share_stays_apart():
    from collections import Counter

    from svodka.stories.cluster import _surnames_joined
    counts = _surnames_joined(Counter({"иванов": 2, "пётр иванов": 1, "анна иванова": 1, "олег иванов": 1}),
                              {"иванов", "пётр иванов", "олег иванов", "анна иванова"})
    assert counts["иванов"] == 2
    counts = _surnames_joined(Counter({"сша": 3, "посольство сша": 1}), set())
    assert counts["сша"] == 3  # places and organisations are never joined


def test_stories_say_that_undated_articles_are_in_no_window(db):
    undated = Article(id="u1", text="Мост через Волгу в Твери закроют на ремонт до весны, сообщил губернатор.")
    with Archive(db) as a:
        for art in _articles() + [undated]:
            a.add(art, analyze(art))
        assert a.undated_total() == 1
    for command in ("stories", "threads"):
        r = CliRunner().invoke(app, [command, "--db", str(db), "--since", "2024-11-01"])
        assert r.exit_code == 0, r.output
        assert "1 stored article has no publication date" in r.stderr


def test_stories_compare_organisations_by_the_gazetteer_the_articles_were_analysed_with(tmp_path):
    # a user's gazetteer heads the plant by its acronym: a post that writes the full name and one that writes
    # the acronym share it only when their stories compare names by that gazetteer, not the shipped one
    from svodka.analyze import analyze_many
    from svodka.knowledge import Knowledge
    from svodka.store.prepared import prepare
    gaz = tmp_path / "gaz.txt"
    gaz.write_text("[ORG]\nСМК | Северогорский металлургический комбинат\n", encoding="utf-8")
    k = Knowledge.load(gazetteer=[str(gaz)])
    full = Article(id="m1", text="Северогорский металлургический комбинат остановил вторую домну на ремонт.",
                   source="Курьер", published=T0)
    short = Article(id="m2", text="СМК остановил вторую домну на плановый ремонт, сообщили на предприятии.",
                    source="Город", published=T0 + timedelta(minutes=30))
    an_full, an_short = analyze_many([full, short], knowledge=k)
    assert [e.name for e in an_full.entities if e.type == "ORG"] == ["Северогорский металлургический комбинат"]
    assert "смк" in document(short, an_short, gazetteer=k.gazetteer).entities
    assert "смк" in document(full, an_full, gazetteer=k.gazetteer).entities
    assert "смк" not in document(full, an_full).entities  # the shipped gazetteer does not know the plant
    assert "смк" in prepare(full, an_full, k.gazetteer).document.entities
    with Archive(str(tmp_path / "a.db"), knowledge=k) as a:
        a.add(full, an_full)
        stored = a.store.conn.execute("SELECT entities FROM article_stories").fetchone()[0]
    assert json.loads(stored) == ["смк"]
