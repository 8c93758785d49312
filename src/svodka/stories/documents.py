"""What stories compare an article by: the lemmas of its clean text (for TF-IDF), its word shingles (for
near-duplicate detection) and the entities it names."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime

from ..extract.place_mentions import PLACE_KINDS
from ..ingest.clean import clean, needs_cleaning
from ..model import Analysis, Article, Entity
from ..nlp.gazetteer import Gazetteer, default_gazetteer
from ..nlp.words import lemma

_WORD = re.compile(r"[A-Za-zА-Яа-яЁё0-9]+(?:-[A-Za-zА-Яа-яЁё0-9]+)*")
# Words that say nothing about which event a post is about (a post's frame, not its news).
_STOP = frozenset("""
и в во на с со к ко по о об от до за из у не ни что как это этот эта эти тот та те то а но или же ли бы
был была были было быть есть будет он она они оно его ее её их им ей ему мы вы я ты все всё весь вся также
уже еще ещё так только при для про над под без через после перед между чтобы который которая которые
которое свой своя свои сообщить заявить рассказать подписаться подписывайся читать подробнее фото видео
""".split())


@dataclass
class Document:
    id: str
    published: datetime | None
    title: str
    lemmas: list[str]
    # None where only its MinHash signature was kept (store/prepared.py: the writer compares signatures, and
    # a batch of shingle sets was half of what analysing processes sent it)
    shingles: set[str] | None
    entities: set[str] = field(default_factory=set)  # lower case, what stories compare
    source: str | None = None
    names: dict[str, str] = field(default_factory=dict)  # an entity as the analysis writes it, by its lower case
    persons: set[str] = field(default_factory=set)  # which of `entities` are people


def _text(article: Article) -> str:
    return clean(article.text).text if needs_cleaning(article.text) else article.text


def _compared_name(e: Entity, gazetteer: Gazetteer) -> str:
    """An organisation or place by the gazetteer's name for it, when it has one: the analysis names it by the
    fullest name its article gives («Министерство внутренних дел», «МВД России»), and two posts that name it
    differently still share it («МВД»)."""
    return (e.type != "PER" and gazetteer.name_of(e.name, e.type)) or e.name


def document(article: Article, analysis: Analysis | None = None, lemmas: list[str] | None = None,
             gazetteer: Gazetteer | None = None, shingles: bool = True) -> Document:
    """`lemmas`: the document's lemmas when they were computed elsewhere (store/prepared.py): they are most of
    its cost. `gazetteer`: the one the article was analysed with (default: the shipped one), whose names its
    organisations and places are compared by. `shingles=False`: without them (None), for a caller that has
    the document's signature already."""
    gaz = gazetteer or default_gazetteer()
    text = _text(article)
    words = [w.lower() for w in _WORD.findall(text)]
    if lemmas is None:
        lemmas = [lm for w in words if len(w) > 2 and (lm := lemma(w)) not in _STOP and w not in _STOP]
    kept = ({" ".join(words[i:i + 3]) for i in range(max(0, len(words) - 2))} or set(words)) if shingles else None
    # the entities the text names: a place it only qualifies by an adjective («российских») or names only
    # inside another name («МВД России») is left out, as before such mentions existed (stories were tuned
    # on the names the tagger found)
    named = [_compared_name(e, gaz) for e in (analysis.entities if analysis else []) if e.type in ("PER", "ORG", "LOC")
             and any(m.kind not in PLACE_KINDS for m in e.mentions)]
    ents = {n.lower() for n in named}
    first = next((line.strip() for line in text.splitlines() if line.strip()), "")
    title = (analysis.title if analysis and analysis.title else None) or article.title or first[:120]
    persons = {e.name.lower() for e in (analysis.entities if analysis else []) if e.type == "PER"} & ents
    return Document(article.id, article.published, title, lemmas, kept, ents, article.source,
                    {n.lower(): n for n in sorted(named)}, persons)
