"""Word meaning as a few numbers: Navec's 300-dimensional news vectors (shipped inside Natasha's wheel and
already loaded for the taggers, so no second table is read), projected to a handful of dimensions a small
booster can use. A learned model that picks among nouns («стоимость», «штраф», «урожай» are quantities;
«чага», «CPU» are not) generalises from a few hundred examples to nouns it never saw in them.

The projection is a fixed Gaussian random matrix (seed 0; numpy's legacy RandomState draws the same numbers
in every version): it keeps distances between vectors (Johnson–Lindenstrauss) and needs no fitting, so it is
part of the feature definition, not of any model file.
"""
from __future__ import annotations

import threading
from functools import lru_cache

import numpy as np

DIMS = 16
_lock = threading.Lock()
_table: tuple | None = None


def _navec():
    """(vocabulary, codes, indexes, row offsets) of the morphology tagger's Navec embedding."""
    global _table
    with _lock:
        if _table is None:
            from .pipeline import Models
            tagger = Models.get().morph
            emb = tagger.infer.model.emb.word
            codes = emb.codes.array  # (sub-vectors, centroids, sub-vector width)
            _table = (tagger.infer.encoder.words_vocab, codes, emb.indexes.array, np.arange(codes.shape[0]))
        return _table


@lru_cache(maxsize=1)
def _projection(dim: int) -> np.ndarray:
    return np.random.RandomState(0).normal(size=(dim, DIMS)) / np.sqrt(dim)


@lru_cache(maxsize=10_000)
def meaning(word: str) -> tuple[float, ...]:
    """`DIMS` numbers for a lower-cased word (a lemma); zeros for a word Navec does not know."""
    vocab, codes, indexes, rows = _navec()
    i = vocab.encode(word)
    if i in (vocab.unk_id, vocab.pad_id):
        return (0.0,) * DIMS
    vec = codes[rows, indexes[i]].reshape(-1).astype(np.float64)
    return tuple((vec @ _projection(vec.shape[0])).tolist())
