"""What the pages and the JSON API do, in one place: both are thin layers over ``Web``.

One ``Web`` per app holds the per-thread database access, the story page and search caches, the
fetcher (when fetching is allowed) and the switches that make the app read-only or not.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Hashable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated

from fastapi import Depends, Request
from starlette.concurrency import run_in_threadpool

from rashomon.analyze.pipeline import AnalysisConfig, analyze_many
from rashomon.compare.types import Comparison
from rashomon.errors import InputError
from rashomon.ingest.fetch import Fetcher
from rashomon.link.corpus import cluster_store
from rashomon.link.stories import StorySummary
from rashomon.store.ingest import ingest_items
from rashomon.types import Analysis, Article
from rashomon.web.cache import PageCache
from rashomon.web.db import Database
from rashomon.web.story import StoryPage, build_story_page, compare_analyses

DEFAULT_CACHE_BYTES = 256 * 2**20
SEARCH_CACHE_BYTES = 32 * 2**20
STAMP_SECONDS = 1.0  # a search may answer from before a write this long ago
INGEST_DISABLED = "ingestion is not enabled on this server (it is read-only)"
MAX_BODY_BYTES = 2 * 2**20  # per request: uploads, pasted text, JSON bodies
MAX_LIMIT = 200  # items per page of any list
MAX_OFFSET = 10**9  # far past any corpus, and inside SQLite's integers
# ISO 8601 dates and times, as the store writes them (and a bare date for a whole day).
DATE_PATTERN = r"^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}:\d{2})?)?$"


def until_bound(until: str | None) -> str | None:
    """``until`` as an upper bound for ISO 8601 strings: a bare date takes in its whole day."""
    # "~" sorts after every character an ISO 8601 time is written with.
    return until + "~" if until is not None and len(until) == 10 else until


@dataclass(frozen=True, slots=True)
class StoryFilters:
    """What a story search asks for; every part is optional."""

    q: str | None = None  # words of the articles' text or titles
    entity: str | None = None  # a name the articles mention
    speaker: str | None = None  # a name the articles quote
    outlet: str | None = None
    language: str | None = None
    since: str | None = None  # last seen at or after

    def query(self) -> str | None:
        """The store's full-text query: names are words of the text like any other."""
        return " ".join(w for w in (self.q, self.entity, self.speaker) if w) or None


@dataclass(frozen=True, slots=True)
class CopyGroup:
    kind: str  # "copy" or "translation"
    origin: str
    members: list[tuple[str, float]]  # (article id, score), the origin first


@dataclass(frozen=True, slots=True)
class ArticlePage:
    """A stored article with everything its page and JSON show."""

    article: Article
    analysis: Analysis | None  # None when its analysis failed (it is retried next ingest)
    story_id: int | None
    copies: list[CopyGroup]
    titles: dict[str, str]  # article id -> how to name it in links (the copies')


@dataclass(slots=True)
class Compared:
    """An ad-hoc comparison and the inputs that could not be read or analysed."""

    comparison: Comparison | None  # None with fewer than two readable articles
    errors: list[InputError] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class IngestResult:
    read: int
    added: int
    skipped: int
    analysed: int
    assigned: int  # articles given a story
    new_stories: int
    errors: list[str]


class Web:
    """The app's state and operations (see the module docstring)."""

    def __init__(
        self,
        db_path: str | Path,
        *,
        allow_ingest: bool = False,
        allow_fetch: bool = False,
        allow_private: bool = False,
        cache_bytes: int = DEFAULT_CACHE_BYTES,
    ) -> None:
        self.db = Database(db_path)
        self.allow_ingest = allow_ingest
        self.fetcher = (
            Fetcher(allow_private=allow_private, max_bytes=MAX_BODY_BYTES) if allow_fetch else None
        )
        self.story_pages: PageCache[StoryPage] = PageCache(cache_bytes)
        self.searches: PageCache[bytes] = PageCache(SEARCH_CACHE_BYTES)
        self._stamp: tuple[float, tuple[object, ...]] = (-STAMP_SECONDS, ())
        # The analysers (spaCy, the encoders) are not shared across threads: one analysis
        # (an ad-hoc comparison's or an ingestion's) at a time.
        self._analysing = threading.Lock()

    def story_page(self, story_id: int) -> StoryPage | None:
        """The story's page and JSON from the cache, built first if missing or out of date;
        None for an unknown story."""
        stamp = self.db.story_stamp(story_id)
        if stamp is None:
            return None
        return self.story_pages.get(
            (story_id, stamp), story_id, lambda: build_story_page(self.db.store(), story_id)
        )

    async def story_page_soon(self, story_id: int) -> StoryPage | None:
        """``story_page``, answered on the event loop when cached (one indexed read-only
        query and a dictionary lookup), else built on a worker thread."""
        stamp = self.db.story_stamp(story_id)
        if stamp is None:
            return None
        cached = self.story_pages.peek((story_id, stamp))
        if cached is not None:
            return cached
        return await run_in_threadpool(self.story_page, story_id)

    def stories(
        self, filters: StoryFilters, *, order: str, limit: int, offset: int
    ) -> tuple[list[StorySummary], int]:
        """One page of the stories matching ``filters`` and how many match in all."""
        store = self.db.store()
        where = {
            "since": filters.since,
            "outlet": filters.outlet,
            "language": filters.language,
            "query": filters.query(),
        }
        found = store.stories(**where, order=order, limit=limit, offset=offset)
        if len(found) < limit and (found or not offset):
            return found, offset + len(found)  # the last page: nothing to count
        return found, store.count_stories(**where)

    async def search(self, key: Hashable, render: Callable[[], bytes]) -> bytes:
        """A search's response (``render()``), cached until the corpus changes.

        The store's searches over a large corpus take from a few milliseconds (rare
        words) to hundreds of them (common words, outlet and language filters), and
        readers repeat searches (the front page, a popular name, the next page back).
        The cache key ends with the corpus stamp, read at most once a second: a search
        may answer from before a write that second. A hit is answered on the event loop;
        a miss renders on a worker thread.
        """
        now = time.monotonic()
        checked, stamp = self._stamp
        if now - checked >= STAMP_SECONDS:
            stamp = self.db.corpus_stamp()
            self._stamp = (now, stamp)
        full = (key, stamp)
        cached = self.searches.peek(full)
        if cached is not None:
            return cached
        return await run_in_threadpool(self.searches.get, full, key, render)

    def article(self, article_id: str) -> ArticlePage | None:
        store = self.db.store()
        analysis = store.get_analysis(article_id)
        article = analysis.article if analysis else store.get_article(article_id)
        if article is None:
            return None
        groups: dict[str, CopyGroup] = {}
        for row in store.copies([article_id]):
            group = groups.setdefault(row.group_id, CopyGroup(row.kind, row.origin_id, []))
            group.members.append((row.article_id, row.score))
        others = {m for g in groups.values() for m, _ in g.members} - {article_id}
        titles = {a.id: a.outlet or a.title or a.id for a in store.articles(sorted(others))}
        return ArticlePage(
            article, analysis, store.story_of(article_id), list(groups.values()), titles
        )

    def compare(self, items: Iterable[Article | InputError]) -> Compared:
        """Analyse the readable items and compare them."""
        result = Compared(None)
        analyses: list[Analysis] = []
        with self._analysing:
            for item in analyze_many(items, AnalysisConfig(), workers=1):
                if isinstance(item, InputError):
                    result.errors.append(item)
                else:
                    analyses.append(item)
        if len(analyses) >= 2:
            result.comparison = compare_analyses(analyses)
        return result

    def ingest(self, items: Iterable[Article | InputError]) -> IngestResult:
        """Store, analyse and group into stories (callers check ``allow_ingest`` first)."""
        store = self.db.store()
        with self._analysing:
            report = ingest_items(items, store)
            clustered = cluster_store(store)
        self._stamp = (-STAMP_SECONDS, ())  # this app's own writes show in its next search
        return IngestResult(
            read=report.read,
            added=report.added,
            skipped=report.skipped,
            analysed=report.analysed,
            assigned=clustered.assigned,
            new_stories=clustered.new_stories,
            errors=[str(e) for e in report.errors],
        )


async def get_web(request: Request) -> Web:
    """The app's ``Web``, as a dependency (async: resolved on the event loop, no thread)."""
    return request.app.state.web


WebDep = Annotated[Web, Depends(get_web)]
