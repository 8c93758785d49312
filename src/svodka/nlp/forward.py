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

# Words whose head outputs are computed at once when only their argmax is wanted (MorphTagger)
HEAD_ROWS = 2048

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

    def tags(self, word_id: np.ndarray, shape_id: np.ndarray, pad_mask: np.ndarray) -> np.ndarray:
        """`argmax` of the head over each word, as Slovnet's MorphHead.decode, computed HEAD_ROWS words at a
        time: the morphology head has 753 outputs a word, so a batch of long sentences made the largest
        array of a run. Each row of a product is its own dot products (same operands, same order), so
        the blocks give the same floats (tests/test_pipeline.py checks it)."""
        batch, length = word_id.shape
        hidden = self.encode(word_id, shape_id, pad_mask).reshape(batch * length, -1)
        ids = np.concatenate([self.head(hidden[k:k + HEAD_ROWS]).argmax(-1)
                              for k in range(0, len(hidden), HEAD_ROWS)])
        return ids.reshape(batch, length)
