"""Reading a gold file: JSON Lines, blank lines skipped, a bad line an error naming the file and the line."""
from __future__ import annotations

import json
from collections.abc import Callable


class GoldFileError(ValueError):
    pass


def json_lines(path: str, problem: Callable[[object], str | None]) -> list[tuple[int, dict]]:
    """(line number, row) of each line; `problem(row)` says what a row lacks, or None when it is whole."""
    rows = []
    with open(path, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            if not line.strip():
                continue
            try:
                row = json.loads(line)
            except json.JSONDecodeError as e:
                raise GoldFileError(f"{path}:{n}: not JSON: {e.msg}") from None
            if (why := problem(row)) is not None:
                raise GoldFileError(f"{path}:{n}: {why}")
            rows.append((n, row))
    return rows
