"""One statement, many posts (store/repeats.py): a speaker's words that several articles repeat are listed once,
with the other articles under it, in `svodka quotes`, `svodka entity`, the API and the entity page; invented
posts in the style of city news channels."""
import json
from dataclasses import replace
from datetime import datetime, timezone

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from svodka.cli import app
from svodka.store.records import QuoteRow, StoredArticle
from svodka.store.repeats import fold_repeats

runner = CliRunner()


def _row(id, text, entity_id=7, speaker="Андрей Литвин", said_at="2024-11-05", hour=9, source="Канал"):
    when = datetime(2024, 11, 5, hour, tzinfo=timezone.utc)
    art = StoredArticle(key=id, id=f"post-{id}", title=None, published=when, url=None, source=source, origin=None)
    return QuoteRow(id=id, kind="direct", text=text, speaker=speaker, speaker_type="person", entity_id=entity_id,
                    cue=None, start=0, end=len(text), published=when, article=art, said_at=said_at)


BRIDGE = "Мост откроем до конца декабря, сроки не переносим"


def test_the_same_words_of_one_speaker_are_one_statement_with_the_earliest_first():
    later = _row(3, BRIDGE.upper() + "!", hour=12, source="Север Live")  # case and punctuation aside
    other = _row(2, "Тарифы на проезд в следующем году останутся прежними", hour=10)
    first = _row(1, BRIDGE, hour=8, source="Северогорск Сейчас")
    # newest first: the statement stands where its group first appears, as its earliest telling
    out = fold_repeats([later, other, first])
    assert [q.id for q in out] == [1, 2]
    assert [r.quote_id for r in out[0].repeats] == [3]
    assert out[0].repeats[0].article.source == "Север Live"
    assert out[1].repeats == []
    d = out[0].to_dict()
    assert d["repeats"][0]["article"]["sources"] == ["Север Live"]


def test_what_is_not_known_to_be_one_statement_stays_apart():
    rows = [_row(1, BRIDGE), _row(2, BRIDGE, entity_id=8, speaker="Сергей Литвин"),  # another person
            _row(3, "Да, это так", hour=10), _row(4, "Да, это так", hour=11),  # too short to tell
            _row(5, BRIDGE, entity_id=None, speaker=None),  # whose words: unknown
            _row(6, BRIDGE, entity_id=None, speaker=None),
            _row(7, BRIDGE + " и не будем")]  # other words
    assert [q.id for q in fold_repeats(rows)] == [1, 2, 3, 4, 5, 6, 7]


def test_a_joining_word_is_no_other_statement_but_a_negation_is():
    a = _row(1, "Слепая вера в безнаказанность, исключительность может обернуться трагедией")
    b = _row(2, "Слепая вера в безнаказанность и исключительность может обернуться трагедией", hour=10)
    c = _row(3, "Слепая вера в безнаказанность и исключительность не может обернуться трагедией", hour=11)
    out = fold_repeats([a, b, c])
    assert [q.id for q in out] == [1, 3] and [r.quote_id for r in out[0].repeats] == [2]


def test_without_an_entity_the_speaker_name_decides():
    a = _row(1, BRIDGE, entity_id=None, speaker="источник в мэрии")
    b = _row(2, BRIDGE, entity_id=None, speaker="Источник в мэрии", hour=10)
    c = _row(3, BRIDGE, entity_id=None, speaker="представитель мэрии", hour=11)
    out = fold_repeats([a, b, c])
    assert [q.id for q in out] == [1, 3] and [r.quote_id for r in out[0].repeats] == [2]


def test_a_row_folded_before_keeps_its_repeats():
    a = replace(fold_repeats([_row(1, BRIDGE), _row(2, BRIDGE, hour=10)])[0])
    out = fold_repeats([a, _row(3, BRIDGE, hour=11)])
    assert [r.quote_id for r in out[0].repeats] == [2, 3]


# --- the surfaces, on an archive of invented posts ------------------------------------------------------------

def post(id, text, source, when):
    return json.dumps({"id": id, "text": text, "source": source, "published": when}, ensure_ascii=False)


POSTS = [
    post("sn-1", "Мэр Северогорска Андрей Литвин пообещал открыть мост через реку Тихую к Новому году.\n\n"
         f"«{BRIDGE}», — сказал Литвин журналистам.", "Северогорск Сейчас", "2024-11-05T07:15:00+00:00"),
    # another channel retells it in its own framing: another article, the same words
    post("sl-1", f"🗣 «{BRIDGE}», — заявил мэр Северогорска Андрей Литвин на встрече с жителями.\n\nТакже мэр "
         "рассказал о ремонте набережной.", "Север Live", "2024-11-05T09:40:00+00:00"),
    post("sn-2", "Андрей Литвин также заявил: «Набережную закончим весной, подрядчик уже выбран».",
         "Северогорск Сейчас", "2024-11-06T08:00:00+00:00"),
]


@pytest.fixture(scope="module")
def repeats_db(tmp_path_factory, module_db, models):
    d = tmp_path_factory.mktemp("repeats")
    src = d / "posts.jsonl"
    src.write_text("\n".join(POSTS) + "\n", encoding="utf-8")
    db = module_db("repeats")
    res = runner.invoke(app, ["ingest", str(src), "--db", db])
    assert res.exit_code == 0, res.output
    return db


def test_quotes_lists_a_repeated_statement_once_with_the_other_post(repeats_db):
    res = runner.invoke(app, ["quotes", "--speaker", "Литвин", "--db", repeats_db], env={"COLUMNS": "220"})
    assert res.exit_code == 0, res.output
    out = res.stdout
    assert out.count("Мост откроем") == 1
    assert "+1 more post" in out and "Север Live" in out
    assert "3 quotes in 2 statements" in out
    res = runner.invoke(app, ["quotes", "--speaker", "Литвин", "--db", repeats_db, "--each-post"],
                        env={"COLUMNS": "220"})
    assert "more post" not in res.stdout and "statements" not in res.stdout and "3 quotes" in res.stdout
    res = runner.invoke(app, ["quotes", "--speaker", "Литвин", "--db", repeats_db, "--format", "jsonl"])
    rows = [json.loads(line) for line in res.stdout.splitlines()]
    assert len(rows) == 2
    first = next(r for r in rows if "сроки" in r["text"])
    assert first["source"] == "Северогорск Сейчас"
    assert [(r["source"], r["article_id"]) for r in first["repeats"]] == [("Север Live", "sl-1")]
    res = runner.invoke(app, ["quotes", "--speaker", "Литвин", "--db", repeats_db, "--format", "jsonl",
                              "--each-post"])
    assert [json.loads(line)["repeats"] for line in res.stdout.splitlines()] == [[], [], []]


def test_the_api_folds_a_page_and_its_cursor_moves_over_quotes(repeats_db):
    from svodka.web.api import create_app
    client = TestClient(create_app(repeats_db))
    page = client.get("/api/quotes", params={"speaker": "Литвин", "limit": 2}).json()
    # the page holds two stored quotes, the two tellings of one statement: one item, and a next page
    assert len(page["items"]) == 1 and len(page["items"][0]["repeats"]) == 1
    nxt = client.get("/api/quotes", params={"speaker": "Литвин", "limit": 2, "cursor": page["next_cursor"]}).json()
    assert [i["text"] for i in nxt["items"]] == ["Набережную закончим весной, подрядчик уже выбран"]
    flat = client.get("/api/quotes", params={"speaker": "Литвин", "limit": 2, "fold": "false"}).json()
    assert len(flat["items"]) == 2 and flat["next_cursor"] == page["next_cursor"]
    html = client.get(f"/entities/{page['items'][0]['entity_id']}").text
    assert "и ещё в 1 публикации" in html
