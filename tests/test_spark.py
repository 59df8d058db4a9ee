"""`rashomon spark` in local[2] mode against the one-machine path on the same inputs.

One archive is built once per session: the shipped examples, a gzipped WARC (our own
pages, with records that are no articles), real BASIL articles as JSONL with a broken line
(read through Spark's own file reader, a file:// URI) and a missing file. It goes through
`rashomon ingest` into one store and through `spark analyze`, `copies` and `load` into
another; the stores must hold the same rows, table by table.
"""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pytest
from click.testing import CliRunner

from rashomon.cli import main
from rashomon.link.corpus import cluster_store
from rashomon.spark import JAVA_MISSING, SPARK_EXTRA_MISSING, SparkUnavailable, require_spark
from rashomon.store.codec import encode
from rashomon.store.rows import COMPARABLE_COLUMNS, comparable_rows
from rashomon.store.sqlite import Store
from tests.conftest import EXAMPLES, REPO
from tests.test_ingest_warc import write_warc

pyspark = pytest.importorskip("pyspark", reason="pyspark is not installed (the spark extra)")

from rashomon.spark.analyze import analyze_archive  # noqa: E402
from rashomon.spark.copies import find_archive_copies  # noqa: E402
from rashomon.spark.load import load_archive  # noqa: E402
from rashomon.spark.session import spark_session  # noqa: E402
from rashomon.spark.tables import read_table  # noqa: E402

VECTOR_BITS = 1e-6  # measured: one thread against two differ by up to 2e-7
BASIL_YEARS = ("2011", "2015")  # 21 real articles: three outlets per event
# Small batches, so the archive has two (a batch costs a dozen Spark jobs) and a rerun can
# redo one: the examples (43 kB) and the WARC, then the rest.
TEST_BATCH_BYTES = 44 * 2**10
TABLES = (
    "articles",
    "analyses",
    "quotes",
    "entities",
    "citations",
    "document_vectors",
    "sentence_vectors",
    "errors",
)


@dataclass(frozen=True)
class Archive:
    out: str  # the Spark tables
    spark_db: Path  # loaded from them
    ingest_db: Path  # rashomon ingest of the same inputs
    jsonl: Path  # read by Spark through its file:// URI


@pytest.fixture(scope="module")
def spark():
    with spark_session("local[2]", app="rashomon-tests") as session:
        yield session


@pytest.fixture(scope="module")
def archive(spark, shared: Path, tmp_path_factory: pytest.TempPathFactory) -> Archive:
    folder = tmp_path_factory.mktemp("spark")
    warc = folder / "crawl.warc.gz"
    write_warc(warc, compress=True)
    jsonl = folder / "basil.jsonl"
    lines = [
        json.dumps(json.loads(file.read_text(encoding="utf-8")))
        for year in BASIL_YEARS
        for file in sorted((shared / "data" / "basil" / "articles" / year).glob("*.json"))
    ]
    lines.insert(3, '{"title": "cut short", "text": "half a rec')  # a broken record
    jsonl.write_text("\n".join(lines) + "\n", encoding="utf-8")
    missing = str(folder / "missing.txt")
    examples = str(EXAMPLES / "articles")

    # `rashomon ingest` in its own process with the thread budget of one Spark task: a
    # vector's last bits depend on how many BLAS threads computed it (up to 2e-7 between one
    # and two), and this process's encoder keeps the budget of whichever test first made it
    ingest_db = folder / "ingest.db"
    run = subprocess.run(
        [sys.executable, "-m", "rashomon.cli", "ingest", examples, str(warc), missing,
         str(jsonl), "--db", str(ingest_db)],
        capture_output=True, text=True, timeout=1200,
        env={**os.environ, "RASHOMON_THREADS": "1"},
    )  # fmt: skip
    assert ingest_db.is_file() and "missing.txt" in run.stderr, run.stderr[-2000:]

    out = str(folder / "tables")
    inputs = [examples, str(warc), missing, jsonl.as_uri()]
    analyze_archive(spark, inputs, out, batch_bytes=TEST_BATCH_BYTES)
    find_archive_copies(spark, out)
    spark_db = folder / "spark.db"
    with Store.open(spark_db) as store:
        load_archive(spark, out, store)
        cluster_store(store)
    return Archive(out, spark_db, ingest_db, jsonl)


def store_rows(db: Path, table: str, archive: Archive) -> list[tuple]:
    rows = comparable_rows(db, table)
    if table == "articles":  # Spark names a file it read by its URI
        uri = archive.jsonl.as_uri().replace("file:///", "file:/")
        rows = [(r[0], r[1], r[2] and r[2].replace(uri, str(archive.jsonl)), *r[3:]) for r in rows]
    return sorted(rows, key=repr)


def test_spark_and_ingest_stores_hold_the_same_rows(archive: Archive) -> None:
    for table in COMPARABLE_COLUMNS:
        spark_rows = store_rows(archive.spark_db, table, archive)
        ingest_rows = store_rows(archive.ingest_db, table, archive)
        # a short account of a difference: pytest's own diff of thousands of rows runs for
        # many minutes
        only_spark = [r for r in spark_rows if r not in ingest_rows]
        only_ingest = [r for r in ingest_rows if r not in spark_rows]
        assert spark_rows == ingest_rows, (
            f"{table}: {len(spark_rows)} rows from Spark, {len(ingest_rows)} from ingest; "
            f"only in Spark {len(only_spark)}, e.g. {str(only_spark[:2])[:600]}; "
            f"only in ingest {len(only_ingest)}, e.g. {str(only_ingest[:2])[:600]}"
        )
    with sqlite3.connect(archive.ingest_db) as connection:
        (stories,) = connection.execute("SELECT count(*) FROM stories WHERE size > 1").fetchone()
        (analysed,) = connection.execute("SELECT count(*) FROM analyses").fetchone()
    # Whatever the two paths agree on, they agree on a real corpus: the examples' four
    # events and BASIL's stories, and every article that can be analysed.
    assert stories >= 4
    assert analysed >= 17 + 21 + 3


def test_spark_analyses_are_rashomon_analyze_and_vectors_to_the_last_bits(
    spark, archive: Archive, example_analyses: dict[str, list]
) -> None:
    keys = ["input_index", "record", "article_id"]
    rows = {
        row.article_id: row
        for row in read_table(spark, archive.out, "analyses")
        .join(read_table(spark, archive.out, "sentence_vectors"), keys)
        .collect()
    }
    analyses = [a for event in example_analyses.values() for a in event]
    assert len(analyses) == 17
    for analysis in analyses:
        stored = encode(analysis)
        row = rows[analysis.article.id]
        assert (row.data, row.language) == (stored.data, stored.language)
        # This process's encoder may run on another number of BLAS threads than a Spark task
        # (one), which moves a vector's last bits; at one budget they are the same bit for
        # bit (the stores above).
        vectors = np.frombuffer(bytes(row.vectors), dtype="<f4")
        expected = np.frombuffer(stored.vectors.sentences, dtype="<f4")
        assert vectors.shape == expected.shape
        assert np.allclose(vectors, expected, rtol=0, atol=VECTOR_BITS)


def test_archive_copies_are_the_copy_groups_ingest_finds(spark, archive: Archive) -> None:
    spark_copies = sorted(tuple(row) for row in read_table(spark, archive.out, "copies").collect())
    with sqlite3.connect(archive.ingest_db) as connection:
        ingest_copies = connection.execute(
            "SELECT article_id, group_id, kind, origin_id, score FROM copies "
            "WHERE kind = 'copy' ORDER BY article_id"
        ).fetchall()
    assert spark_copies == sorted(ingest_copies)
    assert len({group for _, group, *_ in spark_copies}) >= 4  # the examples' wire copies


def test_bad_records_land_in_the_errors_table(spark, archive: Archive) -> None:
    errors = {
        (row.source, row.stage, row.reason)
        for row in read_table(spark, archive.out, "errors").collect()
    }
    broken = f"{archive.jsonl.as_uri().replace('file:///', 'file:/')}:4"
    assert any(
        source == broken and reason.startswith("invalid JSON") for source, _, reason in errors
    )
    missing = str(archive.jsonl.parent / "missing.txt")
    assert (missing, "read", "no such file or directory") in errors
    gallery = (
        f"{archive.jsonl.parent / 'crawl.warc.gz'}#record-10 (https://courier.example/gallery)"
    )
    assert (gallery, "read", "no article text found in HTML") in errors


def table_rows(spark, out: str, table: str) -> list[tuple]:
    return sorted((tuple(row) for row in read_table(spark, out, table).collect()), key=repr)


def test_rerun_after_a_killed_batch_redoes_it_without_duplicates(
    spark, archive: Archive, tmp_path: Path
) -> None:
    out = tmp_path / "tables"
    shutil.copytree(archive.out, out)
    before = {table: table_rows(spark, str(out), table) for table in TABLES}
    batches = sorted(row.batch for row in read_table(spark, str(out), "batches").collect())
    assert len(batches) >= 2
    # What a job killed while writing its last batch leaves: some of the batch's tables
    # written, the others not, and no row in batches.
    last = batches[-1]
    shutil.rmtree(out / "batches" / f"batch={last}")
    for written in out.glob(f"analyses/month=*/batch={last}"):
        shutil.rmtree(written)
    report = analyze_archive(spark, [], str(out), batch_bytes=TEST_BATCH_BYTES)
    assert (report.run, report.done_before) == (1, len(batches) - 1)
    for table in TABLES:
        assert table_rows(spark, str(out), table) == before[table], table


def test_loading_again_stores_nothing_twice(archive: Archive) -> None:
    before = {table: store_rows(archive.spark_db, table, archive) for table in COMPARABLE_COLUMNS}
    result = CliRunner().invoke(main, ["spark", "load", archive.out, "--db", str(archive.spark_db)])
    assert result.exit_code == 0, result.output
    articles, analysed = len(before["articles"]), len(before["analyses"])
    assert f"0 of {articles} articles stored, {analysed} stored before" in result.output
    for table in COMPARABLE_COLUMNS:
        assert store_rows(archive.spark_db, table, archive) == before[table], table


def run_python(code: str, **env: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        cwd=REPO,
        env={**os.environ, **env},
        check=False,
    )


def test_without_pyspark_the_commands_say_which_extra_to_install() -> None:
    # None in sys.modules is how Python marks a module that cannot be imported.
    code = (
        "import sys; sys.modules['pyspark'] = None\n"
        "from rashomon.cli import main\n"
        "main(['spark', 'analyze', 'examples/articles', '--out', 'never-written'])"
    )
    result = run_python(code)
    assert result.returncode == 2
    assert result.stderr == f"rashomon: error: {SPARK_EXTRA_MISSING}\n"
    assert not (REPO / "never-written").exists()
    # Listing the commands imports the group but never pyspark.
    listing = run_python(
        "import sys\nfrom rashomon.spark.cli import spark_group\n"
        "assert 'pyspark' not in sys.modules, 'imported pyspark'"
    )
    assert listing.returncode == 0, listing.stderr


def test_without_java_spark_says_so(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv("JAVA_HOME", raising=False)
    monkeypatch.setenv("PATH", str(tmp_path))
    with pytest.raises(SparkUnavailable, match="Java runtime") as raised:
        require_spark()
    assert str(raised.value) == JAVA_MISSING
