"""A store's rows as two runs over the same input must match them: every column but the
times a row was written. Used to check that two ways of filling a store (``rashomon
ingest`` and ``rashomon spark load``) agree, in the tests and the Spark benchmark."""

from __future__ import annotations

import sqlite3
from pathlib import Path

# table -> the columns compared ("*" where a table records no write time)
COMPARABLE_COLUMNS = {
    "articles": "id, url, path, outlet, title, published, language, byline, text, meta, text_hash",
    "analyses": "article_id, version, language, data",
    "embeddings": "article_id, model, dim, dtype, n_sentences, document, sentences",
    "quotes": "*",
    "entities": "*",
    "citations": "*",
    "copies": "*",
    "stories": "id, label, title, size, first_seen, last_seen, outlets, languages, names",
    "story_members": "*",
}


def comparable_rows(db: str | Path, table: str) -> list[tuple]:
    """The rows of ``table`` in the store at ``db``, its comparable columns, in a fixed order."""
    with sqlite3.connect(db) as connection:
        rows = connection.execute(f"SELECT {COMPARABLE_COLUMNS[table]} FROM {table}").fetchall()
    return sorted(rows, key=repr)
