"""What the web tests share: an archive built from invented articles given as JSON Lines records."""
import json

from svodka.archive import Archive
from svodka.ingest.readers import ReadOptions, read_jsonl


def ingest(db, articles):
    """Ingest `articles` (dicts of the JSONL article schema) into the archive at `db`; the ingest report."""
    lines = "\n".join(json.dumps(a, ensure_ascii=False) for a in articles)
    with Archive(db) as archive:
        return archive.ingest_items(read_jsonl(lines, "test", ReadOptions()))
