"""RASHOMON_NO_SKIPS=1 (set by .ci/run) turns a skip into an error, unless its reason is
one expected of CI's conditions; without it a skip stays a skip (issue 13.9)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from tests.conftest import REPO

TESTS = """
import pytest

def test_runs():
    pass

def test_skips_in_the_body():
    pytest.skip("chromium is missing")

@pytest.mark.skipif(True, reason="../shared is not beside this checkout")
def test_skipped_by_a_mark():
    pass

@pytest.mark.skipif(True, reason="root reads files regardless of permissions")
def test_skipped_as_expected():
    pass
"""


def _run(folder: Path, no_skips: str | None) -> str:
    env = {**os.environ, "PYTHONPATH": str(REPO), "PYTEST_DISABLE_PLUGIN_AUTOLOAD": "1"}
    env.pop("RASHOMON_NO_SKIPS", None)
    if no_skips is not None:
        env["RASHOMON_NO_SKIPS"] = no_skips
    done = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-rfEs", "-p", "no:cacheprovider", str(folder)],
        capture_output=True,
        text=True,
        env=env,
        cwd=folder,
        timeout=120,
    )
    return done.stdout


def test_no_skips_makes_unexpected_skips_errors(tmp_path: Path) -> None:
    (tmp_path / "conftest.py").write_text(
        "from tests.conftest import pytest_runtest_makereport  # noqa: F401\n"
    )
    (tmp_path / "test_sample.py").write_text(TESTS)

    relaxed = _run(tmp_path, None).splitlines()
    assert relaxed[-1].startswith("1 passed, 3 skipped")
    assert any("SKIPPED" in line and "chromium is missing" in line for line in relaxed)
    assert _run(tmp_path, "0").splitlines()[-1].startswith("1 passed, 3 skipped")

    strict = _run(tmp_path, "1")
    last = strict.splitlines()[-1]
    assert last.startswith("1 failed, 1 passed, 1 skipped, 1 error"), strict
    assert "RASHOMON_NO_SKIPS=1 wants it run: chromium is missing" in strict
    assert "RASHOMON_NO_SKIPS=1 wants it run: ../shared is not beside this checkout" in strict
