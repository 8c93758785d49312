"""Latency of the web pages and their JSON API equivalents under load, on an archive of 100,000 articles or more.

The archive is synthetic, built the way query_latency.py builds its own (copies of analysed articles, each
with its own id, URL and date) but without running the NLP models at all: a few invented articles are
written as templates whose people, organisations and places are slots, and each copy fills the slots from
invented pools (400 people, 60 organisations, 40 places; people picked with Zipf weights, so the most quoted
person is named in more than a quarter of the articles, as a head of state is) and gets a date in 2015–2024. The
analysis of each copy (entity mentions, quotes with their speakers) is written from the template's own spans,
so it is exact. The archive is cached (default .bench/web_latency.db) and reused when it holds enough articles.

Then `svodka serve` runs on 127.0.0.1 on a free port, and an asyncio + httpx client loads, one page at a time:

    person   /entities/{name}       and /api/entities/{name}?quotes=30   (people picked with the same weights)
    article  /articles/{key}        and /api/articles/{key}              (random stored articles)
    search   /search?q=…            and /api/search?q=…                  (surnames in other cases, words, pairs)

first with 1 client, then with 20 concurrent ones, each phase bounded by --seconds and --requests. Every
request goes to 127.0.0.1 only. It prints requests, median, p95 and max latency in ms and errors per page and
concurrency, and stops the server at the end.

    python benchmarks/web_latency.py [--articles 100000] [--db PATH] [--rebuild] [--seconds 20] [--requests 2000]
"""
from __future__ import annotations

import argparse
import asyncio
import os
import random
import re
import signal
import socket
import statistics
import subprocess
import sys
import time
from datetime import datetime, timedelta
from pathlib import Path
from urllib.parse import quote as urlquote

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_DB = ROOT / ".bench" / "web_latency.db"
HOST = "127.0.0.1"  # the only address this script ever talks to

# --- invented pools -----------------------------------------------------------------------------------------

FIRST = ["Аркадий", "Борис", "Вадим", "Геннадий", "Добрыня", "Евстафий", "Жорж", "Захар", "Игнат", "Кирилл",
         "Лаврентий", "Мирон", "Никанор", "Онуфрий", "Платон", "Родион", "Савва", "Тарас", "Ульян", "Феофан"]
# invented surnames in -ов/-ин (genitive adds «а», dative «у»), 40 of them, shared by several people
STEMS = ["Брусник", "Вереск", "Гречишник", "Дубрав", "Ежевичник", "Жимолост", "Зверобоев", "Иволг", "Калин",
         "Лапчатк", "Медуниц", "Незабудк", "Облепих", "Подорожник", "Ромашк", "Синиц", "Тимофеевк", "Хвощ",
         "Чистотел", "Шиповник"]
SURNAMES = [stem + suffix for suffix in ("ов", "ин") for stem in STEMS]


def people(n: int = 400) -> list[tuple[str, str]]:
    """(full name, surname) pairs, all distinct, in a fixed order (the first are the most quoted)."""
    rng = random.Random(11)
    pairs = [(f, s) for f in FIRST for s in SURNAMES]
    rng.shuffle(pairs)
    return [(f"{f} {s}", s) for f, s in pairs[:n]]


ORGS = [f"{kind} «{word}»" for kind in ("компания", "банк", "фонд") for word in
        ("Альтаир", "Бетельгейзе", "Вега", "Денеб", "Капелла", "Мицар", "Поллукс", "Ригель", "Сириус", "Спика",
         "Антарес", "Процион", "Кастор", "Альдебаран", "Фомальгаут", "Арктур", "Регул", "Беллатрикс", "Альгол",
         "Мирфак")]
PLACES = ["Верхнеозёрск", "Нижнекаменск", "Светлогорье", "Березань", "Красноборск", "Ольховка", "Сосновец",
          "Заречинск", "Липецово", "Кедровый", "Новоуральцево", "Старополье", "Белокаменка", "Дальнеозёрный",
          "Ясногорск", "Малахитово", "Ручейск", "Северодольск", "Тихомирово", "Южноборск", "Зеленодар",
          "Осинники-Новые", "Гранитный", "Лесногорье", "Приозёрское", "Каменный Брод", "Сокольники-Верхние",
          "Рябиновка", "Вишнёвогорск", "Топольск", "Ивановское-Нижнее", "Полесск", "Морошково", "Ковыльное",
          "Луговское", "Черёмухово", "Ракитное", "Клёново", "Дубки-Дальние", "Гореловка"]

# Templates: [[A]] person A's full name, [[A.s]] A's surname, [[O]] an organisation, [[C]] a place;
# {{A:direct|cue}}…{{/}} a quote of A (its words are the span), {{B:indirect|cue}}…{{/}} likewise.
TEMPLATES = [
    ("[[A]] пообещал поддержать строителей в [[C]]",
     "[[A]] пообещал поддержать строителей в [[C]]\n\nВо вторник [[A]] посетил площадку нового моста в [[C]]. "
     "«{{A:direct|заявил}}Мост откроют до конца года, денег на это хватит{{/}}», — заявил [[A.s]] журналистам. "
     "По его словам, {{A:indirect|по словам}}подрядчик [[O]] уже получил первый аванс{{/}}. "
     "[[B]] в ответ сказал, что {{B:indirect|сказал}}сроки сдачи моста нереалистичны и их придётся перенести{{/}}. "
     "«{{B:direct|добавил}}Мы видели такие обещания и раньше, строительство всегда затягивалось{{/}}», — добавил [[B.s]]."),
    ("[[O]] отчиталась о росте выручки",
     "[[O]] отчиталась о росте выручки\n\nВыручка [[O]] за квартал выросла на двенадцать процентов. "
     "Глава совета директоров [[A]] заявил, что {{A:indirect|заявил}}рост обеспечили поставки в [[C]] и "
     "снижение издержек{{/}}. «{{A:direct|сказал}}Дивиденды будут выше, чем в прошлом году{{/}}», — сказал [[A.s]]. "
     "Аналитик [[B]] считает, что {{B:indirect|считает}}инвесторы ждали большего{{/}}."),
    ("В [[C]] прошли переговоры о поставках зерна",
     "В [[C]] прошли переговоры о поставках зерна\n\n[[A]] и [[B]] обсудили в [[C]] условия поставок зерна и "
     "удобрений. «{{A:direct|подчеркнул}}Мы договорились о цене на три года вперёд{{/}}», — подчеркнул [[A.s]] "
     "после переговоров. [[B.s]] опроверг, что {{B:indirect|опроверг}}контракт уже подписан{{/}}, и отметил, что "
     "{{B:indirect|отметил}}представители [[O]] ещё изучают документы{{/}}."),
    ("[[A]] раскритиковал реформу здравоохранения",
     "[[A]] раскритиковал реформу здравоохранения\n\nВыступая в [[C]], [[A]] назвал реформу поспешной. "
     "«{{A:direct|сказал}}Больницы в малых городах закрываются быстрее, чем открываются новые поликлиники{{/}}», — "
     "сказал [[A.s]]. Ему возразил [[B]]: «{{B:direct|возразил}}Число врачей на селе за год выросло, а очереди "
     "стали короче{{/}}». [[O]] поддержал реформу."),
    ("[[B]]: цены на жильё в [[C]] стабилизируются",
     "[[B]]: цены на жильё в [[C]] стабилизируются\n\nЦены на новостройки в [[C]] перестанут расти к весне, "
     "считает [[B]]. «{{B:direct|считает}}Спрос на ипотеку упал, застройщики снижают цены{{/}}», — пояснил [[B.s]]. "
     "[[A]] напомнил, что {{A:indirect|напомнил}}льготная ипотека продлена до конца следующего года{{/}}, а "
     "[[A.s]] пообещал {{A:indirect|пообещал}}новые кредитные программы для молодых семей{{/}}."),
    ("Суд в [[C]] отложил рассмотрение иска [[O]]",
     "Суд в [[C]] отложил рассмотрение иска [[O]]\n\nАрбитражный суд в [[C]] отложил заседание по иску [[O]] "
     "к подрядчику. Адвокат [[A]] заявил, что {{A:indirect|заявил}}его доверитель готов к мировому соглашению{{/}}. "
     "«{{B:direct|ответил}}Никакого соглашения не будет, пока долг не погашен{{/}}», — ответил представитель "
     "истца [[B]]."),
]
# words of the templates, for searches («мостом», «выручке»), in forms the texts do not use
SEARCH_WORDS = ["мостом", "выручке", "зерну", "реформой", "ипотеке", "дивидендами", "переговорах", "поликлиникам",
                "застройщиков", "соглашением", "удобрениями", "больницах"]
TOKEN = re.compile(r"\[\[(A|B|O|C)(\.s)?\]\]|\{\{(A|B):(direct|indirect)\|([^}]*)\}\}|\{\{/\}\}")


def render(template: str, slots: dict[str, tuple[str, str]]):
    """Text, mention spans per slot, quotes (slot, kind, cue, start, end)."""
    out: list[str] = []
    pos = 0
    spans: dict[str, list[tuple[int, int, str, str]]] = {k: [] for k in slots}
    quotes: list[list] = []
    open_q: list | None = None
    last = 0
    for m in TOKEN.finditer(template):
        piece = template[last:m.start()]
        out.append(piece)
        pos += len(piece)
        last = m.end()
        if m.group(1):
            full, short = slots[m.group(1)]
            word = short if m.group(2) else full
            spans[m.group(1)].append((pos, pos + len(word), word, "surname" if m.group(2) else "name"))
            out.append(word)
            pos += len(word)
        elif m.group(3):
            open_q = [m.group(3), m.group(4), m.group(5), pos, None]
        else:
            open_q[4] = pos
            quotes.append(open_q)
            open_q = None
    out.append(template[last:])
    return "".join(out), spans, quotes


def build(db: Path, target: int, seed: int = 7) -> None:
    from functools import lru_cache

    from svodka.archive import text_hash
    from svodka.ingest.readers import article_from_text
    from svodka.model import Analysis, Entity, Mention, Quote
    from svodka.store import Entry, terms
    from svodka.store.sqlite import SQLiteStore

    terms.index_text = lru_cache(maxsize=50_000)(terms.index_text)
    rng = random.Random(seed)
    pool = people()
    weights = [1 / (r + 1) for r in range(len(pool))]
    start = datetime(2015, 1, 1)
    store = SQLiteStore(db)
    t0 = time.perf_counter()
    batch: list = []
    types = {"A": "PER", "B": "PER", "O": "ORG", "C": "LOC"}
    for k in range(target):
        ti = k % len(TEMPLATES)
        title_t, body_t = TEMPLATES[ti]
        a, b = rng.choices(range(len(pool)), weights, k=2)
        while b == a:
            b = rng.choices(range(len(pool)), weights)[0]
        org = rng.choice(ORGS)
        slots = {"A": pool[a], "B": pool[b], "O": (org, org), "C": (p := rng.choice(PLACES), p)}
        text, spans, qs = render(body_t, slots)
        when = start + timedelta(minutes=rng.randrange(10 * 365 * 24 * 60))
        art = article_from_text(text, f"synth-{k}", f"synthetic:{k}")
        art.published, art.url = when, f"https://synthetic.example/{k}"
        art.source = ["Вестник", "Курьер", "Ведомости Ручейска"][k % 3]
        ents = []
        for slot, ss in spans.items():
            if ss:
                ents.append(Entity(f"e{slot}", types[slot], slots[slot][0],
                                   [Mention(s, e, w, kind) for s, e, w, kind in ss]))
        quotes = [Quote(kind, s, e, text[s:e], slots[who][0], "person", f"e{who}", cue)
                  for who, kind, cue, s, e in qs]
        an = Analysis(art.id, art.title, when, ents, quotes, url=art.url, source=art.source)
        batch.append(Entry(art, an, f"{text_hash(text)}-{k}"))
        if len(batch) >= 2000 or k == target - 1:
            store.save(batch)
            batch = []
            print(f"\rbuilding: {k + 1:,} articles, {(k + 1) / (time.perf_counter() - t0):,.0f} articles/s",
                  end="", file=sys.stderr)
    print(file=sys.stderr)
    store.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    store.conn.execute("ANALYZE")
    store.close()


# --- load ---------------------------------------------------------------------------------------------------

def free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


def pct(xs: list[float], p: float) -> float:
    xs = sorted(xs)
    return xs[min(len(xs) - 1, int(round(p / 100 * (len(xs) - 1))))]


def targets(n_articles: int, stored: set[str], rng: random.Random):
    """For each page: a function giving the next (html path, api path)."""
    ranked = [(p, 1 / (r + 1)) for r, p in enumerate(people())]
    pool = [p for p, _ in ranked if p[0] in stored]  # the people the archive holds, with the build's weights
    weights = [w for p, w in ranked if p[0] in stored]

    def person():
        name = rng.choices(pool, weights)[0][0]
        ref = urlquote(name)
        return f"/entities/{ref}", f"/api/entities/{ref}?quotes=30"

    def article():
        key = rng.randint(1, n_articles)
        return f"/articles/{key}", f"/api/articles/{key}"

    def search():
        r = rng.random()
        if r < 0.4:
            q = rng.choices(pool, weights)[0][1] + "а"  # a surname in the genitive
        elif r < 0.8:
            q = rng.choice(SEARCH_WORDS)
        else:
            q = f"{rng.choices(pool, weights)[0][1]}у {rng.choice(SEARCH_WORDS)}"
        q = urlquote(q)
        return f"/search?q={q}", f"/api/search?q={q}"

    return {"person": person, "article": article, "search": search}


async def phase(base: str, make, clients: int, seconds: float, max_requests: int):
    import httpx

    lat: list[float] = []
    errors: list[str] = []
    sent = 0
    deadline = time.perf_counter() + seconds

    async def worker(client):
        nonlocal sent
        while sent < max_requests and time.perf_counter() < deadline:
            sent += 1
            path = make()
            t0 = time.perf_counter()
            try:
                r = await client.get(path)
                ms = (time.perf_counter() - t0) * 1000
                if r.status_code != 200:
                    errors.append(f"{r.status_code} {path}")
                else:
                    lat.append(ms)
            except httpx.HTTPError as e:
                errors.append(f"{type(e).__name__} {path}")

    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)
    async with httpx.AsyncClient(base_url=base, timeout=60, limits=limits, trust_env=False) as client:
        t0 = time.perf_counter()
        await asyncio.gather(*(worker(client) for _ in range(clients)))
        took = time.perf_counter() - t0
    return lat, errors, took


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--db", type=Path, default=DEFAULT_DB)
    ap.add_argument("--articles", type=int, default=100_000)
    ap.add_argument("--rebuild", action="store_true")
    ap.add_argument("--seconds", type=float, default=20, help="bound of each phase in seconds")
    ap.add_argument("--requests", type=int, default=2000, help="bound of each phase in requests")
    ap.add_argument("--clients", type=int, nargs="+", default=[1, 20])
    ap.add_argument("--pages", nargs="+", default=["person", "article", "search"])
    args = ap.parse_args()

    from svodka.archive import Archive

    need = args.rebuild or not args.db.exists()
    if not need:
        with Archive(args.db) as a:
            need = a.stats()["articles"] < args.articles
    if need:
        for p in (args.db, Path(f"{args.db}-wal"), Path(f"{args.db}-shm")):
            p.unlink(missing_ok=True)
        args.db.parent.mkdir(parents=True, exist_ok=True)
        t0 = time.perf_counter()
        build(args.db, args.articles)
        print(f"built in {time.perf_counter() - t0:.0f} s", file=sys.stderr)
    with Archive(args.db) as a:
        st = a.stats()
        stored = {e.name for e in a.entities(type="PER", top=1000)}
    size = args.db.stat().st_size
    print(f"archive {args.db}: {st['articles']:,} articles, {st['quotes']:,} quotes, {st['entities']:,} entities, "
          f"{size / 2**20:,.0f} MiB")

    port = free_port()
    base = f"http://{HOST}:{port}"
    svodka = Path(sys.executable).with_name("svodka")
    cmd = [str(svodka), "serve", "--db", str(args.db), "--host", HOST, "--port", str(port)]
    log = open(args.db.parent / "web_latency.server.log", "w")
    env = {k: v for k, v in os.environ.items() if k != "SVODKA_TOKEN"}
    server = subprocess.Popen(cmd, stdout=log, stderr=subprocess.STDOUT, env=env)
    failed = False
    try:
        import httpx

        t0 = time.perf_counter()
        while True:
            if server.poll() is not None:
                sys.exit(f"FAILED: the server exited with {server.returncode}; see {log.name}")
            try:
                if httpx.get(f"{base}/api", timeout=2, trust_env=False).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if time.perf_counter() - t0 > 60:
                sys.exit(f"FAILED: no answer from {base} in 60 s; see {log.name}")
            time.sleep(0.3)
        print(f"server: {' '.join(cmd)} (ready in {time.perf_counter() - t0:.1f} s)")
        rng = random.Random(3)
        make = targets(st["articles"], stored, rng)
        # warm-up: the first requests load pymorphy and the templates, which is not latency
        asyncio.run(phase(base, lambda: make["search"]()[0], 1, 5, 5))
        asyncio.run(phase(base, lambda: make["person"]()[0], 1, 5, 5))
        print(f"each phase: at most {args.seconds:g} s or {args.requests:,} requests; latency in ms of the "
              f"successful requests")
        print(f"{'page':<22}{'clients':>8}{'requests':>10}{'req/s':>8}{'median':>9}{'p95':>9}{'max':>9}{'errors':>8}")
        for clients in args.clients:
            for page in args.pages:
                for which, label in ((0, "HTML"), (1, "API")):
                    lat, errors, took = asyncio.run(
                        phase(base, lambda: make[page]()[which], clients, args.seconds, args.requests))
                    n = len(lat) + len(errors)
                    name = f"{page} {label}"
                    if lat:
                        print(f"{name:<22}{clients:>8}{n:>10}{n / took:>8.1f}{statistics.median(lat):>9.1f}"
                              f"{pct(lat, 95):>9.1f}{max(lat):>9.1f}{len(errors):>8}")
                    else:
                        print(f"{name:<22}{clients:>8}{n:>10}{'':>8}{'-':>9}{'-':>9}{'-':>9}{len(errors):>8}")
                    if errors:
                        failed = True
                        print(f"  FAILED requests: {len(errors)}, e.g. {errors[:3]}")
                    if server.poll() is not None:
                        sys.exit(f"FAILED: the server died during {name} ({server.returncode}); see {log.name}")
    finally:
        if server.poll() is None:
            server.send_signal(signal.SIGINT)
            try:
                server.wait(15)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait()
        log.close()
    print("server stopped; " + ("SOME REQUESTS FAILED (see above and the server log)" if failed else "no errors"))
    if failed:
        sys.exit(1)


if __name__ == "__main__":
    main()
