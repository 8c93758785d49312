"""razdel's `tokenize`, answered word by word from a cache: the same tokens, at a fraction of the cost.

razdel builds an atom object per letter run and a split object with every rule's verdict between each pair of
neighbouring atoms: 0.85 s of CPU over the 840 NEREL articles of benchmarks/throughput.py (0.4 s here from a
cold cache, 0.25 s warm). Yet a token never spans whitespace: the segmenter cuts at every split whose
delimiter is not empty, and atoms are runs of non-space characters, so a text's tokens are the tokens of its
whitespace-free chunks laid end to end. News vocabulary is Zipfian, so a chunk («Путин», «заявил,», «2024»)
is mostly one seen before.

A chunk's tokens depend on the chunk alone except in one place. The Rule2112 rules (dash, underscore, float,
fraction) at a delimiter atom read the atom beyond it, and for a delimiter that is the chunk's first (last)
atom that is the previous (next) chunk's last (first) atom, across the space. They read only its type, which is
the type of its outer character (the atoms are runs of one character class). So the cache key is the chunk with
those neighbouring types, when the chunk starts or ends with a delimiter; the other rules (punctuation runs,
smileys, other symbols, «yahoo!») read only atoms, and a buffer, of the chunk itself.

A new chunk is cut by `razdel_tokens`, razdel's own atoms and rules (`_joins`) without its Record objects;
tests/test_tokens.py holds both to razdel's answers on random text made of every rule's characters.
"""
from __future__ import annotations

import re

from razdel.segmenters.punct import DASHES, ENDINGS
from razdel.segmenters.tokenize import ATOM, SMILE

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


# razdel's Rule2112 rules in order: which atom is the delimiter (razdel's own tests), and whether the atoms
# around it must both be digits (float, fraction) or merely not punctuation (dash, underscore)
_RULE2112 = ((lambda d: d in DASHES, False), (lambda d: d == "_", False), (lambda d: d in ".,", True),
             (lambda d: d in "/\\", True))


def _joins(atoms: list[tuple[int, int, str, str]], i: int, buffer: str) -> bool:
    """Whether razdel's token rules join atom i to the token before it (`buffer`, which ends with atom i - 1),
    the two touching: its RULES in their order (dash, underscore, float, fraction, punctuation, other symbols,
    «yahoo!»), each of which only ever joins or abstains. Atoms are (start, stop, type, text)."""
    l1, r1 = atoms[i - 1], atoms[i]
    l2 = atoms[i - 2] if i >= 2 else None
    r2 = atoms[i + 1] if i + 1 < len(atoms) else None
    left, right = l1[3], r1[3]
    # Rule2112: at a delimiter atom, the atoms either side of it
    for delimiter, ints in _RULE2112:
        if delimiter(left):
            a, b = l2, r1
        elif delimiter(right):
            a, b = l1, r2
        else:
            continue
        if a is None or b is None:
            continue
        if (a[2] == "INT" and b[2] == "INT") if ints else (a[2] != "PUNCT" and b[2] != "PUNCT"):
            return True
    if l1[2] == "PUNCT" and r1[2] == "PUNCT" and (SMILE.match(buffer + right) or (left in ENDINGS and right in ENDINGS)
                                                  or left + right in ("--", "**")):
        return True
    words = ("OTHER", "RU", "LAT")
    if (l1[2] == "OTHER" and r1[2] in words) or (l1[2] in words and r1[2] == "OTHER"):
        return True
    return left.lower() == "yahoo" and right == "!"


def razdel_tokens(text: str) -> list[tuple[int, int, str]]:
    """razdel's `tokenize(text)` as (start, stop, text), without its atom and split objects: atoms are ATOM's
    matches; two atoms with anything between them are two tokens, touching ones are joined when a rule says
    so (`_joins`)."""
    atoms = [(m.start(), m.end(), m.lastgroup, m.group()) for m in ATOM.finditer(text)]
    out: list[tuple[int, int, str]] = []
    if not atoms:
        return out
    start, stop, buffer = atoms[0][0], atoms[0][1], atoms[0][3]
    for i in range(1, len(atoms)):
        a = atoms[i]
        if a[0] == stop and _joins(atoms, i, buffer):
            buffer += a[3]
        else:
            out.append((start, stop, buffer))
            start, buffer = a[0], a[3]
        stop = a[1]
    out.append((start, stop, buffer))
    return out


def _chunk_tokens(chunk: str, before: str, after: str) -> tuple[tuple[int, int, str], ...]:
    """(start, stop, text) of the tokens of `chunk`, as razdel cuts it between the characters `before` and
    `after` (each one character, or empty for the edge of the text), with offsets in the chunk; _WHOLE when
    the chunk is one token."""
    lead = before + " " if before else ""
    toks = razdel_tokens(lead + chunk + (" " + after if after else ""))
    if before:
        toks = toks[1:]
    if after:
        toks = toks[:-1]
    if len(toks) == 1:
        return _WHOLE
    k = len(lead)
    return tuple((a - k, b - k, w) for a, b, w in toks)


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
