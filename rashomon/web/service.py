"""What the pages and the JSON API do, in one place: both are thin layers over ``Web``.

One ``Web`` per app holds the per-thread database access, the story page and search caches, the
fetcher (when fetching is allowed) and the switches that make the app read-only or not.
"""

from __future__ import annotations

import gzip
import re
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Annotated

from fastapi import Depends, Request
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import Headers
from starlette.responses import Response
from starlette.types import ASGIApp, Receive, Scope, Send

from rashomon.analyze.pipeline import AnalysisConfig, analyze_many
from rashomon.compare.types import Comparison
from rashomon.errors import InputError
from rashomon.ingest.fetch import Fetcher
from rashomon.link.corpus import cluster_store
from rashomon.outlets.registry import Registry, outlet_row
from rashomon.store.ingest import ingest_items
from rashomon.types import Analysis, Article, StoryFilter, StorySummary
from rashomon.web.cache import PageCache
from rashomon.web.db import Database
from rashomon.web.story import StoryPage, build_story_page, compare_analyses, compressed_response

DEFAULT_CACHE_BYTES = 256 * 2**20
SEARCH_CACHE_BYTES = 32 * 2**20
# The searches whose answers are cached, by path: the stories page and the API's lists.
SEARCH_PATHS = frozenset(
    {
        "/",
        "/articles",
        "/outlets",
        "/coverage",
        "/api/stories",
        "/api/articles",
        "/api/quotes",
        "/api/outlets",
        "/api/coverage",
        "/api/blindspots",
    }
)
# A story's page or JSON; longer ids (up to the routes' 2**62) are left to the app.
_STORY_PATH = re.compile(r"/(?P<api>api/)?stories/(?P<id>[1-9][0-9]{0,17})")
MAX_STAMPS = 100_000  # story stamps remembered between two writes to the store
INGEST_DISABLED = "ingestion is not enabled on this server (it is read-only)"
MAX_BODY_BYTES = 2 * 2**20  # per request: uploads, pasted text, JSON bodies
MAX_LIMIT = 200  # items per page of any list
MAX_OFFSET = 10**9  # far past any corpus, and inside SQLite's integers


@dataclass(frozen=True, slots=True)
class StorySearch:
    """What a story search asks for: the store's filter, and an outlet group (a dimension
    of the registry and one of its groups: stories with an article of an outlet in it),
    which ``Web.story_filter`` turns into the filter's ``outlets``."""

    where: StoryFilter
    dimension: str | None = None  # lean, country, ...
    group: str | None = None  # a value of the dimension


@dataclass(frozen=True, slots=True)
class Answer:
    """A search's response body, gzip-compressed (as ``StoryPage``), and its media type."""

    body_gz: bytes
    media_type: str

    def __len__(self) -> int:
        return len(self.body_gz)

    def response(self, accept_encoding: str) -> Response:
        return compressed_response(self.body_gz, self.media_type, accept_encoding)


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
    reused: int  # copies given the stored analysis of the same text
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
        self.db = Database(db_path, read_only=not allow_ingest)
        self.allow_ingest = allow_ingest
        self.fetcher = (
            Fetcher(allow_private=allow_private, max_bytes=MAX_BODY_BYTES) if allow_fetch else None
        )
        self.story_pages: PageCache[StoryPage] = PageCache(cache_bytes)
        self.searches: PageCache[Answer] = PageCache(SEARCH_CACHE_BYTES)
        # Story stamps read since the store last changed: (its change counter, id -> stamp).
        self._story_stamps: tuple[int, dict[int, tuple[str, ...] | None]] = (-1, {})
        # The analysers (spaCy, the encoders) are not shared across threads: one analysis
        # (an ad-hoc comparison's or an ingestion's) at a time.
        self._analysing = threading.Lock()

    def _story_stamp(self, story_id: int) -> tuple[str, ...] | None:
        """``Database.story_stamp``, read again only after a write to the store (event loop
        thread only: it compares the store's change counter)."""
        version = self.db.corpus_stamp()
        seen, stamps = self._story_stamps
        if seen != version or len(stamps) >= MAX_STAMPS:
            stamps = {}
            self._story_stamps = (version, stamps)
        if story_id not in stamps:
            stamps[story_id] = self.db.story_stamp(story_id)
        return stamps[story_id]

    async def story_page(self, story_id: int) -> StoryPage | None:
        """The story's page and JSON from the cache, built first on a worker thread if
        missing or out of date (once, however many ask); None for an unknown story."""
        stamp = self._story_stamp(story_id)
        if stamp is None:
            return None
        return await run_in_threadpool(
            self.story_pages.get,
            (story_id, stamp),
            story_id,
            lambda: build_story_page(self.db.store(), story_id),
        )

    def stories(
        self, search: StorySearch, *, order: str, limit: int, offset: int
    ) -> tuple[list[StorySummary], int]:
        """One page of the stories ``search`` finds and how many it finds in all."""
        store = self.db.store()
        return store.stories_and_total(
            self.story_filter(search), order=order, limit=limit, offset=offset
        )

    def story_filter(self, search: StorySearch) -> StoryFilter:
        """The store's filter for ``search``: an outlet group becomes its outlets (those of
        the stories whose outlet, by name, falls in the group)."""
        if not (search.dimension and search.group):
            return search.where
        store = self.db.store()
        registry = Registry.load(store)
        outlets = tuple(
            name
            for name in store.story_outlet_names()
            if registry.group(search.dimension, outlet_row(name)) == search.group
        )
        return replace(search.where, outlets=outlets)

    def cached_response(self, scope: Scope) -> Response | None:
        """The answer to this GET from the caches (a search's or a story's), if they hold
        it: a few dictionary lookups and, after a write, one indexed query (event loop
        thread only)."""
        path = scope["path"]
        accepts = Headers(scope=scope).get("accept-encoding", "")
        if path in SEARCH_PATHS:
            found = self.searches.peek((_request_key(scope), self.db.corpus_stamp()))
            return None if found is None else found.response(accepts)
        story = _STORY_PATH.fullmatch(path)
        if story is None:
            return None
        story_id = int(story["id"])
        stamp = self._story_stamp(story_id)
        page = None if stamp is None else self.story_pages.peek((story_id, stamp))
        if page is None:
            return None
        return page.json_response(accepts) if story["api"] else page.html_response(accepts)

    async def search(
        self, request: Request, media_type: str, render: Callable[[], bytes]
    ) -> Response:
        """A search's response (``render()``), cached until the store changes.

        The store's searches over a large corpus take from a few milliseconds (rare words)
        to a few hundred (common words and names), and readers repeat searches (the front
        page, a popular name, the next page back). Answers are kept under the request's
        path and query string, exactly as sent, and the store's change counter (read on
        every request: any write by anyone makes every answer a miss); ``CachedFastPath``
        answers from the cache before FastAPI parses anything, so only a miss reaches
        here, to be rendered on a worker thread (once, however many ask at the same time).
        """
        key = (_request_key(request.scope), self.db.corpus_stamp())

        def answer() -> Answer:
            return Answer(gzip.compress(render(), mtime=0), media_type)

        found = await run_in_threadpool(self.searches.get, key, key[0], answer)
        return found.response(request.headers.get("accept-encoding", ""))

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
        return IngestResult(
            read=report.read,
            added=report.added,
            skipped=report.skipped,
            analysed=report.analysed,
            reused=report.reused,
            assigned=clustered.assigned,
            new_stories=clustered.new_stories,
            errors=[str(e) for e in report.errors],
        )


def _request_key(scope: Scope) -> tuple[str, bytes]:
    return scope["path"], scope["query_string"]


class CachedFastPath:
    """Answers GETs of cached searches and story pages before routing and validation.

    Routing a request and validating its parameters costs FastAPI more than finding a
    cached answer does, and at a few thousand requests a second that cost is the server's
    limit. A cached answer was made for exactly this path (and, for a search, query
    string), which was valid then and still is, so those GETs are looked up first
    (``Web.cached_response``) and only misses go on to the app. Everything outside (the
    security headers) still wraps these answers.
    """

    def __init__(self, app: ASGIApp, *, web: Web) -> None:
        self.app = app
        self.web = web

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and scope["method"] == "GET":
            found = self.web.cached_response(scope)
            if found is not None:
                await found(scope, receive, send)
                return
        await self.app(scope, receive, send)


async def get_web(request: Request) -> Web:
    """The app's ``Web``, as a dependency (async: resolved on the event loop, no thread)."""
    return request.app.state.web


WebDep = Annotated[Web, Depends(get_web)]
