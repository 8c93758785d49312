"""Throughput and peak memory of `svodka analyze --format jsonl` against Natasha's own pipeline.

Both run over the same articles (NEREL dev + train from ../shared/data/ner by default). Each measurement is a
separate Python process (so peak RSS belongs to one pipeline alone), the pipelines alternate, and the figure
reported is the median over --runs processes. Model loading is timed apart from analysis.

    python benchmarks/throughput.py [--runs 3] [--data ../shared/data/ner] [--limit N]
    python benchmarks/throughput.py --pipelines svodka,svodka-ner --runs 5   # the learned NER layer's cost
    python benchmarks/throughput.py --pipelines svodka,natasha --runs 5 --threads 1   # per core
    python benchmarks/throughput.py --pipelines svodka,natasha --threads 1 \
        --warm ../shared/data/telegram/dev.jsonl   # after other news warmed the caches

With --warm FILE each process first analyses the texts of FILE (other news, untimed), then the timed articles:
the steady state of a long ingest, where the word caches (pymorphy's parses, the taggers' word ids, razdel's
tokens) already hold the common words; without it, one pass from a fresh process also pays for filling them.

The ratio is reported by wall time (what a user waits) and by CPU time (steadier on a shared machine; with
--threads 1 it is the per-core comparison).
"""
from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

FILES = ["nerel-dev.jsonl", "nerel-train.jsonl"]
DEFAULT_DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "ner"


def _paths(data: Path) -> list[Path]:
    paths = [data / f for f in FILES]
    missing = [str(p) for p in paths if not p.exists()]
    if missing:
        sys.exit(f"benchmark data not found: {', '.join(missing)} (pass --data DIR holding {', '.join(FILES)})")
    return paths


def run_svodka(paths: list[Path], limit: int | None, learned_ner: bool = False, warm: list[str] = ()) -> dict:
    import io

    from svodka.analyze import analyze_many
    from svodka.ingest.readers import read_sources
    from svodka.knowledge import Knowledge
    from svodka.model import Article
    from svodka.nlp.pipeline import Models
    from svodka.render import to_jsonl

    from svodka.figuremodel.model import default_about_model
    from svodka.quotemodel.model import default_model

    t0 = time.perf_counter()
    Models.get()
    # the quote and about models loaded before analysis, as `svodka analyze` loads them (cli/knowledge.py),
    # not by the first article inside the timed run
    knowledge = Knowledge(learned_ner=learned_ner, quote_model=default_model(), about_model=default_about_model())
    if learned_ner:
        from svodka.nermodel.model import default_ner_model
        knowledge = Knowledge(learned_ner=True, ner_model=default_ner_model(), quote_model=default_model(),
                              about_model=default_about_model())
    load = time.perf_counter() - t0
    arts = [a for a in read_sources([str(p) for p in paths]) if isinstance(a, Article)][:limit]
    for analysis in analyze_many([Article(id=f"warm-{i}", text=t) for i, t in enumerate(warm)], knowledge=knowledge):
        to_jsonl(analysis)
    out = io.StringIO()
    t0, c0 = time.perf_counter(), time.process_time()
    for analysis in analyze_many(arts, knowledge=knowledge):
        out.write(to_jsonl(analysis) + "\n")
    return {"articles": len(arts), "seconds": time.perf_counter() - t0, "cpu": time.process_time() - c0,
            "load": load}


def run_natasha(paths: list[Path], limit: int | None, full: bool = True, warm: list[str] = ()) -> dict:
    from natasha import (Doc, MorphVocab, NewsEmbedding, NewsMorphTagger, NewsNERTagger, NewsSyntaxParser,
                         Segmenter)

    t0 = time.perf_counter()
    seg, vocab, emb = Segmenter(), MorphVocab(), NewsEmbedding()
    morph, syntax, ner = NewsMorphTagger(emb), NewsSyntaxParser(emb), NewsNERTagger(emb)
    load = time.perf_counter() - t0
    texts = [json.loads(line)["text"] for p in paths for line in p.open(encoding="utf-8") if line.strip()][:limit]

    def run(texts: list[str]) -> None:
        for text in texts:
            doc = Doc(text)
            doc.segment(seg)
            if full:
                doc.tag_morph(morph)
                doc.parse_syntax(syntax)
            doc.tag_ner(ner)
            if full:
                for span in doc.spans:
                    span.normalize(vocab)
    run(list(warm))
    t0, c0 = time.perf_counter(), time.process_time()
    run(texts)
    return {"articles": len(texts), "seconds": time.perf_counter() - t0, "cpu": time.process_time() - c0,
            "load": load}


def child(which: str, data: Path, limit: int | None, warm_path: Path | None = None) -> None:
    paths = _paths(data)
    warm = [json.loads(line)["text"] for line in warm_path.open(encoding="utf-8") if line.strip()] \
        if warm_path else []
    res = {"svodka": lambda p, n: run_svodka(p, n, warm=warm),
           "svodka-ner": lambda p, n: run_svodka(p, n, learned_ner=True, warm=warm),
           "natasha": lambda p, n: run_natasha(p, n, warm=warm),
           "natasha-ner": lambda p, n: run_natasha(p, n, full=False, warm=warm)}[which](paths, limit)
    res["peak_rss_mib"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps(res))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA)
    ap.add_argument("--limit", type=int, default=None, help="only the first N articles")
    ap.add_argument("--pipelines", default="svodka,natasha,natasha-ner")
    ap.add_argument("--threads", type=int, help="BLAS threads of each pipeline (default: the library's, one per "
                    "core); 1 compares the pipelines per core")
    ap.add_argument("--warm", type=Path, help="a JSONL file of other texts each process analyses first, untimed "
                    "(the caches of a long ingest's steady state)")
    ap.add_argument("--child", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.warm and not args.warm.exists():
        sys.exit(f"warm-up file not found: {args.warm}")
    if args.child:
        return child(args.child, args.data, args.limit, args.warm)
    _paths(args.data)
    names = args.pipelines.split(",")
    results: dict[str, list[dict]] = {n: [] for n in names}
    for r in range(args.runs):
        for name in names:
            cmd = [sys.executable, __file__, "--child", name, "--data", str(args.data)]
            if args.limit:
                cmd += ["--limit", str(args.limit)]
            if args.warm:
                cmd += ["--warm", str(args.warm)]
            env = dict(os.environ)
            if args.threads:
                env.update(dict.fromkeys(("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"),
                                         str(args.threads)))
            out = subprocess.run(cmd, check=True, capture_output=True, text=True, env=env).stdout
            res = json.loads(out.strip().splitlines()[-1])
            results[name].append(res)
            print(f"run {r + 1} {name:12s} {res['articles'] / res['seconds']:6.1f} articles/s  "
                  f"peak {res['peak_rss_mib']:.0f} MiB", file=sys.stderr)
    labels = {"svodka": "svodka analyze --format jsonl", "svodka-ner": "svodka analyze, learned NER layer on",
              "natasha": "natasha full (seg+morph+syntax+ner+norm)",
              "natasha-ner": "natasha NER only (seg+ner)"}
    n = results[names[0]][0]["articles"]
    warmed = f", each after analysing {args.warm} untimed" if args.warm else ""
    print(f"\n{n} articles, median of {args.runs} processes each{warmed} (model load not included)\n")
    print(f"{'pipeline':44s} {'articles/s':>10s} {'load s':>7s} {'peak RSS MiB':>13s}")
    base = None
    for name in names:
        rate = statistics.median(r["articles"] / r["seconds"] for r in results[name])
        load = statistics.median(r["load"] for r in results[name])
        rss = max(r["peak_rss_mib"] for r in results[name])
        base = base or rate
        print(f"{labels[name]:44s} {rate:10.1f} {load:7.2f} {rss:13.0f}")
    if "natasha" in results and "svodka" in results:
        s = statistics.median(r["articles"] / r["seconds"] for r in results["svodka"])
        nat = statistics.median(r["articles"] / r["seconds"] for r in results["natasha"])
        s_cpu = statistics.median(r["articles"] / r["cpu"] for r in results["svodka"])
        nat_cpu = statistics.median(r["articles"] / r["cpu"] for r in results["natasha"])
        print(f"\nsvodka / natasha full: {s / nat:.2f}x (by wall time); {s_cpu / nat_cpu:.2f}x by CPU time "
              f"({s_cpu:.1f} against {nat_cpu:.1f} articles per CPU second; with --threads 1 that is per core)")
    if "svodka-ner" in results and "svodka" in results:
        s = statistics.median(r["articles"] / r["seconds"] for r in results["svodka"])
        sn = statistics.median(r["articles"] / r["seconds"] for r in results["svodka-ner"])
        pairs = statistics.median(a["articles"] / a["seconds"] / (b["articles"] / b["seconds"])
                                  for a, b in zip(results["svodka-ner"], results["svodka"]))
        cpu = statistics.median(b["cpu"] / a["cpu"] for a, b in zip(results["svodka-ner"], results["svodka"]))
        print(f"svodka with the learned NER layer / without: {sn / s:.3f}x (ratio of medians), "
              f"{pairs:.3f}x (median of the runs' ratios, each pair run back to back), {cpu:.3f}x by CPU time "
              f"(median of the pairs; steadier than wall time on a shared machine)")


if __name__ == "__main__":
    main()
