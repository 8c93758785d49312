"""Every query of the SQL stores (search, quotes, figures, entities, articles, export, what the pages ask),
in SQL that SQLite and PostgreSQL both read: `SQLQueries`, which `sql.SQLStore` is made of.

The backend's parts it calls (`_match`, `_fts_ids`, `_ranked`, `_term_rows`, `PERIODS`, `conn`) are declared
on `SQLStore`. Where two rows could tie, ORDER BY says how to break the tie, so the two databases agree on
the order.
"""
from __future__ import annotations

import heapq
import json
import zlib
from collections import Counter
from collections.abc import Iterator
from datetime import date, datetime, timedelta
from itertools import islice

from ..ingest.clean import clean, first_line, shorten
from ..link.titles import LearntTerm, terms as terms_of_office
from ..nlp.words import lemma_key
from . import terms
from .keys import source_key
from .records import (Appearance, EntityProfile, EntityRow, FigureRow, QuoteRow, SearchHit, StoredArticle, entity_ref,
                      local_entity_id, quote_dict, unknown_speaker)

# Relevance is computed over at most this many of the newest matches of each index: bm25 over every match
# of a word found in a million quotes takes seconds, and news readers want recent hits first anyway.
RANK_WINDOW = 2000
# Above this many speaker ids, one sorted query beats merging per-id index scans.
MERGE_MAX_SOURCES = 64
# The first page of a speaker's quotes read in time order to find `want` that match (`_speaker_run`).
FIRST_PAGE = 256
# Testing one quote's text against `--about` in Python costs about as much as collecting this many ids
# from the full-text index.
TEXT_TEST_COST = 15

_ARTICLE_COLS = "a.id, a.ext_id, a.title, a.published, a.url, a.source, a.origin"
# LIMIT for "no limit": SQLite's -1 means that, PostgreSQL refuses it
NO_LIMIT = 2**62


def _timeline_sql(periods: dict[str, str], period: str, column: str, value: str, table: str, where: str) -> str:
    """Totals of `value` per period of `column`: summed per day first, since a period is a function of the
    day alone, so the date arithmetic runs once a day instead of once a row (40,000 rows for the most quoted).
    The total is cast back to an integer: PostgreSQL sums bigints as numeric."""
    day = f"substr({column}, 1, 10)"
    return (f"SELECT COALESCE({periods[period].replace('a.published', 'd')}, 'unknown'), CAST(SUM(n) AS BIGINT) "
            f"FROM (SELECT {day} AS d, {value} AS n FROM {table} WHERE {where} GROUP BY {day}) AS days "
            "GROUP BY 1 ORDER BY 1")


def _term_condition(eid: int, start: date | None, end: date | None) -> tuple[str, list]:
    """SQL on `quotes q` for one person's quotes said within a term (`end` exclusive; None: open)."""
    sql, ps = "q.entity_id = ?", [eid]
    if start:
        sql, ps = sql + " AND q.said_at >= ?", ps + [start.isoformat()]
    if end:
        sql, ps = sql + " AND q.said_at < ?", ps + [end.isoformat()]
    return sql, ps


def _iso(dt: datetime | None) -> str | None:
    return dt.isoformat() if dt else None


def _dt(value: str | None) -> datetime | None:
    return datetime.fromisoformat(value) if value else None


def _sources_sql(sources: list[str] | None, column: str) -> tuple[str, list]:
    """`AND column IN (articles published by one of these sources)`, for --source; case and ё do not matter."""
    keys = sorted({k for s in sources or [] if (k := source_key(s))})
    if not keys:
        return "", []
    return (f" AND {column} IN (SELECT article_id FROM appearances WHERE source_key IN "
            f"({','.join('?' * len(keys))}))", keys)


def _period_and_sources(published: str, article_id: str, since: date | None, until: date | None,
                        sources: list[str] | None) -> tuple[list[str], list]:
    """The conditions (to be joined with AND) and parameters of a date range (`until` inclusive of its whole
    day) and a --source filter, shared by quote and article listings."""
    where, params = [], []
    if since:
        where.append(f"{published} >= ?")
        params.append(since.isoformat())
    if until:
        where.append(f"{published} < ?")
        params.append((until + timedelta(days=1)).isoformat())
    src_sql, src_params = _sources_sql(sources, article_id)
    if src_sql:
        where.append(src_sql.removeprefix(" AND "))
        params += src_params
    return where, params


def _headline(title: str | None, text: str | None) -> str | None:
    if title:
        return title
    if not text:
        return None
    line = first_line(clean(text[:1000]).text)
    return shorten(line) if line else None


def _article(row) -> StoredArticle:
    return StoredArticle(key=row[0], id=row[1], title=row[2], published=_dt(row[3]), url=row[4],
                         source=row[5], origin=row[6])


class SQLQueries:
    """The reading half of `sql.SQLStore`."""

    # What collecting one id from the full-text index costs, in the units of the query plans below (SQLite's
    # FTS5 = 1). A backend whose index hands out row addresses to visit, not ids, sets its own.
    FTS_ID_COST = 1.0

    def _articles(self, keys) -> dict[int, tuple]:
        keys = list(set(keys))
        if not keys:
            return {}
        rows = self.conn.execute(
            f"SELECT {_ARTICLE_COLS}, a.text FROM articles a WHERE a.id IN ({','.join('?' * len(keys))})", keys)
        return {r[0]: r for r in rows}

    def _decorate(self, arts: list[StoredArticle]) -> None:
        """Fill in every appearance of these articles, and a headline for those without a title."""
        keys = list({a.key for a in arts})
        if not keys:
            return
        found: dict[int, list[Appearance]] = {}
        untitled: dict[int, str | None] = {}
        for i in range(0, len(keys), 900):
            chunk = keys[i:i + 900]
            marks = ",".join("?" * len(chunk))
            for k, src, pub, url in self.conn.execute(
                    f"SELECT article_id, source, published, url FROM appearances WHERE article_id IN ({marks}) "
                    "ORDER BY article_id, published IS NULL, published, post", chunk):
                found.setdefault(k, []).append(Appearance(src, _dt(pub), url))
            need = [a.key for a in arts if not a.title and a.key in chunk]
            if need:
                untitled.update(self.conn.execute(
                    f"SELECT id, substr(text, 1, 1000) FROM articles WHERE id IN ({','.join('?' * len(need))})",
                    need).fetchall())
        for a in arts:
            a.appearances = found.get(a.key) or [Appearance(a.source, a.published, a.url)]
            a.headline = _headline(a.title, untitled.get(a.key))

    def search_total(self, query: str, kind: str | None = None, sources: list[str] | None = None) -> int:
        if terms.parse(query).has_phrase:
            return len(self._search_candidates(query, kind, sources, window=None))
        expr = self._match(query)
        if not expr:
            return 0
        art_sql, art_params = _sources_sql(sources, "m.rowid")
        quote_sql, quote_params = _sources_sql(sources, "q.article_id")
        n = 0
        if kind in (None, "article"):
            n += self.conn.execute(f"SELECT COUNT(*) FROM ({self._fts_ids('articles_fts')}) AS m WHERE TRUE{art_sql}",
                                   (expr, *art_params)).fetchone()[0]
        if kind in (None, "quote"):
            if quote_sql:
                quote_sql = f" AND m.rowid IN (SELECT q.id FROM quotes q WHERE TRUE{quote_sql})"
            n += self.conn.execute(f"SELECT COUNT(*) FROM ({self._fts_ids('quotes_fts')}) AS m WHERE TRUE{quote_sql}",
                                   (expr, *quote_params)).fetchone()[0]
        return n

    def _search_candidates(self, query: str, kind: str | None, sources: list[str] | None,
                           window: int | None = RANK_WINDOW) -> list[tuple[float, str, int]]:
        """(bm25, kind, id) of the newest `window` matches of each index, a phrase's word order checked."""
        expr = self._match(query)
        if not expr:
            return []
        limit = NO_LIMIT if window is None else window
        art_sql, art_params = _sources_sql(sources, "rowid")
        quote_sql, quote_params = _sources_sql(sources, "q.article_id")
        if quote_sql:
            quote_sql = f" AND rowid IN (SELECT q.id FROM quotes q WHERE TRUE{quote_sql})"
        check = terms.parse(query).has_phrase
        scored: list[tuple[float, str, int]] = []
        if kind in (None, "article"):
            rows = self._ranked("article", query, expr, art_sql, art_params, limit)
            if check:
                rows = self._checked(rows, "SELECT id, text FROM articles", query)
            scored += [(s, "article", r) for r, s in rows]
        if kind in (None, "quote"):
            rows = self._ranked("quote", query, expr, quote_sql, quote_params, limit)
            if check:
                rows = self._checked(rows, "SELECT id, text FROM quotes", query)
            scored += [(s, "quote", r) for r, s in rows]
        return scored

    def _checked(self, rows: list, select: str, query: str) -> list:
        """The rows whose text matches the query word for word: a phrase in order, an excluded phrase absent."""
        keep = set()
        ids = [r[0] for r in rows]
        for i in range(0, len(ids), 900):
            chunk = ids[i:i + 900]
            keep.update(k for k, text in self.conn.execute(
                f"{select} WHERE id IN ({','.join('?' * len(chunk))})", chunk) if terms.text_matches(text, query))
        return [r for r in rows if r[0] in keep]

    def search(self, query: str, limit: int = 20, offset: int = 0, kind: str | None = None,
               sources: list[str] | None = None) -> list[SearchHit]:
        want = limit + offset
        scored = self._search_candidates(query, kind, sources)
        best = heapq.nsmallest(want, scored)[offset:]  # bm25 is lower for better matches
        quote_rows = {}
        qids = [i for _, k, i in best if k == "quote"]
        if qids:
            quote_rows = {r[0]: r for r in self.conn.execute(
                "SELECT q.id, q.article_id, q.text, n.name FROM quotes q LEFT JOIN names n ON n.id = q.speaker_name_id "
                f"WHERE q.id IN ({','.join('?' * len(qids))})", qids)}
        arts = self._articles([i for _, k, i in best if k == "article"] + [r[1] for r in quote_rows.values()])
        hits = []
        for score, k, i in best:
            if k == "article":
                row = arts[i]
                hits.append(SearchHit("article", -score, terms.snippet(row[7], query), _article(row)))
            else:
                q = quote_rows[i]
                hits.append(SearchHit("quote", -score, terms.snippet(q[2], query), _article(arts[q[1]]),
                                      quote_id=i, speaker=None if unknown_speaker(q[3]) else q[3]))
        self._decorate([h.article for h in hits])
        return hits

    def _name_ids(self, phrase: str) -> list[int]:
        expr = self._match(phrase, words=True)
        if not expr:
            return []
        return [r[0] for r in self.conn.execute(self._fts_ids("names_fts"), (expr,))]

    def _speaker_sources(self, speaker: str) -> list[tuple[str, int]]:
        """(column, id) pairs whose quotes are the speaker's: the entities any of whose surface forms match
        all words of `speaker` in some inflection, and quote speakers named that way. `#ID` is one entity."""
        if (eid := entity_ref(speaker)) is not None:
            return [("entity_id", self._identity.current(eid))]
        nids = self._name_ids(speaker)
        if not nids:
            return []
        marks = ",".join("?" * len(nids))
        eids = [r[0] for r in self.conn.execute(
            f"SELECT DISTINCT entity_id FROM entity_forms WHERE name_id IN ({marks}) ORDER BY entity_id", nids)]
        eids = [r[0] for r in self.conn.execute(
            f"SELECT id FROM entities WHERE type = 'PER' AND id IN ({','.join('?' * len(eids))}) ORDER BY id",
            eids)] if eids else []
        # Quote speakers by the name on the quote. A name that says more than the query may only describe
        # someone with it («представитель Путина», «администрация Путина»), so it counts only for a person;
        # a name the query gives in full counts for anyone named (an organisation: «МИД России»).
        n_words = len(terms.query_words(speaker))
        names = self.conn.execute(f"SELECT id, name FROM names WHERE id IN ({marks}) ORDER BY id", nids).fetchall()
        return [("entity_id", e) for e in eids] + [
            ("speaker_name_id" if len(terms.query_words(name)) == n_words else "person_name_id", nid)
            for nid, name in names]

    @property
    def roles(self):
        """The roles file this archive links people and titles by."""
        return self._identity.roles

    def _speaker_conditions(self, speaker: str) -> list[tuple[str, list]]:
        """SQL conditions (with parameters) on `quotes q` for the quotes a `--speaker` value names. A title the
        roles file knows («президент России», «главы МИД России», any form) names each of its holders for the
        time they held it: Медведев's quotes of 2008–2012 and Путин's of the other years. Anything else: the
        people and named speakers `_speaker_sources` finds."""
        role = self.roles.find(speaker) if entity_ref(speaker) is None else None
        if role is not None:
            return [_term_condition(eid, h.start, h.end)
                    for h in role.holders for eid in self.resolve_entities(h.name, "PER")]
        # a title the roles file does not know, but articles gave people by apposition
        learnt = self.learnt_terms(speaker) if entity_ref(speaker) is None else []
        if learnt:
            return [_term_condition(t.entity_id, t.start, t.end) for t in learnt]
        return [(f"q.{self._SOURCE_COLUMN[col]} = ? {self._SOURCE_FILTER[col]}".rstrip(), [value])
                for col, value in self._speaker_sources(speaker)]

    def learnt_terms(self, title: str) -> list[LearntTerm]:
        """The terms of a title the archive learnt from appositions (link/titles.py), in time order; none when
        no article gave anyone that title (in any inflected form)."""
        key = " ".join(lemma_key(title))
        if not key:
            return []
        rows = self.conn.execute("SELECT day, entity_id, COUNT(*) FROM entity_titles WHERE title_key = ? "
                                 "GROUP BY day, entity_id ORDER BY day, entity_id", (key,)).fetchall()
        return terms_of_office([(date.fromisoformat(d), self._identity.current(e), n) for d, e, n in rows])

    def learnt_title(self, title: str) -> str | None:
        """A learnt title as articles wrote it most often (in the nominative), or None."""
        row = self.conn.execute("SELECT title FROM entity_titles WHERE title_key = ? GROUP BY title "
                                "ORDER BY COUNT(*) DESC, title LIMIT 1", (" ".join(lemma_key(title)),)).fetchone()
        return row[0] if row else None

    _SOURCE_FILTER = {"entity_id": "",
                      "speaker_name_id": "",
                      "person_name_id": "AND q.speaker_type = 'person'"}
    _SOURCE_COLUMN = {"entity_id": "entity_id", "speaker_name_id": "speaker_name_id",
                      "person_name_id": "speaker_name_id"}

    @staticmethod
    def _quote_cond(since, until, kind, sources) -> tuple[str, list]:
        where, params = _period_and_sources("q.said_at", "q.article_id", since, until, sources)
        if kind:
            where.append("q.kind = ?")
            params.append(kind)
        return " AND ".join(where) or "TRUE", params

    def quotes_total(self, speaker: str | None = None, about: str | None = None, since: date | None = None,
                     until: date | None = None, kind: str | None = None, sources: list[str] | None = None) -> int:
        cond, params = self._quote_cond(since, until, kind, sources)
        if about:
            expr = self._match(about)
            if not expr:
                return 0
            if terms.parse(about).has_phrase:
                # rare enough to count the simple way: every quote that passes the text test
                return len(self.quotes(speaker, about, since, until, kind, limit=10**9, sources=sources))
            about_eids = self._about_entities(about)
            if about_eids:
                cond += (f" AND (q.id IN ({self._fts_ids('quotes_fts')}) OR q.id IN "
                         f"(SELECT quote_id FROM quote_about WHERE entity_id IN ({','.join('?' * len(about_eids))})))")
                params += [expr, *about_eids]
            else:
                cond += f" AND q.id IN ({self._fts_ids('quotes_fts')})"
                params.append(expr)
        if speaker is None:
            return self.conn.execute(f"SELECT COUNT(*) FROM quotes q WHERE {cond}", params).fetchone()[0]
        sources_ = self._speaker_conditions(speaker)
        if not sources_:
            return 0
        ors = " OR ".join(f"({sql})" for sql, _ in sources_)
        return self.conn.execute(f"SELECT COUNT(*) FROM quotes q WHERE ({ors}) AND {cond}",
                                 (*[v for _, ps in sources_ for v in ps], *params)).fetchone()[0]

    def _figure_cond(self, about, entity, since, until, sources) -> tuple[str, list] | None:
        where, params = _period_and_sources("f.published", "f.article_id", since, until, sources)
        if about:
            expr = self._match(about)
            if not expr:
                return None
            where.append(f"f.id IN ({self._fts_ids('figures_fts')})")
            params.append(expr)
        if entity is not None:
            ref = entity if isinstance(entity, int) else entity_ref(entity)
            ref = self._identity.current(ref) if ref is not None else None
            eids = [ref] if ref is not None else self.resolve_entities(entity)
            if not eids:
                return None
            where.append(f"f.entity_id IN ({','.join('?' * len(eids))})")
            params += eids
        return " AND ".join(where) or "TRUE", params

    def figures(self, about: str | None = None, entity: str | int | None = None, since: date | None = None,
                until: date | None = None, sources: list[str] | None = None, limit: int = 100,
                offset: int = 0) -> list[FigureRow]:
        cond = self._figure_cond(about, entity, since, until, sources)
        if cond is None:
            return []
        where, params = cond
        rows = self.conn.execute(
            'SELECT f.id, f.text, f.value, f.value_max, f.unit, f.qualifier, f.kind, f.direction, f.about, '
            f"f.entity_id, e.name, f.quote_id, f.published, {_ARTICLE_COLS} FROM figures f "
            "JOIN articles a ON a.id = f.article_id LEFT JOIN entities e ON e.id = f.entity_id "
            f"WHERE {where} ORDER BY f.published DESC, f.id LIMIT ? OFFSET ?", (*params, limit, offset)).fetchall()
        out = [FigureRow(*r[:12], published=_dt(r[12]), article=_article(r[13:])) for r in rows]
        self._decorate([f.article for f in out])
        return out

    def figures_total(self, about: str | None = None, entity: str | int | None = None, since: date | None = None,
                      until: date | None = None, sources: list[str] | None = None) -> int:
        cond = self._figure_cond(about, entity, since, until, sources)
        if cond is None:
            return 0
        where, params = cond
        return self.conn.execute(f"SELECT COUNT(*) FROM figures f WHERE {where}", params).fetchone()[0]

    def speakers(self, speaker: str) -> list[tuple[EntityRow, int]]:
        eids = [v for col, v in self._speaker_sources(speaker) if col == "entity_id"]
        out = []
        for eid in eids:
            row = self._entity_row(eid)
            if row:
                n = self.conn.execute("SELECT COUNT(*) FROM quotes WHERE entity_id = ?", (eid,)).fetchone()[0]
                out.append((row, n))
        return sorted(out, key=lambda x: (-x[1], -x[0].mentions, x[0].id))

    def quotes(self, speaker: str | None = None, about: str | None = None, since: date | None = None,
               until: date | None = None, kind: str | None = None, limit: int = 100, offset: int = 0,
               newest_first: bool = False, sources: list[str] | None = None) -> list[QuoteRow]:
        cond, params = self._quote_cond(since, until, kind, sources)
        order = "DESC" if newest_first else "ASC"
        want = limit + offset
        expr = self._match(about) if about else None
        if about and not expr:
            return []

        if speaker is None:
            if expr is None:
                ids = [r[0] for r in self.conn.execute(
                    f"SELECT q.id FROM quotes q WHERE {cond} ORDER BY q.said_at {order}, q.id {order} "
                    "LIMIT ? OFFSET ?", (*params, limit, offset))]
                return self._quote_rows(ids)
            return self._quote_rows(self._about_ids(about, expr, cond, params, order, want)[offset:])

        sources = self._speaker_conditions(speaker)
        if not sources:
            return []
        test = None if expr is None else self._about_test(about, expr, sources, cond, params)
        if len(sources) > MERGE_MAX_SOURCES:
            ors = " OR ".join(f"({sql})" for sql, _ in sources)
            runs = [self._speaker_run(f"({ors})", [v for _, ps in sources for v in ps], cond, params, order, want,
                                      test, about)]
        else:
            # each source walks its own (column, said_at) index in order; the runs are merged
            runs = [self._speaker_run(sql, ps, cond, params, order, want, test, about) for sql, ps in sources]
        merged = heapq.merge(*runs, key=lambda r: (r[0] or "", r[1]), reverse=order == "DESC")
        seen: set[int] = set()
        ids = []
        for _, qid in merged:
            if qid not in seen:
                seen.add(qid)
                ids.append(qid)
                if len(ids) >= want:
                    break
        return self._quote_rows(ids[offset:])

    def _about_ids(self, about: str, expr: str, cond: str, params: list, order: str, want: int) -> list[int]:
        """The first `want` ids, in time order, of the quotes `cond` keeps that `about` matches."""
        total = self.conn.execute("SELECT COALESCE(MAX(id), 0) FROM quotes").fetchone()[0]
        m = max(1, self._estimate_matches(about))
        walk = want * total / m  # quotes read in time order before `want` matches turn up
        # costs in units of one id collected from the full-text index
        c = self.FTS_ID_COST
        costs = {"sort": m * 5 * c, "ids": m * c + walk * 0.5, "text": walk * TEXT_TEST_COST}
        if self._about_entities(about):
            del costs["text"]  # the words of a quote do not say whom a title or pronoun in it names
        how = min(costs, key=costs.get)
        if how == "sort":
            # few matches: read just those and sort them
            rows = []
            ids = list(self._quote_matches(expr, about))
            for i in range(0, len(ids), 5000):
                chunk = ids[i:i + 5000]
                rows += self.conn.execute(
                    f"SELECT q.said_at, q.id FROM quotes q WHERE q.id IN ({','.join('?' * len(chunk))}) "
                    f"AND {cond}", (*chunk, *params)).fetchall()
            rows.sort(key=lambda r: (r[0] or "", r[1]), reverse=order == "DESC")
            return [r[1] for r in rows[:want]]
        # many matches: walk the time index, the next match is never far
        test = ("ids", self._quote_matches(expr, about)) if how == "ids" else ("text", None)
        return [qid for _, qid in self._speaker_run("TRUE", [], cond, params, order, want, test, about)]

    def _about_test(self, about: str, expr: str, sources: list[tuple[str, list]], cond: str, params: list):
        """How `_speaker_run` tells the quotes `about` matches among a speaker's: ("ids", the set of them) or
        ("text", None) for a test of each quote's text (a backend may have a test of its own)."""
        # Either collect the ids of every quote the words match (cost grows with how common the words
        # are), or read the speaker's quotes and test their text (cost grows with how much they said):
        # whichever the counts say is cheaper.
        # counting stops where the answer is known: a prolific speaker's quotes are not all counted
        cap = int(self._estimate_matches(about) * self.FTS_ID_COST) // max(TEXT_TEST_COST, 1) + 1
        said = 0
        for sql, ps in sources:
            if said >= cap:
                break
            said += self.conn.execute(
                f"SELECT COUNT(*) FROM (SELECT 1 FROM quotes q WHERE {sql} AND {cond} LIMIT ?) AS said",
                (*ps, *params, cap)).fetchone()[0]
        if said < cap and not self._about_entities(about):
            return ("text", None)
        return ("ids", self._quote_matches(expr, about))

    def _speaker_run(self, source_sql: str, source_params: list, cond: str, params: list, order: str, want: int,
                     test, about: str | None) -> list[tuple[str, int]]:
        """The first `want` (published, id) of one speaker source in time order that pass the `about` test."""
        if test is None:
            return self.conn.execute(
                f"SELECT q.said_at, q.id FROM quotes q WHERE {source_sql} AND {cond} "
                f"ORDER BY q.said_at {order}, q.id {order} LIMIT ?", (*source_params, *params, want)).fetchall()
        how, ids = test
        cols = "q.said_at, q.id, q.text" if how == "text" else "q.said_at, q.id"
        sql = (f"SELECT {cols} FROM quotes q WHERE {source_sql} AND {cond} "
               f"ORDER BY q.said_at {order}, q.id {order} LIMIT ? OFFSET ?")
        # Read in growing pages, not one open-ended query: SQLite's cursor stops where the reading stops,
        # but psycopg's fetches the whole result first (a million rows, a second, for the first 100 matches).
        out: list[tuple[str, int]] = []
        offset, page = 0, max(4 * want, FIRST_PAGE)
        while len(out) < want:
            rows = self.conn.execute(sql, (*source_params, *params, page, offset)).fetchall()
            keep = (r for r in rows if (terms.text_matches(r[2], about) if how == "text" else r[1] in ids))
            out += [(r[0], r[1]) for r in islice(keep, want - len(out))]
            if len(rows) < page:
                break
            offset += page
            page *= 4
        return out

    def _quote_matches(self, expr: str, about: str | None = None) -> set[int]:
        """The quotes whose words match, and those about an entity `about` names (by alias or title)."""
        ids = {r[0] for r in self.conn.execute(self._fts_ids("quotes_fts"), (expr,))}
        eids = self._about_entities(about) if about else []
        if eids:
            ids |= {r[0] for r in self.conn.execute(
                f"SELECT quote_id FROM quote_about WHERE entity_id IN ({','.join('?' * len(eids))})", eids)}
        return ids

    def _about_entities(self, about: str) -> list[int]:
        """The entities an `--about` value names as a whole: any alias in any form, `#ID`, or a title the
        roles file knows (each of its holders). Words that name no entity match the quotes' words only."""
        if (ref := entity_ref(about)) is not None:
            return [self._identity.current(ref)]
        role = self.roles.find(about)
        if role is not None:
            return sorted({e for h in role.holders for e in self.resolve_entities(h.name, "PER")})
        if learnt := self.learnt_terms(about):
            return sorted({t.entity_id for t in learnt})
        if terms.parse(about).has_phrase or any(w.startswith("-") for w in about.split()) or " OR " in about:
            return []
        return self.resolve_entities(about)

    def _estimate_matches(self, query: str) -> int:
        """An upper bound of the quotes a query matches, from the index's own term counts (no match is run)."""
        best = None
        for w in terms.query_words(query):
            n = self._term_rows(terms.query_forms(w))
            best = n if best is None else min(best, n)
        return best or 0

    def _quote_rows(self, ids: list[int]) -> list[QuoteRow]:
        if not ids:
            return []
        rows = {r[0]: r for r in self.conn.execute(
            'SELECT q.id, q.kind, q.text, n.name, q.speaker_type, q.entity_id, q.cue, q.start, q."end", q.published, '
            f"e.name, q.cue_kind, q.negated, q.said_at, q.said_at_from, {_ARTICLE_COLS} FROM quotes q JOIN articles a ON a.id = q.article_id "
            "LEFT JOIN names n ON n.id = q.speaker_name_id LEFT JOIN entities e ON e.id = q.entity_id "
            f"WHERE q.id IN ({','.join('?' * len(ids))})", ids)}
        # the speaker by the archive's name for the entity («Владимир Путин» across articles), and as the
        # article itself named it («Путин» where it never gave the first name); a pronoun or a dash the
        # attribution could not resolve is no one's name
        out = [QuoteRow(id=r[0], kind=r[1], text=r[2], speaker=None if unknown_speaker(r[10] or r[3]) else r[10] or r[3],
                        speaker_type=r[4], entity_id=r[5], cue=r[6], start=r[7], end=r[8], published=_dt(r[9]),
                        article=_article(r[15:]), speaker_in_article=r[3], cue_kind=r[11],
                        negated=None if r[12] is None else bool(r[12]), said_at=r[13], said_at_from=r[14])
               for r in (rows[i] for i in ids)]
        self._decorate([q.article for q in out])
        return out

    def entities(self, type: str | None = None, top: int = 50, sources: list[str] | None = None) -> list[EntityRow]:
        cond = "AND e.type = ?" if type else ""
        if sources:  # counted over that source's articles: a scan of their mentions, not the running totals
            src_sql, src_params = _sources_sql(sources, "ae.article_id")
            rows = self.conn.execute(
                "SELECT e.id, e.type, e.name, SUM(ae.mentions), COUNT(*) FROM article_entities ae "
                f"JOIN entities e ON e.id = ae.entity_id WHERE TRUE{src_sql} {cond} GROUP BY e.id "
                "ORDER BY 4 DESC, 5 DESC, e.name, e.id LIMIT ?", (*src_params, *([type] if type else []), top))
            return [EntityRow(*r) for r in rows]
        rows = self.conn.execute(
            "SELECT e.id, e.type, e.name, m.mentions, m.articles FROM entity_counts m "
            f"JOIN entities e ON e.id = m.entity_id WHERE m.articles > 0 {cond} "
            "ORDER BY m.mentions DESC, m.articles DESC, e.name, e.id LIMIT ?",
            (*([type] if type else []), top))
        return [EntityRow(*r) for r in rows]

    def entities_total(self, type: str | None = None, sources: list[str] | None = None) -> int:
        cond = "AND e.type = ?" if type else ""
        if sources:
            src_sql, src_params = _sources_sql(sources, "ae.article_id")
            return self.conn.execute(
                "SELECT COUNT(DISTINCT ae.entity_id) FROM article_entities ae JOIN entities e ON e.id = ae.entity_id "
                f"WHERE TRUE{src_sql} {cond}", (*src_params, *([type] if type else []))).fetchone()[0]
        return self.conn.execute(
            f"SELECT COUNT(*) FROM entity_counts m JOIN entities e ON e.id = m.entity_id WHERE m.articles > 0 {cond}",
            [type] if type else []).fetchone()[0]

    def _entity_row(self, eid: int, sources: list[str] | None = None) -> EntityRow | None:
        if sources:
            src_sql, src_params = _sources_sql(sources, "ae.article_id")
            row = self.conn.execute(
                "SELECT e.id, e.type, e.name, COALESCE(SUM(ae.mentions), 0), COUNT(ae.article_id) FROM entities e "
                f"LEFT JOIN article_entities ae ON ae.entity_id = e.id{src_sql} WHERE e.id = ? GROUP BY e.id",
                (*src_params, eid)).fetchone()
            return EntityRow(*row) if row and row[4] else None
        row = self.conn.execute(
            "SELECT e.id, e.type, e.name, m.mentions, m.articles FROM entities e "
            "JOIN entity_counts m ON m.entity_id = e.id WHERE e.id = ?", (eid,)).fetchone()
        return EntityRow(*row) if row and row[4] else None

    def resolve_entity(self, name: str, type: str | None = None) -> int | None:
        """The most mentioned entity that `name` names, in any inflected form of any of its aliases."""
        nids = self._name_ids(name)
        if not nids:
            return None
        cond = "AND e.type = ?" if type else ""
        row = self.conn.execute(
            f"SELECT f.entity_id FROM entity_forms f JOIN entities e ON e.id = f.entity_id "
            f"WHERE f.name_id IN ({','.join('?' * len(nids))}) {cond} "
            "GROUP BY f.entity_id ORDER BY SUM(f.n) DESC, f.entity_id LIMIT 1", (*nids, *([type] if type else []))).fetchone()
        return row[0] if row else None

    def resolve_entities(self, name: str, type: str | None = None) -> list[int]:
        """Every entity `name` names, most mentioned first."""
        nids = self._name_ids(name)
        if not nids:
            return []
        cond = "AND e.type = ?" if type else ""
        return [r[0] for r in self.conn.execute(
            f"SELECT f.entity_id FROM entity_forms f JOIN entities e ON e.id = f.entity_id "
            f"WHERE f.name_id IN ({','.join('?' * len(nids))}) {cond} "
            "GROUP BY f.entity_id ORDER BY SUM(f.n) DESC, f.entity_id", (*nids, *([type] if type else [])))]

    def entity(self, name: str | int, type: str | None = None, quotes: int = 10,
               sources: list[str] | None = None, period: str = "month") -> EntityProfile | None:
        if period not in self.PERIODS:
            raise ValueError(f"period is one of {', '.join(self.PERIODS)}, not {period!r}")
        eid = self._identity.current(name) if isinstance(name, int) else self.resolve_entity(name, type)
        if eid is None or (row := self._entity_row(eid, sources)) is None:
            return None
        c = self.conn
        ae_sql, ae_params = _sources_sql(sources, "ae.article_id")
        me_sql, me_params = _sources_sql(sources, "me.article_id")
        q_sql, q_params = _sources_sql(sources, "article_id")
        aliases = c.execute(
            "SELECT n.name, SUM(f.n) FROM entity_forms f JOIN names n ON n.id = f.name_id WHERE f.entity_id = ? "
            "GROUP BY f.name_id, n.name ORDER BY 2 DESC, 1 LIMIT 30", (eid,)).fetchall()
        timeline = c.execute(
            _timeline_sql(self.PERIODS, period, "ae.published", "SUM(ae.mentions)", "article_entities ae", f"ae.entity_id = ?{ae_sql}"),
            (eid, *ae_params)).fetchall()
        co = c.execute(
            "SELECT o.entity_id, COUNT(*) FROM article_entities me JOIN article_entities o "
            f"ON o.article_id = me.article_id AND o.entity_id != me.entity_id WHERE me.entity_id = ?{me_sql} "
            "GROUP BY o.entity_id ORDER BY 2 DESC, 1 LIMIT 10", (eid, *me_params)).fetchall()
        qids = [r[0] for r in c.execute(
            f"SELECT id FROM quotes WHERE entity_id = ?{q_sql} ORDER BY said_at DESC, id DESC LIMIT ?",
            (eid, *q_params, quotes))]
        total = c.execute(f"SELECT COUNT(*) FROM quotes WHERE entity_id = ?{q_sql}", (eid, *q_params)).fetchone()[0]
        qa_sql, qa_params = _sources_sql(sources, "q.article_id")
        about = c.execute(
            "SELECT q.entity_id, COUNT(*) FROM quote_about qa JOIN quotes q ON q.id = qa.quote_id "
            f"WHERE qa.entity_id = ? AND q.entity_id IS NOT NULL AND q.entity_id != ?{qa_sql} "
            "GROUP BY q.entity_id ORDER BY 2 DESC, 1 LIMIT 10", (eid, eid, *qa_params)).fetchall()
        return EntityProfile(
            entity=row, aliases=[tuple(a) for a in aliases], timeline=[tuple(t) for t in timeline],
            co_mentioned=[(r, n) for e, n in co if (r := self._entity_row(e))],
            latest_quotes=self._quote_rows(qids), quotes_total=total,
            talked_about_by=[(r, n) for e, n in about if (r := self._entity_row(e))])

    # --- export and housekeeping -----------------------------------------------------------------------

    def export_rows(self, what: str, sources: list[str] | None = None) -> Iterator[dict]:
        c = self.conn
        if what == "articles":
            src_sql, src_params = _sources_sql(sources, "a.id")
            for r in c.execute(f"SELECT {_ARTICLE_COLS}, a.ingested, a.text, a.analysis FROM articles a "
                               f"WHERE TRUE{src_sql} ORDER BY a.id", src_params):
                yield self._full_article(r)
        elif what == "quotes":
            last = 0
            src_sql, src_params = _sources_sql(sources, "article_id")
            while ids := [r[0] for r in c.execute(f"SELECT id FROM quotes WHERE id > ?{src_sql} ORDER BY id LIMIT 1000",
                                                  (last, *src_params))]:
                for q in self._quote_rows(ids):
                    yield quote_dict(q)
                last = ids[-1]
        elif what == "entities" and sources:
            for row in self.entities(top=-1, sources=sources):
                yield row.to_dict()
        elif what == "entities":
            aliases: dict[int, list[str]] = {}
            for eid, name in c.execute(
                    "SELECT f.entity_id, n.name FROM entity_forms f JOIN names n ON n.id = f.name_id "
                    "GROUP BY f.entity_id, f.name_id, n.name ORDER BY f.entity_id, SUM(f.n) DESC, f.name_id"):
                aliases.setdefault(eid, []).append(name)
            for r in c.execute(
                    "SELECT e.id, e.type, e.name, m.mentions, m.articles FROM entities e "
                    "JOIN entity_counts m ON m.entity_id = e.id WHERE m.articles > 0 ORDER BY e.id"):
                d = EntityRow(*r).to_dict()
                d["aliases"] = aliases.get(r[0], [])
                yield d
        else:
            raise ValueError(f"nothing called {what!r} to export: articles, quotes or entities")

    def _full_article(self, r) -> dict:
        """An export row of an article: its archive fields, text and stored analysis."""
        art = _article(r)
        self._decorate([art])
        d = art.to_dict()
        d["ingested"], d["text"] = r[7], r[8]
        an = json.loads(zlib.decompress(r[9]))
        d["entities"], d["quotes"] = an.get("entities", []), an.get("quotes", [])
        d["dates"], d["figures"] = an.get("dates", []), an.get("figures", [])
        d["titles"] = an.get("titles", [])
        return d

    def article(self, key: int) -> dict | None:
        r = self.conn.execute(f"SELECT {_ARTICLE_COLS}, a.ingested, a.text, a.analysis FROM articles a "
                              "WHERE a.id = ?", (key,)).fetchone()
        if r is None:
            return None
        d = self._full_article(r)
        # the analysis names entities e1, e2 … within the article; these are the archive's, whose ids the
        # entity queries take
        d["archive_entities"] = [
            {**EntityRow(*row[:5]).to_dict(), "mentions_here": row[5]} for row in self.conn.execute(
                "SELECT e.id, e.type, e.name, m.mentions, m.articles, ae.mentions FROM article_entities ae "
                "JOIN entities e ON e.id = ae.entity_id JOIN entity_counts m ON m.entity_id = e.id "
                "WHERE ae.article_id = ? ORDER BY ae.mentions DESC, e.name, e.id", (key,))]
        return d

    def _article_cond(self, since, until, sources, entity) -> tuple[str, list] | None:
        """WHERE clause of an article listing; None when `entity` names nothing (so nothing matches)."""
        where, params = _period_and_sources("a.published", "a.id", since, until, sources)
        where.insert(0, "TRUE")
        if entity is not None:
            eid = entity if isinstance(entity, int) else self.resolve_entity(entity)
            if eid is None:
                return None
            where.append("a.id IN (SELECT article_id FROM article_entities WHERE entity_id = ?)")
            params.append(eid)
        return " AND ".join(where), params

    def articles(self, since: date | None = None, until: date | None = None, sources: list[str] | None = None,
                 entity: str | int | None = None, limit: int = 50, offset: int = 0,
                 newest_first: bool = True) -> list[StoredArticle]:
        cond = self._article_cond(since, until, sources, entity)
        if cond is None:
            return []
        order = "DESC" if newest_first else "ASC"
        # undated articles last either way: a listing by time has nowhere to put them
        rows = self.conn.execute(
            f"SELECT {_ARTICLE_COLS} FROM articles a WHERE {cond[0]} "
            f"ORDER BY a.published IS NULL, a.published {order}, a.id {order} LIMIT ? OFFSET ?",
            (*cond[1], limit, offset)).fetchall()
        out = [_article(r) for r in rows]
        self._decorate(out)
        return out

    def articles_total(self, since: date | None = None, until: date | None = None,
                       sources: list[str] | None = None, entity: str | int | None = None) -> int:
        cond = self._article_cond(since, until, sources, entity)
        if cond is None:
            return 0
        return self.conn.execute(f"SELECT COUNT(*) FROM articles a WHERE {cond[0]}", cond[1]).fetchone()[0]

    def undated_total(self) -> int:
        return self.conn.execute("SELECT COUNT(*) FROM articles WHERE published IS NULL").fetchone()[0]

    # --- stories kept at ingest (stories/online.py) ---------------------------------------------------

    def _window_cond(self, since: date | None, until: date | None) -> tuple[str, list]:
        where, params = _period_and_sources("a.published", "a.id", since, until, None)
        return " AND ".join(["TRUE", *where]), params

    def stories_stored(self, since: date | None = None, until: date | None = None) -> bool:
        """Whether every article published in the window has its stored story (those stored before stories
        were kept have none, nor has an archive of another version)."""
        cond, params = self._window_cond(since, until)
        return self.conn.execute(
            f"SELECT 1 FROM articles a WHERE {cond} AND NOT EXISTS "
            "(SELECT 1 FROM article_stories s WHERE s.article_id = a.id) LIMIT 1", params).fetchone() is None

    def story_ids(self, since: date | None = None, until: date | None = None) -> list[int]:
        """The stored stories that have an article published in the window."""
        cond, params = self._window_cond(since, until)
        return [r[0] for r in self.conn.execute(
            f"SELECT DISTINCT s.story_id FROM articles a JOIN article_stories s ON s.article_id = a.id "
            f"WHERE {cond} ORDER BY s.story_id", params)]

    def story_members(self, ids: list[int]) -> list[tuple[int, int, int | None, bytes]]:
        """(article key, story id, the article it repeats or None, its vector as stored: online.decode_vector)
        of every article of these stories, each story's in time order."""
        out = []
        for i in range(0, len(ids), 500):
            chunk = ids[i:i + 500]
            out += self.conn.execute(
                "SELECT article_id, story_id, original, vector FROM article_stories WHERE story_id IN "
                f"({','.join('?' * len(chunk))}) ORDER BY story_id, at IS NULL, at, article_id", chunk).fetchall()
        return out

    def stored_articles(self, keys: list[int]) -> dict[int, StoredArticle]:
        """These articles as listings give them (with their appearances), by key."""
        out: dict[int, StoredArticle] = {}
        keys = sorted(set(keys))
        for i in range(0, len(keys), 500):
            chunk = keys[i:i + 500]
            for r in self.conn.execute(f"SELECT {_ARTICLE_COLS} FROM articles a WHERE a.id IN "
                                       f"({','.join('?' * len(chunk))})", chunk):
                out[r[0]] = _article(r)
        self._decorate(list(out.values()))
        return out

    # --- what the web pages ask besides the API's queries ---------------------------------------------

    def newest_published(self) -> datetime | None:
        row = self.conn.execute("SELECT MAX(published) FROM articles").fetchone()
        return _dt(row[0]) if row and row[0] else None

    def top_mentioned_since(self, since: date, top: int = 10) -> list[EntityRow]:
        """The most mentioned entities in articles published on or after `since`, counted over those only."""
        rows = self.conn.execute(
            "SELECT e.id, e.type, e.name, SUM(ae.mentions), COUNT(*) FROM articles a "
            "JOIN article_entities ae ON ae.article_id = a.id JOIN entities e ON e.id = ae.entity_id "
            "WHERE a.published >= ? GROUP BY e.id ORDER BY 4 DESC, 5 DESC, e.name, e.id LIMIT ?",
            (since.isoformat(), top))
        return [EntityRow(*r) for r in rows]

    def top_quoted_since(self, since: date, top: int = 10) -> list[tuple[EntityRow, int]]:
        """The entities with the most quotes published on or after `since`, with those quotes' count."""
        rows = self.conn.execute(
            "SELECT e.id, e.type, e.name, m.mentions, m.articles, COUNT(*) FROM quotes q "
            "JOIN entities e ON e.id = q.entity_id JOIN entity_counts m ON m.entity_id = e.id "
            "WHERE q.said_at >= ? GROUP BY e.id, m.entity_id ORDER BY 6 DESC, 4 DESC, e.name, e.id LIMIT ?",
            (since.isoformat(), top))
        return [(EntityRow(*r[:5]), r[5]) for r in rows]

    def quote_timeline(self, eid: int, period: str = "week") -> list[tuple[str, int]]:
        """An entity's quotes per period, bucketed as `entity`'s mention timeline is."""
        if period not in self.PERIODS:
            raise ValueError(f"period is one of {', '.join(self.PERIODS)}, not {period!r}")
        return [tuple(r) for r in self.conn.execute(
            _timeline_sql(self.PERIODS, period, "q.said_at", "COUNT(*)", "quotes q", "q.entity_id = ?"), (eid,))]

    def article_quotes(self, key: int) -> list[QuoteRow]:
        """An article's quotes in text order, with the archive's speaker for each."""
        return self._quote_rows([r[0] for r in self.conn.execute(
            'SELECT id FROM quotes WHERE article_id = ? ORDER BY start, "end", id', (key,))])

    def article_forms(self, keys: list[int]) -> dict[int, dict[str, int]]:
        """For each article, the names it wrote its entities by → the archive's entity id: the link from
        an analysis' own entity ids (e1, e2 …), which the store does not keep, to the archive's."""
        keys = list(set(keys))[:900]
        out: dict[int, dict[str, int]] = {k: {} for k in keys}
        if keys:
            for aid, name, eid in self.conn.execute(
                    "SELECT f.article_id, n.name, f.entity_id FROM entity_forms f JOIN names n ON n.id = f.name_id "
                    f"WHERE f.article_id IN ({','.join('?' * len(keys))}) ORDER BY f.article_id, f.entity_id, f.name_id",
                    keys):
                out[aid].setdefault(name, eid)
        return out

    def named(self, name: str, type: str | None = None, top: int = 10) -> list[EntityRow]:
        """The entities `name` names in any inflected form of any alias, most mentioned first."""
        eids = self.resolve_entities(name, type)[:top]
        if not eids:
            return []
        rows = {r[0]: EntityRow(*r) for r in self.conn.execute(
            "SELECT e.id, e.type, e.name, m.mentions, m.articles FROM entities e "
            f"JOIN entity_counts m ON m.entity_id = e.id WHERE m.articles > 0 AND e.id IN ({','.join('?' * len(eids))})",
            eids)}
        return [rows[e] for e in eids if e in rows]

    def quoted_entities(self, eid: int, quotes: int = 100, top: int = 10) -> list[tuple[EntityRow, int]]:
        """What a speaker talks about: the entities named inside their newest `quotes` quotes (by the
        article's own mentions within each quote's span), with how many quotes name each. Bounded by
        `quotes`: four queries and one analysis read per article."""
        qs = self.conn.execute('SELECT article_id, start, "end" FROM quotes WHERE entity_id = ? '
                               "ORDER BY said_at DESC, id DESC LIMIT ?", (eid, quotes)).fetchall()
        if not qs:
            return []
        spans: dict[int, list[tuple[int, int]]] = {}
        for aid, s, e in qs:
            spans.setdefault(aid, []).append((s, e))
        keys = list(spans)
        forms = self.article_forms(keys)
        counts: Counter[int] = Counter()
        for aid, blob in self.conn.execute(
                f"SELECT id, analysis FROM articles WHERE id IN ({','.join('?' * len(keys))}) ORDER BY id", keys):
            for ent in json.loads(zlib.decompress(blob)).get("entities", []):
                archive_id = local_entity_id(ent, forms.get(aid, {}))
                if archive_id is None or archive_id == eid:
                    continue
                inside = {i for i, (s, e) in enumerate(spans[aid]) for m in ent.get("mentions", [])
                          if m.get("kind") != "pronoun" and s <= m["start"] and m["end"] <= e}
                counts[archive_id] += len(inside)
        best = [(k, n) for k, n in counts.most_common(top) if n]
        if not best:
            return []
        rows = {r[0]: EntityRow(*r) for r in self.conn.execute(
            "SELECT e.id, e.type, e.name, m.mentions, m.articles FROM entities e "
            f"JOIN entity_counts m ON m.entity_id = e.id WHERE e.id IN ({','.join('?' * len(best))})",
            [k for k, _ in best])}
        return [(rows[k], n) for k, n in best if k in rows]
