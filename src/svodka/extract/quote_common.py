"""What the rules of direct and reported speech share: a candidate quote, its lazily resolved speaker."""
from __future__ import annotations

from dataclasses import dataclass

from ..nlp.pipeline import Token
from .speakers import NONE, Attribution


POSSESSIVE = frozenset("его ее её их мой наш собственный".split())
# How many tokens a post line's signature after its dash may take («…, — зампред синодального отдела Московского
# патриархата Олег Сомов»): direct_speech reads such a line as the source's words, reported_speech ends a report
# before it
SIGNATURE_TOKENS = 14


def skip_space_back(text: str, lo: int, pos: int) -> int:
    """The position after the last non-space character of text[lo:pos] (lo if there is none)."""
    while pos > lo and text[pos - 1].isspace():
        pos -= 1
    return pos


def last_char(text: str, a: int, b: int) -> str:
    """The last character of text[a:b].rstrip(), without the copy."""
    b = skip_space_back(text, a, b)
    return text[b - 1] if b > a else ""


class Lazy:
    """A speaker found but not yet resolved: resolution waits until every quote of the article is known,
    then runs in text order, so that pronouns and bare nouns look back at the speakers before them."""

    def __init__(self, fn=None, value: Attribution | None = None) -> None:
        self.fn = fn
        self.value = value

    @property
    def found(self) -> bool:
        """Whether the text gives a source: a phrase to resolve (which may still resolve to no one) or a
        resolved speaker. A clause or a quote needs one to be kept; whether it names a speaker is known only
        after resolution (`get`)."""
        return self.fn is not None or (self.value is not None and self.value.speaker is not None)

    def __bool__(self) -> bool:
        raise TypeError("Lazy has no truth value: ask .found")

    def get(self) -> Attribution:
        if self.value is None:
            self.value = self.fn() if self.fn else NONE
            self.fn = None
        return self.value


MISSING = Lazy(value=NONE)


@dataclass
class Cand:
    kind: str
    start: int
    end: int
    cue: str | None
    attr: Lazy
    pos: int  # where the attribution is, for pronoun history


def cue_text(text: str, toks: list[Token]) -> str:
    return text[toks[0].start:toks[-1].end]
