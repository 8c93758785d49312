"""What the entity work (NER repair, gazetteer, coreference) adds to the time of `svodka analyze`.

One process, models loaded once; the same articles (NEREL dev from ../shared/data/ner by default) are
analysed with the entity steps and without them (NER spans used as the tagger gave them, no titles or
pronouns), alternating, after one warm-up pass of each (pymorphy's caches fill on the first pass, as they
do early in any long run). Reported: median seconds of each over --runs passes and their ratio; the
target is a ratio of at most 1.20. Machines here are shared, so only the ratio means much.

    python benchmarks/entity_overhead.py [--runs 5] [--data ../shared/data/ner] [--file nerel-dev.jsonl]
"""
from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

DEFAULT_DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "ner"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA)
    ap.add_argument("--file", default="nerel-dev.jsonl")
    args = ap.parse_args()
    path = args.data / args.file
    if not path.exists():
        sys.exit(f"benchmark data not found: {path} (pass --data DIR holding {args.file})")

    import importlib

    # the module, not the `analyze` function the package exports under the same name
    an = importlib.import_module("svodka.analyze")
    from svodka.ingest.readers import read_sources
    from svodka.model import Article
    from svodka.nlp.pipeline import Models

    Models.get()
    arts = [a for a in read_sources([str(path)]) if isinstance(a, Article)]
    with_entities = (an.repair_ner, an.resolve_coref)
    without = (lambda parsed: parsed.spans, lambda parsed, entities, published=None: entities)

    def run(steps) -> float:
        an.repair_ner, an.resolve_coref = steps
        t0 = time.perf_counter()
        for _ in an.analyze_many(arts):
            pass
        return time.perf_counter() - t0

    try:
        run(with_entities), run(without)  # warm-up
        times: dict[str, list[float]] = {"with": [], "without": []}
        for i in range(args.runs):
            order = [("with", with_entities), ("without", without)]
            for name, steps in (order if i % 2 == 0 else order[::-1]):
                times[name].append(run(steps))
    finally:
        an.repair_ner, an.resolve_coref = with_entities
    w, wo = statistics.median(times["with"]), statistics.median(times["without"])
    print(f"{len(arts)} articles from {path.name}, median of {args.runs} passes")
    print(f"analyze without entity work: {wo:.2f} s ({len(arts) / wo:.1f} articles/s)")
    print(f"analyze with entity work:    {w:.2f} s ({len(arts) / w:.1f} articles/s)")
    print(f"ratio: {w / wo:.3f} (target <= 1.20)")


if __name__ == "__main__":
    main()
