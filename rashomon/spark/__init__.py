"""rashomon on Apache Spark: a news archive analysed on a cluster (docs/spark.md).

``rashomon spark analyze`` reads inputs with rashomon's own readers and analyses each
article with ``rashomon.analyze`` on the executors, writing Parquet tables; ``copies`` finds
copies across the whole archive with MinHash banding over DataFrames; ``load`` streams the
tables into the SQLite store in publication order and groups them into stories.

The package imports without pyspark (``rows`` needs none); the modules that drive Spark
import it, and ``require_spark`` says in one line what is missing when it is.
"""

from __future__ import annotations

import importlib.util
import os
import shutil

SPARK_EXTRA_MISSING = "rashomon spark needs the spark extra: pip install 'rashomon[spark]'"
JAVA_MISSING = (
    "rashomon spark needs a Java runtime (17 or newer) on PATH or in JAVA_HOME, such as "
    "Debian's openjdk-17-jre-headless"
)


class SparkUnavailable(Exception):
    """pyspark or Java is missing; ``str()`` is the one line to show."""


def require_spark() -> None:
    """Raise SparkUnavailable unless pyspark imports and a Java runtime is there."""
    if importlib.util.find_spec("pyspark") is None:
        raise SparkUnavailable(SPARK_EXTRA_MISSING)
    java_home = os.environ.get("JAVA_HOME")
    has_java = java_home and os.access(os.path.join(java_home, "bin", "java"), os.X_OK)
    if not has_java and shutil.which("java") is None:
        raise SparkUnavailable(JAVA_MISSING)


__all__ = ["JAVA_MISSING", "SPARK_EXTRA_MISSING", "SparkUnavailable", "require_spark"]
