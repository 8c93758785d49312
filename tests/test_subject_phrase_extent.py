"""How far an unnamed source's phrase reaches: the participles before its noun («застрявшие туристы»), the
numeral that counts it («три источника Axios»), «один из …» with its genitive chain, and a foreign name that
does not decline inside that chain. The texts were written for these tests."""
from quote_helpers import speaker_candidate_names


def test_a_participle_before_the_noun_is_part_of_the_phrase():
    names = speaker_candidate_names("Уставшие местные жители рассказали, что автобус не ходит с понедельника.",
                                    "автобус")
    assert "уставшие местные жители" in names


def test_a_counted_source_keeps_its_numeral_and_stays_as_written():
    names = speaker_candidate_names("Два собеседника Reuters сказали, что сделка почти готова.", "сделка")
    assert "два собеседника Reuters" in names


def test_one_of_a_group_keeps_its_genitive_chain():
    names = speaker_candidate_names("Один из участников переговоров говорит, что стороны близки к соглашению.",
                                    "стороны")
    assert "один из участников переговоров" in names
