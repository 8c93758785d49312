"""What a figure measures, learned: candidates (the nouns of its sentence, and "nothing named"), features,
the model file, decoding and training, as `quotemodel` does for quotes. `extract/figures.py` finds the
figures and asks the model which noun each one measures."""
from .model import AboutModel, AboutModelError, default_about_model

__all__ = ["AboutModel", "AboutModelError", "default_about_model"]
