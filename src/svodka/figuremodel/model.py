"""The about-model file: one LightGBM booster scoring (figure, candidate noun) pairs, in a gzip JSON file
(boosterfile.py) shipped in the package as data/about_model.json.gz."""
from __future__ import annotations

import threading
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from .. import boosterfile
from .features import FEATURES

FORMAT = "svodka-about-model"
VERSION = 1
SHIPPED = "about_model.json.gz"
RETRAIN = "retrain it with `svodka train figures` (or scripts/train_about_model.sh)"


class AboutModelError(ValueError):
    """A model file that cannot be used; the message names the file and what is wrong."""


@dataclass
class AboutModel:
    booster: object
    meta: dict = field(default_factory=dict)
    where: str = "(in memory)"

    def scores(self, rows: list[list[float]]) -> list[float]:
        if not rows:
            return []
        return self.booster.predict(np.asarray(rows, dtype=np.float64), num_threads=1).tolist()

    def to_bytes(self) -> bytes:
        return boosterfile.to_bytes({"format": FORMAT, "version": VERSION, "features": FEATURES, "meta": self.meta,
                                     "model": self.booster.model_to_string()})

    def save(self, path: str | Path) -> None:
        Path(path).write_bytes(self.to_bytes())

    @classmethod
    def load(cls, path: str | Path | None = None) -> "AboutModel":
        raw, where = boosterfile.read(path, SHIPPED, "about model", AboutModelError, RETRAIN)
        data = boosterfile.parse(raw, where, FORMAT, VERSION, {"features": FEATURES}, "about model",
                                 AboutModelError, RETRAIN)
        return cls(boosterfile.booster(data.get("model"), len(FEATURES), where, AboutModelError),
                   meta=data.get("meta") or {}, where=where)


_lock = threading.Lock()
_default: AboutModel | None = None


def default_about_model() -> AboutModel:
    """The shipped model, loaded once per process."""
    global _default
    with _lock:
        if _default is None:
            _default = AboutModel.load()
        return _default
