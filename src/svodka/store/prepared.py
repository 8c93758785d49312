"""What storing an analysed article computes from the article and its analysis alone, with no archive state:
the analysis as stored (compressed JSON), the full-text terms of its texts (a pymorphy lemma set per word),
what stories compare it by (its lemmas, entities and MinHash signature), and the lemmas of the words of its
entities' names, which identity linking keys them by (given to `nlp.words` while they are linked).

`ingest --workers` has each analysing process compute these beside the analysis (`prepare`), and `svodka
batch` each cluster worker (written beside the analysis, `to_json`; read back by `load`, `from_json`), so the
one process that writes only writes: they were over half of its CPU, and in that process the dictionary caches
were cold for every word, since it analysed nothing. Without a `Prepared` the store computes the same values
itself (`Prepared.of`), the same functions on the same input, so an archive does not depend on where they
were computed.
"""
from __future__ import annotations

import json
import zlib
from dataclasses import dataclass

from ..model import Analysis, Article
from ..nlp.gazetteer import Gazetteer
from ..nlp.words import WORD, lemma_pair
from ..stories.documents import Document, document
from ..stories.online import signature
from . import terms


def body_of(article: Article) -> str:
    """The text the articles' full-text index holds as the body: without the title line when there is one."""
    return article.text[article.body_start:] if article.title and article.body_start else article.text


def analysis_blob(analysis: Analysis) -> bytes:
    return zlib.compress(json.dumps(analysis.to_dict(), ensure_ascii=False).encode("utf-8"), 6)


@dataclass
class Prepared:
    blob: bytes
    index: dict[str, str]  # text -> terms.index_text(text): title, body, quotes, figures, names
    document: Document  # without its shingles (None): `signature` stands for them
    signature: bytes | None
    name_lemmas: dict[str, tuple[str, frozenset[str]]]  # `lemma_pair` of each word of the entities' names

    @classmethod
    def of(cls, article: Article, analysis: Analysis, gazetteer: Gazetteer | None = None) -> "Prepared":
        """`gazetteer`: the one the article was analysed with (stories compare names by it)."""
        doc = document(article, analysis, gazetteer=gazetteer)
        sig = signature(doc)
        doc.shingles = None  # the signature stands for them (stories/documents.py)
        return cls(analysis_blob(analysis), {t: terms.index_text(t) for t in _texts(article, analysis)}, doc,
                   sig, name_lemmas(analysis))

    def terms(self, text: str) -> str:
        """`terms.index_text(text)`, read from `index` when it holds it."""
        got = self.index.get(text)
        return got if got is not None else terms.index_text(text)


def _texts(article: Article, analysis: Analysis) -> list[str]:
    """The texts whose full-text terms storing needs, each once, in a fixed order: title, body, quotes, what
    figures measure, and the names the store may add to its names table (entities, their mentions, speakers; a
    name is mentioned many times)."""
    return list(dict.fromkeys([article.title or "", body_of(article), *(q.text for q in analysis.quotes),
                               *(f.about for f in analysis.figures if f.about),
                               *(e.name for e in analysis.entities),
                               *(m.text for e in analysis.entities for m in e.mentions),
                               *(q.speaker for q in analysis.quotes if q.speaker)]))


def name_lemmas(analysis: Analysis) -> dict[str, tuple[str, frozenset[str]]]:
    """`lemma_pair` of each word of the entities' names and mentions: what linking them to the archive's
    entities looks up (link/entities.py, link/roles.py keys), computed where the analysis was, whose caches
    hold them."""
    texts = dict.fromkeys([*(e.name for e in analysis.entities), *(m.text for e in analysis.entities
                                                                   for m in e.mentions)])
    words = dict.fromkeys(w for t in texts for w in WORD.findall(t))
    # as written (title and alias keys) and in lower case (a surname's key, link/entities.py)
    return {w: lemma_pair(w) for w in dict.fromkeys([*words, *(w.lower().replace("ё", "е") for w in words)])}


def prepare(article: Article, analysis: Analysis, gazetteer: Gazetteer | None = None) -> Prepared:
    return Prepared.of(article, analysis, gazetteer)


def to_json(article: Article, analysis: Analysis, prepared: Prepared) -> str:
    """What `svodka batch` writes beside an analysis so that `svodka load` only writes: the costly parts of a
    `Prepared` (the texts' full-text terms, in the order `_texts` lists them, not the texts again; the
    stories document's lemmas; the MinHash signature; the lemmas of the names). The rest is cheap to compute
    where it is read."""
    return json.dumps({"terms": [prepared.index[t] for t in _texts(article, analysis)],
                       "lemmas": prepared.document.lemmas,
                       "name_lemmas": {w: [one, sorted(every)] for w, (one, every) in prepared.name_lemmas.items()},
                       "signature": prepared.signature.hex() if prepared.signature is not None else None},
                      ensure_ascii=False)


def from_json(article: Article, analysis: Analysis, text: str, gazetteer: Gazetteer | None = None) -> Prepared:
    """The `Prepared` that `to_json` wrote, the same as `Prepared.of(article, analysis)` would compute."""
    d = json.loads(text)
    texts = _texts(article, analysis)
    if len(d["terms"]) != len(texts):
        raise ValueError(f"article {article.id}: its prepared terms do not match its analysis")
    sig = d["signature"]
    return Prepared(analysis_blob(analysis), dict(zip(texts, d["terms"])),
                    document(article, analysis, d["lemmas"], gazetteer, shingles=False),
                    bytes.fromhex(sig) if sig is not None else None,
                    # none from an svodka before them: linking parses the words itself
                    {w: (one, frozenset(every)) for w, (one, every) in d.get("name_lemmas", {}).items()})
