"""The sentence scans of the quote extractor stay linear on hostile input (issue 10): asked for every cue of
a paragraph in text order, `Sentences` gives the answers of `sentence_start` and `clause_end` while visiting
each character a bounded number of times. No timing here: speed figures live in benchmarks/adversarial.py."""
import re

from svodka.extract.reported_speech import _has_words, _only_linkers
from svodka.extract.text import Sentences, clause_end, paragraphs, quote_pairs, sentence_start

PARAGRAPHS = [
    "По словам " * 400,  # cue-dense, no sentence end
    "заявил, что " * 300,
    "назвал «мост», — сказал он. " * 200,  # marks and stops, every «sentence» in lower case
    "«« »» " * 300 + "Сомов заявил, что «мост «готов» к осени». Об этом он рассказал. " * 20,
    "Мэр Олег Сомов заявил, что ремонт закончится в августе. «Мы успеем», — сказал он. По словам "
    "Д. В. Петрова, денег хватит... Об этом он рассказал! Как сообщает газета «Вечерний город», всё готово: "
    "«Работы идут». Он добавил: «Мост откроем к осени».",
    "слово» слово» «а „б“ в» " * 100,
]


def _word_starts(text, ps, pe, pairs):
    out = []
    for m in re.finditer(r"\w+", text[ps:pe]):
        pos = ps + m.start()
        if not any(p.start <= pos < p.end for p in pairs):  # the extractor skips cues inside quotations
            out.append(pos)
    return out


def test_sentences_answers_as_the_full_scans():
    for text in PARAGRAPHS:
        for ps, pe in paragraphs(text):
            pairs = quote_pairs(text, ps, pe)
            sents = Sentences(text, ps, pe, pairs)
            for pos in _word_starts(text, ps, pe, pairs):
                assert sents.start(pos) == sentence_start(text, pos, ps, pairs), (text[:30], pos)
                assert sents.end(pos) == clause_end(text, pos, pe, pairs), (text[:30], pos)


def test_sentences_scan_each_character_a_bounded_number_of_times():
    for n in (100, 1000):
        text = "По словам " * n
        pairs = quote_pairs(text, 0, len(text))
        sents = Sentences(text, 0, len(text), pairs)
        for pos in _word_starts(text, 0, len(text), pairs):
            sents.start(pos)
            sents.end(pos)
        # one pass back and one forward over the paragraph, not one per cue (which was n * len(text))
        assert sents.scans <= 2 * len(text)


def test_bounded_word_helpers():
    text = "и однако " * 50 + "Сомов сказал"
    assert _only_linkers(text, 0, 9 * 50)
    assert not _only_linkers(text, 0, len(text))
    assert _has_words(text, 0, len(text), 2) and not _has_words("  один ", 0, 7, 2)
    assert _has_words("", 0, 0, 0)


def _clause_end_by_character(text, pos, limit, pairs):
    """The definition `clause_end` implements, one character at a time (its first version)."""
    from svodka.extract.text import _abbreviation, _initial
    i = pos
    while i < limit:
        inside = [p for p in pairs if p.open <= i <= p.close and p.open >= pos]
        last = max((p for p in pairs if p.open <= i), key=lambda p: p.open, default=None)
        if last is not None and last in inside:
            i = last.close + 1
            continue
        c = text[i]
        if c in ".!?…" and not _initial(text, i) and not _abbreviation(text, i):
            j = i
            while j < limit and text[j] in ".!?…":
                j += 1
            k = j
            while k < limit and text[k] in " \t":
                k += 1
            nxt = text[k:k + 1]
            if k >= limit or nxt.isupper() or nxt in "«\"„“—–(" or (nxt.isdigit() and k > j):
                return i if c == "." else j
            i = j
            continue
        if c == ":" and text[i + 1:i + 3].lstrip()[:1] in ("«", "\"", "„", "“"):
            return i
        i += 1
    return limit


def _sentence_start_by_character(text, pos, para_start, pairs):
    """The definition `sentence_start` implements, one character at a time (its first version)."""
    from svodka.extract.text import _abbreviation, _initial
    i = pos - 1
    while i > para_start:
        last = max((p for p in pairs if p.open <= i), key=lambda p: p.open, default=None)
        if last is not None and last.open <= i <= last.close and last.close < pos and not last.orphan:
            i = last.open - 1
            continue
        if (text[i] in ".!?…" and text[i + 1:i + 2] in (" ", "\t") and not _initial(text, i)
                and not _abbreviation(text, i)):
            k = i + 1
            while k < pos and text[k] in " \t":
                k += 1
            if text[k:k + 1].isupper() or text[k:k + 1] in "«\"„—–":
                return k
        i -= 1
    return para_start


def test_the_scans_that_jump_between_stops_answer_as_a_scan_of_every_character():
    """`clause_end` and `sentence_start` jump from stop to stop and over quotations; at every position of
    random paragraphs of words, stops, colons, initials and marks (some unbalanced) they answer as the
    per-character scan that defines them."""
    import random
    rnd = random.Random(5)
    pieces = ["Мэр", "сказал", "мост", "готов", ".", "!", "?", "…", ":", ",", "«", "»", "„", "“", "\"", "Д.",
              "В.", "т. д.", "— ", "2024", "(", ")", "Он", "а", "«Вектор»", "..."]
    for _ in range(60):
        text = " ".join(rnd.choice(pieces) for _ in range(rnd.randint(5, 60)))
        for ps, pe in paragraphs(text):
            pairs = quote_pairs(text, ps, pe)
            for pos in range(ps, pe):
                assert clause_end(text, pos, pe, pairs) == _clause_end_by_character(text, pos, pe, pairs), (text, pos)
                assert sentence_start(text, pos, ps, pairs) == _sentence_start_by_character(text, pos, ps, pairs), \
                    (text, pos)
