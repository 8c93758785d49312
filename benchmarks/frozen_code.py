"""A frozen copy of the svodka package for benchmarks whose runs take minutes and compare archives made at
different moments (kill_test.py, pg_restart.py, dask_fault.py): a source tree edited in between would make
the archives differ for reasons that have nothing to do with what the benchmark tests."""
from __future__ import annotations

import os
import shutil
from pathlib import Path


def snapshot_code(tmp: Path) -> dict:
    """The environment for subprocesses that import the package as it is now, copied under `tmp`."""
    import svodka
    dest = tmp / "code"
    shutil.rmtree(dest, ignore_errors=True)
    shutil.copytree(Path(svodka.__file__).parent, dest / "svodka", ignore=shutil.ignore_patterns("__pycache__"))
    return {**os.environ, "PYTHONPATH": os.pathsep.join([str(dest), os.environ.get("PYTHONPATH", "")])}
