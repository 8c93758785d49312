"""How Python's cyclic garbage collector is set once a process has loaded the models.

Analysis allocates many small containers per article (tokens, spans, candidates) and keeps bounded caches of
pymorphy parses and lemmas (a few hundred thousand tuples and frozensets once warm). With the default
thresholds (700, 10, 10) a full collection came every 60-odd NEREL articles and walked all of it, the
loaded models included: 6 full collections in 400 articles took 0.8-1.0 s of 8 s of analysis.

- `gc.freeze()` moves what is alive after loading (the models' ~100,000 tracked objects, which live as long
  as the process) out of every later collection;
- a first-generation threshold of 10,000 (not 700) makes young collections rarer, and so the full ones that
  follow every tenth older one: measured, 0 full collections in 400 articles, 0.2 s of collector time.

Nothing is disabled: cyclic garbage is still found, a little later; what is frozen is what was alive then.
"""
from __future__ import annotations

import gc

YOUNG_THRESHOLD = 10_000


def settle() -> None:
    """Freeze what is alive now and raise the first-generation threshold (never lowers one set higher)."""
    gc.freeze()
    young, middle, old = gc.get_threshold()
    if young and young < YOUNG_THRESHOLD:  # 0 means the host switched the collector off: leave it so
        gc.set_threshold(YOUNG_THRESHOLD, middle, old)
