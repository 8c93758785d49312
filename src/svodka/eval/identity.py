"""Identity across articles: are two mentions the same entity? Scored against NEREL's Wikidata links.

Gold: every NEREL mention of a person, organisation or place (the types mapped to PER/ORG/LOC, as in
eval/ner.py) that carries a Wikidata id; two mentions are the same entity when their ids are equal, in the
same article or not. Systems:
- svodka: analyse each article, link the analyses with the registry (link/entities.py); a gold mention
  takes the registry id of svodka's mention with the same span, else of a mention of the same type that
  shares at least half of the longer span; a gold mention svodka did not find is a cluster of its own
  (nothing linked it to anything). svodka's mentions read are names, surnames, place adjectives
  (kind "adjective": «британской» of Великобритания, which NEREL links to the place) and places inside
  longer names (kind "nested": «России» in «МВД России», which NEREL annotates as nested entities), not
  titles or pronouns;
- naive: mentions with the same normalised string (lemmas of the words, lower case) are one entity.
Scores: B³ (per mention, averaged) and pairwise precision, recall, F1, over all gold mentions, and again
over only the gold mentions svodka found (linking quality apart from detection).
"""
from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass

from ..nlp.words import lemma_key
from .ner import NEREL_TYPES

COARSE = {"PER", "ORG", "LOC"}
# svodka's mention kinds that name the entity (a title or pronoun refers to it without naming it)
MENTION_KINDS = ("name", "surname", "adjective", "nested")


@dataclass
class GoldMention:
    article: str
    start: int
    end: int
    type: str
    text: str
    qid: str


def gold_mentions(rows: list[dict]) -> list[GoldMention]:
    out = []
    for r in rows:
        for e in r["entities"]:
            t = NEREL_TYPES.get(e["type"])
            if t in COARSE and e.get("wikidata"):
                out.append(GoldMention(str(r["id"]), e["start"], e["end"], t, e["text"], e["wikidata"]))
    return out


@dataclass
class Scores:
    p: float
    r: float
    f1: float


def _f(p: float, r: float) -> Scores:
    return Scores(p, r, 2 * p * r / (p + r) if p + r else 0.0)


def b_cubed(gold: list[str], pred: list[str]) -> Scores:
    """B³ over mentions: gold[i], pred[i] are mention i's gold and predicted cluster labels."""
    if not gold:
        return _f(0.0, 0.0)
    both = Counter(zip(gold, pred))
    g, p = Counter(gold), Counter(pred)
    prec = sum(both[(gi, pi)] / p[pi] for gi, pi in zip(gold, pred)) / len(gold)
    rec = sum(both[(gi, pi)] / g[gi] for gi, pi in zip(gold, pred)) / len(gold)
    return _f(prec, rec)


def pairwise(gold: list[str], pred: list[str]) -> Scores:
    def pairs(c: Counter) -> int:
        return sum(n * (n - 1) // 2 for n in c.values())
    both = pairs(Counter(zip(gold, pred)))
    pp, gp = pairs(Counter(pred)), pairs(Counter(gold))
    return _f(both / pp if pp else 0.0, both / gp if gp else 0.0)


def naive_labels(mentions: list[GoldMention]) -> list[str]:
    return [m.type + ":" + " ".join(lemma_key(m.text)) for m in mentions]


def svodka_labels(rows: list[dict], mentions: list[GoldMention],
                  analyze: Callable | None = None, knowledge=None) -> tuple[list[str], list[bool]]:
    """Registry id per gold mention (a unique label where svodka has no mention there), and whether found."""
    from ..analyze import analyze_many
    from ..link.entities import Registry
    from .gold import gold_article

    arts = [gold_article(r) for r in rows]
    reg = Registry(knowledge.roles if knowledge is not None else None)
    spans: dict[str, list[tuple[int, int, str, str]]] = defaultdict(list)  # article -> (start, end, type, rid)
    for an in (analyze or (lambda arts: analyze_many(arts, knowledge=knowledge)))(arts):
        ids = reg.add(an)
        for e in an.entities:
            for m in e.mentions:
                if m.kind in MENTION_KINDS:
                    spans[an.id].append((m.start, m.end, e.type, ids[e.id]))
    spans = {a: [(s, e, t, reg.current(rid)) for s, e, t, rid in v] for a, v in spans.items()}
    labels, found = [], []
    for i, g in enumerate(mentions):
        cand = spans.get(g.article, [])
        rid = next((rid for a, b, t, rid in cand if a == g.start and b == g.end), None)
        if rid is None:
            # a mention of the same type sharing most of the gold span (not «США» for «столицы США»)
            rid = next((rid for a, b, t, rid in cand if t == g.type and
                        2 * (min(b, g.end) - max(a, g.start)) >= max(b - a, g.end - g.start)), None)
        labels.append(rid if rid is not None else f"missed:{i}")
        found.append(rid is not None)
    return labels, found


@dataclass
class IdentityReport:
    mentions: int
    found: int
    entities: int
    rows: list[tuple[str, str, Scores, Scores]]  # (system, subset, B³, pairwise)


def evaluate(rows: list[dict], analyze: Callable | None = None, knowledge=None) -> IdentityReport:
    mentions = gold_mentions(rows)
    gold = [m.qid for m in mentions]
    naive = naive_labels(mentions)
    sv, found = svodka_labels(rows, mentions, analyze, knowledge)
    sub = [i for i, f in enumerate(found) if f]

    def pick(xs):
        return [xs[i] for i in sub]
    out = []
    for name, pred in (("svodka", sv), ("naive", naive)):
        out.append((name, "all gold mentions", b_cubed(gold, pred), pairwise(gold, pred)))
    for name, pred in (("svodka", sv), ("naive", naive)):
        out.append((name, "mentions svodka found", b_cubed(pick(gold), pick(pred)), pairwise(pick(gold), pick(pred))))
    return IdentityReport(len(mentions), len(sub), len(set(gold)), out)
