"""How story clustering grows with the archive: the 2,176 real Telegram posts of ../shared/data/telegram/dev.jsonl
replicated (each copy shifted by their 10 days, under new ids) to 10,000 … 1,000,000 articles, fed to the online
clusterer (stories/stream.py) as ingest would, with document frequencies counted as it goes. Prints seconds per
1,000 articles and peak memory for each size, each size in a fresh process (so one size's memory is not
another's), median of --runs runs.

Entities are not run here (the NER is part of analysis, which ingest already pays for); the documents carry
no entities, which only removes the entity bonus from the likeness. Building the documents (lemmas and
shingles of the real posts) is done once and not timed.

    python benchmarks/stories_scale.py [--sizes 10000 100000 1000000] [--runs 3]
"""
from __future__ import annotations

import argparse
import json
import resource
import statistics
import subprocess
import sys
import time
from dataclasses import replace
from datetime import timedelta
from pathlib import Path

DEFAULT_DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "telegram" / "dev.jsonl"


def _base_docs(path: Path):
    from svodka.ingest.readers import parse_published
    from svodka.model import Article
    from svodka.stories import document
    from svodka.stories.cluster import time_order

    docs = []
    for line in path.open(encoding="utf-8"):
        if line.strip():
            r = json.loads(line)
            docs.append(document(Article(id=r["id"], text=r["text"], published=parse_published(r["published"]),
                                         source=r.get("source"))))
    return time_order(docs)


def one(size: int, data: Path) -> dict:
    from svodka.stories.stream import StoryStream

    base = _base_docs(data)
    start, end = base[0].published, base[-1].published
    shift = (end - start) + timedelta(hours=1)
    # as ingest would run it: each article's story is the caller's to store; the stream keeps the window
    stream = StoryStream(keep_vectors=False, record=False)
    t0 = time.perf_counter()
    n = 0
    k = 0
    while n < size:
        for d in base:
            if n == size:
                break
            stream.add(replace(d, id=f"{d.id}#{k}", published=d.published + k * shift))
            n += 1
        k += 1
    dt = time.perf_counter() - t0
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux
    return {"size": size, "seconds": dt, "per_1000": dt / size * 1000, "stories": stream.n_stories,
            "window": len(stream.recent), "peak_mib": peak}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA)
    ap.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000, 1_000_000])
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--one", type=int, help=argparse.SUPPRESS)  # a child process: one size, one run
    args = ap.parse_args()
    if not args.data.exists():
        print(f"benchmark data not found: {args.data} (pass --data FILE, the JSON Lines of Telegram posts); "
              "nothing measured", file=sys.stderr)
        return 2
    if args.one:
        print(json.dumps(one(args.one, args.data)))
        return 0
    print(f"{'articles':>10} {'s / 1,000':>10} {'total s':>9} {'stories':>9} {'in window':>10} {'peak MiB':>9}")
    for size in args.sizes:
        runs = []
        for _ in range(args.runs):
            out = subprocess.run([sys.executable, __file__, "--data", str(args.data), "--one", str(size)],
                                 capture_output=True, text=True, check=True)
            runs.append(json.loads(out.stdout.strip().splitlines()[-1]))
        med = sorted(runs, key=lambda r: r["per_1000"])[len(runs) // 2]
        print(f"{size:>10,} {statistics.median(r['per_1000'] for r in runs):>10.3f} {med['seconds']:>9.1f} "
              f"{med['stories']:>9,} {med['window']:>10,} {max(r['peak_mib'] for r in runs):>9.0f}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
