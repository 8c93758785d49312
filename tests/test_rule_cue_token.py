"""A quote the rules found knows its cue as words; its speaker candidates and cue features must come from that
cue's place, not from the nearest speech cue of any kind, which for a quote whose cue stands before it is often
the next sentence's. The texts were written for these tests."""
from quote_helpers import speaker_candidate_names


def _rule_quote(text, fragment):
    from svodka.quotemodel.candidates import cue_token
    from svodka.quotemodel.train import analyse_gold
    (_, fz, _view), = list(analyse_gold([{"id": "t", "text": text}]))
    cand = next(c for c in fz.cands if c.origin == "rule" and fragment in fz.doc.text[c.start:c.end])
    return fz.doc, cand, cue_token(fz.doc, cand)


def test_the_cue_before_the_quote_is_its_own_not_the_next_sentences():
    text = ("Менеджер певицы сказал, что концерт переносится на весну. Позже агент добавил, что билеты вернут.\n")
    doc, cand, k = _rule_quote(text, "концерт")
    assert doc.tokens[k].text == "сказал"


def test_the_subject_of_its_own_cue_is_a_speaker_candidate():
    # the rules give this quote to the singer; the manager, the subject of «сказал», is a candidate all the same
    text = ("Певица Анна Петрова отменила тур. Менеджер Анны Петровой сказал, что концерт переносится на весну. "
            "Позже она добавила, что билеты вернут.\n")
    names = speaker_candidate_names(text, "концерт")
    assert "менеджер Анны Петровой" in names


def test_an_opening_cue_is_found_before_the_quote():
    text = "По словам врачей, пациентка идёт на поправку. Родственники заявили, что благодарны медикам.\n"
    doc, cand, k = _rule_quote(text, "пациентка")
    assert doc.tokens[k].text == "По"
