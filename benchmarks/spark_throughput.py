"""Spark's overhead: `rashomon spark` in local[2] against `rashomon ingest --workers 2`.

    python benchmarks/spark_throughput.py [--articles N] [--passes P] [--json OUT]

The same real articles (the unseen stream of benchmarks/analysis_throughput.py: every
English news article in ../shared/data, sources interleaved, the first N) are written to
one JSONL file and taken from it into a store by each path, as a user runs them, each in
fresh processes (JVM start and model loading included):

- one machine: ``rashomon ingest FILE --db A --workers 2`` (read, analyse, store, stories);
- Spark: ``rashomon spark analyze FILE --out DIR --master local[2]`` (read, analyse,
  Parquet tables, copies across the archive), then ``rashomon spark load DIR --db B``
  (store, stories).

The paths alternate, pass after pass, so load from other work on this shared machine falls
on both; each window records the cores other processes kept busy and the load average.
Throughput is articles per core-second (2 cores); the figure that matters is the ratio of
Spark's to ingest's within each pass. After the last pass the two stores are compared
table by table (every column but the times rows were written).

Then a resume check: a Spark run over the first ``--resume-articles`` in small batches is
killed (SIGKILL to its process group) once its first batch is done, run again to the end,
and its tables compared with an uninterrupted run's: no row missing, none twice.

A script, not a test: targets are reported, never asserted.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from analysis_throughput import CORPUS, SHARED, cpu_sample, machine, other_load_cores, read_corpus

from rashomon.store.rows import COMPARABLE_COLUMNS, comparable_rows

TARGET_RATIO = 0.80  # Spark local[2] articles per core-second / ingest's (issue 19)
CORES = 2  # local[2] and --workers 2
# A year of CC-NEWS (issue 19: "over 100M articles"); the price of a core-hour is an
# assumption (about an on-demand cloud vCPU-hour of a general-purpose instance), not a
# measurement: the projection scales with it.
YEAR_OF_CC_NEWS = 100_000_000
PRICE_PER_CORE_HOUR = 0.04
SPARK_TABLES = ("articles", "analyses", "quotes", "entities", "citations", "document_vectors")
RESUME_FILES = 5  # the resume check's input files; a file is never split across batches
RESUME_BATCH_BYTES = 1  # so each of its files is a batch of its own
REPO = Path(__file__).resolve().parents[1]


def write_jsonl(articles: Sequence[Any], path: Path) -> None:
    with path.open("w", encoding="utf-8") as file:
        for a in articles:
            record = {
                "text": a.text,
                "title": a.title,
                "url": a.url,
                "outlet": a.outlet,
                "published": a.published,
                "language": a.language,
                "byline": a.byline,
            }
            file.write(json.dumps({k: v for k, v in record.items() if v is not None}) + "\n")


RASHOMON = [sys.executable, "-c", "from rashomon.cli import main; main()"]


def run(*args: str) -> str:
    done = subprocess.run([*RASHOMON, *args], capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise SystemExit(f"rashomon {' '.join(args)} failed ({done.returncode}):\n{done.stderr}")
    return done.stdout + done.stderr


def timed(label: str, steps: Sequence[Sequence[str]], articles: int) -> dict[str, Any]:
    start = cpu_sample()
    outputs, step_seconds = [], []
    for step in steps:
        began = time.monotonic()
        outputs.append(run(*step))
        step_seconds.append(round(time.monotonic() - began, 2))
    end = cpu_sample()
    seconds = end.at - start.at
    result = {
        "path": label,
        "articles": articles,
        "seconds": round(seconds, 2),
        "step_seconds": step_seconds,
        "articles_per_core_second": articles / (seconds * CORES),
        "other_load_cores": round(other_load_cores(start, end), 2),
        "load_average": [round(start.load, 2), round(end.load, 2)],
    }
    print(
        f"  {label}: {seconds:.1f} s, {result['articles_per_core_second']:.3f} articles/core-s, "
        f"other load {result['other_load_cores']} cores",
        flush=True,
    )
    return result


def compare_stores(a: Path, b: Path) -> dict[str, Any]:
    tables = {}
    for table in COMPARABLE_COLUMNS:
        rows_a, rows_b = comparable_rows(a, table), comparable_rows(b, table)
        tables[table] = {"rows": len(rows_a), "identical": rows_a == rows_b}
    return {"identical": all(t["identical"] for t in tables.values()), "tables": tables}


def parquet_rows(out: Path, table: str) -> list[tuple]:
    import pyarrow.parquet as pq

    rows = pq.read_table(out / table).to_pylist()
    return sorted((tuple(map(repr, row.values())) for row in rows), key=repr)


def resume_check(folder: Path, work: Path) -> dict[str, Any]:
    """Kill a Spark run after its first batch, rerun it, compare with an unbroken run."""
    spark = ["spark", "analyze", str(folder), "--master", f"local[{CORES}]"]
    small = ["--batch-bytes", str(RESUME_BATCH_BYTES), "--no-copies"]
    whole, broken = work / "resume-whole", work / "resume-broken"
    run(*spark, "--out", str(whole), *small)
    # Its output goes to a file: a pipe nobody reads would fill and stall it.
    log = (work / "killed.log").open("w")
    process = subprocess.Popen(
        [*RASHOMON, *spark, "--out", str(broken), *small],
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    while not (broken / "batches" / "batch=0").exists():
        if process.poll() is not None and not (broken / "batches" / "batch=0").exists():
            log.close()
            said = (work / "killed.log").read_text()
            raise SystemExit(f"the run to kill ended before its first batch was done:\n{said}")
        time.sleep(0.5)
    time.sleep(5)  # into the second batch's work
    killed = process.poll() is None
    if killed:
        os.killpg(process.pid, signal.SIGKILL)
    process.wait()
    log.close()
    done_when_killed = len(list((broken / "batches").glob("batch=*")))
    rerun = run(*spark, "--out", str(broken), *small)
    tables = {}
    for table in SPARK_TABLES:
        rows_whole, rows_broken = parquet_rows(whole, table), parquet_rows(broken, table)
        tables[table] = {
            "rows": len(rows_whole),
            "after_kill_and_rerun": len(rows_broken),
            "identical": rows_whole == rows_broken,
        }
    return {
        "killed": killed,
        "batches_done_when_killed": done_when_killed,
        "rerun_said": rerun.strip().splitlines()[-1],
        "identical": all(t["identical"] for t in tables.values()),
        "tables": tables,
    }


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--passes", type=int, default=2)
    parser.add_argument("--resume-articles", type=int, default=150)
    parser.add_argument("--shared", type=Path, default=SHARED)
    parser.add_argument("--json", type=Path, default=None, help="write the results here")
    args = parser.parse_args(argv)
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    corpus = read_corpus([str(args.shared / d) for d in CORPUS])[: args.articles]
    work = Path(tempfile.mkdtemp(prefix="rashomon-spark-bench-"))
    try:
        jsonl = work / "articles.jsonl"
        write_jsonl(corpus, jsonl)
        print(f"{len(corpus)} articles, {args.passes} passes, {CORES} cores", flush=True)
        runs = []
        for n in range(args.passes):
            print(f"pass {n + 1}", flush=True)
            ingest_db, spark_db, out = (
                work / f"ingest-{n}.db",
                work / f"spark-{n}.db",
                work / f"out-{n}",
            )
            runs.append(
                timed(
                    "ingest",
                    [["ingest", str(jsonl), "--db", str(ingest_db), "--workers", str(CORES)]],
                    len(corpus),
                )
            )
            runs.append(
                timed(
                    "spark",
                    [
                        [
                            "spark",
                            "analyze",
                            str(jsonl),
                            "--out",
                            str(out),
                            "--master",
                            f"local[{CORES}]",
                        ],
                        [
                            "spark",
                            "load",
                            str(out),
                            "--db",
                            str(spark_db),
                            "--master",
                            f"local[{CORES}]",
                        ],
                    ],
                    len(corpus),
                )
            )
        last = args.passes - 1
        same = compare_stores(work / f"ingest-{last}.db", work / f"spark-{last}.db")
        print(f"stores identical: {same['identical']}", flush=True)
        resume_corpus = work / "resume"
        resume_corpus.mkdir()
        part = -(-args.resume_articles // RESUME_FILES)
        for n in range(RESUME_FILES):
            chunk = corpus[: args.resume_articles][n * part : (n + 1) * part]
            write_jsonl(chunk, resume_corpus / f"part-{n}.jsonl")
        resume = resume_check(resume_corpus, work)
        print(f"resume after kill identical: {resume['identical']}", flush=True)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    ratios = [
        spark["articles_per_core_second"] / ingest["articles_per_core_second"]
        for ingest, spark in zip(runs[::2], runs[1::2], strict=True)
    ]
    spark_rate = min(r["articles_per_core_second"] for r in runs[1::2])
    best_spark_rate = max(r["articles_per_core_second"] for r in runs[1::2])
    core_hours = YEAR_OF_CC_NEWS / best_spark_rate / 3600
    result = {
        "machine": machine("use-m3"),
        "articles": len(corpus),
        "passes": args.passes,
        "runs": runs,
        "ratio_spark_to_ingest": [round(r, 3) for r in ratios],
        "target_ratio": TARGET_RATIO,
        "meets_target": min(ratios) >= TARGET_RATIO,
        "outputs": same,
        "resume": resume,
        "year_of_cc_news": {
            "articles": YEAR_OF_CC_NEWS,
            "articles_per_core_second": round(best_spark_rate, 3),
            "slowest_pass_articles_per_core_second": round(spark_rate, 3),
            "core_hours": round(core_hours),
            "assumed_price_per_core_hour_usd": PRICE_PER_CORE_HOUR,
            "projected_cost_usd": round(core_hours * PRICE_PER_CORE_HOUR),
        },
    }
    print(
        f"Spark/ingest throughput per pass: {result['ratio_spark_to_ingest']} "
        f"(target >= {TARGET_RATIO})"
    )
    print(f"a year of CC-NEWS: {result['year_of_cc_news']}")
    if args.json:
        args.json.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
