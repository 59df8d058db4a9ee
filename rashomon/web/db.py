"""The web app's database access: one ``Store`` per server thread, plus a read-only connection.

A ``Store`` wraps one sqlite3 connection usable only by the thread that opened it, and the
server answers requests on a pool of worker threads (FastAPI runs plain ``def`` endpoints in
AnyIO's thread pool). So each worker thread opens its own ``Store`` the first time it needs
one and keeps it for the life of the app: a per-thread pool that never hands a connection
across threads and never pays ``Store.open`` (which takes the write lock to check the
schema) per request. WAL mode lets all of them read while an ingestion writes.

The few queries the store has no method for (quotes by speaker, a story's change stamp) run
on a second per-thread connection opened read-only (``mode=ro``), so nothing the web app
writes by mistake can reach the file. The story stamp is also read on the event loop's
thread (a cached story page is answered there without a thread hop); opening a read-only
connection never waits for the write lock, which ``Store.open`` (migrations) may.
"""

from __future__ import annotations

import sqlite3
import threading
from dataclasses import dataclass
from pathlib import Path

from rashomon.store.sqlite import Store

# Quotes whose speaker contains the words asked for, newest article first. LIKE is
# case-insensitive for ASCII; the pattern's own % and _ are escaped.
_QUOTES_WHERE = "WHERE quotes.speaker LIKE ? ESCAPE '\\'"
_QUOTES_SELECT = (
    'SELECT quotes.article_id, quotes.idx, quotes.start, quotes."end", quotes.kind, '
    "quotes.speaker, quotes.text, quotes.cue, articles.title, articles.outlet, "
    "articles.published, story_members.story_id "
    "FROM quotes JOIN articles ON articles.id = quotes.article_id "
    "LEFT JOIN story_members ON story_members.article_id = quotes.article_id "
    f"{_QUOTES_WHERE} "
    "ORDER BY articles.published IS NULL, articles.published DESC, quotes.article_id, "
    "quotes.idx LIMIT ? OFFSET ?"
)

# Everything a story page is made from, folded into one value that changes whenever the
# page would: the story row (members, summary: put_stories rewrites updated_at), the
# analyses of its members (a new analyser version replaces them) and its copy groups.
_STORY_STAMP = (
    "SELECT stories.updated_at, "
    "(SELECT count(*) || '/' || coalesce(max(analyses.created_at), '') "
    " FROM story_members JOIN analyses ON analyses.article_id = story_members.article_id "
    " WHERE story_members.story_id = stories.id), "
    "(SELECT count(*) || '/' || coalesce(group_concat(copies.group_id || copies.kind), '') "
    " FROM story_members JOIN copies ON copies.article_id = story_members.article_id "
    " WHERE story_members.story_id = stories.id) "
    "FROM stories WHERE stories.id = ?"
)


# Stories are rewritten in place, so their rows are summed up (a scan of the small stories
# table); articles and analyses are only ever added (a new analysis replaces the old row),
# so the newest rowid says enough and costs one index step.
_CORPUS_STAMP = (
    "SELECT (SELECT max(updated_at) || '/' || count(*) || '/' || total(size) FROM stories), "
    "(SELECT max(rowid) FROM articles), (SELECT max(rowid) FROM analyses)"
)


@dataclass(frozen=True, slots=True)
class QuoteHit:
    """A stored quote, with the article and story it is in."""

    article_id: str
    index: int
    start: int
    end: int
    kind: str
    speaker: str | None
    text: str
    cue: str | None
    title: str | None
    outlet: str | None
    published: str | None
    story_id: int | None


class Database:
    """Per-thread access to one rashomon store file (see the module docstring)."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self._local = threading.local()

    def store(self) -> Store:
        """This thread's ``Store``, opened on first use."""
        store = getattr(self._local, "store", None)
        if store is None:
            store = self._local.store = Store.open(self.path)
        return store

    def _reader(self) -> sqlite3.Connection:
        reader = getattr(self._local, "reader", None)
        if reader is None:
            uri = self.path.resolve().as_uri() + "?mode=ro"
            reader = self._local.reader = sqlite3.connect(uri, uri=True)
        return reader

    def quotes(self, speaker: str, *, limit: int, offset: int) -> list[QuoteHit]:
        """Quotes whose speaker's name contains ``speaker`` (any case), newest first."""
        rows = self._reader().execute(_QUOTES_SELECT, (_contains(speaker), limit, offset))
        return [QuoteHit(*row) for row in rows]

    def count_quotes(self, speaker: str) -> int:
        return (
            self._reader()
            .execute(f"SELECT count(*) FROM quotes {_QUOTES_WHERE}", (_contains(speaker),))
            .fetchone()[0]
        )

    def corpus_stamp(self) -> tuple[object, ...]:
        """A value that changes whenever a search could answer differently: a story written
        (its summary rewritten, a merge, a new one), an article or an analysis added."""
        return tuple(self._reader().execute(_CORPUS_STAMP).fetchone())

    def story_stamp(self, story_id: int) -> tuple[str, ...] | None:
        """A value that changes whenever the story's page would; None for an unknown story."""
        row = self._reader().execute(_STORY_STAMP, (story_id,)).fetchone()
        return None if row is None else tuple(row)


def _contains(words: str) -> str:
    escaped = words.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"
