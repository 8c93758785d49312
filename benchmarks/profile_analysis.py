"""Where `analyze_many` spends its time: cProfile over real articles, top functions by cumulative and self time.

Reads NEREL train articles from ../shared/data/ner/nerel-train.jsonl by default (the first --limit of them).
Models are loaded and one small warm-up batch analysed before profiling starts, so the profile shows the
steady state of a worker, not model loading. cProfile slows pure-Python code more than numpy calls, so read
the shares as a map of hot spots; speed itself is measured by throughput.py.

    python benchmarks/profile_analysis.py [--limit 200] [--top 25] [--data FILE.jsonl] [--out FILE.prof]
"""
from __future__ import annotations

import argparse
import cProfile
import io
import pstats
import sys
import time
from pathlib import Path

DEFAULT = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "ner" / "nerel-train.jsonl"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--data", type=Path, default=DEFAULT)
    ap.add_argument("--limit", type=int, default=200, help="articles to profile")
    ap.add_argument("--top", type=int, default=25, help="functions listed per table")
    ap.add_argument("--out", type=Path, help="also write the raw profile here (for snakeviz, pstats)")
    args = ap.parse_args()
    if not args.data.exists():
        sys.exit(f"profile data not found: {args.data} (pass --data FILE.jsonl with id/text lines)")

    from svodka.analyze import analyze_many
    from svodka.ingest.readers import read_sources
    from svodka.model import Article
    from svodka.nlp.pipeline import Models

    Models.get()
    arts = [a for a in read_sources([str(args.data)]) if isinstance(a, Article)][:args.limit]
    list(analyze_many(arts[:8]))  # warm-up: lazy loads (quote model, lexicons) stay out of the profile

    prof = cProfile.Profile()
    t0 = time.perf_counter()
    prof.enable()
    n = sum(1 for _ in analyze_many(arts))
    prof.disable()
    wall = time.perf_counter() - t0
    print(f"{n} articles from {args.data.name} in {wall:.2f} s under cProfile")
    if args.out:
        prof.dump_stats(str(args.out))
    for key, title in (("cumulative", "cumulative time"), ("tottime", "self time")):
        buf = io.StringIO()
        pstats.Stats(prof, stream=buf).strip_dirs().sort_stats(key).print_stats(args.top)
        body = buf.getvalue()
        # drop pstats' preamble (totals, "Ordered by") and keep the table itself
        table = body[body.index("   ncalls"):] if "   ncalls" in body else body
        print(f"\n=== top {args.top} by {title} ===\n{table.rstrip()}")


if __name__ == "__main__":
    main()
