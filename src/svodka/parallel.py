"""Analysis in worker processes for `svodka ingest --workers N`.

The archive stays written by one process (the caller), batch by batch and in input order, so idempotence,
resume and crash safety are exactly those of a single-process ingest; only `analyze_many` runs elsewhere.
Workers are spawned (not forked: the parent holds an open SQLite connection and threads) and each loads the
models once. A batch whose analysis fails is analysed article by article in the worker, so one bad article
loses only itself, as in one process.
"""
from __future__ import annotations

import multiprocessing
import os
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from typing import TypeVar

from .knowledge import Knowledge
from .model import Analysis, Article

_knowledge: Knowledge | None = None
_THREAD_VARS = ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS")
T = TypeVar("T")


def _start(knowledge: Knowledge | None) -> None:
    global _knowledge
    _knowledge = knowledge


def analyse_batch(articles: list[Article]) -> list[Analysis | str]:
    """In a worker: each article's analysis, or the error it raised (as text: exceptions may not pickle)."""
    from .analyze import analyze_many
    try:
        return list(analyze_many(articles, knowledge=_knowledge))
    except Exception:  # noqa: BLE001 - find the culprit one by one
        pass
    out: list[Analysis | str] = []
    for a in articles:
        try:
            out.extend(analyze_many([a], knowledge=_knowledge))
        except Exception as e:  # noqa: BLE001 - reported with the article's origin by the caller
            out.append(f"analysis failed: {type(e).__name__}: {e}")
    return out


class WorkerPool:
    """`workers` processes analysing batches; results come back in the order the batches went in."""

    def __init__(self, workers: int, knowledge: Knowledge | None = None) -> None:
        self.workers = workers
        # One core a worker: the taggers' matrix products would otherwise each start a BLAS thread per core,
        # and N workers would fight over the cores they share. Workers read these when they import numpy,
        # which happens in the processes the pool starts on its first batches.
        self._env = {k: os.environ.get(k) for k in _THREAD_VARS}
        os.environ.update({k: "1" for k in _THREAD_VARS})
        self._pool = ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("spawn"),
                                         initializer=_start, initargs=(knowledge,))

    def map_ordered(self, items: Iterable[tuple[T, list[Article]]]) -> Iterator[tuple[T, list[Analysis | str]]]:
        """For each (tag, articles), the tag with the articles' analyses, in input order; two batches a worker
        are in flight, so reading ahead stays bounded."""
        pending: deque[tuple[T, Future]] = deque()
        for tag, articles in items:
            pending.append((tag, self._pool.submit(analyse_batch, articles)))
            if len(pending) >= 2 * self.workers:
                done, fut = pending.popleft()
                yield done, fut.result()
        while pending:
            done, fut = pending.popleft()
            yield done, fut.result()

    def close(self) -> None:
        self._pool.shutdown(wait=True, cancel_futures=True)
        for k, v in self._env.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v

    def __enter__(self) -> "WorkerPool":
        return self

    def __exit__(self, *exc) -> None:
        self.close()
