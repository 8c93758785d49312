"""Thin wrapper over Natasha/Slovnet: sentences, tokens with morphology, and NER spans for many texts.

Natasha's `Doc` runs one text at a time and hands the NER model the whole text as one sequence. Here the
model calls are batched across all texts of a call (sentences for morphology, paragraphs for NER), sorted
by length so padding is small, which is what makes `analyze_many` faster than a loop over `analyze`.
The syntax parser is not run: nothing downstream needs it yet and it is the slowest stage.
"""
from __future__ import annotations

import threading
from dataclasses import dataclass, field

# NER sees text in pieces of at most this many characters, cut at sentence ends. Slovnet's tagger is a CNN
# with a few tokens of context, so cutting between sentences loses nothing and bounds memory on huge texts.
NER_CHUNK_CHARS = 2000
BATCH_SIZE = 32


@dataclass
class Token:
    start: int
    end: int
    text: str
    pos: str = "X"
    feats: dict[str, str] = field(default_factory=dict)


@dataclass
class Sentence:
    start: int
    end: int
    tokens: list[Token] = field(default_factory=list)


@dataclass
class Span:
    start: int
    end: int
    type: str
    text: str


@dataclass
class Parsed:
    text: str
    sents: list[Sentence]
    spans: list[Span]

    @property
    def tokens(self) -> list[Token]:
        return [t for s in self.sents for t in s.tokens]


class Models:
    """Natasha's models, loaded once per process (about a second) and shared by every call."""

    _lock = threading.Lock()
    _instance: "Models | None" = None

    def __init__(self) -> None:
        from natasha import MorphVocab, NewsEmbedding, NewsMorphTagger, NewsNERTagger, Segmenter

        self.segmenter = Segmenter()
        emb = NewsEmbedding()
        self.morph = NewsMorphTagger(emb)
        self.ner = NewsNERTagger(emb)
        self.vocab = MorphVocab()
        for tagger in (self.morph, self.ner):
            tagger.batch_size = BATCH_SIZE
            tagger.infer.encoder.batch_size = BATCH_SIZE

    @classmethod
    def get(cls) -> "Models":
        with cls._lock:
            if cls._instance is None:
                cls._instance = Models()
            return cls._instance


def _sorted_map(tagger, items: list, key) -> list:
    """Run a Slovnet tagger over items in length order (less padding), return results in input order."""
    order = sorted(range(len(items)), key=lambda i: key(items[i]))
    results: list = [None] * len(items)
    for i, res in zip(order, tagger.map([items[i] for i in order])):
        results[i] = res
    return results


def _ner_chunks(text: str, sents: list[Sentence]) -> list[tuple[int, int]]:
    """Pieces of text for NER: paragraphs, or runs of sentences within a paragraph, at most NER_CHUNK_CHARS."""
    chunks: list[tuple[int, int]] = []
    cur_start = cur_end = None
    for s in sents:
        breaks_paragraph = cur_end is not None and "\n" in text[cur_end:s.start]
        too_long = cur_start is not None and s.end - cur_start > NER_CHUNK_CHARS
        if cur_start is None:
            cur_start, cur_end = s.start, s.end
        elif breaks_paragraph or too_long:
            chunks.append((cur_start, cur_end))
            cur_start, cur_end = s.start, s.end
        else:
            cur_end = s.end
    if cur_start is not None:
        chunks.append((cur_start, cur_end))
    return chunks


def parse_many(texts: list[str], models: Models | None = None) -> list[Parsed]:
    models = models or Models.get()
    seg = models.segmenter
    docs: list[Parsed] = []
    for text in texts:
        sents = []
        for s in seg.sentenize(text):
            sent = Sentence(s.start, s.stop)
            for t in seg.tokenize(s.text):
                sent.tokens.append(Token(s.start + t.start, s.start + t.stop, t.text))
            if sent.tokens:
                sents.append(sent)
        docs.append(Parsed(text, sents, []))

    all_sents = [s for d in docs for s in d.sents]
    markups = _sorted_map(models.morph, [[t.text for t in s.tokens] for s in all_sents], len)
    for sent, markup in zip(all_sents, markups):
        for tok, mt in zip(sent.tokens, markup.tokens):
            tok.pos, tok.feats = mt.pos, mt.feats

    pieces: list[tuple[int, int, int]] = []  # (doc index, start, end)
    for i, d in enumerate(docs):
        pieces.extend((i, a, b) for a, b in _ner_chunks(d.text, d.sents))
    markups = _sorted_map(models.ner, [docs[i].text[a:b] for i, a, b in pieces], len)
    for (i, a, _), markup in zip(pieces, markups):
        d = docs[i]
        for sp in markup.spans:
            d.spans.append(Span(a + sp.start, a + sp.stop, sp.type, d.text[a + sp.start:a + sp.stop]))
    return docs


def parse(text: str, models: Models | None = None) -> Parsed:
    return parse_many([text], models)[0]
