"""Knowledge files that ship with svodka (roles, speech lexicon, gazetteer), and the user's own beside them."""
from __future__ import annotations

import os
from collections.abc import Iterator
from importlib import resources
from pathlib import Path


def knowledge_texts(shipped: str, env_var: str, paths: list[str | Path] | None, builtin: bool,
                    error: type[Exception], what: str) -> Iterator[tuple[str, str]]:
    """(text, where) of the shipped file, then of the files in `env_var` (os.pathsep-separated), then of
    `paths`: later files extend or override earlier ones. An unreadable file raises `error` naming it."""
    if builtin:
        yield resources.files(__name__).joinpath(shipped).read_text("utf-8"), shipped
    env = os.environ.get(env_var)
    for p in [*(env.split(os.pathsep) if env else []), *(paths or [])]:
        try:
            text = Path(p).read_text("utf-8")
        except OSError as e:
            raise error(f"{p}: cannot read {what}: {e.strerror or e}") from None
        yield text, str(p)
