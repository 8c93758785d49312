"""`Knowledge`: the files and models an analysis reads besides the article: the speech lexicon, the roles
file, the gazetteer, the quote model and the about-model (what a figure measures).

`analyze`, `analyze_many` and `Archive` take one explicitly, so two configurations (a user's lexicon and the
shipped one, two quote models) can run side by side in one process; nothing is written to the process
environment and no loader cache is cleared. Left out, the shipped files (with the files the SVODKA_*
environment variables name, which users may still set) and the shipped model are used.

`using(knowledge)` makes one the default within a block (per thread and async task, restored on exit), for
code that analyses without taking a `Knowledge` argument (training on gold files); the CLI runs each command
inside one.
"""
from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from .extract.lexicon import Lexicon, default_lexicon
from .link.roles import Roles, default_roles
from .nlp.gazetteer import Gazetteer, default_gazetteer
from .figuremodel.model import AboutModel
from .quotemodel.model import QuoteModel

if TYPE_CHECKING:
    from .nermodel.model import NerModel

# Whether analysis runs the learned NER layer (nermodel/) over Slovnet's and the repaired spans when a
# `Knowledge` does not say. Off, though it now beats the hand-repaired pipeline on the NEREL cross-validation
# and on factRuEval dev: the shipped quote model and every figure of the README were measured without it, it
# costs a tenth of the throughput that issue 16 needs, and on Telegram posts the quote cross-validation loses
# 0.007 with it (README, Quality and speed). `--learned-ner` / Knowledge(learned_ner=True) runs it.
LEARNED_NER_DEFAULT = False


@dataclass(frozen=True)
class Knowledge:
    lexicon: Lexicon = field(default_factory=default_lexicon)
    roles: Roles = field(default_factory=default_roles)
    gazetteer: Gazetteer = field(default_factory=default_gazetteer)
    # anything with QuoteModel's scoring interface (`quotemodel.model.RulesOnly` for the rules alone); None is
    # the shipped model, loaded when a quote is first extracted: training a new model after the features
    # changed must not need the old one to load
    quote_model: QuoteModel | None = None
    # None: the shipped about-model, loaded with the first figure
    about_model: AboutModel | None = None
    # the learned NER layer: run it or not, and which model (None: the shipped one, loaded with the first
    # article; giving a model does not switch the layer on by itself)
    learned_ner: bool = LEARNED_NER_DEFAULT
    ner_model: "NerModel | None" = None

    @classmethod
    def load(cls, roles: Sequence[str | Path] = (), lexicon: Sequence[str | Path] = (),
             gazetteer: Sequence[str | Path] = (), quote_model: str | Path | None = None,
             about_model: str | Path | None = None, ner_model: str | Path | None = None,
             learned_ner: bool | None = None) -> "Knowledge":
        """The shipped files extended by the SVODKA_* environment files and then by these; a kind given no
        files is the shipped (cached) one. Every file is read and checked here: a bad one raises its loader's
        error (a ValueError, or QuoteModelError for the model) naming the file and line. `ner_model` (a file)
        switches the learned NER layer on unless `learned_ner` is False; `learned_ner` alone uses the shipped
        model."""
        from .nermodel.model import NerModel
        if learned_ner is None:
            learned_ner = True if ner_model else LEARNED_NER_DEFAULT
        return cls(
            lexicon=Lexicon.load(list(lexicon)) if lexicon else default_lexicon(),
            roles=Roles.load(list(roles)) if roles else default_roles(),
            gazetteer=Gazetteer.load(list(gazetteer)) if gazetteer else default_gazetteer(),
            quote_model=QuoteModel.load(quote_model) if quote_model else None,
            about_model=AboutModel.load(about_model) if about_model else None,
            learned_ner=learned_ner,
            ner_model=NerModel.load(ner_model) if ner_model else None,
        )


_current: ContextVar[Knowledge | None] = ContextVar("svodka_knowledge", default=None)


def current_knowledge() -> Knowledge:
    """The knowledge `using` set for this context, else the shipped one."""
    return _current.get() or Knowledge()


@contextmanager
def using(knowledge: Knowledge) -> Iterator[Knowledge]:
    token = _current.set(knowledge)
    try:
        yield knowledge
    finally:
        _current.reset(token)
