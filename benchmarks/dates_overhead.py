"""What dates, figures and statement times add to the time of `svodka analyze`.

In one process (both sides share the loaded models and the machine's noise), over the NEREL dev articles and
the Telegram posts of ../shared/data by default: the full analysis (`analyze_many`), and the same analysis
with the date, figure and statement-time steps switched off, alternating, --runs times each; the figure is
the ratio of the medians, with the steps alone timed on documents parsed once beside it.
The target (issue 13): at most +15 %.

    python benchmarks/dates_overhead.py [--runs 5] [--data FILE.jsonl …] [--limit N]
"""
from __future__ import annotations

import argparse
import importlib
import statistics
import sys
import time
from pathlib import Path

SHARED = Path(__file__).resolve().parents[1].parent / "shared" / "data"
DEFAULT = [SHARED / "ner" / "nerel-dev.jsonl", SHARED / "telegram" / "dev.jsonl"]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--data", type=Path, action="append", help="JSONL file(s) with id/text (default: NEREL dev "
                    "and the Telegram posts)")
    ap.add_argument("--limit", type=int, default=600, help="articles read from each file")
    args = ap.parse_args()
    paths = args.data or DEFAULT
    missing = [str(p) for p in paths if not p.exists()]
    if missing:
        sys.exit(f"benchmark data not found: {', '.join(missing)} (pass --data FILE.jsonl with id/text lines)")

    an = importlib.import_module("svodka.analyze") and sys.modules["svodka.analyze"]
    from svodka.extract.dates import find_dates
    from svodka.extract.figures import FigureDraft, figure_draft, find_figures
    from svodka.extract.statement_time import date_quotes
    from svodka.ingest.readers import read_sources
    from svodka.model import Article
    from svodka.nlp.pipeline import Models, parse_many

    Models.get()
    arts = []
    for p in paths:
        arts += [a for a in read_sources([str(p)]) if isinstance(a, Article)][:args.limit]
    chars = sum(len(a.text) for a in arts)
    # analyze.py takes figures in two halves (their input, then the about-model's choice): switched off, the
    # draft holds no figure, so there is nothing to score or finish
    real = (find_dates, figure_draft, date_quotes)

    def switch(on: bool) -> None:
        if on:
            an.find_dates, an.figure_draft, an.date_quotes = real
        else:
            an.find_dates = lambda *a, **k: []
            an.figure_draft = lambda parsed, *a, **k: FigureDraft(parsed, None, [], [], False)
            an.date_quotes = lambda quotes, *a, **k: quotes

    def timed(on: bool) -> tuple[float, int, int]:
        switch(on)
        t0 = time.perf_counter()
        res = list(an.analyze_many(arts))
        return time.perf_counter() - t0, sum(len(x.dates) for x in res), sum(len(x.figures) for x in res)

    timed(True)  # warm the caches of both sides
    base, full = [], []
    nd = nf = 0
    for _ in range(args.runs):
        base.append(timed(False)[0])
        t, nd, nf = timed(True)
        full.append(t)
    switch(True)

    docs = []
    for a, p in zip(arts, parse_many([a.text for a in arts])):
        p, ents = an.entities_of(p, a.published)
        docs.append((a, p, ents))
    alone = []
    for _ in range(args.runs):
        t0 = time.perf_counter()
        for a, p, ents in docs:
            ds = find_dates(p.text, a.published, p)
            fs = find_figures(p, ents, ds)
            date_quotes([], ds, fs, p, a.published)
        alone.append(time.perf_counter() - t0)
    b, f, s = statistics.median(base), statistics.median(full), statistics.median(alone)
    print(f"{len(arts)} articles, {chars:,} characters: {nd} dates, {nf} figures; {args.runs} runs each")
    print(f"analyze without dates and figures: median {b:.3f} s  (runs: {', '.join(f'{x:.3f}' for x in base)})")
    print(f"analyze with dates and figures:    median {f:.3f} s  (runs: {', '.join(f'{x:.3f}' for x in full)})")
    print(f"dates, figures and statement times add {100 * (f / b - 1):+.1f}% (target: at most +15 %)")
    print(f"the steps alone, on parsed documents: median {s:.3f} s = {100 * s / b:+.1f}% of the analysis without them")


if __name__ == "__main__":
    main()
