#!/usr/bin/env bash
# Rebuild the shipped NER model (src/svodka/data/ner_model.json.gz: the learned NER layer, a re-tagger over
# Slovnet's and the repaired spans) from NEREL train + dev in ../shared/data/ner. factRuEval dev is never
# trained on: it is the cross-corpus check. Training is deterministic: the same data give the same file,
# byte for byte.
set -euo pipefail
cd "$(dirname "$0")/.."
data="${SVODKA_NER_DATA:-../shared/data/ner}"
svodka train ner --gold "$data/nerel-train.jsonl" --gold "$data/nerel-dev.jsonl" \
  --out "${1:-src/svodka/data/ner_model.json.gz}"
