"""`svodka --roles F --lexicon F --gazetteer F --quotes-model F --about-model F --ner-model F COMMAND`: the user's own knowledge for one run.

Each file extends the shipped one (roles over time, speech cues, places and organisations), after the files
of the environment variables SVODKA_ROLES, SVODKA_LEXICON and SVODKA_GAZETTEER. They are read and checked
here, before any article, so a typo in a user's file stops the run at once with its file and line instead of
surfacing from the middle of an ingest. The result is one `Knowledge` that the command passes to the
analysis; the process environment and the loaders' caches are left as they were.
"""
from __future__ import annotations

from collections.abc import Callable
from contextvars import ContextVar

import typer
from rich.console import Console
from rich.markup import escape

from ..knowledge import Knowledge


def knowledge_files() -> dict[str, tuple[Callable, str]]:
    """Each kind of knowledge file: its cached loader of the shipped (and environment) files, and the
    environment variable it reads."""
    from ..extract import lexicon
    from ..link import roles
    from ..nlp import gazetteer
    return {"roles": (roles.default_roles, roles.ENV_VAR), "lexicon": (lexicon.default_lexicon, lexicon.ENV_VAR),
            "gazetteer": (gazetteer.default_gazetteer, gazetteer.ENV_VAR)}


def _stop(message: str) -> None:
    Console(stderr=True, highlight=False, soft_wrap=True).print(f"[red]error[/red] {escape(message)}")
    raise typer.Exit(2)


class RunKnowledge:
    """The knowledge options of one command line. The files given are read and checked at once; the shipped
    ones and the model load only when a command analyses (queries never need them)."""

    def __init__(self, roles: list[str] = (), lexicon: list[str] = (), gazetteer: list[str] = (),
                 quote_model: str = "", about_model: str = "", ner_model: str = "",
                 learned_ner: bool | None = None) -> None:
        from ..extract.lexicon import Lexicon
        from ..link.roles import Roles
        from ..nlp.gazetteer import Gazetteer
        from ..quotemodel import QuoteModel
        self.lexicon_paths = list(lexicon)
        given = {}
        try:
            if roles:
                given["roles"] = Roles.load(list(roles))
            if lexicon:
                given["lexicon"] = Lexicon.load(list(lexicon))
            if gazetteer:
                given["gazetteer"] = Gazetteer.load(list(gazetteer))
            if quote_model:
                given["quote_model"] = QuoteModel.load(quote_model)
            if about_model:
                from ..figuremodel import AboutModel
                given["about_model"] = AboutModel.load(about_model)
            if ner_model:
                from ..nermodel.model import NerModel
                given["ner_model"] = NerModel.load(ner_model)
        except ValueError as e:  # each loader's file error names the file (and line or entry)
            _stop(str(e))
        if learned_ner is not None or ner_model:
            given["learned_ner"] = learned_ner if learned_ner is not None else True
        self._given = given
        self._knowledge: Knowledge | None = None

    @property
    def given_any(self) -> bool:
        """Whether the command line gave any knowledge of its own (a file, a model, the learned NER switch)."""
        return bool(self._given)

    @property
    def roles_given(self) -> bool:
        """Whether the command line gave roles files (queries then read titles and people by them too)."""
        return "roles" in self._given

    def knowledge(self) -> Knowledge:
        if self._knowledge is None:
            self._knowledge = Knowledge(**self._given)
        return self._knowledge

    def for_analysis(self) -> Knowledge:
        """This run's knowledge with its quote model loaded now: a command that analyses stops at once, with
        the file named, when the model is unusable, instead of failing every article one by one."""
        from dataclasses import replace

        from ..quotemodel import QuoteModelError, default_model
        from ..figuremodel import AboutModelError, default_about_model
        k = self.knowledge()
        if k.quote_model is None:
            try:
                k = replace(k, quote_model=default_model())
            except QuoteModelError as e:
                _stop(f"{e}; svodka cannot extract quotes without it")
            self._knowledge = k
        if k.learned_ner and k.ner_model is None:
            from ..nermodel.model import NerModelError, default_ner_model
            try:
                k = replace(k, ner_model=default_ner_model())
            except NerModelError as e:
                _stop(f"{e}; run with --no-learned-ner to analyse without the learned NER layer")
            self._knowledge = k
        if k.about_model is None:
            try:
                k = replace(k, about_model=default_about_model())
            except AboutModelError as e:
                _stop(f"{e}; svodka cannot tell what figures measure without it")
            self._knowledge = k
        return k

    def with_lexicon(self, paths: list[str]) -> Knowledge:
        """This run's knowledge with more lexicon files after its own (`svodka eval quotes --lexicon`)."""
        from dataclasses import replace

        from ..extract.lexicon import Lexicon
        try:
            return replace(self.knowledge(), lexicon=Lexicon.load([*self.lexicon_paths, *paths]))
        except ValueError as e:
            _stop(str(e))


# Set by the `svodka` callback before each command; a context variable, so runs in other threads (an
# embedding program's CliRunner) keep their own.
_run: ContextVar[RunKnowledge | None] = ContextVar("svodka_cli_knowledge", default=None)


def start_run(run_knowledge: RunKnowledge) -> None:
    _run.set(run_knowledge)


def run() -> RunKnowledge:
    """The knowledge options of the command line being run (none: the shipped knowledge)."""
    return _run.get() or RunKnowledge()


def run_knowledge() -> Knowledge:
    return run().knowledge()


def analysis_knowledge() -> Knowledge:
    return run().for_analysis()


def storing_knowledge() -> Knowledge:
    """`analysis_knowledge`, and the story linker loaded now: a command that stores articles places each in a
    story, so it stops at once, with the file named, when the linker is unusable, instead of failing every
    batch."""
    k = analysis_knowledge()
    story_linker_ready()
    return k


def story_linker_ready() -> None:
    from ..stories.linker import StoryLinkerError, default_linker
    try:
        default_linker()
    except StoryLinkerError as e:
        _stop(f"{e}; svodka cannot group articles into stories without it")
