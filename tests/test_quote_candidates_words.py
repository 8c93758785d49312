"""A quote candidate says something: spans of nothing but marks, dashes and spaces are not offered to the model
(on a text made of «« »» runs each run was a candidate, and featurizing them was half the analysis time)."""
import re

from svodka.quotemodel.train import analyse_gold


def _cands(text):
    (_, fz, view), = list(analyse_gold([{"id": "t", "text": text}]))
    return fz.doc.text, fz.cands


def test_no_candidate_without_a_word():
    text = ("«« »» " * 40 + "\n\n«Мост откроем к осени», — сказал мэр Верхнедольска Олег Сомов. "
            "Потом он добавил: «…». «?!» — переспросил журналист.\n\n— —\n")
    doc_text, cands = _cands(text)
    spans = [doc_text[c.start:c.end] for c in cands]
    assert spans and all(re.search(r"[^\W_]", s) for s in spans), spans
    assert "Мост откроем к осени" in spans


def test_one_word_in_marks_is_no_quote_candidate():
    # a name, a term or a scare quote; a quote says at least two words
    doc_text, cands = _cands("Депутат Олег Сомов назвал это «разминкой», а проект — «Заря». «Мост откроем», — добавил он.\n")
    spans = [doc_text[c.start:c.end] for c in cands if c.origin in ("pair", "twin")]
    assert "разминкой" not in spans and "Заря" not in spans
    assert "Мост откроем" in spans
