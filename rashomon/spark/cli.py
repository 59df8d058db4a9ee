"""``rashomon spark``: analyse a news archive on Apache Spark, find its copies, and load it
into the store (docs/spark.md). Imported only when ``rashomon spark`` is named; pyspark is
imported only by a command that runs, so ``--help`` works without it."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

import click

from rashomon.cli import (
    PROGRESS_THRESHOLD,
    Reporter,
    cluster_with_progress,
    input_options,
    open_store,
    progress_bars,
)

if TYPE_CHECKING:
    from pyspark.sql import SparkSession

_MASTER_HELP = (
    "Spark master URL (local[N], spark://HOST:PORT, yarn, k8s://...); default: the one "
    "spark-submit was given, else local[*]."
)


@click.group(name="spark")
def spark_group() -> None:
    """Run rashomon over a news archive on Apache Spark (pip install 'rashomon[spark]')."""


def _require_spark(reporter: Reporter) -> None:
    """Exit with one line when pyspark or Java is missing: before anything imports pyspark."""
    from rashomon.spark import SparkUnavailable, require_spark

    try:
        require_spark()
    except SparkUnavailable as missing:
        reporter.fail(str(missing))
        sys.exit(2)


@contextmanager
def _session(master: str | None) -> Iterator[SparkSession]:
    from rashomon.spark.session import spark_session

    with spark_session(master) as spark:
        yield spark


@spark_group.command()
@click.argument("inputs", nargs=-1, required=True)
@click.option("--out", required=True, help="Folder or URI (hdfs://, s3a://) of the tables.")
@click.option("--master", default=None, help=_MASTER_HELP)
@click.option(
    "--embedder",
    type=click.Choice(["use-m3", "e5-small", "none"]),
    default="use-m3",
    show_default=True,
    help="Multilingual sentence encoder for the vectors (none: no vectors, no stories).",
)
@click.option(
    "--batch-bytes",
    type=click.IntRange(min=1),
    default=None,
    help="Input bytes per batch, the unit a rerun redoes (default 1 GiB).",
)
@click.option("--no-copies", is_flag=True, help="Do not look for copies across the archive.")
@input_options
def analyze(
    inputs: tuple[str, ...],
    out: str,
    master: str | None,
    embedder: str,
    batch_bytes: int | None,
    no_copies: bool,
    encoding: str | None,
    max_bytes: int,
) -> None:
    """Analyse every article in INPUTS on Spark's executors into Parquet tables in --out,
    then find copies across them; run it again to finish a run that was stopped.

    INPUTS are files or folders as `rashomon ingest` reads them (text, HTML, JSON, JSONL,
    WARC, RSS/Atom), as local paths every executor sees, or URIs Spark reads (hdfs://,
    s3a://, file://). The analysis is `rashomon analyze`'s; tables: docs/spark.md.
    """
    reporter = Reporter()
    _require_spark(reporter)
    from rashomon.analyze.pipeline import AnalysisConfig
    from rashomon.spark.analyze import BATCH_BYTES, analyze_archive

    config = AnalysisConfig(embedder=None if embedder == "none" else embedder)
    with _session(master) as spark, progress_bars(reporter.console) as progress:
        task = progress.add_task("batches", total=None, visible=False)
        report = analyze_archive(
            spark,
            inputs,
            out,
            config=config,
            batch_bytes=batch_bytes or BATCH_BYTES,
            max_bytes=max_bytes,
            encoding=encoding,
            on_start=lambda total: progress.update(task, total=total, visible=total > 1),
            on_batch=lambda _: progress.advance(task),
        )
        groups = None
        if not no_copies:
            from rashomon.spark.copies import find_archive_copies

            progress.update(task, visible=False)
            copies = find_archive_copies(spark, out)
            groups = copies.select("group_id").distinct().count()
    for error in report.first_errors:
        reporter.error(error)
    if report.errors > len(report.first_errors):
        more = report.errors - len(report.first_errors)
        reporter.fail(f"{out}: {more} more records failed (the errors table has every one)")
    reporter.console.print(
        f"{out}: {report.run} of {report.batches} batches analysed ({report.done_before} done "
        f"before), {report.articles} articles read, {report.analysed} analysed, "
        f"{report.errors} failed" + ("" if groups is None else f", {groups} copy groups"),
        markup=False,
    )
    sys.exit(1 if report.errors else 0)


@spark_group.command()
@click.argument("out")
@click.option("--master", default=None, help=_MASTER_HELP)
def copies(out: str, master: str | None) -> None:
    """Find copies across the archive analysed into OUT (its copies table)."""
    reporter = Reporter()
    _require_spark(reporter)
    from rashomon.spark.copies import find_archive_copies

    with _session(master) as spark:
        found = find_archive_copies(spark, out)
        rows = found.count()
        groups = found.select("group_id").distinct().count()
    reporter.console.print(f"{out}: {groups} copy groups, {rows} articles in them", markup=False)


@spark_group.command()
@click.argument("out")
@click.option(
    "--db",
    type=click.Path(dir_okay=False),
    default=None,
    help="The SQLite store (default: $RASHOMON_DB, else the user data directory).",
)
@click.option("--since", default=None, help="Load articles published from this month (YYYY-MM).")
@click.option("--until", default=None, help="Load articles published up to this month (YYYY-MM).")
@click.option("--no-cluster", is_flag=True, help="Load only; group into stories later.")
@click.option("--master", default=None, help=_MASTER_HELP)
def load(
    out: str,
    db: str | None,
    since: str | None,
    until: str | None,
    no_cluster: bool,
    master: str | None,
) -> None:
    """Store the archive analysed into OUT in the SQLite store, in publication order, and
    group it into stories, so `rashomon stories`, `story` and `serve` show it. Run it again
    to finish a load that was stopped."""
    reporter = Reporter()
    _require_spark(reporter)
    from rashomon.spark.load import load_archive

    for name, month in (("--since", since), ("--until", until)):
        if month is not None and not _is_month(month):
            raise click.BadParameter(f"{month!r} is not a month (YYYY-MM)", param_hint=name)
    store = open_store(db, reporter)
    with store, _session(master) as spark:
        with progress_bars(reporter.console) as progress:
            task = progress.add_task("loading", total=None, visible=False)

            def started(total: int) -> None:
                progress.update(task, total=total, visible=total > PROGRESS_THRESHOLD)

            report = load_archive(
                spark,
                out,
                store,
                since=since,
                until=until,
                on_start=started,
                on_progress=lambda n: progress.advance(task, n),
            )
        reporter.console.print(
            f"{store.path}: {report.added} of {report.articles} articles stored, "
            f"{report.skipped} stored before",
            markup=False,
        )
        if not no_cluster:
            cluster_with_progress(store, rebuild=False, console=reporter.console)


def _is_month(text: str) -> bool:
    year, dash, month = text.partition("-")
    return bool(dash) and len(year) == 4 and year.isdigit() and month in _MONTHS


_MONTHS = {f"{n:02d}" for n in range(1, 13)}
