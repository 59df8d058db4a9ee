"""Library logging (docs/api.md, Logging): records under rashomon.<stage>, nothing shown
unless the application asks."""

from __future__ import annotations

import logging
import subprocess
import sys

from rashomon.analyze.pipeline import analyze_many
from rashomon.api import analyze, article_from_text, compare
from rashomon.ingest import read_paths

TEXT = (
    "The harbour of Portvel stayed closed on Tuesday after the storm damaged the pier.\n\n"
    '"We will reopen when the engineers are done," harbour master Thomas Reid said.\n'
)


def test_analysis_and_comparison_log_a_summary_at_info(caplog) -> None:
    articles = [
        article_from_text(TEXT, name="one.txt"),
        article_from_text(TEXT.replace("Tuesday", "Wednesday"), name="two.txt"),
    ]
    with caplog.at_level(logging.INFO, logger="rashomon"):
        compare(list(analyze(articles)))
    messages = {(r.name, r.levelno): r.getMessage() for r in caplog.records}
    assert messages[("rashomon.analyze.pipeline", logging.INFO)].startswith("analysed 2 articles")
    assert messages[("rashomon.compare.engine", logging.INFO)].startswith("compared 2 articles")


def test_a_bad_input_is_a_warning(caplog, tmp_path) -> None:
    (tmp_path / "short.txt").write_text("Too short.", encoding="utf-8")
    with caplog.at_level(logging.WARNING, logger="rashomon"):
        list(analyze_many(read_paths([str(tmp_path / "short.txt")])))
    warnings = [r for r in caplog.records if r.levelno == logging.WARNING]
    assert warnings and "short.txt" in warnings[0].getMessage()


def test_nothing_is_shown_unless_asked(tmp_path) -> None:
    # A fresh interpreter with no logging configured: a warning must not reach stderr
    # through Python's last-resort handler.
    (tmp_path / "short.txt").write_text("Too short.", encoding="utf-8")
    code = (
        "from rashomon.analyze.pipeline import analyze_many;"
        "from rashomon.ingest import read_paths;"
        f"list(analyze_many(read_paths([{str(tmp_path / 'short.txt')!r}])))"
    )
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    assert "short.txt" not in run.stderr
