"""Direct and reported speech in one article, each attributed to who spoke (rules: shared/data/QUOTES-GOLD.md).

Direct quotes are quotation-mark pairs (or block paragraphs after a colon) tied to a speaker by the text
around them: a dash and a cue after («…», — сказал он), a colon before (сказал: «…»), an attribution that
cuts the quote in two («…, — написал он. — …»), a headline «Сомов: …». Marks with none of these are names,
titles and scare quotes, and are left alone.

Reported speech is a cue from the lexicon (`lexicon.py`) with its source and its clause: `X заявил, что …`,
`по словам X, …`, `как сообщил X, …`, postposed `…, сообщил X`, anaphoric `Об этом заявил X` (the sentences
before it in the paragraph), and a quoted fragment after a naming verb (`назвал решение «ошибкой»`). A cue
with no source (`сообщается, что`, `напомним, что`) is not a quote.
"""
from __future__ import annotations

from bisect import bisect_right
from datetime import date, datetime

from ..link.roles import Roles  # the roles file is this stage's input
from ..model import Entity, Quote
from ..nlp.pipeline import Parsed
from .direct_speech import DirectSpeech
from .lexicon import Lexicon, default_lexicon
from .quote_agents import Agents
from .quote_common import Cand
from .quote_cues import Cues
from .reported_speech import ReportedSpeech
from .speakers import Attribution, Speakers
from .text import Pair, paragraphs, quote_pairs


def _outside(direct: list[Cand], indirect: list[Cand]) -> list[Cand]:
    """The direct quotes that no reported clause contains (by the running maximum of the reports' ends)."""
    spans = sorted((i.start, i.end) for i in indirect)
    starts = [a for a, _ in spans]
    reach: list[int] = []
    for _, b in spans:
        reach.append(max(b, reach[-1]) if reach else b)
    out = []
    for d in direct:
        i = bisect_right(starts, d.start) - 1
        if i < 0 or reach[i] + 1 < d.end:
            out.append(d)
    return out


def _outermost(cands: list[Cand]) -> list[Cand]:
    """Drop each report whose span and cue lie inside a longer report. Sorted by start, a report can only be
    inside one that starts at or before it and is still open, so each is compared with the open ones only."""
    out, open_ = [], []
    for c in sorted(cands, key=lambda c: (c.start, -(c.end - c.start))):
        open_ = [o for o in open_ if o.end > c.start]
        if not any(o.start <= c.start and c.end <= o.end and o.start <= c.pos < o.end
                   and o.end - o.start > c.end - c.start for o in open_):
            out.append(c)
        open_.append(c)
    return out


def extract_quotes(parsed: Parsed, entities: list[Entity], published: date | datetime | None = None,
                   lexicon: Lexicon | None = None, roles: Roles | None = None,
                   paras: list[tuple[int, int]] | None = None,
                   all_pairs: list[list[Pair]] | None = None) -> list[Quote]:
    """`paras` and `all_pairs` (the paragraphs and each one's mark pairs) may be passed by a caller that has
    them already (the learned extractor reads them too), so they are scanned once."""
    sp = Speakers(parsed.text, parsed, entities, published, roles)
    agents = Agents(Cues(sp, lexicon or default_lexicon()))
    direct_speech = DirectSpeech(agents)
    text = parsed.text
    if paras is None:
        paras = paragraphs(text)
    if all_pairs is None:
        all_pairs = [quote_pairs(text, ps, pe) for ps, pe in paras]
    direct: list[Cand] = []
    direct_speech.headline(paras, direct)
    direct_speech.signed_lines(paras, direct)
    for (ps, pe), pairs in zip(paras, all_pairs):
        direct_speech.direct(ps, pe, pairs, direct)
        if not pairs:
            direct_speech.dash_speech(ps, pe, direct)
    direct_speech.block_quotes(paras, direct)
    direct_speech.after_colon(direct)
    direct.sort(key=lambda c: c.start)
    reported = ReportedSpeech(agents, [d.start for d in direct])
    indirect: list[Cand] = []
    for (ps, pe), pairs in zip(paras, all_pairs):
        reported.reported(ps, pe, pairs, direct, indirect)
    # a report inside another report's clause («…, соседи заявляют, что…, сообщает газета») is part of
    # the outer one: only the outermost attribution is a quote (gold rule 11)
    indirect = _outermost(indirect)
    # «Х сказал, что …» and then a paragraph that is all quotation: the words go on from that report (cf.
    # gold rule 13, a verbatim continuation whose speaker is clear from the sentence before), cue null
    by_end = sorted(direct + indirect, key=lambda c: c.end)  # (a continuation can go on from another)
    ends = [c.end for c in by_end]
    for a, b, ps in direct_speech.standalone:
        gap = ps
        while gap > 0 and text[gap - 1] in " \t\n":
            gap -= 1
        prev = text.rfind("\n", 0, gap)
        i = bisect_right(ends, ps) - 1
        while i >= 0 and ends[i] > prev and by_end[i].start <= prev:
            i -= 1  # the last quote that ends in the paragraph before, and starts in it too
        if i < 0 or ends[i] <= prev:
            continue
        last = by_end[i]
        if not text[last.end:ps].strip(" \t\n.»\"“") and text.count("\n", last.end, ps) <= 2:
            cont = Cand("direct", a, b, None, last.attr, a)
            direct.append(cont)
            j = bisect_right(ends, cont.end)
            ends.insert(j, cont.end)
            by_end.insert(j, cont)
    # a quoted fragment inside reported speech is part of it (mixed quote), not a quote of its own
    kept = _outside(direct, indirect)
    # speakers resolve in the order of their attributions, each seeing the ones before it
    resolved: dict[int, Attribution] = {}
    for c in sorted(kept + indirect, key=lambda c: c.pos):
        attr = c.attr.get()
        resolved[id(c)] = attr
        sp.remember(c.pos, attr)
    out = []
    for c in sorted(kept + indirect, key=lambda c: (c.start, c.kind)):
        a = sp.final(resolved[id(c)])
        out.append(Quote(c.kind, c.start, c.end, text[c.start:c.end], a.speaker, a.speaker_type,
                         a.entity, c.cue, a.mention))
    return out
