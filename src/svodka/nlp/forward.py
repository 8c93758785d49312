"""Slovnet's tagger network (word and shape embeddings, a CNN, a linear head) computed with less arithmetic.

The network is Slovnet's, weight for weight; three things make it cheaper than Slovnet's numpy forward:
- The first convolution, most of the encoder's multiply-adds, is computed once per distinct (word, shape)
  pair of a call, not once per position: its output at a position is a sum over the kernel's offsets of
  one neighbour's input vector times that offset's weights, and in 64 news articles a distinct pair
  comes about three times (`first_table`).
- The later convolutions are sums of one product per kernel offset over shifted views of one zero-padded,
  channels-last buffer, instead of a copy of every window; the batch norm is one scale and one shift.
- Sequences are laid end to end instead of padded to the longest of their batch (`batches`).
The sums run in another order than Slovnet's, so the floats differ from its in the last bits (about 1e-6
of their size; tests/test_pipeline.py bounds them and checks the tags). On 3,138 NEREL, factRuEval and
Telegram texts every tag and span came out the same as Slovnet's own forward gave.
"""
from __future__ import annotations

import numpy as np

# Words whose head outputs are computed at once when only their argmax is wanted (MorphTagger): the
# morphology head has 753 outputs a word, so all rows at once made the largest array of a run
HEAD_ROWS = 2048
# Rows of one packed block (`Forward.batches`): sequences are laid end to end until a block holds this many
# words, so the largest arrays of a run stay a few MiB (a longer sequence makes a block of its own).
BLOCK_ROWS = 2048
# Distinct (word, shape) pairs one first-layer table may hold (`Forward.batches`): 16,384 pairs are 48 MiB of
# products a tagger. A call of 64 NEREL articles has 5,500-6,600; a longer call gets one table per group of
# blocks, recomputing the pairs the groups share, so that a long document's peak memory stays bounded.
TABLE_KEYS = 16_384


class Forward:
    """`Forward(model)(word_id, shape_id, pad_mask)` ≈ slovnet `model(word_id, shape_id, pad_mask)`."""

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
        self.n_shapes = len(self.shapes)
        self.layers = []
        for layer in model.encoder.layers:
            conv, norm = layer.conv, layer.norm
            kernel = conv.weight.shape[2]
            assert conv.padding == (kernel - 1) // 2, "a 'same' convolution"
            # (kernel, in_dim, filters): one weight matrix per offset
            weight = np.ascontiguousarray(conv.weight.array.transpose(2, 1, 0))
            # Slovnet's batch norm `(x - mean) / std * weight + bias` as `x * scale + shift`
            scale = (norm.weight.array / norm.std.array).astype(np.float32)
            shift = (norm.bias.array - norm.mean.array * scale).astype(np.float32)
            self.layers.append((conv.padding, weight, conv.bias.array, scale, shift))
        proj = model.head.proj
        self.proj_weight, self.proj_bias = proj.weight.array, proj.bias.array

    def __call__(self, word_id: np.ndarray, shape_id: np.ndarray, pad_mask: np.ndarray) -> np.ndarray:
        batch, length = word_id.shape
        hidden = self.encode(word_id, shape_id, pad_mask)
        return self.head(hidden.reshape(batch * length, -1)).reshape(batch, length, -1)

    def first_table(self, word_id: np.ndarray, shape_id: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """The first convolution's products for each distinct (word, shape) pair of the ids: (sorted pair
        keys, products (kernel, pairs + 1, filters)); the last row is zero, for positions outside a
        sequence (Slovnet pads with zeros)."""
        return self._table(np.unique(word_id.astype(np.int64) * self.n_shapes + shape_id))

    def _table(self, keys: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """`first_table` of these sorted, distinct pair keys (word id × shapes + shape id)."""
        rows = np.take(self.indexes, keys // self.n_shapes, axis=0).astype(np.intp)
        rows += self.offsets
        x = np.empty((len(keys), self.word_dim + self.shapes.shape[1]), dtype=np.float32)
        x[:, :self.word_dim] = np.take(self.codes, rows, axis=0).reshape(len(keys), self.word_dim)
        x[:, self.word_dim:] = self.shapes[keys % self.n_shapes]
        weight = self.layers[0][1]
        products = np.zeros((len(weight), len(keys) + 1, weight.shape[2]), dtype=np.float32)
        for j, w in enumerate(weight):
            np.matmul(x, w, out=products[j, :len(keys)])
        return keys, products

    def encode(self, word_id: np.ndarray, shape_id: np.ndarray, pad_mask: np.ndarray,
               table: tuple[np.ndarray, np.ndarray] | None = None) -> np.ndarray:
        """The CNN encoder's output, (batch, length, channels). `table`: a `first_table` of ids that include
        these (one table serves every block of a call)."""
        batch, length = word_id.shape
        keys, products = table if table is not None else self.first_table(word_id, shape_id)
        pad = self.layers[0][0]
        # each position's row of the table; the positions around a sequence read the zero row
        at = np.full((batch, length + 2 * pad), len(keys), dtype=np.intp)
        at[:, pad:pad + length] = np.searchsorted(keys, word_id.astype(np.int64) * self.n_shapes + shape_id)
        out = np.take(products[0], at[:, :length].reshape(-1), axis=0)
        for j in range(1, len(products)):
            out += np.take(products[j], at[:, j:j + length].reshape(-1), axis=0)
        out = out.reshape(batch, length, -1)
        for i, (pad, weight, bias, scale, shift) in enumerate(self.layers):
            if i:
                out = np.matmul(x[:, :length], weight[0])
                for j in range(1, len(weight)):
                    out += np.matmul(x[:, j:j + length], weight[j])
                del x  # the largest arrays of a batch: let each go as soon as it is read (peak memory)
            out += bias
            np.clip(out, 0, None, out=out)  # ReLU, as Slovnet's `input.clip(0)`
            out *= scale
            out += shift
            out[pad_mask] = 0
            if i + 1 < len(self.layers):
                nxt = self.layers[i + 1][0]
                x = np.zeros((batch, length + 2 * nxt, out.shape[-1]), dtype=np.float32)
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
        per batch, per sequence, an array (words, channels).

        The sequences are laid end to end instead of padded to the longest of their batch (the padding of a
        batch of unequal sentences was a seventh of the morphology rows and a quarter of the NER rows).
        Between two sequences stand as many pad words as the widest convolution reaches, so no window sees
        another sequence: it sees the zero vectors a padded batch gives it (the pad word and shape
        embeddings are zero, and the mask zeroes pad positions after each layer)."""
        gap = max(layer[0] for layer in self.layers)
        out: list[list[np.ndarray]] = [[] for _ in batches]
        blocks: list[list[tuple[int, int]]] = [[]]
        rows = 0
        for k, batch in enumerate(batches):
            for j, (w, _) in enumerate(batch):
                if rows >= BLOCK_ROWS:
                    blocks.append([])
                    rows = 0
                blocks[-1].append((k, j))
                rows += len(w) + gap
        # one first-layer table for as many blocks as TABLE_KEYS distinct pairs allow (a call of news
        # articles needs one or two; a long document several, so its memory stays bounded)
        group: list[tuple[list[tuple[int, int]], np.ndarray, np.ndarray, list[int]]] = []
        union = np.empty(0, dtype=np.int64)
        for block in blocks:
            if not block:
                continue
            word_id, shape_id, starts = self._block_ids(batches, block, gap, pad_word, pad_shape)
            keys = np.unique(word_id * self.n_shapes + shape_id)
            merged = np.union1d(union, keys)
            if group and len(merged) > TABLE_KEYS:
                self._encode_group(batches, group, union, pad_word, out)
                group, merged = [], keys
            group.append((block, word_id, shape_id, starts))
            union = merged
        if group:
            self._encode_group(batches, group, union, pad_word, out)
        return out

    def _block_ids(self, batches, block: list[tuple[int, int]], gap: int, pad_word: int, pad_shape: int
                   ) -> tuple[np.ndarray, np.ndarray, list[int]]:
        """A block's sequences laid end to end with `gap` pad words between: (word ids, shape ids, each
        sequence's start)."""
        words, shapes, starts = [], [], []
        sep_w, sep_s = [pad_word] * gap, [pad_shape] * gap
        for n, (k, j) in enumerate(block):
            if n:
                words += sep_w
                shapes += sep_s
            starts.append(len(words))
            words += batches[k][j][0]
            shapes += batches[k][j][1]
        return np.array(words, dtype=np.int64), np.array(shapes, dtype=np.int64), starts

    def _encode_group(self, batches, group, keys: np.ndarray, pad_word: int, out: list[list[np.ndarray]]) -> None:
        table = self._table(keys)
        for block, word_id, shape_id, starts in group:
            # the mask as Slovnet's encoder makes it: every pad id, also one a word may have
            hidden = self.encode(word_id[None], shape_id[None], (word_id == pad_word)[None], table)[0]
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
        MorphHead.decode."""
        if not len(hidden):
            return np.zeros(0, dtype=np.intp)
        return np.concatenate([self.head(hidden[a:a + HEAD_ROWS]).argmax(-1)
                               for a in range(0, len(hidden), HEAD_ROWS)])

    def tags(self, word_id: np.ndarray, shape_id: np.ndarray, pad_mask: np.ndarray) -> np.ndarray:
        """`argmax` of the head over each word of a padded batch, as Slovnet's MorphHead.decode."""
        batch, length = word_id.shape
        return self.argmax(self.encode(word_id, shape_id, pad_mask).reshape(batch * length, -1)).reshape(batch, length)
