"""What svodka's word caches cost at their bound: each `functools.lru_cache` of the package with a size limit,
after analysing real articles (and indexing their text for search, as ingest does): how full it is, its hit
rate, the memory one entry holds and so the memory the cache holds once full.

A process that ingests for days fills every cache to its limit, so the sum of the limits, not what a short
benchmark shows, is what a worker's peak memory grows to (the 400 MiB a worker target of issue 16).

    python benchmarks/cache_memory.py [--limit 1000] [--data FILE.jsonl …]

Memory is measured with tracemalloc from the start (slow: about eight times the analysis time), as what
emptying the cache frees; an entry whose value is also held elsewhere counts less than it costs alone, so the
bound is a floor, not a ceiling.
"""
from __future__ import annotations

import argparse
import functools
import gc
import json
import sys
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from shared_data import SHARED, data_paths

# dev first, so that a --limit takes articles and posts alike
DEFAULT = [SHARED / "ner" / "nerel-dev.jsonl", SHARED / "telegram" / "dev.jsonl", SHARED / "ner" / "factru-dev.jsonl",
           SHARED / "ner" / "nerel-train.jsonl"]
SMALL = 1_000  # caches bounded below this many entries hold too little to matter


def _articles(paths: list[Path], limit: int):
    from datetime import datetime

    from svodka.model import Article
    out = []
    for path in paths:
        with open(path, encoding="utf-8") as f:
            for n, line in enumerate(f, 1):
                if len(out) >= limit:
                    return out
                try:
                    d = json.loads(line)
                    published = datetime.fromisoformat(d["published"]) if d.get("published") else None
                    out.append(Article(id=str(d["id"]), text=d["text"], published=published))
                except (ValueError, KeyError) as e:
                    sys.exit(f"{path}:{n}: not an article line with id and text ({e})")
    return out


def bounded_caches() -> list[tuple[str, functools._lru_cache_wrapper]]:
    """Every module-level lru_cache of the loaded svodka modules whose limit is SMALL or more, by name."""
    found: dict[int, tuple[str, functools._lru_cache_wrapper]] = {}
    for name, module in list(sys.modules.items()):
        if not name.startswith("svodka"):
            continue
        for attr, obj in vars(module).items():
            if isinstance(obj, functools._lru_cache_wrapper) and obj.__module__ == name:
                size = obj.cache_info().maxsize
                if size is not None and size >= SMALL:
                    found[id(obj)] = (f"{name.removeprefix('svodka.')}.{attr}", obj)
    return sorted(found.values())


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--limit", type=int, default=1_000, help="articles to analyse (default 1,000)")
    ap.add_argument("--data", type=Path, action="append", help="JSONL files of id/text lines")
    args = ap.parse_args()
    paths = data_paths(args.data, DEFAULT)
    tracemalloc.start()
    from svodka.analyze import analyze_many
    from svodka.store.terms import index_text
    articles = _articles(paths, args.limit)
    for _ in analyze_many(articles):
        pass
    for a in articles:
        index_text(a.text)
    rows, bound = [], 0.0
    for name, cache in bounded_caches():
        info = cache.cache_info()
        gc.collect()
        before = tracemalloc.get_traced_memory()[0]
        cache.cache_clear()
        gc.collect()
        freed = before - tracemalloc.get_traced_memory()[0]
        per = freed / info.currsize if info.currsize else 0.0
        full = per * info.maxsize / 2**20
        bound += full
        calls = info.hits + info.misses
        rows.append(f"  {name:42} {info.currsize:>7,} / {info.maxsize:<7,} hit rate "
                    f"{info.hits / calls if calls else 0:.3f}  {per:6.0f} B an entry  full {full:5.1f} MiB")
    print(f"{len(articles):,} articles analysed and indexed; bounded caches (filled / limit):")
    print("\n".join(rows))
    print(f"all of them full: {bound:.0f} MiB (at least; see the module's note)")


if __name__ == "__main__":
    main()
