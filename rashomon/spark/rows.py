"""Articles and analyses as the rows of rashomon's Parquet tables, and back (no pyspark here).

An analysis is kept in the store's own form (``rashomon.store.codec``): ``data`` is the JSON
the store's ``analyses.data`` holds, and the vectors are the same float32 values, so an
analysis read back from the tables is the analysis made on the executor, bit for bit.

One analysed input record becomes one wide row (``WIDE_SCHEMA``); the tables of
docs/spark.md are columns and exploded arrays of it. A record that could not be read or
analysed carries ``stage`` and ``reason`` (an analysis failure keeps its article: the
store keeps such an article too, unanalysed).
"""

from __future__ import annotations

from typing import Any

import numpy as np

from rashomon.errors import InputError
from rashomon.store.codec import (
    VECTOR_DTYPE,
    StoredAnalysis,
    StoredVectors,
    decode,
    decode_meta,
    encode,
    encode_meta,
)
from rashomon.types import Analysis, Article, parse_published

UNDATED = "undated"  # the month partition of articles without an ISO 8601 date

# Spark DDL of one wide row; the column order is the tuple order of ``wide_row``.
WIDE_SCHEMA = ", ".join(
    [
        "input_index BIGINT, record INT, batch INT, month STRING",
        "source STRING, stage STRING, reason STRING",
        "id STRING, text STRING, title STRING, outlet STRING, url STRING, published STRING",
        "language STRING, byline STRING, path BINARY, meta STRING",
        "version STRING, detected_language STRING, data STRING",
        "quotes ARRAY<STRUCT<idx: INT, start: INT, `end`: INT, kind: STRING, speaker: STRING, "
        "text: STRING, cue: STRING>>",
        "entities ARRAY<STRUCT<entity_id: STRING, name: STRING, label: STRING, mentions: INT>>",
        "citations ARRAY<STRUCT<idx: INT, source: STRING, kind: STRING, cue: STRING, "
        "start: INT, `end`: INT, self_credit: BOOLEAN>>",
        "model STRING, dim INT, n_sentences INT, document ARRAY<FLOAT>, sentences BINARY",
    ]
)
_ARTICLE_COLUMNS = 10  # id .. meta
_ANALYSIS_COLUMNS = 11  # version .. sentences


def month_of(published: str | None) -> str:
    """``YYYY-MM`` of the publication time in UTC (the tables' partition), else UNDATED."""
    moment = parse_published(published)
    return UNDATED if moment is None else f"{moment.year:04d}-{moment.month:02d}"


def error_row(
    input_index: int, record: int, batch: int, error: InputError, stage: str
) -> tuple[object, ...]:
    """The wide row of an input record that could not be read (``stage`` "read")."""
    keys = (input_index, record, batch, UNDATED, error.source, stage, error.reason)
    return keys + (None,) * (_ARTICLE_COLUMNS + _ANALYSIS_COLUMNS)


def analysed_row(
    input_index: int,
    record: int,
    batch: int,
    article: Article,
    result: Analysis | InputError,
    version: str,
) -> tuple[object, ...]:
    """The wide row of ``article`` and its analysis (or the InputError it failed with)."""
    source, stage, reason = article.path, None, None
    if isinstance(result, InputError):
        source, stage, reason = result.source, "analyse", result.reason
    keys = (input_index, record, batch, month_of(article.published), source, stage, reason)
    return keys + _article_values(article) + _analysis_values(result, version)


def _article_values(article: Article) -> tuple[object, ...]:
    path = None
    if article.path is not None:
        # A file name that is not UTF-8 travels with surrogateescape: its exact bytes.
        path = article.path.encode("utf-8", "surrogateescape")
    return (
        article.id,
        article.text,
        article.title,
        article.outlet,
        article.url,
        article.published,
        article.language,
        article.byline,
        path,
        encode_meta(article.meta),
    )


def _analysis_values(result: Analysis | InputError, version: str) -> tuple[object, ...]:
    if isinstance(result, InputError):
        return (None,) * _ANALYSIS_COLUMNS
    stored = encode(result)
    quotes = [
        (n, q.start, q.end, q.kind, q.speaker, q.text, q.cue and q.cue.text)
        for n, q in enumerate(result.quotes)
    ]
    entities = [(e.id, e.name, e.label, len(e.mentions)) for e in result.entities]
    citations = [
        (n, c.source, c.kind, c.cue, c.start, c.end, c.self_credit)
        for n, c in enumerate(result.citations)
    ]
    vectors: tuple[object, ...] = (None,) * 5
    if (v := stored.vectors) is not None:
        # float32 values are exact as Python floats and as Spark FLOAT: no rounding anywhere.
        document = np.frombuffer(v.document, VECTOR_DTYPE).tolist()
        vectors = (v.model, v.dim, v.n_sentences, document, v.sentences)
    return (version, stored.language, stored.data, quotes, entities, citations, *vectors)


def article_from_row(row: Any) -> Article:
    """The Article of a row of the articles table (a Spark Row or anything with its columns)."""
    path = row.path
    return Article(
        id=row.id,
        text=row.text,
        title=row.title,
        outlet=row.outlet,
        url=row.url,
        published=row.published,
        language=row.language,
        byline=row.byline,
        path=None if path is None else bytes(path).decode("utf-8", "surrogateescape"),
        meta=decode_meta(row.meta),
    )


def analysis_from_row(article: Article, row: Any) -> Analysis:
    """The Analysis of ``article`` from a row with the analysis and vector columns
    (``detected_language``, ``data``, ``model``, ``dim``, ``n_sentences``, ``document``,
    ``sentences``); StoreError when ``data`` is not what the codec wrote."""
    vectors = None
    if row.model is not None:
        vectors = StoredVectors(
            model=row.model,
            dim=row.dim,
            dtype=VECTOR_DTYPE,
            n_sentences=row.n_sentences,
            document=np.asarray(row.document, VECTOR_DTYPE).tobytes(),
            sentences=bytes(row.sentences),
        )
    stored = StoredAnalysis(article, row.detected_language, row.data, vectors)
    return decode(stored)
