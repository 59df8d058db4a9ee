"""The command line, run as a user runs it: a real process, real files, real models."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from tests.conftest import EXAMPLES

ARTICLE = """---
title: Barge strikes Halvard Bridge
outlet: Test Courier
published: 2026-02-03
---
Barge strikes Halvard Bridge

Mayor Ines Karro said the bridge would stay closed.
"Nobody crosses until the engineers are done," Karro told reporters.
"""


def run(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "rashomon.cli", *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        timeout=600,
    )


def test_help_works_for_every_command() -> None:
    for args in (
        ["--help"],
        ["analyze", "--help"],
        ["eval", "--help"],
        ["eval", "quotes", "--help"],
    ):
        result = run(*args)
        assert result.returncode == 0, result.stderr
        assert "Usage" in result.stdout


def test_analyze_json_is_documented_shape_with_exact_offsets(tmp_path: Path) -> None:
    path = tmp_path / "karro.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    result = run("analyze", str(path), "--format", "json", "--embedder", "none")
    assert result.returncode == 0, result.stderr
    document = json.loads(result.stdout)
    assert document["schema"] == "rashomon.analysis/1"
    assert document["errors"] == []
    (analysis,) = document["analyses"]
    text = analysis["article"]["text"]
    assert analysis["article"]["outlet"] == "Test Courier"
    assert analysis["language"]["code"] == "en"
    direct = [q for q in analysis["quotes"] if q["kind"] == "direct"]
    assert [q["speaker"] for q in direct] == ["Ines Karro"]
    for quote in analysis["quotes"]:
        for part in quote["parts"]:
            assert text[part["start"] : part["end"]] == part["text"]


def test_bad_inputs_are_reported_in_one_line_and_the_rest_analysed(tmp_path: Path) -> None:
    good = tmp_path / "good.txt"
    good.write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "empty.txt").write_text("", encoding="utf-8")
    (tmp_path / "binary.txt").write_bytes(b"\x00\x01\x02" * 100)
    (tmp_path / "latin.txt").write_bytes("Caf\xe9 society, said the mayor.".encode("latin-1"))
    (tmp_path / "broken.jsonl").write_text(
        '{"text": "Mayor Ines Karro said the bridge would reopen soon.", "title": "A"}\n'
        "{not json\n",
        encoding="utf-8",
    )
    (tmp_path / "nav.html").write_text("<html><body><script>x()</script></body></html>")
    missing = tmp_path / "missing.txt"
    result = run("analyze", str(tmp_path), str(missing), "--format", "jsonl", "--embedder", "none")
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    errors = [line for line in result.stderr.splitlines() if line.startswith("rashomon: error:")]
    assert len(errors) == 6, result.stderr
    for name in (
        "empty.txt",
        "binary.txt",
        "latin.txt",
        "broken.jsonl:2",
        "nav.html",
        "missing.txt",
    ):
        assert any(name in line for line in errors), (name, errors)
    analysed = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(analysed) == 2  # good.txt and the good JSONL record


def test_oversized_file_is_refused_without_reading_it(tmp_path: Path) -> None:
    huge = tmp_path / "huge.txt"
    with huge.open("wb") as handle:
        handle.truncate(200 * 2**20)
    result = run("analyze", str(huge), "--embedder", "none")
    assert result.returncode == 1
    assert "over the 50.0 MB limit" in result.stderr and "Traceback" not in result.stderr


def test_full_analysis_runs_with_the_network_blocked(tmp_path: Path) -> None:
    """Every model ships in a package: with every socket refused, analysis still works."""
    article = tmp_path / "a.txt"
    article.write_text(ARTICLE, encoding="utf-8")
    blocker = (
        "import socket\n"
        "def refuse(*a, **k):\n"
        "    raise OSError('network access attempted')\n"
        "socket.socket.connect = refuse\n"
        "socket.socket.connect_ex = refuse\n"
        "socket.create_connection = refuse\n"
        "socket.getaddrinfo = refuse\n"
        "import sys\n"
        "from rashomon.cli import main\n"
        "sys.argv = ['rashomon', 'analyze', sys.argv[1], '--format', 'json']\n"
        "main()\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", blocker, str(article)], capture_output=True, text=True, timeout=600
    )
    assert result.returncode == 0, result.stderr
    analysis = json.loads(result.stdout)["analyses"][0]
    assert analysis["embeddings"]["model"] == "use-m3"
    assert analysis["embeddings"]["dim"] == 512


def test_examples_analyse_without_errors() -> None:
    result = run("analyze", str(EXAMPLES / "articles"), "--format", "jsonl", "--embedder", "none")
    assert result.returncode == 0, result.stderr
    analyses = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(analyses) == len(list((EXAMPLES / "articles").glob("*/*.txt")))
    assert {a["language"]["code"] for a in analyses} >= {"en", "ru", "es"}
