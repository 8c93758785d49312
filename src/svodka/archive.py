"""`svodka.Archive(path)`: a durable, searchable archive of analysed articles (the CLI and web server use it).

    archive = Archive("news.db")
    report = archive.ingest(["feeds/", "pages/*.html"])
    archive.search("переговоры Токаева")
    archive.quotes(speaker="Путина", about="Казахстан", since=date(2021, 1, 1))

Ingest reads, skips what the archive already holds (same URL with the same text, or the same normalised
text) before spending time on analysis, analyses the rest in batches, and commits each batch in one
transaction. A rerun after a crash therefore resumes: what was committed counts as a duplicate, the rest
is done.

Each entity of an article is linked to the archive's entities as it is stored (link/entities.py's rules,
store/identity.py): «Путин» in one article and «Владимир Путин» in another are one entity with one id, two
people who share a surname are two, and an id once given does not change.
"""
from __future__ import annotations

import csv
import hashlib
import json
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from itertools import islice
from pathlib import Path
from typing import IO
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from . import heap
from .model import Analysis, Article, IngestError
from .store import Entry, Outcome, Store, open_store
from .store.records import EntityProfile, EntityRow, FigureRow, QuoteRow, SearchHit, StoredArticle

if TYPE_CHECKING:  # the models load only when something is analysed; queries start without them
    from .knowledge import Knowledge
    from .store.prepared import Prepared

DEFAULT_DB = "svodka.db"
# Russian news is published and read on Moscow time; naive times (no offset given) are taken as this zone's.
DEFAULT_TZ = "Europe/Moscow"
# A clean view shorter than this many words («Обстановка в столице.» under a video) does not tell two
# posts apart: such posts are the same only if their whole texts are.
REPOST_MIN_WORDS = 6
# Articles analysed and committed together: a crash loses at most one batch of work, and a commit per batch
# (not per article) keeps the write cost small beside analysis.
BATCH = 64

Analyzer = Callable[[Iterable[Article]], Iterator[Analysis]]


def text_hash(text: str) -> str:
    """Identity of an article's text: Unicode-normalised, whitespace runs collapsed, so a re-saved or re-wrapped
    copy of the same article is recognised."""
    norm = " ".join(unicodedata.normalize("NFC", text).split())
    return hashlib.blake2b(norm.encode("utf-8"), digest_size=16).hexdigest()


def clean_hash(text: str) -> str | None:
    """Identity of a post's clean view (ingest/clean.py: no markup, emoji, links or channel footer), which a
    repost under another channel's footer shares; None when the view is too short to identify a post."""
    from .ingest.clean import clean
    try:
        view = clean(text).text
    except Exception:  # the exact text still identifies it
        return None
    if len(view.split()) < REPOST_MIN_WORDS:
        return None
    return text_hash(view)


def local_time(dt: datetime | None, tz: str | ZoneInfo = DEFAULT_TZ) -> datetime | None:
    """`dt` on the clock of `tz`; a naive time is already taken as that clock's."""
    if dt is None or dt.tzinfo is None:
        return dt
    return dt.astimezone(tz if isinstance(tz, ZoneInfo) else ZoneInfo(tz))


def normalise_url(url: str | None) -> str | None:
    if not url or not url.strip():
        return None
    return url.strip().split("#", 1)[0]


@dataclass
class Failure:
    origin: str
    reason: str

    def __str__(self) -> str:
        return f"{self.origin}: {self.reason}"


@dataclass
class IngestReport:
    new: int = 0
    updated: int = 0
    # this very post was stored before (a rerun, a resumed ingest)
    stored: int = 0
    # the text of another post, with nothing to say where else it was published (no source), or a post the
    # input gives twice
    duplicates: int = 0
    # the text of a stored post, published by another post of a channel or outlet: kept as an appearance
    appearances: int = 0
    failures: list[Failure] = field(default_factory=list)

    @property
    def failed(self) -> int:
        return len(self.failures)

    @property
    def seen(self) -> int:
        return self.new + self.updated + self.stored + self.duplicates + self.appearances + self.failed

    def to_dict(self) -> dict:
        return {"new": self.new, "updated": self.updated, "stored": self.stored, "duplicates": self.duplicates,
                "appearances": self.appearances, "failed": self.failed,
                "failures": [{"origin": f.origin, "reason": f.reason} for f in self.failures]}


class Archive:
    def __init__(self, path: str | Path = DEFAULT_DB, analyzer: Analyzer | None = None,
                 knowledge: Knowledge | None = None) -> None:
        """`knowledge` is what ingest analyses with and whose roles file links the entities (default: the
        shipped files and model)."""
        self.path = str(path)
        self.knowledge = knowledge
        self.store: Store = open_store(self.path, roles=knowledge.roles if knowledge else None,
                                       gazetteer=knowledge.gazetteer if knowledge else None)
        self._analyzer = analyzer

    @property
    def gazetteer(self):
        """The gazetteer this archive's articles are analysed and their stories compared with (None: the
        shipped one)."""
        return self.knowledge.gazetteer if self.knowledge else None

    def __enter__(self) -> "Archive":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def close(self) -> None:
        self.store.close()

    # --- ingest ----------------------------------------------------------------------------------------

    def ingest(self, sources: Iterable[str], *, max_chars: int | None = None,
               progress: Callable[[IngestReport], None] | None = None, workers: int = 1) -> IngestReport:
        """Read, analyse and store every article of `sources` (files, directories, globs, `-`).

        `progress(report)` is called after each article is stored, skipped or failed, so a caller can
        draw a bar. `workers` > 1 analyses in that many processes (parallel.py); this one still stores.
        """
        from .ingest.readers import ReadOptions, read_sources
        opts = ReadOptions() if max_chars is None else ReadOptions(max_chars=max_chars)
        return self.ingest_items(read_sources(sources, opts), progress=progress, workers=workers)

    def ingest_items(self, items: Iterable[Article | IngestError],
                     progress: Callable[[IngestReport], None] | None = None, workers: int = 1,
                     made: Callable[[Article], tuple[Analysis, Prepared | None]] | None = None) -> IngestReport:
        """Ingest already-read articles (or reader errors, which are counted as failures). `made`: each
        article's analysis and what storing it needs, made elsewhere (`svodka load`: on a cluster), so that
        nothing is analysed here; an article it fails on is a failure, as an analysis that fails is."""
        from .store.keys import post_key

        report = IngestReport()
        tick = progress or (lambda r: None)
        # texts and posts read but not yet stored, so the batches in flight do not analyse one text twice; a
        # stored batch leaves them (the archive knows its texts from then on): kept for the whole run they
        # held 365 bytes an article, 350 MiB for an input of a million
        seen_texts: set[str] = set()
        seen_posts: dict[str, str] = {}

        def fresh() -> Iterator[tuple[Article, str, str | None, bool]]:
            """(article, hash, clean hash, whether it needs analysis) of what the archive lacks."""
            for item in items:
                if isinstance(item, IngestError):
                    report.failures.append(Failure(item.origin, item.message))
                    tick(report)
                    continue
                item.url = normalise_url(item.url)
                h, ch = text_hash(item.text), clean_hash(item.text)
                post = post_key(item.url, item.source, item.id)
                if seen_posts.get(post) == h:  # the input gives this post twice
                    report.duplicates += 1
                    tick(report)
                    continue
                known = self.store.known(item, h, ch)
                if known == "stored":
                    report.stored += 1
                    tick(report)
                    continue
                seen_posts[post] = h
                if known == "repeat" or (known is None and (h in seen_texts or (ch and ch in seen_texts))):
                    yield item, h, ch, False  # a repost: the archive (or this batch, first) has its text
                    continue
                seen_texts.add(h)
                if ch:
                    seen_texts.add(ch)
                yield item, h, ch, True

        stream = fresh()

        def store(batch, analysed: dict[int, Analysis], prepared: dict[int, Prepared] | None = None) -> None:
            entries = [Entry(a, analysed[id(a)] if new else None, h, ch, (prepared or {}).get(id(a)))
                       for a, h, ch, new in batch if not new or id(a) in analysed]
            if entries:
                for e, o in zip(entries, self.store.save(entries)):
                    self._count(report, e.article, o)
            for a, h, ch, new in batch:
                if new:
                    seen_texts.discard(h)
                    seen_texts.discard(ch)
                post = post_key(a.url, a.source, a.id)
                if seen_posts.get(post) == h:
                    del seen_posts[post]
                tick(report)

        batches = iter(lambda: list(islice(stream, BATCH)), [])
        with self.store.ingesting():
            for batch, analysed, prepared in self._analysed_batches(batches, workers, report, made):
                store(batch, analysed, prepared)
                heap.release()  # what the batch freed, so a long run's memory stays at one batch's
        return report

    def _analysed_batches(self, batches: Iterable[list[tuple]], workers: int, report: IngestReport,
                          made: Callable[[Article], tuple[Analysis, Prepared | None]] | None = None
                          ) -> Iterator[tuple[list[tuple], dict[int, Analysis], dict[int, Prepared]]]:
        """For each batch of tuples (the article first, whether it needs analysis last): the batch, the
        analyses of those that need one and what storing them needs (computed by the workers or given by
        `made`; empty in one process), by id(article). In `workers` processes when more than one; an article
        whose analysis fails is a failure of `report`."""
        if made is not None:
            for batch in batches:
                analysed: dict[int, Analysis] = {}
                prepared: dict[int, Prepared] = {}
                for a in (t[0] for t in batch if t[-1]):
                    try:
                        an, prep = made(a)
                    except Exception as e:  # noqa: BLE001 - this article only, reported with its origin
                        report.failures.append(Failure(a.origin or a.id, f"{type(e).__name__}: {e}"))
                        continue
                    analysed[id(a)] = an
                    if prep is not None:
                        prepared[id(a)] = prep
                yield batch, analysed, prepared
            return
        if workers > 1 and self._analyzer is None:
            from .parallel import WorkerPool, with_small_tail
            with WorkerPool(workers, self.knowledge) as pool:
                for batch, results in pool.map_ordered((b, [t[0] for t in b if t[-1]])
                                                       for b in with_small_tail(batches)):
                    analysed: dict[int, Analysis] = {}
                    prepared: dict[int, Prepared] = {}
                    for a, res in zip([t[0] for t in batch if t[-1]], results):
                        if isinstance(res, str):
                            report.failures.append(Failure(a.origin or a.id, res))
                        else:
                            analysed[id(a)], prepared[id(a)] = res
                    yield batch, analysed, prepared
            return
        for batch in batches:
            yield batch, {id(a): an for a, an in self._analyse([t[0] for t in batch if t[-1]], report)}, {}

    def reanalyze(self, since: date | None = None, progress: Callable[[IngestReport], None] | None = None,
                  workers: int = 1, keys: list[int] | None = None) -> IngestReport:
        """Analyse the stored articles again with this svodka (its rules, models and files) and store the new
        analyses in place of the old: each article keeps its id, every post that published it and its
        entities' ids. For an archive made by an older svodka (articles stored before dates and figures were
        kept have none) or after a new quote model. Only articles published on or after `since`, when given.
        Committed batch by batch like ingest: an interrupted run keeps what it finished. `report.updated`
        counts the articles analysed again. `keys`: the ids `store.stored_keys(since)` gives, when the caller
        has them already (to size a progress bar)."""
        from .ingest.layout import parse_layout

        report = IngestReport()
        tick = progress or (lambda r: None)
        if keys is None:
            keys = self.store.stored_keys(since)

        def batches() -> Iterator[list[tuple]]:
            for i in range(0, len(keys), BATCH):
                batch = []
                for key, art, h, ch in self.store.articles_to_reanalyse(keys[i:i + BATCH]):
                    # where the body starts is not stored: every reader takes it from the text's layout (a
                    # title line, a timestamp line), and so does this
                    art.body_start = parse_layout(art.text).body_start
                    batch.append((art, key, h, ch, True))
                yield batch

        with self.store.ingesting():  # written batch by batch like an ingest, with its memory
            for batch, analysed, prepared in self._analysed_batches(batches(), workers, report):
                entries = [Entry(a, analysed[id(a)], h, ch, prepared.get(id(a)), replaces=key)
                           for a, key, h, ch, _ in batch if id(a) in analysed]
                for e, o in zip(entries, self.store.save(entries) if entries else []):
                    if o.status == "failed":
                        report.failures.append(Failure(e.article.origin or e.article.id,
                                                       o.error or "could not store"))
                    else:
                        report.updated += 1
                for _ in batch:
                    tick(report)
                heap.release()
        return report

    def _analyse(self, arts: list[Article], report: IngestReport) -> list[tuple[Article, Analysis]]:
        """Analyses of a batch; if the batched call fails, each article alone, so only the culprit is lost."""
        if not arts:
            return []
        try:
            analyses = list(self.analyzer(arts))
            return list(zip(arts, analyses))
        except Exception:
            pass
        out = []
        for a in arts:
            try:
                out.append((a, next(iter(self.analyzer([a])))))
            except Exception as e:
                report.failures.append(Failure(a.origin or a.id, f"analysis failed: {type(e).__name__}: {e}"))
        return out

    @staticmethod
    def _count(report: IngestReport, art: Article, o: Outcome) -> None:
        if o.status == "failed":
            report.failures.append(Failure(art.origin or art.id, o.error or "could not store"))
        elif o.status == "stored":
            report.stored += 1
        elif o.status == "duplicate":
            report.duplicates += 1
        elif o.status == "appearance":
            report.appearances += 1
        elif o.status == "updated":
            report.updated += 1
        else:
            report.new += 1

    @property
    def analyzer(self) -> Analyzer:
        if self._analyzer is None:
            from .analyze import analyze_many
            knowledge = self.knowledge
            self._analyzer = lambda articles: analyze_many(articles, knowledge=knowledge)
        return self._analyzer

    def add(self, article: Article, analysis: Analysis) -> Outcome:
        """Store one article with an analysis made elsewhere."""
        article.url = normalise_url(article.url)
        return self.store.save([Entry(article, analysis, text_hash(article.text), clean_hash(article.text))])[0]

    # --- queries ---------------------------------------------------------------------------------------

    def search(self, query: str, limit: int = 20, offset: int = 0, kind: str | None = None,
               sources: list[str] | None = None) -> list[SearchHit]:
        """Articles and quotes matching `query`, best first: every word in any inflected form, `a OR b`,
        `"a phrase"`, `-word` to exclude (store/terms.py). `sources` keeps those a channel published."""
        return self.store.search(query, limit=limit, offset=offset, kind=kind, sources=sources)

    def search_total(self, query: str, kind: str | None = None, sources: list[str] | None = None) -> int:
        return self.store.search_total(query, kind=kind, sources=sources)

    def quotes(self, speaker: str | None = None, about: str | None = None, since: date | None = None,
               until: date | None = None, kind: str | None = None, limit: int = 100, offset: int = 0,
               newest_first: bool = False, sources: list[str] | None = None) -> list[QuoteRow]:
        """Statements in time order; `speaker` by any alias in any inflection (or `#ID`), `about` words in the
        quote, `sources` the channels or outlets that published it."""
        return self.store.quotes(speaker=speaker, about=about, since=since, until=until, kind=kind,
                                 limit=limit, offset=offset, newest_first=newest_first, sources=sources)

    def quotes_total(self, speaker: str | None = None, about: str | None = None, since: date | None = None,
                     until: date | None = None, kind: str | None = None, sources: list[str] | None = None) -> int:
        return self.store.quotes_total(speaker=speaker, about=about, since=since, until=until, kind=kind,
                                       sources=sources)

    def figures(self, about: str | None = None, entity: str | int | None = None, since: date | None = None,
                until: date | None = None, sources: list[str] | None = None, limit: int = 100,
                offset: int = 0) -> list[FigureRow]:
        """Figures newest first: `about` what they measure («товарооборот» in any form), `entity` whose they
        are (a name in any form, or `#ID`)."""
        return self.store.figures(about=about, entity=entity, since=since, until=until, sources=sources,
                                  limit=limit, offset=offset)

    def figures_total(self, about: str | None = None, entity: str | int | None = None, since: date | None = None,
                      until: date | None = None, sources: list[str] | None = None) -> int:
        return self.store.figures_total(about=about, entity=entity, since=since, until=until, sources=sources)

    def title_holders(self, title: str) -> list[dict] | None:
        """Who held a title («министр иностранных дел России», any inflected form), newest first, with their
        entity and the quotes they gave in that term: the roles file's holders where it knows the title
        (`source` "roles file"), else the terms the archive learnt from appositions (`source` "archive",
        link/titles.py), each with the first and last day an article gave them the title and how many did.
        None when neither knows the title."""
        role = self.store.roles.find(title)
        if role is not None:
            return [self._holder_row(role.title, h.name, eids[0] if (eids := self.store.resolve_entities(
                h.name, "PER")) else None, h.start, h.end, "roles file") for h in role.holders]
        learnt = self.store.learnt_terms(title)
        if not learnt:
            return None
        written = self.store.learnt_title(title) or title
        out = []
        for t in reversed(learnt):
            row = self.store._entity_row(t.entity_id)
            out.append({**self._holder_row(written, row.name if row else f"#{t.entity_id}", t.entity_id,
                                           t.start, t.end, "archive"),
                        "from": t.first_seen.isoformat(), "to": t.last_seen.isoformat(), "articles": t.articles,
                        "term_from": t.start.isoformat(), "term_to": t.end.isoformat()})
        return out

    def _holder_row(self, title: str, name: str, eid: int | None, start: date | None, end: date | None,
                    source: str) -> dict:
        row = {"title": title, "name": name, "from": start.isoformat() if start else None,
               "to": end.isoformat() if end else None, "entity_id": eid, "quotes": 0, "source": source}
        if eid is not None:
            row["quotes"] = self.store.quotes_total(speaker=f"#{eid}", since=start,
                                                    until=(end - timedelta(days=1)) if end else None)
        return row

    def relink(self, progress: Callable[[int, int], None] | None = None):
        """Link every stored article's entities again by the live rules and the roles file this archive was
        opened with (`svodka --roles FILE relink`): after the roles file changed. Idempotent; returns what
        changed (store/identity.py `RelinkReport`). `progress(done, total)` as it goes."""
        return self.store.relink(progress)

    def backfill_stories(self, progress: Callable[[int, int], None] | None = None) -> int:
        """Give a story to every article stored before stories were kept at ingest (an archive upgraded to
        schema 11), in order of publication, as ingest would have; how many. `progress(done, total)`."""
        return self.store.backfill_stories(progress)

    def speakers(self, speaker: str) -> list[tuple[EntityRow, int]]:
        """The people a `--speaker` value names, with their quote counts; more than one means it is ambiguous."""
        return self.store.speakers(speaker)

    def entities(self, type: str | None = None, top: int = 50, sources: list[str] | None = None) -> list[EntityRow]:
        return self.store.entities(type=type, top=top, sources=sources)

    def entities_total(self, type: str | None = None, sources: list[str] | None = None) -> int:
        return self.store.entities_total(type=type, sources=sources)

    def entity(self, name: str | int, type: str | None = None, quotes: int = 10,
               sources: list[str] | None = None, period: str = "month") -> EntityProfile | None:
        return self.store.entity(name, type=type, quotes=quotes, sources=sources, period=period)

    def articles(self, since: date | None = None, until: date | None = None, sources: list[str] | None = None,
                 entity: str | int | None = None, limit: int = 50, offset: int = 0,
                 newest_first: bool = True) -> list[StoredArticle]:
        """Stored articles by publication time, newest first unless asked; `entity` is any alias of one
        (the most mentioned it names, as `entity` picks) or its id."""
        return self.store.articles(since=since, until=until, sources=sources, entity=entity, limit=limit,
                                   offset=offset, newest_first=newest_first)

    def articles_total(self, since: date | None = None, until: date | None = None,
                       sources: list[str] | None = None, entity: str | int | None = None) -> int:
        return self.store.articles_total(since=since, until=until, sources=sources, entity=entity)

    def undated_total(self) -> int:
        """Stored articles with no publication time (a text with no date line): in no window of `stories`."""
        return self.store.undated_total()

    def stories(self, since: date | None = None, until: date | None = None, about: str | None = None,
                days: int = 3, recluster: bool = False) -> list[dict]:
        """The stories of the articles published between `since` and `until` (default: the last `days` days
        of the archive), biggest first: each with its title, time span, articles (with the actors each adds:
        how the telling changed), outlets, main actors, statements and thread (stories/cluster.py,
        stories/threads.py). `about` keeps the stories whose articles name that entity (any form).

        The stories kept at ingest (stories/online.py) when every article of the window has one: each whole,
        with its stored id, however much of it falls outside the window. Otherwise, or with `recluster`, the
        window is clustered now: the same window gives the same stories, numbered from 1. Either way threads
        are numbered by their first story's time among the stories listed."""
        window = self._window_dates(since, until, days)
        if window is None:
            return []
        since, until = window
        if not recluster and self.store.stories_stored(since, until):
            return self._story_rows(self._kept_stories(self.store.story_ids(since, until)), about, numbered=False)
        return self._story_rows(self._clustered_stories(since, until), about, numbered=True)

    def story(self, number: int, since: date | None = None, until: date | None = None, about: str | None = None,
              days: int = 3, recluster: bool = False) -> dict | None:
        """One story: by its stored id when the window's stories are kept (it need not be in the window; its
        thread is then numbered among the window's stories and it), else by its number in `stories` of the
        same window. None when there is no such story."""
        window = self._window_dates(since, until, days)
        if window is None:
            return None
        since, until = window
        if not recluster and self.store.stories_stored(since, until):
            ids = self.store.story_ids(since, until)
            rows = self._story_rows(self._kept_stories(sorted({*ids, number})), about, numbered=False)
        else:
            rows = self.stories(since=since, until=until, about=about, recluster=True)
        return next((s for s in rows if s["id"] == number), None)

    def threads(self, since: date | None = None, until: date | None = None, about: str | None = None,
                days: int = 30, min_stories: int = 2, recluster: bool = False) -> list[dict]:
        """Threads of the window (default: the last `days` days): the stories of one ongoing subject across
        days, each with its stories in time order (their ids in `stories` of the same window), newest
        thread first; threads of fewer than `min_stories` stories are left out."""
        stories = self.stories(since=since, until=until, about=about, days=days, recluster=recluster)
        by_thread: dict[int, list[dict]] = {}
        for s in stories:
            by_thread.setdefault(s["thread"], []).append(s)
        out = []
        for number, members in by_thread.items():
            if len(members) < min_stories:
                continue
            members.sort(key=lambda s: (s["first"] is not None, s["first"] or datetime.min, s["id"]))
            actors = Counter(a for s in members for a in s["actors"])
            out.append({"id": number, "first": members[0]["first"], "last": max(
                (s["last"] for s in members if s["last"]), default=None),
                "title": members[-1]["title"], "actors": [a for a, _ in actors.most_common(5)],
                "articles": sum(len(s["articles"]) for s in members),
                "stories": [{"id": s["id"], "title": s["title"], "first": s["first"], "last": s["last"],
                             "articles": len(s["articles"]), "outlets": s["outlets"]} for s in members]})
        out.sort(key=lambda t: (t["last"] is not None, t["last"] or datetime.min, t["id"]), reverse=True)
        return out

    def _window_dates(self, since: date | None, until: date | None,
                      days: int) -> tuple[date | None, date | None] | None:
        """The window asked for; without one, the last `days` days of the archive (None when it is empty)."""
        if since is not None or until is not None:
            return since, until
        newest = self.store.newest_published()
        if newest is None:
            return None
        return newest.date() - timedelta(days=days - 1), newest.date()

    def _story_rows(self, window, about: str | None, numbered: bool) -> list[dict]:
        """The stories of a window as `stories` gives them: numbered from 1 in the listing's order, or by
        their stored ids. (A story with no time sorts by a flag before its placeholder time, which is then only
        ever compared with another's: stored times carry a zone, `datetime.min` none.)"""
        stories, loaded, stored = window
        by_id = {st.id: st for st in stories}
        firsts = sorted({st.thread for st in stories},  # a thread's id is its first story's
                        key=lambda t: (by_id[t].first is None, by_id[t].first or datetime.min, t))
        thread_no = {t: n for n, t in enumerate(firsts, 1)}
        ordered = sorted(stories, key=lambda s: (-len(s.members), s.first is not None, s.first or datetime.min, s.id))
        want = _name_forms(about) if about else None
        out = []
        for st in ordered:
            members = [loaded[int(m)] for m in st.members]
            if want and not any(_names_all(want, e.name) for _, an in members for e in an.entities):
                continue
            # a reprint stored once keeps every channel that carried it (its appearances)
            outlets = sorted({src for m in st.members for src in (stored[int(m)].sources or [])} | set(st.sources))
            seen: set[str] = set()
            articles = []
            for m, (a, an) in zip(st.members, members):
                names = [e.name for e in an.entities if e.type in ("PER", "ORG", "LOC")]
                adds = [n for n in dict.fromkeys(names) if n.lower() not in seen]
                seen.update(n.lower() for n in names)
                articles.append({"key": int(m), "id": a.id, "title": an.title or a.title, "published": a.published,
                                 "source": a.source, "outlets": stored[int(m)].sources, "url": a.url,
                                 "reprint_of": int(st.dup_of[m]) if st.dup_of.get(m, m) != m else None,
                                 "adds": adds[:8]})
            out.append({
                "id": st.id, "title": st.title, "first": st.first, "last": st.last, "outlets": outlets,
                "actors": st.actor_names, "thread": thread_no[st.thread], "articles": articles,
                "statements": [{"speaker": q.speaker, "kind": q.kind, "text": q.text, "said_at": q.said_at,
                                "article_key": int(m)} for m, (a, an) in zip(st.members, members) for q in an.quotes],
            })
        if numbered:
            for n, s in enumerate(out, 1):
                s["id"] = n
        return out

    def _clustered_stories(self, since: date | None, until: date | None):
        """The window's articles clustered now (stories/cluster.py), with their analyses and rows."""
        from .stories import cluster_stories, document
        stored = {a.key: a for a in self.store.articles(since=since, until=until, limit=10**9, newest_first=False)}
        loaded = {k: self.store.load_analysis(k) for k in stored}
        docs = []
        for k, (art, an) in loaded.items():
            d = document(art, an, gazetteer=self.gazetteer)
            d.id = str(k)
            docs.append(d)
        return cluster_stories(docs), loaded, stored

    def _kept_stories(self, ids: list[int]):
        """The stories the store kept with these ids, each whole, with their analyses and rows."""
        from .stories import document
        from .stories.cluster import summarise, with_threads
        from .stories.online import decode_vector
        rows = self.store.story_members(ids)
        stored = self.store.stored_articles([r[0] for r in rows])
        loaded = {k: self.store.load_analysis(k) for k in stored}
        members: dict[int, list[tuple[int, int | None, str]]] = {}
        for key, sid, original, vector in rows:
            members.setdefault(sid, []).append((key, original, vector))
        stories = []
        for sid, ms in members.items():
            keys = {k for k, _, _ in ms}
            docs = []
            for k, _, _ in ms:
                d = document(*loaded[k], gazetteer=self.gazetteer)
                d.id = str(k)
                docs.append(d)
            # an original replaced by an edited text since is no longer one of the story's
            dup_of = {str(k): str(o if o in keys else k) for k, o, _ in ms}
            stories.append(summarise(sid, docs, [decode_vector(v) for _, _, v in ms], dup_of))
        return with_threads(stories), loaded, stored

    def article(self, key: int) -> dict | None:
        """One stored article by its archive key: text, analysis, appearances, the archive's entities."""
        return self.store.article(key)

    # --- for the web pages ---

    def newest_published(self) -> datetime | None:
        return self.store.newest_published()

    def top_mentioned_since(self, since: date, top: int = 10) -> list[EntityRow]:
        """The most mentioned entities in what was published from `since` on."""
        return self.store.top_mentioned_since(since, top=top)

    def top_quoted_since(self, since: date, top: int = 10) -> list[tuple[EntityRow, int]]:
        """The most quoted entities from `since` on, with their quote counts in that time."""
        return self.store.top_quoted_since(since, top=top)

    def quote_timeline(self, entity_id: int, period: str = "week") -> list[tuple[str, int]]:
        return self.store.quote_timeline(entity_id, period=period)

    def article_quotes(self, key: int) -> list[QuoteRow]:
        return self.store.article_quotes(key)

    def article_forms(self, keys: list[int]) -> dict[int, dict[str, int]]:
        return self.store.article_forms(keys)

    def named(self, name: str, type: str | None = None, top: int = 10) -> list[EntityRow]:
        """The entities `name` fits (any alias in any inflected form), most mentioned first."""
        return self.store.named(name, type=type, top=top)

    def quoted_entities(self, entity_id: int, quotes: int = 100, top: int = 10) -> list[tuple[EntityRow, int]]:
        """What a speaker talks about most: entities named inside their newest `quotes` quotes."""
        return self.store.quoted_entities(entity_id, quotes=quotes, top=top)

    def stats(self) -> dict[str, int]:
        return self.store.stats()

    # --- export ----------------------------------------------------------------------------------------

    def _figure_rows(self, sources: list[str] | None) -> Iterator[dict]:
        """Every figure, oldest first by its article's time, a page at a time."""
        total = self.store.figures_total(sources=sources)
        page = 5000
        # the store lists newest first: walk its pages from the end
        for offset in range(max(0, total - page), -page, -page):
            rows = self.store.figures(sources=sources, limit=page if offset >= 0 else page + offset,
                                      offset=max(0, offset))
            rows.sort(key=lambda r: (r.published or datetime.min.replace(tzinfo=ZoneInfo("UTC")), r.id))
            yield from (_figure_export_row(r) for r in rows)

    def export(self, what: str, format: str, out: IO | str | Path, *, sources: list[str] | None = None,
               excel: bool = False, tz: str = DEFAULT_TZ) -> int:
        """Write every article, quote, entity or figure as jsonl, csv or parquet; return the number of rows.

        `out` is a text stream for jsonl/csv, a path (or binary stream) for parquet. CSV gains a column of
        the local publication time in `tz`; `excel` makes it what spreadsheet programs open cleanly (a BOM,
        `;` between fields, the columns a person reads first).
        """
        rows = self._figure_rows(sources) if what == "figures" else self.store.export_rows(what, sources=sources)
        if format == "jsonl":
            return _write_jsonl(rows, out)
        if format == "csv":
            return write_csv((csv_row(r, what, tz, excel) for r in rows), out, excel=excel)
        if format == "parquet":
            return _write_parquet(rows, out)
        raise ValueError(f"unknown export format {format!r}: jsonl, csv or parquet")


def _figure_export_row(r: FigureRow) -> dict:
    """A figure as an export row: its own fields, then its article's, flat (as quote rows are)."""
    d = r.to_dict()
    a = d.pop("article") or {}
    return {**d, "article_key": a.get("key"), "article_id": a.get("id"), "title": a.get("title"),
            "url": a.get("url"), "source": a.get("source"), "sources": a.get("sources")}


# Columns a person reads first, and what a spreadsheet calls them, per kind of row (`--excel`).
HUMAN_COLUMNS = {
    "quotes": [("speaker", "speaker"), ("text", "quote"), ("sources", "source"), ("url", "link")],
    "figures": [("text", "figure"), ("about", "measures"), ("entity", "whose"), ("sources", "source"), ("url", "link")],
    "articles": [("sources", "source"), ("title", "title"), ("url", "link")],
    "search": [("speaker", "speaker"), ("snippet", "snippet"), ("title", "title"), ("sources", "source"),
               ("url", "link")],
}


def date_column(tz: str) -> str:
    return f"date ({tz})"


def csv_row(row: dict, what: str, tz: str = DEFAULT_TZ, excel: bool = False) -> dict:
    """A row for CSV: its local publication time under a header that names the zone; with `excel`, the
    human columns first and the rest after them."""
    if "published" not in row:
        return row
    pub = row.get("published")
    when = local_time(datetime.fromisoformat(pub), tz) if pub else None
    local = {date_column(tz): when.strftime("%Y-%m-%d %H:%M") if when else ""}
    if not excel:
        return {**row, **local}
    front = {label: row.get(key) for key, label in HUMAN_COLUMNS.get(what, []) if key in row}
    taken = {key for key, _ in HUMAN_COLUMNS.get(what, [])} | set(front)
    rest = {k: v for k, v in row.items() if k not in taken}
    return {**local, **front, **rest}


def _flat(value):
    """A cell for CSV and parquet: lists of names joined, nested structures as JSON."""
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return "; ".join(value)
    if isinstance(value, (list, dict)):
        return json.dumps(value, ensure_ascii=False)
    return value


def _write_jsonl(rows: Iterable[dict], out: IO) -> int:
    n = 0
    for n, row in enumerate(rows, 1):
        out.write(json.dumps(row, ensure_ascii=False) + "\n")
    return n


def write_csv(rows: Iterable[dict], out: IO, excel: bool = False) -> int:
    """Rows as CSV; `excel`: a UTF-8 BOM and `;`, which Excel (in Russian locales) needs to read Cyrillic
    text into columns on a double click."""
    writer = None
    n = 0
    if excel:
        out.write("\ufeff")
    for n, row in enumerate(rows, 1):
        if writer is None:
            writer = csv.DictWriter(out, fieldnames=list(row), extrasaction="ignore", delimiter=";" if excel else ",")
            writer.writeheader()
        writer.writerow({k: _flat(v) for k, v in row.items()})
    return n


def _write_parquet(rows: Iterable[dict], out) -> int:
    import pyarrow as pa
    import pyarrow.parquet as pq

    writer = schema = None
    n = 0
    try:
        while chunk := [{k: _flat(v) for k, v in r.items()} for r in islice(rows, 10_000)]:
            if schema is None:
                schema = _parquet_schema(chunk, pa)
                writer = pq.ParquetWriter(out, schema)
            strings = [f.name for f in schema if f.type == pa.string()]
            for r in chunk:
                for k in strings:
                    if r.get(k) is not None and not isinstance(r[k], str):
                        r[k] = str(r[k])
            writer.write_table(pa.Table.from_pylist(chunk, schema=schema))
            n += len(chunk)
    finally:
        if writer is not None:
            writer.close()
    return n


def _parquet_schema(chunk: list[dict], pa):
    """Column types from the first rows: a column empty there (all null) must still get a type."""
    fields = []
    for k in chunk[0]:
        values = [r.get(k) for r in chunk if r.get(k) is not None]
        if values and all(isinstance(v, int) and not isinstance(v, bool) for v in values):
            fields.append(pa.field(k, pa.int64()))
        elif values and all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in values):
            fields.append(pa.field(k, pa.float64()))
        else:
            fields.append(pa.field(k, pa.string()))
    return pa.schema(fields)


def _name_forms(text: str) -> list[frozenset[str]]:
    from .nlp.words import lemmas
    return [lemmas(w.lower()) | {w.lower()} for w in text.split()]


def _names_all(want: list[frozenset[str]], entity_name: str) -> bool:
    """Every word of the query is a form of a word of the name."""
    have = _name_forms(entity_name)
    return all(any(w & h for h in have) for w in want)
