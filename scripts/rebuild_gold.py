#!/usr/bin/env python3
"""Rebuild quote gold files (QUOTES-GOLD.md format, with article text) from the annotations kept in this
repository, which hold ids, offsets and labels only, never corpus text.

Each annotation line names its article (`id`), the corpus file under ../shared/data that holds it (`corpus`),
the SHA-1 of the article text it was made against, and its quotes (kind, start, end, speaker, speaker_type,
cue). The text comes from the corpus; a changed text (another SHA-1) is an error, never silently misaligned.

    python scripts/rebuild_gold.py annotations/quotes/blind-nerel-dev.jsonl --out .bench/blind-nerel-dev.jsonl
    python scripts/rebuild_gold.py --pack GOLD.jsonl --corpus ner/nerel-dev.jsonl --out annotations/quotes/X.jsonl
"""
from __future__ import annotations

import argparse
import hashlib
import json
import sys
from pathlib import Path

DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data"
LABELS = ("kind", "start", "end", "speaker", "speaker_type", "cue")


def sha1(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()


def corpus(path: Path) -> dict[str, str]:
    if not path.exists():
        sys.exit(f"corpus not found: {path} (this script reads the articles from ../shared/data)")
    return {str(r["id"]): r for r in map(json.loads, path.read_text(encoding="utf-8").splitlines()) if r}


def rebuild(ann: Path, out: Path) -> int:
    corpora: dict[str, dict] = {}
    lines = []
    for n, line in enumerate(ann.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        a = json.loads(line)
        src = corpora.setdefault(a["corpus"], corpus(DATA / a["corpus"]))
        art = src.get(a["id"])
        if art is None:
            sys.exit(f"{ann}:{n}: article {a['id']} is not in {a['corpus']}")
        text = art["text"]
        if sha1(text) != a["sha1"]:
            sys.exit(f"{ann}:{n}: the text of {a['id']} in {a['corpus']} changed since it was annotated")
        quotes = [{**q, "text": text[q["start"]:q["end"]]} for q in a["quotes"]]
        rec = {"id": a["id"], "text": text, "quotes": quotes}
        for k in ("published", "source"):
            if art.get(k):
                rec[k] = art[k]
        lines.append(json.dumps(rec, ensure_ascii=False))
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return len(lines)


def pack(gold: Path, corpus_name: str, out: Path, exclude: set[str]) -> int:
    rows = []
    for line in gold.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        g = json.loads(line)
        if g["id"] in exclude:
            continue
        rows.append(json.dumps({"id": g["id"], "corpus": corpus_name, "sha1": sha1(g["text"]),
                                "quotes": [{k: q.get(k) for k in LABELS} for q in g["quotes"]]},
                               ensure_ascii=False))
    with out.open("a", encoding="utf-8") as f:
        f.write("\n".join(rows) + "\n")
    return len(rows)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("annotations", nargs="?", type=Path)
    ap.add_argument("--out", type=Path, required=True)
    ap.add_argument("--pack", type=Path, help="turn a gold file (with text) into an annotation file (appends)")
    ap.add_argument("--corpus", help="with --pack: the corpus file under ../shared/data, e.g. ner/nerel-dev.jsonl")
    ap.add_argument("--exclude", nargs="*", default=[], help="with --pack: article ids to leave out")
    args = ap.parse_args()
    if args.pack:
        print(f"{pack(args.pack, args.corpus, args.out, set(args.exclude))} articles → {args.out}")
    else:
        print(f"{rebuild(args.annotations, args.out)} articles → {args.out}")


if __name__ == "__main__":
    main()
