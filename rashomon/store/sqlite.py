"""``Store``: the SQLite file beneath the pipeline (tables in docs/store.md).

Threads and processes: a ``Store`` wraps one ``sqlite3`` connection and belongs to the
thread that opened it (sqlite3 refuses use from another thread); never carry one across a
fork either. Every thread or process that needs the file opens its own ``Store`` on the same
path. WAL mode lets any number of readers work while one writer commits; writers take turns,
each waiting up to ``timeout`` seconds for the lock (busy timeout) before failing.

Every write method is one transaction of its own (``BEGIN IMMEDIATE`` ... ``COMMIT``), so a
process killed at any point leaves each article either fully stored or not at all.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from types import TracebackType

from rashomon.store.codec import (
    StoredAnalysis,
    StoredVectors,
    decode,
    decode_meta,
    encode,
    encode_meta,
)
from rashomon.store.schema import StoreError, migrate
from rashomon.types import Analysis, Article

_TABLES = ("articles", "analyses", "embeddings", "quotes", "entities", "citations")


def default_db_path() -> Path:
    """``$RASHOMON_DB``, else ``$XDG_DATA_HOME/rashomon/rashomon.db``.

    XDG_DATA_HOME defaults to ~/.local/share, so the usual place is
    ``~/.local/share/rashomon/rashomon.db``.
    """
    if os.environ.get("RASHOMON_DB"):
        return Path(os.environ["RASHOMON_DB"])
    # The XDG spec says a relative XDG_DATA_HOME is invalid and must be ignored.
    data_home = os.environ.get("XDG_DATA_HOME", "")
    base = Path(data_home) if os.path.isabs(data_home) else Path.home() / ".local" / "share"
    return base / "rashomon" / "rashomon.db"


class Store:
    """A rashomon database file; open it with ``Store.open(path)``, use it as a context manager."""

    def __init__(self, connection: sqlite3.Connection, path: Path) -> None:
        self._db = connection
        self.path = path

    @classmethod
    def open(cls, path: str | os.PathLike[str], *, timeout: float = 30.0) -> Store:
        """Open (creating the file and its folder if missing) and migrate it to this schema.

        Raises StoreError for a file that is not a rashomon database, one written by a newer
        rashomon, or a place where WAL cannot work.
        """
        path = Path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        # isolation_level=None: transactions are ours to begin and end (see _transaction);
        # the module's implicit ones would start before SELECTs and hold locks unexpectedly.
        connection = sqlite3.connect(path, timeout=timeout, isolation_level=None)
        try:
            connection.execute("PRAGMA foreign_keys = ON")
            mode = connection.execute("PRAGMA journal_mode = WAL").fetchone()[0]
            if mode != "wal":
                raise StoreError(f"{path}: cannot use WAL mode here (journal mode is {mode})")
            # In WAL mode NORMAL never corrupts and keeps every commit through a crash of the
            # process (kill -9); only a power cut can undo the last commits, which an ingest
            # run simply redoes. FULL would fsync on every article.
            connection.execute("PRAGMA synchronous = NORMAL")
            migrate(connection, str(path))
        except sqlite3.DatabaseError as error:
            connection.close()
            raise StoreError(f"{path}: {error}") from None
        except BaseException:
            connection.close()
            raise
        return cls(connection, path)

    def close(self) -> None:
        self._db.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()

    @contextmanager
    def _transaction(self) -> Iterator[sqlite3.Connection]:
        # IMMEDIATE takes the write lock at BEGIN, where the busy timeout applies; a deferred
        # transaction upgrading later can fail at once with "database is locked".
        self._db.execute("BEGIN IMMEDIATE")
        try:
            yield self._db
        except BaseException:
            if self._db.in_transaction:
                self._db.execute("ROLLBACK")
            raise
        self._db.execute("COMMIT")

    # --- writing

    def add_article(self, article: Article) -> bool:
        """Store ``article`` unless one with its id is stored already; True when added.

        The id is a hash of url and text, so the same article read again (from another path,
        with other front matter) keeps the metadata it was first stored with.
        """
        with self._transaction() as db:
            return _insert_article(db, article)

    def put_analysis(self, analysis: Analysis, *, version: str) -> None:
        """Store ``analysis`` (made by analyser ``version``), replacing any earlier one.

        One transaction writes the analysis, its search rows (quotes, entities, citations)
        and its vectors, adding the article first if it is not stored yet.
        """
        stored = encode(analysis)
        article_id = analysis.article.id
        now = _now()
        with self._transaction() as db:
            _insert_article(db, analysis.article)
            # Deleting cascades to the search rows and vectors of the older analysis.
            db.execute("DELETE FROM analyses WHERE article_id = ?", (article_id,))
            db.execute(
                "INSERT INTO analyses (article_id, version, language, data, created_at) "
                "VALUES (?, ?, ?, ?, ?)",
                (article_id, version, stored.language, stored.data, now),
            )
            db.executemany(
                'INSERT INTO quotes (article_id, idx, start, "end", kind, speaker, text, cue) '
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                [
                    (article_id, n, q.start, q.end, q.kind, q.speaker, q.text, q.cue and q.cue.text)
                    for n, q in enumerate(analysis.quotes)
                ],
            )
            db.executemany(
                "INSERT INTO entities (article_id, entity_id, name, label, mentions) "
                "VALUES (?, ?, ?, ?, ?)",
                [(article_id, e.id, e.name, e.label, len(e.mentions)) for e in analysis.entities],
            )
            db.executemany(
                "INSERT INTO citations "
                '(article_id, idx, source, kind, cue, start, "end", self_credit) '
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                [
                    (article_id, n, c.source, c.kind, c.cue, c.start, c.end, int(c.self_credit))
                    for n, c in enumerate(analysis.citations)
                ],
            )
            if stored.vectors is not None:
                v = stored.vectors
                db.execute(
                    "INSERT INTO embeddings "
                    "(article_id, model, dim, dtype, n_sentences, document, sentences) "
                    "VALUES (?, ?, ?, ?, ?, ?, ?)",
                    (article_id, v.model, v.dim, v.dtype, v.n_sentences, v.document, v.sentences),
                )

    # --- reading

    def get_article(self, article_id: str) -> Article | None:
        return next(self.articles([article_id]), None)

    def articles(self, ids: Iterable[str]) -> Iterator[Article]:
        """The stored articles with these ids, in the order given; ids not stored yield none."""
        for article_id in ids:
            rows = self._db.execute(
                f"SELECT {_ARTICLE_COLUMNS} FROM articles WHERE id = ?", (article_id,)
            )
            yield from map(_article, rows)

    def has_analysis(self, article_id: str, version: str) -> bool:
        """Whether an analysis of the article made by analyser ``version`` is stored."""
        row = self._db.execute(
            "SELECT 1 FROM analyses WHERE article_id = ? AND version = ?", (article_id, version)
        )
        return row.fetchone() is not None

    def get_analysis(self, article_id: str) -> Analysis | None:
        """The stored analysis of the article, exactly as it was put; None when there is none.

        Raises StoreError when the stored form cannot be decoded (see codec).
        """
        # One statement, so one snapshot: a writer replacing the analysis meanwhile cannot
        # pair the old JSON with the new vectors.
        row = self._db.execute(
            f"SELECT {_JOINED_ARTICLE_COLUMNS}, analyses.language, data, "
            "model, dim, dtype, n_sentences, document, sentences "
            "FROM articles JOIN analyses ON analyses.article_id = articles.id "
            "LEFT JOIN embeddings ON embeddings.article_id = articles.id "
            "WHERE articles.id = ?",
            (article_id,),
        ).fetchone()
        if row is None:
            return None
        n = len(_ARTICLE_FIELDS)
        language, data, model, *vectors = row[n:]
        stored = StoredAnalysis(
            article=_article(row[:n]),
            language=language,
            data=data,
            vectors=None if model is None else StoredVectors(model, *vectors),
        )
        return decode(stored)

    def article_ids(self, *, outlet: str | None = None, analysed: bool | None = None) -> list[str]:
        """Ids of stored articles in id order, of one ``outlet`` and with or without an analysis."""
        conditions, values = [], []
        if outlet is not None:
            conditions.append("outlet = ?")
            values.append(outlet)
        if analysed is not None:
            exists = "EXISTS (SELECT 1 FROM analyses WHERE article_id = articles.id)"
            conditions.append(exists if analysed else f"NOT {exists}")
        where = f"WHERE {' AND '.join(conditions)}" if conditions else ""
        rows = self._db.execute(f"SELECT id FROM articles {where} ORDER BY id", values)
        return [article_id for (article_id,) in rows]

    def counts(self) -> dict[str, int]:
        """Rows in each table: articles, analyses, embeddings, quotes, entities, citations."""
        # Table names come from _TABLES, never from the caller.
        return {
            table: self._db.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
            for table in _TABLES
        }


# In Article's field order, so a row of them is Article(*row) once meta is decoded.
_ARTICLE_FIELDS = (
    "id",
    "text",
    "title",
    "outlet",
    "url",
    "published",
    "language",
    "byline",
    "path",
    "meta",
)
_ARTICLE_COLUMNS = ", ".join(_ARTICLE_FIELDS)
_JOINED_ARTICLE_COLUMNS = ", ".join(f"articles.{name}" for name in _ARTICLE_FIELDS)


def _insert_article(db: sqlite3.Connection, article: Article) -> bool:
    cursor = db.execute(
        "INSERT OR IGNORE INTO articles "
        f"({_ARTICLE_COLUMNS}, ingested_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (
            article.id,
            article.text,
            article.title,
            article.outlet,
            article.url,
            article.published,
            article.language,
            article.byline,
            article.path,
            encode_meta(article.meta),
            _now(),
        ),
    )
    return cursor.rowcount == 1


def _article(row: tuple) -> Article:
    *fields, meta = row
    return Article(*fields, meta=decode_meta(meta))


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")
