"""Reprints and near-duplicates: the same text reposted or lightly edited (another signature, emoji, a word
changed), found by MinHash over word 3-shingles with locality-sensitive hashing (datasketch), so finding a
text's copies does not mean comparing it with every other."""
from __future__ import annotations

from functools import lru_cache

from .documents import Document

THRESHOLD = 0.6  # estimated Jaccard of 3-shingles above which two texts are one text
NUM_PERM = 64


@lru_cache(maxsize=1)
def _template():
    # datasketch (and the SciPy it imports) is loaded by the first hash, not with the store: a process that
    # only analyses, or only reads an archive, is 350 ms quicker to start and 30 MiB smaller without it.
    # The template's permutations are drawn once: MinHash() redraws them each time.
    from datasketch import MinHash
    return MinHash(num_perm=NUM_PERM, seed=1)


def lsh_index():
    from datasketch import MinHashLSH
    return MinHashLSH(threshold=THRESHOLD, num_perm=NUM_PERM)


def minhash(doc: Document):
    """The document's MinHash (datasketch's) over its shingles."""
    t = _template()
    # update_batch gives the hash values that updates one by one give, in a fraction of the time
    m = type(t)(num_perm=NUM_PERM, seed=1, permutations=t.permutations, scheme=t.scheme)
    m.update_batch([s.encode("utf-8") for s in sorted(doc.shingles)])
    return m


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
