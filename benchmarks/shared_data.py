"""The benchmark texts: the shared NEREL, factRuEval and Telegram files, read by path, never copied here."""
from __future__ import annotations

import sys
from pathlib import Path

SHARED = Path(__file__).resolve().parents[1].parent / "shared" / "data"
# every text the shared data holds: 3,138 NEREL and factRuEval articles and Telegram posts
ALL_TEXTS = [SHARED / "ner" / "nerel-train.jsonl", SHARED / "ner" / "nerel-dev.jsonl", SHARED / "ner" / "factru-dev.jsonl",
             SHARED / "telegram" / "dev.jsonl"]


def data_paths(given: list[Path] | None, default: list[Path]) -> list[Path]:
    """The files given with --data, else `default`; exits saying which are missing."""
    paths = given or default
    missing = [str(p) for p in paths if not p.exists()]
    if missing:
        sys.exit(f"benchmark data not found: {', '.join(missing)} (pass --data FILE.jsonl with id/text lines)")
    return paths
