"""Stories kept at ingest: does placing an article in its story grow with the archive? The 2,176 Telegram posts
of ../shared/data/telegram/dev.jsonl are analysed once, then stored as ingest stores them (batches of 64,
`Store.save`) into a new SQLite archive again and again, each copy shifted by their 10 days under new ids
(and a last line «выпуск K», so that the store does not take a copy for a repost of the text it holds), up to
each size. Prints the seconds spent placing articles in stories (stories/online.py through the store: the
window read by its index, the likeness, the writes) per 1,000 articles, over the whole run and over its last
1,000, beside the whole save's; then each run's time per consecutive 1,000 placed (the first thousand meets
an archive filling its first window, so it is the cheapest).

The analysis is not timed (ingest pays for it whatever stories do).

    python benchmarks/stories_store.py [--sizes 2000 20000] [--data FILE]
"""
from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from dataclasses import replace
from datetime import timedelta
from pathlib import Path

DEFAULT_DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "telegram" / "dev.jsonl"
BATCH = 64


def _analysed(path: Path):
    from svodka.analyze import analyze_many
    from svodka.ingest.readers import parse_published
    from svodka.model import Article

    arts = []
    for line in path.open(encoding="utf-8"):
        if line.strip():
            r = json.loads(line)
            if r.get("published"):
                arts.append(Article(id=str(r["id"]), text=r["text"], source=r.get("source"),
                                    published=parse_published(r["published"])))
    arts.sort(key=lambda a: (a.published, a.id))
    return list(zip(arts, analyze_many(arts)))


def _copies(base, size: int):
    """(article, analysis) of `size` articles: copy k of each post shifted by k times the posts' span."""
    shift = (base[-1][0].published - base[0][0].published) + timedelta(hours=1)
    n, k = 0, 0
    while True:
        for art, an in base:
            if n == size:
                return
            text = art.text if k == 0 else f"{art.text}\n\nвыпуск {k}"
            yield replace(art, id=f"{art.id}#{k}", text=text, published=art.published + k * shift), an
            n += 1
        k += 1


def one(base, size: int, where: Path) -> dict:
    from svodka.archive import clean_hash, text_hash
    from svodka.store import Entry
    from svodka.store.sqlite import SQLiteStore

    store = SQLiteStore(where / f"stories-{size}.db")
    placing: list[float] = []  # seconds to place each new article
    assign = store._assign_story

    def timed(*args):
        t = time.perf_counter()
        out = assign(*args)
        placing.append(time.perf_counter() - t)
        return out

    store._assign_story = timed
    saving = 0.0
    statuses: dict[str, int] = {}
    batch = []
    for art, an in _copies(base, size):
        batch.append(Entry(art, an, text_hash(art.text), clean_hash(art.text)))
        if len(batch) == BATCH:
            saving += _save(store, batch, statuses)
            batch = []
    if batch:
        saving += _save(store, batch, statuses)
    window = store.conn.execute("SELECT COUNT(*) FROM article_stories").fetchone()[0]
    stories = store.conn.execute("SELECT COUNT(*) FROM stories").fetchone()[0]
    store.close()
    last = placing[-1000:]
    blocks = [sum(placing[i:i + 1000]) / len(placing[i:i + 1000]) * 1000 for i in range(0, len(placing), 1000)]
    return {"size": size, "placed": len(placing), "stories": stories, "assigned": window, "statuses": statuses,
            "place_per_1000": sum(placing) / len(placing) * 1000, "last_per_1000": sum(last) / len(last) * 1000,
            "save_per_1000": saving / size * 1000, "blocks": blocks}


def _save(store, batch, statuses) -> float:
    t = time.perf_counter()
    for o in store.save(batch):
        statuses[o.status] = statuses.get(o.status, 0) + 1
    return time.perf_counter() - t


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA)
    ap.add_argument("--sizes", type=int, nargs="+", default=[2_000, 20_000])
    args = ap.parse_args()
    if not args.data.exists():
        print(f"benchmark data not found: {args.data} (pass --data FILE, the JSON Lines of Telegram posts); "
              "nothing measured", file=sys.stderr)
        return 2
    t = time.perf_counter()
    base = _analysed(args.data)
    print(f"{len(base):,} posts analysed in {time.perf_counter() - t:.0f} s (not counted below)", flush=True)
    print(f"{'articles':>9} {'placed':>7} {'stories':>8} {'place s/1,000':>14} {'last 1,000':>11} "
          f"{'save s/1,000':>13}  statuses")
    blocks = []
    with tempfile.TemporaryDirectory(prefix="svodka-stories-") as tmp:
        for size in args.sizes:
            r = one(base, size, Path(tmp))
            print(f"{r['size']:>9,} {r['placed']:>7,} {r['stories']:>8,} {r['place_per_1000']:>14.2f} "
                  f"{r['last_per_1000']:>11.2f} {r['save_per_1000']:>13.2f}  {r['statuses']}", flush=True)
            blocks.append((size, r["blocks"]))
    for size, b in blocks:  # each consecutive 1,000 placed: flat if the archive's size does not matter
        print(f"{size:>9,}: s per 1,000 placed, by thousand: " + " ".join(f"{x:.1f}" for x in b))
    return 0


if __name__ == "__main__":
    sys.exit(main())
