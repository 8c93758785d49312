"""Telegram Desktop channel exports (result.json) as a source, on an export written for these tests."""
import json
from datetime import datetime, timedelta, timezone

from typer.testing import CliRunner

from svodka.cli import app
from svodka.ingest import read_sources
from svodka.ingest.telegram import render
from svodka.model import Article, IngestError

EXPORT = {
    "name": "Город сегодня",
    "type": "public_channel",
    "id": 1987654321,
    "messages": [
        {"id": 1, "type": "service", "date": "2024-11-01T09:00:00", "date_unixtime": "1730440800",
         "actor": "Город сегодня", "action": "create_channel", "title": "Город сегодня", "text": "",
         "text_entities": []},
        {"id": 2, "type": "message", "date": "2024-11-01T12:30:00", "date_unixtime": "1730453400",
         "from": "Город сегодня", "from_id": "channel1987654321",
         "text": [{"type": "bold", "text": "⚡️Мэр Казани:"}, " зимой откроют двенадцать катков\n\n",
                  {"type": "italic", "text": "«Катки будут бесплатными для детей»"},
                  ", — заявил мэр Казани Ильсур Метшин.\n\n🔴 ",
                  {"type": "text_link", "text": "Подписаться", "href": "https://t.me/gorod_segodnya"}],
         "text_entities": []},
        {"id": 3, "type": "message", "date": "2024-11-01T13:00:00", "date_unixtime": "1730455200",
         "photo": "(File not included. Change data exporting settings to download.)", "text": "",
         "text_entities": []},
        {"id": 4, "type": "message", "date": "2024-11-01T14:00:00", "date_unixtime": "1730458800",
         "text": 42, "text_entities": []},
        {"id": 5, "type": "message", "date": "2024-11-01T15:00:00", "date_unixtime": "1730462400",
         "text": "В Казани выпал первый снег.", "text_entities": [
             {"type": "plain", "text": "В Казани выпал первый снег."}]},
    ],
}


def items(tmp_path, export=EXPORT, name="result.json"):
    p = tmp_path / name
    p.write_text(json.dumps(export, ensure_ascii=False), encoding="utf-8")
    out = list(read_sources([str(p)]))
    return p, [i for i in out if isinstance(i, Article)], [i for i in out if isinstance(i, IngestError)]


def test_each_message_with_text_is_an_article(tmp_path):
    p, arts, errs = items(tmp_path)
    assert [a.id for a in arts] == ["tg-1987654321-2", "tg-1987654321-5"]
    first = arts[0]
    assert first.source == "Город сегодня"
    assert first.url == "https://t.me/c/1987654321/2"
    # the export's wall clock and its Unix time give the local time with the exporter's offset (UTC+3)
    assert first.published == datetime(2024, 11, 1, 12, 30, tzinfo=timezone(timedelta(hours=3)))
    assert first.text.startswith("**⚡️Мэр Казани:** зимой")
    assert "__«Катки будут бесплатными для детей»__" in first.text
    assert first.text.endswith("🔴 [Подписаться](https://t.me/gorod_segodnya)")
    assert first.title == "Мэр Казани: зимой откроют двенадцать катков"
    assert arts[1].title == "В Казани выпал первый снег."


def test_a_malformed_message_is_reported_with_file_and_index_and_skipped(tmp_path):
    p, arts, errs = items(tmp_path)
    assert len(errs) == 1
    assert errs[0].origin == f"{p}:message 3 (id 4)"
    assert "malformed message" in errs[0].message and "'text'" in errs[0].message
    assert len(arts) == 2  # the messages after it are still read


def test_a_message_that_is_not_an_object_is_reported_by_index(tmp_path):
    export = dict(EXPORT, messages=["oops", *EXPORT["messages"]])
    p, arts, errs = items(tmp_path, export)
    assert errs[0].origin == f"{p}:message 0" and "not an object" in errs[0].message
    assert len(arts) == 2


def test_username_gives_public_message_links(tmp_path):
    _, arts, _ = items(tmp_path, dict(EXPORT, username="gorod_segodnya"))
    assert arts[0].url == "https://t.me/gorod_segodnya/2"


def test_another_json_file_gets_a_clear_error(tmp_path):
    _, arts, errs = items(tmp_path, {"id": "x", "text": "Статья"}, name="article.json")
    assert not arts
    assert "Telegram Desktop channel export" in errs[0].message and ".jsonl" in errs[0].message
    p = tmp_path / "broken.json"
    p.write_text("{not json", encoding="utf-8")
    (err,) = list(read_sources([str(p)]))
    assert isinstance(err, IngestError) and "malformed JSON" in err.message


def test_entities_render_as_telegram_markdown():
    assert render(["a ", {"type": "bold", "text": "b"}, " ", {"type": "text_link", "text": "c", "href": "u"},
                   {"type": "mention", "text": "@d"}, {"type": "strikethrough", "text": "e"}]) == "a **b** [c](u)@d~~e~~"


def test_analyze_reads_an_export_and_maps_offsets_to_the_post(tmp_path, models):
    p, _, _ = items(tmp_path)
    res = CliRunner().invoke(app, ["analyze", str(p), "--format", "jsonl"])
    rows = [json.loads(line) for line in res.stdout.splitlines()]
    assert [r["id"] for r in rows] == ["tg-1987654321-2", "tg-1987654321-5"]
    row = rows[0]
    assert row["source"] == "Город сегодня" and row["url"] == "https://t.me/c/1987654321/2"
    assert row["title"] == "Мэр Казани: зимой откроют двенадцать катков"
    text = [a for a in read_sources([str(p)]) if isinstance(a, Article)][0].text
    # the headline «Мэр Казани: …» quotes the mayor the post goes on to name, as does the quotation
    headline, q = [q for q in row["quotes"] if q["kind"] == "direct"]
    assert (headline["speaker"], headline["text"]) == ("Ильсур Метшин", "зимой откроют двенадцать катков")
    assert q["speaker"] == "Ильсур Метшин" and q["text"] == "Катки будут бесплатными для детей"
    assert text[q["start"]:q["end"]] == q["text"] and text[headline["start"]:headline["end"]] == headline["text"]
    for e in row["entities"]:
        for m in e["mentions"]:
            assert text[m["start"]:m["end"]] == m["text"]
            assert m["start"] < text.index("🔴")  # nothing from the footer
