"""`svodka export figures`: every figure with what it measures and its article, oldest first."""
import csv
import io
import json

from typer.testing import CliRunner

from svodka.analyze import analyze
from svodka.archive import Archive
from svodka.cli import app
from svodka.ingest.readers import parse_published
from svodka.model import Article

ARTICLES = [
    ("zerno-1", "2023-10-02T10:00:00+03:00", "Агро", "Урожай зерна в Саратовской области составил 5,1 млн тонн, "
     "сообщил министр сельского хозяйства региона."),
    ("zerno-2", "2023-10-09T10:00:00+03:00", "Поле", "Экспорт зерна из Саратовской области вырос на 12 %, "
     "а цены на пшеницу снизились до 14 тысяч рублей за тонну."),
]


def _fill(db):
    with Archive(db) as a:
        for i, pub, src, text in ARTICLES:
            art = Article(id=i, text=text, source=src, published=parse_published(pub))
            a.add(art, analyze(art))
    return db


def test_export_figures_jsonl_and_excel_csv(db):
    db = _fill(db)
    r = CliRunner().invoke(app, ["export", "figures", "--db", str(db)])
    assert r.exit_code == 0, r.output
    rows = [json.loads(x) for x in r.stdout.splitlines()]
    assert len(rows) >= 3
    assert [x["article_id"] for x in rows] == sorted(x["article_id"] for x in rows)  # oldest article first
    first = rows[0]
    assert first["value"] == 5_100_000 and first["about"] and "урожай" in first["about"]
    assert first["source"] == "Агро" and first["article_key"] == 1
    change = next(x for x in rows if x["kind"] == "change")
    assert change["value"] == 12 and change["direction"] == "up"
    with Archive(db) as a:
        buf = io.StringIO()
        n = a.export("figures", "csv", buf, excel=True)
    table = list(csv.DictReader(io.StringIO(buf.getvalue().lstrip("\ufeff")), delimiter=";"))
    assert n == len(rows) == len(table)
    assert list(table[0])[:3] == ["date (Europe/Moscow)", "figure", "measures"]
