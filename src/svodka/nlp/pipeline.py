"""Thin wrapper over Natasha/Slovnet: sentences, tokens with morphology, and NER spans for many texts.

Natasha's `Doc` runs one text at a time and hands the NER model the whole text as one sequence. Here the
model calls are batched across all texts of a call (sentences for morphology, paragraphs for NER), sorted
by length so padding is small, which is what makes `analyze_many` faster than a loop over `analyze`.
Segmentation is razdel's, as Natasha's `Segmenter` runs it; the models run through `taggers.py`.
The syntax parser is not run: nothing downstream needs it yet and it is the slowest stage.
"""
from __future__ import annotations

import hashlib
import re
import threading
from bisect import bisect_right
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import cached_property

import numpy as np
from razdel import sentenize

from . import collector
from .chunks import ner_chunks, piece_words
from .taggers import MorphTagger, NERTagger
from .tokens import tokens as tokenize

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
    # Slovnet's tag probabilities per token (rows of `tokens`; NaN where the tagger read no such word): what
    # the learned NER layer reads beside the decoded spans (taggers.NERTagger, `scores`). Not compared or
    # printed: two parses are equal by their text, tokens and spans, and an array has no single truth value.
    ner_probs: "np.ndarray | None" = field(default=None, compare=False, repr=False)
    # (sents, the lemma of each token): the memo of `words.token_lemmas`, kept through `dataclasses.replace`
    # with the sentences it was read from (the NER repair and the quote candidates each read every token's)
    lemmas_of: "tuple[list[Sentence], list[str]] | None" = field(default=None, compare=False, repr=False)

    @cached_property
    def tokens(self) -> list[Token]:
        """Every token in text order, built once: the extractors ask for it per figure and per quote, and
        rebuilding it each time made a long text's analysis quadratic."""
        return [t for s in self.sents for t in s.tokens]

    def sentence_at(self, pos: int) -> Sentence | None:
        """The sentence holding offset `pos`, by bisection over the sentence starts."""
        starts = self._sent_starts
        i = bisect_right(starts, pos) - 1
        return self.sents[i] if i >= 0 and pos < self.sents[i].end else None

    @cached_property
    def _sent_starts(self) -> list[int]:
        return [s.start for s in self.sents]


def _news_embedding():
    """Natasha's news embedding as the taggers read it (slovnet's `navec()` takes its id and its product-quantised
    table, nothing else): Navec's own loader also reads its 500,000-word vocabulary and precomputes vector norms
    and a centroid-product table for similarity queries (0.5 s and 28 MiB of every process), which nothing here
    asks. The arrays are the ones `NewsEmbedding()` gives, read from the same file the same way."""
    from types import SimpleNamespace

    import numpy as np
    from natasha.data import NEWS_EMBEDDING
    from navec.meta import Meta
    from navec.navec import META, PQ_
    from navec.tar import Tar

    with Tar(NEWS_EMBEDDING) as tar:
        meta = Meta.from_file(tar.load(META))
        Meta.check_protocol(meta.protocol)
        file = tar.load(PQ_)
        # navec's PQ.from_file, without the PQ object (whose constructor precomputes the similarity tables)
        vectors, _, qdim, centroids = np.frombuffer(file.read(4 * 4), np.uint32)
        indexes = np.frombuffer(file.read(vectors * qdim), np.uint8).reshape(vectors, qdim)
        codes = np.frombuffer(file.read(), np.float32).reshape(qdim, centroids, -1)
    return SimpleNamespace(meta=meta, pq=SimpleNamespace(indexes=indexes, codes=codes))


# A vocabulary longer than this is kept as a CompactVocab: the words (250,002), not the tags and shapes (hundreds)
COMPACT_FROM = 10_000


@contextmanager
def _vocabularies_shared():
    """While the taggers load: a vocabulary of the same words as one read before is the one built then. Slovnet's
    NER and morphology packs each carry the same 250,002 words of the news embedding, and each would build
    its own list and dictionary of them (0.06 s and about 40 MiB of every process, for the same lookups); that
    one is kept compact (nlp/vocab.py)."""
    from slovnet.exec import pack
    from slovnet.vocab import Vocab

    from .vocab import CompactVocab

    original, built = pack.bytes_vocab, {}

    def shared(data: bytes):
        # by the words, not the packed bytes: the two packs were gzipped apart, with their own headers
        words = pack.decompress(data)
        key = hashlib.sha1(words).digest()
        if key not in built:
            items = words.decode("utf8").splitlines()
            # the word vocabulary compact (nlp/vocab.py); the few hundred tags and shapes as Slovnet keeps them
            built[key] = CompactVocab(items) if len(items) > COMPACT_FROM else Vocab(items)
        return built[key]

    pack.bytes_vocab = shared  # Pack.load_vocab calls the module's function (only svodka loads slovnet packs)
    try:
        yield
    finally:
        pack.bytes_vocab = original


class Models:
    """Natasha's models, loaded once per process (about half a second) and shared by every call."""

    _lock = threading.Lock()
    _instance: "Models | None" = None

    def __init__(self) -> None:
        from natasha import NewsMorphTagger, NewsNERTagger

        # (Natasha's MorphVocab, pymorphy2 with its dictionaries, is not loaded: svodka reads pymorphy3 itself,
        # nlp/normalize.py)
        emb = _news_embedding()
        with _vocabularies_shared():
            self.morph = NewsMorphTagger(emb)
            self.ner = NewsNERTagger(emb)
        for tagger in (self.morph, self.ner):
            tagger.batch_size = BATCH_SIZE
            tagger.infer.encoder.batch_size = BATCH_SIZE
        self.morph_tagger = MorphTagger(self.morph)
        self.ner_tagger = NERTagger(self.ner, self.morph_tagger.encoded)

    @classmethod
    def get(cls) -> "Models":
        with cls._lock:
            if cls._instance is None:
                cls._instance = Models()
                collector.settle()  # the models live as long as the process: out of the collector's way
            return cls._instance


# a blank line: it ends a sentence (`_segment`)
_LINE_BREAK = re.compile(r"\n[ \t]*\n")


def _segment(text: str) -> list[Sentence]:
    """razdel's sentences with their tokens, as Natasha's `Segmenter` gives them (without its wrappers; the
    tokens through tokens.py's cache of razdel's answers), but cut at blank lines."""
    sents = []
    if not text:
        return sents  # Natasha's segmenter gives no sentence for empty text (razdel gives an empty one)
    for s in sentenize(text):
        a = s.start
        tokens = [Token(a + x, a + y, w) for x, y, w in tokenize(s.text)]
        if not tokens:
            continue
        # razdel runs a paragraph with no full stop into the next (a headline into the first sentence of the
        # body): a blank line between two tokens ends the sentence here, so that the taggers read the body's
        # first word as a sentence start and not as a name inside one («Власти» after a headline had been a
        # singular proper noun in the genitive). Quote cross-validation, eight fold seeds: end-to-end 0.7517
        # against 0.7495, Telegram posts 0.7626 against 0.7601; any line break instead: 0.7520, 0.7610.
        start = s.start
        cut = 0
        if _LINE_BREAK.search(text, s.start, s.stop):  # (most sentences hold none: no gap is looked at)
            for n in range(1, len(tokens)):
                if _LINE_BREAK.search(text, tokens[n - 1].end, tokens[n].start):
                    sents.append(Sentence(start, tokens[n - 1].end, tokens[cut:n]))
                    start, cut = tokens[n].start, n
        sents.append(Sentence(start, s.stop, tokens[cut:]))
    return sents


NER_LEAD = "."
_LETTER_OR_DIGIT = re.compile(r"[^\W_]")


def has_word(text: str, a: int = 0, b: int | None = None) -> bool:
    """Whether text[a:b] holds a letter or a digit: a stretch of marks, dashes, spaces or emoji says nothing
    (no tag, no name, no quote)."""
    return _LETTER_OR_DIGIT.search(text, a, len(text) if b is None else b) is not None


# A sentence or NER piece this long whose tokens are mostly word-less («„“"»” слово " «а» … repeated) is fed to
# the networks by its words alone: its marks are punctuation whatever the networks say, and tagging them cost
# the networks' time per mark (hostile input: benchmarks/adversarial.py). Ordinary news never comes near it
# (analyses of the 1,016 articles of the golden sample are byte-identical).
MARK_DENSE_TOKENS = 40
MARK_DENSE_SHARE = 0.75


def _mark_dense(words: list[str]) -> bool:
    """Whether more than MARK_DENSE_SHARE of the words have no letter or digit; the count stops as soon as
    enough words have one (on ordinary text after a quarter of them)."""
    n = len(words)
    if n < MARK_DENSE_TOKENS:
        return False
    bound = MARK_DENSE_SHARE * n
    wordy = 0
    for w in words:
        if has_word(w):
            wordy += 1
            if n - wordy <= bound:
                return False
    return n - wordy > bound


# A sentence the segmenter did not cut (a stop followed by a lower-case word, repeated for a megabyte) reaches
# the taggers in runs of at most this many words. The networks read a few words either side of each word, so
# only the words next to a cut can change; one sequence of 300,000 words had made arrays of a gigabyte, and
# the time per word grew with the length. News sentences are a few dozen words.
TAGGER_WORDS = 1000
_CUT_AFTER = frozenset(".!?;,")


def _runs(words: list[str]) -> list[tuple[int, int]]:
    """(start, end) of the runs `words` is tagged in: the whole when it is short, else runs of at most
    TAGGER_WORDS words, each cut after the last punctuation of its final tenth where there is one (a cut
    between «Иван» and «Петров» would split the name)."""
    out, a, n = [], 0, len(words)
    while n - a > TAGGER_WORDS:
        b = a + TAGGER_WORDS
        b = next((k + 1 for k in range(b - 1, b - TAGGER_WORDS // 10, -1) if words[k] in _CUT_AFTER), b)
        out.append((a, b))
        a = b
    out.append((a, n))
    return out


def parse_many(texts: list[str], models: Models | None = None, ner_probs: bool = True) -> list[Parsed]:
    """`ner_probs=False` leaves `Parsed.ner_probs` out: only the learned NER layer reads them, and their
    forward-backward pass steps through each NER piece word by word (a second on a 300 KB paragraph)."""
    models = models or Models.get()
    docs = [Parsed(text, _segment(text), []) for text in texts]

    # a sentence with no letter or digit («« »» «« »», «***», a line of emoji) is punctuation whatever the
    # networks say, and names nothing: on a text made of such runs tagging them was most of the time
    all_sents = []
    for d in docs:
        for s in d.sents:
            if has_word(d.text, s.start, s.end):
                all_sents.append(s)
            else:
                for tok in s.tokens:
                    tok.pos = "PUNCT"
    fed = []  # the tokens of each sentence the tagger reads
    for s in all_sents:
        if _mark_dense([t.text for t in s.tokens]):
            for tok in s.tokens:
                tok.pos = "PUNCT"
            fed.append([t for t in s.tokens if has_word(t.text)])
        else:
            fed.append(s.tokens)
    runs = [toks[a:b] for toks in fed for a, b in _runs([t.text for t in toks])]
    tags = models.morph_tagger([[t.text for t in toks] for toks in runs])
    for toks, sent_tags in zip(runs, tags):
        for tok, (pos, feats) in zip(toks, sent_tags):
            tok.pos, tok.feats = pos, dict(feats)  # the parsed tag is shared by every word with that tag

    pieces: list[tuple[int, int, int]] = []  # (doc index, start, end)
    words, positions = [], []
    for i, d in enumerate(docs):
        for a, b, first, last in ner_chunks(d.text, d.sents):
            if not has_word(d.text, a, b):
                continue
            pieces.append((i, a, b))
            w, pos = piece_words(d.text, d.sents, a, b, first, last)
            if _mark_dense(w):
                keep = [k for k, x in enumerate(w) if has_word(x)]
                w, pos = [w[k] for k in keep], [pos[k] for k in keep]
            # Slovnet's NER misses a name that is the first word it reads («Путин выступил…», «Песков: …»),
            # and every paragraph is a piece of its own: a full stop before the piece gives the first word
            # the context of a sentence start anywhere else. It has no offset of its own (-1, -1).
            for n, (ra, rb) in enumerate(_runs(w)):
                if n:
                    pieces.append((i, a, b))  # a run of the same piece: its offsets stay relative to `a`
                run_w, run_pos = w[ra:rb], pos[ra:rb]
                words.append([NER_LEAD, *run_w] if NER_LEAD else run_w)
                positions.append([(-1, -1), *run_pos] if NER_LEAD else run_pos)
    # in text-length order, as the NER tagger was always fed (its batches, and so its padding, stay the same)
    scores: list | None = [] if ner_probs else None
    spans = models.ner_tagger(words, positions, key=lambda k: pieces[k][2] - pieces[k][1], scores=scores)
    index: dict[int, dict[int, int]] = {}
    for (i, a, _), piece_spans, pos, probs in zip(pieces, spans, positions, scores or [None] * len(pieces)):
        d = docs[i]
        if probs is not None:
            if d.ner_probs is None:
                d.ner_probs = np.full((len(d.tokens), probs.shape[1]), np.nan, dtype=np.float32)
                index[i] = {t.start: k for k, t in enumerate(d.tokens)}
            starts = index[i]
            for (s, _), row in zip(pos, probs):
                k = starts.get(a + s) if s >= 0 else None
                if k is not None:
                    d.ner_probs[k] = row
        for s, e, type_ in piece_spans:
            if e < 0:
                continue  # the lead alone
            s = max(s, pos[1][0]) if s < 0 else s  # a span the lead opened starts at the piece's first word
            d.spans.append(Span(a + s, a + e, type_, d.text[a + s:a + e]))
    return docs


def parse(text: str, models: Models | None = None) -> Parsed:
    return parse_many([text], models)[0]
