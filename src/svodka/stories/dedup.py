"""Reprints and near-duplicates: the same text reposted or lightly edited (another signature, emoji, a word
changed), found by MinHash over word 3-shingles with locality-sensitive hashing (datasketch), so finding a
text's copies does not mean comparing it with every other."""
from __future__ import annotations

import hashlib
from functools import lru_cache

import numpy as np

from .documents import Document

THRESHOLD = 0.6  # estimated Jaccard of 3-shingles above which two texts are one text
NUM_PERM = 64
SEED = 1
SCHEME = "affine32"  # datasketch's name for the hashing below


@lru_cache(maxsize=1)
def _permutations() -> tuple[np.ndarray, np.ndarray]:
    # drawn as datasketch's MinHash(num_perm=NUM_PERM, seed=SEED) draws them (scheme affine32): odd a, any b
    gen = np.random.RandomState(SEED)
    a = gen.randint(0, 1 << 31, NUM_PERM, dtype=np.uint32) * np.uint32(2) + np.uint32(1)
    b = gen.randint(0, 1 << 32, NUM_PERM, dtype=np.uint32)
    return a, b


def hash_values(doc: Document) -> np.ndarray:
    """The MinHash values of the document's shingles: what datasketch's MinHash (scheme affine32, seed 1)
    holds after `update_batch` of them (a test holds the two equal).

    Computed here, not by datasketch, for the store: importing datasketch imports SciPy's `integrate` (for its
    LSH's parameter search), 0.4 s and 56 MiB in every process that stores an article, half of the serial
    start a pool of workers waits for; and the values an archive stores must not change with the library's
    version (datasketch 2.0 changed its hashing)."""
    hv = np.array([int.from_bytes(hashlib.sha1(s.encode("utf-8")).digest()[:4], "little")
                   for s in sorted(doc.shingles)], dtype=np.uint32).reshape(-1, 1)
    # MurmurHash3's 32-bit finalizer, then h → a·h + b mod 2^32 for each permutation; uint32 wraps
    hv = hv ^ (hv >> np.uint32(16))
    hv = hv * np.uint32(0x85EBCA6B)
    hv = hv ^ (hv >> np.uint32(13))
    hv = hv * np.uint32(0xC2B2AE35)
    hv = hv ^ (hv >> np.uint32(16))
    a, b = _permutations()
    if not len(hv):
        return np.full(NUM_PERM, np.iinfo(np.uint32).max, dtype=np.uint32)
    return (hv * a + b).min(axis=0)


def lsh_index():
    # datasketch (and the SciPy it imports) is loaded by batch clustering only, not by the store
    from datasketch import MinHashLSH
    return MinHashLSH(threshold=THRESHOLD, num_perm=NUM_PERM)


def minhash(doc: Document):
    """The document's MinHash as datasketch's object, for its LSH."""
    from datasketch import MinHash
    return MinHash(num_perm=NUM_PERM, seed=SEED, hashvalues=hash_values(doc), permutations=_permutations(),
                   scheme=SCHEME)


def near_duplicates(docs: list[Document]) -> dict[str, str]:
    """Each document's group: the id of the first document (in the given order) whose text it repeats."""
    lsh = lsh_index()
    order = {d.id: k for k, d in enumerate(docs)}
    group: dict[str, str] = {}
    hashes: dict = {}
    for d in docs:
        if len(d.shingles) < 3:  # a link, an emoji, a word: nothing to be a copy of
            group[d.id] = d.id
            continue
        m = hashes[d.id] = minhash(d)
        hits = sorted((h for h in lsh.query(m) if hashes[h].jaccard(m) >= THRESHOLD), key=order.get)
        group[d.id] = group[hits[0]] if hits else d.id
        lsh.insert(d.id, m)
    return group
