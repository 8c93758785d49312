"""What the quote tests share: the quotes of a short article, and the one quote holding a fragment."""
import pytest

from svodka import analyze
from svodka.ingest import article_from_text


def quotes_of(text, ident="t"):
    return analyze(article_from_text(text, ident, "test")).quotes


def speakers_of(text, ident="t"):
    """The speakers of a short article's quotes, in text order."""
    return [q.speaker for q in quotes_of(text, ident)]


def rule_quotes_of(text, ident="t"):
    """The hand rules' quotes alone: what they propose to the learned model, with their attribution."""
    from svodka.quotemodel.model import RulesOnly
    return analyze(article_from_text(text, ident, "test"), quote_model=RulesOnly()).quotes


# both readers of an article's quotes, for a test that the rules propose a reading and the model keeps it
READERS = [pytest.param(rule_quotes_of, id="rules"), pytest.param(quotes_of, id="model")]


def find(quotes, fragment):
    found = [q for q in quotes if fragment in q.text]
    assert len(found) == 1, [(q.kind, q.text, q.speaker) for q in quotes]
    return found[0]


def speaker_candidate_names(text, fragment):
    """The names of the speaker candidates the learned model chooses among for the quote candidate holding
    `fragment` (the first one found), before any model has scored them."""
    from svodka.quotemodel.decode import speaker_rows
    from svodka.quotemodel.train import analyse_gold
    (_, fz, _view), = list(analyse_gold([{"id": "t", "text": text}]))
    cand = next(c for c in fz.cands if fragment in fz.doc.text[c.start:c.end])
    return [s.name for s in speaker_rows(fz.doc, cand)[0]]
