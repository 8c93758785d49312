"""Every quote gets the time it was said, and lists the dates and figures inside it; the archive stores
dates and figures and lists quotes by the time they were said."""
import json
from datetime import date, datetime

from typer.testing import CliRunner

from svodka.analyze import analyze
from svodka.archive import Archive
from svodka.cli import app
from svodka.model import Article

TEXT = ("Министр энергетики Иван Сидоров в понедельник заявил, что добыча газа в 2025 году вырастет на 5 %.\n\n"
        "«Мы готовы поставлять 40 млн кубометров в сутки», — сказал Сидоров журналистам.")
PUBLISHED = datetime(2024, 11, 7, 12, 0)  # Thursday


def test_said_at_is_the_day_the_text_gives_else_the_publication_day():
    an = analyze(Article(id="s1", text=TEXT, published=PUBLISHED))
    by_text = {q.text: q for q in an.quotes}
    reported = next(q for t, q in by_text.items() if t.startswith("добыча газа"))
    direct = next(q for t, q in by_text.items() if t.startswith("Мы готовы"))
    assert (reported.said_at, reported.said_at_from) == ("2024-11-04", "text")
    assert (direct.said_at, direct.said_at_from) == ("2024-11-07", "published")


def test_a_quote_lists_the_dates_and_figures_inside_it():
    an = analyze(Article(id="s1", text=TEXT, published=PUBLISHED))
    reported = next(q for q in an.quotes if q.text.startswith("добыча газа"))
    assert [an.dates[i].value for i in reported.dates] == ["2025"]
    assert [an.figures[i].value for i in reported.figures] == [5]
    # the day the statement was made is outside the quoted words: not a date it talks about
    assert all(an.dates[i].text != "в понедельник" for i in reported.dates)


def test_no_publication_day_and_no_date_in_the_text_leaves_said_at_empty():
    an = analyze(Article(id="s2", text="«Мы справимся», — сказал Сидоров."))
    assert an.quotes and an.quotes[0].said_at is None and an.quotes[0].said_at_from is None


def _archive(tmp_path):
    path = tmp_path / "a.db"
    with Archive(path) as a:
        a.add(Article(id="s1", text=TEXT, published=PUBLISHED), analyze(Article(id="s1", text=TEXT, published=PUBLISHED)))
        other = "Экспорт зерна из России сократился на 12 %, сообщил министр сельского хозяйства Пётр Орлов."
        art = Article(id="s3", text=other, published=datetime(2024, 10, 1, 9, 0))
        a.add(art, analyze(art))
    return path


def test_quotes_are_filtered_and_ordered_by_the_time_they_were_said(tmp_path):
    with Archive(_archive(tmp_path)) as a:
        said_monday = a.quotes(since=date(2024, 11, 4), until=date(2024, 11, 4))
        assert [q.text[:12] for q in said_monday] == ["добыча газа "]
        assert said_monday[0].said_at_from == "text"
        assert len(a.quotes(since=date(2024, 11, 5))) == 1  # the direct quote, dated by its publication
        order = [q.said_at[:10] for q in a.quotes()]
        assert order == sorted(order)


def test_figures_are_stored_and_found_by_any_form_of_what_they_measure(tmp_path):
    with Archive(_archive(tmp_path)) as a:
        rows = a.figures(about="добычи")
        assert [(f.value, f.unit, f.kind, f.direction) for f in rows] == [(5, "%", "change", "up")]
        assert rows[0].in_quote is not None and rows[0].article.id == "s1"
        assert a.figures_total(about="экспорт") == 1
        assert a.figures(about="урожай") == []
        assert a.figures(entity="России")[0].about.startswith("экспорт")


def test_figures_command(tmp_path):
    db = str(_archive(tmp_path))
    r = CliRunner().invoke(app, ["figures", "--about", "добыча", "--db", db, "--format", "jsonl"])
    assert r.exit_code == 0, r.output
    row = json.loads(r.stdout.splitlines()[0])
    assert (row["value"], row["unit"], row["about"], row["article_id"]) == (5, "%", "добыча газа", "s1")
    r = CliRunner().invoke(app, ["figures", "--db", db])
    assert r.exit_code == 0 and "добыча газа" in r.stdout


def test_figures_api(tmp_path):
    from fastapi.testclient import TestClient

    from svodka.web.api import create_app
    client = TestClient(create_app(str(_archive(tmp_path))))
    page = client.get("/api/figures", params={"about": "экспорта", "total": True}).json()
    assert page["total"] == 1 and page["items"][0]["value"] == 12
    quotes = client.get("/api/quotes", params={"since": "2024-11-04", "until": "2024-11-04"}).json()
    assert [q["said_at"] for q in quotes["items"]] == ["2024-11-04"]


def test_a_date_inside_another_quote_does_not_date_a_statement():
    text = ("Урожай зерна в этом году превысит 130 млн тонн, заявил губернатор Пётр Орлов на совещании.\n"
            "«Аграрии отработали сезон достойно», – подчеркнул губернатор.\n")
    an = analyze(Article(id="s4", text=text, published=PUBLISHED))
    direct = next(q for q in an.quotes if q.text.startswith("Аграрии"))
    assert (direct.said_at, direct.said_at_from) == ("2024-11-07", "published")


def test_this_year_says_less_than_the_publication_day():
    an = analyze(Article(id="s5", text="В этом году министр Иван Сидоров заявил, что добыча газа вырастет.\n",
                         published=PUBLISHED))
    q = next(q for q in an.quotes if q.text.startswith("добыча газа"))
    assert (q.said_at, q.said_at_from) == ("2024-11-07", "published")
    # a past month still dates the statement
    an = analyze(Article(id="s6", text="В сентябре министр Иван Сидоров заявил, что добыча газа вырастет.\n",
                         published=PUBLISHED))
    q = next(q for q in an.quotes if q.text.startswith("добыча газа"))
    assert (q.said_at, q.said_at_from) == ("2024-09-01", "text")
