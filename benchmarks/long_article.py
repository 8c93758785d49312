"""How analysis time grows with the length of one article full of quotes.

One invented paragraph (a reported clause, a direct quote, «по словам X», an anaphoric «Об этом …») is
repeated to each size and analysed as a single article. Time that grows faster than the size points at a
scan over all quotes inside a loop over quotes. Reads no corpus.

    python benchmarks/long_article.py [--sizes 250 1000 2500]
"""
from __future__ import annotations

import argparse
import time

PARAGRAPH = ("Министр Олег Сомов заявил, что ремонт моста закончится в августе, сообщает газета «Вечерний город». "
             "«Мы успеем в срок», — сказал он. По словам губернатора Ивана Петрова, денег хватит. Об этом он "
             "рассказал журналистам.\n\n")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sizes", type=int, nargs="+", default=[250, 1000, 2500],
                    help="how many times to repeat the paragraph, one article per size")
    args = ap.parse_args()

    from svodka.analyze import analyze
    from svodka.ingest.readers import article_from_text

    analyze(article_from_text(PARAGRAPH, "warm", "bench"))  # load the models outside the timing
    print(f"{'MB':>6} {'quotes':>7} {'seconds':>8} {'s per MB':>9}")
    for n in args.sizes:
        text = PARAGRAPH * n
        t0 = time.perf_counter()
        quotes = len(analyze(article_from_text(text, f"long{n}", "bench")).quotes)
        dt = time.perf_counter() - t0
        mb = len(text.encode()) / 2**20
        print(f"{mb:6.2f} {quotes:7d} {dt:8.1f} {dt / mb:9.1f}")


if __name__ == "__main__":
    main()
