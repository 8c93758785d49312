"""What the clean view of Telegram posts changes in analysis (issue 11), on real channel posts.

Reads ../shared/data/telegram/dev.jsonl (or --data FILE.jsonl) and analyses every post twice, as written
(`cleaning=False`, what svodka did before the clean view) and through its clean view, then prints:

- markup reaching analysis: the share of posts whose analysed text holds `**`, `__`, `](`, an emoji or a
  zero-width character (target 0 with cleaning on);
- mentions from footers: the share of entity mentions that lie in the footer block the clean view removes
  («Подписаться на …», «Прислать новость», @channel lines), both runs measured against the same regions
  (target 0 with cleaning on);
- quotes found, and the top ORG/LOC entities by mentions, before and after.

    python benchmarks/telegram_markup.py [--data ../shared/data/telegram/dev.jsonl] [--top 12]
"""
from __future__ import annotations

import argparse
import re
import sys
import time
import unicodedata
from collections import Counter
from pathlib import Path

DEFAULT = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "telegram" / "dev.jsonl"

# Defined here independently of ingest/clean.py, so the measure does not just repeat the cleaner's rules:
# pictographs (U+1F000 and up), the misc-symbol and dingbat blocks, variation selectors, format characters.
_MARKS = re.compile(r"\*\*|__|\]\(")


def _is_emoji_or_invisible(c: str) -> bool:
    o = ord(c)
    return (o >= 0x1F000 and o <= 0x1FAFF or 0x2600 <= o <= 0x27BF or 0x2B00 <= o <= 0x2BFF
            or 0xFE00 <= o <= 0xFE0F or unicodedata.category(c) == "Cf")


def has_markup(text: str) -> bool:
    return bool(_MARKS.search(text)) or any(_is_emoji_or_invisible(c) for c in text)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--data", type=Path, default=DEFAULT)
    ap.add_argument("--top", type=int, default=12)
    args = ap.parse_args()
    if not args.data.exists():
        sys.exit(f"telegram data not found: {args.data}\n"
                 "(this benchmark needs the Telegram posts of ../shared/data/telegram/dev.jsonl, or pass "
                 "--data FILE.jsonl with one {\"id\", \"text\"} post per line)")

    from svodka.analyze import _view, analyze_many
    from svodka.ingest.clean import clean
    from svodka.ingest.readers import read_sources
    from svodka.model import Article
    from svodka.nlp.pipeline import Models

    Models.get()
    arts = [a for a in read_sources([str(args.data)]) if isinstance(a, Article)]
    n = len(arts)
    print(f"{n:,} posts from {args.data}")

    # what analysis reads in each run
    views = [_view(a, True) for a in arts]
    analysed_on = [v.text if v else a.text for a, v in zip(arts, views)]
    raw_markup = sum(has_markup(a.text) for a in arts)
    on_markup = [a for a, t in zip(arts, analysed_on) if has_markup(t)]
    footers = [clean(a.text).footer for a in arts]

    results = {}
    for label, cleaning in (("as written", False), ("clean view", True)):
        t0 = time.perf_counter()
        results[label] = list(analyze_many(arts, cleaning=cleaning))
        print(f"  analysed {label:<10} in {time.perf_counter() - t0:6.1f} s")

    print("\nmarkup reaching analysis (posts whose analysed text holds **, __, ](, emoji or zero-width)")
    print(f"  as written  {raw_markup:5,} of {n:,}  {raw_markup / n:6.1%}")
    print(f"  clean view  {len(on_markup):5,} of {n:,}  {len(on_markup) / n:6.1%}   (target 0)")
    for a in on_markup[:5]:
        print(f"    still marked: {a.id}")

    with_footer = sum(f is not None for f in footers)
    print(f"\nmentions from footers and signatures ({with_footer:,} posts have a footer block; "
          "mentions inside it / all mentions)")
    tops = {}
    for label, analyses in results.items():
        total = inside = 0
        counts: Counter = Counter()
        moscow = moscow_footer = 0
        for an, f in zip(analyses, footers):
            for e in an.entities:
                for m in e.mentions:
                    total += 1
                    in_footer = f is not None and m.start >= f[0]
                    inside += in_footer
                    if e.type in ("ORG", "LOC"):
                        counts[(e.type, e.name)] += 1
                    if e.name == "Москва":
                        moscow += 1
                        moscow_footer += in_footer
        tops[label] = counts
        quotes = sum(len(an.quotes) for an in analyses)
        print(f"  {label:<10}  {inside:5,} of {total:6,} mentions  {inside / max(total, 1):6.1%}   "
              f"«Москва»: {moscow_footer} of {moscow} from footers   quotes found: {quotes:,}")

    print(f"\ntop {args.top} ORG/LOC entities by mentions")
    before = tops["as written"].most_common(args.top)
    after = tops["clean view"].most_common(args.top)
    print(f"  {'as written':<40} {'clean view':<40}")
    for i in range(args.top):
        b = f"{before[i][0][0]} {before[i][0][1]} {before[i][1]}" if i < len(before) else ""
        a = f"{after[i][0][0]} {after[i][0][1]} {after[i][1]}" if i < len(after) else ""
        print(f"  {b:<40} {a:<40}")


if __name__ == "__main__":
    main()
