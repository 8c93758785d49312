"""The candidates for what a figure measures: every noun of the figure's sentence except the figure's own
words, and the empty choice («погибли 12 человек» measures nothing but the count)."""
from __future__ import annotations

from dataclasses import dataclass

from ..nlp.pipeline import Parsed, Sentence, Token


@dataclass
class Candidates:
    sentence: Sentence
    tokens: list[Token]  # the sentence's tokens
    at: int  # index of the figure's first token in `tokens`
    end: int  # index one past its last token
    nouns: list[int]  # indices of the candidate nouns


def candidates(parsed: Parsed, start: int, end: int) -> Candidates | None:
    sent = parsed.sentence_at(start)  # by bisection: the one sentence holding `start`, if any
    if sent is None:
        return None
    toks = sent.tokens
    at = next((i for i, t in enumerate(toks) if t.end > start), len(toks))
    stop = next((i for i, t in enumerate(toks) if t.start >= end), len(toks))
    nouns = [i for i, t in enumerate(toks) if t.pos in ("NOUN", "PROPN") and not at <= i < stop]
    return Candidates(sent, toks, at, stop, nouns)
