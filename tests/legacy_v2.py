"""Archives as svodka wrote them before entity identity (schema versions 1 and 2), for migration tests.

`old_archive` builds the schema from the shipped migrations and stores articles the way the version 2
store did: one entity per (type, folded name), so «Путин» and «Владимир Путин» are two. The writing code
is a copy of that store's, kept here because the package no longer has it.
"""
import json
import sqlite3
import zlib
from collections import Counter

from svodka.archive import text_hash
from svodka.store import schema, terms


def old_archive(path, pairs, version=2):
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA foreign_keys = ON")
    for script in schema.MIGRATIONS[:version]:
        assert isinstance(script, str)
        for stmt in schema.statements(script):
            conn.execute(stmt)
    conn.execute(f"PRAGMA user_version = {version}")
    for art, an in pairs:
        conn.execute("BEGIN IMMEDIATE")
        _save(conn, art, an, counts=version >= 2)
        conn.execute("COMMIT")
    conn.close()


def _iso(dt):
    return dt.isoformat() if dt else None


def _name_id(c, name):
    row = c.execute("SELECT id FROM names WHERE name = ?", (name,)).fetchone()
    if row:
        return row[0]
    nid = c.execute("INSERT INTO names (name) VALUES (?)", (name,)).lastrowid
    c.execute("INSERT INTO names_fts (rowid, terms) VALUES (?, ?)", (nid, terms.index_text(name)))
    return nid


def _entity_id(c, type, name):
    key = f"{type}:{terms.name_key(name)}"
    row = c.execute("SELECT id FROM entities WHERE key = ?", (key,)).fetchone()
    return row[0] if row else c.execute("INSERT INTO entities (key, type, name) VALUES (?, ?, ?)",
                                        (key, type, name)).lastrowid


def _save(c, art, an, counts):
    blob = zlib.compress(json.dumps(an.to_dict(), ensure_ascii=False).encode("utf-8"), 6)
    key = c.execute(
        "INSERT INTO articles (ext_id, url, text_hash, title, published, source, origin, text, analysis) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (art.id, art.url, text_hash(art.text), art.title, _iso(art.published), art.source, art.origin, art.text,
         blob)).lastrowid
    body = art.text[art.body_start:] if art.title and art.body_start else art.text
    c.execute("INSERT INTO articles_fts (rowid, title, body) VALUES (?, ?, ?)",
              (key, terms.index_text(art.title or ""), terms.index_text(body)))
    local = {}
    for e in an.entities:
        eid = _entity_id(c, e.type, e.name)
        local[e.id] = eid
        new_pair = c.execute("SELECT 1 FROM article_entities WHERE entity_id = ? AND article_id = ?",
                             (eid, key)).fetchone() is None
        c.execute("INSERT INTO article_entities (article_id, entity_id, mentions) VALUES (?, ?, ?) "
                  "ON CONFLICT DO UPDATE SET mentions = mentions + excluded.mentions", (key, eid, len(e.mentions)))
        if counts:
            c.execute("INSERT INTO entity_counts (entity_id, mentions, articles) VALUES (?, ?, ?) "
                      "ON CONFLICT DO UPDATE SET mentions = mentions + excluded.mentions, "
                      "articles = articles + excluded.articles", (eid, len(e.mentions), int(new_pair)))
        for form, n in Counter(m.text for m in e.mentions if m.kind in ("name", "surname")).items():
            c.execute("INSERT INTO entity_forms (article_id, entity_id, name_id, n) VALUES (?, ?, ?, ?) "
                      "ON CONFLICT DO UPDATE SET n = n + excluded.n", (key, eid, _name_id(c, form), n))
    by_name = {terms.name_key(e.name): local[e.id] for e in an.entities if e.type == "PER"}
    published = _iso(art.published or an.published)
    for q in sorted(an.quotes, key=lambda q: (q.start, q.end)):
        eid = local.get(q.speaker_entity or "")
        if eid is None and q.speaker:
            eid = by_name.get(terms.name_key(q.speaker))
        m = q.mention
        qid = c.execute(
            'INSERT INTO quotes (article_id, published, kind, start, "end", text, speaker_name_id, '
            "speaker_type, entity_id, cue, mention_start, mention_end, mention_text) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (key, published, q.kind, q.start, q.end, q.text, _name_id(c, q.speaker) if q.speaker else None,
             q.speaker_type, eid, q.cue, m.start if m else None, m.end if m else None, m.text if m else None),
        ).lastrowid
        c.execute("INSERT INTO quotes_fts (rowid, body) VALUES (?, ?)", (qid, terms.index_text(q.text)))
