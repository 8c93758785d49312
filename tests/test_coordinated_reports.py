"""Two reports joined by «, и»: «X сообщили, что A, и предположили, что B». The second verb shares the first
one's subject, not a noun of the first report («девочка»); and the clause after the first «, что» is offered to
the model up to the «, и» even where the rules found only the second report. The texts were written for these
tests."""
from svodka.analyze import analyze
from svodka.model import Article
from svodka.quotemodel.train import analyse_gold


def _quotes(text):
    return [(q.speaker, q.text) for q in analyze(Article(id="t", text=text)).quotes]


def test_the_second_verb_shares_the_first_verbs_subject():
    assert ("полиция", "возможно, её запугали") in _quotes(
        "В полиции сообщили, что девочка не может описать нападавших, и предположили, что, возможно, её запугали.")
    assert ("следователи", "возможно, мальчика запугали") in _quotes(
        "Следователи выяснили, что мальчик не помнит нападавших, и предположили, что, возможно, мальчика запугали.")


def test_a_that_clause_stops_before_the_next_report_of_the_rules():
    (_, fz, _), = list(analyse_gold([{"id": "t", "text": "Следователи узнали, что мальчик не помнит нападавших, "
                                                         "и предположили, что, возможно, мальчика запугали.\n"}]))
    that = [fz.doc.text[c.start:c.end] for c in fz.cands if c.origin == "that"]
    assert "мальчик не помнит нападавших" in that


def test_однако_joins_a_second_verb_to_the_first_ones_subject():
    # the tagger reads «однако» as an adverb, not a conjunction
    assert ("представители завода", "проверка продолжается") in _quotes(
        "Представители завода отказались от комментариев, однако отметили, что проверка продолжается.")


def _that_candidates(text):
    (_, fz, _), = list(analyse_gold([{"id": "t", "text": text}]))
    return [fz.doc.text[c.start:c.end] for c in fz.cands if c.origin == "that"]


def test_a_neuter_verb_with_its_subject_before_it_is_no_impersonal_one():
    # «Следствие показало, что …» has a subject; «Было установлено, что …» has none (gold rule 16)
    assert "Сомов бил соседа более часа" in _that_candidates(
        "Сомова задержали в мае. Следствие показало, что Сомов бил соседа более часа.\n")
    assert not _that_candidates("Сомова задержали в мае. Было замечено, что Сомов бил соседа более часа.\n")
