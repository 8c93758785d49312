#!/usr/bin/env python3
"""Does the about-model gain from training on the spent blind sets? The development files are dealt into the
same 5 folds twice; each fold is scored by a model trained on the other development folds, and by one trained
on them plus the spent blind and second-annotation sets (less any article that near-copies a development one,
so that no fold learns a copy of what it scores). Prints the two scores per seed.

    python scripts/about_model_more_data.py [SEED …]      (default seeds 7 13 21)

Reads the annotations of annotations/dates/ and rebuilds their text from ../shared/data (scripts/dates_gold.py).
"""
from __future__ import annotations

import random
import re
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CURRENT = "blind9"  # the blind set not yet spent: never trained on


def rebuild(paths: list[Path], out: Path) -> list[Path]:
    got = []
    for p in paths:
        dest = out / p.name
        subprocess.run([sys.executable, str(ROOT / "scripts" / "dates_gold.py"), "rebuild", str(p), "--out", str(dest)],
                       check=True, stdout=subprocess.DEVNULL)
        got.append(dest)
    return got


def main() -> None:
    from rich.console import Console

    from svodka.cli.eval import _read, _unique
    from svodka.cli.train import _featurize_figures
    from svodka.eval import dates as ev
    from svodka.figuremodel.train import featurize_gold, fit, predict, scores

    seeds = [int(s) for s in sys.argv[1:]] or [7, 13, 21]
    err = Console(stderr=True)
    ann = ROOT / "annotations" / "dates"
    dev = sorted(ann.glob("dev*.jsonl"))
    spent = [p for p in sorted(ann.glob("second*.jsonl")) + sorted(ann.glob("blind*.jsonl"))
             if not p.name.startswith(CURRENT + "-")]
    with tempfile.TemporaryDirectory() as tmp:
        dev_rows = _unique([r for p in rebuild(dev, Path(tmp)) for r in _read(ev.load_gold, str(p), "gold", err)], err)
        spent_rows = _unique([r for p in rebuild(spent, Path(tmp)) for r in _read(ev.load_gold, str(p), "gold", err)],
                             err)

    def words(text: str) -> set[str]:
        return set(re.findall(r"\w+", text.lower()))

    dev_words = [words(r["text"]) for r in dev_rows]
    dev_ids = {str(r["id"]) for r in dev_rows}

    def near_dev(r: dict) -> bool:
        w = words(r["text"])
        return bool(w) and any(v and len(w & v) / len(w | v) > 0.5 for v in dev_words)

    extra_rows = [r for r in spent_rows if str(r["id"]) not in dev_ids and not near_dev(r)]
    D = _featurize_figures(dev_rows, featurize_gold)
    B = _featurize_figures(extra_rows, featurize_gold)
    print(f"{len(D)} development articles; {len(B)} spent-set articles added to training "
          f"({len(spent_rows) - len(extra_rows)} left out as development articles or near-copies of them)")
    for s in seeds:
        order = list(range(len(D)))
        random.Random(s).shuffle(order)
        base, more = [], []
        for held in (order[i::5] for i in range(5)):
            hs = set(held)
            train = [D[i] for i in order if i not in hs]
            m1, m2 = fit(train), fit(train + B)
            for i in held:
                base += [(ex, predict(m1, ex)) for ex in D[i]]
                more += [(ex, predict(m2, ex)) for ex in D[i]]
        a, b = scores(base), scores(more)
        print(f"seed {s}: measured noun {a['about_model']:.3f} -> {b['about_model']:.3f}; "
              f"value, unit and noun {a['figure_model']:.3f} -> {b['figure_model']:.3f}")


if __name__ == "__main__":
    main()
