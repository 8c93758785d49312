"""`ingest --workers`: the same archive as one process, and a broken article loses only itself."""
import json
import sys
from pathlib import Path

from svodka.archive import Archive

sys.path.insert(0, str(Path(__file__).parents[1] / "benchmarks"))
from kill_test import dump  # noqa: E402

POSTS = [
    {"id": f"p{i}", "source": "Вестник", "published": f"2024-11-0{1 + i % 5}T10:00:00+00:00",
     "text": f"Министр Иван Петров{i} заявил, что мост в Твери откроют в понедельник. Товарооборот вырос на {i} %."}
    for i in range(1, 9)
] + [{"id": "r1", "source": "Курьер", "text": "Министр Иван Петров1 заявил, что мост в Твери откроют в понедельник. "
                                              "Товарооборот вырос на 1 %.", "published": "2024-11-02T10:00:00+00:00"}]


def test_two_workers_store_what_one_process_stores(tmp_path, monkeypatch):
    monkeypatch.setattr("svodka.archive.BATCH", 3)  # several batches in flight
    src = tmp_path / "in.jsonl"
    src.write_text("\n".join(json.dumps(p, ensure_ascii=False) for p in POSTS) + "\n{broken\n", encoding="utf-8")
    reports = {}
    for w in (1, 2):
        with Archive(tmp_path / f"{w}.db") as a:
            reports[w] = a.ingest([str(src)], workers=w)
    assert reports[1].to_dict() == reports[2].to_dict()
    assert (reports[2].new, reports[2].appearances, reports[2].failed) == (8, 1, 1)
    assert dump(tmp_path / "1.db") == dump(tmp_path / "2.db")
    with Archive(tmp_path / "2.db") as a:  # a rerun with workers is a resume: nothing new
        again = a.ingest([str(src)], workers=2)
    assert (again.new, again.stored) == (0, 9)


def _articles():
    from svodka.model import Article
    return [Article(id=p["id"], text=p["text"]) for p in POSTS[:5]]


_FORKED = """
import json, sys
from svodka.model import Article
from svodka.parallel import WorkerPool
posts = json.loads(sys.stdin.read())
arts = [Article(id=p["id"], text=p["text"]) for p in posts]
with WorkerPool(2) as pool:
    got = [r for _, rs in pool.map_ordered([(0, arts[:3]), (1, arts[3:])]) for r in rs]
    print(json.dumps({"forked": pool.forked, "analyses": [an.to_dict() for an, _ in got],
                      "blobs": [p.blob.hex() for _, p in got]}, ensure_ascii=False, default=str))
"""


def test_workers_fork_when_alone_and_spawn_beside_a_thread():
    """Forked workers (models shared with the caller) and spawned ones (models loaded in each) analyse alike;
    with another thread running the pool does not fork. The forked pool runs in a fresh process: this one
    may hold other tests' threads (a web server's)."""
    import os
    import subprocess
    import threading

    from svodka.analyze import analyze_many
    from svodka.parallel import WorkerPool
    from svodka.store.prepared import Prepared

    arts = _articles()
    expected = [a.to_dict() for a in analyze_many(arts)]
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(Path(__file__).parents[1] / "src"),
                                                                       os.environ.get("PYTHONPATH")]))}
    run = subprocess.run([sys.executable, "-c", _FORKED], input=json.dumps(POSTS[:5], ensure_ascii=False),
                         capture_output=True, text=True, env=env, check=True)
    forked = json.loads(run.stdout)
    assert forked["forked"]
    assert forked["analyses"] == json.loads(json.dumps(expected, ensure_ascii=False, default=str))
    # what storing computes from an article alone, computed in the worker, is what the store computes
    assert forked["blobs"] == [Prepared.of(a, an).blob.hex() for a, an in zip(arts, analyze_many(arts))]
    stop = threading.Event()
    other = threading.Thread(target=stop.wait)
    other.start()
    try:
        with WorkerPool(2) as pool:
            assert not pool.forked
            got = [r for _, rs in pool.map_ordered([(0, arts)]) for r in rs]
    finally:
        stop.set()
        other.join()
    assert [an.to_dict() for an, _ in got] == expected
    assert [vars(p) for _, p in got] == [vars(Prepared.of(a, an)) for a, (an, _) in zip(arts, got)]


def test_a_batch_is_analysed_in_pieces_and_put_back_in_order(monkeypatch):
    monkeypatch.setattr("svodka.parallel.PIECE", 2)
    from svodka.parallel import WorkerPool

    arts = _articles()
    with WorkerPool(2) as pool:
        out = list(pool.map_ordered([("a", arts), ("b", arts[:1])]))
    assert [tag for tag, _ in out] == ["a", "b"]
    assert [an.id for an, _ in out[0][1]] == [a.id for a in arts] and [an.id for an, _ in out[1][1]] == [arts[0].id]


def test_the_writer_is_given_the_lemmas_of_the_names_a_worker_parsed():
    # the worker's caches hold the words of the names; the writer's are cold, so it takes them from the worker
    from svodka.analyze import analyze_many
    from svodka.nlp import words
    from svodka.store.prepared import Prepared
    from svodka.model import Article
    art = Article(id="w", text="Министр Иван Куделин заявил, что мост в Твери откроют в понедельник.")
    prep = Prepared.of(art, next(iter(analyze_many([art]))))
    assert prep.name_lemmas["Куделин"] == words.lemma_pair("Куделин")
    assert "куделин" in prep.name_lemmas  # a surname is keyed in lower case too (link/entities.py)
    assert prep.name_lemmas["Твери"] == ("тверь", words.lemmas("Твери"))

    word = "Зябликовой"  # no other test asks for it
    words.lemma.cache_clear(), words.lemmas.cache_clear()
    try:
        with words.given_lemmas({word: ("дано", frozenset({"дано"}))}):
            assert (words.lemma(word), words.lemmas(word)) == ("дано", frozenset({"дано"}))
        words.lemma.cache_clear(), words.lemmas.cache_clear()
        assert words.lemma(word) != "дано"  # after the block pymorphy answers again
    finally:
        words.lemma.cache_clear(), words.lemmas.cache_clear()


def test_what_a_worker_sends_keeps_the_signature_not_the_shingles():
    """The shingles are read once, into the MinHash signature; the writer compares signatures, so neither a
    worker's results nor `svodka load`'s prepared lines carry them."""
    from svodka.analyze import analyze_many
    from svodka.model import Article
    from svodka.stories.documents import document
    from svodka.stories.online import signature
    from svodka.store.prepared import Prepared, from_json, to_json

    art = Article(id="s", text="Власти Твери закрыли мост через Волгу на ремонт. Движение по нему откроют к осени, "
                               "сообщили в администрации города.")
    an = next(iter(analyze_many([art])))
    prep = Prepared.of(art, an)
    full = document(art, an)
    assert prep.document.shingles is None and full.shingles
    assert prep.signature == signature(full) is not None
    loaded = from_json(art, an, to_json(art, an, prep))
    assert loaded.document.shingles is None and loaded.signature == prep.signature
    assert vars(loaded.document) == vars(prep.document)


def test_the_last_batches_are_cut_small_and_nothing_is_lost_or_reordered():
    from svodka.parallel import with_small_tail

    batches = [list(range(k * 64, k * 64 + 64)) for k in range(3)] + [list(range(192, 202))]
    out = list(with_small_tail(batches, size=8, last=2))
    assert out[:2] == batches[:2]
    assert [len(b) for b in out[2:]] == [8] * 8 + [8, 2]
    assert [x for b in out for x in b] == list(range(202))
    assert [len(b) for b in with_small_tail([[1, 2, 3]], size=2, last=2)] == [2, 1]
    assert list(with_small_tail([], size=8)) == []


def test_small_batches_keep_as_many_articles_in_flight_as_large_ones(monkeypatch):
    """Read-ahead is counted in articles: batches of one article do not leave the workers waiting on the writer
    after a handful of batches."""
    from svodka.parallel import IN_FLIGHT, PIECE, WorkerPool

    arts = _articles()
    read = []

    def items():
        for k in range(300):
            read.append(k)
            yield k, arts[:1]

    with WorkerPool(2) as pool:
        out = pool.map_ordered(items())
        first = next(out)
        ahead = len(read)
        rest = list(out)
    assert first[0] == 0 and [t for t, _ in rest] == list(range(1, 300))
    # a batch of one article weighs two (its article and itself): at most IN_FLIGHT pieces a worker
    assert 8 < ahead <= IN_FLIGHT * PIECE * 2 // 2 + 1
