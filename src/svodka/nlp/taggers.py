"""Slovnet's morphology and NER models run on word lists svodka already has, with the tagger's own batches.

`tagger.map` (slovnet's API) tokenises NER text again, builds a Record per word and tag, re-derives each
word's shape and vocabulary id and re-parses each CoNLL tag string: at news sizes that bookkeeping cost as
much as the networks. Here the same model, encoder and decoder objects are called directly, on the same
batches (items sorted by the same key, cut every `batch_size`), so every number the networks see is what
`tagger.map` gave them; the Python around them is cheaper, and the networks run through `forward.py` (the
same weights, less arithmetic).
"""
from __future__ import annotations

from collections.abc import Callable, Sequence

from slovnet.shape import word_shape

import numpy as np

from .forward import Forward

# Distinct words whose (vocabulary id, shape id) are kept; news vocabulary is Zipfian, so this answers most
# lookups, and at ~200 bytes an entry it stays a few MiB. Past it the cache starts again (no eviction order
# to keep), which only costs recomputation.
WORD_CACHE = 30_000


class _Encoded:
    """Word → (vocabulary id, shape id) for one tagger: both depend on the word alone (slovnet's
    `WordShapeEncoder.item`: the lower-cased word in the vocabulary, `word_shape` of the word as written), so
    caching them is safe."""

    def __init__(self, encoder) -> None:
        self.words = encoder.words_vocab
        self.shapes = encoder.shapes_vocab
        self.cache: dict[str, tuple[int, int]] = {}

    def serves(self, encoder) -> bool:
        """Whether `encoder` gives every word the ids this cache holds: both of Natasha's news taggers read
        the same navec vocabulary and shape list, so they can share one cache (and its memory)."""
        # one vocabulary object when pipeline.py shared it; compared by its words otherwise
        return ((self.words is encoder.words_vocab or self.words.items == encoder.words_vocab.items)
                and self.shapes.items == encoder.shapes_vocab.items)

    def item(self, words: Sequence[str]) -> tuple[list[int], list[int]]:
        cache = self.cache
        if len(cache) > WORD_CACHE:
            cache.clear()
        get = cache.get
        pairs = [get(w) or self._add(w) for w in words]  # an id pair is a non-empty tuple: never falsy
        return [p[0] for p in pairs], [p[1] for p in pairs]

    def _add(self, w: str) -> tuple[int, int]:
        ids = self.cache[w] = (self.words.encode(w.lower()), self.shapes.encode(word_shape(w)))
        return ids


def _batches(items: list, key: Callable[[int], int], size: int):
    """(input indices, items) batches in `key` order, as `_sorted_map` fed slovnet's `map`: a stable sort
    of the indices, then runs of `size`."""
    order = sorted(range(len(items)), key=key)
    for k in range(0, len(order), size):
        idx = order[k:k + size]
        yield idx, [items[i] for i in idx]


class MorphTagger:
    """(pos, feats) per word of each sentence, from Natasha's `NewsMorphTagger`."""

    def __init__(self, tagger) -> None:
        infer = tagger.infer
        self.model = infer.model
        self.forward = Forward(infer.model)
        self.batch_size = tagger.batch_size
        self.encoder = infer.encoder
        self.encoded = _Encoded(infer.encoder)
        # a tag id's CoNLL string parsed once: the vocabulary is a few hundred tags
        from slovnet.conll import parse_conll_tag
        self.tags = [parse_conll_tag(t) for t in infer.decoder.tags_vocab.items]

    def __call__(self, sentences: list[list[str]]) -> list[list[tuple[str, dict[str, str]]]]:
        out: list = [None] * len(sentences)
        encode, tags, forward = self.encoded, self.tags, self.forward
        items = [encode.item(words) for words in sentences]
        pad_word = self.encoder.words_vocab.pad_id
        batches = list(_batches(items, lambda i: len(sentences[i]), self.batch_size))
        hidden = forward.batches([batch for _, batch in batches], pad_word, self.encoder.shapes_vocab.pad_id)
        # a sentence's tags are its first `size` rows, `size` counting its words that are not the pad id, as
        # Slovnet's decoder reads them off the padded batch
        sized: list[tuple[int, int]] = []
        kept = []
        for (idx, batch), rows in zip(batches, hidden):
            sizes = [len(w) - w.count(pad_word) for w, _ in batch]
            sized += zip(idx, sizes)
            kept += [r[:size] for r, size in zip(rows, sizes)]
        if sized:
            ids = forward.argmax(np.concatenate(kept)).tolist()
            k = 0
            for i, size in sized:
                out[i] = [tags[t] for t in ids[k:k + size]]
                k += size
        return out


class NERTagger:
    """(start, stop, type) spans of each word list, from Natasha's `NewsNERTagger`; `positions` give each
    word's (start, stop) in its text. `encoded`: another tagger's word cache, used if it fits this one."""

    def __init__(self, tagger, encoded: _Encoded | None = None) -> None:
        from slovnet.bio import parse_bio
        infer = tagger.infer
        self.model = infer.model
        self.forward = Forward(infer.model)
        self.batch_size = tagger.batch_size
        self.encoder = infer.encoder
        self.encoded = encoded if encoded is not None and encoded.serves(infer.encoder) else _Encoded(infer.encoder)
        self.tags = [parse_bio(t) for t in infer.decoder.tags_vocab.items]

    def __call__(self, words: list[list[str]], positions: list[list[tuple[int, int]]],
                 key: Callable[[int], int], scores: list | None = None) -> list[list[tuple[int, int, str]]]:
        """`scores`, if given, is filled with each word list's tag probabilities: an array (words, 7) of the
        CRF's marginal probabilities of O, B-PER, I-PER, B-LOC, I-LOC, B-ORG, I-ORG (the pad tag left out),
        which the learned NER layer reads (nermodel/features.py); the spans do not depend on it."""
        out: list = [None] * len(words)
        if scores is not None:
            scores[:] = [None] * len(words)
        encode, forward = self.encoded, self.forward
        items = [encode.item(w) for w in words]
        batches = list(_batches(items, key, self.batch_size))
        hidden = forward.batches([batch for _, batch in batches], self.encoder.words_vocab.pad_id,
                                 self.encoder.shapes_vocab.pad_id)
        for (idx, batch), rows in zip(batches, hidden):
            x = self.encoder.input(batch)
            # the head and the CRF over Slovnet's padded batch: the head is small, so its products have the
            # batch's own shapes (and floats) at little cost
            h = forward.padded(rows)
            pred = forward.head(h.reshape(-1, h.shape[-1])).reshape(h.shape[0], h.shape[1], -1)
            for i, tag_ids in zip(idx, viterbi(self.model.head.crf, pred, ~x.pad_mask)):
                out[i] = self._spans(positions[i], tag_ids.tolist())
            if scores is not None:
                marg = crf_marginals(pred[:, :, 1:], self.model.head.crf.transitions.array[1:, 1:], ~x.pad_mask)
                for r, i in enumerate(idx):
                    scores[i] = marg[r, :len(positions[i])]
        return out

    def _spans(self, positions: list[tuple[int, int]], tag_ids: list[int]) -> list[tuple[int, int, str]]:
        """slovnet's `bio_spans`: B opens a span, I extends the open one, O closes it."""
        spans = []
        previous = None
        start = stop = 0
        for (a, b), t in zip(positions, tag_ids):
            part, type_ = self.tags[t]
            if part == "O":
                if previous:
                    spans.append((start, stop, previous))
                    previous = None
            elif part == "B":
                if previous:
                    spans.append((start, stop, previous))
                previous, start, stop = type_, a, b
            elif part == "I":
                stop = b
        if previous:
            spans.append((start, stop, previous))
        return spans


def viterbi(crf, emissions: np.ndarray, mask: np.ndarray) -> list[np.ndarray]:
    """Slovnet's `crf.decode(emissions, mask)`, the same tags from the same floats with fewer numpy calls: each
    step's best scores are `max` over the previous tag (the values its fancy indexing gathered at the
    `argmax`, which is kept for the path), and the path is followed back for the whole batch at once instead
    of one token of one sequence at a time (that loop of numpy scalar lookups was most of the decoder's
    time). A batch with an empty sequence goes to slovnet's own decoder, whatever it makes of it."""
    batch_size, seq_len, tags_num = emissions.shape
    sizes = mask.sum(1) - 1
    if batch_size == 0 or seq_len == 0 or (sizes < 0).any():
        return crf.decode(emissions, mask)
    transitions = crf.transitions.array
    emissions = emissions.swapaxes(1, 0)
    mask = mask.swapaxes(1, 0)
    history = np.empty((max(seq_len - 1, 0), batch_size, tags_num), dtype=np.intp)
    score = emissions[0]
    for index in range(1, seq_len):
        step = score.reshape(batch_size, tags_num, 1) + transitions + emissions[index].reshape(batch_size, 1, tags_num)
        history[index - 1] = step.argmax(-2)
        score = np.where(mask[index].reshape(batch_size, 1), step.max(-2), score)
    path = np.empty((batch_size, seq_len), dtype=np.intp)
    rows = np.arange(batch_size)
    best = score.argmax(-1)
    path[rows, sizes] = best
    for t in range(seq_len - 2, -1, -1):
        live = t < sizes
        if not live.any():
            continue
        best = np.where(live, history[t, rows, best], best)
        path[live, t] = best[live]
    return [path[b, :sizes[b] + 1] for b in range(batch_size)]


def crf_marginals(emissions: np.ndarray, transitions: np.ndarray, mask: np.ndarray) -> np.ndarray:
    """Per-word marginal tag probabilities of a linear-chain CRF, batched: emissions (batch, length, tags),
    transitions (tags, tags) from row tag to column tag, mask (batch, length) true on words. Slovnet decodes
    the same CRF by Viterbi (no start or end scores); the marginals say how sure it was, which the argmax
    path hides (a first name's emission alone says O: its tag comes from the transition to the surname).

    Forward-backward in probability space, each step rescaled to sum 1 (the scale cancels when a word's
    marginals are normalised): one small matrix product a step instead of a log-sum-exp over a (batch, tags,
    tags) array, which made this a tenth of the parse."""
    e = emissions.astype(np.float64)
    e -= e.max(axis=2, keepdims=True)
    np.exp(e, out=e)
    t = np.exp(transitions.astype(np.float64) - transitions.max())
    tt = t.T.copy()
    batch, length, tags = e.shape
    alpha = np.empty_like(e)
    a = e[:, 0] / e[:, 0].sum(axis=1, keepdims=True)
    alpha[:, 0] = a
    for k in range(1, length):
        step = (a @ t) * e[:, k]
        step /= step.sum(axis=1, keepdims=True)
        a = np.where(mask[:, k, None], step, a)
        alpha[:, k] = a
    beta = np.ones_like(e)
    b = beta[:, -1]
    for k in range(length - 2, -1, -1):
        step = (e[:, k + 1] * b) @ tt
        step /= step.sum(axis=1, keepdims=True)
        b = np.where(mask[:, k + 1, None], step, 1.0)
        beta[:, k] = b
    alpha *= beta
    alpha /= alpha.sum(axis=2, keepdims=True)
    return alpha.astype(np.float32)
