"""`svodka.Archive(path)`: a durable, searchable archive of analysed articles (the CLI and web server use it).

    archive = Archive("news.db")
    report = archive.ingest(["feeds/", "pages/*.html"])
    archive.search("переговоры Токаева")
    archive.quotes(speaker="Путина", about="Казахстан", since=date(2021, 1, 1))

Ingest reads, skips what the archive already holds (same URL with the same text, or the same normalised
text) before spending time on analysis, analyses the rest in batches, and commits each batch in one
transaction. A rerun after a crash therefore resumes: what was committed counts as a duplicate, the rest
is done.

Each entity of an article is linked to the archive's entities as it is stored (link/entities.py's rules,
store/identity.py): «Путин» in one article and «Владимир Путин» in another are one entity with one id, two
people who share a surname are two, and an id once given does not change.
"""
from __future__ import annotations

import csv
import hashlib
import json
import unicodedata
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from itertools import islice
from pathlib import Path
from typing import IO

from .model import Analysis, Article, IngestError
from .store import Entry, Outcome, Store, open_store
from .store.records import EntityProfile, EntityRow, QuoteRow, SearchHit

DEFAULT_DB = "svodka.db"
# Articles analysed and committed together: a crash loses at most one batch of work, and a commit per batch
# (not per article) keeps the write cost small beside analysis.
BATCH = 64

Analyzer = Callable[[Iterable[Article]], Iterator[Analysis]]


def text_hash(text: str) -> str:
    """Identity of an article's text: Unicode-normalised, whitespace runs collapsed, so a re-saved or re-wrapped
    copy of the same article is recognised."""
    norm = " ".join(unicodedata.normalize("NFC", text).split())
    return hashlib.blake2b(norm.encode("utf-8"), digest_size=16).hexdigest()


def normalise_url(url: str | None) -> str | None:
    if not url or not url.strip():
        return None
    return url.strip().split("#", 1)[0]


@dataclass
class Failure:
    origin: str
    reason: str

    def __str__(self) -> str:
        return f"{self.origin}: {self.reason}"


@dataclass
class IngestReport:
    new: int = 0
    updated: int = 0
    duplicates: int = 0
    failures: list[Failure] = field(default_factory=list)

    @property
    def failed(self) -> int:
        return len(self.failures)

    @property
    def seen(self) -> int:
        return self.new + self.updated + self.duplicates + self.failed

    def to_dict(self) -> dict:
        return {"new": self.new, "updated": self.updated, "duplicates": self.duplicates, "failed": self.failed,
                "failures": [{"origin": f.origin, "reason": f.reason} for f in self.failures]}


class Archive:
    def __init__(self, path: str | Path = DEFAULT_DB, analyzer: Analyzer | None = None) -> None:
        self.path = str(path)
        self.store: Store = open_store(self.path)
        self._analyzer = analyzer

    def __enter__(self) -> "Archive":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def close(self) -> None:
        self.store.close()

    # --- ingest ----------------------------------------------------------------------------------------

    def ingest(self, sources: Iterable[str], *, max_chars: int | None = None,
               progress: Callable[[IngestReport], None] | None = None) -> IngestReport:
        """Read, analyse and store every article of `sources` (files, directories, globs, `-`).

        `progress(report)` is called after each article is stored, skipped or failed, so a caller can
        draw a bar.
        """
        from .ingest.readers import ReadOptions, read_sources
        opts = ReadOptions() if max_chars is None else ReadOptions(max_chars=max_chars)
        return self.ingest_items(read_sources(sources, opts), progress=progress)

    def ingest_items(self, items: Iterable[Article | IngestError],
                     progress: Callable[[IngestReport], None] | None = None) -> IngestReport:
        """Ingest already-read articles (or reader errors, which are counted as failures)."""
        report = IngestReport()
        tick = progress or (lambda r: None)
        # texts and URLs seen in this run, so a batch does not analyse the same article twice
        seen_hashes: set[str] = set()
        seen_urls: dict[str, str] = {}

        def fresh() -> Iterator[tuple[Article, str]]:
            for item in items:
                if isinstance(item, IngestError):
                    report.failures.append(Failure(item.origin, item.message))
                    tick(report)
                    continue
                item.url = normalise_url(item.url)
                h = text_hash(item.text)
                known = self.store.known(item.url, h)
                if known == "duplicate" or (item.url and seen_urls.get(item.url) == h) or \
                        (not item.url and h in seen_hashes):
                    report.duplicates += 1
                    tick(report)
                    continue
                seen_hashes.add(h)
                if item.url:
                    seen_urls[item.url] = h
                yield item, h

        stream = fresh()
        while batch := list(islice(stream, BATCH)):
            analysed = self._analyse(batch, report)
            if analysed:
                outcomes = self.store.save([Entry(a, an, h) for a, an, h in analysed])
                for (art, _, _), o in zip(analysed, outcomes):
                    self._count(report, art, o)
            for _ in batch:
                tick(report)
        return report

    def _analyse(self, batch: list[tuple[Article, str]], report: IngestReport) -> list[tuple[Article, Analysis, str]]:
        """Analyses of a batch; if the batched call fails, each article alone, so only the culprit is lost."""
        arts = [a for a, _ in batch]
        try:
            analyses = list(self.analyzer(arts))
            return [(a, an, h) for (a, h), an in zip(batch, analyses)]
        except Exception:
            pass
        out = []
        for a, h in batch:
            try:
                out.append((a, next(iter(self.analyzer([a]))), h))
            except Exception as e:
                report.failures.append(Failure(a.origin or a.id, f"analysis failed: {type(e).__name__}: {e}"))
        return out

    @staticmethod
    def _count(report: IngestReport, art: Article, o: Outcome) -> None:
        if o.status == "failed":
            report.failures.append(Failure(art.origin or art.id, o.error or "could not store"))
        elif o.status == "duplicate":
            report.duplicates += 1
        elif o.status == "updated":
            report.updated += 1
        else:
            report.new += 1

    @property
    def analyzer(self) -> Analyzer:
        if self._analyzer is None:
            from .analyze import analyze_many
            self._analyzer = analyze_many
        return self._analyzer

    def add(self, article: Article, analysis: Analysis) -> Outcome:
        """Store one article with an analysis made elsewhere."""
        article.url = normalise_url(article.url)
        return self.store.save([Entry(article, analysis, text_hash(article.text))])[0]

    # --- queries ---------------------------------------------------------------------------------------

    def search(self, query: str, limit: int = 20, offset: int = 0, kind: str | None = None) -> list[SearchHit]:
        """Articles and quotes containing every word of `query` in any inflected form, best first."""
        return self.store.search(query, limit=limit, offset=offset, kind=kind)

    def quotes(self, speaker: str | None = None, about: str | None = None, since: date | None = None,
               until: date | None = None, kind: str | None = None, limit: int = 100, offset: int = 0,
               newest_first: bool = False) -> list[QuoteRow]:
        """Statements in time order; `speaker` by any alias in any inflection, `about` words in the quote."""
        return self.store.quotes(speaker=speaker, about=about, since=since, until=until, kind=kind,
                                 limit=limit, offset=offset, newest_first=newest_first)

    def entities(self, type: str | None = None, top: int = 50) -> list[EntityRow]:
        return self.store.entities(type=type, top=top)

    def entity(self, name: str | int, type: str | None = None, quotes: int = 10) -> EntityProfile | None:
        return self.store.entity(name, type=type, quotes=quotes)

    def stats(self) -> dict[str, int]:
        return self.store.stats()

    # --- export ----------------------------------------------------------------------------------------

    def export(self, what: str, format: str, out: IO | str | Path) -> int:
        """Write every article, quote or entity as jsonl, csv or parquet; return the number of rows.

        `out` is a text stream for jsonl/csv, a path (or binary stream) for parquet.
        """
        rows = self.store.export_rows(what)
        if format == "jsonl":
            return _write_jsonl(rows, out)
        if format == "csv":
            return _write_csv(rows, out)
        if format == "parquet":
            return _write_parquet(rows, out)
        raise ValueError(f"unknown export format {format!r}: jsonl, csv or parquet")


def _flat(value):
    """A cell for CSV and parquet: lists of names joined, nested structures as JSON."""
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return "; ".join(value)
    if isinstance(value, (list, dict)):
        return json.dumps(value, ensure_ascii=False)
    return value


def _write_jsonl(rows: Iterable[dict], out: IO) -> int:
    n = 0
    for n, row in enumerate(rows, 1):
        out.write(json.dumps(row, ensure_ascii=False) + "\n")
    return n


def _write_csv(rows: Iterable[dict], out: IO) -> int:
    writer = None
    n = 0
    for n, row in enumerate(rows, 1):
        if writer is None:
            writer = csv.DictWriter(out, fieldnames=list(row), extrasaction="ignore")
            writer.writeheader()
        writer.writerow({k: _flat(v) for k, v in row.items()})
    return n


def _write_parquet(rows: Iterable[dict], out) -> int:
    import pyarrow as pa
    import pyarrow.parquet as pq

    writer = schema = None
    n = 0
    try:
        while chunk := [{k: _flat(v) for k, v in r.items()} for r in islice(rows, 10_000)]:
            if schema is None:
                schema = _parquet_schema(chunk, pa)
                writer = pq.ParquetWriter(out, schema)
            strings = [f.name for f in schema if f.type == pa.string()]
            for r in chunk:
                for k in strings:
                    if r.get(k) is not None and not isinstance(r[k], str):
                        r[k] = str(r[k])
            writer.write_table(pa.Table.from_pylist(chunk, schema=schema))
            n += len(chunk)
    finally:
        if writer is not None:
            writer.close()
    return n


def _parquet_schema(chunk: list[dict], pa):
    """Column types from the first rows: a column empty there (all null) must still get a type."""
    fields = []
    for k in chunk[0]:
        values = [r.get(k) for r in chunk if r.get(k) is not None]
        if values and all(isinstance(v, int) and not isinstance(v, bool) for v in values):
            fields.append(pa.field(k, pa.int64()))
        elif values and all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in values):
            fields.append(pa.field(k, pa.float64()))
        else:
            fields.append(pa.field(k, pa.string()))
    return pa.schema(fields)
