"""The quote scorer follows QUOTES-GOLD.md: match rule, one-to-one pairs, attribution, end-to-end."""
import json

from typer.testing import CliRunner

from svodka.eval.quotes import Report, Span, match, norm_speaker, score_article, speaker_ok

TEXT = "«Один два три четыре», — сказал он. Иван Петров заявил, что всё идёт по плану и сроки не сдвинутся."


def span(kind, fragment, speaker=None, text=TEXT, shift=0):
    a = text.index(fragment) + shift
    return Span(kind, a, a + len(fragment), text[a:a + len(fragment)], speaker)


def test_overlap_must_cover_half_of_the_longer_span():
    gold = span("indirect", "всё идёт по плану и сроки не сдвинутся")
    assert match(TEXT, [span("indirect", "всё идёт по плану и сроки")], [gold])
    assert not match(TEXT, [span("indirect", "всё идёт")], [gold])


def test_quotation_marks_and_spaces_are_trimmed_before_measuring():
    gold = span("direct", "Один два три четыре")
    with_marks = span("direct", "«Один два три четыре», ")
    assert match(TEXT, [with_marks], [gold]) == [(0, 0)]


def test_pairs_are_one_to_one_largest_overlap_first():
    gold = [span("direct", "Один два три четыре")]
    preds = [span("direct", "Один два три"), span("direct", "Один два три четыре")]
    assert match(TEXT, preds, gold) == [(1, 0)]


def test_speaker_normalisation_and_lenient_last_word():
    assert norm_speaker("  Пётр   Иванов. ") == "петр иванов"
    assert speaker_ok("петр иванов", "Пётр Иванов")
    assert not speaker_ok("Иванов", "Пётр Иванов")
    assert speaker_ok("Иванов", "Пётр Иванов", lenient=True)
    assert speaker_ok(None, None) and not speaker_ok("Иванов", None)


def test_counts_per_kind_and_end_to_end():
    gold = [span("direct", "Один два три четыре", "Иван Петров"),
            span("indirect", "всё идёт по плану и сроки не сдвинутся", "Иван Петров")]
    preds = [span("direct", "Один два три четыре", "Петров"),
             span("indirect", "всё идёт по плану и сроки не сдвинутся", "Иван Петров"),
             span("indirect", "Иван Петров заявил", "Иван Петров")]
    report = Report()
    score_article("a", TEXT, preds, gold, report)
    d, i, a = (report.counts[k] for k in ("direct", "indirect", "all"))
    assert (d.gold, d.pred, d.matched, d.attr_strict, d.attr_lenient, d.correct) == (1, 1, 1, 0, 1, 0)
    assert (i.gold, i.pred, i.matched, i.correct) == (1, 2, 1, 1)
    assert abs(i.precision - 0.5) < 1e-9 and i.recall == 1.0
    assert (a.gold, a.pred, a.matched, a.correct) == (2, 3, 2, 1)
    assert abs(a.e2e_f1 - 2 * (1 / 3) * (1 / 2) / (1 / 3 + 1 / 2)) < 1e-9
    assert {e.what for e in report.errors} == {"speaker", "spurious"}


def test_cli_prints_the_table_and_errors(models, tmp_path):
    from svodka.cli import app
    text = "Мэр Самары Иван Петров заявил, что ремонт моста закончится в августе.\n"
    q = "ремонт моста закончится в августе"
    gold = {"id": "g1", "text": text, "quotes": [
        {"kind": "indirect", "start": text.index(q), "end": text.index(q) + len(q), "text": q,
         "speaker": "Иван Петров", "speaker_type": "person", "cue": "заявил"}]}
    path = tmp_path / "gold.jsonl"
    path.write_text(json.dumps(gold, ensure_ascii=False) + "\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["eval", "quotes", "--gold", str(path), "--errors"])
    assert result.exit_code == 0, result.output
    assert "e2e_F1" in result.output
    row = next(line for line in result.output.splitlines() if line.startswith("indirect"))
    assert row.split()[1:3] == ["1", "1"] and row.split()[-1] == "1.000"


def test_cli_names_a_broken_gold_line(tmp_path):
    from svodka.cli import app
    path = tmp_path / "gold.jsonl"
    path.write_text('{"id": "x", "text": "a", "quotes": []}\n{broken\n', encoding="utf-8")
    result = CliRunner().invoke(app, ["eval", "quotes", "--gold", str(path)])
    assert result.exit_code == 2
    assert "gold.jsonl:2" in result.output


def test_cli_scores_each_gold_file_apart(models, tmp_path):
    """A held-out file beside the dev file gets its own table; a gold quote missing from one file does not
    leak into the other's figures, even when both files use the same article id."""
    from svodka.cli import app
    text = "Мэр Самары Иван Петров заявил, что ремонт моста закончится в августе.\n"
    q = "ремонт моста закончится в августе"
    found = {"kind": "indirect", "start": text.index(q), "end": text.index(q) + len(q), "text": q,
             "speaker": "Иван Петров", "speaker_type": "person", "cue": "заявил"}
    dev, held = tmp_path / "dev.jsonl", tmp_path / "held.jsonl"
    dev.write_text(json.dumps({"id": "g1", "text": text, "quotes": [found]}, ensure_ascii=False) + "\n", "utf-8")
    held.write_text(json.dumps({"id": "g1", "text": "Погода была тёплой.\n", "quotes": []}, ensure_ascii=False)
                    + "\n", "utf-8")
    result = CliRunner().invoke(app, ["eval", "quotes", "--gold", str(dev), "--gold", str(held)])
    assert result.exit_code == 0, result.output
    tables = result.output.split("held.jsonl: 1 articles")
    assert len(tables) == 2 and "dev.jsonl: 1 articles" in tables[0]
    dev_all = next(line for line in tables[0].splitlines() if line.startswith("all")).split()
    held_all = next(line for line in tables[1].splitlines() if line.startswith("all")).split()
    assert dev_all[1:3] == ["1", "1"] and dev_all[-1] == "1.000"
    assert held_all[1:3] == ["0", "0"]


def test_cli_checks_every_gold_file_before_analysing(tmp_path):
    from svodka.cli import app
    good = tmp_path / "good.jsonl"
    good.write_text('{"id": "x", "text": "Текст.", "quotes": []}\n', encoding="utf-8")
    result = CliRunner().invoke(app, ["eval", "quotes", "--gold", str(good), "--gold", str(tmp_path / "nope.jsonl")])
    assert result.exit_code == 2
    assert "nope.jsonl" in result.output and "cannot read" in result.output


def test_cli_scores_a_second_annotation_against_the_first(tmp_path):
    """--predicted scores another file of the same format (a second annotator, another system) without
    running svodka; an article missing from it is an error that names both files."""
    from svodka.cli import app
    text = "Мэр Самары Иван Петров заявил, что ремонт моста закончится в августе.\n"
    q = "ремонт моста закончится в августе"
    first = {"kind": "indirect", "start": text.index(q), "end": text.index(q) + len(q), "text": q,
             "speaker": "Иван Петров", "speaker_type": "person", "cue": "заявил"}
    second = dict(first, speaker="Петров Иван Иванович")
    a, b = tmp_path / "a.jsonl", tmp_path / "b.jsonl"
    a.write_text(json.dumps({"id": "g1", "text": text, "quotes": [first]}, ensure_ascii=False) + "\n", "utf-8")
    b.write_text(json.dumps({"id": "g1", "text": text, "quotes": [second]}, ensure_ascii=False) + "\n", "utf-8")
    result = CliRunner().invoke(app, ["eval", "quotes", "--gold", str(a), "--predicted", str(b)])
    assert result.exit_code == 0, result.output
    row = next(line for line in result.output.splitlines() if line.startswith("indirect")).split()
    assert row[5] == "1.000" and row[6] == "0.000"  # found the same clause, named the speaker differently
    b.write_text(json.dumps({"id": "other", "text": text, "quotes": []}) + "\n", "utf-8")
    result = CliRunner().invoke(app, ["eval", "quotes", "--gold", str(a), "--predicted", str(b)])
    assert result.exit_code == 2 and "has no article g1" in " ".join(result.output.split())
