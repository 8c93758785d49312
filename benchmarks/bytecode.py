"""Compile svodka's sources to bytecode before a benchmark times the start of svodka processes.

An installed package carries its bytecode (pip compiles it at install); an editable install writes it at the
first import, except where PYTHONDONTWRITEBYTECODE is set, as on this project's build hosts: there every
`svodka` process compiled all of svodka again (0.15 s of a 1.2 s start, measured with `svodka ingest` of one
article). Bytecode that exists is read whatever the variable says.
"""
from __future__ import annotations

import compileall
import importlib.util
from pathlib import Path


def compile_svodka() -> None:
    spec = importlib.util.find_spec("svodka")
    if spec is None or spec.origin is None:
        raise SystemExit("svodka is not installed in this Python (pip install -e .)")
    compileall.compile_dir(str(Path(spec.origin).parent), quiet=1)
