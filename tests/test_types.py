"""The package type-checks: mypy, with the settings in mypy.ini, finds no error in rashomon/."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CONFIG = ROOT / "mypy.ini"


def _mypy(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "mypy", "--config-file", str(CONFIG), *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )


def test_mypy_finds_no_error_in_the_package(tmp_path: Path) -> None:
    # Preconditions: the settings reject a type error (so a pass below means something),
    # and the package declares its hints to users' checkers.
    (tmp_path / "wrong.py").write_text("count: int = 'three'\n")
    wrong = _mypy(str(tmp_path / "wrong.py"))
    assert wrong.returncode == 1 and "[assignment]" in wrong.stdout, wrong.stdout + wrong.stderr
    assert (ROOT / "rashomon" / "py.typed").is_file()

    result = _mypy()
    report = result.stdout + result.stderr
    assert result.returncode == 0, report
    # Every module of the package was checked, none left out by the settings.
    checked = re.search(r"no issues found in (\d+) source files?", result.stdout)
    assert checked is not None, report
    assert int(checked[1]) == len(list((ROOT / "rashomon").rglob("*.py")))
