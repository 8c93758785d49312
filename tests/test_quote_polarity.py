"""A quote never reverses what was said: the cue's kind (statement, promise, denial, opinion, demand,
question) and its negation travel with the quote, on invented sentences."""
from quote_helpers import find, quotes_of


def test_a_negated_cue_marks_the_clause_as_not_the_speakers_claim(models):
    qs = quotes_of("В полиции Твери не подтвердили, что в здании вокзала нашли взрывчатку.\n")
    q = find(qs, "нашли взрывчатку")
    assert q.negated and q.cue_kind == "statement"


def test_a_promise_is_a_promise_and_not_negated(models):
    q = find(quotes_of("Мэр Тулы Олег Сомов пообещал, что дороги в городе отремонтируют к лету.\n"), "отремонтируют")
    assert (q.cue_kind, q.negated) == ("promise", False)


def test_an_opinion_cue_and_a_negated_opinion(models):
    qs = quotes_of("Министр финансов Анна Белова считает, что цены стабилизируются. Её заместитель Илья Ким не "
                   "считает, что инфляция замедлится.\n")
    first, second = find(qs, "цены стабилизируются"), find(qs, "инфляция замедлится")
    assert (first.cue_kind, first.negated) == ("opinion", False)
    assert (second.cue_kind, second.negated) == ("opinion", True)


def test_a_denial_is_a_denial(models):
    q = find(quotes_of("Пресс-секретарь компании Денис Громов опроверг, что завод в Самаре закроют в следующем году.\n"), "завод")
    assert q.cue_kind == "denial"


def test_a_plain_report_is_a_statement(models):
    q = find(quotes_of("Губернатор Игорь Лавров заявил, что урожай в области будет рекордным.\n"), "урожай")
    assert (q.cue_kind, q.negated) == ("statement", False)


def test_the_archive_keeps_and_shows_polarity(models, tmp_path):
    from typer.testing import CliRunner

    from svodka import Archive
    from svodka.cli import app

    art = tmp_path / "denial.txt"
    art.write_text("Мэрия опровергла слухи\n\nПресс-секретарь мэрии Денис Громов не подтвердил, что мост через "
                   "реку закроют на ремонт. Он пообещал, что движение сохранят по двум полосам.\n", encoding="utf-8")
    db = tmp_path / "a.db"
    with Archive(str(db)) as archive:
        archive.ingest([str(art)])
        rows = archive.quotes(speaker="Громов")
    by_text = {q.text: q for q in rows}
    assert by_text["мост через реку закроют на ремонт"].negated is True
    assert by_text["движение сохранят по двум полосам"].cue_kind == "promise"
    res = CliRunner().invoke(app, ["quotes", "--speaker", "Громов", "--db", str(db)], env={"COLUMNS": "160"})
    assert res.exit_code == 0, res.output
    assert "НЕ подтвердил" in res.output and "обещание" in res.output
