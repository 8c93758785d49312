"""Adjectives derived from place names: «российский» is of «Россия», «уфимский» of «Уфа».

pymorphy3 cannot derive a noun from an adjective, so the derivation runs the other way: `adjectives_of`
makes, from a place's nominative, the adjective lemmas the common suffixes give (-ский, -ийский, -ьский,
-инский, -анский, -имский, -ейский, -енский, -цкий, -ской …). It over-generates on purpose («россиский»,
«лондоньский»): only lemmas that occur in a text are ever looked up, and a place's candidates are made only
from places svodka knows, the article's own places and the gazetteer's, so a made-up form costs nothing and
a real adjective meets its place. What the rule cannot make (a stem that changes, «Москва» → московский;
another word, «британский»; a compound place, «южнокорейский») comes from the lexicon
`data/place_adjectives.txt`.
"""
from __future__ import annotations

from functools import lru_cache
from weakref import WeakKeyDictionary

from ..data import knowledge_texts
from .gazetteer import Gazetteer

_VOWEL_SUFFIXES = ("ский", "ьский", "ийский", "овский", "инский", "анский", "имский", "ейский", "енский")


def _norm(word: str) -> str:
    return word.lower().replace("ё", "е")


@lru_cache(maxsize=5_000)
def adjectives_of(place: str) -> frozenset[str]:
    """Adjective lemmas a one-word place name (nominative) may derive by a suffix; empty for a name of more
    than one word or under three letters."""
    p = _norm(place)
    if len(p) < 3 or " " in p or not p.replace("-", "").isalpha():
        return frozenset()
    out: set[str] = set()

    def add(stem: str, *suffixes: str) -> None:
        for s in suffixes:
            out.add((stem + s).replace("ссс", "сс"))

    last = p[-1]
    if p.endswith(("ск", "цк")):
        add(p, "ий")                                      # Донецк → донецкий, Брянск → брянский
    if p.endswith("ия"):
        add(p[:-2], "ийский", "ский", "ьский")            # Россия, Испания, Бразилия
    elif p.endswith("ея"):
        add(p[:-1], "йский")                              # Корея → корейский
    elif p.endswith(("ье", "ьи")):
        add(p[:-2], "ский")                               # Поволжье → поволжский
    elif last in "ая":
        add(p[:-1], *_VOWEL_SUFFIXES)                     # Уфа → уфимский, Куба → кубинский, Мальта
        if p[-2] == "ц":
            add(p[:-1], "кий")                            # Винница → винницкий
    elif last in "оуиые":
        add(p[:-1], "ский", "ийский", "йский", "инский", "анский")  # Токио, Баку, Филиппины, Марокко
        if last == "и":
            add(p, "нский", "йский")                      # Сочи → сочинский
        if last == "о":
            add(p[:-1], "овский")
    elif last == "ь":
        add(p, "ский")                                    # Израиль → израильский
        add(p[:-1], "ский")                               # Сибирь → сибирский, Пермь → пермский
        if len(p) > 4:
            add(p[:-1], "ской")                           # Тверь → тверской
    else:
        add(p, "ский", "ьский")                           # Китай, Лондон, Нью-Йорк; Урал → уральский
        if last == "с":
            add(p[:-1], "ский")                           # Уэльс → уэльский
    return frozenset(out)


class PlaceAdjectiveFileError(ValueError):
    pass


ENV_VAR = "SVODKA_PLACE_ADJECTIVES"  # the user's own lexicon files, separated by os.pathsep


def parse_lexicon(text: str, where: str) -> dict[str, str]:
    out: dict[str, str] = {}
    for n, raw in enumerate(text.splitlines(), 1):
        line = raw.split("#", 1)[0].strip()
        if not line:
            continue
        place, sep, adjs = line.partition(":")
        if not sep or not place.strip() or not adjs.strip():
            raise PlaceAdjectiveFileError(f"{where}:{n}: expected «place: adjective, adjective»")
        for a in adjs.split(","):
            if a.strip():
                out[_norm(a.strip())] = place.strip()
    return out


@lru_cache(maxsize=1)
def default_lexicon() -> dict[str, str]:
    """Adjective lemma → the place's canonical name, from the shipped lexicon and the user's files."""
    out: dict[str, str] = {}
    for text, where in knowledge_texts("place_adjectives.txt", ENV_VAR, None, True, PlaceAdjectiveFileError,
                                       "place adjectives"):
        out.update(parse_lexicon(text, where))
    return out


_GAZ_INDEX: WeakKeyDictionary = WeakKeyDictionary()


def gazetteer_adjectives(gaz: Gazetteer) -> dict[str, str]:
    """Adjective lemma → canonical name of the gazetteer place it derives from, for every one-word name of
    a place (its aliases too: «Британия», «Ленинград»); an adjective two places would give is left out."""
    index = _GAZ_INDEX.get(gaz)
    if index is None:
        found: dict[str, set[str]] = {}
        for key, entry in gaz.by_key.items():
            if entry.type == "LOC" and len(key) == 1:
                for adj in adjectives_of(key[0]):
                    found.setdefault(adj, set()).add(entry.name)
        index = {adj: next(iter(names)) for adj, names in found.items() if len(names) == 1}
        _GAZ_INDEX[gaz] = index
    return index
