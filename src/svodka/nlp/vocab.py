"""The taggers' word vocabulary in a few MiB instead of about thirty.

Slovnet's `Vocab` keeps Navec's 250,002 words as a list and a dictionary of Python strings and ints: about
30 MiB of small objects in every process, which also stop being shared with forked workers the moment their
reference counts are touched. Here the same words are one string, and a word's id is found through sorted
arrays of the words' hashes: the same ids for every word (the dictionary's, the last id of a word given twice),
`unk_id` for any other. A lookup costs a bisection (about 1.6 µs against a dictionary's 0.35, lower-casing
included); the taggers ask only on a miss of their own word cache (nlp/taggers.py): 50,941 times over 840
NEREL articles, about 0.07 s of their 15 s.
"""
from __future__ import annotations

import numpy as np
from slovnet.const import PAD, UNK


class CompactVocab:
    """What svodka and Slovnet's encoders use of `slovnet.vocab.Vocab` (encode, decode, items, unk_id, pad_id,
    len), for the words of one vocabulary, one per line."""

    def __init__(self, items: list[str]) -> None:
        n = len(items)
        # the items come from splitlines, so none holds a newline: joined by one, each is a slice of the text
        self._text = "\n".join(items)
        lengths = np.fromiter((len(w) + 1 for w in items), dtype=np.int64, count=n)
        self._starts = np.concatenate(([0], np.cumsum(lengths)))
        # str hashes are salted per process: these arrays are built in the process that asks (or inherited by a
        # forked one, which shares the salt)
        hashes = np.fromiter((hash(w) for w in items), dtype=np.int64, count=n)
        order = np.argsort(hashes, kind="stable")  # equal hashes keep the ids' order: the last is the dict's
        self._hashes = hashes[order]
        self._ids = order.astype(np.int32)
        self._n = n
        self.unk_id = self._find(UNK)
        self.pad_id = self._find(PAD)

    def _find(self, item: str) -> int | None:
        h = hash(item)
        hashes = self._hashes
        i = int(hashes.searchsorted(h))
        found = None
        while i < self._n and hashes[i] == h:
            k = int(self._ids[i])
            if self.decode(k) == item:
                found = k
            i += 1
        return found

    def encode(self, item: str) -> int | None:
        found = self._find(item)
        return self.unk_id if found is None else found

    def decode(self, id: int) -> str:
        return self._text[int(self._starts[id]):int(self._starts[id + 1]) - 1]

    @property
    def items(self) -> list[str]:
        """The words as a list (built on each call: only a comparison or a dump asks for it)."""
        return self._text.split("\n")

    def __len__(self) -> int:
        return self._n

    def __repr__(self) -> str:
        return f"CompactVocab({self._n} items)"
