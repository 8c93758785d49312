"""The NER and identity scorers: naeval's token rule, exact spans, B³ and pairwise; the eval commands."""
import json

from typer.testing import CliRunner

from svodka.cli import app
from svodka.eval.identity import b_cubed, pairwise
from svodka.eval.ner import Report, _tokens, gold_spans, outermost, score_article

TEXT = "Глава МИД России Сергей Лавров прилетел в Анкару."


def ent(phrase, type_, **extra):
    start = TEXT.index(phrase)
    return {"start": start, "end": start + len(phrase), "type": type_, "text": phrase, **extra}


def test_gold_is_mapped_flattened_and_aligned():
    row = {"text": TEXT, "entities": [
        ent("МИД России", "ORGANIZATION"), ent("России", "COUNTRY"), ent("Сергей Лавров", "PERSON"),
        ent("Глава", "PROFESSION"), ent("Анкару", "CITY"),
        {"start": 1, "end": 4, "type": "PERSON", "text": "лав"},  # not on token boundaries
    ]}
    got = {(TEXT[a:b], t) for a, b, t in gold_spans(row)}
    assert got == {("МИД России", "ORG"), ("Сергей Лавров", "PER"), ("Анкару", "LOC")}


def test_outermost_keeps_the_leftmost_longest():
    assert outermost([(0, 5, "ORG"), (2, 8, "LOC"), (6, 9, "PER")]) == [(0, 5, "ORG"), (6, 9, "PER")]


def test_token_rule_gives_partial_credit_and_exact_span_does_not():
    row = {"text": TEXT, "entities": [ent("Сергей Лавров", "PERSON")]}
    toks = _tokens(TEXT)
    rep = Report()
    lavrov = TEXT.index("Лавров")
    score_article(rep, TEXT, [(lavrov, lavrov + len("Лавров"), "PER")], gold_spans(row, toks), toks)
    per = rep.token["PER"]
    assert (per.pred, per.gold, per.hit) == (1, 2, 1)
    assert per.p == 1.0 and per.r == 0.5
    assert rep.exact["PER"].hit == 0


def test_b_cubed_and_pairwise():
    gold = ["a", "a", "a", "b"]
    assert b_cubed(gold, ["x", "x", "x", "y"]).f1 == 1.0
    split = b_cubed(gold, ["x", "x", "z", "y"])
    assert split.p == 1.0 and split.r < 1.0
    merged = pairwise(gold, ["x", "x", "x", "x"])
    assert merged.r == 1.0 and merged.p == 0.5


ARTICLES = [
    ("Министр иностранных дел России Сергей Лавров прилетел в Анкару. Лавров проведет переговоры.",
     [("Сергей Лавров", "PERSON", "Q1"), ("Лавров", "PERSON", "Q1"), ("Анкару", "CITY", "Q2"), ("России", "COUNTRY", "Q3")]),
    ("Сергей Лавров встретился в Анкаре с турецким коллегой.",
     [("Сергей Лавров", "PERSON", "Q1"), ("Анкаре", "CITY", "Q2")]),
]


def gold_file(tmp_path):
    path = tmp_path / "gold.jsonl"
    with path.open("w", encoding="utf-8") as f:
        for i, (text, ents) in enumerate(ARTICLES):
            rows = []
            for phrase, type_, qid in ents:
                s = text.index(phrase)
                rows.append({"start": s, "end": s + len(phrase), "type": type_, "text": phrase, "wikidata": qid})
            f.write(json.dumps({"id": f"t{i}", "text": text, "entities": rows}, ensure_ascii=False) + "\n")
    return path


def test_eval_commands_run_on_a_small_gold_file(models, tmp_path):
    path = gold_file(tmp_path)
    r = CliRunner().invoke(app, ["eval", "ner", "--gold", str(path)])
    assert r.exit_code == 0, r.output
    assert "svodka" in r.output and "natasha" in r.output and "PER" in r.output
    r = CliRunner().invoke(app, ["eval", "identity", "--gold", str(path)])
    assert r.exit_code == 0, r.output
    assert "B³" in r.output and "naive" in r.output


def test_eval_reports_a_missing_or_broken_gold_file(tmp_path):
    r = CliRunner().invoke(app, ["eval", "ner", "--gold", str(tmp_path / "nope.jsonl")])
    assert r.exit_code == 2 and "nope.jsonl" in r.output
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"text": "x", "entities": []}\n{oops\n', encoding="utf-8")
    r = CliRunner().invoke(app, ["eval", "identity", "--gold", str(bad)])
    assert r.exit_code == 2 and "bad.jsonl:2" in r.output
