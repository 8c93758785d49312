"""Titles learnt from appositions in real text: ingest the Telegram dev posts and the NEREL quote gold texts
into a fresh archive, count the (title, person) pairs the articles gave, and print a random sample of them
with the words around each, for a hand check.

    python benchmarks/learnt_titles.py [--telegram ../shared/data/telegram/dev.jsonl]
                                       [--nerel ../shared/data/quotes/dev.jsonl] [--sample 30] [--seed 1]

The data stays outside the repository (it is the channels' and the corpus' text); nothing of it is written
into the repository. A text without a publication date (the NEREL texts) gives its titles in the analysis,
but the archive learns nothing from it: it says of no day who held the title.
"""
from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from pathlib import Path

SHARED = Path(__file__).resolve().parents[1].parent / "shared" / "data"


def _context(text: str, start: int, end: int, width: int = 70) -> str:
    """The title and the words around it on one line, the title bracketed."""
    left = text[max(0, start - width):start].split("\n")[-1]
    right = text[end:end + width].split("\n")[0]
    return f"…{left}[{text[start:end]}]{right}…"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--telegram", type=Path, default=SHARED / "telegram" / "dev.jsonl")
    ap.add_argument("--nerel", type=Path, default=SHARED / "quotes" / "dev.jsonl")
    ap.add_argument("--sample", type=int, default=30)
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args()
    present = []
    for path in (args.telegram, args.nerel):
        if path.exists():
            present.append(path)
        else:
            print(f"data not found: {path} (pass it with --telegram / --nerel); skipped", file=sys.stderr)
    if not present:
        print("no data: nothing measured", file=sys.stderr)
        return 2

    from svodka.archive import Archive

    with tempfile.TemporaryDirectory() as tmp:
        t0 = time.perf_counter()
        with Archive(Path(tmp) / "titles.db") as a:
            report = a.ingest([str(p) for p in present])
            secs = time.perf_counter() - t0
            pairs: dict[tuple[str, str], list[tuple[str, str]]] = {}  # (title, person) → (article, context)
            given = 0
            for art in a.store.export_rows("articles"):
                names = {e["id"]: e["name"] for e in art["entities"]}
                for t in art["titles"]:
                    given += 1
                    pairs.setdefault((t["title"], names[t["entity"]]), []).append(
                        (art["id"], _context(art["text"], t["start"], t["end"])))
            conn = a.store.conn
            stored = conn.execute("SELECT COUNT(*), COUNT(DISTINCT title_key || '|' || entity_id), "
                                  "COUNT(DISTINCT title_key) FROM entity_titles").fetchone()
            articles = a.stats()["articles"]
    print(f"ingested {', '.join(map(str, present))}: {report.new} new articles ({articles} stored) in {secs:.0f} s")
    print(f"apposition titles given by the articles: {given}; distinct (title, person) pairs: {len(pairs)}")
    print(f"learnt by the archive (dated articles): {stored[0]} sightings, {stored[1]} distinct (title, person) "
          f"pairs, {stored[2]} distinct titles")
    rng = random.Random(args.seed)
    sample = rng.sample(sorted(pairs), min(args.sample, len(pairs)))
    print(f"\n{len(sample)} random pairs (title | person | where):")
    for n, (title, person) in enumerate(sample, 1):
        aid, ctx = pairs[(title, person)][0]
        print(f"{n:2}. {title} | {person} | {aid}: {ctx}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
