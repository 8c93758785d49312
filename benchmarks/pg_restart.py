"""PostgreSQL restarted during an ingest: `svodka ingest --db postgresql://…` is running when the server goes down
and comes back (`pg_ctl restart -m fast`). The ingest must say so and stop, and a second run of the same command
must finish the job, with nothing lost and nothing stored twice: the archive ends equal (counts, articles, people,
quotes) to an uninterrupted ingest of the same articles into SQLite.

    python benchmarks/pg_restart.py [--data ../shared/data/ner/nerel-train.jsonl] [--restart-after 8]

The server is the `pgserver` wheel's PostgreSQL 16 in a temporary folder (the test extra installs it).
"""
from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import tempfile
import time
import warnings
from pathlib import Path

from frozen_code import snapshot_code

DEFAULT = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "ner" / "nerel-train.jsonl"
CLI = [sys.executable, "-c", "from svodka.cli import main; main()"]


def _summary(location: str) -> dict:
    from svodka.archive import Archive
    with Archive(location) as a:
        c = a.store.conn
        ext = [r[0] for r in c.execute("SELECT ext_id FROM articles")]
        return {"stats": a.stats(), "articles": sorted(ext), "doubled": len(ext) - len(set(ext)),
                "people": sorted(r.name for r in a.entities(type="PER", top=100_000)),
                "quotes": a.quotes_total()}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--data", type=Path, default=DEFAULT)
    ap.add_argument("--restart-after", type=float, default=8.0, help="seconds into the ingest")
    args = ap.parse_args()
    if not args.data.exists():
        print(f"benchmark data not found: {args.data} (pass --data FILE.jsonl with id/text lines)", file=sys.stderr)
        return 2
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        import pgserver
        from pgserver._commands import pg_ctl
    with tempfile.TemporaryDirectory() as tmp:
        srv = pgserver.get_server(Path(tmp) / "pg", cleanup_mode="stop")
        try:
            import psycopg
            with psycopg.connect(srv.get_uri(), autocommit=True) as c:
                c.execute("CREATE DATABASE restart_test")
            url = re.sub(r"^(\w+://[^/?]*)/[^?]*", r"\1/restart_test", srv.get_uri())  # the database, not the socket
            env = snapshot_code(Path(tmp))  # every run on the code as it is now, whatever is edited meanwhile
            ref = str(Path(tmp) / "ref.db")
            t0 = time.perf_counter()
            subprocess.run([*CLI, "ingest", str(args.data), "--db", ref], check=True, capture_output=True, env=env)
            print(f"reference: uninterrupted ingest into SQLite in {time.perf_counter() - t0:.1f} s")

            first = subprocess.Popen([*CLI, "ingest", str(args.data), "--db", url], stdout=subprocess.PIPE,
                                     stderr=subprocess.PIPE, text=True, env=env)
            time.sleep(args.restart_after)
            if first.poll() is not None:
                out, err = first.communicate()
                sys.exit(f"the ingest ended (exit code {first.returncode}) before the restart: give more --data or a "
                         f"smaller --restart-after\n{err[-1500:]}")
            t1 = time.perf_counter()
            # pgserver's own pg_ctl call: as root it runs the server as its own system user
            pg_ctl(["-w", "-m", "fast", "restart"], pgdata=srv.pgdata, user=srv.system_user, timeout=60)
            print(f"PostgreSQL restarted {args.restart_after:.0f} s into the ingest "
                  f"(down and up in {time.perf_counter() - t1:.1f} s)")
            out, err = first.communicate(timeout=600)
            said = next((line for line in err.splitlines() if line.startswith("error")), "(no error line)")
            if os.environ.get("SHOW_STDERR"):
                print(err[-4000:])
            print(f"  first run: exit code {first.returncode}; it said: {said[:200]}")
            with_partial = _summary(url)["stats"].get("articles")
            print(f"  stored before the restart: {with_partial} articles")
            second = subprocess.run([*CLI, "ingest", str(args.data), "--db", url], capture_output=True, text=True,
                                    env=env)
            print(f"  second run (the same command): exit code {second.returncode}; "
                  f"{(second.stderr.strip().splitlines() or [''])[-1][:200]}")
            got, want = _summary(url), _summary(ref)
        finally:
            srv.cleanup()
    same = got == want
    print(f"articles {got['stats'].get('articles')} (reference {want['stats'].get('articles')}), "
          f"stored twice {got['doubled']}, quotes {got['quotes']} ({want['quotes']}), "
          f"people {len(got['people'])} ({len(want['people'])})")
    print(f"nothing lost, nothing doubled, the same archive as an uninterrupted ingest: {same}")
    return 0 if same else 1


if __name__ == "__main__":
    sys.exit(main())
