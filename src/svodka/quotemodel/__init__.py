"""The learned quote extractor: the rules propose, a trained model decides.

The hand rules of `extract/quotes.py` are kept for what they are good at (pairing quotation marks, the
punctuation grammar of direct speech, finding a cue's clause), and they run with a wider net here: every
quotation-mark pair, every Telegram `… — Source` line and dash list, every rule quote. A gradient-boosted
model trained on the annotated corpus then decides which candidates are quotes, and a second one chooses
each quote's speaker among the entities and phrases near it. One module per step:

    candidates.py  what may be a quote, and who may have said it
    features.py    numbers the models read, for a quote candidate and for a (quote, speaker) pair
    model.py       the two boosted models in one file: load (with clear errors), predict, save
    decode.py      candidates + scores -> `Quote`s
    train.py       gold files -> training rows -> a model file; cross-validation by article
"""
from .decode import extract_quotes
from .model import QuoteModel, QuoteModelError, default_model

__all__ = ["extract_quotes", "QuoteModel", "QuoteModelError", "default_model"]
