"""Search and quote-query latency on an archive of a million quotes or more (goal: p95 < 50 ms).

The archive is made by replicating real analysed articles: the quote-annotated NEREL articles of
../shared/data/quotes/dev.jsonl are analysed once, and each copy gets a new id, URL and publication date
(spread over 2015–2024). Their quotes are svodka's own when quote extraction finds any (`--quotes auto`, the
default), otherwise the gold quotes of the file (or always, with `--quotes gold`); the script says which it
used. Entities come from svodka's analysis.

Queries: full-text search for names and words taken from the quotes, given in other inflected forms;
quote queries by speaker alias, with and without --about, date range and kind. Each query is run
--repeat times in shuffled order; median and p95 are over all runs. The baseline, in the same script, is
what an archive without the lemma index would do: a LIKE scan over quote texts. On PostgreSQL every query's
answer is then checked against the SQLite archive's (the hits with their scores, in order; the quote ids).

    python benchmarks/query_latency.py [--quotes-target 1000000] [--db PATH] [--rebuild] [--data ../shared/data]
    python benchmarks/query_latency.py --postgres [URL]

With --postgres the same queries run on PostgreSQL: the SQLite archive is moved with `svodka migrate`'s
transfer into URL (default: a throwaway server of the `pgserver` wheel in a temporary folder), and the
archive's size is PostgreSQL's.
"""
from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import sys
import time
from datetime import date, datetime, timedelta
from pathlib import Path

DEFAULT_DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data"
DEFAULT_DB = Path(os.environ.get("TMPDIR", "/tmp")) / "svodka-bench" / "quotes.db"


def load_gold(data: Path):
    path = data / "quotes" / "dev.jsonl"
    if not path.exists():
        sys.exit(f"benchmark data not found: {path} (pass --data DIR holding quotes/dev.jsonl)")
    return [json.loads(line) for line in path.open(encoding="utf-8") if line.strip()]


def analysed(gold: list[dict], mode: str):
    """(Article, Analysis) per gold article, with the quotes chosen by `mode`; and which quotes were used."""
    from svodka.analyze import analyze_many
    from svodka.ingest.readers import article_from_text
    from svodka.model import Quote

    arts = [article_from_text(g["text"], g["id"], f"quotes/dev.jsonl:{i}") for i, g in enumerate(gold, 1)]
    analyses = list(analyze_many(arts))
    found = sum(len(a.quotes) for a in analyses)
    gold_n = sum(len(g["quotes"]) for g in gold)
    use_gold = mode == "gold" or (mode == "auto" and found == 0)
    if use_gold:
        for g, an in zip(gold, analyses):
            an.quotes = [Quote(q["kind"], q["start"], q["end"], q["text"], q.get("speaker"), q.get("speaker_type"),
                               None, q.get("cue")) for q in g["quotes"]]
    used = f"gold quotes of quotes/dev.jsonl ({gold_n} per copy; extraction found {found})" if use_gold else \
        f"svodka's extracted quotes ({found} per copy)"
    return list(zip(arts, analyses)), used


def build(db: Path, pairs, target: int, seed: int = 5) -> None:
    from svodka.archive import text_hash
    from svodka.store import Entry
    from svodka.store.sqlite import SQLiteStore

    from functools import lru_cache

    from svodka.store import terms
    # copies share their texts: lemmatise each text once (the stored rows are the same either way)
    terms.index_text = lru_cache(maxsize=8192)(terms.index_text)
    per_copy = sum(len(an.quotes) for _, an in pairs)
    copies = -(-target // per_copy)
    rng = random.Random(seed)
    start = datetime(2015, 1, 1)
    store = SQLiteStore(db)
    t0 = time.perf_counter()
    batch = []
    for k in range(copies):
        for art, an in pairs:
            when = start + timedelta(minutes=rng.randrange(10 * 365 * 24 * 60))
            a2 = type(art)(**{**art.__dict__, "id": f"{art.id}-r{k}", "published": when,
                              "url": f"https://replica.example/{k}/{art.id}"})
            an2 = type(an)(**{**an.__dict__, "id": a2.id, "published": when, "url": a2.url})
            # copies share the text, so each gets its own identity for the store
            batch.append(Entry(a2, an2, f"{text_hash(art.text)}-{k}"))
        if len(batch) >= 2000 or k == copies - 1:
            store.save(batch)
            batch = []
            done = (k + 1) * per_copy
            rate = done / (time.perf_counter() - t0)
            print(f"\rbuilding: {done:,} quotes, {rate:,.0f} quotes/s", end="", file=sys.stderr)
    print(file=sys.stderr)
    store.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    store.conn.execute("ANALYZE")
    store.close()


def queries(gold: list[dict], rng: random.Random):
    """Query strings drawn from the data: speakers' surnames in oblique cases, words of their quotes."""
    from svodka.nlp.normalize import parse_word
    from svodka.store.terms import WORD

    def inflect(word: str, case: str) -> str:
        for p in parse_word(word.lower()):
            if f := p.inflect({case}):
                return f.word.capitalize() if word[:1].isupper() else f.word
        return word

    speakers = sorted({q["speaker"] for g in gold for q in g["quotes"]
                       if q.get("speaker") and q.get("speaker_type") == "person"})
    surnames = [s.split()[-1] for s in speakers if len(s.split()) > 1]
    words = sorted({w for g in gold for q in g["quotes"] for w in WORD.findall(q["text"]) if len(w) > 6})
    rng.shuffle(surnames)
    rng.shuffle(words)
    search = [inflect(s, "gent") for s in surnames[:10]] + [inflect(w, "loct") for w in words[:10]] + \
        [f"{inflect(surnames[i], 'datv')} {words[i + 10]}" for i in range(5)]
    quote_q = []
    for i, s in enumerate(surnames[:20]):
        alias = inflect(s, ["gent", "datv", "ablt", "nomn"][i % 4])
        about = next((w for g in gold for q in g["quotes"] if q.get("speaker", "").endswith(s)
                      for w in WORD.findall(q["text"]) if len(w) > 6), None)
        quote_q.append({"speaker": alias})
        quote_q.append({"speaker": alias, "since": date(2019, 1, 1), "until": date(2020, 12, 31)})
        if about:
            quote_q.append({"speaker": alias, "about": inflect(about, "gent")})
        if i % 3 == 0:
            quote_q.append({"speaker": alias, "kind": "direct", "newest_first": True})
    quote_q += [{"about": inflect(w, "datv")} for w in words[20:25]]
    return search, quote_q


def timed(fn, runs: list[float]):
    t0 = time.perf_counter()
    res = fn()
    runs.append((time.perf_counter() - t0) * 1000)
    return res


def pct(xs: list[float], p: float) -> float:
    xs = sorted(xs)
    return xs[min(len(xs) - 1, int(round(p / 100 * (len(xs) - 1))))]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA)
    ap.add_argument("--db", type=Path, default=DEFAULT_DB)
    ap.add_argument("--quotes-target", type=int, default=1_000_000)
    ap.add_argument("--quotes", choices=["auto", "gold", "extracted"], default="auto")
    ap.add_argument("--rebuild", action="store_true")
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--baseline-queries", type=int, default=3, help="LIKE scans to time (each takes seconds)")
    ap.add_argument("--postgres", nargs="?", const="pgserver", help="run the queries on PostgreSQL (URL, or a "
                    "throwaway pgserver when no URL is given)")
    args = ap.parse_args()

    gold = load_gold(args.data)
    from svodka.archive import Archive

    need = args.rebuild or not args.db.exists()
    if not need:
        with Archive(args.db) as a:
            have = a.stats()["quotes"]
        need = have < args.quotes_target
    if need:
        for p in (args.db, Path(f"{args.db}-wal"), Path(f"{args.db}-shm")):
            p.unlink(missing_ok=True)
        args.db.parent.mkdir(parents=True, exist_ok=True)
        pairs, used = analysed(gold, args.quotes)
        (args.db.parent / (args.db.name + ".quotes-used")).write_text(used, encoding="utf-8")
        t0 = time.perf_counter()
        build(args.db, pairs, args.quotes_target)
        print(f"built in {time.perf_counter() - t0:.0f} s", file=sys.stderr)
    used_file = args.db.parent / (args.db.name + ".quotes-used")
    used = used_file.read_text(encoding="utf-8") if used_file.exists() else "unknown"

    location, size_of, server = str(args.db), None, None
    if args.postgres:
        location, size_of, server = to_postgres(args.db, args.postgres)
    try:
        run_queries(args, gold, location, used, size_of)
    finally:
        if server is not None:
            server.cleanup()


def to_postgres(db: Path, url: str):
    """The SQLite archive moved into PostgreSQL: (URL, a function giving its size, the throwaway server)."""
    import re
    import warnings

    from svodka.store.postgres import PostgresStore
    from svodka.store.sqlite import SQLiteStore
    from svodka.store.transfer import transfer

    server = None
    if url == "pgserver":
        import tempfile
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            import pgserver
        server = pgserver.get_server(tempfile.mkdtemp(prefix="svodka-bench-pg-"), cleanup_mode="delete")
        import psycopg
        with psycopg.connect(server.get_uri(), autocommit=True) as c:
            c.execute("CREATE DATABASE quotes_bench")
        url = re.sub(r"^(\w+://[^/?]*)/[^?]*", r"\1/quotes_bench", server.get_uri())
    t0 = time.perf_counter()
    src, dst = SQLiteStore(str(db)), PostgresStore(url)
    try:
        if not dst.stats()["articles"]:
            # transfer vacuums and analyses what it loaded
            transfer(src, dst, progress=lambda table, n: print(f"  migrated {table}: {n:,} rows", file=sys.stderr))
            print(f"migrated to PostgreSQL in {time.perf_counter() - t0:.0f} s", file=sys.stderr)
    finally:
        src.close()
        dst.close()

    def size() -> int:
        import psycopg
        with psycopg.connect(url, autocommit=True) as c:
            return c.execute("SELECT pg_database_size(current_database())").fetchone()[0]
    return url, size, server


def run_queries(args, gold, location: str, used: str, size_of) -> None:
    from svodka.archive import Archive

    rng = random.Random(1)
    search_q, quote_q = queries(gold, rng)
    lat = {"search": [], "quotes": []}
    slow: list[tuple[float, str, str]] = []
    counts = {"search": [], "quotes": []}
    with Archive(location) as a:
        st = a.stats()
        size = size_of() if size_of else sum(os.path.getsize(p) for p in (args.db, f"{args.db}-wal")
                                             if os.path.exists(p))
        jobs = [("search", q) for q in search_q] + [("quotes", q) for q in quote_q]
        a.search("прогрев"), a.quotes(speaker="Путин")  # first-touch costs (pymorphy load) are not latency
        for _ in range(args.repeat):
            rng.shuffle(jobs)
            for which, q in jobs:
                if which == "search":
                    res = timed(lambda: a.search(q, limit=20), lat["search"])
                else:
                    res = timed(lambda: a.quotes(limit=100, **q), lat["quotes"])
                counts[which].append(len(res))
                slow.append((lat[which][-1], which, json.dumps(q, ensure_ascii=False, default=str)))
        # informational: the people pages and the top list, which the goal does not cover
        other = {"entities --top 50": [], "entity NAME": []}
        for _ in range(args.repeat):
            timed(lambda: a.entities(top=50), other["entities --top 50"])
            for q in search_q[:5]:
                timed(lambda: a.entity(q), other["entity NAME"])
        # baseline: the same questions without the lemma index, a LIKE scan over the quote texts
        base = []
        conn = a.store.conn
        for q in search_q[:args.baseline_queries]:
            stem = q.split()[0][:-2].lower()
            timed(lambda: conn.execute("SELECT id FROM quotes WHERE lower(text) LIKE ? LIMIT 20",
                                       (f"%{stem}%",)).fetchall(), base)

    print(f"archive ({'PostgreSQL' if size_of else 'SQLite'}): {st['articles']:,} articles, {st['quotes']:,} quotes, {st['entities']:,} entities, "
          f"{size / 2**30:.2f} GiB ({size / st['articles'] * 1000 / 2**20:.1f} MiB per 1,000 articles)")
    print(f"quotes used: {used}")
    for which in ("search", "quotes"):
        xs = lat[which]
        print(f"{which:7} {len(xs) // args.repeat} queries × {args.repeat}: median {statistics.median(xs):6.1f} ms, "
              f"p95 {pct(xs, 95):6.1f} ms, max {max(xs):6.1f} ms; results per query median "
              f"{statistics.median(counts[which]):.0f}, queries with none {sum(1 for c in counts[which] if not c) // args.repeat}")
    if base:
        med = statistics.median(base)
        print(f"baseline LIKE scan over quote texts: median {med:.0f} ms "
              f"(search median is {med / statistics.median(lat['search']):.0f}× faster)")
    for name, xs in other.items():
        print(f"{name}: median {statistics.median(xs):.1f} ms, p95 {pct(xs, 95):.1f} ms (no goal)")
    print("slowest:", "; ".join(f"{w} {q} {ms:.0f} ms" for ms, w, q in sorted(slow, reverse=True)[:5]))
    ok = pct(lat["search"], 95) < 50 and pct(lat["quotes"], 95) < 50
    print(f"goal p95 < 50 ms: {'met' if ok else 'NOT met'}")
    if size_of:  # PostgreSQL: its answers must be the SQLite archive's
        same = compare_answers(location, str(args.db), search_q, quote_q)
        print(f"answers as SQLite's (ids, order, scores): {same} of {len(search_q) + len(quote_q)} queries")


def compare_answers(location: str, sqlite_db: str, search_q: list[str], quote_q: list[dict]) -> int:
    """How many of the queries get the same answer from both archives: hits with their scores, quote ids."""
    from svodka.archive import Archive

    def answers(where: str) -> list:
        with Archive(where) as a:
            return [[(h.kind, h.article.key, h.quote_id, h.score) for h in a.search(q, limit=20)] for q in search_q] + \
                [[r.id for r in a.quotes(limit=100, **q)] for q in quote_q]
    return sum(x == y for x, y in zip(answers(location), answers(sqlite_db)))


if __name__ == "__main__":
    main()
