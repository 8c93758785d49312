#!/usr/bin/env python3
"""Does the about-model gain from training on the spent blind sets? The development files are dealt into the
same 5 folds twice; each fold is scored by a model trained on the other development folds, and by one trained
on them plus the spent blind and second-annotation sets (less any article that copies a development one, by
the copy groups of eval/copies.py). Prints the two scores per seed.

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
# the blind sets that measure the shipped about-model, never trained on: the ones train_about_model.sh leaves out
CURRENT = re.search(r'^CURRENT="?([^"\n]*)"?$', (ROOT / "scripts" / "train_about_model.sh").read_text(),
                    re.M).group(1).split()


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
    from svodka.eval.copies import copy_groups
    from svodka.figuremodel.train import featurize_gold, fit, predict, scores

    seeds = [int(s) for s in sys.argv[1:]] or [7, 13, 21]
    err = Console(stderr=True)
    ann = ROOT / "annotations" / "dates"
    dev = sorted(ann.glob("dev*.jsonl"))
    spent = [p for p in sorted(ann.glob("second*.jsonl")) + sorted(ann.glob("blind*.jsonl"))
             if not any(p.name.startswith(c + "-") for c in CURRENT)]
    with tempfile.TemporaryDirectory() as tmp:
        dev_rows = _unique([r for p in rebuild(dev, Path(tmp)) for r in _read(ev.load_gold, str(p), "gold", err)], err)
        spent_rows = _unique([r for p in rebuild(spent, Path(tmp)) for r in _read(ev.load_gold, str(p), "gold", err)],
                             err)

    # a spent-set article that repeats a development one (a repost: the copy groups cross-validation keeps in
    # one fold) is left out, or a fold would learn a copy of what it scores
    group = copy_groups({str(r["id"]): r["text"] for r in dev_rows + spent_rows})
    dev_groups = {group[str(r["id"])] for r in dev_rows}
    extra_rows = [r for r in spent_rows if group[str(r["id"])] not in dev_groups]
    D = _featurize_figures(dev_rows, featurize_gold)
    B = _featurize_figures(extra_rows, featurize_gold)
    print(f"{len(D)} development articles; {len(B)} spent-set articles added to training "
          f"({len(spent_rows) - len(extra_rows)} left out as development articles or copies of them)")
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
