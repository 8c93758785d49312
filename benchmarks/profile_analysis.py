"""Where `analyze_many` spends its time: cProfile over real articles, top functions by cumulative and self time;
or, with --sampler, pyinstrument's statistical profile (a sample of the stack every millisecond, so pure-Python
code is not slowed more than numpy calls as under cProfile).

Reads NEREL train articles from ../shared/data/ner/nerel-train.jsonl by default (the first --limit of them).
Models are loaded and one small warm-up batch analysed before profiling starts, so the profile shows the
steady state of a worker, not model loading. cProfile slows pure-Python code more than numpy calls, so read
its shares as a map of hot spots; the sampler's shares are the time itself; speed is measured by
throughput.py.

    python benchmarks/profile_analysis.py [--limit 200] [--top 25] [--data FILE.jsonl] [--out FILE.prof]
    python benchmarks/profile_analysis.py --sampler [--limit 840] [--out FILE.html]

--sampler needs pyinstrument (`pip install -e ".[bench]"`).
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
    ap.add_argument("--out", type=Path, help="also write the raw profile here (for snakeviz, pstats; with "
                    "--sampler, pyinstrument's HTML page)")
    ap.add_argument("--sampler", action="store_true", help="pyinstrument's sampling profile instead of cProfile")
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

    if args.sampler:
        _sampled(analyze_many, arts, args)
        return
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


def _sampled(analyze_many, arts, args) -> None:
    try:
        from pyinstrument import Profiler
    except ImportError:
        sys.exit('--sampler needs pyinstrument: pip install -e ".[bench]" (or pip install pyinstrument)')
    prof = Profiler(interval=0.001)
    t0 = time.perf_counter()
    prof.start()
    n = sum(1 for _ in analyze_many(arts))
    prof.stop()
    print(f"{n} articles from {args.data.name} in {time.perf_counter() - t0:.2f} s under pyinstrument")
    if args.out:
        args.out.write_text(prof.output_html())
    # the functions that hold the time themselves, then the call tree down to 1 % of it
    print(prof.output_text(flat=True, show_all=False)[:6000])
    print(prof.output_text(processor_options={"filter_threshold": 0.01}))


if __name__ == "__main__":
    main()
