"""What the entity work (NER repair, gazetteer, coreference) adds to the time of `svodka analyze`.

One process, models loaded once, NEREL dev from ../shared/data/ner by default. Each pass parses the
articles in the batches `analyze_many` uses (the model stage both variants share) and then, for every
parsed article, runs the rest of the analysis twice back to back, with the entity steps and without them
(NER spans as the tagger gave them, no titles or pronouns), in alternating order. Timing the two variants
on the same article moments apart keeps the comparison fair on a machine whose other jobs come and go.

    time(analyze) = parse + rest of the analysis;  ratio = (parse + rest with) / (parse + rest without)

Reported: the median ratio over --runs passes, after one warm-up pass (pymorphy's caches fill on the first
pass, as they do early in any long run). Target: at most 1.20.

    python benchmarks/entity_overhead.py [--runs 5] [--data ../shared/data/ner] [--file nerel-dev.jsonl]
"""
from __future__ import annotations

import argparse
import importlib
import statistics
import sys
import time
from itertools import islice
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

    # the module, not the `analyze` function the package exports under the same name
    an = importlib.import_module("svodka.analyze")
    from svodka.ingest.readers import read_sources
    from svodka.model import Article
    from svodka.nlp.pipeline import Models, parse_many

    models = Models.get()
    arts = [a for a in read_sources([str(path)]) if isinstance(a, Article)]
    with_entities = (an.repair_ner, an.resolve_coref)
    without = (lambda parsed: parsed.spans, lambda parsed, entities, published=None: entities)

    def rest(steps, article, parsed) -> float:
        an.repair_ner, an.resolve_coref = steps
        t0 = time.perf_counter()
        an._analysis(article, parsed)
        return time.perf_counter() - t0

    def one_pass(flip: bool) -> tuple[float, float, float]:
        parse = t_with = t_without = 0.0
        it = iter(arts)
        while batch := list(islice(it, an.CHUNK)):
            t0 = time.perf_counter()
            docs = parse_many([a.text for a in batch], models)
            parse += time.perf_counter() - t0
            for i, (article, parsed) in enumerate(zip(batch, docs)):
                if (i % 2 == 0) ^ flip:
                    t_with += rest(with_entities, article, parsed)
                    t_without += rest(without, article, parsed)
                else:
                    t_without += rest(without, article, parsed)
                    t_with += rest(with_entities, article, parsed)
        return parse, t_with, t_without

    try:
        one_pass(False)  # warm-up
        passes = [one_pass(bool(i % 2)) for i in range(args.runs)]
    finally:
        an.repair_ner, an.resolve_coref = with_entities
    ratios = [(p + w) / (p + wo) for p, w, wo in passes]
    parse = statistics.median(p for p, _, _ in passes)
    w = statistics.median(x for _, x, _ in passes)
    wo = statistics.median(x for _, _, x in passes)
    print(f"{len(arts)} articles from {path.name}, {args.runs} passes (medians)")
    print(f"parse (Natasha models): {parse:.2f} s; rest of the analysis without entity work {wo:.2f} s, "
          f"with it {w:.2f} s")
    print(f"analyze without entity work {parse + wo:.2f} s ({len(arts) / (parse + wo):.1f} articles/s), "
          f"with it {parse + w:.2f} s ({len(arts) / (parse + w):.1f} articles/s)")
    print(f"ratio: {statistics.median(ratios):.3f} (median; range {min(ratios):.3f}-{max(ratios):.3f}; "
          f"target <= 1.20)")


if __name__ == "__main__":
    main()
