"""Annotations kept as ids and offsets rebuild into gold with text, and refuse a changed corpus text."""
import importlib.util
import json
from pathlib import Path

import pytest

SCRIPT = Path(__file__).resolve().parents[1] / "scripts" / "rebuild_gold.py"


@pytest.fixture()
def rebuild(tmp_path, monkeypatch):
    spec = importlib.util.spec_from_file_location("rebuild_gold", SCRIPT)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    monkeypatch.setattr(mod, "DATA", tmp_path / "data")
    return mod


def write_corpus(tmp_path, text):
    d = tmp_path / "data" / "news"
    d.mkdir(parents=True, exist_ok=True)
    (d / "c.jsonl").write_text(json.dumps({"id": "a1", "text": text}, ensure_ascii=False) + "\n", encoding="utf-8")


def test_pack_keeps_no_text_and_rebuild_restores_it(tmp_path, rebuild):
    text = "Мэр Тулы Олег Сомов заявил, что мост откроют в мае."
    write_corpus(tmp_path, text)
    q = "мост откроют в мае"
    gold = tmp_path / "gold.jsonl"
    gold.write_text(json.dumps({"id": "a1", "text": text, "quotes": [
        {"kind": "indirect", "start": text.index(q), "end": text.index(q) + len(q), "text": q,
         "speaker": "Олег Сомов", "speaker_type": "person", "cue": "заявил"}]}, ensure_ascii=False), encoding="utf-8")
    ann = tmp_path / "ann.jsonl"
    rebuild.pack(gold, "news/c.jsonl", ann, set())
    kept = ann.read_text(encoding="utf-8")
    assert q not in kept and "Мэр Тулы" not in kept
    out = tmp_path / "out.jsonl"
    assert rebuild.rebuild(ann, out) == 1
    rec = json.loads(out.read_text(encoding="utf-8"))
    assert rec["text"] == text and rec["quotes"][0]["text"] == q


def test_a_changed_corpus_text_is_an_error(tmp_path, rebuild):
    write_corpus(tmp_path, "Другой текст.")
    ann = tmp_path / "ann.jsonl"
    ann.write_text(json.dumps({"id": "a1", "corpus": "news/c.jsonl", "sha1": "0" * 40, "quotes": []}) + "\n",
                   encoding="utf-8")
    with pytest.raises(SystemExit, match="changed since it was annotated"):
        rebuild.rebuild(ann, tmp_path / "out.jsonl")
