#!/usr/bin/env python3
"""Date and figure annotations (docs/dates-figures-gold.md): check an annotator's spec, show it in context,
pack it into ids + offsets + values (what this repository keeps, never corpus text), rebuild gold from a pack.

An annotator writes SPEC.jsonl, one line per article of the batch, also for an article with nothing in it:

    {"id": "...", "dates": [{"t": "exact span text", "occ": 0, "kind": "date"|"duration",
        "first": "YYYY-MM-DD"|null, "last": ..., "grain": "day"|..., "time": "HH:MM"|null,
        "duration": "P3Y"|null, "resolution": "absolute"|"relative"|"partial"|"unresolved"}],
     "figures": [{"t": "exact span text", "occ": 0, "value": 1.5e12, "value_max": null, "unit": "RUB",
        "qualifier": null, "kind": "level"|"change", "direction": "up"|"down"|null, "about": "...",
        "entity": "..."|null}]}

`occ` is the 0-based index of the occurrence when the span text repeats in the article.

    python scripts/dates_gold.py check SPEC.jsonl --corpus telegram/dev.jsonl
    python scripts/dates_gold.py show SPEC.jsonl --corpus telegram/dev.jsonl
    python scripts/dates_gold.py pack SPEC.jsonl --corpus telegram/dev.jsonl --out annotations/dates/X.jsonl
    python scripts/dates_gold.py rebuild annotations/dates/X.jsonl --out .bench/X.jsonl
"""
from __future__ import annotations

import argparse
import hashlib
import json
import re
import sys
from datetime import datetime, timedelta, timezone
from pathlib import Path

DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data"
GRAINS = {"time", "day", "week", "month", "quarter", "half", "year", "decade", "century", "range"}
RESOLUTIONS = {"absolute", "relative", "partial", "unresolved"}
QUALIFIERS = {None, "approx", "more", "less", "at_least", "at_most", "almost", "range"}
DAY = re.compile(r"^(\d{4}|XXXX)-\d{2}-\d{2}$")
DURATION = re.compile(r"^P(?!$)(\d+(\.\d+)?[YMWD])*(T(\d+(\.\d+)?[HMS])+)?$")
DATE_KEYS = ("kind", "first", "last", "grain", "time", "duration", "resolution")
FIGURE_KEYS = ("value", "value_max", "unit", "qualifier", "kind", "direction", "about", "entity")
MSK = timezone(timedelta(hours=3))


def sha1(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()


def load_corpus(name: str) -> dict[str, dict]:
    path = DATA / name
    if not path.exists():
        sys.exit(f"corpus not found: {path} (this script reads the articles from ../shared/data)")
    return {str(r["id"]): r for r in map(json.loads, path.read_text(encoding="utf-8").splitlines()) if r}


def pub_day(article: dict) -> str | None:
    """The publication day in Moscow time (the conventions' rule), or None."""
    p = article.get("published")
    if not p:
        return None
    return datetime.fromisoformat(p).astimezone(MSK).date().isoformat()


def locate(text: str, span: str, occ: int) -> tuple[int, int] | str:
    hits = [m.start() for m in re.finditer(re.escape(span), text)] if span else []
    if not hits:
        return f"not found: {span!r}"
    if occ >= len(hits):
        return f"{span!r} occurs {len(hits)} times, occ {occ} asked"
    return hits[occ], hits[occ] + len(span)


def check_date(d: dict) -> list[str]:
    errs = []
    kind = d.get("kind", "date")
    if kind not in ("date", "duration"):
        errs.append(f"kind {kind!r}")
    if kind == "duration":
        if not DURATION.match(str(d.get("duration") or "")):
            errs.append(f"duration {d.get('duration')!r} is not ISO 8601 (P3Y, P2W, PT6H)")
        return errs
    for k in ("first", "last"):
        v = d.get(k)
        if v is not None and not DAY.match(str(v)):
            errs.append(f"{k} {v!r} is not YYYY-MM-DD (or XXXX-MM-DD)")
    if d.get("grain") not in GRAINS:
        errs.append(f"grain {d.get('grain')!r} not one of {sorted(GRAINS)}")
    if d.get("resolution") not in RESOLUTIONS:
        errs.append(f"resolution {d.get('resolution')!r} not one of {sorted(RESOLUTIONS)}")
    if d.get("time") is not None and not re.match(r"^\d{2}:\d{2}$", str(d["time"])):
        errs.append(f"time {d['time']!r} is not HH:MM")
    if d.get("first") and d.get("last") and "X" not in d["first"] + d["last"] and d["first"] > d["last"]:
        errs.append("first is after last")
    return errs


def check_figure(f: dict) -> list[str]:
    errs = []
    if not isinstance(f.get("value"), (int, float)):
        errs.append(f"value {f.get('value')!r} is not a number")
    if f.get("value_max") is not None and not isinstance(f["value_max"], (int, float)):
        errs.append(f"value_max {f['value_max']!r} is not a number")
    if f.get("qualifier") not in QUALIFIERS:
        errs.append(f"qualifier {f.get('qualifier')!r}")
    if f.get("kind") not in ("level", "change"):
        errs.append(f"kind {f.get('kind')!r} not level/change")
    if f.get("direction") not in (None, "up", "down"):
        errs.append(f"direction {f.get('direction')!r}")
    if not f.get("unit"):
        errs.append("unit missing")
    return errs


def resolve(spec: Path, corpus: dict[str, dict]) -> tuple[list[dict], list[str]]:
    """Spec lines → records with offsets; problems as 'SPEC:line: message'."""
    out, problems = [], []
    for n, line in enumerate(spec.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        where = f"{spec}:{n}"
        try:
            a = json.loads(line)
        except json.JSONDecodeError as e:
            problems.append(f"{where}: not JSON ({e})")
            continue
        art = corpus.get(str(a.get("id")))
        if art is None:
            problems.append(f"{where}: unknown article id {a.get('id')!r}")
            continue
        text = art["text"]
        rec = {"id": a["id"], "sha1": sha1(text), "pub_day": pub_day(art), "dates": [], "figures": []}
        for field, checker, keys in (("dates", check_date, DATE_KEYS), ("figures", check_figure, FIGURE_KEYS)):
            for item in a.get(field, []):
                pos = locate(text, item.get("t", ""), int(item.get("occ", 0)))
                errs = [pos] if isinstance(pos, str) else []
                errs += checker(item)
                if errs:
                    problems += [f"{where}: {field[:-1]} {item.get('t')!r}: {e}" for e in errs]
                    continue
                rec[field].append({"start": pos[0], "end": pos[1], **{k: item.get(k) for k in keys}})
            rec[field].sort(key=lambda x: x["start"])
        out.append(rec)
    return out, problems


def show(records: list[dict], corpus: dict[str, dict]) -> None:
    for r in records:
        text = corpus[r["id"]]["text"]
        print(f"=== {r['id']}  pub_day={r['pub_day']}")
        for field in ("dates", "figures"):
            for x in r[field]:
                ctx = (text[max(0, x["start"] - 40):x["start"]] + "[" + text[x["start"]:x["end"]] + "]"
                       + text[x["end"]:x["end"] + 30]).replace("\n", " ")
                vals = {k: v for k, v in x.items() if k not in ("start", "end") and v is not None}
                print(f"  {field[:-1]:6} {ctx}\n         {vals}")


def rebuild(pack: Path, out: Path) -> int:
    """A pack (ids, offsets, values) → gold with the text re-read from ../shared/data."""
    corpora: dict[str, dict] = {}
    lines = []
    for n, line in enumerate(pack.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        a = json.loads(line)
        src = corpora.setdefault(a["corpus"], load_corpus(a["corpus"]))
        art = src.get(a["id"])
        if art is None:
            sys.exit(f"{pack}:{n}: article {a['id']} is not in {a['corpus']}")
        text = art["text"]
        if sha1(text) != a["sha1"]:
            sys.exit(f"{pack}:{n}: the text of {a['id']} in {a['corpus']} changed since it was annotated")
        rec = {"id": a["id"], "text": text, "published": art.get("published"), "pub_day": a.get("pub_day"),
               "source": art.get("source"),
               "dates": [{**d, "text": text[d["start"]:d["end"]]} for d in a["dates"]],
               "figures": [{**f, "text": text[f["start"]:f["end"]]} for f in a["figures"]]}
        lines.append(json.dumps(rec, ensure_ascii=False))
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return len(lines)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("action", choices=("check", "show", "pack", "rebuild"))
    ap.add_argument("file", type=Path)
    ap.add_argument("--corpus", help="corpus file under ../shared/data, e.g. telegram/dev.jsonl")
    ap.add_argument("--out", type=Path)
    args = ap.parse_args()
    if not args.file.exists():
        sys.exit(f"{args.file}: no such file")
    if args.action == "rebuild":
        if not args.out:
            sys.exit("rebuild needs --out")
        print(f"{rebuild(args.file, args.out)} articles → {args.out}")
        return
    if not args.corpus:
        sys.exit(f"{args.action} needs --corpus")
    corpus = load_corpus(args.corpus)
    records, problems = resolve(args.file, corpus)
    for p in problems:
        print(p)
    nd = sum(len(r["dates"]) for r in records)
    nf = sum(len(r["figures"]) for r in records)
    print(f"{len(records)} articles, {nd} dates, {nf} figures, {len(problems)} problems")
    if args.action == "show":
        show(records, corpus)
    elif args.action == "pack":
        if problems:
            sys.exit("not packed: fix the problems first")
        if not args.out:
            sys.exit("pack needs --out")
        args.out.parent.mkdir(parents=True, exist_ok=True)
        with args.out.open("w", encoding="utf-8") as f:
            for r in records:
                f.write(json.dumps({"corpus": args.corpus, **r}, ensure_ascii=False) + "\n")
        print(f"packed → {args.out}")


if __name__ == "__main__":
    main()
