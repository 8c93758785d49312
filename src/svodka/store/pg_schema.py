"""The PostgreSQL schema as its own list of migrations; the table `svodka_schema` records how many have run.

It started where the SQLite schema was then (its version 9) rather than replaying SQLite's history: there are no
PostgreSQL archives of older versions to upgrade. Never edit a migration that has shipped: add the next one.
An upgrade is one transaction, taken under an advisory lock so that two processes opening a new database at
once do not both create it.

Choices that make PostgreSQL answer as SQLite does:
- every text column collates as "C" (code point order, what SQLite's BINARY gives), whatever the database's
  default collation, so ORDER BY a name and comparisons of ISO dates agree;
- ids are given by the store as SQLite gives them (one above the largest; see postgres.py), not by sequences;
- indexes on columns that may be NULL put NULLs first, where SQLite sorts them (postgres.py writes NULLS
  FIRST / LAST into each ORDER BY to match);
- the full-text tables keep the lemma terms of `terms.index_text` (the same tokens SQLite's FTS5 indexes)
  with a tsvector of them for matching; fts_postings (schema 5) the same terms as an inverted index with
  the counts bm25 needs, which search reads.

This module imports nothing of the store: the backend imports it.
"""
from __future__ import annotations

T = 'TEXT COLLATE "C"'
# fts_postings' B-tree, as migration 5 builds it; `svodka migrate` drops and builds it again around its bulk
# load. Part of a shipped migration: a B-tree of another shape is a new migration, not an edit of this.
POSTINGS_KEY = ("ALTER TABLE fts_postings ADD CONSTRAINT fts_postings_pkey "
                "PRIMARY KEY (term_id, rowid) INCLUDE (tf, ntokens)")

# A migration is one SQL text, or (what it does, SQL) steps that `postgres.migrate` reports as it runs them.
MIGRATIONS: list[str | tuple[tuple[str, str], ...]] = [
    # 1: the schema of SQLite's version 9, full-text tables as tsvectors over lemma terms
    f"""
    CREATE TABLE articles (
        id BIGINT PRIMARY KEY,
        ext_id {T} NOT NULL,
        url {T} UNIQUE,
        text_hash {T} NOT NULL,
        title {T},
        published {T},
        source {T},
        origin {T},
        text {T} NOT NULL,
        analysis BYTEA NOT NULL,
        ingested {T} NOT NULL DEFAULT to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS'),
        clean_hash {T}
    );
    CREATE INDEX articles_hash ON articles(text_hash);
    CREATE INDEX articles_published ON articles(published NULLS FIRST);
    CREATE INDEX articles_clean_hash ON articles(clean_hash) WHERE clean_hash IS NOT NULL;

    CREATE TABLE names (
        id BIGINT PRIMARY KEY,
        name {T} NOT NULL UNIQUE
    );

    CREATE TABLE entities (
        id BIGINT PRIMARY KEY,
        key {T} NOT NULL UNIQUE,
        type {T} NOT NULL,
        name {T} NOT NULL
    );

    CREATE TABLE article_entities (
        article_id BIGINT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
        entity_id BIGINT NOT NULL REFERENCES entities(id),
        mentions INTEGER NOT NULL,
        published {T},
        PRIMARY KEY (entity_id, article_id)
    );
    CREATE INDEX article_entities_article ON article_entities(article_id);
    CREATE INDEX article_entities_published ON article_entities(entity_id, published NULLS FIRST, mentions);

    CREATE TABLE entity_forms (
        article_id BIGINT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
        entity_id BIGINT NOT NULL REFERENCES entities(id),
        name_id BIGINT NOT NULL REFERENCES names(id),
        n INTEGER NOT NULL,
        PRIMARY KEY (entity_id, name_id, article_id)
    );
    CREATE INDEX entity_forms_article ON entity_forms(article_id);
    CREATE INDEX entity_forms_name ON entity_forms(name_id);

    CREATE TABLE entity_counts (
        entity_id BIGINT PRIMARY KEY REFERENCES entities(id),
        mentions INTEGER NOT NULL,
        articles INTEGER NOT NULL
    );
    CREATE INDEX entity_counts_mentions ON entity_counts(mentions DESC);

    CREATE TABLE entity_keys (
        kind {T} NOT NULL,
        key {T} NOT NULL,
        entity_id BIGINT NOT NULL REFERENCES entities(id),
        PRIMARY KEY (kind, key, entity_id)
    );
    CREATE UNIQUE INDEX entity_keys_form ON entity_keys(key) WHERE kind = 'form';
    CREATE INDEX entity_keys_entity ON entity_keys(entity_id);

    CREATE TABLE entity_redirects (
        old_id BIGINT PRIMARY KEY,
        new_id BIGINT NOT NULL REFERENCES entities(id)
    );

    CREATE TABLE quotes (
        id BIGINT PRIMARY KEY,
        article_id BIGINT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
        published {T},
        kind {T} NOT NULL,
        start INTEGER NOT NULL,
        "end" INTEGER NOT NULL,
        text {T} NOT NULL,
        speaker_name_id BIGINT REFERENCES names(id),
        speaker_type {T},
        entity_id BIGINT REFERENCES entities(id),
        cue {T},
        mention_start INTEGER,
        mention_end INTEGER,
        mention_text {T},
        cue_kind {T},
        negated INTEGER,
        said_at {T},
        said_at_from {T}
    );
    CREATE INDEX quotes_article ON quotes(article_id);
    CREATE INDEX quotes_entity ON quotes(entity_id, said_at NULLS FIRST);
    CREATE INDEX quotes_speaker ON quotes(speaker_name_id, said_at NULLS FIRST);
    CREATE INDEX quotes_said_at ON quotes(said_at NULLS FIRST);

    CREATE TABLE quote_about (
        entity_id BIGINT NOT NULL REFERENCES entities(id),
        quote_id BIGINT NOT NULL REFERENCES quotes(id) ON DELETE CASCADE,
        PRIMARY KEY (entity_id, quote_id)
    );
    CREATE INDEX quote_about_quote ON quote_about(quote_id);

    CREATE TABLE appearances (
        article_id BIGINT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
        post {T} NOT NULL,
        source {T},
        source_key {T},
        published {T},
        url {T},
        ext_id {T},
        PRIMARY KEY (article_id, post)
    );
    CREATE INDEX appearances_post ON appearances(post);
    CREATE INDEX appearances_source ON appearances(source_key, article_id);

    CREATE TABLE dates (
        id BIGINT PRIMARY KEY,
        article_id BIGINT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
        quote_id BIGINT REFERENCES quotes(id) ON DELETE CASCADE,
        start INTEGER NOT NULL,
        "end" INTEGER NOT NULL,
        text {T} NOT NULL,
        value {T},
        first {T},
        last {T},
        grain {T},
        resolution {T} NOT NULL,
        kind {T} NOT NULL,
        time {T}
    );
    CREATE INDEX dates_article ON dates(article_id);
    CREATE INDEX dates_first ON dates(first NULLS FIRST);

    CREATE TABLE figures (
        id BIGINT PRIMARY KEY,
        article_id BIGINT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
        quote_id BIGINT REFERENCES quotes(id) ON DELETE CASCADE,
        published {T},
        start INTEGER NOT NULL,
        "end" INTEGER NOT NULL,
        text {T} NOT NULL,
        value DOUBLE PRECISION NOT NULL,
        value_max DOUBLE PRECISION,
        unit {T},
        qualifier {T},
        kind {T} NOT NULL,
        direction {T},
        about {T},
        entity_id BIGINT REFERENCES entities(id)
    );
    CREATE INDEX figures_article ON figures(article_id);
    CREATE INDEX figures_published ON figures(published NULLS FIRST);
    CREATE INDEX figures_entity ON figures(entity_id, published NULLS FIRST);

    -- Full-text tables: `rowid` is the id of the indexed row (as in SQLite's FTS5 tables), the text columns
    -- the lemma terms, space-separated; `tsv` their set for matching (built from the terms as they are, no
    -- parser or dictionary); `ntokens` how many terms, which bm25 weighs a row by; `freq` each term's count,
    -- weighted by its column (an article's title twice its body), what bm25 sums for a term.
    CREATE TABLE articles_fts (rowid BIGINT PRIMARY KEY, title {T} NOT NULL, body {T} NOT NULL,
                               ntokens INTEGER NOT NULL, tsv TSVECTOR NOT NULL, freq JSONB NOT NULL);
    CREATE INDEX articles_fts_tsv ON articles_fts USING GIN (tsv);
    CREATE TABLE quotes_fts (rowid BIGINT PRIMARY KEY, body {T} NOT NULL, ntokens INTEGER NOT NULL,
                             tsv TSVECTOR NOT NULL, freq JSONB NOT NULL);
    CREATE INDEX quotes_fts_tsv ON quotes_fts USING GIN (tsv);
    CREATE TABLE figures_fts (rowid BIGINT PRIMARY KEY, about {T} NOT NULL, ntokens INTEGER NOT NULL,
                              tsv TSVECTOR NOT NULL, freq JSONB NOT NULL);
    CREATE INDEX figures_fts_tsv ON figures_fts USING GIN (tsv);
    CREATE TABLE names_fts (rowid BIGINT PRIMARY KEY, terms {T} NOT NULL, ntokens INTEGER NOT NULL,
                            tsv TSVECTOR NOT NULL, freq JSONB NOT NULL);
    CREATE INDEX names_fts_tsv ON names_fts USING GIN (tsv);
    -- rows and terms of each full-text table, and how many rows of a ranked one (articles, quotes) hold
    -- each term: what FTS5 keeps in its index, and bm25 needs (document count, average length, document
    -- frequency), without counting over the index per search. Kept by the store, once per batch: a row
    -- updated per indexed row would grow a chain of versions within the batch's transaction.
    CREATE TABLE fts_totals (name {T} PRIMARY KEY, rows BIGINT NOT NULL, tokens BIGINT NOT NULL);
    INSERT INTO fts_totals (name, rows, tokens) VALUES ('articles_fts', 0, 0), ('quotes_fts', 0, 0),
                                                       ('figures_fts', 0, 0), ('names_fts', 0, 0);
    CREATE TABLE fts_terms (name {T} NOT NULL, term {T} NOT NULL, rows BIGINT NOT NULL, PRIMARY KEY (name, term));

    -- how many write transactions have committed: a writer that sees another's tells its entity caches
    -- to forget (what SQLite's PRAGMA data_version tells)
    CREATE TABLE svodka_writes (n BIGINT NOT NULL);
    INSERT INTO svodka_writes (n) VALUES (0);
    """,
    # 2: SQLite's version 10, the titles articles give people by apposition
    f"""
    CREATE TABLE entity_titles (
        title_key {T} NOT NULL,
        entity_id BIGINT NOT NULL REFERENCES entities(id),
        article_id BIGINT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
        title {T} NOT NULL,
        day {T} NOT NULL,
        PRIMARY KEY (title_key, entity_id, article_id)
    );
    CREATE INDEX entity_titles_entity ON entity_titles(entity_id);
    CREATE INDEX entity_titles_article ON entity_titles(article_id);
    """,
    # 3: stories kept at ingest, as SQLite's version 11 (see schema.py): articles stored before get none
    f"""
    CREATE TABLE stories (
        id BIGINT PRIMARY KEY,
        first {T},
        last {T},
        articles INTEGER NOT NULL
    );
    CREATE TABLE article_stories (
        article_id BIGINT PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
        story_id BIGINT NOT NULL REFERENCES stories(id),
        at {T},
        original BIGINT,
        vector BYTEA NOT NULL,
        entities {T} NOT NULL,
        minhash BYTEA
    );
    CREATE INDEX article_stories_at ON article_stories(at NULLS FIRST);
    CREATE INDEX article_stories_story ON article_stories(story_id, at NULLS FIRST);
    CREATE TABLE story_terms (
        term {T} PRIMARY KEY,
        docs BIGINT NOT NULL
    );
    """,
    # 4: what ranking and the quote queries read is in the index rows themselves, out of TOAST. An article's
    # `freq` kept every term's count (4 KB of JSONB, stored out of line): ranking 2,000 matches read 2,000
    # of them, 100 ms. It now keeps the counts other than 1, uncompressed (1.4 KB on average: read in the
    # row, not inflated once per term looked up); a term the row holds that `freq` does not name counts once,
    # and which rows hold it is the GIN index's answer. A quote's row gets its `said_at`, so a
    # word's quotes in time order are the GIN bitmap ANDed with a said_at range, not a heap visit per match.
    # Steps, each reported: on a million quotes the table copies take minutes.
    (
        ("articles_fts: counts of 1 left out of freq", """
        SET LOCAL maintenance_work_mem = '256MB';
        DROP INDEX articles_fts_tsv;
        ALTER TABLE articles_fts ALTER COLUMN freq SET STORAGE MAIN;
        UPDATE articles_fts SET freq = COALESCE(
            (SELECT jsonb_object_agg(k, v) FROM jsonb_each(freq) AS e(k, v) WHERE v <> '1'), '{}');
        """),
        ("articles_fts: GIN index rebuilt", "CREATE INDEX articles_fts_tsv ON articles_fts USING GIN (tsv)"),
        ("quotes_fts: copied with each quote's said_at", f"""
        CREATE TABLE quotes_fts_v4 (rowid BIGINT PRIMARY KEY, body {T} NOT NULL, ntokens INTEGER NOT NULL,
                                    tsv TSVECTOR NOT NULL, freq JSONB NOT NULL, said_at {T});
        INSERT INTO quotes_fts_v4 (rowid, body, ntokens, tsv, freq, said_at)
            SELECT f.rowid, f.body, f.ntokens, f.tsv, f.freq, q.said_at FROM quotes_fts f
            LEFT JOIN quotes q ON q.id = f.rowid ORDER BY f.rowid;
        DROP TABLE quotes_fts;
        ALTER TABLE quotes_fts_v4 RENAME TO quotes_fts;
        ALTER INDEX quotes_fts_v4_pkey RENAME TO quotes_fts_pkey;
        """),
        ("quotes_fts: GIN and said_at indexes", """
        CREATE INDEX quotes_fts_tsv ON quotes_fts USING GIN (tsv);
        CREATE INDEX quotes_fts_said_at ON quotes_fts (said_at NULLS FIRST);
        """),
        # the said_at histogram is what the quote queries size their ranges by
        ("statistics", "ANALYZE articles_fts; ANALYZE quotes_fts"),
    ),
    # 5: search reads an inverted index, not the index rows. Ranking a word's 2,000 newest matches read 2,000
    # heap pages of articles_fts and as many of quotes_fts (the GIN index gives row addresses, never values):
    # 25–60 ms from the OS cache, most of a search's time. fts_postings holds one B-tree entry per term of a
    # row, (term, row) with the term's weighted count and the row's length in the entry itself, so a term's
    # newest matches with all bm25 needs of them are an index-only range scan: a few pages. Terms are
    # numbered (fts_terms.id) to keep an entry at 32 bytes. `freq`, which ranking read, goes: the counts are
    # in the postings. The GIN indexes stay for the quote queries, which test one quote at a time.
    (
        ("fts_terms: each term numbered, every indexed term listed", """
        ALTER TABLE fts_terms ADD COLUMN id BIGINT GENERATED BY DEFAULT AS IDENTITY;
        INSERT INTO fts_terms (name, term, rows)
            SELECT DISTINCT 'articles_fts', x, 0 FROM articles_fts, unnest(tsvector_to_array(tsv)) AS x
            UNION ALL SELECT DISTINCT 'quotes_fts', x, 0 FROM quotes_fts, unnest(tsvector_to_array(tsv)) AS x
            ON CONFLICT DO NOTHING;
        """),
        ("fts_postings: each term of each article and quote, with its count", """
        SET LOCAL work_mem = '64MB';
        -- vacuumed after every 1% more postings: an index-only scan visits the heap for each entry on a
        -- page not yet marked all-visible, and search reads the newest postings first
        CREATE TABLE fts_postings (term_id BIGINT NOT NULL, rowid BIGINT NOT NULL, tf INTEGER NOT NULL,
                                   ntokens INTEGER NOT NULL) WITH (autovacuum_vacuum_insert_scale_factor = 0.01);
        INSERT INTO fts_postings (term_id, rowid, tf, ntokens)
            SELECT t.id, f.rowid, COALESCE(CAST(f.freq ->> x AS INTEGER), 1), f.ntokens
            FROM articles_fts f CROSS JOIN unnest(tsvector_to_array(f.tsv)) AS x
            JOIN fts_terms t ON t.name = 'articles_fts' AND t.term = x;
        INSERT INTO fts_postings (term_id, rowid, tf, ntokens)
            SELECT t.id, f.rowid, COALESCE(CAST(f.freq ->> x AS INTEGER), 1), f.ntokens
            FROM quotes_fts f CROSS JOIN unnest(tsvector_to_array(f.tsv)) AS x
            JOIN fts_terms t ON t.name = 'quotes_fts' AND t.term = x;
        """),
        ("fts_postings: its B-tree", f"""
        SET LOCAL maintenance_work_mem = '256MB';
        {POSTINGS_KEY};
        """),
        ("freq dropped; statistics", """
        ALTER TABLE articles_fts DROP COLUMN freq;
        ALTER TABLE quotes_fts DROP COLUMN freq;
        ALTER TABLE figures_fts DROP COLUMN freq;
        ALTER TABLE names_fts DROP COLUMN freq;
        -- a term's share of the postings is what decides whether a word is probed row by row or read as a range
        ALTER TABLE fts_postings ALTER COLUMN term_id SET STATISTICS 1000;
        ANALYZE fts_postings;
        """),
    ),
    # 6: a speaker's quotes of one kind are read from the speaker's index alone. `--speaker X --kind direct`
    # for someone quoted 4,630 times, never directly, visited every one of those quotes' heap pages to test
    # the kind and found none: 10 ms with the pages in memory, 0.6–1.2 s from disk, the slowest quote queries
    # of the million-quote benchmark. The indexes now carry what the quote conditions test (kind, speaker
    # type, article), so those tests are an index-only scan: 50 pages instead of 4,630.
    (
        ("quotes: speaker indexes carry kind, speaker type and article", """
        SET LOCAL maintenance_work_mem = '256MB';
        DROP INDEX quotes_entity;
        DROP INDEX quotes_speaker;
        CREATE INDEX quotes_entity ON quotes(entity_id, said_at NULLS FIRST, id) INCLUDE (kind, speaker_type, article_id);
        CREATE INDEX quotes_speaker ON quotes(speaker_name_id, said_at NULLS FIRST, id)
            INCLUDE (kind, speaker_type, article_id);
        """),
    ),
]

# What runs after a migration's transaction, outside any (VACUUM cannot run in one), when it upgraded an archive
# that held rows: schema 5's postings are new to the visibility map, so until a vacuum every index-only scan
# of them would visit the heap.
AFTER_UPGRADE = {5: ("vacuuming fts_postings", "VACUUM (ANALYZE) fts_postings"),
                 # the same for the speaker indexes' index-only scans
                 6: ("vacuuming quotes", "VACUUM (ANALYZE) quotes")}

SCHEMA_VERSION = len(MIGRATIONS)

# pg_advisory_xact_lock keys: one for upgrades, one for the single writer
MIGRATE_LOCK = 0x5376_6F64_6B61_0001
WRITE_LOCK = 0x5376_6F64_6B61_0002
