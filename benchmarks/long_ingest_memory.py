"""Memory over a long ingest: does a process's resident memory level off, or grow with what it has read?

A short run hides what grows with the input (the word caches filling to their limits, the store's memory of
names, the input read whole): this ingests --rounds copies of the shared articles and posts, each round with
its paragraphs rotated so every text is new to the archive (new ids, new hashes, the same words), in one
process and with --workers, sampling every process's resident memory from /proc as it goes.

    python benchmarks/long_ingest_memory.py [--rounds 4] [--workers 2] [--every 5]

Prints, per run, the resident MiB of the ingest process (and of each analysing worker) at each sample, and the
peaks; the input file is written to a temporary folder and removed.
"""
from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from ingest_workers import _children
from shared_data import ALL_TEXTS, data_paths


def _rss_mib(pid: int, field: str = "VmRSS") -> int | None:
    """The process's resident MiB now, or (`field` VmHWM) the most it has held, which the kernel keeps: it
    catches the top of a batch between two samples."""
    try:
        with open(f"/proc/{pid}/status") as f:
            return next(int(line.split()[1]) // 1024 for line in f if line.startswith(f"{field}:"))
    except (OSError, StopIteration):
        return None


def write_rounds(paths: list[Path], rounds: int, out: Path) -> int:
    """Each text once per round, its paragraphs rotated by the round (round 0 as it is), under a new id."""
    n = 0
    with open(out, "w", encoding="utf-8") as f:
        for k in range(rounds):
            for path in paths:
                with open(path, encoding="utf-8") as src:
                    for line in src:
                        rec = json.loads(line)
                        paras = [p for p in rec["text"].split("\n") if p.strip()]
                        if k and len(paras) > 1:
                            r = k % len(paras)
                            rec["text"] = "\n\n".join(paras[r:] + paras[:r])
                        rec["id"] = f"{rec['id']}~{k}"
                        if rec.get("url"):
                            rec["url"] = f"{rec['url']}?round={k}"
                        f.write(json.dumps(rec, ensure_ascii=False) + "\n")
                        n += 1
    return n


def run(src: Path, db: Path, workers: int, every: float) -> tuple[float, list[tuple[float, int, list[int]]]]:
    t0 = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-c", "from svodka.cli import main; main()", "ingest", str(src),
                             "--db", str(db), "--workers", str(workers)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    samples = []
    peaks: dict[int, int] = {}  # pid → VmHWM
    while proc.poll() is None:
        time.sleep(every)
        main = _rss_mib(proc.pid)
        kids = [m for c in _children(proc.pid) if (m := _rss_mib(c)) is not None]
        for pid in [proc.pid, *_children(proc.pid)]:
            if (hwm := _rss_mib(pid, "VmHWM")) is not None:
                peaks[pid] = max(peaks.get(pid, 0), hwm)
        if main is not None:
            samples.append((time.perf_counter() - t0, main, kids))
    if proc.returncode:
        sys.exit(f"svodka ingest failed (exit {proc.returncode})")
    return time.perf_counter() - t0, samples, peaks.pop(proc.pid, 0), max(peaks.values(), default=None)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--rounds", type=int, default=4)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--every", type=float, default=5.0, help="seconds between samples")
    ap.add_argument("--data", type=Path, action="append", help="JSONL files of id/text lines")
    args = ap.parse_args()
    paths = data_paths(args.data, ALL_TEXTS)
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "long.jsonl"
        n = write_rounds(paths, args.rounds, src)
        print(f"{n:,} texts ({args.rounds} rounds), {src.stat().st_size / 2**20:.0f} MiB of JSONL")
        for workers in (1, args.workers):
            secs, samples, hwm_main, hwm_worker = run(src, Path(tmp) / f"w{workers}.db", workers, args.every)
            curve = " ".join(f"{m}" + (f"/{max(k)}" if k else "") for _, m, k in samples)
            label = "one process" if workers == 1 else f"{workers} workers"
            print(f"{label}: {secs:.1f} s; resident MiB every {args.every:g} s (ingest process"
                  + ("/largest worker" if workers > 1 else "") + f"): {curve}")
            print(f"  peak (VmHWM, the most ever resident, seen up to the last sample): ingest process {hwm_main} MiB"
                  + (f", worker {hwm_worker} MiB" if hwm_worker else ""))


if __name__ == "__main__":
    main()
