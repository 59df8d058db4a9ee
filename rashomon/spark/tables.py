"""The Parquet tables of an analysed archive: their columns, and reading them back.

Every table but ``inputs``, ``batches``, ``errors`` and ``copies`` is partitioned by
``month`` (``YYYY-MM`` of the publication time in UTC, or ``undated``) and then ``batch``
(the unit a resumed run redoes), so a reader of one month opens that month's files only.
A row names its input record by (``input_index``, ``record``): the same article read twice
(its id is a hash of url and text) has a row per read, and the first read is the one kept
(``first_reads``), as the one-machine store keeps the first.
"""

from __future__ import annotations

from pyspark.sql import DataFrame, SparkSession, Window
from pyspark.sql import functions as F

_KEYS = "input_index BIGINT, record INT"
_PARTS = "month STRING, batch INT"
SCHEMAS = {
    # The plan: every input file, in reading order, and the batch it belongs to.
    "inputs": "input_index BIGINT, input STRING, size BIGINT, error STRING, batch INT",
    # A batch's row is written once all its tables are: a batch without one is redone.
    "batches": "inputs INT, articles BIGINT, analysed BIGINT, errors BIGINT, batch INT",
    "articles": f"{_KEYS}, id STRING, url STRING, outlet STRING, title STRING, "
    f"published STRING, language STRING, byline STRING, path BINARY, meta STRING, "
    f"text STRING, {_PARTS}",
    "analyses": f"{_KEYS}, article_id STRING, version STRING, language STRING, data STRING, "
    f"{_PARTS}",
    "quotes": f"{_KEYS}, article_id STRING, idx INT, start INT, `end` INT, kind STRING, "
    f"speaker STRING, text STRING, cue STRING, {_PARTS}",
    "entities": f"{_KEYS}, article_id STRING, entity_id STRING, name STRING, label STRING, "
    f"mentions INT, {_PARTS}",
    "citations": f"{_KEYS}, article_id STRING, idx INT, source STRING, kind STRING, "
    f"cue STRING, start INT, `end` INT, self_credit BOOLEAN, {_PARTS}",
    "document_vectors": f"{_KEYS}, article_id STRING, model STRING, vector ARRAY<FLOAT>, {_PARTS}",
    # One row per article: its sentences' vectors as one little-endian float32 blob of
    # n_sentences x dim values, row-major, in the analysis's sentence order (the store's form).
    "sentence_vectors": f"{_KEYS}, article_id STRING, model STRING, dim INT, "
    f"n_sentences INT, vectors BINARY, {_PARTS}",
    "errors": f"{_KEYS}, source STRING, stage STRING, reason STRING, batch INT",
    "copies": "article_id STRING, group_id STRING, kind STRING, origin_id STRING, score DOUBLE",
}
PARTITIONS = {"inputs": ("batch",), "batches": ("batch",), "errors": ("batch",), "copies": ()}
DEFAULT_PARTITIONS = ("month", "batch")


def table_path(out: str, table: str) -> str:
    return f"{out.rstrip('/')}/{table}"


def exists(spark: SparkSession, path: str) -> bool:
    """Whether ``path`` exists on its file system (any Spark reads: local, HDFS, S3...)."""
    jvm = spark.sparkContext._jvm
    assert jvm is not None, "a running SparkContext has a JVM"
    hadoop_path = jvm.org.apache.hadoop.fs.Path(path)
    fs = hadoop_path.getFileSystem(spark.sparkContext._jsc.hadoopConfiguration())
    return bool(fs.exists(hadoop_path))


def read_table(spark: SparkSession, out: str, table: str) -> DataFrame:
    """A table of the archive in ``out``; empty (with its columns) when not written yet."""
    path = table_path(out, table)
    schema = SCHEMAS[table]
    if not exists(spark, path):
        return spark.createDataFrame([], schema)
    return spark.read.schema(schema).parquet(path)


def write_table(frame: DataFrame, out: str, table: str) -> None:
    """Write ``frame`` as ``table``, replacing only the partitions it has rows for."""
    partitions = PARTITIONS.get(table, DEFAULT_PARTITIONS)
    if partitions:
        # One file per partition (a batch's month) rather than one per task and month: a
        # batch of old news spans hundreds of months, and each small file costs a write
        # and, later, an open on every read.
        frame = frame.repartition(*partitions)
    writer = frame.write.mode("overwrite")
    if partitions:
        writer = writer.option("partitionOverwriteMode", "dynamic").partitionBy(*partitions)
    writer.parquet(table_path(out, table))


def first_reads(frame: DataFrame, id_column: str = "id") -> DataFrame:
    """``frame`` with one row per article id: its first read, by (input_index, record)."""
    first = Window.partitionBy(id_column).orderBy("input_index", "record")
    return (
        frame.withColumn("_read", F.row_number().over(first))
        .where(F.col("_read") == 1)
        .drop("_read")
    )
