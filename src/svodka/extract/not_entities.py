"""What the tagger takes for a name but names nothing in the story.

- The post's own channel: a channel is the author of its posts, so «По информации Mash» in a Mash post, or a
  signature «Подписывайся на SHOT» that survived cleaning, is the author speaking of itself, not an
  organisation the post is about (and never the speaker of a quote: the channel's own words are not quotes).
  Another channel's name in a post («сообщает SHOT» in a Mash post) stays an entity.
- The markers posts are built from («UPD», «Подробнее», «Фото»), which a tagger trained on agency news reads
  as names because they are capitalised.
- «СМИ», the media at large, an abbreviation the tagger reads as an organisation (`without_generic`). It names
  no one: NEREL and factRuEval never tag it (135 occurrences), and «… — СМИ» headlines had made it the most
  mentioned "organisation" of an archive of posts. It leaves the analysis last, after the quotes: as a
  candidate speaker the quote model learnt to read it as an organisation (dropped before them, cross-
  validation lost 0.002–0.016 on posts), and a quote it is the source of keeps «СМИ» as an unnamed source.
"""
from __future__ import annotations

import re
from dataclasses import replace

from ..model import Entity, Figure, Quote

MARKERS = frozenset({"upd", "update", "подробнее", "подробности", "читать", "читайте", "подписаться",
                     "подписывайся", "подписывайтесь", "смотреть", "смотрите", "источник", "фото", "видео",
                     "реклама", "эксклюзив", "срочно", "молния", "главное", "новости", "erid"})
# common nouns written in capitals: no one's name. (Not «ЖК» nor «СВО», though no one's name either: as entities
# they link posts into stories, and left out they cost the learned story linker 0.010 of pairwise F1, leave one
# day out, 0.775 → 0.764; «ЖК» alone 0.765.) A power plant's kind alone («строительство ТЭЦ») is no organisation
# either: a named one keeps its name («Курская АЭС»); three such entities in the 3,138 benchmark texts.
GENERIC = frozenset({"сми", "тэц", "тэс", "гэс", "грэс", "аэс"})
_SPLIT = re.compile(r"\s*[•|·—–:,+()]\s*")
_WORD = re.compile(r"[\w-]+")


def _key(text: str) -> str:
    return " ".join(_WORD.findall(text.lower().replace("ё", "е")))


def source_names(source: str | None) -> set[str]:
    """The names a channel goes by: «Москвач • Новости Москвы» is «москвач» and «новости москвы», «Топор+»
    is «топор», «BBC News | Русская служба» is also «bbc»."""
    if not source:
        return set()
    names = {_key(source)}
    for part in _SPLIT.split(source):
        k = _key(part)
        if k:
            names.add(k)
            first = k.split()[0]
            if len(k.split()) > 1 and first.isascii() and len(first) > 2:
                names.add(first)
    return {n for n in names if n}


# what a channel's name takes in the oblique cases («сообщили Москвачу», «по данным Вестника»), where the
# normaliser, not knowing the word, left it as written
_CASE_ENDINGS = frozenset({"а", "у", "ом", "е", "ем", "ю", "я", "и", "ы", "ой", "ей", "ою", "ею"})


def _is_own(key: str, own: set[str]) -> bool:
    return key in own or any(key.startswith(n) and key[len(n):] in _CASE_ENDINGS for n in own
                             if len(n) >= 4 and " " not in n)


def drop_noise(entities: list[Entity], source: str | None) -> list[Entity]:
    own = source_names(source)
    out = []
    for e in entities:
        if e.type != "LOC" and own and _is_own(_key(e.name), own):
            continue
        if e.mentions and all(_key(m.text) in MARKERS for m in e.mentions):
            continue
        out.append(e)
    return out


def without_generic(entities: list[Entity], quotes: list[Quote], figures: list[Figure]
                    ) -> tuple[list[Entity], list[Quote], list[Figure]]:
    """The analysis without entities named only by a GENERIC word, and without references to them: a quote
    whose source it was keeps its speaker's words as an unnamed source; the other entities keep their ids."""
    gone = {e.id for e in entities if e.mentions and all(_key(m.text) in GENERIC for m in e.mentions)}
    if not gone:
        return entities, quotes, figures
    quotes = [replace(q, speaker_entity=None if q.speaker_entity in gone else q.speaker_entity,
                      speaker_type="unnamed" if q.speaker_entity in gone else q.speaker_type,
                      about=[a for a in q.about if a not in gone]) for q in quotes]
    figures = [replace(f, entity=None) if f.entity in gone else f for f in figures]
    return [e for e in entities if e.id not in gone], quotes, figures
