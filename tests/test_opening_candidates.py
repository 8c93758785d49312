"""Openings that name where a sentence's words come from («По расчётам экспертов, …», «Согласно документам
суда, …», «Со слов учителей, …») propose the rest of the sentence as reported speech, whatever the noun; so
does a short adjective before «, что» («уверены, что»). The model decides which are quotes. The texts were
written for these tests."""
from svodka.quotemodel.candidates import speaker_candidates
from svodka.quotemodel.train import analyse_gold


def _fz(text):
    (_, fz, _), = list(analyse_gold([{"id": "t", "text": text}]))
    return fz


def _cands(text):
    fz = _fz(text)
    return [(c.origin, fz.doc.text[c.start:c.end]) for c in fz.cands]


def test_an_opening_with_any_noun_proposes_the_rest_of_its_sentence():
    cands = _cands("Выборы мэра Верхнедольска назначены на март. По расчётам политологов, Олег Сомов станет "
                   "фаворитом гонки. Согласно документам суда, компания задолжала поставщикам.\n")
    assert ("opening", "Олег Сомов станет фаворитом гонки") in cands
    assert ("opening", "компания задолжала поставщикам") in cands


def test_an_opening_with_a_verb_before_its_comma_is_none():
    # «По дороге домой он заметил, …»: a clause of its own, not where words come from
    assert not [c for c in _cands("По дороге домой Олег Сомов заметил, что мост закрыт.\n") if c[0] == "opening"]


def test_the_source_of_an_opening_is_a_speaker_candidate():
    fz = _fz("По заверениям общественников, вырубка леса незаконна.\n")
    q = next(c for c in fz.cands if c.origin == "opening")
    assert "общественники" in [s.name for s in speaker_candidates(fz.doc, q)]


def test_a_short_adjective_before_that_proposes_its_clause():
    cands = _cands("В министерстве уверены, что новые правила облегчат работу перевозчиков.\n")
    # (the rules read «уверены» as a cue too, and their candidate takes the span)
    assert {("that", "новые правила облегчат работу перевозчиков"),
            ("rule", "новые правила облегчат работу перевозчиков")} & set(cands)
