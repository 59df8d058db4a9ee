"""The command line, run as a user runs it: a real process, real files, real models."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from rashomon.present.schema.analysis import AnalysisBatch
from rashomon.present.schema.comparison import ComparisonDocument
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
        ["eval", "paraphrase", "--help"],
        ["eval", "sts", "--help"],
        ["eval", "compare", "--help"],
        ["compare", "--help"],
    ):
        result = run(*args)
        assert result.returncode == 0, result.stderr
        assert "Usage" in result.stdout


def test_analyze_json_is_documented_shape_with_exact_offsets(tmp_path: Path) -> None:
    path = tmp_path / "karro.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    result = run("analyze", str(path), "--format", "json", "--embedder", "none")
    assert result.returncode == 0, result.stderr
    AnalysisBatch.model_validate_json(result.stdout, strict=True)  # the one schema
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


def test_analysis_and_compare_run_with_the_network_blocked(tmp_path: Path) -> None:
    """Every model ships in a package: with every socket refused, analysis and compare
    (sentence vectors, similarity and same-story models) still work."""
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
        "sys.argv = ['rashomon', *sys.argv[1:]]\n"
        "main()\n"
    )

    def blocked(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-c", blocker, *args], capture_output=True, text=True, timeout=600
        )

    result = blocked("analyze", str(article), "--format", "json")
    assert result.returncode == 0, result.stderr
    analysis = json.loads(result.stdout)["analyses"][0]
    assert analysis["embeddings"]["model"] == "use-m3"
    assert analysis["embeddings"]["dim"] == 512
    korsa = EXAMPLES / "articles" / "korsa-strait-detentions"
    result = blocked(
        "compare",
        str(korsa / "northgate-wire.txt"),
        str(korsa / "vestnik-dravnii.txt"),
        "--format",
        "json",
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["same_story"] is True


def test_examples_analyse_without_errors() -> None:
    result = run("analyze", str(EXAMPLES / "articles"), "--format", "jsonl", "--embedder", "none")
    assert result.returncode == 0, result.stderr
    analyses = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(analyses) == len(list((EXAMPLES / "articles").glob("*/*.txt")))
    assert {a["language"]["code"] for a in analyses} >= {"en", "ru", "es"}


KORSA = EXAMPLES / "articles" / "korsa-strait-detentions"


def test_compare_json_is_the_documented_shape_with_exact_offsets(tmp_path: Path) -> None:
    out = tmp_path / "korsa.json"
    result = run("compare", str(KORSA), "--format", "json", "-o", str(out))
    assert result.returncode == 0, result.stderr
    written = out.read_text(encoding="utf-8")
    ComparisonDocument.model_validate_json(written, strict=True)  # the one schema
    document = json.loads(written)
    assert document["schema"] == "rashomon.comparison/1"
    texts = {}
    for article in document["articles"]:
        assert Path(article["path"]).parent == KORSA
        texts[article["id"]] = Path(article["path"]).read_text(encoding="utf-8")
    assert document["same_story"] is True and 0 <= document["similarity"] <= 1
    for fact in document["facts"]:
        for member in fact["members"]:
            body = texts[member["article"]]
            # offsets index the article text, which starts after the front matter
            assert member["text"] in body
    for group in document["quotes"]:
        assert {"speaker", "members"} <= group.keys()
        for member in group["members"]:
            assert {"article", "text", "start", "end", "speaker"} <= member.keys()
    assert {c["article"] for c in document["citations"]} <= set(texts)


def test_compare_reports_a_bad_file_and_compares_the_rest(tmp_path: Path) -> None:
    for name in ("northgate-wire.txt", "harbor-ledger.txt"):
        (tmp_path / name).write_bytes((KORSA / name).read_bytes())
    (tmp_path / "broken.txt").write_bytes(b"\x00\x01\x02binary")
    result = run("compare", str(tmp_path))
    assert result.returncode == 1
    errors = [line for line in result.stderr.splitlines() if line.startswith("rashomon: error:")]
    assert len(errors) == 1 and "broken.txt" in errors[0]
    assert "Traceback" not in result.stderr
    assert "the same story" in result.stdout


def test_compare_needs_two_articles(tmp_path: Path) -> None:
    result = run("compare", str(KORSA / "northgate-wire.txt"))
    assert result.returncode == 2
    assert "at least two" in result.stderr and "Traceback" not in result.stderr


def test_compare_html_is_one_self_contained_page(tmp_path: Path) -> None:
    out = tmp_path / "korsa.html"
    result = run(
        "compare",
        str(KORSA / "northgate-wire.txt"),
        str(KORSA / "harbor-ledger.txt"),
        "--format",
        "html",
        "-o",
        str(out),
    )
    assert result.returncode == 0, result.stderr
    page = out.read_text(encoding="utf-8")
    assert page.startswith("<!doctype html>") and "<script" not in page
    assert "Harbor Ledger" in page and "<svg" in page


def test_eval_paraphrase_and_sts_print_json_last(tmp_path: Path) -> None:
    msrp = tmp_path / "msrp.txt"
    msrp.write_text(
        "Quality\t#1 ID\t#2 ID\t#1 String\t#2 String\n"
        "1\t1\t2\tThe council approved the budget on Monday.\t"
        "On Monday the council passed the budget.\n"
        "0\t3\t4\tThe river flooded three villages.\tThe mayor opened a new library.\n",
        encoding="utf-8",
    )
    result = run("eval", "paraphrase", "--data", str(msrp), "--format", "json")
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout.strip().splitlines()[-1])
    assert report["accuracy"] == 1.0 and "baseline" in report
    sts = tmp_path / "sts.csv"
    sts.write_text(
        "main-news\tx\t2026\t1\t4.8\tA ship was detained.\tA vessel was detained.\n"
        "main-news\tx\t2026\t2\t0.2\tA ship was detained.\tThe festival starts today.\n"
        "main-news\tx\t2026\t3\t2.5\tA ship was detained at dawn.\tShips sail at dawn.\n",
        encoding="utf-8",
    )
    result = run("eval", "sts", "--data", str(sts), "--format", "json")
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout.strip().splitlines()[-1])
    assert report["pearson"] > 0.5 and "spearman" in report
    bad = tmp_path / "empty.txt"
    bad.write_text("nothing here\n", encoding="utf-8")
    result = run("eval", "paraphrase", "--data", str(bad))
    assert result.returncode == 1 and "no sentence pairs" in result.stderr


def test_ingest_stores_each_article_once_and_reports_bad_files(tmp_path: Path) -> None:
    from rashomon.store import Store

    folder = tmp_path / "in"
    folder.mkdir()
    for name in ("northgate-wire.txt", "coastal-times.txt"):
        (folder / name).write_bytes((KORSA / name).read_bytes())
    (folder / "empty.txt").write_bytes(b"")
    db = tmp_path / "corpus.db"
    first = run("ingest", str(folder), "--db", str(db))
    assert first.returncode == 1, first.stderr
    assert "empty.txt" in first.stderr and "Traceback" not in first.stderr
    assert (
        "2 new of 2 articles read, 2 analysed, 0 reused (same text stored), 1 failed"
        in first.stderr
    )
    (folder / "empty.txt").unlink()
    again = run("ingest", str(folder), "--db", str(db))
    assert again.returncode == 0, again.stderr
    assert "0 new of 2 articles read, 0 analysed" in again.stderr
    with Store.open(str(db)) as store:
        assert len(list(store.article_ids())) == 2


def test_ingest_refuses_a_file_that_is_not_a_store(tmp_path: Path) -> None:
    bogus = tmp_path / "notes.db"
    bogus.write_text("not a database\n", encoding="utf-8")
    result = run("ingest", str(KORSA), "--db", str(bogus))
    assert result.returncode == 2
    assert str(bogus) in result.stderr and "Traceback" not in result.stderr


def test_eval_compare_scores_the_examples_and_prints_json_last() -> None:
    result = run("eval", "compare", "--data", str(EXAMPLES), "--format", "json")
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout.strip().splitlines()[-1])
    assert report["same_story"] == 1.0
    assert report["fact_pair_recall"] >= 0.55 and report["conflict_precision"] == 1.0
    assert report["fact_pair_precision"] >= 0.9 and report["counts"]["gold_pairs"] > 0
    assert set(report["events"]) == {p.stem for p in (EXAMPLES / "gold").glob("*.json")}


def test_eval_compare_names_a_folder_without_gold(tmp_path: Path) -> None:
    result = run("eval", "compare", "--data", str(tmp_path))
    assert result.returncode == 1
    assert "no gold/*.json" in result.stderr and "Traceback" not in result.stderr


def test_ingest_keeps_a_file_name_that_is_not_utf8_and_the_files_after_it(tmp_path: Path) -> None:
    """Issue 13.3: the badly named file stopped the run in SQLite and lost the rest."""
    import os

    from rashomon.store import Store

    folder = tmp_path / "in"
    folder.mkdir()
    bad = os.fsdecode(b"b_\xff.txt")
    for name, source in (
        ("a.txt", "northgate-wire.txt"),
        (bad, "coastal-times.txt"),
        ("c.txt", "harbor-ledger.txt"),
    ):
        (folder / name).write_bytes((KORSA / source).read_bytes())
    (folder / os.fsdecode(b"d_\xfe.txt")).write_bytes(b"")
    db = tmp_path / "corpus.db"
    result = run("ingest", str(folder), "--db", str(db), "--no-cluster")
    assert result.returncode == 1 and "Traceback" not in result.stderr, result.stderr
    assert f"rashomon: error: {folder}/d_\\xfe.txt: empty file" in result.stderr.splitlines()
    assert (
        "3 new of 3 articles read, 3 analysed, 0 reused (same text stored), 1 failed"
        in result.stderr
    )
    with Store.open(str(db)) as store:
        paths = sorted(store.get_article(i).path for i in store.article_ids())
    assert paths == [str(folder / name) for name in ("a.txt", bad, "c.txt")]
