"""A cue's subject may stand before a participial or relative clause in commas («Врачи, лечившие пострадавшего,
говорят, что …»), further back than the few words around the cue where unnamed sources are looked for: it is a
speaker candidate too."""
from svodka.quotemodel.decode import speaker_rows
from svodka.quotemodel.train import analyse_gold


def _speaker_names(text, quote_start):
    (_, fz, _), = list(analyse_gold([{"id": "t", "text": text}]))
    q = next(c for c in fz.cands if c.kind == "indirect" and fz.doc.text[c.start:c.end].startswith(quote_start))
    return [c.name.lower() for c in speaker_rows(fz.doc, q)[0]]


def test_subject_before_a_participial_clause():
    text = ("В больнице Верхнедольска продолжают лечить водителя автобуса.\n\n"
            "Врачи, прооперировавшие и выходившие пострадавшего водителя, говорят, что его жизни ничего не угрожает.\n")
    assert "врачи" in _speaker_names(text, "его жизни")


def test_subject_before_a_relative_clause():
    text = "Экологи, которые третий год изучают озеро под Верхнедольском, считают, что вода в нём стала чище.\n"
    assert "экологи" in _speaker_names(text, "вода в нём")


def test_a_clause_that_opens_with_no_participle_is_passed_over():
    from svodka.nlp.pipeline import parse
    from svodka.quotemodel.candidates import _subject_before_clause

    toks = parse("Жители, как и в прошлом году, считают, что дорогу не отремонтируют.").tokens
    cue = next(i for i, t in enumerate(toks) if t.text == "считают")
    assert _subject_before_clause(toks, cue) is None
    toks = parse("Жители, уставшие ждать ремонта, считают, что дорогу не отремонтируют.").tokens
    cue = next(i for i, t in enumerate(toks) if t.text == "считают")
    assert toks[_subject_before_clause(toks, cue)].text == "Жители"
