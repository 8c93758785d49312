"""Reposts in real Telegram news: ingest ../shared/data/telegram/dev.jsonl into a fresh archive and count what
was stored once with several appearances, how many quotes were published by two or more channels, and how
long it took. A second ingest of the same file checks that a rerun stores nothing again.

    python benchmarks/telegram_ingest.py [--data ../shared/data/telegram/dev.jsonl] [--keep news.db]

The data stays outside the repository (it is the channels' text); only these counts are reported.
"""
from __future__ import annotations

import argparse
import sqlite3
import sys
import tempfile
import time
from pathlib import Path

DEFAULT_DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "telegram" / "dev.jsonl"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA)
    ap.add_argument("--keep", type=Path, help="write the archive here instead of a temporary file")
    args = ap.parse_args()
    if not args.data.exists():
        print(f"benchmark data not found: {args.data} (pass --data FILE, the JSON Lines of Telegram posts); "
              "nothing measured", file=sys.stderr)
        return 2

    from svodka.archive import Archive
    from svodka.nlp.pipeline import Models

    Models.get()  # model loading is not ingest time
    posts = sum(1 for line in args.data.open(encoding="utf-8") if line.strip())
    with tempfile.TemporaryDirectory() as tmp:
        db = args.keep or Path(tmp) / "telegram.db"
        if db.exists():
            sys.exit(f"{db} exists; give a new path to --keep")
        with Archive(db) as a:
            t0 = time.perf_counter()
            first = a.ingest([str(args.data)])
            secs = time.perf_counter() - t0
            t0 = time.perf_counter()
            again = a.ingest([str(args.data)])
            rerun = time.perf_counter() - t0
        c = sqlite3.connect(db)
        q = lambda sql: c.execute(sql).fetchone()[0]  # noqa: E731
        articles = q("SELECT COUNT(*) FROM articles")
        per_article = ("SELECT article_id, COUNT(*) AS n, COUNT(DISTINCT source_key) AS channels "
                       "FROM appearances GROUP BY article_id")
        several = q(f"SELECT COUNT(*) FROM ({per_article}) WHERE n >= 2")
        several_channels = q(f"SELECT COUNT(*) FROM ({per_article}) WHERE channels >= 2")
        most = q(f"SELECT COALESCE(MAX(channels), 0) FROM ({per_article})")
        quotes = q("SELECT COUNT(*) FROM quotes")
        quotes_multi = q(f"SELECT COUNT(*) FROM quotes WHERE article_id IN "
                         f"(SELECT article_id FROM ({per_article}) WHERE channels >= 2)")
        c.close()

    print(f"data                 {args.data} ({posts:,} posts)")
    print(f"first ingest         {first.new:,} new, {first.stored:,} already stored, {first.duplicates:,} duplicates "
          f"of other posts, {first.appearances:,} new appearances in other channels, {first.failed:,} failed")
    print(f"ingest time          {secs:.1f} s ({posts / secs:.1f} posts/s, models loaded beforehand)")
    print(f"stored articles      {articles:,}")
    print(f"stored once, several appearances   {several:,} articles ({several_channels:,} in two or more channels; "
          f"at most {most} channels)")
    print(f"quotes               {quotes:,}; in two or more channels: {quotes_multi:,}")
    print(f"rerun                {again.new:,} new, {again.stored:,} already stored, {again.appearances:,} "
          f"appearances, {again.failed:,} failed in {rerun:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
