"""Dump every quote the rule extractor proposes on gold articles, one JSON line per quote, to compare
the rule extractor's output before and after a change (it must stay identical on real news).

Mirrors `quotemodel.train.analyse_gold` up to the entities, then calls `extract.quotes.extract_quotes`
directly, so a learned model in `analyze` does not change the dump. Writes offsets, kinds, speakers and cues
only, never article or quote text.

    python scripts/rule_snapshot.py --gold ../shared/data/quotes/dev.jsonl [--gold …] > /tmp/rules.jsonl
"""
from __future__ import annotations

import argparse
import json
import sys
from dataclasses import replace
from itertools import islice


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--gold", action="append", required=True, help="gold JSONL file (repeatable)")
    args = ap.parse_args()

    from svodka.extract.coref import resolve as resolve_coref
    from svodka.extract.entities import group_entities
    from svodka.extract.ner_fix import repair as repair_ner
    from svodka.extract.quotes import extract_quotes
    from svodka.ingest.readers import parse_published
    from svodka.nlp.pipeline import parse_many

    out = sys.stdout
    for path in args.gold:
        with open(path, encoding="utf-8") as f:
            rows = [json.loads(line) for line in f if line.strip()]
        it = iter(rows)
        while batch := list(islice(it, 64)):
            for rec, parsed in zip(batch, parse_many([r["text"] for r in batch])):
                published = parse_published(rec.get("published")) if rec.get("published") else None
                parsed = replace(parsed, spans=repair_ner(parsed))
                entities = resolve_coref(parsed, group_entities(parsed), published)
                for q in extract_quotes(parsed, entities, published):
                    out.write(json.dumps({"id": rec["id"], "kind": q.kind, "start": q.start, "end": q.end,
                                          "speaker": q.speaker, "speaker_type": q.speaker_type,
                                          "entity": q.speaker_entity, "cue": q.cue,
                                          "mention": [q.mention.start, q.mention.end] if q.mention else None}, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
