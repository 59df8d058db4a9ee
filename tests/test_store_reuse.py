"""Verbatim copies reuse a stored analysis (issue 18): real models, real database files.

Whether the analyser ran for an article is read from the articles that reach it:
``rashomon.store.ingest.analyze_many`` is wrapped (the real one still runs) to record the ids
of the articles it is handed, so the evidence is what was analysed, not how long it took.
"""

from __future__ import annotations

import dataclasses
import importlib
import sqlite3
from pathlib import Path

import pytest

from rashomon.analyze.pipeline import AnalysisConfig, analyze_article
from rashomon.errors import InputError
from rashomon.ingest import read_paths
from rashomon.ingest.fields import article_id
from rashomon.store import ANALYSIS_VERSION, Store
from rashomon.store.ingest import ingest_items
from rashomon.types import Analysis, Article
from tests.conftest import EXAMPLES
from tests.test_store import assert_same, db_count

# The module, not the function ``rashomon.store.ingest`` that shadows it as an attribute.
store_ingest = importlib.import_module("rashomon.store.ingest")

ORIGINAL_FILE = EXAMPLES / "articles" / "korsa-strait-detentions" / "coastal-times.txt"


@pytest.fixture(scope="module")
def original() -> Article:
    (article,) = read_paths([str(ORIGINAL_FILE)])
    assert isinstance(article, Article) and article.outlet and article.title
    return article


def at_url(article: Article, url: str, **changes: str | None) -> Article:
    """``article`` as read at ``url`` (another article: its id hashes url and text)."""
    text = changes.pop("text", None) or article.text
    return dataclasses.replace(
        article, text=text, url=url, path=url, id=article_id(text, url), **changes
    )


@pytest.fixture
def analysed(monkeypatch) -> list[str]:
    """The ids of the articles handed to the analyser, in order."""
    seen: list[str] = []
    real = store_ingest.analyze_many

    def recording(items, config, workers=1, **options):
        def passing():
            for item in items:
                if isinstance(item, Article):
                    seen.append(item.id)
                yield item

        return real(passing(), config, workers, **options)

    monkeypatch.setattr(store_ingest, "analyze_many", recording)
    return seen


def fresh(article: Article) -> Analysis:
    """A real analysis of the article, by the configuration ingest uses by default."""
    return analyze_article(article, AnalysisConfig())


def search_rows(path: Path, article: str) -> dict[str, list[tuple]]:
    """An article's rows in the search tables and its vectors, without the article id."""
    queries = {
        "quotes": 'SELECT idx, start, "end", kind, speaker, text, cue FROM quotes '
        "WHERE article_id = ? ORDER BY idx",
        "entities": "SELECT entity_id, name, label, mentions FROM entities "
        "WHERE article_id = ? ORDER BY entity_id",
        "citations": 'SELECT idx, source, kind, cue, start, "end", self_credit FROM citations '
        "WHERE article_id = ? ORDER BY idx",
        "embeddings": "SELECT model, dim, dtype, n_sentences, document, sentences "
        "FROM embeddings WHERE article_id = ?",
        "analysis_names": "SELECT entities, speakers FROM analysis_names WHERE article_id = ?",
        "analyses": "SELECT version, language, data FROM analyses WHERE article_id = ?",
    }
    with sqlite3.connect(path) as db:
        return {table: db.execute(sql, (article,)).fetchall() for table, sql in queries.items()}


def test_a_copy_at_another_url_is_not_analysed_and_gets_exactly_its_own_analysis(
    original, analysed, tmp_path
):
    first = at_url(original, "https://coastal.example/a")
    copy = at_url(original, "https://syndicator.example/b")
    assert copy.id != first.id
    path = tmp_path / "store.db"
    results = []
    with Store.open(path) as store:
        report = ingest_items([first, copy], store, on_result=results.append)
        assert (report.read, report.added, report.analysed, report.reused) == (2, 2, 1, 1)
        assert report.ok and report.skipped == 0
        assert analysed == [first.id]
        stored = store.get_analysis(copy.id)
        assert store.counts()["analyses"] == store.counts()["embeddings"] == 2
    assert [r.article.id for r in results] == [first.id, copy.id]
    # What analysing the copy itself gives, field by field, vectors bit for bit; its
    # offsets index the copy's own text.
    assert stored is not None and stored.article == copy
    expected = fresh(copy)
    assert_same(stored, expected)
    assert stored.quotes and all(
        copy.text[p.start : p.end] == p.text for q in stored.quotes for p in q.parts
    )
    # Its search rows and vectors are stored under its own id, as the original's are.
    rows = search_rows(path, copy.id)
    assert rows == search_rows(path, first.id) and all(rows.values())


def test_a_copy_of_an_article_analysed_by_an_earlier_run_is_not_analysed(
    original, analysed, tmp_path
):
    first = at_url(original, "https://coastal.example/a")
    copy = at_url(original, "https://syndicator.example/b")
    path = tmp_path / "store.db"
    with Store.open(path) as store:
        ingest_items([first], store)
    assert analysed == [first.id]
    with Store.open(path) as store:
        report = ingest_items([copy], store)
        assert (report.added, report.analysed, report.reused) == (1, 0, 1)
        stored = store.get_analysis(copy.id)
    assert analysed == [first.id]
    assert_same(stored, fresh(copy))


@pytest.mark.parametrize(
    "change",
    [
        {"text": "one character"},
        {"title": "A headline of its own"},
        {"outlet": "Harbor Ledger"},
        {"language": "de"},
    ],
    ids=["text", "title", "outlet", "declared-language"],
)
def test_a_copy_differing_in_anything_the_analysis_reads_is_analysed_anew(
    original, analysed, tmp_path, change
):
    if "text" in change:  # one character of the text changed, same length
        n = original.text.index("e")
        change = {"text": original.text[:n] + "a" + original.text[n + 1 :]}
    first = at_url(original, "https://coastal.example/a")
    other = at_url(original, "https://syndicator.example/b", **change)
    assert other != dataclasses.replace(first, id=other.id, url=other.url, path=other.path)
    with Store.open(tmp_path / "store.db") as store:
        report = ingest_items([first, other], store)
        assert (report.analysed, report.reused) == (2, 0)
        assert_same(store.get_analysis(other.id), fresh(other))
    assert analysed == [first.id, other.id]


def test_ingesting_originals_and_copies_again_changes_nothing(original, analysed, tmp_path):
    batch = [at_url(original, f"https://outlet{n}.example/story") for n in range(3)]
    path = tmp_path / "store.db"
    with Store.open(path) as store:
        first = ingest_items(batch, store)
        counts = store.counts()
    assert (first.added, first.analysed, first.reused) == (3, 1, 2)
    rows = {a.id: search_rows(path, a.id) for a in batch}
    with Store.open(path) as store:
        again = ingest_items(batch + batch[:1], store)
        assert store.counts() == counts
    assert (again.read, again.added, again.analysed, again.reused, again.skipped) == (4, 0, 0, 0, 3)
    assert {a.id: search_rows(path, a.id) for a in batch} == rows
    assert analysed == [batch[0].id]


class Killed(BaseException):
    """Stands for the process dying inside a write (as SIGKILL would, nothing after runs)."""


def test_a_run_stopped_before_a_copy_is_stored_resumes_by_reusing(
    original, analysed, tmp_path, monkeypatch
):
    first = at_url(original, "https://coastal.example/a")
    copy = at_url(original, "https://syndicator.example/b")
    path = tmp_path / "store.db"
    real_put = Store.put_analysis

    def put_then_die(self, analysis, *, version):
        if analysis.article.id == copy.id:  # dies inside the copy's transaction
            with self._transaction() as db:
                db.execute("DELETE FROM analyses")  # a half-done write, rolled back
                raise Killed
        real_put(self, analysis, version=version)

    monkeypatch.setattr(Store, "put_analysis", put_then_die)
    with Store.open(path) as store, pytest.raises(Killed):
        ingest_items([first, copy], store)
    monkeypatch.setattr(Store, "put_analysis", real_put)
    # One transaction per put: the original's analysis whole, the copy's absent.
    assert (db_count(path, "articles"), db_count(path, "analyses")) == (2, 1)
    with sqlite3.connect(path) as db:
        assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    with Store.open(path) as store:
        report = ingest_items([first, copy], store)
        assert (report.skipped, report.analysed, report.reused) == (1, 0, 1)
        assert_same(store.get_analysis(copy.id), fresh(copy))
    assert analysed == [first.id]


def test_copies_of_an_article_that_fails_are_each_tried_and_reported(original, analysed, tmp_path):
    big = original.text * (100_001 // len(original.text) + 1)  # past MAX_ARTICLE_CHARS
    batch = [at_url(original, f"https://outlet{n}.example/long", text=big) for n in range(2)]
    with Store.open(tmp_path / "store.db") as store:
        report = ingest_items(batch, store)
        assert store.counts()["analyses"] == 0
    assert (report.analysed, report.reused) == (0, 0)
    assert all(isinstance(e, InputError) and "too large" in e.reason for e in report.errors)
    assert sorted(e.source for e in report.errors) == sorted(a.path for a in batch)
    assert analysed == [a.id for a in batch]


def test_the_copy_is_found_through_the_text_hash_index(original, tmp_path):
    first = at_url(original, "https://coastal.example/a")
    copy = at_url(original, "https://syndicator.example/b")
    with Store.open(tmp_path / "store.db") as store:
        store.put_analysis(fresh(first), version=ANALYSIS_VERSION)
        store.add_article(copy)
        assert store.analysis_source(copy, ANALYSIS_VERSION) == first.id
        assert store.analysis_source(copy, "another analyser") is None
        assert store.analysis_source(first, ANALYSIS_VERSION) is None  # never itself
        plan = " ".join(
            row[-1]
            for row in store._db.execute(
                "EXPLAIN QUERY PLAN SELECT id FROM articles WHERE text_hash = ? "
                "AND language IS ? AND outlet IS ? AND title IS ?",
                ("x", None, "o", "t"),
            )
        )
    assert "USING INDEX articles_text_hash" in plan, plan
