"""Copies across a whole analysed archive: ``rashomon.link.copies``'s rules as a Spark job.

The one-machine ``CopyIndex`` hashes each article's word 5-gram shingles into a MinHash
(datasketch, 128 permutations) and queries an LSH whose bands it fits to LSH_THRESHOLD;
articles sharing all values of a band are candidates, and a candidate is a copy when its
shingle containment reaches MIN_CONTAINMENT. Here the same MinHashes are cut into the same
bands (``MinHashLSH(...).hashranges``), a shuffle on (band, values) brings the candidates
together across the archive, the same containment check verifies them, and the verified
pairs' connected components (label propagation over DataFrames) are the groups. Each group
then goes through ``CopyIndex`` itself, in the store's publication order, which names its
origin and scores its members exactly as ``rashomon ingest`` does.

The articles are those the store would compare: analysed and with vectors, first reads
only. Translations (document cosine across languages) stay with ``rashomon spark load``,
whose story clustering finds them within each story as ingest does.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from datasketch import MinHashLSH
from pyspark.sql import DataFrame, SparkSession
from pyspark.sql import functions as F

from rashomon.link.copies import (
    LSH_THRESHOLD,
    MIN_CONTAINMENT,
    NUM_PERM,
    CopyIndex,
    body_text,
    minhash_of,
    overlap,
    shingle_set,
)
from rashomon.spark.tables import SCHEMAS, first_reads, read_table, write_table
from rashomon.types import Article

# The bands of CopyIndex's LSH: (start, end) of each slice of the MinHash values.
BANDS = tuple(MinHashLSH(threshold=LSH_THRESHOLD, num_perm=NUM_PERM).hashranges)
# Label propagation stops when no label changes; a chain of copies longer than this (each
# a copy of the one before only) would be a bug in the candidates, not news.
MAX_ROUNDS = 50


def find_archive_copies(spark: SparkSession, out: str) -> DataFrame:
    """The copy groups of the archive in ``out`` as rows of the ``copies`` table, written
    there (replacing an earlier run's) and returned as read back."""
    articles = _comparable(spark, out).persist()
    try:
        pairs = _verified_pairs(articles)
        labels = _components(pairs)
        members = labels.join(articles, "id").select(
            "label", "id", "text", "title", "published", "language"
        )
        rows = members.rdd.map(lambda row: (row.label, row)).groupByKey().flatMap(_groups)
        write_table(spark.createDataFrame(rows, SCHEMAS["copies"]), out, "copies")
    finally:
        articles.unpersist()
    return read_table(spark, out, "copies")


def _comparable(spark: SparkSession, out: str) -> DataFrame:
    """First reads of the articles with an analysis and vectors: id, text, title,
    published and the detected language."""
    keys = ["input_index", "record"]
    articles = first_reads(read_table(spark, out, "articles"))
    analyses = read_table(spark, out, "analyses").select(*keys, "article_id", "language")
    vectors = read_table(spark, out, "document_vectors").select(*keys, "article_id")
    analysed = analyses.join(vectors, [*keys, "article_id"]).withColumnRenamed("article_id", "id")
    return articles.select(*keys, "id", "text", "title", "published").join(analysed, [*keys, "id"])


def _verified_pairs(articles: DataFrame) -> DataFrame:
    """(a, b) with a < b for every pair of articles that share a band and are copies."""
    bands = (
        articles.select("id", "text", "title")
        .rdd.flatMap(_band_keys)
        .toDF("band INT, bucket BINARY, id STRING")
    )
    left, right = bands.alias("l"), bands.alias("r")
    candidates = (
        left.join(right, ["band", "bucket"])
        .where(F.col("l.id") < F.col("r.id"))
        .select(F.col("l.id").alias("a"), F.col("r.id").alias("b"))
        .distinct()
    )
    texts = articles.select("id", "text", "title")
    sides = (
        candidates.join(texts.toDF("a", "a_text", "a_title"), "a")
        .join(texts.toDF("b", "b_text", "b_title"), "b")
        .select("a", "a_text", "a_title", "b", "b_text", "b_title")
    )
    verified = sides.rdd.filter(_is_copy).map(lambda row: (row.a, row.b))
    return verified.toDF("a STRING, b STRING")


def _band_keys(row: Any) -> Iterator[tuple[int, bytes, str]]:
    shingles = shingle_set(body_text(row.text, row.title))
    if not shingles:  # nothing to compare, as CopyIndex never indexes it
        return
    values = minhash_of(shingles).hashvalues
    for band, (start, end) in enumerate(BANDS):
        yield band, values[start:end].tobytes(), row.id


def _is_copy(row: Any) -> bool:
    a = shingle_set(body_text(row.a_text, row.a_title))
    b = shingle_set(body_text(row.b_text, row.b_title))
    return overlap(a, b)[0] >= MIN_CONTAINMENT


def _components(pairs: DataFrame) -> DataFrame:
    """(id, label) for every article in a pair: label is the smallest id of its connected
    component (each round, every article takes the smallest label of its neighbours)."""
    edges = pairs.union(pairs.select("b", "a")).toDF("src", "dst").persist()
    labels = edges.select(F.col("src").alias("id"), F.col("src").alias("label")).distinct()
    labels = labels.localCheckpoint()
    for _ in range(MAX_ROUNDS):
        offered = edges.join(labels.withColumnRenamed("id", "src"), "src").select(
            F.col("dst").alias("id"), "label"
        )
        updated = (
            labels.union(offered).groupBy("id").agg(F.min("label").alias("label")).localCheckpoint()
        )
        changed = updated.join(labels.withColumnRenamed("label", "old"), "id").where(
            F.col("label") != F.col("old")
        )
        labels = updated
        if changed.isEmpty():
            break
    else:
        raise RuntimeError(f"copy groups did not settle in {MAX_ROUNDS} rounds")
    edges.unpersist()
    return labels


def _groups(item: tuple[str, Iterable[Any]]) -> Iterator[tuple[str, str, str, str, float]]:
    """The copies rows of one component, found by CopyIndex in the store's order."""
    _, members = item
    ordered = sorted(
        members,
        key=lambda m: (m.published is None, m.published or "", m.id),
    )
    index = CopyIndex()
    for m in ordered:
        article = Article(id=m.id, text=m.text, title=m.title, published=m.published)
        index.add_parts(article, m.language, None)
    for group in index.groups():
        for member, score in zip(group.members, group.scores, strict=True):
            yield member, f"{group.kind}:{group.origin}", group.kind, group.origin, score
