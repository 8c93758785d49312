"""Time to the first result: a fresh `svodka analyze` process on one short article, from start to its printed
analysis (interpreter start, imports, model loading, the analysis), median of --runs runs.

    python benchmarks/first_result.py [--runs 5]

The article is one invented sentence; the figure is start-up, not analysis speed (see throughput.py).
"""
from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

TEXT = "Президент Казахстана Касым-Жомарт Токаев заявил, что переговоры в Москве прошли успешно.\n"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--runs", type=int, default=5)
    args = ap.parse_args()
    sys.path.insert(0, str(Path(__file__).parent))
    from bytecode import compile_svodka
    compile_svodka()
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "one.txt"
        path.write_text(TEXT, encoding="utf-8")
        times = []
        for _ in range(args.runs):
            t0 = time.perf_counter()
            out = subprocess.run([sys.executable, "-c", "from svodka.cli import main; main()", "analyze", str(path),
                                  "--format", "jsonl"], capture_output=True, text=True, check=True)
            times.append(time.perf_counter() - t0)
            assert "Токаев" in out.stdout
    print(f"first result: median {statistics.median(times):.2f} s ({', '.join(f'{t:.2f}' for t in times)}); "
          f"target at most 2 s")


if __name__ == "__main__":
    main()
