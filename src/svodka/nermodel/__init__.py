"""The learned NER layer: a token re-tagger over Slovnet's tags and the hand repair's (extract/ner_fix.py),
trained on NER gold. On by default (`Knowledge.learned_ner`; `svodka --no-learned-ner` turns it off); see
README, Quality and speed, for why. One module per step:

    features.py    what the booster reads about each candidate token and its neighbours
    model.py       the booster and its vocabulary in one file: load (with clear errors), predict, save
    decode.py      classes per token -> spans, merged with the repair's events and facilities
    train.py       gold files -> token labels -> a model file; folds by article for cross-validation
"""
from .decode import retag
from .model import NerModel, NerModelError, default_ner_model

__all__ = ["retag", "NerModel", "NerModelError", "default_ner_model"]
