"""The pieces of text the NER model reads, and their words.

Slovnet's NER API tokenises each piece again with razdel. A piece is a run of whole sentences that the
segmenter already tokenised, and razdel's tokenizer is local: it cuts at whitespace, and its only rules
that look past the neighbouring atom (dash, underscore, float and fraction joins, `Rule2112`) look one atom
further. So the piece's tokens are its sentences' tokens, unless a boundary between two sentences has no
whitespace, or puts one of those rules' delimiters where the rule would see across it. `piece_words` checks
exactly that and tokenises the piece itself when it cannot vouch for the shortcut; either way the words and
offsets are the ones `tokenize(piece)` gives.
"""
from __future__ import annotations

import re

from razdel import tokenize
from razdel.segmenters.punct import DASHES

# NER sees text in pieces of at most this many characters, cut at sentence ends. Slovnet's tagger is a CNN
# with a few tokens of context, so cutting between sentences loses nothing and bounds memory on huge texts.
NER_CHUNK_CHARS = 2000

# Delimiters of razdel's Rule2112 joins (dash, underscore; float «2.5», «2,5»; fraction «1/2»): the rule
# at a delimiter reads the atom beyond it, which may sit in the next or the previous sentence.
_JOINERS = DASHES + "_.,/\\"
_JOIN_ANY = DASHES + "_"  # joined when neither side is punctuation: treat every such end as unsafe
_DIGIT = re.compile(r"\d")  # razdel's INT atoms are `\d+`


def ner_chunks(text: str, sents) -> list[tuple[int, int, int, int]]:
    """Pieces of text for NER: paragraphs, or runs of sentences within a paragraph, at most
    NER_CHUNK_CHARS; each as (start, end, first sentence index, last sentence index + 1)."""
    chunks: list[tuple[int, int, int, int]] = []
    cur_start = cur_end = None
    first = 0
    for k, s in enumerate(sents):
        breaks_paragraph = cur_end is not None and "\n" in text[cur_end:s.start]
        too_long = cur_start is not None and s.end - cur_start > NER_CHUNK_CHARS
        if cur_start is None:
            cur_start, cur_end, first = s.start, s.end, k
        elif breaks_paragraph or too_long:
            chunks.append((cur_start, cur_end, first, k))
            cur_start, cur_end, first = s.start, s.end, k
        else:
            cur_end = s.end
    if cur_start is not None:
        chunks.append((cur_start, cur_end, first, len(sents)))
    return chunks


def _joins_across(text: str, prev_end: int, next_start: int) -> bool:
    """Whether razdel, tokenising both sentences as one text, might join or cut differently at this
    boundary than it does tokenising each sentence alone."""
    gap = text[prev_end:next_start]
    if not gap or not gap.isspace():
        return True
    first, last = text[next_start], text[prev_end - 1]
    if first in _JOINERS or last in _JOIN_ANY:
        return True
    return last in _JOINERS and prev_end >= 2 and _DIGIT.match(text[prev_end - 2]) is not None


def piece_words(text: str, sents, start: int, end: int, first: int, last: int
                ) -> tuple[list[str], list[tuple[int, int]]]:
    """Words of text[start:end] (sentences first..last-1) and their offsets within it, as razdel's
    `tokenize(text[start:end])` gives them."""
    run = sents[first:last]
    if all(not _joins_across(text, a.end, b.start) for a, b in zip(run, run[1:])):
        toks = [t for s in run for t in s.tokens]
        return [t.text for t in toks], [(t.start - start, t.end - start) for t in toks]
    subs = list(tokenize(text[start:end]))
    return [t.text for t in subs], [(t.start, t.stop) for t in subs]
