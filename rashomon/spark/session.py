"""The SparkSession rashomon's jobs run in: a cluster's, or a local one on loopback only."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager

from pyspark import SparkConf, SparkContext
from pyspark.sql import SparkSession

from rashomon.spark import require_spark

LOCAL_MASTER = "local[*]"  # when neither --master nor spark-submit names one
# Shuffle partitions of a local run: Spark's default of 200 is for clusters; on a few cores
# each tiny task costs more in scheduling than it does in work.
LOCAL_SHUFFLE_PARTITIONS_PER_CORE = 2

_SETTINGS = {
    "spark.sql.session.timeZone": "UTC",
    # Rewriting a batch replaces its partitions only (a resumed run's batch), never a table.
    "spark.sql.sources.partitionOverwriteMode": "dynamic",
    # One Python worker per task slot lives as long as the executor: the models it loads
    # for its first task serve every later one (docs/spark.md, "Models").
    "spark.python.worker.reuse": "true",
    "spark.ui.showConsoleProgress": "false",  # rashomon draws its own progress
}
# A local run talks to nothing but itself: no UI server, every socket on loopback.
_LOCAL_SETTINGS = {
    "spark.driver.host": "127.0.0.1",
    "spark.driver.bindAddress": "127.0.0.1",
    "spark.ui.enabled": "false",
}


@contextmanager
def spark_session(master: str | None = None, app: str = "rashomon") -> Iterator[SparkSession]:
    """A SparkSession for one command, stopped after it unless it was running already (as
    under spark-submit's own session, or a test's).

    ``master`` None takes the one spark-submit configured, else LOCAL_MASTER. A local
    master binds every socket to 127.0.0.1 and starts no web UI.
    """
    require_spark()
    running = SparkSession.getActiveSession()
    if running is None and SparkContext._active_spark_context is not None:
        running = SparkSession.builder.getOrCreate()  # this process's, made elsewhere
    if running is not None:
        yield running
        return
    if master is not None and master.startswith("local"):
        # Read when the JVM starts (next line): its every socket binds to loopback.
        os.environ.setdefault("SPARK_LOCAL_IP", "127.0.0.1")
    # The JVM: spark-submit's, or started now; then SparkConf reads its settings (the
    # master spark-submit or spark-defaults.conf names).
    SparkContext._ensure_initialized()
    conf = SparkConf()
    if master is not None:
        conf.setMaster(master)
    elif not conf.contains("spark.master"):
        conf.setMaster(LOCAL_MASTER)
    conf.setAppName(app)
    for key, value in _SETTINGS.items():
        conf.set(key, value)  # what rashomon's jobs rely on, whatever the defaults say
    if conf.get("spark.master", "").startswith("local"):
        # Local workers run this very Python (Spark's default, `python3` on PATH, may be
        # another version, or one without rashomon); a cluster names its own. Read when
        # the SparkContext starts, below.
        os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
        for key, value in _LOCAL_SETTINGS.items():
            conf.setIfMissing(key, value)
        cores = os.cpu_count() or 1
        conf.setIfMissing(
            "spark.sql.shuffle.partitions", str(cores * LOCAL_SHUFFLE_PARTITIONS_PER_CORE)
        )
    session = SparkSession.builder.config(conf=conf).getOrCreate()
    session.sparkContext.setLogLevel("ERROR")
    try:
        yield session
    finally:
        session.stop()
