"""What storing costs: `svodka ingest` into SQLite against `svodka analyze --format jsonl` on the same articles.

Both read the same JSONL (NEREL dev + train from ../shared/data/ner by default), each run is its own Python
process (model loading is timed apart and left out), the two alternate, and the figures are the median over
--runs. The ingest run starts from an empty database each time; the database size per 1,000 articles is
reported from the last one.

    python benchmarks/ingest_overhead.py [--runs 3] [--data ../shared/data/ner] [--limit N]
"""
from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

FILES = ["nerel-dev.jsonl", "nerel-train.jsonl"]
DEFAULT_DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "ner"


def _articles(data: Path, limit: int | None):
    paths = [data / f for f in FILES]
    missing = [str(p) for p in paths if not p.exists()]
    if missing:
        sys.exit(f"benchmark data not found: {', '.join(missing)} (pass --data DIR holding {', '.join(FILES)})")
    from svodka.ingest.readers import read_sources
    from svodka.model import Article
    return [a for a in read_sources([str(p) for p in paths]) if isinstance(a, Article)][:limit]


def child(which: str, data: Path, limit: int | None, db: str) -> None:
    from svodka.nlp.pipeline import Models

    t0 = time.perf_counter()
    Models.get()
    load = time.perf_counter() - t0
    arts = _articles(data, limit)
    t0 = time.perf_counter()
    if which == "analyze":
        import io

        from svodka.analyze import analyze_many
        from svodka.render import to_jsonl
        out = io.StringIO()
        for analysis in analyze_many(arts):
            out.write(to_jsonl(analysis) + "\n")
        stored = None
    else:
        from svodka.archive import Archive
        with Archive(db) as archive:
            # time spent in the store itself (lookups, lemmatising, writing), apart from analysis: the
            # difference of two runs' wall times is at the mercy of a busy machine, this is not
            store_secs = [0.0]
            for name in ("save", "known"):
                setattr(archive.store, name, _timed(getattr(archive.store, name), store_secs))
            report = archive.ingest_items(arts)
        stored = report.new
    secs = time.perf_counter() - t0
    in_store = store_secs[0] if which == "ingest" else None
    size = sum(os.path.getsize(p) for p in (db, db + "-wal") if os.path.exists(p)) if which == "ingest" else None
    print(json.dumps({"articles": len(arts), "seconds": secs, "load": load, "stored": stored, "db_bytes": size,
                      "store_seconds": in_store}))


def _timed(fn, acc: list[float]):
    def wrapper(*a, **kw):
        t0 = time.perf_counter()
        try:
            return fn(*a, **kw)
        finally:
            acc[0] += time.perf_counter() - t0
    return wrapper


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA)
    ap.add_argument("--limit", type=int)
    ap.add_argument("--child", choices=["analyze", "ingest"], help=argparse.SUPPRESS)
    ap.add_argument("--db", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        return child(args.child, args.data, args.limit, args.db)
    _articles(args.data, 1)  # fail early, with the message, when the data is absent

    results: dict[str, list[dict]] = {"analyze": [], "ingest": []}
    with tempfile.TemporaryDirectory() as tmp:
        for run in range(args.runs):
            for which in ("analyze", "ingest"):
                db = os.path.join(tmp, f"run{run}.db")
                cmd = [sys.executable, __file__, "--child", which, "--data", str(args.data), "--db", db]
                if args.limit:
                    cmd += ["--limit", str(args.limit)]
                res = json.loads(subprocess.run(cmd, check=True, capture_output=True, text=True).stdout)
                results[which].append(res)
                print(f"run {run + 1} {which:8} {res['articles']} articles in {res['seconds']:.1f} s "
                      f"({res['articles'] / res['seconds']:.1f}/s)", file=sys.stderr)
    n = results["ingest"][-1]["articles"]
    rate = {w: [r["articles"] / r["seconds"] for r in rs] for w, rs in results.items()}
    secs = {w: statistics.median(r["seconds"] for r in rs) for w, rs in results.items()}
    print(f"articles: {n} (NEREL dev+train), runs: {args.runs}, model load excluded")
    for w in ("analyze", "ingest"):
        print(f"  {w:8} median {statistics.median(rate[w]):6.1f} articles/s   "
              f"(runs: {', '.join(f'{x:.1f}' for x in rate[w])})")
    overhead = (secs["ingest"] - secs["analyze"]) / secs["analyze"] * 100
    print(f"storage overhead (median ingest time vs median analyze time): {overhead:+.1f} %")
    shares = [r["store_seconds"] / (r["seconds"] - r["store_seconds"]) * 100 for r in results["ingest"]]
    print(f"time inside the store, relative to the rest of the ingest run: median {statistics.median(shares):.1f} % "
          f"(runs: {', '.join(f'{x:.1f}' for x in shares)}); per article "
          f"{statistics.median(r['store_seconds'] for r in results['ingest']) / n * 1000:.1f} ms")
    last = results["ingest"][-1]
    print(f"database: {last['db_bytes'] / 2**20:.1f} MiB for {last['stored']} articles = "
          f"{last['db_bytes'] / last['stored'] * 1000 / 2**20:.1f} MiB per 1,000 articles")


if __name__ == "__main__":
    main()
