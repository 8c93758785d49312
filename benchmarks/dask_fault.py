"""A Dask worker killed mid-batch: `svodka batch` on a real (local) cluster of a `dask scheduler` and two `dask worker`
processes, one worker SIGKILLed while partitions are in flight. Dask hands the lost partitions to the other
worker; the output must hold every article exactly once, with the same analyses as an undisturbed run.

    python benchmarks/dask_fault.py [--data ../shared/data/ner/nerel-train.jsonl] [--kill-after 6]

Runs the same commands a user runs against a cluster on other hosts (README, "svodka batch"), on this machine.
"""
from __future__ import annotations

import argparse
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from frozen_code import snapshot_code

DEFAULT = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "ner" / "nerel-train.jsonl"
BIN = Path(sys.executable).parent
ONE_THREAD = {k: "1" for k in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS")}


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _rows(out: Path) -> tuple[dict[str, str], int]:
    import pyarrow.parquet as pq
    seen: dict[str, str] = {}
    dup = 0
    for p in sorted((out / "articles").glob("part-*.parquet")):
        for r in pq.read_table(p).to_pylist():
            dup += r["id"] in seen
            seen[r["id"]] = r["analysis"]
    return seen, dup


def _batch(src: Path, out: Path, address: str, kill: subprocess.Popen | None, after: float, env: dict
           ) -> tuple[float, int]:
    cmd = [sys.executable, "-c", "from svodka.cli import main; main()", "batch", str(src), "--out", str(out),
           "--scheduler", address]
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=env)
    if kill is not None:
        time.sleep(after)
        if proc.poll() is not None:
            sys.exit(f"the batch ended before the kill at {after:.0f} s: give more --data or a smaller --kill-after")
        os.killpg(kill.pid, signal.SIGKILL)  # the worker and its nanny: gone without a goodbye
        print(f"  killed worker process group {kill.pid} after {after:.0f} s, mid-batch")
    output, _ = proc.communicate()
    if proc.returncode != 0:
        sys.exit(f"svodka batch failed ({proc.returncode}):\n{output}")
    return time.perf_counter() - t0, proc.returncode


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--data", type=Path, default=DEFAULT)
    ap.add_argument("--kill-after", type=float, default=6.0, help="seconds into the batch")
    args = ap.parse_args()
    if not args.data.exists():
        print(f"benchmark data not found: {args.data} (pass --data FILE.jsonl with id/text lines)", file=sys.stderr)
        return 2
    n = sum(1 for line in args.data.open(encoding="utf-8") if line.strip())
    port = _free_port()
    address = f"tcp://127.0.0.1:{port}"
    procs = []
    with tempfile.TemporaryDirectory() as tmp:
        code = snapshot_code(Path(tmp))  # client and workers on the code as it is now, whatever is edited meanwhile
        env = {**code, **ONE_THREAD}
        try:
            procs.append(subprocess.Popen([str(BIN / "dask"), "scheduler", "--host", "127.0.0.1", "--port", str(port),
                                           "--no-dashboard"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                                          start_new_session=True))
            time.sleep(3)
            workers = [subprocess.Popen([str(BIN / "dask"), "worker", address, "--nthreads", "1", "--no-dashboard"],
                                        env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                                        start_new_session=True) for _ in range(2)]
            procs += workers
            time.sleep(5)
            print(f"{n} articles on a scheduler and 2 workers at {address}")
            clean_s, _ = _batch(args.data, Path(tmp) / "clean", address, None, 0, code)
            clean, _ = _rows(Path(tmp) / "clean")
            print(f"  undisturbed: {len(clean)} articles in {clean_s:.1f} s")
            faulty_s, _ = _batch(args.data, Path(tmp) / "faulty", address, workers[1], args.kill_after, code)
            faulty, dup = _rows(Path(tmp) / "faulty")
            print(f"  one worker killed: {len(faulty)} articles ({dup} written twice) in {faulty_s:.1f} s")
        finally:
            for p in procs:
                try:
                    os.killpg(p.pid, signal.SIGKILL)
                except ProcessLookupError:
                    pass
    same = clean == faulty and len(faulty) == n and dup == 0
    print(f"every article once, analyses identical to the undisturbed run: {same}")
    return 0 if same else 1


if __name__ == "__main__":
    sys.exit(main())
