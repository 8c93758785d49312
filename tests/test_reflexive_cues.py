"""A reflexive or short form with a subject («признался», «поклялась», «обеспокоены») introduces what its
subject says with «, что», like any verb; only the neuter («говорилось», «сказано») and the present «-ся»
(«сообщается») name no one. The texts were written for these tests."""
from svodka.quotemodel.candidates import _impersonal
from svodka.quotemodel.train import analyse_gold


def _that_clauses(text):
    (_, fz, _view), = list(analyse_gold([{"id": "t", "text": text}]))
    return {fz.doc.text[c.start:c.end]: c for c in fz.cands if c.kind == "indirect"}, fz.doc


def test_a_reflexive_past_verb_with_its_subject_opens_a_that_candidate():
    clauses, doc = _that_clauses("Сосед Петрова поклялся участковому, что вернёт долг до конца месяца.\n")
    assert "вернёт долг до конца месяца" in clauses
    cue = clauses["вернёт долг до конца месяца"].cue_tok
    assert doc.tokens[cue].text == "поклялся"


def test_a_plural_short_form_opens_a_that_candidate():
    clauses, _ = _that_clauses("Родители школьников обеспокоены, что автобус до Заречья отменят зимой.\n")
    assert "автобус до Заречья отменят зимой" in clauses


def test_the_neuter_and_the_present_reflexive_stay_impersonal():
    (_, fz, _view), = list(analyse_gold([{"id": "t", "text":
        "В письме говорилось, что склад закроют. Сообщается, что рабочих переведут. "
        "Было сказано, что цех останется. Мастер признался, что устал.\n"}]))
    toks = {t.text: t for t in fz.doc.tokens}
    assert _impersonal(toks["говорилось"]) and _impersonal(toks["Сообщается"]) and _impersonal(toks["сказано"])
    assert not _impersonal(toks["признался"])
