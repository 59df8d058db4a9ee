"""``rashomon spark load``: an analysed archive into the SQLite store, in publication order.

Spark joins each article's first read to its analysis and vectors and sorts them by
publication time (undated last, then by id: the store's own order); the rows stream to
the driver a partition at a time (``toLocalIterator``), so the driver never holds the
archive, and go into the store through its own API (``Store.put_analysis``), one
transaction per article as ``rashomon ingest`` writes them. An article whose analysis by
the same analyser is stored already is skipped, so a load killed midway is finished by
running it again. Story clustering (``rashomon.link.corpus.cluster_store``) is the CLI's
next step, as after ingest.

``since`` and ``until`` (months, ``YYYY-MM``) load one stretch of time, read from those
month partitions only: one store per stretch is how an archive past one SQLite file is
served (docs/spark.md, "Past one SQLite file").
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from pyspark.sql import DataFrame, SparkSession
from pyspark.sql import functions as F

from rashomon.spark.rows import UNDATED, analysis_from_row, article_from_row
from rashomon.spark.tables import first_reads, read_table
from rashomon.store.sqlite import Store


@dataclass(slots=True)
class LoadReport:
    articles: int = 0  # articles in the archive (first reads) within the months asked
    added: int = 0  # analyses (or unanalysed articles) this load stored
    skipped: int = 0  # already stored by the same analyser


def load_archive(
    spark: SparkSession,
    out: str,
    store: Store,
    *,
    since: str | None = None,
    until: str | None = None,
    on_start: Callable[[int], None] | None = None,
    on_progress: Callable[[int], None] | None = None,
) -> LoadReport:
    """Store every article of the archive in ``out`` (months ``since``..``until``,
    inclusive, when given; undated articles only when neither is) with its analysis."""
    rows = ordered_rows(spark, out, since=since, until=until).persist()
    report = LoadReport(articles=rows.count())
    if on_start is not None:
        on_start(report.articles)
    for row in rows.toLocalIterator(prefetchPartitions=True):
        article = article_from_row(row)
        if row.data is None:
            report.added += store.add_article(article)
        elif store.has_analysis(article.id, row.version):
            report.skipped += 1
        else:
            store.put_analysis(analysis_from_row(article, row), version=row.version)
            report.added += 1
        if on_progress is not None:
            on_progress(1)
    rows.unpersist()
    return report


def ordered_rows(
    spark: SparkSession, out: str, *, since: str | None = None, until: str | None = None
) -> DataFrame:
    """Each article's first read with its analysis and vectors (null when it has none), in
    the store's publication order."""
    keys = ["input_index", "record", "article_id"]

    def table(name: str) -> DataFrame:
        frame = read_table(spark, out, name)
        if since is not None or until is not None:
            frame = frame.where(F.col("month") != UNDATED)
        if since is not None:
            frame = frame.where(F.col("month") >= since)
        if until is not None:
            frame = frame.where(F.col("month") <= until)
        return frame

    articles = first_reads(table("articles")).withColumnRenamed("id", "article_id")
    analyses = table("analyses").select(
        *keys, "version", F.col("language").alias("detected_language"), "data"
    )
    documents = table("document_vectors").select(*keys, "model", F.col("vector").alias("document"))
    sentences = table("sentence_vectors").select(
        *keys, "dim", "n_sentences", F.col("vectors").alias("sentences")
    )
    joined = (
        articles.join(analyses, keys, "left")
        .join(documents, keys, "left")
        .join(sentences, keys, "left")
        .withColumnRenamed("article_id", "id")
    )
    return joined.orderBy(F.col("published").isNull(), "published", "id")
