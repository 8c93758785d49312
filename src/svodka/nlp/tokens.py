"""razdel's `tokenize`, answered word by word from a cache: the same tokens, at a fraction of the cost.

razdel builds an atom object per letter run and a split object with every rule's verdict between each pair of
neighbouring atoms: 0.85 s of CPU over the 840 NEREL articles of benchmarks/throughput.py (0.58 s here from a
cold cache, 0.25 s warm). Yet a token never spans whitespace: the
segmenter cuts at every split whose delimiter is not empty, and atoms are runs of non-space characters, so a
text's tokens are the tokens of its whitespace-free chunks laid end to end. News vocabulary is Zipfian, so a
chunk («Путин», «заявил,», «2024») is mostly one seen before.

A chunk's tokens depend on the chunk alone except in one place. The Rule2112 rules (dash, underscore, float,
fraction) at a delimiter atom read the atom beyond it, and for a delimiter that is the chunk's first (last)
atom that is the previous (next) chunk's last (first) atom, across the space. They read only its type, which is
the type of its outer character (the atoms are runs of one character class). So the cache key is the chunk with
those neighbouring types, when the chunk starts or ends with a delimiter; the other rules (punctuation runs,
smileys, other symbols, «yahoo!») read only atoms, and a buffer, of the chunk itself.
"""
from __future__ import annotations

import re

from razdel import tokenize
from razdel.segmenters.punct import DASHES
from razdel.segmenters.tokenize import ATOM

# The delimiters of the Rule2112 joins: dashes, underscore, «.» and «,» of a float, «/» and «\» of a fraction.
_DELIMITERS = frozenset(DASHES + "_.,/\\")
# razdel's atoms are runs of non-space characters (ATOM's last alternative is `\S`): the same test here.
_CHUNK = re.compile(r"\S+")
# One atom of ATOM's letter or digit kinds (its alternatives, with its flags): a chunk that is one is one token
# whatever its neighbours (most new words), with no need to ask razdel.
_ONE_ATOM = re.compile(r"[а-яё]+|[a-z]+|\d+", re.I | re.U)
# Distinct chunks kept (~170 bytes an entry: 17 MiB when full). 50,000 was less than the distinct chunks of 840
# NEREL articles, and a cache cleared in mid-run answered little. Past it the cache starts again (no eviction
# order to keep), which only costs recomputation.
CACHE_SIZE = 100_000
# A chunk that is one token, the chunk itself (most words), is stored as this instead of its one token
_WHOLE: tuple = ()
_cache: dict[object, tuple[tuple[int, int, str], ...]] = {}


def _type(ch: str) -> str:
    """razdel's type of the atom `ch` belongs to (RU, LAT, INT, PUNCT or OTHER)."""
    return ATOM.match(ch).lastgroup


def _chunk_tokens(chunk: str, before: str, after: str) -> tuple[tuple[int, int, str], ...]:
    """(start, stop, text) of the tokens of `chunk`, as razdel cuts it between the characters `before` and
    `after` (each one character, or empty for the edge of the text), with offsets in the chunk; _WHOLE when
    the chunk is one token."""
    lead = before + " " if before else ""
    text = lead + chunk + (" " + after if after else "")
    toks = list(tokenize(text))
    if before:
        toks = toks[1:]
    if after:
        toks = toks[:-1]
    if len(toks) == 1:
        return _WHOLE
    k = len(lead)
    return tuple((t.start - k, t.stop - k, t.text) for t in toks)


def tokens(text: str) -> list[tuple[int, int, str]]:
    """(start, stop, text) of each token of `text`, exactly as `razdel.tokenize(text)` gives them."""
    out: list[tuple[int, int, str]] = []
    cache = _cache
    if len(cache) > CACHE_SIZE:
        cache.clear()
    get = cache.get
    found = _CHUNK.finditer(text)
    m = next(found, None)
    before = ""  # the last character of the previous chunk
    while m is not None:
        a, b = m.span()
        chunk = m.group()
        nxt = next(found, None)
        # a neighbour's character matters only to a delimiter at this chunk's edge: then its type is in the key
        left = before if chunk[0] in _DELIMITERS else ""
        right = text[nxt.start()] if nxt is not None and chunk[-1] in _DELIMITERS else ""
        key = (chunk, left and _type(left), right and _type(right)) if left or right else chunk
        got = get(key)
        if got is None:
            got = cache[key] = _WHOLE if _ONE_ATOM.fullmatch(chunk) else _chunk_tokens(chunk, left, right)
        if got is _WHOLE:
            out.append((a, b, chunk))
        else:
            out += [(a + s, a + e, w) for s, e, w in got]
        before = chunk[-1]
        m = nxt
    return out
