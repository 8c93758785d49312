"""Model files of LightGBM boosters: one gzip JSON holding a format name, a version, the feature names and each
booster in LightGBM's own text format. No pickle (a pickle from another library version fails in ways a user
cannot read); the same model gives the same bytes (gzip mtime 0), so a retrained model compares byte for
byte. A file of another kind or version, or a damaged one, raises the caller's error naming the file."""
from __future__ import annotations

import gzip
import json
import sys
import threading
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import ClassVar, Generic, TypeVar


def to_bytes(data: dict) -> bytes:
    raw = json.dumps(data, ensure_ascii=False, sort_keys=True).encode("utf-8")
    return gzip.compress(raw, compresslevel=9, mtime=0)


def read(path: str | Path | None, shipped: str, what: str, error: type[Exception], retrain: str) -> tuple[bytes, str]:
    """The bytes of `path`, or of the packaged `shipped` file when None, and how to name it in messages."""
    if path is None:
        where = f"svodka/data/{shipped}"
        try:
            return resources.files("svodka.data").joinpath(shipped).read_bytes(), where
        except OSError as e:
            raise error(f"{where}: the shipped {what} is missing ({e}); reinstall svodka or {retrain}") from None
    try:
        return Path(path).read_bytes(), str(path)
    except OSError as e:
        raise error(f"{path}: cannot read the {what}: {e.strerror or e}") from None


def parse(raw: bytes, where: str, fmt: str, version: int, features: dict[str, list[str]], what: str,
          error: type[Exception], retrain: str) -> dict:
    """The checked contents of a model file: its format, version and feature names are this svodka's."""
    try:
        data = json.loads(gzip.decompress(raw) if raw[:2] == b"\x1f\x8b" else raw)
    except (OSError, EOFError, zlib.error, UnicodeDecodeError, json.JSONDecodeError) as e:
        raise error(f"{where}: not a svodka {what} (corrupt or another kind of file: {e})") from None
    if not isinstance(data, dict) or data.get("format") != fmt:
        raise error(f"{where}: not a svodka {what} (no '{fmt}' header)")
    if data.get("version") != version:
        raise error(f"{where}: {what} format version {data.get('version')!r}, this svodka reads version {version}; "
                    f"{retrain}")
    if any(data.get(key) != names for key, names in features.items()):
        raise error(f"{where}: the model was trained with other features than this svodka computes (made by "
                    f"another version); {retrain}")
    return data


# LightGBM imports these, when installed, for its scikit-learn, pandas and Dask front ends, none of which svodka
# calls (it uses Booster, Dataset and train). scikit-learn alone is about 70 MiB of every analysing process.
_OPTIONAL = ("sklearn", "pandas", "dask", "pyarrow", "datatable", "graphviz", "matplotlib")


def lightgbm():
    """The lightgbm module, imported without its optional front ends (a module already imported stays)."""
    if "lightgbm" in sys.modules:
        return sys.modules["lightgbm"]
    blocked = [m for m in _OPTIONAL if m not in sys.modules]
    for m in blocked:
        sys.modules[m] = None  # an import of it raises ImportError: lightgbm reads that as "not installed"
    try:
        import lightgbm as lgb
    finally:
        for m in blocked:
            if sys.modules.get(m, 0) is None:
                del sys.modules[m]
    return lgb


def booster(model_str: object, n_features: int, where: str, error: type[Exception]):
    lgb = lightgbm()
    try:
        b = lgb.Booster(model_str=model_str)
    except Exception as e:  # noqa: BLE001 - LightGBM raises its own error types for a damaged model
        raise error(f"{where}: the model's boosters cannot be read ({e})") from None
    if b.num_feature() != n_features:
        raise error(f"{where}: the boosters expect another number of features; retrain the model")
    return b


@dataclass
class ScoringModel:
    """A model file of one booster that gives each feature row one score (the about-model, the story linker):
    a kind sets the class constants, and loading, saving and scoring are these."""
    FORMAT: ClassVar[str]
    VERSION: ClassVar[int]
    SHIPPED: ClassVar[str]  # the file in svodka/data
    WHAT: ClassVar[str]  # how messages name it: "about model"
    RETRAIN: ClassVar[str]  # what a message tells the user to do
    FEATURES: ClassVar[list[str]]
    ERROR: ClassVar[type[Exception]]

    booster: object
    meta: dict = field(default_factory=dict)
    where: str = "(in memory)"

    def scores(self, rows: list[list[float]]) -> list[float]:
        if not rows:
            return []
        import numpy as np
        return self.booster.predict(np.asarray(rows, dtype=np.float64), num_threads=1).tolist()

    def to_bytes(self) -> bytes:
        return to_bytes({"format": self.FORMAT, "version": self.VERSION, "features": self.FEATURES,
                         "meta": self.meta, "model": self.booster.model_to_string()})

    def save(self, path: str | Path) -> None:
        Path(path).write_bytes(self.to_bytes())

    @classmethod
    def load(cls, path: str | Path | None = None):
        """The model of `path`, or the shipped one when None; an unusable file raises `ERROR` naming it."""
        raw, where = read(path, cls.SHIPPED, cls.WHAT, cls.ERROR, cls.RETRAIN)
        data = parse(raw, where, cls.FORMAT, cls.VERSION, {"features": cls.FEATURES}, cls.WHAT, cls.ERROR,
                     cls.RETRAIN)
        return cls(booster(data.get("model"), len(cls.FEATURES), where, cls.ERROR), meta=data.get("meta") or {},
                   where=where)


M = TypeVar("M")


class Default(Generic[M]):
    """A process's model of one kind: loaded once, when first asked for (by `load`), unless `use` set one."""

    def __init__(self, load: Callable[[], M]) -> None:
        self._load, self._lock, self._model = load, threading.Lock(), None

    def get(self) -> M:
        with self._lock:
            if self._model is None:
                self._model = self._load()
            return self._model

    def use(self, model: M | None) -> None:
        """`model` from now on; None goes back to loading the shipped one."""
        with self._lock:
            self._model = model
