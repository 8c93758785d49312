#!/usr/bin/env bash
# Rebuild the shipped about-model (src/svodka/data/about_model.json.gz: which noun of its sentence a figure
# measures) from the development annotations this repository keeps as ids, offsets and values
# (annotations/dates/dev*.jsonl, rebuilt against ../shared/data first). Never from the blind sets.
# Training is deterministic: the same data give the same file, byte for byte.
set -euo pipefail
cd "$(dirname "$0")/.."
gold=()
for f in annotations/dates/dev*.jsonl; do
  python3 scripts/dates_gold.py rebuild "$f" --out ".bench/$(basename "$f")" >/dev/null
  gold+=(--gold ".bench/$(basename "$f")")
done
svodka train figures "${gold[@]}" --out "${1:-src/svodka/data/about_model.json.gz}"
