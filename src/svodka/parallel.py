"""Analysis in worker processes for `svodka ingest --workers N`.

The archive stays written by one process (the caller), batch by batch and in input order, so idempotence,
resume and crash safety are exactly those of a single-process ingest; only `analyze_many` runs elsewhere.

Workers are forked from the caller once it has loaded the models and analysed a short warm-up text: each starts
with the models, the knowledge and every lazily loaded table already in memory, shared copy-on-write with the
caller, instead of importing svodka and loading them itself (a second or two of a core each, most of what kept
two workers from halving a short ingest). What was loaded is frozen out of the garbage collector first, so the
workers' collections do not write to those pages. A fork is safe only where no other thread can hold a lock at
that moment, so the pool forks only on Linux and while the caller runs no other Python thread; otherwise it
spawns fresh workers that load the models themselves, as it always did. Nothing a worker inherits from the
caller's store (an open SQLite connection or PostgreSQL socket) is used or closed in the worker: it analyses,
and a worker process ends by os._exit.

A batch is analysed in pieces of a few articles, so both workers stay busy until the end of the input (a whole
batch a worker left one idle for most of a batch at the end), and the pieces come back together before the
batch is stored. The input's last two batches are cut into small ones (`with_small_tail`, read two batches
ahead): a worker's last piece is then short, and so is the last transaction, which nothing overlaps. A batch
whose analysis fails is analysed article by article in the worker, so one bad article loses only itself, as
in one process.
"""
from __future__ import annotations

import multiprocessing
import os
import sys
import threading
import time
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from typing import TypeVar

from .knowledge import Knowledge
from .model import Analysis, Article
from .store.prepared import Prepared, prepare

_knowledge: Knowledge | None = None
_THREAD_VARS = ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS")
# Articles a worker analyses in one call. Large enough that the taggers' batches stay full and a word's
# first-layer products serve many articles (nlp/forward.py; 840 NEREL articles in calls of 16, 32 and 64 took
# 10.2, 9.6 and 9.2 s of CPU; the analysis of an article does not depend on its neighbours in a call); small
# enough that at the end of the input no worker waits long for the other.
PIECE = 32
# Pieces of PIECE articles a worker has in flight: enough that it never waits for the writer to take results
IN_FLIGHT = 4
# The size of the pieces the input's last batches are cut into: the work left when the input ends is then a
# few small pieces, so one worker does not finish a whole piece alone while the other waits, and the writer's
# last transaction, which nothing overlaps, is short
TAIL = 8  # (840 NEREL articles on 2 workers: 8.42 against 8.56 s, five alternating runs; 4 or 16 the same)
# A short text that goes through every stage (names, a title, a quote, a date, a figure), analysed in the
# caller before it forks, so every lazily loaded model, lexicon and table is loaded once and shared
WARM_UP = ("Президент России Владимир Путин в понедельник заявил, что товарооборот вырос на 5 %. "
           "«Мы готовы к переговорам», — сказал он журналистам в Москве.")
T = TypeVar("T")


# How often a worker checks that the ingest process that started it is still there
PARENT_CHECK_SECONDS = 1.0


def _start(knowledge: Knowledge | None) -> None:
    global _knowledge
    _knowledge = knowledge
    parent = os.getppid()
    threading.Thread(target=_leave_with, args=(parent,), daemon=True, name="svodka-parent-watch").start()


def _leave_with(parent: int) -> None:
    """End this worker when the ingest process that started it is gone (killed, say, by the OOM killer): its
    pool's pipes have other ends in the other workers, so nothing else would tell it, and an orphaned
    worker keeps its few hundred MiB. (A worker never forks, so its own thread is harmless.)"""
    while os.getppid() == parent:
        time.sleep(PARENT_CHECK_SECONDS)
    os._exit(1)


def _ready() -> None:
    """A first job: submitting it makes the pool start its workers at once."""


def analyse_batch(articles: list[Article]) -> list[tuple[Analysis, Prepared] | str]:
    """In a worker: each article's analysis with what storing it computes from it alone (store/prepared.py,
    so the writing process only writes), or the error it raised (as text: exceptions may not pickle)."""
    from .analyze import analyze_many
    gaz = _knowledge.gazetteer if _knowledge else None
    try:
        return [(an, prepare(a, an, gaz)) for a, an in zip(articles, analyze_many(articles, knowledge=_knowledge))]
    except Exception:  # noqa: BLE001 - find the culprit one by one
        pass
    out: list[tuple[Analysis, Prepared] | str] = []
    for a in articles:
        try:
            an = next(iter(analyze_many([a], knowledge=_knowledge)))
            out.append((an, prepare(a, an, gaz)))
        except Exception as e:  # noqa: BLE001 - reported with the article's origin by the caller
            out.append(f"analysis failed: {type(e).__name__}: {e}")
    return out


def with_small_tail(batches: Iterable[list[T]], size: int = TAIL, last: int = 2) -> Iterator[list[T]]:
    """The batches, the `last` ones cut into batches of `size` (known by reading that many ahead)."""
    ahead: deque[list[T]] = deque()
    for batch in batches:
        ahead.append(batch)
        if len(ahead) > last:
            yield ahead.popleft()
    for batch in ahead:
        yield from (batch[i:i + size] for i in range(0, len(batch), size))


def can_fork() -> bool:
    """Whether workers may be forked from this process: on Linux (elsewhere system libraries may not survive a
    fork), and with no other Python thread running, whose locks (a stream's, the logging module's) would stay
    locked forever in the child."""
    return (sys.platform.startswith("linux") and "fork" in multiprocessing.get_all_start_methods()
            and threading.active_count() == 1)


def _warm(knowledge: Knowledge | None) -> None:
    """Load the models and everything the first analysis (and its `prepare`) loads lazily, then freeze it out of
    the collector."""
    from .analyze import analyze_many
    from .nlp import collector
    from .nlp.pipeline import Models

    Models.get()
    article = Article(id="warm-up", text=WARM_UP)
    for analysis in analyze_many([article], knowledge=knowledge):
        # what the workers compute for the store loads lazily too
        prepare(article, analysis, knowledge.gazetteer if knowledge else None)
    collector.settle()


class WorkerPool:
    """`workers` processes analysing batches; results come back in the order the batches went in."""

    def __init__(self, workers: int, knowledge: Knowledge | None = None, fork: bool | None = None) -> None:
        """`fork`: None forks when `can_fork()` says it is safe; False always spawns (as before)."""
        self.workers = workers
        self.forked = can_fork() if fork is None else fork and can_fork()
        self._limits = None
        # One core a worker: the taggers' matrix products would otherwise each start a BLAS thread per core,
        # and N workers would fight over the cores they share. Spawned workers read these variables when they
        # import numpy; forked ones inherit the caller's BLAS, limited here to one thread before the fork.
        self._env = {k: os.environ.get(k) for k in _THREAD_VARS}
        os.environ.update({k: "1" for k in _THREAD_VARS})
        if self.forked:
            _warm(knowledge)
            from threadpoolctl import threadpool_limits
            self._limits = threadpool_limits(limits=1)
            context = multiprocessing.get_context("fork")
        else:
            context = multiprocessing.get_context("spawn")
        self._pool = ProcessPoolExecutor(max_workers=workers, mp_context=context, initializer=_start,
                                         initargs=(knowledge,))
        if self.forked:
            self._pool.submit(_ready)  # fork now, while this is the only thread (the pool's own come after)

    def map_ordered(self, items: Iterable[tuple[T, list[Article]]]
                    ) -> Iterator[tuple[T, list[tuple[Analysis, Prepared] | str]]]:
        """For each (tag, articles), the tag with the articles' analyses, in input order. The articles go out in
        pieces of PIECE; about four pieces a worker are in flight (counted in articles, so small batches keep
        the workers as busy as large ones), and reading ahead stays bounded."""
        pending: deque[tuple[T, list[Future], int]] = deque()
        held = 0
        for tag, articles in items:
            pieces = [articles[i:i + PIECE] for i in range(0, len(articles), PIECE)]
            pending.append((tag, [self._pool.submit(analyse_batch, p) for p in pieces], len(articles) + 1))
            held += len(articles) + 1
            while held > IN_FLIGHT * PIECE * self.workers:
                done, futures, weight = pending.popleft()
                held -= weight
                yield self._collect(done, futures)
        while pending:
            done, futures, _ = pending.popleft()
            yield self._collect(done, futures)

    @staticmethod
    def _collect(tag: T, futures: list[Future]) -> tuple[T, list[tuple[Analysis, Prepared] | str]]:
        return tag, [res for fut in futures for res in fut.result()]

    def close(self) -> None:
        self._pool.shutdown(wait=True, cancel_futures=True)
        if self._limits is not None:
            self._limits.restore_original_limits()
        for k, v in self._env.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v

    def __enter__(self) -> "WorkerPool":
        return self

    def __exit__(self, *exc) -> None:
        self.close()
