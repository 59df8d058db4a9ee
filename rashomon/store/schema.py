"""The store's schema as an ordered list of migrations; ``PRAGMA user_version`` is the version.

``MIGRATIONS[n]`` takes a file from version ``n`` to ``n + 1``, so the schema of version ``v``
is the first ``v`` steps run in order and adding version 2 is appending one entry. A step is
a tuple of single SQL statements, not one script: ``sqlite3.executescript`` commits any open
transaction first, which would break the all-or-nothing upgrade ``migrate`` promises.

Published steps are never edited: a file created by an older rashomon only ever runs the
steps after its version, so changing an old step would leave two files of the "same" version
with different tables. docs/store.md describes every table.
"""

from __future__ import annotations

import hashlib
import sqlite3
from collections.abc import Sequence

# Marks the file as a rashomon store (``PRAGMA application_id``, a 32-bit signed integer in
# the file header, read by ``file(1)`` too): "RSHM" in ASCII. It lets ``migrate`` tell an
# empty new file from someone else's SQLite database, which it must not add tables to.
APPLICATION_ID = 0x5253484D

Migration = tuple[str, ...]

# The SQL name of ``text_hash``, which ``migrate`` registers on its connection (step 4 fills
# in the hashes of the articles stored before it).
TEXT_HASH_FUNCTION = "rashomon_text_hash"


def text_hash(text: str) -> str:
    """SHA-256 of the text's UTF-8, in hex: ``articles.text_hash``. Never change it: stored
    hashes would stop matching new ones (a new definition needs a new column)."""
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


_V1: Migration = (
    f"PRAGMA application_id = {APPLICATION_ID}",
    # Rows as read (Article); text is stored once here, never copied into the analysis.
    """CREATE TABLE articles (
        id TEXT PRIMARY KEY,
        url TEXT,
        path TEXT,
        outlet TEXT,
        title TEXT,
        published TEXT,
        language TEXT,
        byline TEXT,
        text TEXT NOT NULL,
        meta TEXT NOT NULL DEFAULT '{}',
        ingested_at TEXT NOT NULL
    )""",
    # Per-outlet listings and the story timeline filter or sort articles by these.
    "CREATE INDEX articles_outlet ON articles (outlet)",
    "CREATE INDEX articles_published ON articles (published)",
    # One analysis per article: the newest one replaces an older version's.
    """CREATE TABLE analyses (
        article_id TEXT PRIMARY KEY REFERENCES articles (id) ON DELETE CASCADE,
        version TEXT NOT NULL,
        language TEXT NOT NULL,
        data TEXT NOT NULL,
        created_at TEXT NOT NULL
    )""",
    # Vectors live apart from analyses.data so that reading analyses (and scanning them for
    # search) never pulls megabytes of blobs through the page cache. ``document`` precedes
    # ``sentences``: SQLite reads a row's columns in order, so the story grouping can read
    # every document vector without walking the much larger sentence blobs.
    """CREATE TABLE embeddings (
        article_id TEXT PRIMARY KEY REFERENCES analyses (article_id) ON DELETE CASCADE,
        model TEXT NOT NULL,
        dim INTEGER NOT NULL,
        dtype TEXT NOT NULL,
        n_sentences INTEGER NOT NULL,
        document BLOB NOT NULL,
        sentences BLOB NOT NULL
    )""",
    # The next three tables copy parts of analyses.data into rows for search ("everything
    # Putin is quoted saying", "who credits Reuters"); analyses.data stays the source of
    # truth. Keyed by (article, position): small rows, so WITHOUT ROWID saves the separate
    # primary-key index a rowid table would need.
    """CREATE TABLE quotes (
        article_id TEXT NOT NULL REFERENCES analyses (article_id) ON DELETE CASCADE,
        idx INTEGER NOT NULL,
        start INTEGER NOT NULL,
        "end" INTEGER NOT NULL,
        kind TEXT NOT NULL,
        speaker TEXT,
        text TEXT NOT NULL,
        cue TEXT,
        PRIMARY KEY (article_id, idx)
    ) WITHOUT ROWID""",
    "CREATE INDEX quotes_speaker ON quotes (speaker)",
    """CREATE TABLE entities (
        article_id TEXT NOT NULL REFERENCES analyses (article_id) ON DELETE CASCADE,
        entity_id TEXT NOT NULL,
        name TEXT NOT NULL,
        label TEXT NOT NULL,
        mentions INTEGER NOT NULL,
        PRIMARY KEY (article_id, entity_id)
    ) WITHOUT ROWID""",
    """CREATE TABLE citations (
        article_id TEXT NOT NULL REFERENCES analyses (article_id) ON DELETE CASCADE,
        idx INTEGER NOT NULL,
        source TEXT NOT NULL,
        kind TEXT NOT NULL,
        cue TEXT NOT NULL,
        start INTEGER NOT NULL,
        "end" INTEGER NOT NULL,
        self_credit INTEGER NOT NULL,
        PRIMARY KEY (article_id, idx)
    ) WITHOUT ROWID""",
    "CREATE INDEX citations_source ON citations (source)",
)

_V2: Migration = (
    # Copy groups (rashomon.link.copies): one row per member and kind (an article can be in
    # a copy group and a translation group); the origin is a member too.
    """CREATE TABLE copies (
        article_id TEXT NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
        kind TEXT NOT NULL,
        group_id TEXT NOT NULL,
        origin_id TEXT NOT NULL,
        score REAL NOT NULL,
        PRIMARY KEY (article_id, kind)
    ) WITHOUT ROWID""",
    "CREATE INDEX copies_group ON copies (group_id)",
    # Stories (rashomon.link.stories). The summary columns are kept up to date by every
    # assignment so that listing and filtering stories never scans their articles.
    """CREATE TABLE stories (
        id INTEGER PRIMARY KEY,
        label TEXT NOT NULL,
        title TEXT,
        size INTEGER NOT NULL,
        first_seen TEXT,
        last_seen TEXT,
        outlets TEXT NOT NULL,
        languages TEXT NOT NULL,
        names TEXT NOT NULL,
        updated_at TEXT NOT NULL
    )""",
    "CREATE INDEX stories_last_seen ON stories (last_seen)",
    "CREATE INDEX stories_size ON stories (size)",
    """CREATE TABLE story_members (
        article_id TEXT PRIMARY KEY REFERENCES articles (id) ON DELETE CASCADE,
        story_id INTEGER NOT NULL REFERENCES stories (id) ON DELETE CASCADE,
        score REAL NOT NULL,
        seen TEXT
    ) WITHOUT ROWID""",
    "CREATE INDEX story_members_story ON story_members (story_id, seen)",
    # Full-text search over titles and texts; external content, so the text is stored once
    # (in articles) and the triggers keep the index in step with it.
    """CREATE VIRTUAL TABLE articles_fts USING fts5 (
        title, text, outlet,
        content = 'articles', content_rowid = 'rowid',
        tokenize = 'unicode61 remove_diacritics 2'
    )""",
    """CREATE TRIGGER articles_fts_insert AFTER INSERT ON articles BEGIN
        INSERT INTO articles_fts (rowid, title, text, outlet)
        VALUES (new.rowid, new.title, new.text, new.outlet);
    END""",
    """CREATE TRIGGER articles_fts_delete AFTER DELETE ON articles BEGIN
        INSERT INTO articles_fts (articles_fts, rowid, title, text, outlet)
        VALUES ('delete', old.rowid, old.title, old.text, old.outlet);
    END""",
    """CREATE TRIGGER articles_fts_update AFTER UPDATE ON articles BEGIN
        INSERT INTO articles_fts (articles_fts, rowid, title, text, outlet)
        VALUES ('delete', old.rowid, old.title, old.text, old.outlet);
        INSERT INTO articles_fts (rowid, title, text, outlet)
        VALUES (new.rowid, new.title, new.text, new.outlet);
    END""",
    # Articles stored by version 1 enter the index here.
    "INSERT INTO articles_fts (articles_fts) VALUES ('rebuild')",
)

_V3: Migration = (
    # The stories search by entity and by speaker (Store.stories): each analysis's entity
    # names and quoted speakers as words, one name a line. Keyed by the analysis's rowid, so
    # the trigger finds the row to drop in one step when the analysis is replaced or its
    # article deleted; article_id is carried along (UNINDEXED: stored, not searchable) so
    # that a match reaches story_members without reading the large articles or analyses rows.
    """CREATE VIRTUAL TABLE analysis_names USING fts5 (
        article_id UNINDEXED, entities, speakers,
        tokenize = 'unicode61 remove_diacritics 2'
    )""",
    """CREATE TRIGGER analysis_names_delete AFTER DELETE ON analyses BEGIN
        DELETE FROM analysis_names WHERE rowid = old.rowid;
    END""",
    # Analyses stored by version 2 enter the index here (Store.put_analysis writes the rows
    # of new ones, with the speakers deduplicated).
    """INSERT INTO analysis_names (rowid, article_id, entities, speakers)
    SELECT analyses.rowid, analyses.article_id,
        (SELECT group_concat(name, char(10)) FROM entities
         WHERE entities.article_id = analyses.article_id),
        (SELECT group_concat(speaker, char(10)) FROM quotes
         WHERE quotes.article_id = analyses.article_id AND speaker IS NOT NULL)
    FROM analyses""",
)

_V4: Migration = (
    # Reusing an analysis for a verbatim copy (rashomon.store.ingest): the same text at
    # another url is another article (its id hashes url and text), but its analysis is the
    # same when what the analysis reads is the same. text_hash is text_hash(text) below; the
    # index finds, in one seek, every stored article whose text and analysis inputs (declared
    # language, outlet, title) equal an article's.
    "ALTER TABLE articles ADD COLUMN text_hash TEXT",
    # The search index reads title, text and outlet only: keep it from re-indexing every
    # article when the hashes are filled in (and whenever another column is updated).
    "DROP TRIGGER articles_fts_update",
    """CREATE TRIGGER articles_fts_update AFTER UPDATE OF title, text, outlet ON articles BEGIN
        INSERT INTO articles_fts (articles_fts, rowid, title, text, outlet)
        VALUES ('delete', old.rowid, old.title, old.text, old.outlet);
        INSERT INTO articles_fts (rowid, title, text, outlet)
        VALUES (new.rowid, new.title, new.text, new.outlet);
    END""",
    # Articles stored by version 3 get their hashes here (migrate registers the function).
    f"UPDATE articles SET text_hash = {TEXT_HASH_FUNCTION}(text)",
    "CREATE INDEX articles_text_hash ON articles (text_hash, language, outlet, title)",
)

_V5: Migration = (
    # The outlet registry (rashomon.outlets, docs/outlets.md): outlets the user describes
    # (or rashomon's own examples), which articles are tied to by name, alias or domain
    # when read. ``revision`` grows with every change to an outlet, its names, domains or
    # ratings, so "has the registry changed" is one max() (the web app's page stamps).
    # IF NOT EXISTS: the step may run again on a file that holds the registry already (one
    # whose user_version was set back by hand, as the store's tests do) and keeps it.
    """CREATE TABLE IF NOT EXISTS outlets (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL,
        country TEXT,
        language TEXT,
        owner TEXT,
        revision INTEGER NOT NULL,
        updated_at TEXT NOT NULL
    )""",
    # Names and aliases by their lookup key (rashomon.outlets.registry.name_key: case-folded,
    # without "the"); the outlet's own name is one of its rows, so one seek finds it.
    """CREATE TABLE IF NOT EXISTS outlet_names (
        key TEXT PRIMARY KEY,
        outlet_id INTEGER NOT NULL REFERENCES outlets (id) ON DELETE CASCADE,
        name TEXT NOT NULL
    ) WITHOUT ROWID""",
    "CREATE INDEX IF NOT EXISTS outlet_names_outlet ON outlet_names (outlet_id)",
    # Hosts without "www."; a subdomain of one belongs to it ("blogs.example.com").
    """CREATE TABLE IF NOT EXISTS outlet_domains (
        domain TEXT PRIMARY KEY,
        outlet_id INTEGER NOT NULL REFERENCES outlets (id) ON DELETE CASCADE
    ) WITHOUT ROWID""",
    "CREATE INDEX IF NOT EXISTS outlet_domains_outlet ON outlet_domains (outlet_id)",
    # User-supplied ratings, one value per outlet and rating ("lean", "factuality", or any
    # column of an imported table), with the table it came from.
    """CREATE TABLE IF NOT EXISTS outlet_ratings (
        outlet_id INTEGER NOT NULL REFERENCES outlets (id) ON DELETE CASCADE,
        rating TEXT NOT NULL,
        value TEXT NOT NULL,
        source TEXT NOT NULL,
        PRIMARY KEY (outlet_id, rating)
    ) WITHOUT ROWID""",
    # A rating's scale as the user named it: its name and its values in order ("left",
    # "centre", "right"), so that groups are drawn in the scale's order, not by size.
    """CREATE TABLE IF NOT EXISTS rating_scales (
        rating TEXT PRIMARY KEY,
        scale TEXT NOT NULL,
        levels TEXT NOT NULL DEFAULT '[]'
    ) WITHOUT ROWID""",
)

MIGRATIONS: tuple[Migration, ...] = (_V1, _V2, _V3, _V4, _V5)
SCHEMA_VERSION = len(MIGRATIONS)


class StoreError(Exception):
    """A database file rashomon cannot use; ``str()`` says why in one line."""


def migrate(
    connection: sqlite3.Connection, name: str, migrations: Sequence[Migration] = MIGRATIONS
) -> int:
    """Bring the database up to ``len(migrations)`` in one transaction; the version reached.

    ``connection`` must be in autocommit mode (``isolation_level=None``). The version is read
    inside ``BEGIN IMMEDIATE``, so two processes opening a new file at once cannot both run
    the same step: the second waits for the first and then finds nothing to do. A failing
    step rolls everything back, version included (``user_version`` lives in the file header,
    which the transaction covers). ``name`` is the file named in errors.
    """
    connection.create_function(TEXT_HASH_FUNCTION, 1, text_hash, deterministic=True)
    connection.execute("BEGIN IMMEDIATE")
    try:
        version = connection.execute("PRAGMA user_version").fetchone()[0]
        if version > len(migrations):
            raise StoreError(
                f"{name}: database schema version {version} is newer than this rashomon "
                f"understands (version {len(migrations)}); upgrade rashomon to open it"
            )
        _check_is_ours(connection, name, version)
        for step in migrations[version:]:
            for statement in step:
                connection.execute(statement)
        if version < len(migrations):
            # PRAGMA takes no parameters; the value is an int we computed.
            connection.execute(f"PRAGMA user_version = {len(migrations)}")
        connection.execute("COMMIT")
    except BaseException:
        # SQLite ends the transaction itself after some errors (a full disk, for one).
        if connection.in_transaction:
            connection.execute("ROLLBACK")
        raise
    return len(migrations)


def _check_is_ours(connection: sqlite3.Connection, name: str, version: int) -> None:
    application_id = connection.execute("PRAGMA application_id").fetchone()[0]
    if application_id == APPLICATION_ID:
        return
    tables = connection.execute("SELECT count(*) FROM sqlite_schema").fetchone()[0]
    if application_id != 0 or version != 0 or tables:
        raise StoreError(f"{name}: not a rashomon database (it holds other tables)")
