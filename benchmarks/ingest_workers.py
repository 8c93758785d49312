"""`svodka ingest --workers N`: wall time of one process against N analysing processes, on the same articles;
with --dask also `svodka batch` on a LocalCluster of N workers and `svodka load` of its output (the writer alone),
and from those rates the scale-out on paper: workers needed for 1 M articles an hour, and where the one writer
becomes the limit.

Each run ingests into a fresh archive in its own `svodka` process (models loaded inside, as a user would run
it), alternating, median of --runs. Reported against two baselines: the default single process (whose BLAS
may already use both cores in the taggers' matrix products) and a single process held to one thread, which
is what one worker is. Also checks that the archives hold the same content, and reports peak RSS per process
(the ingest process, and the largest analysing worker it started), sampled from /proc while they run.

    python benchmarks/ingest_workers.py [--runs 3] [--workers 2] [--dask] [--data FILE.jsonl …]
"""
from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

SHARED = Path(__file__).resolve().parents[1].parent / "shared" / "data"
DEFAULT = [SHARED / "ner" / "nerel-train.jsonl", SHARED / "ner" / "nerel-dev.jsonl"]


def _children(pid: int) -> list[int]:
    try:
        with open(f"/proc/{pid}/task/{pid}/children") as f:
            return [int(c) for c in f.read().split()]
    except OSError:
        return []


def _peak_kib(pid: int) -> int | None:
    """The process's peak resident set (VmHWM), which the kernel keeps: sampling it late loses nothing."""
    try:
        with open(f"/proc/{pid}/status") as f:
            return next(int(line.split()[1]) for line in f if line.startswith("VmHWM:"))
    except (OSError, StopIteration):
        return None


PEAKS: dict[str, list[tuple[float, float]]] = {}  # label → (main process MiB, largest worker MiB) per run


def run(src: Path, db: Path, workers: int, threads: int | None, label: str = "") -> float:
    env = dict(os.environ)
    if threads:
        env.update(OPENBLAS_NUM_THREADS=str(threads), OMP_NUM_THREADS=str(threads), MKL_NUM_THREADS=str(threads))
    if db.exists():
        db.unlink()
    err = tempfile.TemporaryFile()  # not a pipe: a full pipe would stall the ingest
    t0 = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-c", "from svodka.cli import main; main()", "ingest", str(src),
                             "--db", str(db), "--workers", str(workers)], env=env,
                            stdout=subprocess.DEVNULL, stderr=err)
    # peak RSS of the ingest process and of each analysing process it starts, read from /proc while they live
    peaks: dict[int, int] = {}
    while proc.poll() is None:
        for pid in [proc.pid, *_children(proc.pid)]:
            if (kib := _peak_kib(pid)) is not None:
                peaks[pid] = max(peaks.get(pid, 0), kib)
        try:  # not a sleep: the end is seen when it comes, not up to 0.2 s later (which weighed on short runs)
            proc.wait(timeout=0.2)
        except subprocess.TimeoutExpired:
            pass
    took = time.perf_counter() - t0
    if proc.returncode:
        err.seek(0)
        sys.exit(f"svodka ingest failed ({proc.returncode}): {err.read().decode(errors='replace')[-2000:]}")
    main_mib = peaks.get(proc.pid, 0) / 1024
    worker_mib = max((v for k, v in peaks.items() if k != proc.pid), default=0) / 1024
    PEAKS.setdefault(label, []).append((main_mib, worker_mib))
    return took


def run_dask(src: Path, out: Path, db: Path, workers: int) -> tuple[float, float]:
    """(seconds of `svodka batch` on a LocalCluster, seconds of `svodka load` of its output)."""
    import shutil
    shutil.rmtree(out, ignore_errors=True)
    if db.exists():
        db.unlink()
    cli = [sys.executable, "-c", "from svodka.cli import main; main()"]
    t0 = time.perf_counter()
    subprocess.run([*cli, "batch", str(src), "--out", str(out), "--workers", str(workers)], check=True,
                   capture_output=True)
    t1 = time.perf_counter()
    subprocess.run([*cli, "load", str(out), "--db", str(db)], check=True, capture_output=True)
    return t1 - t0, time.perf_counter() - t1


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--data", type=Path, action="append")
    ap.add_argument("--dask", action="store_true", help="also svodka batch + load, and the scale-out on paper")
    args = ap.parse_args()
    paths = args.data or DEFAULT
    missing = [str(p) for p in paths if not p.exists()]
    if missing:
        sys.exit(f"benchmark data not found: {', '.join(missing)} (pass --data FILE.jsonl with id/text lines)")
    sys.path.insert(0, str(Path(__file__).parent))
    from bytecode import compile_svodka
    compile_svodka()
    from kill_test import dump

    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "in.jsonl"
        src.write_text("".join(p.read_text(encoding="utf-8") for p in paths), encoding="utf-8")
        n = sum(1 for _ in src.open(encoding="utf-8"))
        times: dict[str, list[float]] = {"one process": [], "one process, one thread": [], f"{args.workers} workers": []}
        dbs = {k: Path(tmp) / f"{i}.db" for i, k in enumerate(times)}
        for _ in range(args.runs):
            for label, workers, threads in (("one process", 1, None), ("one process, one thread", 1, 1),
                                            (f"{args.workers} workers", args.workers, None)):
                times[label].append(run(src, dbs[label], workers, threads, label))
            if args.dask:
                b, w = run_dask(src, Path(tmp) / "batch", Path(tmp) / "dask.db", args.workers)
                times.setdefault(f"Dask batch, {args.workers} workers", []).append(b)
                times.setdefault("load (the writer alone)", []).append(w)
        same = dump(dbs["one process"]) == dump(dbs[f"{args.workers} workers"])
        same_dask = dump(dbs["one process"]) == dump(Path(tmp) / "dask.db") if args.dask else None
    med = {k: statistics.median(v) for k, v in times.items()}
    print(f"{n} articles, {args.runs} runs each (wall time of `svodka ingest`, model loading included)")
    for k, v in times.items():
        print(f"  {k:26} median {med[k]:6.1f} s  ({', '.join(f'{x:.1f}' for x in v)})")
    w = med[f"{args.workers} workers"]
    print(f"{args.workers} workers vs one process: {med['one process'] / w:.2f}x; "
          f"vs one process held to one thread: {med['one process, one thread'] / w:.2f}x")
    print(f"archives identical: {same}")
    print("peak RSS, largest over the runs (the ingest process; the largest analysing worker it started):")
    for label, runs in PEAKS.items():
        main_mib, worker_mib = max(r[0] for r in runs), max(r[1] for r in runs)
        print(f"  {label:26} {main_mib:6.0f} MiB" + (f"; worker {worker_mib:.0f} MiB" if worker_mib else ""))
    if args.dask:
        print(f"Dask archive identical to the single-process ingest: {same_dask}")
        bw = med[f"Dask batch, {args.workers} workers"]
        print(f"Dask batch + load vs ingest --workers {args.workers}: {w / (bw + med['load (the writer alone)']):.2f}x")
        per_worker = n / med["one process, one thread"]  # analysis and writing, one core: a conservative rate
        writer = n / med["load (the writer alone)"]
        target = 1_000_000 / 3600
        print(f"scale-out on paper: one worker {per_worker:.1f} articles/s (one core); the SQLite writer alone "
              f"{writer:.0f} articles/s (load of analysed articles, start-up included)")
        print(f"  1 M articles an hour = {target:.0f} articles/s: {int(-(-target // per_worker))} workers; "
              + ("the one SQLite writer keeps up" if writer >= target else
                 f"the one SQLite writer is the limit at {writer:.0f}/s ({writer / target:.0%} of the need)"))


if __name__ == "__main__":
    main()
