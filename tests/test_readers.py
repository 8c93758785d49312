import json
from datetime import datetime

from svodka.ingest.decode import DecodeError, decode
from svodka.ingest.readers import ReadOptions, read_sources
from svodka.model import Article, IngestError

ARTICLE = ("Токаев провел телефонный разговор с Мирзиёевым\n\n18:40 02/04/2024\n\n"
           "Президент Казахстана Касым-Жомарт Токаев обсудил с президентом Узбекистана "
           "Шавкатом Мирзиёевым строительство новой гидроэлектростанции.\n")


def split(items):
    arts = [i for i in items if isinstance(i, Article)]
    errs = [i for i in items if isinstance(i, IngestError)]
    return arts, errs


def test_text_file_id_is_file_name(tmp_path):
    p = tmp_path / "017_tokaev.txt"
    p.write_text(ARTICLE, encoding="utf-8")
    (art,), errs = split(list(read_sources([str(p)])))
    assert not errs
    assert art.id == "017_tokaev"
    assert art.title.startswith("Токаев провел")
    assert art.published == datetime(2024, 4, 2, 18, 40)
    assert art.encoding is None


def test_cyrillic_code_pages_are_detected(tmp_path):
    for enc, name in [("cp1251", "windows-1251"), ("koi8_r", "KOI8-R")]:
        p = tmp_path / f"{enc}.txt"
        p.write_bytes(ARTICLE.encode(enc))
        (art,), errs = split(list(read_sources([str(p)])))
        assert not errs
        assert art.text == ARTICLE
        assert art.encoding == name


def test_binary_and_empty_files_are_reported_by_name(tmp_path):
    (tmp_path / "blob.txt").write_bytes(bytes(range(256)) * 20)
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "good.txt").write_text(ARTICLE, encoding="utf-8")
    arts, errs = split(list(read_sources([str(tmp_path)])))
    assert [a.id for a in arts] == ["good"]
    msgs = {e.origin.rsplit("/", 1)[-1]: e.message for e in errs}
    assert "binary" in msgs["blob.txt"]
    assert "empty" in msgs["empty.txt"]


def test_jsonl_bad_line_is_reported_with_line_number_and_the_rest_is_read(tmp_path):
    p = tmp_path / "batch.jsonl"
    lines = [
        json.dumps({"id": "a", "text": "Мэр Москвы Сергей Собянин открыл станцию.", "published": "2024-02-03T10:00:00"}),
        '{"id": "b", "text": "обрыв строки',
        json.dumps({"id": "c"}),
        "",
        json.dumps({"id": "d", "text": "Глава МИД Сергей Лавров прибыл в Анкару.", "title": "Лавров в Анкаре",
                    "url": "https://example.org/d", "source": "example"}),
        json.dumps({"id": "e", "text": "Текст.", "published": "вчера"}),
    ]
    p.write_text("\n".join(lines) + "\n", encoding="utf-8")
    arts, errs = split(list(read_sources([str(p)])))
    assert [a.id for a in arts] == ["a", "d"]
    assert arts[0].published == datetime(2024, 2, 3, 10, 0)
    assert arts[1].title == "Лавров в Анкаре" and arts[1].url == "https://example.org/d"
    assert [e.origin for e in errs] == [f"{p}:2", f"{p}:3", f"{p}:6"]
    assert "malformed JSON" in errs[0].message
    assert "'text'" in errs[1].message
    assert "published" in errs[2].message


def test_a_jsonl_file_is_read_line_by_line_and_a_line_in_another_code_page_is_that_lines_error(tmp_path, monkeypatch):
    from svodka.ingest import readers
    monkeypatch.setattr(readers, "HEAD_BYTES", 64)  # decide on the first line only, as on a megabyte of a dump
    good = [json.dumps({"id": f"n{i}", "text": f"Новость номер {i}: глава района Иван Петров открыл школу."},
                       ensure_ascii=False) for i in range(3)]
    # a separator of lines inside a string is JSON, not a line break: one article
    inside = json.dumps({"id": "sep", "text": "Первая строка\u2028вторая строка."}, ensure_ascii=False)
    p = tmp_path / "dump.jsonl"
    p.write_bytes(b"\xef\xbb\xbf" + "\n".join(good[:2]).encode() + b"\n"
                  + json.dumps({"id": "cp", "text": "Мэр Москвы"}, ensure_ascii=False).encode("cp1251") + b"\r\n"
                  + good[2].encode() + b"\r\n" + inside.encode() + b"\n")
    items = readers.read_sources([str(p)])
    first = next(items)
    assert first.id == "n0" and first.origin == f"{p}:1"  # read before the rest of the file is
    arts, errs = split([first, *items])
    assert [a.id for a in arts] == ["n0", "n1", "n2", "sep"]
    assert arts[3].text == "Первая строка\u2028вторая строка."
    assert [e.origin for e in errs] == [f"{p}:3"] and "UTF-8" in errs[0].message


def test_a_jsonl_file_in_a_legacy_code_page_is_still_read_whole_and_a_binary_one_is_one_error(tmp_path):
    p = tmp_path / "old.jsonl"
    p.write_bytes((json.dumps({"id": "a", "text": ARTICLE}, ensure_ascii=False) + "\n").encode("cp1251"))
    (art,), errs = split(list(read_sources([str(p)])))
    assert not errs and art.text == ARTICLE and art.encoding == "windows-1251"
    blob = tmp_path / "blob.jsonl"
    blob.write_bytes(b"\x00\x01\n" * 500)  # UTF-8, but no text
    arts, errs = split(list(read_sources([str(blob)])))
    assert not arts and len(errs) == 1 and "binary" in errs[0].message


MIXED = ('{"id": "s1", "text": "Мэр Москвы Сергей Собянин открыл станцию."}\n'.encode()
         + '{"id": "s2", "text": "Мэр Москвы"}\n'.encode("cp1251")
         + '{"id": "s3", "text": "Глава МИД Сергей Лавров прибыл в Анкару."}\n'.encode())


def test_jsonl_that_no_one_encoding_reads_loses_only_its_lines_in_another_code_page(tmp_path):
    p = tmp_path / "mixed.jsonl"
    p.write_bytes(MIXED)
    arts, errs = split(list(read_sources([str(p)])))
    assert [a.id for a in arts] == ["s1", "s3"]
    assert [e.origin for e in errs] == [f"{p}:2"] and "UTF-8" in errs[0].message


def test_jsonl_on_standard_input_is_read_as_a_file_is(tmp_path):
    import subprocess
    import sys
    res = subprocess.run([sys.executable, "-c", "from svodka.cli import main; main()", "ingest", "-", "--db",
                          str(tmp_path / "a.db")], input=MIXED, capture_output=True, timeout=300, check=False)
    err = res.stderr.decode()
    assert "2 new" in err and "1 failed" in err and "not UTF-8" in err, err


def test_oversized_article_is_skipped_with_a_hint(tmp_path):
    p = tmp_path / "huge.txt"
    p.write_text("Слово " * 50_000, encoding="utf-8")
    (tmp_path / "ok.txt").write_text(ARTICLE, encoding="utf-8")
    arts, errs = split(list(read_sources([str(tmp_path)], ReadOptions(max_chars=100_000))))
    assert [a.id for a in arts] == ["ok"]
    assert "--max-chars" in errs[0].message and errs[0].origin.endswith("huge.txt")


def test_missing_paths_and_empty_globs(tmp_path):
    _, errs = split(list(read_sources([str(tmp_path / "nope.txt"), str(tmp_path / "*.txt")])))
    assert "no such file" in errs[0].message
    assert "no file matches" in errs[1].message


def test_decode_utf8_bom_and_garbage():
    assert decode("\ufeffПривет".encode("utf-8")) == ("Привет", "utf-8-sig")
    try:
        decode(b"\x00\x01\x02\x03" * 100)
    except DecodeError as e:
        assert "binary" in str(e)
    else:
        raise AssertionError("binary input decoded")


def test_compressed_files_are_read_as_what_they_hold(tmp_path):
    import bz2
    import gzip
    import lzma
    lines = [json.dumps({"id": "a1", "text": ARTICLE}, ensure_ascii=False), "{broken",
             json.dumps({"id": "a2", "text": ARTICLE.replace("Токаев", "Назарбаев")}, ensure_ascii=False)]
    (tmp_path / "day.jsonl.gz").write_bytes(gzip.compress("\n".join(lines).encode("utf-8")))
    (tmp_path / "017_tokaev.txt.bz2").write_bytes(bz2.compress(ARTICLE.encode("utf-8")))
    (tmp_path / "old.txt.xz").write_bytes(lzma.compress(ARTICLE.encode("cp1251")))
    (tmp_path / "backup.tar.gz").write_bytes(gzip.compress(b"not articles"))  # no format svodka reads
    arts, errs = split(list(read_sources([str(tmp_path)])))
    assert sorted(a.id for a in arts) == ["017_tokaev", "a1", "a2", "old"]
    assert [e.origin for e in errs] == [f"{tmp_path / 'day.jsonl.gz'}:2"]  # the bad line, by its number
    assert next(a for a in arts if a.id == "old").encoding == "windows-1251"


def test_a_truncated_compressed_file_keeps_what_was_read_before_the_damage(tmp_path):
    import gzip
    lines = [json.dumps({"id": f"a{i}", "text": ARTICLE + "x" * 5000 + str(i)}, ensure_ascii=False)
             for i in range(40)]
    whole = gzip.compress("\n".join(lines).encode("utf-8"))
    cut = tmp_path / "cut.jsonl.gz"
    cut.write_bytes(whole[:len(whole) // 2])
    arts, errs = split(list(read_sources([str(cut), str(tmp_path / "cut.jsonl.gz")])))
    assert 0 < len(arts) < 2 * 40
    assert [a.id for a in arts[:3]] == ["a0", "a1", "a2"]
    assert len(errs) == 2 and all(e.origin == str(cut) and "truncated" in e.message for e in errs)
    broken = tmp_path / "broken.txt.gz"
    broken.write_bytes(b"\x1f\x8b not gzip at all")
    arts, errs = split(list(read_sources([str(broken)])))
    assert not arts and errs[0].origin == str(broken) and "damaged" in errs[0].message


def test_ingest_counts_a_compressed_dumps_articles_for_its_progress_and_stores_them(tmp_path):
    import gzip

    from typer.testing import CliRunner

    from svodka.archive import Archive
    from svodka.cli import app
    from svodka.cli.archive import estimate_total
    lines = [json.dumps({"id": f"a{i}", "text": ARTICLE.replace("18:40", f"18:{i:02d}")}, ensure_ascii=False)
             for i in range(3)]
    dump = tmp_path / "day.jsonl.gz"
    dump.write_bytes(gzip.compress(("\n".join(lines) + "\n").encode("utf-8")))
    assert estimate_total([str(dump)]) == 3
    db = str(tmp_path / "a.db")
    result = CliRunner().invoke(app, ["ingest", str(dump), "--db", db])
    assert result.exit_code == 0, result.output
    with Archive(db) as a:
        assert a.store.conn.execute("SELECT COUNT(*) FROM articles").fetchone()[0] == 3


def test_compressed_standard_input_is_read_as_what_it_holds():
    import gzip
    import lzma

    from typer.testing import CliRunner

    from svodka.cli import app
    lines = "\n".join(json.dumps({"id": f"a{i}", "text": ARTICLE}, ensure_ascii=False) for i in range(2))
    for data, ids in ((gzip.compress(lines.encode("utf-8")), ["a0", "a1"]),
                      (lzma.compress(ARTICLE.encode("utf-8")), ["<stdin>"])):
        res = CliRunner().invoke(app, ["analyze", "-", "-f", "jsonl"], input=data)
        assert res.exit_code == 0, res.output
        assert [json.loads(line)["id"] for line in res.stdout.splitlines()] == ids
    cut = gzip.compress("\n".join([lines] * 50).encode("utf-8"))
    res = CliRunner().invoke(app, ["analyze", "-", "-f", "jsonl"], input=cut[:len(cut) // 2])
    assert "<stdin>: damaged or truncated compressed file" in res.stderr
