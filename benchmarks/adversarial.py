"""Analysis time per MB of adversarial texts against ordinary news, at growing sizes.

Each kind of hostile or odd input (cue-dense, mark-dense, nested and unbalanced quotation marks, very long
paragraphs and lines, dash dialogues) is generated to each size and analysed as one article with
`svodka.analyze.analyze`. The baseline is ordinary news: a few invented paragraphs, repeated to the same size.
Time that grows faster than the text points at a scan over the paragraph (or the article) per cue, mark or
token. Target: at every size up to 1 MB, every kind costs at most 2x the seconds per MB of news.

A run that takes longer than --cap seconds is stopped (reported as "> cap") and that kind grows no further, so
the benchmark cannot hang. Reads no corpus: every text here was written for this benchmark.

    python benchmarks/adversarial.py [--max-kb 1000] [--quick] [--cap 120] [--kinds news cue_po_slovam …]
                                     [--pipeline analyze|rules]
"""
from __future__ import annotations

import argparse
import signal
import statistics
import sys
import time
from collections.abc import Callable

# --- the texts ----------------------------------------------------------------------------------------

# Invented news paragraphs (no corpus text): reported speech, direct quotes, «по словам», anaphoric cues,
# names, organisations and places, in the proportions of agency news.
NEWS = [
    "Мэр Верхнедольска Олег Сомов заявил в понедельник, что ремонт моста через реку Дольку закончится к "
    "середине августа. По его словам, подрядчик уже получил первые восемь миллионов рублей из городского "
    "бюджета. «Мы не собираемся переносить сроки ещё раз, жители ждали достаточно», — сказал Сомов на "
    "встрече с журналистами.\n\n",
    "Депутат областной думы Анна Крылова сообщила, что комиссия проверит сметы подрядчика. Она добавила, "
    "что в прошлом году стоимость работ выросла почти на треть без объяснений. Как сообщает газета "
    "«Вечерний Верхнедольск», прокуратура области уже запросила документы в мэрии.\n\n",
    "В министерстве транспорта региона рассказали, что движение по мосту будет открыто по одной полосе уже "
    "в июле. «Это временная мера, полностью мост откроется после испытаний», — пояснил заместитель министра "
    "Игорь Валеев. Об этом он рассказал в эфире телеканала «Регион-24».\n\n",
    "Жители соседних улиц жалуются на шум по ночам. Председатель совета дома Марина Лебедева отметила, что "
    "рабочие начинают смену в шесть утра. По словам Лебедевой, управляющая компания обещала поставить "
    "шумозащитные экраны, но так и не сделала этого. Подрядчик от комментариев отказался.\n\n",
]

_WORDS = ("мост бюджет город проект район рынок вокзал парк завод школа больница порт склад театр музей стадион "
          "рубль налог закон отчёт план срок цена заказ").split()


def _cycle(parts: list[str]) -> Callable[[int], str]:
    def unit(i: int) -> str:
        return parts[i % len(parts)]
    return unit


def _word(i: int) -> str:
    return _WORDS[i % len(_WORDS)] + ("" if i < len(_WORDS) else str(i % 97))


KINDS: dict[str, Callable[[int], str]] = {
    # the baseline
    "news": _cycle(NEWS),
    # cue-dense: the same cue over and over, on one line
    "cue_po_slovam": lambda i: "По словам ",
    "cue_zayavil": lambda i: "заявил, что ",
    "cue_named": lambda i: f"Олег Сомов заявил, что {_word(i)} ",
    "cue_sentences": lambda i: f"По словам Сомова, {_word(i)} готов. Об этом он заявил. ",
    "cue_postposed": lambda i: f"{_word(i)} готов, заявил Сомов, ",
    "cue_kak": lambda i: f"как заявил Сомов {_word(i)} ",
    "cue_anaphoric_lines": _cycle(["Мост готов.\n", "Об этом заявил Сомов.\n"]),
    # mark-dense: runs of marks and many short quoted words
    "marks_runs": lambda i: "«« »» ",
    "marks_words": lambda i: f"«{_word(i)}» ",
    "marks_words_cue": lambda i: f"назвал «{_word(i)}», — сказал он. ",
    # quotations signed after a dash, chained on one line, and lines signed by their source
    "marks_dash_chain": lambda i: f"«{_word(i)} {_word(i + 1)} {_word(i + 2)}» — ",
    "signed_lines": lambda i: f"{_word(i)} {_word(i + 1)} {_word(i + 2)}, — МЧС\n",
    # nested and unbalanced marks
    "nested": lambda i: "«слово " if i % 200 < 100 else "слово» ",
    "unbalanced_open": lambda i: f"«{_word(i)} ",
    "unbalanced_close": lambda i: f"{_word(i)}» ",
    "mixed_marks": _cycle(["«", "„", "“", "\"", "»", "”", " слово ", "\" ", "«а» "]),
    # very long paragraphs (sentences, no line break) and lines (no sentence end at all)
    "long_paragraph": lambda i: NEWS[i % len(NEWS)].strip() + " ",
    "long_line": lambda i: f"{_word(i)} ",
    "long_line_commas": lambda i: f"{_word(i)}, ",
    # dash dialogues: many lines opening with a dash
    "dash_dialogue": _cycle(["— Мы готовы начать работы в июле, — сказал Сомов.\n",
                             "— А деньги? — спросила Крылова.\n", "— Деньги есть.\n"]),
    "dash_lines": lambda i: "— да\n",
}


def make(kind: str, kb: float) -> str:
    """A text of `kind` of about `kb` kilobytes of UTF-8."""
    unit = KINDS[kind]
    target = int(kb * 1024)
    parts: list[str] = []
    size = i = 0
    while size < target:
        p = unit(i)
        parts.append(p)
        size += len(p.encode())
        i += 1
    return "".join(parts)


# --- timing -------------------------------------------------------------------------------------------

class _Timeout(Exception):
    pass


def _alarm(signum, frame):  # noqa: ARG001
    raise _Timeout


def timed(fn: Callable[[], object], cap: float) -> float | None:
    """Seconds `fn` takes, or None when it runs past `cap` seconds (interrupted by SIGALRM)."""
    old = signal.signal(signal.SIGALRM, _alarm)
    signal.setitimer(signal.ITIMER_REAL, cap)
    t0 = time.perf_counter()
    try:
        fn()
        return time.perf_counter() - t0
    except _Timeout:
        return None
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, old)


def _analyze():
    from svodka.analyze import analyze
    return analyze


def _rules(article):
    """The analysis up to the rule extractor's quotes (what `analyze` ran before the learned quote model)."""
    from dataclasses import replace

    from svodka.extract.coref import resolve as resolve_coref
    from svodka.extract.entities import group_entities
    from svodka.extract.ner_fix import repair as repair_ner
    from svodka.extract.quotes import extract_quotes
    from svodka.model import Analysis
    from svodka.nlp.pipeline import parse_many

    parsed = parse_many([article.text])[0]
    parsed = replace(parsed, spans=repair_ner(parsed))
    entities = resolve_coref(parsed, group_entities(parsed), article.published)
    return Analysis(id=article.id, title=article.title, published=article.published, url=article.url,
                    source=article.source, entities=entities,
                    quotes=extract_quotes(parsed, entities, article.published))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sizes", type=float, nargs="+", default=[10, 30, 100, 300, 1000], help="sizes in KB")
    ap.add_argument("--max-kb", type=float, default=None, help="leave out sizes above this")
    ap.add_argument("--quick", action="store_true", help="sizes 10, 30, 100 KB, one run each, cap 60 s")
    ap.add_argument("--cap", type=float, default=None, help="seconds per run before giving up (default 120)")
    ap.add_argument("--runs", type=int, default=3, help="runs per point, median reported (only while cheap)")
    ap.add_argument("--kinds", nargs="+", default=list(KINDS), choices=list(KINDS))
    ap.add_argument("--pipeline", choices=("analyze", "rules"), default="analyze",
                    help="analyze: svodka.analyze.analyze (whatever quote extractor it runs); rules: the same "
                         "parse, NER repair and coreference, then the rule extractor extract.quotes.extract_quotes")
    args = ap.parse_args()
    sizes = [10, 30, 100] if args.quick else args.sizes
    if args.max_kb is not None:
        sizes = [s for s in sizes if s <= args.max_kb]
    cap = args.cap if args.cap is not None else (60.0 if args.quick else 120.0)
    runs = 1 if args.quick else args.runs
    kinds = ["news"] + [k for k in args.kinds if k != "news"]

    from svodka.ingest.readers import article_from_text

    analyze = _rules if args.pipeline == "rules" else _analyze()
    try:
        analyze(article_from_text(NEWS[0], "warm", "bench"))  # load the models outside the timing
    except Exception as e:  # noqa: BLE001 - say why and stop
        sys.exit(f"{args.pipeline} does not run here: {type(e).__name__}: {e}"
                 + ("\n(--pipeline rules times the rule extractor alone)" if args.pipeline == "analyze" else ""))

    news_rate: dict[float, float] = {}
    worst = 0.0
    print(f"{'kind':<18} {'KB':>6} {'quotes':>7} {'seconds':>8} {'s per MB':>9} {'x news':>7}")
    for kind in kinds:
        for kb in sizes:
            text = make(kind, kb)
            mb = len(text.encode()) / 2**20
            article = article_from_text(text, f"{kind}-{kb:g}", "bench")
            found: list[int] = []

            def run() -> None:
                found.append(len(analyze(article).quotes))

            times: list[float] = []
            over = False
            for r in range(runs):
                dt = timed(run, cap)
                if dt is None:
                    over = True
                    break
                times.append(dt)
                if dt > 2.0:  # not cheap: one run is enough
                    break
            if over:
                print(f"{kind:<18} {kb:6g} {'':>7} {'> ' + format(cap, 'g'):>8} {'':>9} {'':>7}", flush=True)
                worst = float("inf")
                break  # this kind grows no further
            dt = statistics.median(times)
            rate = dt / mb
            if kind == "news":
                news_rate[kb] = rate
            ratio = rate / news_rate[kb] if news_rate.get(kb) else float("nan")
            if kind != "news":
                worst = max(worst, ratio)
            print(f"{kind:<18} {kb:6g} {found[-1]:7d} {dt:8.2f} {rate:9.2f} {ratio:7.2f}", flush=True)
    print(f"\nworst ratio to news: {worst:.2f} (target ≤ 2)")
    sys.exit(0)


if __name__ == "__main__":
    main()
