"""Slovnet's NER misses a name that is the first word it reads; svodka reads every paragraph as a piece, so a
name opening a post or a paragraph («Песков: …», «Мишустин подписал …») must still be found."""
from svodka.nlp.pipeline import parse_many


def _spans(text):
    return [(s.text, s.type) for s in parse_many([text])[0].spans]


def test_a_name_opening_the_text_or_a_paragraph_is_found():
    assert ("Мишустин", "PER") in _spans("Мишустин подписал постановление о выплатах.")
    assert ("Песков", "PER") in _spans("Песков: Кремль не видел доклада.")
    text = "Совещание прошло в Кремле.\n\nГрызлов поддержал законопроект о детских садах."
    spans = parse_many([text])[0].spans
    gr = [s for s in spans if s.text == "Грызлов"]
    assert gr and gr[0].type == "PER" and text[gr[0].start:gr[0].end] == "Грызлов"


def test_the_lead_has_no_span_of_its_own():
    for text in ["Путин выступил на форуме.", "«Газпром» сообщил о сделке.", ""]:
        for s in parse_many([text])[0].spans:
            assert 0 <= s.start < s.end <= len(text) and text[s.start:s.end] == s.text
