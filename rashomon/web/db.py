"""The web app's database access: one ``Store`` per server thread, plus a read-only connection.

A ``Store`` wraps one sqlite3 connection usable only by the thread that opened it, and the
server answers requests on a pool of worker threads (FastAPI runs plain ``def`` endpoints in
AnyIO's thread pool). So each worker thread opens its own ``Store`` the first time it needs
one and keeps it for the life of the app: a per-thread pool that never hands a connection
across threads and never pays ``Store.open`` per request. Unless the app ingests, each is
opened read-only (``Store.open(read_only=True)``: SQLite refuses any write, and the
connection is tuned for reading a large corpus). WAL mode lets all of them read while an
ingestion writes.

The few queries the store has no method for (a story's change stamp, the store's change
counter) run on a second per-thread connection, always read-only
(``mode=ro``). The stamps are read on the event loop's thread (a cached answer is sent from
there without a thread hop); opening a read-only connection never waits for the write lock."""

from __future__ import annotations

import sqlite3
import threading
from pathlib import Path

from rashomon.store.sqlite import Store

# Everything a story page is made from, folded into one value that changes whenever the
# page would: the story row (members, summary: put_stories rewrites updated_at), the
# analyses of its members (a new analyser version replaces them), its copy groups, and the
# outlet registry (the page draws the story's coverage by outlet group).
_STORY_STAMP = (
    "SELECT stories.updated_at, "
    "(SELECT count(*) || '/' || coalesce(max(analyses.created_at), '') "
    " FROM story_members JOIN analyses ON analyses.article_id = story_members.article_id "
    " WHERE story_members.story_id = stories.id), "
    "(SELECT count(*) || '/' || coalesce(group_concat(copies.group_id || copies.kind), '') "
    " FROM story_members JOIN copies ON copies.article_id = story_members.article_id "
    " WHERE story_members.story_id = stories.id), "
    "(SELECT coalesce(max(revision), 0) || '/' || count(*) FROM outlets) "
    "FROM stories WHERE stories.id = ?"
)


class Database:
    """Per-thread access to one rashomon store file (see the module docstring)."""

    def __init__(self, path: str | Path, *, read_only: bool = True) -> None:
        self.path = Path(path)
        self.read_only = read_only
        self._local = threading.local()

    def store(self) -> Store:
        """This thread's ``Store``, opened on first use (read-only unless ``read_only`` is
        off: only an app that ingests needs to write)."""
        store = getattr(self._local, "store", None)
        if store is None:
            store = self._local.store = Store.open(self.path, read_only=self.read_only)
        return store

    def _reader(self) -> sqlite3.Connection:
        reader = getattr(self._local, "reader", None)
        if reader is None:
            uri = self.path.resolve().as_uri() + "?mode=ro"
            reader = self._local.reader = sqlite3.connect(uri, uri=True)
        return reader

    def corpus_stamp(self) -> int:
        """A number that changes whenever anyone commits a write to the store (SQLite's
        ``data_version``: a few microseconds, no table read). It is this thread's reader's
        own count, so compare only values read on the same thread (the event loop's)."""
        return self._reader().execute("PRAGMA data_version").fetchone()[0]

    def story_stamp(self, story_id: int) -> tuple[str, ...] | None:
        """A value that changes whenever the story's page would; None for an unknown story."""
        row = self._reader().execute(_STORY_STAMP, (story_id,)).fetchone()
        return None if row is None else tuple(row)
