"""``rashomon spark analyze``: read and analyse an archive on Spark's executors, resumably.

The driver lists the input files (``plan``) and cuts them into batches of about
``batch_bytes`` each, in reading order; the plan is kept in the ``inputs`` table, so a rerun
sees the same batches. For each batch not yet done, the executors read its files with
rashomon's own readers (``rashomon.ingest.read_path``), spread the records over the cores
and analyse them with ``rashomon.analyze.pipeline.analyze_batch`` (the function behind
``rashomon analyze`` and ``rashomon ingest``), then every table gets the batch's partitions
and, last, ``batches`` gets its row. A run killed at any point leaves at most one batch
without that row; the next run rewrites that batch's partitions (dynamic partition
overwrite), so no row is ever written twice.

Plain paths are read on the executors from their own file systems, exactly as
``rashomon ingest`` reads them (every executor must see them: on a cluster, a shared mount).
URIs with a scheme (``hdfs://``, ``s3a://``, ``file://``) are listed and read by Spark
itself (``SparkContext.binaryFiles``), through the cluster's own Hadoop configuration; each
file then goes to the same readers from a local temporary copy.
"""

from __future__ import annotations

import dataclasses
import itertools
import os
import posixpath
import re
import tempfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field

from pyspark.sql import DataFrame, SparkSession
from pyspark.sql import functions as F
from pyspark.storagelevel import StorageLevel

from rashomon.analyze.pipeline import BATCH_SIZE, AnalysisConfig, analyze_batch
from rashomon.errors import InputError
from rashomon.ingest import DEFAULT_MAX_BYTES, files_under, read_path
from rashomon.spark.rows import WIDE_SCHEMA, analysed_row, error_row
from rashomon.spark.tables import SCHEMAS, read_table, write_table
from rashomon.store.ingest import DEFAULT_CONFIG, analysis_version
from rashomon.types import Article

# Input bytes per batch, the unit a resumed run redoes: about one CC-NEWS WARC file (1 GB,
# some 40,000 articles, an hour of a 100-core cluster), so a failure costs little.
BATCH_BYTES = 2**30
# Analysis tasks per core in a batch: while the last tasks finish the other cores idle, for
# up to about 1/TASKS_PER_CORE of the batch's time; a task costs milliseconds to schedule.
TASKS_PER_CORE = 16
# A URI for Spark to read (hdfs://..., s3a://...; Hadoop writes local files as file:/...).
_URI = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:/")
_Item = tuple[int, int, int, Article | InputError]  # input_index, record, batch, what was read


@dataclass(frozen=True, slots=True)
class Unit:
    """One input file of the plan (or an input that cannot be listed, with its error)."""

    input_index: int
    input: str
    size: int
    error: str | None
    batch: int


@dataclass(slots=True)
class AnalyzeReport:
    batches: int = 0  # in the plan
    done_before: int = 0  # batches a previous run finished
    run: int = 0  # batches this run analysed
    articles: int = 0  # records read as articles by this run
    analysed: int = 0  # of those, analysed
    errors: int = 0  # records of this run that could not be read or analysed
    first_errors: list[InputError] = field(default_factory=list)  # the first few, to show


FIRST_ERRORS = 20  # errors a run shows one per line; the errors table has them all


def analyze_archive(
    spark: SparkSession,
    inputs: Iterable[str],
    out: str,
    *,
    config: AnalysisConfig = DEFAULT_CONFIG,
    batch_bytes: int = BATCH_BYTES,
    max_bytes: int = DEFAULT_MAX_BYTES,
    encoding: str | None = None,
    on_start: Callable[[int], None] | None = None,
    on_batch: Callable[[AnalyzeReport], None] | None = None,
) -> AnalyzeReport:
    """Analyse every batch of the plan for ``inputs`` not done yet; see the module docstring.

    ``on_start`` gets the number of batches to run, ``on_batch`` the report after each.
    """
    units = plan(spark, inputs, out, batch_bytes)
    done = {row.batch for row in read_table(spark, out, "batches").select("batch").collect()}
    batches: dict[int, list[Unit]] = {}
    for unit in units:
        batches.setdefault(unit.batch, []).append(unit)
    report = AnalyzeReport(batches=len(batches), done_before=len(done & set(batches)))
    pending = sorted(set(batches) - done)
    if on_start is not None:
        on_start(len(pending))
    version = analysis_version(config)
    for batch in pending:
        _run_batch(spark, batches[batch], out, config, version, max_bytes, encoding, report)
        report.run += 1
        if on_batch is not None:
            on_batch(report)
    return report


def plan(spark: SparkSession, inputs: Iterable[str], out: str, batch_bytes: int) -> list[Unit]:
    """The stored plan, extended with the files of ``inputs`` it does not hold yet."""
    stored = [
        Unit(row.input_index, row.input, row.size, row.error, row.batch)
        for row in read_table(spark, out, "inputs").collect()
    ]
    known = {unit.input for unit in stored}
    index = max((unit.input_index for unit in stored), default=-1) + 1
    batch = max((unit.batch for unit in stored), default=-1) + 1
    added: list[Unit] = []
    filled = 0
    for name, size, error in itertools.chain.from_iterable(_list(spark, given) for given in inputs):
        if name in known:
            continue
        known.add(name)
        if filled >= batch_bytes:
            batch, filled = batch + 1, 0
        added.append(Unit(index, name, size, error, batch))
        index += 1
        filled += size
    if added:
        frame = spark.createDataFrame([dataclasses.astuple(u) for u in added], SCHEMAS["inputs"])
        write_table(frame, out, "inputs")
    return sorted(stored + added, key=lambda unit: unit.input_index)


def _list(spark: SparkSession, given: str) -> Iterator[tuple[str, int, str | None]]:
    """(file, size, error) for each file under ``given``, in the order ingest reads them."""
    if _URI.match(given):
        yield from _hadoop_files(spark, given)
        return
    if not os.path.isdir(given):
        # read_path reports a missing or unreadable file itself, as ingest does
        yield given, _size(given), None
        return
    for item in files_under(given):
        if isinstance(item, InputError):
            yield item.source, 0, item.reason
        else:
            yield item, _size(item), None


def _size(path: str) -> int:
    try:
        return os.stat(path).st_size
    except OSError:
        return 0


def _hadoop_files(spark: SparkSession, uri: str) -> Iterator[tuple[str, int, str | None]]:
    """Files under ``uri`` as the cluster's Hadoop file system lists them, sorted; hidden
    files (``.name``, ``_name``) left out as Spark's own readers leave them out."""
    from py4j.protocol import Py4JJavaError

    jvm = spark.sparkContext._jvm
    assert jvm is not None, "a running SparkContext has a JVM"
    path = jvm.org.apache.hadoop.fs.Path(uri)
    try:
        fs = path.getFileSystem(spark.sparkContext._jsc.hadoopConfiguration())
        if not fs.exists(path):
            yield uri, 0, "no such file or directory"
            return
        found = []
        listing = fs.listFiles(path, True)
        root = fs.getFileStatus(path).getPath().toString().rstrip("/")
        while listing.hasNext():
            status = listing.next()
            name = status.getPath().toString()
            below = name[len(root) :].split("/")
            if not any(part.startswith((".", "_")) for part in below):
                found.append((name, int(status.getLen())))
    except Py4JJavaError as error:
        yield uri, 0, str(error.java_exception.getMessage()).splitlines()[0]
        return
    for name, size in sorted(found):
        yield name, size, None


def _run_batch(
    spark: SparkSession,
    units: list[Unit],
    out: str,
    config: AnalysisConfig,
    version: str,
    max_bytes: int,
    encoding: str | None,
    report: AnalyzeReport,
) -> None:
    context = spark.sparkContext
    cores = context.defaultParallelism
    local = [u for u in units if u.error is not None or not _URI.match(u.input)]
    remote = {u.input: u for u in units if u.error is None and _URI.match(u.input)}
    planned = context.parallelize(local, max(1, min(len(local), cores * TASKS_PER_CORE)))
    items = planned.flatMap(lambda unit: _read_unit(unit, max_bytes, encoding))
    if remote:
        files = context.binaryFiles(",".join(remote), max(1, min(len(remote), cores)))
        items = items.union(
            files.flatMap(lambda pair: _read_bytes(remote[pair[0]], pair[1], max_bytes, encoding))
        )
    threads = context.getConf().get("spark.task.cpus", "1")
    rows = items.repartition(cores * TASKS_PER_CORE).mapPartitions(
        lambda part: _analyse(part, config, version, threads)
    )
    wide = spark.createDataFrame(rows, WIDE_SCHEMA, verifySchema=False)
    wide = wide.persist(StorageLevel.MEMORY_AND_DISK)
    try:
        counts = wide.agg(
            F.count("id").alias("articles"),
            F.count("data").alias("analysed"),
            F.count("reason").alias("errors"),
        ).first()
        assert counts is not None, "an aggregate has one row"
        for table, frame in _tables(wide).items():
            write_table(frame, out, table)
        errors = wide.where(F.col("reason").isNotNull()).orderBy("input_index", "record")
        first = errors.select("source", "reason").limit(FIRST_ERRORS - len(report.first_errors))
        report.first_errors += [InputError(row.source, row.reason) for row in first.collect()]
    finally:
        wide.unpersist()
    batch = units[0].batch
    done = [(len(units), counts.articles, counts.analysed, counts.errors, batch)]
    write_table(spark.createDataFrame(done, SCHEMAS["batches"]), out, "batches")
    report.articles += counts.articles
    report.analysed += counts.analysed
    report.errors += counts.errors


def _tables(wide: DataFrame) -> dict[str, DataFrame]:
    """Each table's rows of a batch, from its wide rows (columns as in tables.SCHEMAS)."""
    keys = ["input_index", "record"]
    parts = ["month", "batch"]
    articles = wide.where(F.col("id").isNotNull())
    analysed = wide.where(F.col("data").isNotNull()).withColumnRenamed("id", "article_id")
    with_vectors = analysed.where(F.col("model").isNotNull())

    def exploded(column: str) -> DataFrame:
        items = analysed.select(*keys, "article_id", F.explode(column).alias("item"), *parts)
        return items.select(*keys, "article_id", "item.*", *parts)

    return {
        "articles": articles.select(
            *keys,
            "id",
            "url",
            "outlet",
            "title",
            "published",
            "language",
            "byline",
            "path",
            "meta",
            "text",
            *parts,
        ),
        "analyses": analysed.select(
            *keys,
            "article_id",
            "version",
            F.col("detected_language").alias("language"),
            "data",
            *parts,
        ),
        "quotes": exploded("quotes"),
        "entities": exploded("entities"),
        "citations": exploded("citations"),
        "document_vectors": with_vectors.select(
            *keys, "article_id", "model", F.col("document").alias("vector"), *parts
        ),
        "sentence_vectors": with_vectors.select(
            *keys,
            "article_id",
            "model",
            "dim",
            "n_sentences",
            F.col("sentences").alias("vectors"),
            *parts,
        ),
        "errors": wide.where(F.col("reason").isNotNull()).select(
            *keys, "source", "stage", "reason", "batch"
        ),
    }


# --- on the executors


def _read_unit(unit: Unit, max_bytes: int, encoding: str | None) -> Iterator[_Item]:
    """What rashomon's readers find in one planned file, numbered in reading order."""
    if unit.error is not None:
        yield unit.input_index, 0, unit.batch, InputError(unit.input, unit.error)
        return
    found = read_path(unit.input, max_bytes=max_bytes, encoding=encoding)
    for record, item in enumerate(found):
        yield unit.input_index, record, unit.batch, item


def _read_bytes(unit: Unit, data: bytes, max_bytes: int, encoding: str | None) -> Iterator[_Item]:
    """``_read_unit`` for a file Spark read: its bytes go to the readers from a local copy
    named like it (readers tell formats by extension), and sources name the original."""
    with tempfile.TemporaryDirectory(prefix="rashomon-spark-") as folder:
        local = os.path.join(folder, posixpath.basename(unit.input.rstrip("/")) or "input")
        with open(local, "wb") as file:
            file.write(data)
        del data
        found = read_path(local, max_bytes=max_bytes, encoding=encoding)
        for record, item in enumerate(found):
            yield unit.input_index, record, unit.batch, _renamed(item, local, unit.input)


def _renamed(item: Article | InputError, local: str, original: str) -> Article | InputError:
    if isinstance(item, InputError):
        return InputError(original + item.source.removeprefix(local), item.reason)
    if item.path is not None and item.path.startswith(local):
        return dataclasses.replace(item, path=original + item.path.removeprefix(local))
    return item


def _analyse(
    items: Iterable[_Item], config: AnalysisConfig, version: str, threads: str
) -> Iterator[tuple[object, ...]]:
    """Wide rows of a partition's records, analysed BATCH_SIZE articles at a time as
    ``rashomon ingest`` analyses them. The models load on this Python worker's first call
    and stay loaded for every later task it runs (spark.python.worker.reuse)."""
    # One BLAS thread per task slot, as ingest gives each of its worker processes.
    os.environ.setdefault("RASHOMON_THREADS", threads)
    remaining = iter(items)
    while chunk := list(itertools.islice(remaining, BATCH_SIZE)):
        articles = [item for *_, item in chunk if isinstance(item, Article)]
        results = iter(analyze_batch(articles, config))
        for input_index, record, batch, item in chunk:
            if isinstance(item, InputError):
                yield error_row(input_index, record, batch, item, "read")
            else:
                yield analysed_row(input_index, record, batch, item, next(results), version)
