#!/usr/bin/env bash
# Rebuild the shipped story linker (src/svodka/data/story_linker.json.gz: which story of its day an article
# joins) from the story annotations of the Telegram posts this repository keeps (annotations/stories, one file
# a day; the second annotation of 5 November left out), reading the posts from ../shared/data.
# Training is deterministic: the same data give the same file, byte for byte.
set -euo pipefail
cd "$(dirname "$0")/.."
posts=../shared/data/telegram/dev.jsonl
[ -f "$posts" ] || { echo "posts not found: $posts (this script reads ../shared/data)" >&2; exit 2; }
gold=()
for f in annotations/stories/dev-*.jsonl annotations/stories/blind-*.jsonl; do
  gold+=(--gold "$f")
done
svodka train stories "${gold[@]}" --posts "$posts" --out "${1:-src/svodka/data/story_linker.json.gz}"
