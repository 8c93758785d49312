"""The learned NER layer (nermodel/): training labels from gold, byte-for-byte reproducible training, span
decoding, the shipped model on invented sentences, clear errors for bad model files, and the CLI options.
Off by default: analysis without --learned-ner is the hand-repaired pipeline."""
import gzip
import json

import pytest
from typer.testing import CliRunner

from svodka.cli import app
from svodka.knowledge import Knowledge
from svodka.nermodel.decode import classes_of, combine, repaired_class, retag, spans_of
from svodka.nermodel.features import CLASSES, analyse
from svodka.nermodel.model import NerModel, NerModelError, default_ner_model
from svodka.nermodel.train import featurize_gold, fit, folds, labels_of, training_spans
from svodka.nlp.gazetteer import default_gazetteer
from svodka.nlp.pipeline import Span, parse

runner = CliRunner()


def _ent(text, phrase, type_, nth=0):
    start = -1
    for _ in range(nth + 1):
        start = text.index(phrase, start + 1)
    return {"start": start, "end": start + len(phrase), "type": type_, "text": phrase}


# invented sentences in NEREL's types (nested spans as NEREL gives them)
SENTENCES = [
    ("n1", "Министр финансов Олег Карпов прилетел в Омск.",
     [("Олег Карпов", "PERSON"), ("Омск", "CITY"), ("Министр финансов", "PROFESSION")]),
    ("n2", "Компания «Северный ветер» открыла завод в Твери.",
     [("«Северный ветер»", "ORGANIZATION"), ("Твери", "CITY")]),
    ("n3", "Губернатор Ирина Лосева посетила Кострому и Ярославль.",
     [("Ирина Лосева", "PERSON"), ("Кострому", "CITY"), ("Ярославль", "CITY")]),
    ("n4", "Представители правительства Норвегии встретились с Павлом Зуевым.",
     [("правительства Норвегии", "ORGANIZATION"), ("Норвегии", "COUNTRY"), ("Павлом Зуевым", "PERSON")]),
    ("n5", "Банк «Заречный» сообщил о росте прибыли, заявил Антон Белов.",
     [("Банк «Заречный»", "ORGANIZATION"), ("Антон Белов", "PERSON")]),
    ("n6", "На Садовой площади в Саратове прошел митинг российских пенсионеров.",
     [("Садовой площади", "FACILITY"), ("Саратове", "CITY"), ("российских", "COUNTRY")]),
]


def _gold():
    rows = []
    for i, text, ents in SENTENCES:
        rows.append({"id": i, "text": text, "entities": sorted((_ent(text, p, t) for p, t in ents),
                                                               key=lambda e: (e["start"], -e["end"]))})
    return [dict(r, id=f"{r['id']}-{k}") for k in range(4) for r in rows]  # enough rows for the booster


@pytest.fixture(scope="module")
def examples(models):
    return featurize_gold(_gold())


def test_training_spans_follow_svodkas_reading_of_names():
    rows = {r["id"]: r for r in _gold()}
    spans, skip = training_spans(rows["n4-0"])
    text = rows["n4-0"]["text"]
    # «правительства Норвегии» starts lower-case: the country nested in it is the name there
    assert [(text[a:b], t) for a, b, t in spans] == [("Норвегии", "LOC"), ("Павлом Зуевым", "PER")]
    spans, skip = training_spans(rows["n6-0"])
    text = rows["n6-0"]["text"]
    assert [(text[a:b], t) for a, b, t in spans] == [("Саратове", "LOC")]  # «российских» is no name
    assert [text[a:b] for a, b in skip] == ["Садовой площади"]  # a facility is not learnt either way


def test_gold_spans_become_token_labels(examples):
    ex = next(e for e in examples if e.id == "n6-0")
    toks = ex.art.parsed.tokens
    by_word = {t.text: lab for t, lab in zip(toks, ex.labels)}
    assert by_word["Саратове"] == CLASSES.index("LOC")
    # a facility keeps the taggers' reading: its tokens are labelled with the repaired class
    rep = {t.text: repaired_class(r) for t, r in zip(toks, ex.art.repaired_tags)}
    assert by_word["Садовой"] == rep["Садовой"] and by_word["площади"] == rep["площади"]
    assert by_word["российских"] == 0 and by_word["митинг"] == 0
    ex = next(e for e in examples if e.id == "n1-0")
    assert [t.text for t, lab in zip(ex.art.parsed.tokens, ex.labels) if lab == CLASSES.index("PER")] == \
        ["Олег", "Карпов"]
    assert labels_of(ex.art, _gold()[0]) == ex.labels


def test_training_is_reproducible_byte_for_byte(examples, tmp_path):
    a, b = fit(examples, rounds=20), fit(examples, rounds=20)
    assert a.to_bytes() == b.to_bytes()
    path = tmp_path / "m.json.gz"
    a.save(path)
    loaded = NerModel.load(path)
    assert loaded.to_bytes() == a.to_bytes() and loaded.override == a.override
    assert loaded.meta["articles"] == len(examples)


def test_folds_split_by_article():
    ids = [f"a{i}" for i in range(23)]
    parts = folds(ids, 5)
    assert len(parts) == 5 and set().union(*parts) == set(ids)
    assert sum(len(p) for p in parts) == len(ids)
    assert folds(ids, 5) == parts  # fixed seed


def test_runs_of_one_class_become_spans_cut_at_a_line_break(models):
    gaz = default_gazetteer()
    parsed = parse("Иван Петров\nМосква и Казань")
    art = analyse(parsed, [], gaz)
    words = [t.text for t in parsed.tokens]
    per, loc = CLASSES.index("PER"), CLASSES.index("LOC")
    classes = [per, per, per, 0, loc]  # a run over the line break is two names
    spans = spans_of(art, classes)
    assert [(s.text, s.type) for s in spans] == [("Иван Петров", "PER"), ("Москва", "PER"), ("Казань", "LOC")]
    assert words[3] == "и"


def test_a_repaired_name_start_cuts_a_run(models):
    gaz = default_gazetteer()
    text = "Встретились Иван Петров Анна Смирнова"
    parsed = parse(text)
    repaired = [Span(12, 23, "PER", "Иван Петров"), Span(24, 37, "PER", "Анна Смирнова")]
    art = analyse(parsed, repaired, gaz)
    per = CLASSES.index("PER")
    spans = spans_of(art, [0, per, per, per, per])
    assert [s.text for s in spans] == ["Иван Петров", "Анна Смирнова"]


def test_events_of_the_repair_stay_where_no_name_overlaps():
    learned = [Span(0, 5, "ORG", "Форум")]
    repaired = [Span(0, 20, "EVENT", "x"), Span(30, 40, "EVENT", "y"), Span(50, 55, "LOC", "z")]
    assert [(s.start, s.type) for s in combine(learned, repaired)] == [(0, "ORG"), (30, "EVENT")]


def test_the_shipped_model_tags_invented_news(models):
    model = default_ner_model()
    gaz = default_gazetteer()
    from svodka.extract.ner_fix import repair
    text = ("Министр иностранных дел России Сергей Лавров прилетел в Анкару, где встретился с главой "
            "компании «Северсталь» Алексеем Мордашовым.")
    parsed = parse(text)
    spans = {(s.text, s.type) for s in retag(parsed, repair(parsed, gaz), model, gaz)}
    assert {("Сергей Лавров", "PER"), ("Анкару", "LOC"), ("Алексеем Мордашовым", "PER")} <= spans
    assert any(t == "ORG" and "Северсталь" in s for s, t in spans)
    assert not any("Министр" in s for s, _ in spans)


def test_the_layer_is_off_by_default_and_on_by_knowledge(models):
    from svodka.analyze import analyze
    from svodka.ingest.readers import article_from_text
    assert Knowledge().learned_ner is False and Knowledge.load().learned_ner is False
    assert Knowledge.load(learned_ner=True).learned_ner is True
    art = article_from_text("Президент Олег Карпов прилетел в Омск. Карпов заявил, что доволен.", "t", "test")
    for knowledge in (Knowledge(), Knowledge(learned_ner=True)):
        names = {(e.type, e.name) for e in analyze(art, knowledge=knowledge).entities}
        assert ("PER", "Олег Карпов") in names and ("LOC", "Омск") in names


class _SaysEverywhere:
    """A stand-in model that is sure every scored token is of one class."""

    def __init__(self, cls: int) -> None:
        self.cls, self.override, self.vocab = cls, 0.6, {}

    def probabilities(self, x):
        import numpy as np
        out = np.zeros((len(x), len(CLASSES)))
        out[:, self.cls] = 1.0
        return out


def test_settled_tokens_and_separators_keep_the_repaired_reading(models):
    from svodka.extract.ner_fix import repair
    gaz = default_gazetteer()
    parsed = parse("На встрече были Олег Карпов, Ирина Лосева и Павел Зуев из Омска.")
    art = analyse(parsed, repair(parsed, gaz), gaz)
    assert set(art.scored) <= set(art.cand)
    words = [t.text for t in parsed.tokens]
    per = CLASSES.index("PER")
    classes = classes_of(art, _SaysEverywhere(per))
    for i, c in enumerate(classes):
        if i in art.cand and i not in art.scored:  # settled: Slovnet, the repair and its CRF agree
            assert c == repaired_class(art.repaired_tags[i])
    assert classes[words.index(",")] == 0  # a comma is in no name, whatever the booster says
    spans = spans_of(art, classes)
    assert not any("," in s.text for s in spans)


def _probs(art, by_word: dict[str, int], default: int, sure: float = 0.9):
    """Booster probabilities for the scored rows: `sure` for the class named by the token's word."""
    import numpy as np
    out = np.full((len(art.scored), len(CLASSES)), (1 - sure) / (len(CLASSES) - 1))
    for row, i in enumerate(art.scored):
        out[row, by_word.get(art.parsed.tokens[i].text, default)] = sure
    return out


def test_a_name_after_imeni_stays_in_the_institutions_name(models):
    from svodka.extract.ner_fix import repair
    gaz = default_gazetteer()
    parsed = parse("Литературный институт имени Горького объявил набор.")
    repaired = repair(parsed, gaz)
    assert [(s.text, s.type) for s in repaired] == [("Литературный институт имени Горького", "ORG")]
    art = analyse(parsed, repaired, gaz)
    org, per = CLASSES.index("ORG"), CLASSES.index("PER")
    classes = classes_of(art, _SaysEverywhere(org), probs=_probs(art, {"Горького": per}, org))
    assert [(s.text, s.type) for s in spans_of(art, classes)] == [("Литературный институт имени Горького", "ORG")]


def test_one_repaired_name_gets_one_type(models):
    from svodka.extract.ner_fix import repair
    gaz = default_gazetteer()
    parsed = parse("Жители Курганской области вышли на субботник.")
    repaired = repair(parsed, gaz)
    assert [(s.text, s.type) for s in repaired] == [("Курганской области", "LOC")]
    art = analyse(parsed, repaired, gaz)
    loc, org = CLASSES.index("LOC"), CLASSES.index("ORG")
    if len(art.scored) < 2:
        pytest.skip("the name is settled: the booster is not asked")
    # the booster, token by token, would say ORG for the first word (0.7) and LOC for the second (0.9)
    probs = _probs(art, {"Курганской": org, "области": loc}, 0)
    probs[[art.parsed.tokens[i].text == "Курганской" for i in art.scored]] = [0.1, 0.1, 0.1, 0.7]
    classes = classes_of(art, _SaysEverywhere(loc), probs=probs)
    assert [(s.text, s.type) for s in spans_of(art, classes)] == [("Курганской области", "LOC")]


def test_a_lone_adjective_is_no_new_place(models):
    from svodka.extract.ner_fix import repair
    gaz = default_gazetteer()
    parsed = parse("Переговоры шли весь день. Украинская сторона предложила перемирие, Омск поддержал.")
    art = analyse(parsed, repair(parsed, gaz), gaz)
    words = [t.text for t in parsed.tokens]
    i = words.index("Украинская")
    assert parsed.tokens[i].pos == "ADJ"
    loc = CLASSES.index("LOC")
    classes = classes_of(art, _SaysEverywhere(loc))
    assert classes[i] == repaired_class(art.repaired_tags[i]) != loc
    assert classes[words.index("Омск")] == loc  # a place's own name stays a place


def _write(path, data: bytes):
    path.write_bytes(data)
    return str(path)


@pytest.mark.parametrize("content, message", [
    (b"not gzip, not json", "not a svodka NER model"),
    (gzip.compress(b'{"format": "svodka-quote-model"}'), "no 'svodka-ner-model' header"),
    (gzip.compress(b'{"format": "svodka-ner-model", "version": 99}'), "format version 99"),
    (gzip.compress(b'{"format": "svodka-ner-model", "version": 2, "features": ["x"]}'), "other features"),
])
def test_a_bad_model_file_is_refused_naming_it(tmp_path, content, message):
    path = _write(tmp_path / "bad.json.gz", content)
    with pytest.raises(NerModelError, match=message) as e:
        NerModel.load(path)
    assert path in str(e.value)


def test_a_damaged_booster_is_refused(tmp_path):
    data = json.loads(gzip.decompress(default_ner_model().to_bytes()))
    data["model"] = "tree\nnonsense"
    path = _write(tmp_path / "broken.json.gz", gzip.compress(json.dumps(data).encode()))
    with pytest.raises(NerModelError, match="broken.json.gz"):
        NerModel.load(path)


def test_a_missing_model_file_is_named(tmp_path):
    with pytest.raises(NerModelError, match="nowhere.json.gz: cannot read the NER model"):
        NerModel.load(tmp_path / "nowhere.json.gz")


def test_cli_trains_a_model_and_analyses_with_it(tmp_path, models):
    gold = tmp_path / "gold.jsonl"
    gold.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in _gold()), encoding="utf-8")
    out = tmp_path / "ner.json.gz"
    res = runner.invoke(app, ["train", "ner", "--gold", str(gold), "--out", str(out)])
    assert res.exit_code == 0, res.output
    again = tmp_path / "again.json.gz"
    runner.invoke(app, ["train", "ner", "--gold", str(gold), "--out", str(again)])
    assert out.read_bytes() == again.read_bytes()
    article = tmp_path / "a.txt"
    article.write_text("Губернатор Ирина Лосева посетила Омск.", encoding="utf-8")
    res = runner.invoke(app, ["--ner-model", str(out), "analyze", str(article), "--format", "jsonl"])
    assert res.exit_code == 0, res.output
    names = {(e["type"], e["name"]) for e in json.loads(res.output.splitlines()[0])["entities"]}
    assert ("PER", "Ирина Лосева") in names


def test_cli_refuses_a_bad_model_naming_it(tmp_path):
    bad = _write(tmp_path / "bad.json.gz", b"garbage")
    article = tmp_path / "a.txt"
    article.write_text("Ирина Лосева посетила Омск.", encoding="utf-8")
    res = runner.invoke(app, ["--ner-model", bad, "analyze", str(article)])
    assert res.exit_code == 2
    assert "bad.json.gz" in res.output and "not a svodka NER model" in res.output


def test_cli_cross_validation_scores_every_system(tmp_path, models):
    gold = tmp_path / "gold.jsonl"
    gold.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in _gold()), encoding="utf-8")
    res = runner.invoke(app, ["eval", "ner-cv", "--gold", str(gold), "--folds", "2"])
    assert res.exit_code == 0, res.output
    for system in ("svodka+ner", "svodka-nolayer", "natasha"):
        assert system in res.output
    assert "2-fold cross-validation" in res.output


def test_cli_learned_ner_runs_the_shipped_layer(tmp_path, models):
    article = tmp_path / "a.txt"
    article.write_text("Министр финансов Олег Карпов прилетел в Омск. Карпов остался доволен.", encoding="utf-8")
    for flags in (["--learned-ner"], [], ["--no-learned-ner"]):
        res = runner.invoke(app, [*flags, "analyze", str(article), "--format", "jsonl"])
        assert res.exit_code == 0, res.output
        names = {(e["type"], e["name"]) for e in json.loads(res.output.splitlines()[0])["entities"]}
        assert ("PER", "Олег Карпов") in names and ("LOC", "Омск") in names
