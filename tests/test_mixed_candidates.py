"""Mixed quotes (QUOTES-GOLD.md): words in marks inside reported speech are an indirect quote of the whole
reported clause, from after the speech verb to the end of its sentence. Where the rules read only the marks,
the clause is offered to the model beside them (`mixed`). The texts were written for these tests."""
import svodka.quotemodel.candidates as candidates
from svodka.quotemodel.train import analyse_gold


def _cands(text, monkeypatch, rules=True):
    if not rules:
        monkeypatch.setattr(candidates, "rule_quotes", lambda *a, **k: [])
    (_, fz, _), = list(analyse_gold([{"id": "t", "text": text}]))
    return [(c.origin, fz.doc.text[c.start:c.end]) for c in fz.cands]


def test_the_clause_around_a_quoted_fragment_is_offered(monkeypatch):
    cands = _cands("Глава ведомства Олег Сомов назвал решение соседей «грубой ошибкой» на фоне переговоров.\n",
                   monkeypatch, rules=False)
    assert ("mixed", "решение соседей «грубой ошибкой» на фоне переговоров") in cands


def test_no_mixed_clause_where_the_marks_stand_in_a_clause_of_their_own(monkeypatch):
    # a finite verb or «что» between the speech verb and the marks: the `that` candidates read it
    cands = _cands("Олег Сомов заявил, что соседи совершили «грубую ошибку» на переговорах.\n", monkeypatch,
                   rules=False)
    assert not [c for c in cands if c[0] == "mixed"]


def test_the_rules_reading_of_the_clause_is_not_offered_twice(monkeypatch):
    cands = _cands("Глава ведомства Олег Сомов назвал решение соседей «грубой ошибкой» на фоне переговоров.\n",
                   monkeypatch)
    assert ("rule", "решение соседей «грубой ошибкой» на фоне переговоров") in cands
    assert not [c for c in cands if c[0] == "mixed"]


def test_marks_followed_by_an_attribution_dash_are_no_mixed_quote(monkeypatch):
    # «назвал «…», — сказал он»: the marks are someone's own words with their attribution, a direct quote
    cands = _cands("Олег Сомов назвал решение «грубой ошибкой», — сообщил источник.\n", monkeypatch, rules=False)
    assert not [c for c in cands if c[0] == "mixed"]


def test_a_clause_ending_with_the_marks_is_offered_beside_the_rest_of_the_sentence(monkeypatch):
    cands = _cands("Мэр Олег Сомов назвал произошедшее «погромами», власти же обещают наказать виновных.\n",
                   monkeypatch, rules=False)
    assert ("mixed", "произошедшее «погромами»") in cands
    assert ("mixed", "произошедшее «погромами», власти же обещают наказать виновных") in cands
    # marks that end the sentence: one clause, offered once
    cands = _cands("Мэр Олег Сомов назвал произошедшее «погромами».\n", monkeypatch, rules=False)
    assert [c for c in cands if c[0] == "mixed"] == [("mixed", "произошедшее «погромами»")]
