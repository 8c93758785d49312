"""Slovnet's tagger network (word and shape embeddings, a CNN, a linear head) computed with fewer copies.

Slovnet's numpy forward keeps activations channels-first, so every layer pads a transposed copy, builds its
convolution windows from it, and makes a new array for the bias, the ReLU, each step of the batch norm and
the padding mask. Here activations stay channels-last in one zero-padded buffer per layer and the
element-wise steps run in place. Every matrix product gets the same operands, element for element, and every
element-wise step is the same float32 operation in the same order, so the result is bit-identical to
`model(word_id, shape_id, pad_mask)` (tests/test_pipeline.py checks it); only memory traffic is saved.
Padded positions are zero at each layer's input in both versions: the pad word and shape embeddings are zero
vectors, and the mask zeroes them after each layer.
"""
from __future__ import annotations

import numpy as np
from slovnet.exec.pad import pad_sequence

# Words whose head outputs are computed at once when only their argmax is wanted (MorphTagger)
HEAD_ROWS = 2048
# Rows of one packed block (`Forward.batches`): sequences are laid end to end until a block holds this many
# words, so the largest arrays of a run stay a few MiB (a longer sequence makes a block of its own).
BLOCK_ROWS = 2048
# A product of fewer rows may take another path in the BLAS and round differently. OpenBLAS (the BLAS numpy
# ships) computes every row of a float32 product with the same operations whatever the number of rows, except
# for products small enough for its small-matrix kernels (here at most 1200 outputs and 10^6 multiply-adds:
# 18 rows for the encoder's narrowest layer, 150 for the NER head) and for one row (a matrix-vector product).
# Slovnet's padded batches below this many rows are run as they are; packed blocks are never smaller.
SMALL_ROWS = 256


def _windows(x: np.ndarray, kernel: int, length: int) -> np.ndarray:
    """Convolution windows as matrix rows: row (b, w), column (c, j) = x[b, w + j, c], the column order of
    Slovnet's windows and weights (the order the product sums in). Filled one kernel offset at a time:
    each copy reads whole rows of x, where a reshape of a strided window view gathers element by element."""
    batch, _, channels = x.shape
    w = np.empty((batch, length, channels, kernel), dtype=x.dtype)
    for j in range(kernel):
        w[..., j] = x[:, j:j + length]
    return w.reshape(batch * length, channels * kernel)


class Forward:
    """`Forward(model)(word_id, shape_id, pad_mask)` == slovnet `model(word_id, shape_id, pad_mask)`."""

    def __init__(self, model) -> None:
        word = model.emb.word
        qdim, centroids, chunk = word.codes.array.shape
        # navec's product-quantised table as one row per (sub-vector, centroid): a row index per sub-vector
        # gathers the same floats as codes[qdims, indexes] does
        self.codes = word.codes.array.reshape(qdim * centroids, chunk)
        self.indexes = word.indexes.array
        self.offsets = np.arange(qdim, dtype=np.intp) * centroids
        self.word_dim = qdim * chunk
        self.shapes = model.emb.shape.weight.array
        self.layers = []
        for layer in model.encoder.layers:
            conv, norm = layer.conv, layer.norm
            filters, in_dim, kernel = conv.weight.shape
            assert conv.padding == (kernel - 1) // 2, "a 'same' convolution"
            self.layers.append((conv.padding, kernel, conv.weight.array.reshape(filters, in_dim * kernel).T,
                                conv.bias.array, norm.mean.array, norm.std.array, norm.weight.array,
                                norm.bias.array))
        proj = model.head.proj
        self.proj_weight, self.proj_bias = proj.weight.array, proj.bias.array

    def _padded(self, batch: int, length: int, dim: int, pad: int) -> np.ndarray:
        return np.zeros((batch, length + 2 * pad, dim), dtype=np.float32)

    def __call__(self, word_id: np.ndarray, shape_id: np.ndarray, pad_mask: np.ndarray) -> np.ndarray:
        batch, length = word_id.shape
        hidden = self.encode(word_id, shape_id, pad_mask)
        return self.head(hidden.reshape(batch * length, -1)).reshape(batch, length, -1)

    def encode(self, word_id: np.ndarray, shape_id: np.ndarray, pad_mask: np.ndarray) -> np.ndarray:
        """The CNN encoder's output, (batch, length, channels)."""
        batch, length = word_id.shape
        pad = self.layers[0][0]
        x = self._padded(batch, length, self.word_dim + self.shapes.shape[1], pad)
        body = x[:, pad:pad + length]
        # np.take along axis 0 copies whole rows; fancy indexing gathered the 3-float rows element by element
        # at about three times the cost (same values: a gather does no arithmetic)
        rows = np.take(self.indexes, word_id.reshape(-1), axis=0).astype(np.intp)
        rows += self.offsets
        body[..., :self.word_dim] = np.take(self.codes, rows, axis=0).reshape(batch, length, self.word_dim)
        body[..., self.word_dim:] = self.shapes[shape_id]
        del body  # a view: it would keep x alive below
        for i, (pad, kernel, weight_t, bias, mean, std, gamma, beta) in enumerate(self.layers):
            windows = _windows(x, kernel, length)
            del x  # the largest arrays of a batch: let each go as soon as it is read (peak memory)
            out = np.matmul(windows, weight_t)
            del windows
            out += bias
            np.clip(out, 0, None, out=out)  # ReLU, as Slovnet's `input.clip(0)`
            out -= mean
            out /= std
            out *= gamma
            out += beta
            out = out.reshape(batch, length, -1)
            out[pad_mask] = 0
            if i + 1 < len(self.layers):
                nxt = self.layers[i + 1][0]
                x = self._padded(batch, length, out.shape[-1], nxt)
                x[:, nxt:nxt + length] = out
                del out
        return out

    def head(self, x: np.ndarray) -> np.ndarray:
        """Slovnet's Linear head (`matmul(x, W) + b`), the bias added in place."""
        pred = np.matmul(x, self.proj_weight)
        pred += self.proj_bias
        return pred

    def batches(self, batches: list[list[tuple[list[int], list[int]]]], pad_word: int, pad_shape: int
                ) -> list[list[np.ndarray]]:
        """The encoder's output rows of each word of Slovnet's batches (lists of (word ids, shape ids)):
        per batch, per sequence, an array (words, channels), with the floats Slovnet's padded batch gives.

        The sequences of large batches are laid end to end instead of padded to the longest of their batch
        (the padding of a batch of unequal sentences was a seventh of the morphology rows and a quarter of
        the NER rows). Between two sequences stand as many pad words as the widest convolution reaches, so
        no window sees another sequence: it sees the zero vectors the padded batch gave it (the pad word and
        shape embeddings are zero, and the mask zeroes pad positions after each layer). Each row of a block
        of at least SMALL_ROWS rows is then the float of a padded batch of SMALL_ROWS rows or more; smaller
        batches, and any whose packed rows would make a smaller block, run padded as Slovnet runs them."""
        gap = max(layer[0] for layer in self.layers)
        out: list[list[np.ndarray]] = [[] for _ in batches]
        large = [k for k, batch in enumerate(batches) if not small(batch)]
        seqs = [(k, j) for k in large for j in range(len(batches[k]))]
        if sum(len(batches[k][j][0]) + gap for k, j in seqs) - gap < SMALL_ROWS:
            large, seqs = [], []
        blocks: list[list[tuple[int, int]]] = [[]]
        rows = 0
        for k, j in seqs:
            if rows >= BLOCK_ROWS:
                blocks.append([])
                rows = 0
            blocks[-1].append((k, j))
            rows += len(batches[k][j][0]) + gap
        if len(blocks) > 1 and rows - gap < SMALL_ROWS:
            tail = blocks.pop()
            blocks[-1] += tail
        for block in blocks:
            if block:
                self._packed(batches, block, gap, pad_word, pad_shape, out)
        packed = set(large)
        for k, batch in enumerate(batches):
            if k not in packed:
                word_id = pad_sequence([np.array(w) for w, _ in batch], pad_word)
                shape_id = pad_sequence([np.array(s) for _, s in batch], pad_shape)
                hidden = self.encode(word_id, shape_id, word_id == pad_word)
                out[k] = [hidden[j, :len(w)] for j, (w, _) in enumerate(batch)]
        return out

    def _packed(self, batches, block: list[tuple[int, int]], gap: int, pad_word: int, pad_shape: int,
                out: list[list[np.ndarray]]) -> None:
        words, shapes, starts = [], [], []
        sep_w, sep_s = [pad_word] * gap, [pad_shape] * gap
        for n, (k, j) in enumerate(block):
            if n:
                words += sep_w
                shapes += sep_s
            starts.append(len(words))
            words += batches[k][j][0]
            shapes += batches[k][j][1]
        word_id = np.array(words)[None]
        # the mask as Slovnet's encoder makes it: every pad id, also one a word may have
        hidden = self.encode(word_id, np.array(shapes)[None], word_id == pad_word)[0]
        for (k, j), a in zip(block, starts):
            out[k].append(hidden[a:a + len(batches[k][j][0])])

    @staticmethod
    def padded(rows: list[np.ndarray]) -> np.ndarray:
        """Rows of a batch's sequences as the padded (batch, length, channels) array `encode` gives: its pad
        positions are zero, as the mask leaves them."""
        out = np.zeros((len(rows), max(map(len, rows), default=0), rows[0].shape[-1] if rows else 0),
                       dtype=np.float32)
        for row, r in zip(out, rows):
            row[:len(r)] = r
        return out

    def argmax(self, hidden: np.ndarray) -> np.ndarray:
        """`argmax` of the head over each row of `hidden`, HEAD_ROWS rows at a time, as Slovnet's
        MorphHead.decode: the morphology head has 753 outputs a word, so all rows at once made the largest
        array of a run. No block is of one row (a matrix-vector product) unless `hidden` is."""
        cuts = list(range(0, len(hidden), HEAD_ROWS))
        if len(cuts) > 1 and len(hidden) - cuts[-1] < 2:
            cuts.pop()
        cuts.append(len(hidden))
        return np.concatenate([self.head(hidden[a:b]).argmax(-1) for a, b in zip(cuts, cuts[1:])])

    def tags(self, word_id: np.ndarray, shape_id: np.ndarray, pad_mask: np.ndarray) -> np.ndarray:
        """`argmax` of the head over each word, as Slovnet's MorphHead.decode, computed HEAD_ROWS words at a
        time: the morphology head has 753 outputs a word, so a batch of long sentences made the largest
        array of a run. Each row of a product is its own dot products (same operands, same order), so
        the blocks give the same floats (tests/test_pipeline.py checks it)."""
        batch, length = word_id.shape
        return self.argmax(self.encode(word_id, shape_id, pad_mask).reshape(batch * length, -1)).reshape(batch, length)


def small(batch: list[tuple[list[int], list[int]]]) -> bool:
    """Whether Slovnet's padded batch of these (word ids, shape ids) has fewer than SMALL_ROWS rows."""
    return len(batch) * max((len(w) for w, _ in batch), default=0) < SMALL_ROWS
