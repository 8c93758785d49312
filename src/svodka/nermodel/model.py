"""The NER model file: one LightGBM booster giving each candidate token a class (outside, PER, LOC, ORG), and
the lemma and suffix vocabularies its categorical features are coded by, in one gzip JSON file
(boosterfile.py) shipped in the package as data/ner_model.json.gz. A damaged file, another kind of file, or
one from another svodka version (other features) is refused with a message naming it."""
from __future__ import annotations

import threading
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from .. import boosterfile
from .features import CLASSES, FEATURES

FORMAT = "svodka-ner-model"
VERSION = 2  # 2: Slovnet CRF marginals among the features; settled candidates not scored
SHIPPED = "ner_model.json.gz"
RETRAIN = "retrain it with `svodka train ner` (or scripts/train_ner_model.sh)"


class NerModelError(ValueError):
    """A model file that cannot be used; the message names the file and what is wrong."""


@dataclass
class NerModel:
    booster: object
    vocab: dict[str, dict[str, int]]
    meta: dict = field(default_factory=dict)
    # how sure the booster must be to change the hand-repaired reading of a token (decode.py)
    override: float = 0.5
    where: str = "(in memory)"

    def probabilities(self, x: np.ndarray) -> np.ndarray:
        """(rows, len(CLASSES)) class probabilities of feature rows."""
        if not len(x):
            return np.zeros((0, len(CLASSES)))
        return self.booster.predict(x, num_threads=1).reshape(len(x), len(CLASSES))

    def to_bytes(self) -> bytes:
        return boosterfile.to_bytes({"format": FORMAT, "version": VERSION, "features": FEATURES,
                                     "classes": list(CLASSES), "vocab": self.vocab, "override": self.override, "meta": self.meta,
                                     "model": self.booster.model_to_string()})

    def save(self, path: str | Path) -> None:
        Path(path).write_bytes(self.to_bytes())

    @classmethod
    def load(cls, path: str | Path | None = None) -> "NerModel":
        raw, where = boosterfile.read(path, SHIPPED, "NER model", NerModelError, RETRAIN)
        data = boosterfile.parse(raw, where, FORMAT, VERSION, {"features": FEATURES, "classes": list(CLASSES)},
                                 "NER model", NerModelError, RETRAIN)
        vocab = data.get("vocab")
        if not isinstance(vocab, dict) or not all(isinstance(v, dict) for v in vocab.values()):
            raise NerModelError(f"{where}: the NER model has no vocabulary; {RETRAIN}")
        booster = boosterfile.booster(data.get("model"), len(FEATURES), where, NerModelError)
        if booster.num_model_per_iteration() != len(CLASSES):
            raise NerModelError(f"{where}: the booster predicts another number of classes; {RETRAIN}")
        override = data.get("override")
        if not isinstance(override, (int, float)) or not 0 <= override <= 1:
            raise NerModelError(f"{where}: the NER model has no valid 'override' threshold; {RETRAIN}")
        return cls(booster, vocab, meta=data.get("meta") or {}, override=float(override), where=where)


_lock = threading.Lock()
_default: NerModel | None = None


def default_ner_model() -> NerModel:
    """The shipped model, loaded once per process."""
    global _default
    with _lock:
        if _default is None:
            _default = NerModel.load()
        return _default
