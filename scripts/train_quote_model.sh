#!/usr/bin/env bash
# Rebuild the shipped quote model (src/svodka/data/quotes_model.json.gz) from the gold data: the quote gold
# of ../shared/data/quotes plus the annotations this repository keeps as ids and offsets (annotations/quotes/,
# rebuilt against ../shared/data first): the training files and every blind set already spent (scored
# once, then added to the training data). The current blind set (blind6-*) is never trained on. Training is
# deterministic: the same data give the same file, byte for byte (compare with `git diff --stat` or sha1sum).
set -euo pipefail
cd "$(dirname "$0")/.."
SHARED=../shared/data
TRAINING=(train-nerel train-telegram train3-nerel train3-telegram blind-nerel-dev blind-telegram
          blind2-nerel-train blind2-telegram blind3-nerel-train blind3-telegram blind4-nerel-train blind5-telegram)
mkdir -p .bench/gold
gold=()
for f in "$SHARED/quotes/train.jsonl" "$SHARED/quotes/telegram-train.jsonl" "$SHARED/quotes/dev.jsonl"; do
  gold+=(--gold "$f")
done
for name in "${TRAINING[@]}"; do
  python3 scripts/rebuild_gold.py "annotations/quotes/$name.jsonl" --out ".bench/gold/$name.jsonl"
  gold+=(--gold ".bench/gold/$name.jsonl")
done
svodka train quotes "${gold[@]}" --out "${1:-src/svodka/data/quotes_model.json.gz}"
