"""The corpus store: one SQLite file holding articles, their analyses and vectors.

``Store.open(path)`` opens (creating and migrating) a database; ``ingest`` fills it from
files, idempotently and resumably; ``default_db_path()`` is where it lives unless told.
docs/store.md describes the tables, the blob formats and the migration policy.
"""

from __future__ import annotations

from rashomon.store.ingest import ANALYSIS_VERSION, IngestReport, analysis_version, ingest
from rashomon.store.schema import SCHEMA_VERSION, StoreError
from rashomon.store.sqlite import Store, default_db_path

__all__ = [
    "ANALYSIS_VERSION",
    "SCHEMA_VERSION",
    "IngestReport",
    "Store",
    "StoreError",
    "analysis_version",
    "default_db_path",
    "ingest",
]
