"""The SQLite schema as a list of migrations; `PRAGMA user_version` records how many have been applied.

Never edit a migration that has shipped: add the next one. A migration only touches the schema and the data
in it: an SQL script or, where SQL cannot say it, a function of the connection that uses nothing but what is
frozen in this module, so a shipped migration gives the same result whatever the live rules become. Work
that needs the live rules (re-linking the entities of an archive by link/entities.py) is a *task*: a
migration records it in `store_tasks`, and the store runs it (`migrate(tasks=…)`) right after the
migrations, in the same transaction. An upgrade is one transaction with its version bump and its tasks, so a
crash or an error mid-upgrade leaves the previous version intact.

This module imports nothing of the store: the backend imports it.
"""
from __future__ import annotations

import sqlite3
from collections.abc import Callable

# unicode61 would fold «й» to «и» by default; the text is lemmatised and lowercased before it gets there.
_FTS = "tokenize = 'unicode61 remove_diacritics 0'"

MIGRATIONS: list[str | Callable[[sqlite3.Connection], None]] = [
    # 1: articles, their analyses, quotes, entities, full-text indexes over lemmas
    f"""
    CREATE TABLE articles (
        id INTEGER PRIMARY KEY,
        ext_id TEXT NOT NULL,          -- the id the article came with (file name, JSONL id, feed entry id)
        url TEXT UNIQUE,
        text_hash TEXT NOT NULL,       -- of the normalised text: the identity of an article without a URL
        title TEXT,
        published TEXT,                -- ISO 8601, as given (naive or with offset)
        source TEXT,
        origin TEXT,
        text TEXT NOT NULL,
        analysis BLOB NOT NULL,        -- zlib-compressed JSON of Analysis.to_dict(), for export
        ingested TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%S', 'now'))
    );
    CREATE INDEX articles_hash ON articles(text_hash);
    CREATE INDEX articles_published ON articles(published);

    -- One row per distinct name; entity aliases and quote speakers point here, and names_fts finds them
    -- by any inflected form.
    CREATE TABLE names (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL UNIQUE
    );
    CREATE VIRTUAL TABLE names_fts USING fts5(terms, {_FTS});

    -- `key` is (type, folded canonical name) until a cross-article registry supplies its own ids.
    CREATE TABLE entities (
        id INTEGER PRIMARY KEY,
        key TEXT NOT NULL UNIQUE,
        type TEXT NOT NULL,
        name TEXT NOT NULL
    );

    CREATE TABLE article_entities (
        article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
        entity_id INTEGER NOT NULL REFERENCES entities(id),
        mentions INTEGER NOT NULL,
        PRIMARY KEY (entity_id, article_id)
    ) WITHOUT ROWID;
    CREATE INDEX article_entities_article ON article_entities(article_id);

    -- surface forms per article, so that replacing an article takes its forms with it
    CREATE TABLE entity_forms (
        article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
        entity_id INTEGER NOT NULL REFERENCES entities(id),
        name_id INTEGER NOT NULL REFERENCES names(id),
        n INTEGER NOT NULL,
        PRIMARY KEY (entity_id, name_id, article_id)
    ) WITHOUT ROWID;
    CREATE INDEX entity_forms_article ON entity_forms(article_id);
    CREATE INDEX entity_forms_name ON entity_forms(name_id);

    CREATE TABLE quotes (
        id INTEGER PRIMARY KEY,
        article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
        published TEXT,                -- the article's, copied so time-ordered quote queries use one index
        kind TEXT NOT NULL,
        start INTEGER NOT NULL,
        "end" INTEGER NOT NULL,
        text TEXT NOT NULL,
        speaker_name_id INTEGER REFERENCES names(id),
        speaker_type TEXT,
        entity_id INTEGER REFERENCES entities(id),
        cue TEXT,
        mention_start INTEGER,
        mention_end INTEGER,
        mention_text TEXT
    );
    CREATE INDEX quotes_article ON quotes(article_id);
    CREATE INDEX quotes_entity ON quotes(entity_id, published);
    CREATE INDEX quotes_speaker ON quotes(speaker_name_id, published);
    CREATE INDEX quotes_published ON quotes(published);

    CREATE VIRTUAL TABLE articles_fts USING fts5(title, body, {_FTS});
    CREATE VIRTUAL TABLE quotes_fts USING fts5(body, {_FTS});
    """,
    # 2: mention totals per entity, kept in step with article_entities by the store, so that the most
    # mentioned entities are an index read instead of a scan of every mention (seconds at 200,000 articles)
    """
    CREATE TABLE entity_counts (
        entity_id INTEGER PRIMARY KEY REFERENCES entities(id),
        mentions INTEGER NOT NULL,
        articles INTEGER NOT NULL
    );
    INSERT INTO entity_counts (entity_id, mentions, articles)
        SELECT entity_id, SUM(mentions), COUNT(*) FROM article_entities GROUP BY entity_id;
    CREATE INDEX entity_counts_mentions ON entity_counts(mentions DESC);
    """,
    # 3: one entity per person across articles: the tables of store/identity.py, and (for an archive with
    # articles) the task of linking them again by the rules of the day (identity.relink)
    lambda conn: _identity(conn),
    # 4: every place and time a stored text was published (reposts across channels), and the hash of a
    # post's clean view, which finds a repost whose channel footer differs
    lambda conn: _appearances(conn),
    # 5: what kind of statement each quote is and whether its cue is negated («не подтвердил, что …»), so
    # that no listing shows a denied clause as the speaker's claim. Quotes stored before stay NULL (unknown):
    # a migration does not re-run the analysis.
    """
    ALTER TABLE quotes ADD COLUMN cue_kind TEXT;
    ALTER TABLE quotes ADD COLUMN negated INTEGER;
    """,
    # 6: the article's date on each of its mentions, kept in step by the store, so that an entity's mention
    # timeline is one index range instead of a visit to every article row naming it (full text and
    # analysis: 60-70 ms for a person named in 28,603 articles). `mentions` is in the index so the timeline
    # never reads the table either.
    """
    ALTER TABLE article_entities ADD COLUMN published TEXT;
    UPDATE article_entities SET published = (SELECT a.published FROM articles a WHERE a.id = article_id);
    CREATE INDEX article_entities_published ON article_entities(entity_id, published, mentions);
    """,
    # 7: when each quote was said (`said_at`: the day the text gives, else the article's publication time,
    # `said_at_from` says which), and the dates and figures of each article. Quote listings are ordered and
    # filtered by `said_at`, so its indexes replace the ones on the copied publication time. Quotes stored
    # before get their article's time (what they were listed by until now); their articles' dates and
    # figures stay empty until re-ingested: a migration does not re-run the analysis.
    f"""
    ALTER TABLE quotes ADD COLUMN said_at TEXT;
    ALTER TABLE quotes ADD COLUMN said_at_from TEXT;
    UPDATE quotes SET said_at = published, said_at_from = CASE WHEN published IS NULL THEN NULL ELSE 'published' END;
    DROP INDEX quotes_entity;
    DROP INDEX quotes_speaker;
    DROP INDEX quotes_published;
    CREATE INDEX quotes_entity ON quotes(entity_id, said_at);
    CREATE INDEX quotes_speaker ON quotes(speaker_name_id, said_at);
    CREATE INDEX quotes_said_at ON quotes(said_at);

    CREATE TABLE dates (
        id INTEGER PRIMARY KEY,
        article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
        quote_id INTEGER REFERENCES quotes(id) ON DELETE CASCADE,  -- the quote the date is inside, if any
        start INTEGER NOT NULL,
        "end" INTEGER NOT NULL,
        text TEXT NOT NULL,
        value TEXT,
        first TEXT,
        last TEXT,
        grain TEXT,
        resolution TEXT NOT NULL,
        kind TEXT NOT NULL,
        time TEXT
    );
    CREATE INDEX dates_article ON dates(article_id);
    CREATE INDEX dates_first ON dates(first);

    CREATE TABLE figures (
        id INTEGER PRIMARY KEY,
        article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
        quote_id INTEGER REFERENCES quotes(id) ON DELETE CASCADE,
        published TEXT,                -- the article's, copied for time-ordered listings
        start INTEGER NOT NULL,
        "end" INTEGER NOT NULL,
        text TEXT NOT NULL,
        value REAL NOT NULL,
        value_max REAL,
        unit TEXT,
        qualifier TEXT,
        kind TEXT NOT NULL,
        direction TEXT,
        about TEXT,
        entity_id INTEGER REFERENCES entities(id)
    );
    CREATE INDEX figures_article ON figures(article_id);
    CREATE INDEX figures_published ON figures(published);
    CREATE INDEX figures_entity ON figures(entity_id, published);
    -- what a figure measures, by any inflected form («товарооборота» finds «товарооборот»)
    CREATE VIRTUAL TABLE figures_fts USING fts5(about, {_FTS});
    """,
    # 8: whom each quote is about (the entities named inside it, by name, title or pronoun), so that
    # `quotes --about` finds a person by any alias or title and an entity's page says who talks about it.
    # Quotes stored before have none until re-ingested: a migration does not re-run the analysis.
    """
    CREATE TABLE quote_about (
        entity_id INTEGER NOT NULL REFERENCES entities(id),
        quote_id INTEGER NOT NULL REFERENCES quotes(id) ON DELETE CASCADE,
        PRIMARY KEY (entity_id, quote_id)
    ) WITHOUT ROWID;
    CREATE INDEX quote_about_quote ON quote_about(quote_id);
    """,
    # 9: a surname-only person merged into the full name an article tied it to keeps its id as a redirect,
    # so links and `#ID`s made before still lead to the person
    """
    CREATE TABLE entity_redirects (
        old_id INTEGER PRIMARY KEY,
        new_id INTEGER NOT NULL REFERENCES entities(id)
    );
    """,
    # 10: the titles articles give people by apposition («президент Казахстана Касым-Жомарт Токаев»), so that
    # a title the roles file does not know still finds whoever the archive learnt holds it at a quote's date.
    # Articles stored before have none until re-ingested: a migration does not re-run the analysis.
    """
    CREATE TABLE entity_titles (
        title_key TEXT NOT NULL,       -- the title's lemmas («президент казахстан»): every inflected form's
        entity_id INTEGER NOT NULL REFERENCES entities(id),
        article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
        title TEXT NOT NULL,           -- in the nominative, as the article wrote its qualifier
        day TEXT NOT NULL,             -- the article's publication day, YYYY-MM-DD
        PRIMARY KEY (title_key, entity_id, article_id)
    ) WITHOUT ROWID;
    CREATE INDEX entity_titles_entity ON entity_titles(entity_id);
    CREATE INDEX entity_titles_article ON entity_titles(article_id);
    """,
    # 11: stories kept at ingest (stories/online.py): each new article's story and what later articles are
    # compared with; the archive's document frequencies. Articles stored before get no story (a migration
    # does not re-run the analysis): a window holding any of them is clustered when asked, as
    # `svodka stories --recluster` does, and the frequencies count from the upgrade on.
    """
    CREATE TABLE stories (
        id INTEGER PRIMARY KEY,
        first TEXT,                    -- UTC times (online.utc_text) of its first and last article
        last TEXT,
        articles INTEGER NOT NULL
    );
    CREATE TABLE article_stories (
        article_id INTEGER PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
        story_id INTEGER NOT NULL REFERENCES stories(id),
        at TEXT,                       -- the article's publication time in UTC: the window is a range of it
        original INTEGER,              -- the article whose text it repeats (a near-duplicate), NULL if none
        vector BLOB NOT NULL,          -- zlib-compressed JSON: its TF-IDF weights, computed when it was stored
        entities TEXT NOT NULL,        -- JSON: the names of its people, organisations and places, lowercased
        minhash BLOB                   -- its MinHash values (64 × uint64); NULL when too short to be a copy
    );
    CREATE INDEX article_stories_at ON article_stories(at);
    CREATE INDEX article_stories_story ON article_stories(story_id, at);
    -- how many stored articles hold each lemma; the row '' (no lemma is empty) how many were counted
    CREATE TABLE story_terms (
        term TEXT PRIMARY KEY,
        docs INTEGER NOT NULL
    ) WITHOUT ROWID;
    """,
]

SCHEMA_VERSION = len(MIGRATIONS)

# Version 3. Entities were keyed by (type, name), so «Путин» and «Владимир Путин» were two; now the rules of
# link/entities.py decide, as each article is stored. `entities.key` becomes the key of the entity's
# canonical name (link.entities.entity_key), and entity_keys holds the other ways a new mention finds it.
ENTITY_KEYS = """
CREATE TABLE entity_keys (
    kind TEXT NOT NULL,            -- surname: a surname form of a person with a full name («путин», «путина»)
                                   -- form: «TYPE:lemmas» of a form an organisation or place was written in
    key TEXT NOT NULL,
    entity_id INTEGER NOT NULL REFERENCES entities(id),
    PRIMARY KEY (kind, key, entity_id)
) WITHOUT ROWID;
-- a form names one entity: the first written so
CREATE UNIQUE INDEX entity_keys_form ON entity_keys(key) WHERE kind = 'form';
"""


# Work a migration leaves for the live code (see the module's docstring): one row per task, removed when done.
TASKS = """
CREATE TABLE store_tasks (name TEXT PRIMARY KEY);
INSERT INTO store_tasks (name) SELECT 'relink' WHERE EXISTS (SELECT 1 FROM articles);
"""


def _identity(conn: sqlite3.Connection) -> None:
    for stmt in statements(ENTITY_KEYS) + statements(TASKS):
        conn.execute(stmt)


# Version 4. Only DDL and copied columns: the clean hashes of articles stored before stay NULL (computing them
# would run the cleaning rules inside a migration), so those articles are found by their exact text only.
APPEARANCES = """
CREATE TABLE appearances (
    article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    post TEXT NOT NULL,            -- which post this is: its URL, else its source and input id (post_key)
    source TEXT,
    source_key TEXT,               -- the source case-folded (source_key), so --source matches in any case
    published TEXT,
    url TEXT,
    ext_id TEXT,
    PRIMARY KEY (article_id, post)
) WITHOUT ROWID;
CREATE INDEX appearances_post ON appearances(post);
CREATE INDEX appearances_source ON appearances(source_key, article_id);
ALTER TABLE articles ADD COLUMN clean_hash TEXT;
CREATE INDEX articles_clean_hash ON articles(clean_hash) WHERE clean_hash IS NOT NULL;
"""


# Migration 4's copies of keys.source_key and keys.post_key as they were when it shipped: frozen here, so that
# changing the live ones never changes what this migration writes.
def _source_key_v4(source: str | None) -> str | None:
    return " ".join(source.casefold().replace("ё", "е").split()) if source else None


def _post_key_v4(url: str | None, source: str | None, ext_id: str) -> str:
    return url if url else f"id:{source or ''}\x1f{ext_id}"


def _appearances(conn: sqlite3.Connection) -> None:
    for stmt in statements(APPEARANCES):
        conn.execute(stmt)
    conn.create_function("svodka_source_key", 1, _source_key_v4, deterministic=True)
    conn.create_function("svodka_post_key", 3, _post_key_v4, deterministic=True)
    conn.execute("INSERT INTO appearances (article_id, post, source, source_key, published, url, ext_id) "
                 "SELECT id, svodka_post_key(url, source, ext_id), source, svodka_source_key(source), published, "
                 "url, ext_id FROM articles")


class SchemaError(RuntimeError):
    pass


def statements(script: str) -> list[str]:
    out, buf = [], ""
    for line in script.splitlines(keepends=True):
        buf += line
        if sqlite3.complete_statement(buf):
            out.append(buf.strip())
            buf = ""
    if buf.strip():
        out.append(buf.strip())
    return out


def version(conn: sqlite3.Connection) -> int:
    return conn.execute("PRAGMA user_version").fetchone()[0]


def pending(path: str) -> tuple[int, int] | None:
    """(its schema version, its articles) when the SQLite file at `path` will be upgraded on open, so that
    a caller can say so first: re-linking a large archive takes minutes. None otherwise, or if unreadable."""
    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    except sqlite3.Error:
        return None
    try:
        had = version(conn)
        if not 0 < had < SCHEMA_VERSION:
            return None
        return had, conn.execute("SELECT COUNT(*) FROM articles").fetchone()[0]
    except sqlite3.Error:
        return None
    finally:
        conn.close()


def migrate(conn: sqlite3.Connection, path: str,
            tasks: dict[str, Callable[[sqlite3.Connection], None]] | None = None) -> int:
    """Bring the database up to SCHEMA_VERSION and run the tasks its migrations left (`tasks`: name → the
    live code that does it), all in one transaction; return the version it had. `conn` is in autocommit
    mode."""
    had = version(conn)
    if had > SCHEMA_VERSION:
        raise SchemaError(f"{path}: database schema version {had} is newer than this svodka "
                          f"understands ({SCHEMA_VERSION}); upgrade svodka")
    if had == SCHEMA_VERSION:
        return had
    conn.execute("BEGIN IMMEDIATE")
    try:
        # another process may have migrated while this one waited for the lock
        for target in range(version(conn) + 1, SCHEMA_VERSION + 1):
            step = MIGRATIONS[target - 1]
            if callable(step):  # a migration that needs Python (lemmas, frozen keys), not just SQL
                step(conn)
            else:
                for stmt in statements(step):
                    conn.execute(stmt)
            conn.execute(f"PRAGMA user_version = {target}")
        if conn.execute("SELECT 1 FROM sqlite_master WHERE name = 'store_tasks'").fetchone():
            for (name,) in conn.execute("SELECT name FROM store_tasks ORDER BY name").fetchall():
                if not tasks or name not in tasks:
                    raise SchemaError(f"{path}: the upgrade needs the task {name!r}, which this store cannot run")
                tasks[name](conn)
                conn.execute("DELETE FROM store_tasks WHERE name = ?", (name,))
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    return had
