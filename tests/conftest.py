"""Shared fixtures: real models, loaded once per test session."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

os.environ.setdefault("HF_HUB_OFFLINE", "1")

REPO = Path(__file__).resolve().parents[1]
# The evaluation data and seed articles lie in ../shared, beside the checkout (as in CI);
# every test finds them through this, never through an absolute path.
SHARED = REPO.parent / "shared"
EXAMPLES = REPO / "examples"

# A skipped test shows in the summary with its reason (``-rfEs`` in pyproject.toml). CI
# (.ci/run) also sets RASHOMON_NO_SKIPS=1: there a skip is an error, as a browser test
# without chromium or a seed test without ../shared would otherwise pass unseen, unless
# its reason is one of these, expected of CI's own conditions.
NO_SKIPS = os.environ.get("RASHOMON_NO_SKIPS", "") not in ("", "0")
EXPECTED_SKIPS = {
    "root reads files regardless of permissions",  # CI runs as root
}


def _skip_reason(report: pytest.TestReport) -> str:
    longrepr = report.longrepr
    reason = longrepr[2] if isinstance(longrepr, tuple) else str(longrepr)
    return reason.removeprefix("Skipped: ")


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo):
    outcome = yield
    report = outcome.get_result()
    if NO_SKIPS and report.skipped and not hasattr(report, "wasxfail"):
        reason = _skip_reason(report)
        if reason not in EXPECTED_SKIPS:
            report.outcome = "failed"
            report.longrepr = f"skipped, but RASHOMON_NO_SKIPS=1 wants it run: {reason}"


@pytest.fixture(scope="session")
def shared() -> Path:
    if not SHARED.is_dir():
        pytest.skip("../shared is not beside this checkout")
    return SHARED


def analyse_paths(*paths: Path):
    """Full analyses (with embeddings, as compare needs) of the articles under ``paths``."""
    from rashomon.analyze.pipeline import analyze_article
    from rashomon.ingest import read_paths

    return [analyze_article(article) for article in read_paths([str(p) for p in paths])]


@pytest.fixture(scope="session")
def example_analyses() -> dict[str, list]:
    """Every shipped example event, analysed once per session: event folder -> analyses."""
    return {
        folder.name: analyse_paths(folder)
        for folder in sorted((EXAMPLES / "articles").iterdir())
        if folder.is_dir()
    }
