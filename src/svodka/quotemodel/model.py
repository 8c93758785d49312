"""The quote model file: two LightGBM boosters (is it a quote; is this its speaker) and their vocabulary.

One gzip-compressed JSON file, so it ships inside the package, diffs as text when unpacked and loads without
pickle (a pickle from another library version fails in ways a user cannot read). LightGBM's own text format
holds each booster. The file records its format version and the feature names it was trained with: a file
from another svodka version, or a damaged one, is refused with a message naming it instead of predicting
garbage, and analysis never falls back silently to another model.
"""
from __future__ import annotations

import gzip
import json
import threading
import zlib
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

import numpy as np

from .features import QUOTE_FEATURES, SPEAKER_FEATURES

FORMAT = "svodka-quote-model"
VERSION = 1
SHIPPED = "quotes_model.json.gz"


# How the speaker booster predicts: one thread (analysis runs one process per core), with LightGBM's prediction
# early stopping: every 20 trees, a row whose raw score is past ±4 (a probability under 0.018 or over 0.982)
# stops adding trees. Most speaker candidates are plainly not the speaker and stop after 20 or 40 of the 300
# trees. Decoding reads only the best score of each quote's candidates (who said it, and how likely: the joint
# threshold), so the scores that can decide are made the model's own: a row stopped high is scored again with
# every tree, and so is every candidate of a quote whose best is below DOUBT (its choice among weak candidates
# still counts where the rules agree with it, decode.py's RULE_AGREED_CHANCE). What is left approximate are rows
# stopped low in a quote whose best is at least DOUBT: to overtake it, such a row would have to climb from a raw
# score below -4 to above 0 in the trees it skipped. Over the 15,820 speaker rows of the shared training gold
# (26,855 with the project's own gold files) the largest climb is 2.65, and none ends above 0.2; with ±3
# instead, two rows stopped low end above 0.5, too close (benchmarks/speaker_early_stop.py, which also times
# it: the speaker booster's calls take 64 % of their full time). The quote booster predicts in full: its rows
# stop less often, and the high ones it would have to score again cost more than stopping saved.
EARLY = {"num_threads": 1, "pred_early_stop": True, "pred_early_stop_freq": 20, "pred_early_stop_margin": 8.0}
SURE = 0.98  # below 1 / (1 + e^-4) = 0.982: every row stopped high is above it
DOUBT = 0.5


def _settled(booster, rows: list[list[float]], groups: list[int]) -> list[float]:
    """The booster's scores of `rows` (groups of `groups` rows, one per quote) where they can decide anything,
    with early stopping where they cannot."""
    X = np.asarray(rows, dtype=np.float64)
    p = booster.predict(X, **EARLY)
    again = p > SURE
    at = 0
    for size in groups:
        if size and p[at:at + size].max() < DOUBT:
            again[at:at + size] = True
        at += size
    if again.any():
        idx = np.flatnonzero(again)
        p[idx] = booster.predict(X[idx], num_threads=1)
    return p.tolist()


class QuoteModelError(ValueError):
    """A model file that cannot be used; the message names the file and what is wrong."""


@dataclass
class QuoteModel:
    quote_booster: object
    speaker_booster: object
    vocab: dict[str, int]
    threshold: float = 0.5  # the least quote score a candidate needs (with `joint`, a floor before it)
    meta: dict = field(default_factory=dict)
    # the least speaker score a candidate the rules did not propose needs to be kept (see decode.py); used
    # only by a model with no `joint` threshold (files written before it)
    min_speaker: float = 0.2
    where: str = "(in memory)"
    # a quote is kept when its quote score times its best speaker's score reaches this (decode.py); None: the
    # quote threshold and the speaker floor, each on its own
    joint: float | None = None

    def quote_scores(self, rows: list[list[float]]) -> list[float]:
        if not rows:
            return []
        return self.quote_booster.predict(np.asarray(rows, dtype=np.float64), num_threads=1).tolist()

    def speaker_scores(self, rows: list[list[float]], groups: list[int] | None = None) -> list[float]:
        """The speaker scores of `rows`: the candidates of one quote, or of several laid end to end, `groups`
        giving how many rows each quote has."""
        if not rows:
            return []
        if groups is not None and sum(groups) != len(rows):
            raise ValueError(f"{len(rows)} speaker rows in groups of {sum(groups)}")
        return _settled(self.speaker_booster, rows, groups or [len(rows)])

    def to_dict(self) -> dict:
        return {"format": FORMAT, "version": VERSION, "quote_features": QUOTE_FEATURES,
                "speaker_features": SPEAKER_FEATURES, "threshold": self.threshold,
                "min_speaker": self.min_speaker, "joint": self.joint, "vocab": self.vocab,
                "meta": self.meta, "quote_model": self.quote_booster.model_to_string(),
                "speaker_model": self.speaker_booster.model_to_string()}

    def to_bytes(self) -> bytes:
        data = json.dumps(self.to_dict(), ensure_ascii=False, sort_keys=True).encode("utf-8")
        # mtime=0: the same model gives the same bytes, so a retrained model can be compared byte for byte
        return gzip.compress(data, compresslevel=9, mtime=0)

    def save(self, path: str | Path) -> None:
        Path(path).write_bytes(self.to_bytes())

    @classmethod
    def load(cls, path: str | Path | None = None) -> "QuoteModel":
        if path is None:
            where = f"svodka/data/{SHIPPED}"
            try:
                raw = resources.files("svodka.data").joinpath(SHIPPED).read_bytes()
            except OSError as e:
                raise QuoteModelError(f"{where}: the shipped quote model is missing ({e}); reinstall svodka or "
                                      f"train one with `svodka train quotes`") from None
        else:
            where = str(path)
            try:
                raw = Path(path).read_bytes()
            except OSError as e:
                raise QuoteModelError(f"{where}: cannot read the quote model: {e.strerror or e}") from None
        return cls.from_bytes(raw, where)

    @classmethod
    def from_bytes(cls, raw: bytes, where: str) -> "QuoteModel":
        try:
            data = json.loads(gzip.decompress(raw) if raw[:2] == b"\x1f\x8b" else raw)
        except (OSError, EOFError, zlib.error, UnicodeDecodeError, json.JSONDecodeError) as e:
            raise QuoteModelError(f"{where}: not a svodka quote model (corrupt or another kind of file: {e})") from None
        if not isinstance(data, dict) or data.get("format") != FORMAT:
            raise QuoteModelError(f"{where}: not a svodka quote model (no '{FORMAT}' header)")
        if data.get("version") != VERSION:
            raise QuoteModelError(f"{where}: quote model format version {data.get('version')!r}, this svodka reads "
                                  f"version {VERSION}; retrain it with `svodka train quotes`")
        if data.get("quote_features") != QUOTE_FEATURES or data.get("speaker_features") != SPEAKER_FEATURES:
            raise QuoteModelError(f"{where}: the model was trained with other features than this svodka computes "
                                  f"(made by another version); retrain it with `svodka train quotes`")
        from ..boosterfile import lightgbm
        lgb = lightgbm()
        try:
            qb = lgb.Booster(model_str=data["quote_model"])
            sb = lgb.Booster(model_str=data["speaker_model"])
        except Exception as e:  # noqa: BLE001 - LightGBM raises its own error types for a damaged model
            raise QuoteModelError(f"{where}: the model's boosters cannot be read ({e})") from None
        if qb.num_feature() != len(QUOTE_FEATURES) or sb.num_feature() != len(SPEAKER_FEATURES):
            raise QuoteModelError(f"{where}: the boosters expect another number of features; retrain the model")
        vocab = data.get("vocab")
        if not isinstance(vocab, dict):
            raise QuoteModelError(f"{where}: the model has no vocabulary")
        return cls(qb, sb, vocab, threshold=float(data.get("threshold", 0.5)), meta=data.get("meta") or {},
                   min_speaker=float(data.get("min_speaker", 0.2)), where=where,
                   joint=float(data["joint"]) if data.get("joint") is not None else None)


_lock = threading.Lock()
_default: QuoteModel | None = None


def default_model() -> QuoteModel:
    """The shipped model, loaded once per process."""
    global _default
    with _lock:
        if _default is None:
            _default = QuoteModel.load()
        return _default


def set_default_model(model: QuoteModel | None) -> None:
    """Make `model` the one `default_model()` returns (None: the shipped one again), for a program that
    wants one model everywhere; passing `Knowledge(quote_model=…)` to `analyze` is scoped to that call (the
    CLI's --quotes-model does that)."""
    global _default
    with _lock:
        _default = model


class RulesOnly:
    """The hand rules alone, in the shape of a model: every rule quote kept with the rule's speaker, nothing
    else. For measuring what the learned model adds (`svodka eval quotes --rules-only`)."""

    threshold = 0.5
    min_speaker = 0.5
    vocab: dict[str, int] = {}
    where = "(the hand rules)"

    def quote_scores(self, rows: list[list[float]]) -> list[float]:
        col = QUOTE_FEATURES.index("origin_rule")
        return [r[col] for r in rows]

    def speaker_scores(self, rows: list[list[float]], groups: list[int] | None = None) -> list[float]:
        col = SPEAKER_FEATURES.index("from_rule")
        return [r[col] for r in rows]
