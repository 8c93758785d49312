"""What the tagger takes for a name but names nothing in the story.

- The post's own channel: a channel is the author of its posts, so «По информации Mash» in a Mash post, or a
  signature «Подписывайся на SHOT» that survived cleaning, is the author speaking of itself, not an
  organisation the post is about (and never the speaker of a quote: the channel's own words are not quotes).
  Another channel's name in a post («сообщает SHOT» in a Mash post) stays an entity.
- The markers posts are built from («UPD», «Подробнее», «Фото»), which a tagger trained on agency news reads
  as names because they are capitalised.
"""
from __future__ import annotations

import re

from ..model import Entity

MARKERS = frozenset({"upd", "update", "подробнее", "подробности", "читать", "читайте", "подписаться",
                     "подписывайся", "подписывайтесь", "смотреть", "смотрите", "источник", "фото", "видео",
                     "реклама", "эксклюзив", "срочно", "молния", "главное", "новости", "erid"})
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


def drop_noise(entities: list[Entity], source: str | None) -> list[Entity]:
    own = source_names(source)
    out = []
    for e in entities:
        if e.type != "LOC" and own and _key(e.name) in own:
            continue
        if e.mentions and all(_key(m.text) in MARKERS for m in e.mentions):
            continue
        out.append(e)
    return out
