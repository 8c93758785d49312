"""How Python's cyclic garbage collector is set once a process has loaded the models.

Analysis allocates many small containers per article (tokens, spans, candidates) and keeps bounded caches of
pymorphy parses and lemmas (a few hundred thousand tuples and frozensets once warm). With the default
thresholds (700, 10, 10) a full collection came every 60-odd NEREL articles and walked all of it, the
loaded models included: 6 full collections in 400 articles took 0.8-1.0 s of 8 s of analysis.

- `gc.freeze()` moves what is alive after loading (the models' ~100,000 tracked objects, which live as long
  as the process) out of every later collection;
- a first-generation threshold of 100,000 (not 700) and 20 collections of each generation before the next
  older one (not 10) make every collection rarer. A young collection walks what is alive of the batch in
  hand (analyze_many keeps a batch of articles between its steps), about the same however often it runs, so
  fewer of them cost less: measured over 840 NEREL articles, 0.57 s of collector time with (10,000, 10, 10),
  0.24 s with (100,000, 20, 20), 0.3-0.6 s less CPU in all; no full collection, peak memory unchanged.

Nothing is disabled: cyclic garbage is still found, a little later (at most some 100,000 containers' worth,
a few MiB); what is frozen is what was alive then.
"""
from __future__ import annotations

import gc

YOUNG_THRESHOLD = 100_000
OLDER_THRESHOLD = 20


def settle() -> None:
    """Freeze what is alive now and raise the thresholds (never lowers one set higher)."""
    gc.freeze()
    young, middle, old = gc.get_threshold()
    if young:  # 0 means the host switched the collector off: leave it so
        gc.set_threshold(max(young, YOUNG_THRESHOLD), max(middle, OLDER_THRESHOLD), max(old, OLDER_THRESHOLD))
