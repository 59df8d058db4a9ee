"""The script spark-submit runs on the driver (docs/spark.md, "On a cluster")::

    spark-submit [OPTIONS] "$(python -c 'import rashomon.spark.submit as s; print(s.__file__)')" \
        analyze s3a://bucket/cc-news/2024/ --out s3a://bucket/rashomon/2024

Its arguments are those of ``rashomon spark``: ``analyze``, ``copies`` or ``load``. The
session is spark-submit's (its --master and --conf), so --master is left out here.
"""

from __future__ import annotations

from rashomon.spark.cli import spark_group

if __name__ == "__main__":
    spark_group(prog_name="rashomon spark")
