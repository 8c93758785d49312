"""The store alone, SQLite against PostgreSQL, on the same analysed articles: ingest (stored articles a
second, the single writer's rate) and query latency, median of --runs, with the PostgreSQL/SQLite ratios.

The articles are ../shared/data/ner/nerel-dev.jsonl (read by path; --data another JSONL), analysed once;
each is stored --copies times with its own id, URL, date and a marker line appended to its text, so every
copy is a new article. Each run stores them into a new SQLite file and a new PostgreSQL database, in
batches of the ingest's size (archive.BATCH), then asks both the same queries (search, quotes by speaker
and about a word, entities, an entity's profile, article listings), each --repeat times, and checks that
both answered the same. PostgreSQL is the `pgserver` wheel's server in a temporary folder (the test extra
installs it; same machine, default settings), or --pg URL of an empty database.

    python benchmarks/postgres_store.py [--copies 10] [--runs 3] [--repeat 5] [--pg URL] [--data FILE.jsonl]
"""
from __future__ import annotations

import argparse
import json
import re
import statistics
import sys
import tempfile
import time
from collections import Counter
from dataclasses import replace
from datetime import datetime, timedelta
from pathlib import Path

DEFAULT = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "ner" / "nerel-dev.jsonl"


def load(path: Path):
    """(Article, Analysis) per article of the file, analysed once."""
    from svodka.analyze import analyze_many
    from svodka.ingest.readers import article_from_text

    recs = [json.loads(line) for line in path.open(encoding="utf-8") if line.strip()]
    arts = [article_from_text(r["text"], r["id"], f"{path.name}:{i}") for i, r in enumerate(recs, 1)]
    return list(zip(arts, analyze_many(arts)))


def copies(pairs, n: int):
    """Entries of `n` copies of each article: new id, URL, date and text (a marker line at the end keeps
    every offset of the analysis valid)."""
    from svodka.archive import clean_hash, text_hash
    from svodka.store import Entry

    base = datetime(2015, 1, 1, 9, 0)
    out = []
    for c in range(n):
        for i, (art, an) in enumerate(pairs):
            when = base + timedelta(days=(c * len(pairs) + i) % 3650, minutes=i)
            text = f"{art.text}\n\n[копия {c}]"
            a = replace(art, id=f"{art.id}-{c}", url=f"https://bench.example/{c}/{art.id}", published=when, text=text)
            b = replace(an, id=a.id, url=a.url, published=when)
            out.append(Entry(a, b, text_hash(text), clean_hash(text)))
    return out


def store_all(location: str, entries, batch: int) -> float:
    """Seconds to store every entry, batch by batch, as ingest's writer does."""
    from svodka.store import open_store

    store = open_store(location)
    try:
        t0 = time.perf_counter()
        for i in range(0, len(entries), batch):
            outcomes = store.save(entries[i:i + batch])
            assert all(o.status == "new" for o in outcomes), [o for o in outcomes if o.status != "new"][:1]
        return time.perf_counter() - t0
    finally:
        store.close()


def queries(pairs) -> list[tuple[str, str, dict]]:
    """(kind, method, arguments) asked of both stores: names and words that occur in the articles."""
    people = Counter(e.name for _, an in pairs for e in an.entities if e.type == "PER")
    speakers = Counter(q.speaker for _, an in pairs for q in an.quotes if q.speaker)
    words = Counter(w.lower() for art, _ in pairs for w in re.findall(r"[А-Яа-яЁё]{6,}", art.text))
    top_people = [n for n, _ in people.most_common(3)]
    top_words = [w for w, _ in words.most_common(40)[10:15]]
    out = [("search", "search", {"query": w, "limit": 20}) for w in top_words]
    out += [("search", "search", {"query": f"{top_words[0]} OR {top_words[1]}", "limit": 20})]
    out += [("quotes", "quotes", {"speaker": s, "limit": 50}) for s, _ in speakers.most_common(3)]
    out += [("quotes", "quotes", {"about": w, "limit": 50, "newest_first": True}) for w in top_words[:3]]
    out += [("entities", "entities", {"top": 50}), ("entities", "entities", {"type": "PER", "top": 50})]
    out += [("entity", "entity", {"name": p}) for p in top_people]
    out += [("articles", "articles", {"limit": 50}), ("articles", "articles", {"entity": top_people[0], "limit": 50})]
    return out


def ask(location: str, qs, repeat: int) -> tuple[dict[str, list[float]], list[str]]:
    """Latencies (ms) per kind of query, and each query's answer (to compare the backends)."""
    from svodka.store import open_store

    store = open_store(location)
    times: dict[str, list[float]] = {}
    answers = []
    try:
        for kind, method, kwargs in qs:
            for r in range(repeat):
                t0 = time.perf_counter()
                res = getattr(store, method)(**kwargs)
                times.setdefault(kind, []).append((time.perf_counter() - t0) * 1000)
            answers.append(repr(res))
    finally:
        store.close()
    return times, answers


class Postgres:
    """New empty databases on the server at --pg, or on a pgserver started in a temporary folder."""

    def __init__(self, url: str | None) -> None:
        import psycopg
        self.psycopg = psycopg
        self.srv = None
        if url is None:
            import pgserver
            self.srv = pgserver.get_server(tempfile.mkdtemp(prefix="svodka-bench-pg-"), cleanup_mode="stop")
            url = self.srv.get_uri()
        self.url = url
        self.n = 0

    def new(self) -> str:
        if self.srv is None and self.n == 0:
            self.n += 1
            return self.url  # the empty database given
        self.n += 1
        name = f"svodka_bench_{self.n}"
        with self.psycopg.connect(self.url, autocommit=True) as c:
            c.execute(f"DROP DATABASE IF EXISTS {name}")
            c.execute(f"CREATE DATABASE {name}")
        return re.sub(r"^(\w+://[^/?]*)/[^?]*", rf"\1/{name}", self.url)

    def close(self) -> None:
        if self.srv is not None:
            self.srv.cleanup()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--data", type=Path, default=DEFAULT)
    ap.add_argument("--copies", type=int, default=10)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--pg", default=None, help="an empty PostgreSQL database (default: pgserver in a temp folder)")
    args = ap.parse_args()
    if not args.data.exists():
        sys.exit(f"benchmark data not found: {args.data} (this benchmark reads it by path; pass --data FILE.jsonl)")
    if args.pg and args.runs > 1:
        sys.exit("--pg gives one empty database: use --runs 1 with it, or let the benchmark start pgserver")

    from svodka import archive
    t0 = time.perf_counter()
    pairs = load(args.data)
    entries = copies(pairs, args.copies)
    qs = queries(pairs)
    print(f"{len(pairs)} articles of {args.data} analysed in {time.perf_counter() - t0:.1f} s; "
          f"{len(entries)} stored per run ({args.copies} copies), batches of {archive.BATCH}, {len(qs)} queries "
          f"x {args.repeat}", flush=True)

    pg = Postgres(args.pg)
    ingest = {"sqlite": [], "postgres": []}
    lat: dict[str, dict[str, list[float]]] = {"sqlite": {}, "postgres": {}}
    same = True
    try:
        with tempfile.TemporaryDirectory() as tmp:
            for run in range(args.runs):
                where = {"sqlite": str(Path(tmp) / f"run{run}.db"), "postgres": pg.new()}
                answers = {}
                for backend in ("sqlite", "postgres"):  # the same order every run; both on one machine
                    secs = store_all(where[backend], entries, archive.BATCH)
                    ingest[backend].append(len(entries) / secs)
                    times, answers[backend] = ask(where[backend], qs, args.repeat)
                    for kind, ts in times.items():
                        lat[backend].setdefault(kind, []).extend(ts)
                same = same and answers["sqlite"] == answers["postgres"]
                print(f"run {run + 1}: stored/s sqlite {ingest['sqlite'][-1]:.0f}, "
                      f"postgres {ingest['postgres'][-1]:.0f}", flush=True)
    finally:
        pg.close()

    s, p = statistics.median(ingest["sqlite"]), statistics.median(ingest["postgres"])
    print(f"\ningest (the writer alone), median of {args.runs} runs: SQLite {s:.0f} articles/s, "
          f"PostgreSQL {p:.0f} articles/s, PostgreSQL/SQLite {p / s:.2f}x")
    print(f"\nquery latency, ms (median / p95 over {args.runs} runs x {args.repeat} repeats of each query):")
    print(f"{'query':10} {'SQLite':>16} {'PostgreSQL':>16} {'PG/SQLite':>10}")
    for kind in lat["sqlite"]:
        a, b = lat["sqlite"][kind], lat["postgres"][kind]
        ma, mb = statistics.median(a), statistics.median(b)
        pa, pb = statistics.quantiles(a, n=20)[18], statistics.quantiles(b, n=20)[18]
        print(f"{kind:10} {ma:7.2f} / {pa:6.2f} {mb:7.2f} / {pb:6.2f} {mb / ma:9.2f}x")
    print(f"\nthe same answers from both: {'yes' if same else 'NO'}")


if __name__ == "__main__":
    main()
