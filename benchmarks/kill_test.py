"""Crash safety at scale: SIGKILL a running `svodka ingest` of a few thousand articles, rerun it, and compare
the archive with one made by an uninterrupted run.

Articles: the NEREL and factRuEval texts of ../shared/data/ner, each in --copies variants (a line naming the
copy is appended, so every variant is a distinct article), about 1,900 with the defaults. All runs use a
frozen copy of the package, so that edits to the source tree meanwhile cannot make the archives differ. The interrupted
ingest is killed --kills times at random moments (each kill after a random number of newly committed
articles), resumed by rerunning the same command, and finally run to the end. Then both archives must pass
SQLite's and FTS5's integrity checks and hold exactly the same articles, analyses, quotes and entity forms.

    python benchmarks/kill_test.py [--copies 2] [--kills 3] [--data ../shared/data/ner] [--keep DIR]
"""
from __future__ import annotations

import argparse
import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
import zlib
from pathlib import Path

from frozen_code import snapshot_code

FILES = ["nerel-train.jsonl", "nerel-dev.jsonl", "factru-dev.jsonl"]
DEFAULT_DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "ner"


def make_input(data: Path, copies: int, out: Path) -> int:
    paths = [data / f for f in FILES]
    missing = [str(p) for p in paths if not p.exists()]
    if missing:
        sys.exit(f"benchmark data not found: {', '.join(missing)} (pass --data DIR holding {', '.join(FILES)})")
    n = 0
    with out.open("w", encoding="utf-8") as f:
        for k in range(copies):
            for p in paths:
                for line in p.open(encoding="utf-8"):
                    rec = json.loads(line)
                    text = rec["text"].rstrip() + f"\n\nВыпуск {k + 1}."
                    # half with URLs, half identified by their text alone
                    out_rec = {"id": f"{rec['id']}-{k}", "text": text}
                    if n % 2:
                        out_rec["url"] = f"https://kill.example/{k}/{rec['id']}"
                    f.write(json.dumps(out_rec, ensure_ascii=False) + "\n")
                    n += 1
    return n


def count(db: Path) -> int:
    if not db.exists():
        return 0
    try:
        c = sqlite3.connect(db, timeout=10)
        try:
            return c.execute("SELECT COUNT(*) FROM articles").fetchone()[0]
        finally:
            c.close()
    except sqlite3.OperationalError:
        return 0


def integrity(db: Path) -> list[str]:
    c = sqlite3.connect(db)
    problems = []
    if (r := c.execute("PRAGMA integrity_check").fetchone()[0]) != "ok":
        problems.append(f"integrity_check: {r}")
    if c.execute("PRAGMA foreign_key_check").fetchall():
        problems.append("foreign keys violated")
    for t in ("articles_fts", "quotes_fts", "names_fts"):
        try:
            c.execute(f"INSERT INTO {t}({t}) VALUES ('integrity-check')")
        except sqlite3.DatabaseError as e:
            problems.append(f"{t}: {e}")
    if c.execute("SELECT 1 FROM sqlite_master WHERE name = 'entity_counts'").fetchone():
        kept = set(c.execute("SELECT entity_id, mentions, articles FROM entity_counts WHERE articles > 0"))
        if kept != set(c.execute("SELECT entity_id, SUM(mentions), COUNT(*) FROM article_entities GROUP BY entity_id")):
            problems.append("entity mention totals disagree with the mentions")
    orphans = c.execute("SELECT COUNT(*) FROM articles_fts WHERE rowid NOT IN (SELECT id FROM articles)").fetchone()[0]
    if orphans:
        problems.append(f"{orphans} full-text rows without an article")
    c.close()
    return problems


def dump(db: Path):
    """The archive's content, independent of row ids and of where batches began and ended."""
    c = sqlite3.connect(db)
    arts = sorted((ext, h, url or "", json.dumps(json.loads(zlib.decompress(an)), sort_keys=True))
                  for ext, h, url, an in c.execute("SELECT ext_id, text_hash, url, analysis FROM articles"))
    quotes = sorted(c.execute(
        "SELECT a.ext_id, q.start, q.\"end\", q.kind, q.text, n.name, e.key FROM quotes q "
        "JOIN articles a ON a.id = q.article_id LEFT JOIN names n ON n.id = q.speaker_name_id "
        "LEFT JOIN entities e ON e.id = q.entity_id"))
    forms = sorted(c.execute(
        "SELECT e.key, n.name, SUM(f.n) FROM entity_forms f JOIN entities e ON e.id = f.entity_id "
        "JOIN names n ON n.id = f.name_id GROUP BY 1, 2"))
    mentions = sorted(c.execute(
        "SELECT e.key, SUM(ae.mentions), COUNT(*) FROM article_entities ae JOIN entities e ON e.id = ae.entity_id "
        "GROUP BY 1"))
    fts = [c.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0] for t in ("articles_fts", "quotes_fts")]
    c.close()
    return {"articles": arts, "quotes": quotes, "entity forms": forms, "mentions": mentions, "fts rows": fts}


def ingest_cmd(src: Path, db: Path, workers: int = 1) -> list[str]:
    # the `svodka` command, run with this interpreter
    return [sys.executable, "-c", "from svodka.cli import main; main()", "ingest", str(src), "--db", str(db),
            "--workers", str(workers)]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA)
    ap.add_argument("--copies", type=int, default=2)
    ap.add_argument("--kills", type=int, default=3)
    ap.add_argument("--seed", type=int, default=9)
    ap.add_argument("--keep", type=Path, help="work in this directory and keep the databases")
    ap.add_argument("--workers", type=int, default=1, help="the interrupted ingest analyses in this many processes")
    args = ap.parse_args()
    rng = random.Random(args.seed)

    tmp = args.keep or Path(tempfile.mkdtemp(prefix="svodka-kill-"))
    tmp.mkdir(parents=True, exist_ok=True)
    src = tmp / "articles.jsonl"
    n = make_input(args.data, args.copies, src)
    ref, crash = tmp / "ref.db", tmp / "crash.db"
    for db in (ref, crash):
        for p in (db, Path(f"{db}-wal"), Path(f"{db}-shm")):
            p.unlink(missing_ok=True)
    env = snapshot_code(tmp)
    quiet = {"stdout": subprocess.DEVNULL, "stderr": subprocess.DEVNULL, "env": env}
    print(f"{n} articles in {src}", file=sys.stderr)

    t0 = time.perf_counter()
    subprocess.run(ingest_cmd(src, ref), check=True, **quiet)
    print(f"uninterrupted run: {count(ref)} articles in {time.perf_counter() - t0:.0f} s", file=sys.stderr)

    kills = []
    for k in range(args.kills):
        before = count(crash)
        target = before + rng.randint(1, max(2, (n - before) // (args.kills - k + 1)))
        proc = subprocess.Popen(ingest_cmd(src, crash, args.workers), **quiet, start_new_session=True)
        while proc.poll() is None and count(crash) < target:
            time.sleep(0.05)
        time.sleep(rng.random() * 2)  # and a random moment within the next batch
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)  # the ingest and its analysing workers, all at once
            proc.wait()
            stored = count(crash)
            problems = integrity(crash)
            kills.append((stored, problems))
            print(f"kill {k + 1}: SIGKILL with {stored} articles committed; "
                  f"integrity: {'ok' if not problems else problems}", file=sys.stderr)
    res = subprocess.run(ingest_cmd(src, crash, args.workers), capture_output=True, text=True, env=env)
    summary = res.stderr.strip().splitlines()[-1] if res.stderr.strip() else ""
    print(f"resumed run: {summary}", file=sys.stderr)

    problems = integrity(crash) + integrity(ref)
    a, b = dump(ref), dump(crash)
    diffs = [k for k in a if a[k] != b[k]]
    ok = not problems and not diffs and all(not p for _, p in kills) and count(crash) == count(ref)
    print(f"articles: {n}; kills: {len(kills)} at {', '.join(str(s) for s, _ in kills)} committed articles")
    print(f"after resume: {count(crash)} articles vs {count(ref)} uninterrupted; integrity "
          f"{'ok' if not problems else problems}; identical content: {'yes' if not diffs else 'NO: ' + ', '.join(diffs)}")
    print(f"kill test: {'PASSED' if ok else 'FAILED'}")
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
