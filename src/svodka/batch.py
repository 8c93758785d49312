"""`svodka batch`: the same `analyze` on a Dask cluster for batches bigger than a machine, written as Parquet;
`svodka load`: those files into an archive, with the same identity linking and dedup as `svodka ingest`.

The client reads the sources and hands partitions of articles to the cluster (`distributed`: a LocalCluster
of worker processes when no scheduler address is given, else the cluster at that address); each worker loads
the models once and analyses its partitions; the client writes each partition's tables as it comes back, in
input order, so the output directory is the same whatever the cluster. `load` feeds the articles, with their
analyses, through `Archive.ingest_items`, which is what `ingest` runs: a repost is stored as an appearance, an
article already in the archive is skipped, a batch is one transaction.
"""
from __future__ import annotations

import json
import os
import weakref
from collections.abc import Callable, Iterable, Iterator
from datetime import datetime
from itertools import islice
from pathlib import Path

from .model import Analysis, Article, IngestError
from .parallel import _THREAD_VARS

TABLES = ("articles", "entities", "mentions", "quotes", "dates", "figures", "errors")
PARTITION = 64  # articles per task: small enough to keep every worker busy to the end


def article_row(a: Article, an: Analysis | None, seq: int, error: str | None = None) -> dict:
    return {"seq": seq, "id": a.id, "title": a.title, "published": a.published.isoformat() if a.published else None,
            "url": a.url, "source": a.source, "origin": a.origin, "body_start": a.body_start, "encoding": a.encoding,
            "text": a.text, "analysis": json.dumps(an.to_dict(), ensure_ascii=False) if an else None,
            "prepared": None, "error": error}


def analyse_partition(rows: list[dict], knowledge=None) -> list[dict]:
    """On a worker: the article rows of one partition with their analyses (or the error an article raised), and
    what storing each computes from it alone (store/prepared.py), so that `load` only writes, as the writing
    process of `ingest --workers` does. `knowledge`: the run's roles, lexicon, gazetteer and models (None: the
    worker's shipped ones)."""
    from .analyze import analyze_many
    from .store.prepared import prepare, to_json
    arts = [_article(r) for r in rows]
    failed: dict[int, str] = {}
    # analyze_many yields in input order and skips what it reports: read it all, then walk the articles
    analyses = iter(list(analyze_many(arts, knowledge=knowledge,
                                      on_error=lambda a, e: failed.__setitem__(id(a), f"{type(e).__name__}: {e}"))))
    for a, r in zip(arts, rows):
        if id(a) in failed:
            r["error"] = failed[id(a)]
        else:
            an = next(analyses)
            r["analysis"] = json.dumps(an.to_dict(), ensure_ascii=False)
            r["prepared"] = to_json(a, an, prepare(a, an, knowledge.gazetteer if knowledge else None))
    return rows


def _article(r: dict) -> Article:
    return Article(id=r["id"], text=r["text"], title=r.get("title"),
                   published=datetime.fromisoformat(r["published"]) if r.get("published") else None,
                   url=r.get("url"), source=r.get("source"), body_start=r.get("body_start") or 0,
                   origin=r.get("origin"), encoding=r.get("encoding"))


def _tables(rows: list[dict]) -> dict[str, list[dict]]:
    """The flat tables of one partition: articles (with the full analysis as JSON), entities, mentions, quotes,
    dates, figures (each with the article's id and its place in the input), errors."""
    t: dict[str, list[dict]] = {k: [] for k in TABLES}
    for r in rows:
        if r.get("error") or not r.get("analysis"):
            t["errors"].append({"seq": r["seq"], "id": r["id"], "origin": r.get("origin"), "error": r.get("error")})
            continue
        t["articles"].append({k: v for k, v in r.items() if k != "error"})
        d = json.loads(r["analysis"])
        key = {"seq": r["seq"], "article_id": r["id"]}
        for e in d["entities"]:
            t["entities"].append({**key, "entity": e["id"], "type": e["type"], "name": e["name"],
                                  "mentions": len(e["mentions"])})
            t["mentions"].extend({**key, "entity": e["id"], **m} for m in e["mentions"])
        for i, q in enumerate(d["quotes"]):
            t["quotes"].append({**key, "quote": i, **{k: v for k, v in q.items()
                                                        if k not in ("mention", "dates", "figures", "about")},
                                "about": json.dumps(q.get("about", []))})
        t["dates"].extend({**key, "date": i, **x} for i, x in enumerate(d["dates"]))
        t["figures"].extend({**key, "figure": i, **x} for i, x in enumerate(d["figures"]))
    return t


def write_partition(out: Path, part: int, rows: list[dict]) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq
    for name, table in _tables(rows).items():
        if not table:
            continue
        (out / name).mkdir(parents=True, exist_ok=True)
        pq.write_table(pa.Table.from_pylist(table), out / name / f"part-{part:05d}.parquet")


def run_batch(items: Iterable[Article | IngestError], out: Path, scheduler: str | None = None, workers: int = 2,
              partition: int = PARTITION, progress: Callable[[int, int], None] | None = None,
              knowledge=None) -> dict[str, int]:
    """Analyse `items` on a Dask cluster and write their tables under `out`; counts of what was written.
    `knowledge` (the user's roles, lexicon, gazetteer, models) goes to every worker once, not with each task:
    the workers of a real cluster need not have the user's files."""
    from distributed import Client, LocalCluster

    out.mkdir(parents=True, exist_ok=True)
    counts = {"articles": 0, "failed": 0, "partitions": 0}
    errors: list[dict] = []
    seq = 0

    def partitions() -> Iterator[list[dict]]:
        nonlocal seq
        it = iter(items)
        while chunk := list(islice(it, partition)):
            rows = []
            for item in chunk:
                if isinstance(item, IngestError):
                    errors.append({"seq": seq, "id": None, "origin": item.origin, "error": item.message})
                else:
                    rows.append(article_row(item, None, seq))
                seq += 1
            yield rows

    cluster = None
    if not scheduler:
        # one core a worker process: the taggers' BLAS would otherwise start a thread per core in each
        saved = {k: os.environ.get(k) for k in _THREAD_VARS}
        os.environ.update({k: "1" for k in _THREAD_VARS})
        try:
            cluster = LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None)
        finally:
            for k, v in saved.items():
                if v is None:
                    os.environ.pop(k, None)
                else:
                    os.environ[k] = v
    with Client(scheduler or cluster) as client:
        given = client.scatter(knowledge, broadcast=True) if knowledge is not None else None
        pending = []
        for rows in partitions():
            pending.append(client.submit(analyse_partition, rows, given, pure=False))
            while len(pending) > 2 * max(1, len(client.scheduler_info()["workers"])):
                _write(out, pending.pop(0).result(), counts, progress)
        for fut in pending:
            _write(out, fut.result(), counts, progress)
    if cluster is not None:
        cluster.close()
    if errors:
        import pyarrow as pa
        import pyarrow.parquet as pq
        (out / "errors").mkdir(parents=True, exist_ok=True)
        pq.write_table(pa.Table.from_pylist(errors), out / "errors" / "part-reading.parquet")
        counts["failed"] += len(errors)
    return counts


def _write(out: Path, rows: list[dict], counts: dict[str, int], progress) -> None:
    write_partition(out, counts["partitions"], rows)
    counts["partitions"] += 1
    ok = sum(1 for r in rows if r.get("analysis") and not r.get("error"))
    counts["articles"] += ok
    counts["failed"] += len(rows) - ok
    if progress:
        progress(counts["articles"], counts["failed"])


def read_articles(out: Path) -> Iterator[tuple[Article, Analysis, str | None]]:
    """The articles of a batch directory with their analyses and what the cluster prepared for storing them
    (None in a directory written before batches carried it), in input order."""
    import pyarrow.parquet as pq
    parts = sorted((out / "articles").glob("part-*.parquet"))
    if not parts:
        raise FileNotFoundError(f"{out}: no articles/part-*.parquet (made by `svodka batch`)")
    for p in parts:
        for r in pq.read_table(p).to_pylist():
            yield _article(r), Analysis.from_dict(json.loads(r["analysis"])), r.get("prepared")


def load(out: Path, archive, progress=None):
    """Store a batch directory into `archive` exactly as `ingest` stores the same articles, reading it as it
    stores: an article's analysis is held while ingest holds the article, and goes with it (a list of the whole
    directory held a batch of a million articles with their analyses at once)."""
    from .store.prepared import from_json
    held: dict[int, tuple] = {}

    def articles() -> Iterator[Article]:
        for a, an, p in read_articles(out):
            held[id(a)] = (an, p)
            # an article ingest passes by (stored before, a repeat) is dropped by it: its analysis goes too
            weakref.finalize(a, held.pop, id(a), None)
            yield a

    gaz = archive.gazetteer  # as ingest would compare names

    def made_on_the_cluster(a):
        # the analysis, and what the cluster computed for storing it: the writer, the limit of a cluster's
        # rate, only writes
        an, p = held.pop(id(a))
        return an, from_json(a, an, p, gaz) if p is not None else None
    return archive.ingest_items(articles(), progress=progress, made=made_on_the_cluster)
