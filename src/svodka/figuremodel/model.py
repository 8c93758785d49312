"""The about-model file: one LightGBM booster scoring (figure, candidate noun) pairs, in a gzip JSON file
(boosterfile.py) shipped in the package as data/about_model.json.gz."""
from __future__ import annotations

from .. import boosterfile
from .features import FEATURES


class AboutModelError(ValueError):
    """A model file that cannot be used; the message names the file and what is wrong."""


class AboutModel(boosterfile.ScoringModel):
    FORMAT = "svodka-about-model"
    VERSION = 1
    SHIPPED = "about_model.json.gz"
    WHAT = "about model"
    RETRAIN = "retrain it with `svodka train figures` (or scripts/train_about_model.sh)"
    FEATURES = FEATURES
    ERROR = AboutModelError


_default = boosterfile.Default(AboutModel.load)


def default_about_model() -> AboutModel:
    """The shipped model, loaded once per process."""
    return _default.get()
