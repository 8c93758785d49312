"""What quote extraction and attribution add to the time of `svodka analyze`.

In one process (so both sides share the loaded models and the machine's noise), over the NEREL dev articles
(../shared/data/ner/nerel-dev.jsonl by default): the full analysis (`analyze_many`), and the same analysis
with quote extraction switched off, alternating, --runs times each; the figure is the ratio of the medians.
The target (issue 10): the quote stage at most 25 % of analysis time.

    python benchmarks/quotes_overhead.py [--runs 5] [--data ../shared/data/ner/nerel-dev.jsonl]
"""
from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

DEFAULT = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "ner" / "nerel-dev.jsonl"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--data", type=Path, default=DEFAULT)
    args = ap.parse_args()
    if not args.data.exists():
        sys.exit(f"benchmark data not found: {args.data} (pass --data FILE.jsonl with id/text lines)")

    import importlib

    # the module, not the `svodka.analyze` function the package exports under the same name
    an = importlib.import_module("svodka.analyze") and sys.modules["svodka.analyze"]
    from svodka.quotemodel import extract_quotes  # the learned extractor, rules included, as analyze runs it
    from svodka.ingest.readers import read_sources
    from svodka.model import Article
    from svodka.nlp.pipeline import Models

    Models.get()
    arts = [a for a in read_sources([str(args.data)]) if isinstance(a, Article)]
    chars = sum(len(a.text) for a in arts)

    # analyze_many takes the quote step in two halves (the model's input, then decoding; analyze.py's _Draft):
    # switched off, the input is empty and decoding finds nothing
    from svodka.quotemodel.decode import Featurized
    real = (an.quote_inputs, an.decode_steps)

    def no_input(parsed, entities, *a, model=None, **k):
        from svodka.quotemodel.model import default_model
        return model or default_model(), Featurized(None, [], [])

    def no_quotes(fz, model, qscores=None):
        return []
        yield  # a generator (as decode_steps) that asks for no speaker scores

    def timed(with_quotes: bool) -> tuple[float, int]:
        an.quote_inputs, an.decode_steps = real if with_quotes else (no_input, no_quotes)
        t0 = time.perf_counter()
        n = sum(len(x.quotes) for x in an.analyze_many(arts))
        return time.perf_counter() - t0, n

    timed(True)  # warm caches (pymorphy, lemma caches) for both sides
    base, full = [], []
    quotes = 0
    for _ in range(args.runs):
        t, _ = timed(False)
        base.append(t)
        t, quotes = timed(True)
        full.append(t)
    an.quote_inputs, an.decode_steps = real

    # the quote step alone, on documents parsed once (steadier than a difference of two noisy totals), run as
    # analyze_many runs it: the articles of a chunk through each half together, so that the quote model scores
    # all their rows in one call and the speaker model each round of quotes in one call (analyze._Draft). Also
    # timed one article at a time (extract_quotes, a booster call per article and per quote) for comparison:
    # that is what a caller of extract_quotes pays, not what analysis does.
    from svodka.analyze import CHUNK, _Draft, _scored_together, _speakers_together
    from svodka.knowledge import current_knowledge
    from svodka.nlp.pipeline import parse_many
    from svodka.quotemodel.decode import quote_inputs

    k = current_knowledge()
    docs = []
    for a, p in zip(arts, parse_many([a.text for a in arts])):
        p, ents = an.entities_of(p, a.published, k, a.source)
        docs.append((a, p, ents))

    def batched() -> int:
        found = 0
        for at in range(0, len(docs), CHUNK):
            drafts = []
            for a, p, ents in docs[at:at + CHUNK]:
                d = _Draft(a, p, None, k)
                d.entities = ents
                d.quote_model, d.fz = quote_inputs(p, ents, a.published, lexicon=k.lexicon, roles=k.roles,
                                                   model=k.quote_model)
                drafts.append(d)
            live = list(range(len(drafts)))
            qs = _scored_together(live, lambda i: drafts[i].quote_model, lambda i: drafts[i].fz.rows,
                                  lambda m, rows: m.quote_scores(rows))
            for i in live:
                drafts[i].quote_steps(qs[i])
            failed: list = [None] * len(drafts)
            _speakers_together(drafts, live, failed)
            if any(failed):
                raise next(e for e in failed if e)
            found += sum(len(d.quotes) for d in drafts)
        return found

    alone, one_by_one = [], []
    for _ in range(args.runs):
        t0 = time.perf_counter()
        n_batched = batched()
        alone.append(time.perf_counter() - t0)
        t0 = time.perf_counter()
        for a, p, ents in docs:
            extract_quotes(p, ents, a.published)
        one_by_one.append(time.perf_counter() - t0)
    b, f = statistics.median(base), statistics.median(full)
    print(f"{len(arts)} articles, {chars:,} characters, {quotes} quotes found; {args.runs} runs each")
    print(f"analyze without quotes: median {b:.3f} s  (runs: {', '.join(f'{x:.3f}' for x in base)})")
    print(f"analyze with quotes:    median {f:.3f} s  (runs: {', '.join(f'{x:.3f}' for x in full)})")
    q, q1 = statistics.median(alone), statistics.median(one_by_one)
    print(f"quotes + attribution add {100 * (f / b - 1):+.1f}% to analysis without them")
    print(f"the quote step alone, as analysis runs it ({n_batched} quotes): median {q:.3f} s = {100 * q / f:.1f}% "
          f"of the whole analysis (target: at most 25 %)  (runs: {', '.join(f'{x:.3f}' for x in alone)})")
    print(f"  one article at a time (extract_quotes): median {q1:.3f} s = {100 * q1 / f:.1f}%")


if __name__ == "__main__":
    main()
