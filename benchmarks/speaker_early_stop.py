"""How safe and how cheap the speaker booster's early stopping is (quotemodel/model.py, EARLY, SURE, DOUBT).

Over the speaker rows of the training gold (the candidates of each gold quote a candidate matches), scored by
the shipped model: how many rows stop early at each margin, and how far a row stopped low climbs in the trees it
skipped (its full raw score minus the one it stopped at). A row stopped low matters only if it would have ended
above the best of its quote (at least DOUBT); the margin is chosen so that none comes near. Then the time of the
booster calls as analysis makes them, in full and early-stopped, on the same rows (median of --runs).

    python benchmarks/speaker_early_stop.py [--gold FILE …] [--runs 7]
"""
from __future__ import annotations

import argparse
import math
import statistics
import sys
import time
from pathlib import Path

SHARED = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "quotes"
DEFAULT = [SHARED / "train.jsonl", SHARED / "telegram-train.jsonl", SHARED / "dev.jsonl"]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--gold", type=Path, action="append", help="gold quote files (default: the shared ones)")
    ap.add_argument("--runs", type=int, default=7)
    args = ap.parse_args()
    paths = args.gold or DEFAULT
    missing = [str(p) for p in paths if not p.exists()]
    if missing:
        sys.exit(f"gold quote files not found: {', '.join(missing)} (pass --gold FILE.jsonl)")

    import numpy as np

    from svodka.eval.quotes import load_gold
    from svodka.quotemodel import model as qm
    from svodka.quotemodel.train import featurize_gold

    rows_in = [r for p in paths for r in load_gold(str(p))]
    print(f"featurizing {len(rows_in)} gold texts …", file=sys.stderr)
    groups = [rows for ex in featurize_gold(rows_in) for rows, _ in ex.speakers]
    X = np.asarray([r for g in groups for r in g], dtype=np.float64)
    booster = qm.default_model().speaker_booster
    full = booster.predict(X, raw_score=True, num_threads=1)
    print(f"{len(X)} speaker rows of {len(groups)} gold quotes")
    doubt = math.log(qm.DOUBT / (1 - qm.DOUBT))
    for margin in (6.0, 8.0, 10.0):
        part = booster.predict(X, raw_score=True, num_threads=1, pred_early_stop=True,
                               pred_early_stop_freq=qm.EARLY["pred_early_stop_freq"], pred_early_stop_margin=margin)
        stopped = np.abs(full - part) > 1e-12
        low = stopped & (part < 0)
        climb = full[low] - part[low]
        print(f"  margin ±{margin / 2:g}{' (shipped)' if margin == qm.EARLY['pred_early_stop_margin'] else ''}: "
              f"{stopped.sum()} rows stop early ({low.sum()} low); largest climb of a row stopped low "
              f"{climb.max() if len(climb) else 0:.2f}; ending above DOUBT ({qm.DOUBT}): "
              f"{int((full[low] > doubt).sum())}, above 0.2: {int((full[low] > math.log(0.25)).sum())}")

    sizes = [len(g) for g in groups]
    calls = [(X[a:a + sum(sizes_of)], sizes_of) for a, sizes_of in _calls(sizes, 256)]
    rows_of = [c.tolist() for c, _ in calls]

    def timed(score) -> float:
        out = []
        for _ in range(args.runs):
            t = time.process_time()
            for r, (_, s) in zip(rows_of, calls):
                score(r, s)
            out.append(time.process_time() - t)
        return statistics.median(out)

    whole = timed(lambda r, s: booster.predict(np.asarray(r, dtype=np.float64), num_threads=1))
    early = timed(lambda r, s: qm._settled(booster, r, s))
    print(f"booster calls of up to 256 rows (whole quotes), median of {args.runs}: in full {whole:.3f} s, "
          f"early-stopped and the deciding rows again {early:.3f} s ({early / whole:.0%})")


def _calls(sizes: list[int], most: int):
    """(start row, group sizes) of calls that hold whole quotes, up to `most` rows each."""
    at, start, chunk = 0, 0, []
    for s in sizes:
        if chunk and at + s - start > most:
            yield start, chunk
            start, chunk = at, []
        chunk.append(s)
        at += s
    if chunk:
        yield start, chunk


if __name__ == "__main__":
    main()
