#!/usr/bin/env bash
# Rebuild the shipped quote model (src/svodka/data/quotes_model.json.gz) from the gold data: the quote gold
# of ../shared/data/quotes plus the annotations this repository keeps as ids and offsets (annotations/quotes/
# train-*.jsonl, rebuilt against ../shared/data first). Training is deterministic: the same data give the
# same file, byte for byte (compare with `git diff --stat` or sha1sum).
set -euo pipefail
cd "$(dirname "$0")/.."
SHARED=../shared/data
for f in annotations/quotes/train-*.jsonl; do
  python3 scripts/rebuild_gold.py "$f" --out ".bench/$(basename "$f")"
done
gold=()
for f in "$SHARED/quotes/train.jsonl" "$SHARED/quotes/telegram-train.jsonl" "$SHARED/quotes/dev.jsonl" .bench/train-*.jsonl; do
  gold+=(--gold "$f")
done
svodka train quotes "${gold[@]}" --out "${1:-src/svodka/data/quotes_model.json.gz}"
