"""Exports of a store's articles, quotes and stories as JSON Lines, CSV or Parquet.

Rows stream from the store in batches, so an export of millions of rows never holds them
all; Parquet is written one row group per batch.
"""

from __future__ import annotations

import csv
import itertools
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

import orjson

from rashomon.ingest.names import display_text
from rashomon.store.sqlite import Store

FORMATS = ("jsonl", "csv", "parquet")
_LIST_COLUMNS = {"outlets", "languages", "names"}  # stored as JSON arrays
BATCH = 5000
_INTEGER_COLUMNS = {"story_id", "quote", "start", "end", "size"}


def export(store: Store, what: str, output_format: str, destination: str | Path | IO[Any]) -> int:
    """Write every row of ``what`` to ``destination``; the number of rows written.

    ``destination`` is a path, or a text stream for jsonl and csv.
    """
    columns, rows = store.export_rows(what)
    records = (_record(columns, row) for row in rows)
    if output_format == "parquet":
        integers = _INTEGER_COLUMNS | ({"id"} if what == "stories" else set())
        return _parquet(columns, records, destination, integers)
    if isinstance(destination, (str, Path)):
        with open(destination, "w", encoding="utf-8", newline="") as stream:
            return _text(columns, records, output_format, stream)
    return _text(columns, records, output_format, destination)


def _record(columns: tuple[str, ...], row: tuple[Any, ...]) -> dict[str, Any]:
    record = dict(zip(columns, row, strict=True))
    if isinstance(path := record.get("path"), bytes):
        # A file name that is not UTF-8 is stored as its bytes; shown with \xNN (names.py).
        record["path"] = display_text(path.decode("utf-8", "surrogateescape"))
    for column in _LIST_COLUMNS.intersection(record):
        record[column] = orjson.loads(record[column])
    return record


def _text(
    columns: tuple[str, ...], records: Iterator[dict[str, Any]], output_format: str, stream: IO[str]
) -> int:
    count = 0
    if output_format == "csv":
        writer = csv.DictWriter(stream, fieldnames=columns)
        writer.writeheader()
        for record in records:
            for column in _LIST_COLUMNS.intersection(record):
                record[column] = "; ".join(record[column])
            writer.writerow(record)
            count += 1
    else:
        for record in records:
            stream.write(orjson.dumps(record).decode() + "\n")
            count += 1
    return count


def _parquet(
    columns: tuple[str, ...],
    records: Iterator[dict[str, Any]],
    destination: str | Path | IO[Any],
    integers: set[str],
) -> int:
    import pyarrow as pa
    import pyarrow.parquet as pq

    def column_type(column: str) -> pa.DataType:
        if column in _LIST_COLUMNS:
            return pa.list_(pa.string())
        return pa.int64() if column in integers else pa.string()

    schema = pa.schema([(c, column_type(c)) for c in columns])
    count = 0
    with pq.ParquetWriter(destination, schema) as writer:
        while batch := list(itertools.islice(records, BATCH)):
            table = pa.Table.from_pylist(batch, schema=schema)
            writer.write_table(table)
            count += len(batch)
    return count
