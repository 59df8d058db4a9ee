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
import re
import sqlite3
import unicodedata
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from types import TracebackType

import numpy as np
import orjson

from rashomon.store.codec import (
    VECTOR_DTYPE,
    StoredAnalysis,
    StoredVectors,
    decode,
    decode_meta,
    encode,
    encode_meta,
)
from rashomon.store.schema import (
    APPLICATION_ID,
    SCHEMA_VERSION,
    StoreError,
    migrate,
    text_hash,
)
from rashomon.types import Analysis, Article, Assignment, StoryFilter, StorySummary

_TABLES = (
    "articles",
    "analyses",
    "embeddings",
    "quotes",
    "entities",
    "citations",
    "copies",
    "stories",
    "story_members",
)


@dataclass(frozen=True, slots=True)
class StoryInput:
    """What the story index reads of a stored, analysed article."""

    id: str
    vector: np.ndarray  # the document vector, float32
    text: str
    title: str | None
    published: str | None
    outlet: str | None
    language: str  # the analysis's detected language
    story_id: int | None  # its story, when it has one


@dataclass(frozen=True, slots=True)
class ArticleHit:
    """An article found by ``Store.search_articles``: its listing, not its text."""

    id: str
    title: str | None
    outlet: str | None
    published: str | None
    language: str | None
    url: str | None
    story_id: int | None
    snippet: str  # the matching passage, with the matched words between \x02 and \x03


@dataclass(frozen=True, slots=True)
class QuoteHit:
    """A quote found by ``Store.quotes_by_speaker``, with the article and story it is in."""

    article_id: str
    index: int  # its position in the article's analysis
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


@dataclass(frozen=True, slots=True)
class StoredCopy:
    """An article's place in a copy group."""

    article_id: str
    group_id: str
    kind: str  # "copy" or "translation"
    origin_id: str
    score: float


@dataclass(frozen=True, slots=True)
class OutletRecord:
    """One outlet of the registry as stored: ``id`` None for a new one. ``ratings`` maps a
    rating's name to (value, source: the table it came from)."""

    id: int | None
    name: str
    aliases: tuple[str, ...] = ()
    domains: tuple[str, ...] = ()
    country: str | None = None
    language: str | None = None
    owner: str | None = None
    ratings: Mapping[str, tuple[str, str]] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class RatingScale:
    """A rating's scale as the user named it, with its values in order (may be empty)."""

    rating: str
    scale: str
    levels: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class CoverageRow:
    """What coverage counts of one article: who published it, where, when, in what."""

    id: str
    outlet: str | None
    url: str | None
    published: str | None
    language: str | None  # detected, else declared
    story_id: int | None
    title: str | None


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


# For connections that read a large corpus (the web app's): a 32 MiB page cache and reads
# from a memory map of the file's first 2 GiB (SQLite's own limit) instead of a system call
# per page. A search that joins tens of thousands of articles to their stories runs about
# twice as fast (docs/web.md).
READING_PRAGMAS = ("PRAGMA cache_size = -32768", "PRAGMA mmap_size = 2147418112")


def _prepare(connection: sqlite3.Connection, path: Path) -> None:
    """The settings of a connection that may write, and the schema brought up to date."""
    connection.execute("PRAGMA foreign_keys = ON")
    mode = connection.execute("PRAGMA journal_mode = WAL").fetchone()[0]
    if mode != "wal":
        raise StoreError(f"{path}: cannot use WAL mode here (journal mode is {mode})")
    # In WAL mode NORMAL never corrupts and keeps every commit through a crash of the
    # process (kill -9); only a power cut can undo the last commits, which an ingest run
    # simply redoes. FULL would fsync on every article.
    connection.execute("PRAGMA synchronous = NORMAL")
    migrate(connection, str(path))


def _check_version(connection: sqlite3.Connection, name: str) -> None:
    """Refuse a file a read-only connection cannot use: not a rashomon store, or one at
    another schema version (which only opening it for writing would upgrade)."""
    application_id, version = (
        connection.execute(f"PRAGMA {pragma}").fetchone()[0]
        for pragma in ("application_id", "user_version")
    )
    if application_id != APPLICATION_ID:
        raise StoreError(f"{name}: not a rashomon database")
    if version != SCHEMA_VERSION:
        raise StoreError(
            f"{name}: database schema version {version}, this rashomon reads version "
            f"{SCHEMA_VERSION} (open it once with write access to upgrade it)"
        )


class Store:
    """A rashomon database file; open it with ``Store.open(path)``, use it as a context manager."""

    def __init__(self, connection: sqlite3.Connection, path: Path) -> None:
        self._db = connection
        self.path = path

    @classmethod
    def open(
        cls, path: str | os.PathLike[str], *, timeout: float = 30.0, read_only: bool = False
    ) -> Store:
        """Open (creating the file and its folder if missing) and migrate it to this schema.

        ``read_only`` opens an existing file that SQLite itself will not let this connection
        write (``mode=ro``), tuned for reading a large corpus (``READING_PRAGMAS``); it is
        never migrated, so it must be at this schema version already.

        Raises StoreError for a file that is not a rashomon database, one written by a newer
        rashomon (or, read-only, an older one), or a place where WAL cannot work.
        """
        path = Path(path)
        if not read_only:
            path.parent.mkdir(parents=True, exist_ok=True)
        target = f"{path.resolve().as_uri()}?mode=ro" if read_only else str(path)
        try:
            # isolation_level=None: transactions are ours to begin and end (_transaction);
            # the module's implicit ones would start before SELECTs and hold locks.
            connection = sqlite3.connect(
                target, uri=read_only, timeout=timeout, isolation_level=None
            )
        except sqlite3.DatabaseError as error:
            raise StoreError(f"{path}: {error}") from None
        try:
            if read_only:
                _check_version(connection, str(path))
                for pragma in READING_PRAGMAS:
                    connection.execute(pragma)
            else:
                _prepare(connection, path)
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
            row = db.execute(
                "INSERT INTO analyses (article_id, version, language, data, created_at) "
                "VALUES (?, ?, ?, ?, ?)",
                (article_id, version, stored.language, stored.data, now),
            ).lastrowid
            speakers = dict.fromkeys(q.speaker for q in analysis.quotes if q.speaker)
            db.execute(
                "INSERT INTO analysis_names (rowid, article_id, entities, speakers) "
                "VALUES (?, ?, ?, ?)",
                (
                    row,
                    article_id,
                    "\n".join(e.name for e in analysis.entities),
                    "\n".join(speakers),
                ),
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

    def analysis_source(self, article: Article, version: str) -> str | None:
        """Another stored article whose analysis by ``version`` is also ``article``'s; None
        when there is none.

        The analysis reads an article's text, declared language, title (page furniture) and
        outlet (credits to itself) and nothing else, and is a pure function of them, so an
        article equal to this one in all four has the very analysis this one would get
        (offsets included: the text is the same). One seek in ``articles_text_hash``; the
        texts are compared too, so a hash collision can never pair two texts.
        """
        row = self._db.execute(
            "SELECT articles.id FROM articles "
            "JOIN analyses ON analyses.article_id = articles.id "
            "WHERE articles.text_hash = ? AND articles.language IS ? "
            "AND articles.outlet IS ? AND articles.title IS ? "
            "AND articles.id != ? AND analyses.version = ? AND articles.text = ? LIMIT 1",
            (
                text_hash(article.text),
                article.language,
                article.outlet,
                article.title,
                article.id,
                version,
                article.text,
            ),
        ).fetchone()
        return None if row is None else row[0]

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

    # --- stories and copies

    def story_inputs(
        self, *, unassigned_only: bool = False, story_ids: Iterable[int] | None = None
    ) -> Iterator[StoryInput]:
        """Analysed articles with vectors, in publication order (undated last, by id).

        ``unassigned_only`` keeps those in no story yet; ``story_ids`` those in these stories.
        Rows stream from one query, so a corpus of millions is never held at once.
        """
        conditions, values = [], []
        if unassigned_only:
            conditions.append("story_members.story_id IS NULL")
        if story_ids is not None:
            ids = list(story_ids)
            if not ids:
                return
            conditions.append(f"story_members.story_id IN ({', '.join('?' * len(ids))})")
            values.extend(ids)
        where = f"WHERE {' AND '.join(conditions)}" if conditions else ""
        rows = self._db.execute(
            "SELECT articles.id, embeddings.document, articles.text, articles.title, "
            "articles.published, articles.outlet, analyses.language, story_members.story_id "
            "FROM articles JOIN analyses ON analyses.article_id = articles.id "
            "JOIN embeddings ON embeddings.article_id = articles.id "
            "LEFT JOIN story_members ON story_members.article_id = articles.id "
            f"{where} ORDER BY articles.published IS NULL, articles.published, articles.id",
            values,
        )
        for article_id, document, text, title, published, outlet, language, story in rows:
            vector = np.frombuffer(document, VECTOR_DTYPE).astype(np.float32)
            yield StoryInput(article_id, vector, text, title, published, outlet, language, story)

    def count_unassigned(self) -> int:
        """Analysed articles with vectors and no story."""
        return self._db.execute(
            "SELECT count(*) FROM embeddings WHERE NOT EXISTS "
            "(SELECT 1 FROM story_members WHERE story_members.article_id = embeddings.article_id)"
        ).fetchone()[0]

    def active_story_ids(self, since: str | None) -> list[int]:
        """Stories last seen at or after ``since`` (ISO 8601), and every undated story."""
        rows = self._db.execute(
            "SELECT id FROM stories WHERE last_seen IS NULL OR last_seen >= ? ORDER BY id",
            (since or "",),
        )
        return [story_id for (story_id,) in rows]

    def next_story_id(self) -> int:
        return self._db.execute("SELECT coalesce(max(id), 0) + 1 FROM stories").fetchone()[0]

    def newest_story_time(self) -> str | None:
        return self._db.execute("SELECT max(last_seen) FROM stories").fetchone()[0]

    def put_stories(
        self,
        assignments: Sequence[Assignment],
        summaries: Sequence[StorySummary],
        merged: Mapping[int, int],
    ) -> None:
        """Record assignments, fold merged stories into their targets, and refresh summaries.

        One transaction: a run killed between batches leaves every batch before it whole.
        """
        now = _now()
        with self._transaction() as db:
            # An upsert, not INSERT OR REPLACE: replacing deletes the row first, and the
            # delete would cascade to the story's members.
            db.executemany(
                "INSERT INTO stories (id, label, title, size, first_seen, last_seen, "
                "outlets, languages, names, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
                "ON CONFLICT (id) DO UPDATE SET label = excluded.label, title = excluded.title, "
                "size = excluded.size, first_seen = excluded.first_seen, "
                "last_seen = excluded.last_seen, outlets = excluded.outlets, "
                "languages = excluded.languages, names = excluded.names, "
                "updated_at = excluded.updated_at",
                [
                    (
                        s.id,
                        s.label,
                        s.title,
                        s.size,
                        s.first_seen,
                        s.last_seen,
                        _json(s.outlets),
                        _json(s.languages),
                        _json(s.names),
                        now,
                    )
                    for s in summaries
                ],
            )
            db.executemany(
                "INSERT OR REPLACE INTO story_members (article_id, story_id, score, seen) "
                "SELECT ?, ?, ?, published FROM articles WHERE id = ?",
                [(a.article_id, a.story_id, a.score, a.article_id) for a in assignments],
            )
            for source, target in merged.items():
                db.execute(
                    "UPDATE story_members SET story_id = ? WHERE story_id = ?", (target, source)
                )
                db.execute("DELETE FROM stories WHERE id = ?", (source,))

    def clear_stories(self) -> None:
        """Forget every story (to cluster the corpus again from scratch)."""
        with self._transaction() as db:
            db.execute("DELETE FROM story_members")
            db.execute("DELETE FROM stories")

    def stories(
        self,
        where: StoryFilter | None = None,
        *,
        order: str = "last_seen",
        limit: int = 50,
        offset: int = 0,
    ) -> list[StorySummary]:
        """The stories ``where`` keeps (all when None), newest (``order="last_seen"``) or
        biggest (``"size"``) first.

        ``since`` keeps stories last seen at or after it, ``until`` at or before it (a bare
        date: that whole day); ``outlet`` and ``language`` those with an article from that
        outlet or in that language; ``outlets`` those with an article from any of these;
        ``query`` those with an article matching the full-text query (words, all required)
        or a label containing it; ``entity`` those with an article naming a person,
        organisation or place whose name holds these words in this order (any case, accents
        ignored: "orlov" finds "Dmitri Orlov"); ``speaker`` the same for the name of someone
        quoted.
        """
        sql = _StorySql(where)
        rows = self._db.execute(
            f"{sql.ctes} SELECT {_STORY_COLUMNS} FROM stories {sql.where} "
            f"ORDER BY {_STORY_ORDER[order]} LIMIT :limit OFFSET :offset",
            {**sql.values, "limit": limit, "offset": offset},
        )
        return [_story(row) for row in rows]

    def stories_and_total(
        self,
        where: StoryFilter | None = None,
        *,
        order: str = "last_seen",
        limit: int = 50,
        offset: int = 0,
    ) -> tuple[list[StorySummary], int]:
        """``stories`` and how many stories match in all (on every page).

        One statement: the stories matching words or names are found once for both (for a
        common word, joining its tens of thousands of articles to their stories is most of
        the cost).
        """
        sql = _StorySql(where)
        count = f"SELECT count(*) FROM stories {sql.where}"
        values = {**sql.values, "limit": limit, "offset": offset}
        rows = self._db.execute(
            f"{sql.ctes} SELECT {_STORY_COLUMNS}, ({count}) FROM stories {sql.where} "
            f"ORDER BY {_STORY_ORDER[order]} LIMIT :limit OFFSET :offset",
            values,
        ).fetchall()
        if rows:
            return [_story(row[:-1]) for row in rows], rows[0][-1]
        return [], self._db.execute(f"{sql.ctes} {count}", values).fetchone()[0]

    def story(self, story_id: int) -> StorySummary | None:
        row = self._db.execute(
            f"SELECT {_STORY_COLUMNS} FROM stories WHERE id = ?", (story_id,)
        ).fetchone()
        return None if row is None else _story(row)

    def story_article_ids(self, story_id: int) -> list[str]:
        """The story's articles, in publication order (undated last)."""
        rows = self._db.execute(
            "SELECT article_id FROM story_members WHERE story_id = ? "
            "ORDER BY seen IS NULL, seen, article_id",
            (story_id,),
        )
        return [article_id for (article_id,) in rows]

    def story_of(self, article_id: str) -> int | None:
        row = self._db.execute(
            "SELECT story_id FROM story_members WHERE article_id = ?", (article_id,)
        ).fetchone()
        return None if row is None else row[0]

    def put_copies(self, article_ids: Iterable[str], rows: Iterable[StoredCopy]) -> None:
        """Replace the copy-group rows of ``article_ids`` with ``rows`` (found among them)."""
        with self._transaction() as db:
            db.executemany("DELETE FROM copies WHERE article_id = ?", [(i,) for i in article_ids])
            db.executemany(
                "INSERT OR REPLACE INTO copies (article_id, group_id, kind, origin_id, score) "
                "VALUES (?, ?, ?, ?, ?)",
                [(c.article_id, c.group_id, c.kind, c.origin_id, c.score) for c in rows],
            )

    def copies(self, article_ids: Iterable[str]) -> list[StoredCopy]:
        """Copy-group rows of every group any of ``article_ids`` belongs to."""
        ids = list(article_ids)
        if not ids:
            return []
        marks = ", ".join("?" * len(ids))
        rows = self._db.execute(
            "SELECT article_id, group_id, kind, origin_id, score FROM copies WHERE group_id IN "
            f"(SELECT group_id FROM copies WHERE article_id IN ({marks})) "
            "ORDER BY group_id, article_id = origin_id DESC, article_id",
            ids,
        )
        return [StoredCopy(*row) for row in rows]

    # --- the outlet registry (rashomon.outlets)

    def outlet_records(self) -> list[OutletRecord]:
        """Every registered outlet with its names, domains and ratings, by name."""
        names: dict[int, list[str]] = {}
        for outlet_id, name in self._db.execute(
            "SELECT outlet_id, name FROM outlet_names ORDER BY outlet_id, name"
        ):
            names.setdefault(outlet_id, []).append(name)
        domains: dict[int, list[str]] = {}
        for outlet_id, domain in self._db.execute(
            "SELECT outlet_id, domain FROM outlet_domains ORDER BY outlet_id, domain"
        ):
            domains.setdefault(outlet_id, []).append(domain)
        ratings: dict[int, dict[str, tuple[str, str]]] = {}
        for outlet_id, rating, value, source in self._db.execute(
            "SELECT outlet_id, rating, value, source FROM outlet_ratings ORDER BY rating"
        ):
            ratings.setdefault(outlet_id, {})[rating] = (value, source)
        rows = self._db.execute(
            "SELECT id, name, country, language, owner FROM outlets ORDER BY name COLLATE NOCASE"
        )
        return [
            OutletRecord(
                outlet_id,
                name,
                tuple(n for n in names.get(outlet_id, []) if n != name),
                tuple(domains.get(outlet_id, [])),
                country,
                language,
                owner,
                ratings.get(outlet_id, {}),
            )
            for outlet_id, name, country, language, owner in rows
        ]

    def rating_scales(self) -> dict[str, RatingScale]:
        rows = self._db.execute("SELECT rating, scale, levels FROM rating_scales ORDER BY rating")
        return {
            rating: RatingScale(rating, scale, tuple(orjson.loads(levels)))
            for rating, scale, levels in rows
        }

    def save_outlets(
        self,
        records: Sequence[OutletRecord],
        scales: Sequence[RatingScale] = (),
        *,
        name_key: Callable[[str], str],
    ) -> list[int]:
        """Store ``records`` (each replacing the names, domains and ratings of the outlet
        with its id, or added) and ``scales``, in one transaction; the outlets' ids.

        ``name_key`` is how the registry looks a name up (``rashomon.outlets.names``): the
        key ``outlet_names`` holds. A name, alias or domain that already belongs to another
        outlet fails the whole batch (sqlite3.IntegrityError): the registry checks first.
        """
        now = _now()
        ids: list[int] = []
        with self._transaction() as db:
            revision = db.execute("SELECT coalesce(max(revision), 0) FROM outlets").fetchone()[0]
            for record in records:
                revision += 1
                values = (record.name, record.country, record.language, record.owner)
                outlet_id: int | None
                if record.id is None:
                    outlet_id = db.execute(
                        "INSERT INTO outlets (name, country, language, owner, revision, "
                        "updated_at) VALUES (?, ?, ?, ?, ?, ?)",
                        (*values, revision, now),
                    ).lastrowid
                else:
                    outlet_id = record.id
                    db.execute(
                        "UPDATE outlets SET name = ?, country = ?, language = ?, owner = ?, "
                        "revision = ?, updated_at = ? WHERE id = ?",
                        (*values, revision, now, outlet_id),
                    )
                    for table in ("outlet_names", "outlet_domains", "outlet_ratings"):
                        db.execute(f"DELETE FROM {table} WHERE outlet_id = ?", (outlet_id,))
                keyed = {name_key(n): n for n in (*record.aliases, record.name) if name_key(n)}
                db.executemany(
                    "INSERT INTO outlet_names (key, outlet_id, name) VALUES (?, ?, ?)",
                    [(key, outlet_id, name) for key, name in keyed.items()],
                )
                db.executemany(
                    "INSERT INTO outlet_domains (domain, outlet_id) VALUES (?, ?)",
                    [(d, outlet_id) for d in dict.fromkeys(record.domains)],
                )
                db.executemany(
                    "INSERT INTO outlet_ratings (outlet_id, rating, value, source) "
                    "VALUES (?, ?, ?, ?)",
                    [(outlet_id, r, v, src) for r, (v, src) in record.ratings.items()],
                )
                assert outlet_id is not None  # an INSERT's rowid
                ids.append(outlet_id)
            db.executemany(
                "INSERT INTO rating_scales (rating, scale, levels) VALUES (?, ?, ?) "
                "ON CONFLICT (rating) DO UPDATE SET scale = excluded.scale, "
                "levels = excluded.levels",
                [(s.rating, s.scale, _json(s.levels)) for s in scales],
            )
        return ids

    def delete_outlet(self, outlet_id: int) -> bool:
        """Remove an outlet from the registry (its articles stay); True when it was there."""
        with self._transaction() as db:
            return db.execute("DELETE FROM outlets WHERE id = ?", (outlet_id,)).rowcount == 1

    def coverage_rows(
        self,
        *,
        story_id: int | None = None,
        query: str | None = None,
        since: str | None = None,
        until: str | None = None,
    ) -> Iterator[CoverageRow]:
        """Articles as coverage counts them, streamed: of one story, matching the words of
        ``query`` (all of them), published in [since, until]; all when no filter is given."""
        conditions: list[str] = []
        values: list[object] = []
        source = "FROM articles"
        if query is not None:
            match = fts_query(query)
            if match is None:
                return
            source = "FROM articles_fts JOIN articles ON articles.rowid = articles_fts.rowid"
            conditions.append("articles_fts MATCH ?")
            values.append(match)
        if story_id is not None:
            conditions.append("story_members.story_id = ?")
            values.append(story_id)
        for operator, bound in ((">=", since), ("<=", until)):
            if bound is not None:
                conditions.append(f"articles.published {operator} ?")
                values.append(bound)
        where = f"WHERE {' AND '.join(conditions)}" if conditions else ""
        rows = self._db.execute(
            "SELECT articles.id, articles.outlet, articles.url, articles.published, "
            "coalesce(analyses.language, articles.language), story_members.story_id, "
            f"articles.title {source} "
            "LEFT JOIN analyses ON analyses.article_id = articles.id "
            "LEFT JOIN story_members ON story_members.article_id = articles.id "
            f"{where} ORDER BY articles.published IS NULL, articles.published, articles.id",
            values,
        )
        for row in rows:
            yield CoverageRow(*row)

    def story_outlet_pairs(
        self, where: StoryFilter | None = None
    ) -> list[tuple[int, str | None, str | None]]:
        """(story id, outlet, last seen) of every matching story (as ``stories``) and each
        of its outlets: what the stories page counts its facets from."""
        sql = _StorySql(where)
        rows = self._db.execute(
            f"{sql.ctes} SELECT found.id, each.value, found.last_seen FROM "
            f"(SELECT id, outlets, last_seen FROM stories {sql.where}) AS found "
            "LEFT JOIN json_each(found.outlets) AS each",
            sql.values,
        )
        return [tuple(row) for row in rows]

    def story_language_counts(self, where: StoryFilter | None = None) -> list[tuple[str, int]]:
        """How many matching stories have an article in each language, most first."""
        sql = _StorySql(where)
        rows = self._db.execute(
            f"{sql.ctes} SELECT each.value, count(*) FROM "
            f"(SELECT languages FROM stories {sql.where}) AS found "
            "JOIN json_each(found.languages) AS each "
            "GROUP BY each.value ORDER BY count(*) DESC, each.value",
            sql.values,
        )
        return [tuple(row) for row in rows]

    def story_outlet_names(self) -> list[str]:
        """Every outlet any story has an article from."""
        rows = self._db.execute(
            "SELECT DISTINCT each.value FROM stories, json_each(stories.outlets) AS each"
        )
        return [name for (name,) in rows]

    def citations_by(self, article_ids: Sequence[str]) -> list[tuple[str, str, int]]:
        """(source, kind, articles crediting it) over these articles, most credited first;
        an outlet crediting itself is left out."""
        rows = self._db.execute(
            "SELECT source, kind, count(DISTINCT article_id) FROM citations "
            "WHERE article_id IN (SELECT value FROM json_each(?)) AND self_credit = 0 "
            "GROUP BY source, kind ORDER BY 3 DESC, source",
            (_json(article_ids),),
        )
        return [tuple(row) for row in rows]

    # --- exports

    def export_rows(self, what: str) -> tuple[tuple[str, ...], Iterator[tuple]]:
        """Column names and a stream of rows for ``what``: "articles", "quotes" or "stories".

        Stories' outlets, languages and names come as JSON arrays (text).
        """
        sql = _EXPORTS[what]
        cursor = self._db.execute(sql)
        columns = tuple(d[0] for d in cursor.description)
        return columns, iter(cursor)

    # --- search

    def search_articles(
        self,
        query: str,
        *,
        outlet: str | None = None,
        language: str | None = None,
        since: str | None = None,
        until: str | None = None,
        limit: int = 50,
        offset: int = 0,
    ) -> list[ArticleHit]:
        """Articles matching the words of ``query`` (all of them), best match first."""
        found = _article_filter(query, outlet, language, since, until)
        if found is None:
            return []
        where, values = found
        rows = self._db.execute(
            "SELECT articles.id, articles.title, articles.outlet, articles.published, "
            "coalesce(analyses.language, articles.language), articles.url, "
            "story_members.story_id, "
            "snippet(articles_fts, 1, char(2), char(3), ' … ', 24) "
            f"{_ARTICLE_SEARCH} LEFT JOIN story_members "
            "ON story_members.article_id = articles.id "
            f"{where} ORDER BY rank LIMIT ? OFFSET ?",
            [*values, limit, offset],
        )
        return [ArticleHit(*row) for row in rows]

    def count_articles(
        self,
        query: str,
        *,
        outlet: str | None = None,
        language: str | None = None,
        since: str | None = None,
        until: str | None = None,
    ) -> int:
        """How many articles ``search_articles`` finds with these filters, on all its pages."""
        found = _article_filter(query, outlet, language, since, until)
        if found is None:
            return 0
        where, values = found
        # Without filters the index alone counts (reading each match's row costs ~100x).
        source = _ARTICLE_SEARCH if len(values) > 1 else "FROM articles_fts"
        return self._db.execute(f"SELECT count(*) {source} {where}", values).fetchone()[0]

    def quotes_by_speaker(
        self, speaker: str, *, limit: int = 50, offset: int = 0
    ) -> list[QuoteHit]:
        """Quotes whose speaker's name holds the words of ``speaker`` in this order (any case,
        accents ignored, as ``stories(speaker=...)``), newest article first."""
        names = self._speakers_named(speaker)
        if not names:
            return []
        # The page is chosen reading each article's date once (a speaker may have tens of
        # thousands of quotes in thousands of articles, whose rows hold their texts), and
        # only its own quotes are then read whole.
        rows = self._db.execute(
            "WITH speaking AS MATERIALIZED (SELECT DISTINCT article_id FROM quotes "
            "WHERE speaker IN (SELECT value FROM json_each(:names))), "
            "dated AS MATERIALIZED (SELECT speaking.article_id, articles.published "
            "FROM speaking JOIN articles ON articles.id = speaking.article_id), "
            "page AS (SELECT quotes.article_id, quotes.idx, dated.published FROM dated "
            "JOIN quotes ON quotes.article_id = dated.article_id "
            "WHERE quotes.speaker IN (SELECT value FROM json_each(:names)) "
            # SQLite sorts NULL first, so undated articles come last when newest are first.
            "ORDER BY dated.published DESC, quotes.article_id, quotes.idx "
            "LIMIT :limit OFFSET :offset) "
            'SELECT quotes.article_id, quotes.idx, quotes.start, quotes."end", quotes.kind, '
            "quotes.speaker, quotes.text, quotes.cue, articles.title, articles.outlet, "
            "articles.published, story_members.story_id FROM page "
            "JOIN quotes ON quotes.article_id = page.article_id AND quotes.idx = page.idx "
            "JOIN articles ON articles.id = page.article_id "
            "LEFT JOIN story_members ON story_members.article_id = page.article_id "
            "ORDER BY page.published DESC, page.article_id, page.idx",
            {"names": orjson.dumps(names).decode(), "limit": limit, "offset": offset},
        )
        return [QuoteHit(*row) for row in rows]

    def count_quotes_by_speaker(self, speaker: str) -> int:
        """How many quotes ``quotes_by_speaker`` finds, on all its pages."""
        names = self._speakers_named(speaker)
        if not names:
            return 0
        return self._db.execute(
            "SELECT count(*) FROM quotes WHERE speaker IN (SELECT value FROM json_each(?))",
            (orjson.dumps(names).decode(),),
        ).fetchone()[0]

    def _speakers_named(self, speaker: str) -> list[str]:
        """Every speaker's name (as stored in ``quotes``) holding the words of ``speaker``.

        The names are listed one index step each (``quotes_speaker``), however many quotes
        each has, and compared here; the quotes are then found through the same index.
        """
        wanted = name_words(speaker)
        if not wanted:
            return []
        rows = self._db.execute(
            "WITH RECURSIVE names (speaker) AS (SELECT min(speaker) FROM quotes UNION ALL "
            "SELECT (SELECT min(speaker) FROM quotes WHERE speaker > names.speaker) "
            "FROM names WHERE speaker IS NOT NULL) "
            "SELECT speaker FROM names WHERE speaker IS NOT NULL"
        )
        return [name for (name,) in rows if wanted in name_words(name)]

    def counts(self) -> dict[str, int]:
        """Rows in each table: articles, analyses, embeddings, quotes, entities, citations."""
        # Table names come from _TABLES, never from the caller.
        return {
            table: self._db.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
            for table in _TABLES
        }


# The full-text search over articles, with what its filters read.
_ARTICLE_SEARCH = (
    "FROM articles_fts JOIN articles ON articles.rowid = articles_fts.rowid "
    "LEFT JOIN analyses ON analyses.article_id = articles.id"
)


def _article_filter(
    query: str,
    outlet: str | None,
    language: str | None,
    since: str | None,
    until: str | None,
) -> tuple[str, list[object]] | None:
    """The WHERE clause over ``_ARTICLE_SEARCH`` and its values; None when ``query`` has no
    word (nothing matches)."""
    match = fts_query(query)
    if match is None:
        return None
    conditions = ["articles_fts MATCH ?"]
    values: list[object] = [match]
    for column, value, operator in (
        ("articles.outlet", outlet, "="),
        ("coalesce(analyses.language, articles.language)", language, "="),
        ("articles.published", since, ">="),
        ("articles.published", until, "<="),
    ):
        if value is not None:
            conditions.append(f"{column} {operator} ?")
            values.append(value)
    return f"WHERE {' AND '.join(conditions)}", values


def name_words(name: str | None) -> str:
    """A name as the names index sees it (FTS5's unicode61 tokenizer, near enough): its
    words in lower case without accents, one space apart and one on each side, so that
    one name holds another's words in order when it contains its ``name_words`` ("" for a
    name without a word)."""
    if not name:
        return ""
    plain = unicodedata.normalize("NFKD", name.casefold())
    words = _NAME_WORD.findall("".join(c for c in plain if not unicodedata.combining(c)))
    return f" {' '.join(words)} " if words else ""


def _name_match(column: str, name: str) -> str | None:
    """The names index query for ``name`` in ``column`` ("entities" or "speakers"): one
    quoted string is an FTS5 phrase, its words in order, next to each other. None when
    ``name`` has no word (nothing can match)."""
    words = _FTS_WORD.findall(name)
    return f'{column} : "{" ".join(words)}"' if words else None


_STORY_ORDER = {
    "last_seen": "last_seen IS NULL, last_seen DESC, id DESC",
    "size": "size DESC, last_seen DESC, id DESC",
}


def until_bound(until: str | None) -> str | None:
    """``until`` as an upper bound for ISO 8601 strings: a bare date takes in its whole day."""
    # "~" sorts after every character an ISO 8601 time is written with.
    return until + "~" if until is not None and len(until) == 10 else until


class _StorySql:
    """The SQL of a ``StoryFilter`` over ``stories``: common table expressions (the stories
    whose articles match words or names, each found once per statement), a WHERE clause and
    named values for both; no filter (None) keeps every story."""

    def __init__(self, where: StoryFilter | None) -> None:
        where = where or StoryFilter()
        conditions: list[str] = []
        ctes: list[str] = []
        self.values: dict[str, object] = {}
        if where.since is not None:
            conditions.append("last_seen >= :since")
            self.values["since"] = where.since
        if where.until is not None:
            conditions.append("last_seen <= :until")
            self.values["until"] = until_bound(where.until)
        if where.outlets is not None:  # any of these outlets (an outlet group's)
            conditions.append(
                "EXISTS (SELECT 1 FROM json_each(stories.outlets) "
                "WHERE value IN (SELECT value FROM json_each(:outlets)))"
            )
            self.values["outlets"] = _json(where.outlets)
        # The summary columns list every outlet and language of a story's articles, so the
        # filters read one small JSON array per story instead of joining its articles.
        if where.outlet is not None:
            conditions.append(
                "EXISTS (SELECT 1 FROM json_each(stories.outlets) WHERE value = :outlet)"
            )
            self.values["outlet"] = where.outlet
        if where.language is not None:
            conditions.append(
                "EXISTS (SELECT 1 FROM json_each(stories.languages) WHERE value = :language)"
            )
            self.values["language"] = where.language
        if where.query is not None:
            label = "label LIKE :label ESCAPE '\\'"
            self.values["label"] = "%" + _LIKE_SPECIAL.sub(r"\\\g<0>", where.query) + "%"
            match = fts_query(where.query)
            if match is None:
                conditions.append(label)
            else:
                ctes.append(
                    "by_words AS MATERIALIZED (SELECT story_members.story_id FROM articles_fts "
                    "JOIN articles ON articles.rowid = articles_fts.rowid "
                    "JOIN story_members ON story_members.article_id = articles.id "
                    "WHERE articles_fts MATCH :words)"
                )
                conditions.append(f"({label} OR id IN by_words)")
                self.values["words"] = match
        for column, name in (("entities", where.entity), ("speakers", where.speaker)):
            if name is None:
                continue
            match = _name_match(column, name)
            if match is None:  # nothing searchable ("!!"): nothing can match
                conditions.append("0")
                continue
            ctes.append(
                f"by_{column} AS MATERIALIZED (SELECT story_members.story_id "
                "FROM analysis_names JOIN story_members "
                "ON story_members.article_id = analysis_names.article_id "
                f"WHERE analysis_names MATCH :{column})"
            )
            conditions.append(f"id IN by_{column}")
            self.values[column] = match
        self.ctes = f"WITH {', '.join(ctes)}" if ctes else ""
        self.where = f"WHERE {' AND '.join(conditions)}" if conditions else ""


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
        f"({_ARTICLE_COLUMNS}, ingested_at, text_hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (
            article.id,
            article.text,
            article.title,
            article.outlet,
            article.url,
            article.published,
            article.language,
            article.byline,
            _stored_path(article.path),
            encode_meta(article.meta),
            _now(),
            text_hash(article.text),
        ),
    )
    return cursor.rowcount == 1


def _article(row: tuple) -> Article:
    article_id, text, title, outlet, url, published, language, byline, path, meta = row
    if isinstance(path, bytes):
        path = path.decode("utf-8", "surrogateescape")
    return Article(
        id=article_id,
        text=text,
        title=title,
        outlet=outlet,
        url=url,
        published=published,
        language=language,
        byline=byline,
        path=path,
        meta=decode_meta(meta),
    )


def _stored_path(path: str | None) -> str | bytes | None:
    """The path as stored: text, or, for a file name that is not UTF-8 (carried with
    surrogateescape, which SQLite's UTF-8 text cannot hold), its exact bytes as a BLOB."""
    if path is None:
        return None
    try:
        path.encode("utf-8")
    except UnicodeEncodeError:
        return path.encode("utf-8", "surrogateescape")
    return path


_EXPORTS = {
    "articles": (
        "SELECT articles.id, articles.url, articles.outlet, articles.title, articles.published, "
        "coalesce(analyses.language, articles.language) AS language, articles.byline, "
        "story_members.story_id, articles.path, articles.text FROM articles "
        "LEFT JOIN analyses ON analyses.article_id = articles.id "
        "LEFT JOIN story_members ON story_members.article_id = articles.id "
        "ORDER BY articles.published IS NULL, articles.published, articles.id"
    ),
    "quotes": (
        "SELECT quotes.article_id, articles.outlet, articles.published, story_members.story_id, "
        'quotes.idx AS quote, quotes.kind, quotes.speaker, quotes.cue, quotes.start, quotes."end", '
        "quotes.text FROM quotes JOIN articles ON articles.id = quotes.article_id "
        "LEFT JOIN story_members ON story_members.article_id = quotes.article_id "
        "ORDER BY articles.published IS NULL, articles.published, quotes.article_id, quotes.idx"
    ),
    "stories": (
        "SELECT id, label, title, size, first_seen, last_seen, outlets, languages, names "
        "FROM stories ORDER BY id"
    ),
}
EXPORTABLE = tuple(_EXPORTS)

_STORY_COLUMNS = "id, label, title, size, first_seen, last_seen, outlets, languages, names"


def _story(row: tuple) -> StorySummary:
    story_id, label, title, size, first_seen, last_seen, outlets, languages, names = row
    return StorySummary(
        id=story_id,
        label=label,
        title=title,
        size=size,
        first_seen=first_seen,
        last_seen=last_seen,
        outlets=tuple(orjson.loads(outlets)),
        languages=tuple(orjson.loads(languages)),
        names=tuple(orjson.loads(names)),
    )


def _json(values: Sequence[str]) -> str:
    return orjson.dumps(list(values)).decode()


def fts_query(text: str) -> str | None:
    """An FTS5 query requiring every word of ``text``; None when it has no word.

    Each word is quoted, so user input is never FTS5 syntax: "NOT", "*" and quotes in a
    search box are words, not operators.
    """
    words = [w for w in _FTS_WORD.findall(text) if w]
    if not words:
        return None
    return " ".join('"' + w.replace('"', '""') + '"' for w in words)


_FTS_WORD = re.compile(r"\w+")
_NAME_WORD = re.compile(r"[^\W_]+")  # as unicode61: letters and digits, "_" separates
_LIKE_SPECIAL = re.compile(r"[\\%_]")


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")
