"""The SQLite store: exact round trips, idempotent and resumable ingestion, schema migrations.

Real database files in tmp_path and the real analysis of the shipped example articles.
"""

from __future__ import annotations

import dataclasses
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from rashomon.analyze.pipeline import AnalysisConfig, analyze_many
from rashomon.errors import InputError
from rashomon.ingest import read_paths
from rashomon.link.corpus import cluster_store
from rashomon.store import (
    ANALYSIS_VERSION,
    SCHEMA_VERSION,
    Store,
    StoreError,
    analysis_version,
    default_db_path,
    ingest,
)
from rashomon.store.codec import decode, encode
from rashomon.store.schema import MIGRATIONS, migrate, text_hash
from rashomon.types import Analysis, Span, StoryFilter
from tests.conftest import EXAMPLES

ARTICLES = EXAMPLES / "articles"
N_EXAMPLES = len(list(ARTICLES.glob("*/*.txt")))


@pytest.fixture(scope="module")
def analyses() -> dict[str, Analysis]:
    """Every example article analysed once for this module: article id -> analysis."""
    results = list(analyze_many(read_paths([str(ARTICLES)]), AnalysisConfig()))
    assert all(isinstance(r, Analysis) for r in results)
    return {r.article.id: r for r in results}


def assert_same(a: Any, b: Any, where: str = "analysis") -> None:
    """Field by field, types included; arrays by dtype, shape and bytes."""
    assert type(a) is type(b), f"{where}: {type(a).__name__} != {type(b).__name__}"
    if dataclasses.is_dataclass(a):
        for f in dataclasses.fields(a):
            assert_same(getattr(a, f.name), getattr(b, f.name), f"{where}.{f.name}")
    elif isinstance(a, np.ndarray):
        assert (a.dtype, a.shape) == (b.dtype, b.shape), where
        assert a.tobytes() == b.tobytes(), f"{where}: values differ"
    elif isinstance(a, tuple | list):
        assert len(a) == len(b), f"{where}: {len(a)} != {len(b)} items"
        for n, (x, y) in enumerate(zip(a, b, strict=True)):
            assert_same(x, y, f"{where}[{n}]")
    else:
        assert a == b, f"{where}: {a!r} != {b!r}"


def db_count(path: Path, table: str) -> int:
    with sqlite3.connect(path) as db:
        return db.execute(f"SELECT count(*) FROM {table}").fetchone()[0]


# --- codec and store round trip


def test_every_example_analysis_round_trips_through_a_file(analyses, tmp_path):
    assert len(analyses) == N_EXAMPLES
    path = tmp_path / "store.db"
    with Store.open(path) as store:
        for analysis in analyses.values():
            store.put_analysis(analysis, version=ANALYSIS_VERSION)
    with Store.open(path) as store:  # a fresh connection reads only what the file holds
        for article_id, analysis in analyses.items():
            assert_same(analysis, store.get_analysis(article_id))
            assert store.has_analysis(article_id, ANALYSIS_VERSION)
            assert not store.has_analysis(article_id, "some other analyser")
        counts = store.counts()
    everything = list(analyses.values())
    assert counts == {
        "articles": N_EXAMPLES,
        "analyses": N_EXAMPLES,
        "embeddings": N_EXAMPLES,
        "quotes": sum(len(a.quotes) for a in everything),
        "entities": sum(len(a.entities) for a in everything),
        "citations": sum(len(a.citations) for a in everything),
        "copies": 0,
        "stories": 0,
        "story_members": 0,
    }
    assert counts["quotes"] and counts["entities"] and counts["citations"]


def test_search_rows_match_the_analysis(analyses, tmp_path):
    analysis = max(analyses.values(), key=lambda a: len(a.quotes))
    with Store.open(tmp_path / "store.db") as store:
        store.put_analysis(analysis, version=ANALYSIS_VERSION)
    with sqlite3.connect(tmp_path / "store.db") as db:
        quotes = db.execute(
            'SELECT start, "end", kind, speaker, text, cue FROM quotes ORDER BY idx'
        ).fetchall()
        sources = db.execute("SELECT source, self_credit FROM citations ORDER BY idx").fetchall()
    assert quotes == [
        (q.start, q.end, q.kind, q.speaker, q.text, q.cue and q.cue.text) for q in analysis.quotes
    ]
    assert sources == [(c.source, int(c.self_credit)) for c in analysis.citations]


def test_the_comparison_sees_a_one_ulp_change_in_a_vector(analyses):
    analysis = next(iter(analyses.values()))
    vectors = analysis.embeddings.sentences.copy()
    vectors[0, 0] = np.nextafter(vectors[0, 0], np.float32(2))
    changed = dataclasses.replace(
        analysis, embeddings=dataclasses.replace(analysis.embeddings, sentences=vectors)
    )
    with pytest.raises(AssertionError, match="values differ"):
        assert_same(analysis, changed)


def test_span_text_that_is_not_a_slice_and_missing_vectors_round_trip(analyses):
    analysis = next(a for a in analyses.values() if a.quotes)
    quote = analysis.quotes[0]
    odd = dataclasses.replace(quote, parts=(Span(quote.start, quote.end, "not the article's"),))
    changed = dataclasses.replace(analysis, quotes=(odd, *analysis.quotes[1:]), embeddings=None)
    assert_same(changed, decode(encode(changed)))


def test_vectors_that_are_not_float32_are_refused_not_rounded(analyses):
    analysis = next(iter(analyses.values()))
    wide = dataclasses.replace(
        analysis.embeddings, document=analysis.embeddings.document.astype(np.float64)
    )
    with pytest.raises(ValueError, match="float32"):
        encode(dataclasses.replace(analysis, embeddings=wide))


@pytest.mark.parametrize(
    ("data", "message"),
    [('{"format": 99}', "format 99"), ("[1, 2]", "malformed"), ("{", "malformed")],
)
def test_a_tampered_stored_analysis_is_refused(analyses, tmp_path, data, message):
    analysis = next(iter(analyses.values()))
    with Store.open(tmp_path / "store.db") as store:
        store.put_analysis(analysis, version=ANALYSIS_VERSION)
    with sqlite3.connect(tmp_path / "store.db") as db:
        db.execute("UPDATE analyses SET data = ?", (data,))
    with Store.open(tmp_path / "store.db") as store, pytest.raises(StoreError, match=message):
        store.get_analysis(analysis.article.id)


def test_truncated_vector_blobs_are_refused(analyses, tmp_path):
    analysis = next(iter(analyses.values()))
    with Store.open(tmp_path / "store.db") as store:
        store.put_analysis(analysis, version=ANALYSIS_VERSION)
    with sqlite3.connect(tmp_path / "store.db") as db:
        db.execute("UPDATE embeddings SET sentences = substr(sentences, 1, 100)")
    with Store.open(tmp_path / "store.db") as store, pytest.raises(StoreError, match="do not"):
        store.get_analysis(analysis.article.id)


def test_putting_an_analysis_again_replaces_it_and_its_rows(analyses, tmp_path):
    analysis = max(analyses.values(), key=lambda a: len(a.quotes))
    with Store.open(tmp_path / "store.db") as store:
        store.put_analysis(analysis, version="old")
        first = store.counts()
        # Foreign keys must be on for the old quotes, entities and vectors to go with it.
        store.put_analysis(analysis, version=ANALYSIS_VERSION)
        assert store.counts() == first
        assert store.has_analysis(analysis.article.id, ANALYSIS_VERSION)
        assert not store.has_analysis(analysis.article.id, "old")


def test_add_article_is_idempotent_and_article_ids_filter(analyses, tmp_path):
    first, second, *_ = analyses.values()
    with Store.open(tmp_path / "store.db") as store:
        assert store.add_article(first.article) is True
        assert store.add_article(first.article) is False
        assert store.add_article(second.article) is True
        store.put_analysis(second, version=ANALYSIS_VERSION)
        assert store.get_article(first.article.id) == first.article
        assert store.get_article("no such id") is None
        assert store.get_analysis(first.article.id) is None
        assert store.article_ids() == sorted([first.article.id, second.article.id])
        assert store.article_ids(analysed=True) == [second.article.id]
        assert store.article_ids(analysed=False) == [first.article.id]
        assert store.article_ids(outlet=first.article.outlet, analysed=False) == [first.article.id]
        assert store.article_ids(outlet="No Such Outlet") == []
        assert store.counts()["articles"] == 2


# --- ingestion


def test_ingesting_the_same_folder_twice_stores_each_article_once(tmp_path):
    path = tmp_path / "store.db"
    with Store.open(path) as store:
        first = ingest([str(ARTICLES)], store)
        counts = store.counts()
    assert (first.read, first.added, first.analysed, first.skipped) == (N_EXAMPLES,) * 3 + (0,)
    assert first.ok
    assert counts["articles"] == counts["analyses"] == counts["embeddings"] == N_EXAMPLES

    # The same files again, and one of them under another name: nothing new, nothing analysed.
    copy = tmp_path / "copy"
    copy.mkdir()
    shutil.copy(next(ARTICLES.glob("*/*.txt")), copy / "renamed.txt")
    with Store.open(path) as store:
        second = ingest([str(ARTICLES), str(copy)], store)
        assert store.counts() == counts
    assert (second.read, second.added, second.analysed) == (N_EXAMPLES + 1, 0, 0)
    assert second.skipped == N_EXAMPLES
    with sqlite3.connect(path) as db:
        assert db.execute("SELECT count(DISTINCT id) FROM articles").fetchone()[0] == N_EXAMPLES


def test_a_changed_analyser_version_names_the_embedder():
    assert analysis_version(AnalysisConfig(embedder=None)) != ANALYSIS_VERSION
    assert "use-m3" in ANALYSIS_VERSION


_INGEST_IN_A_CHILD = """
import sys
from rashomon.store import Store, ingest
with Store.open(sys.argv[1]) as store:
    ingest([sys.argv[2]], store, workers=1)
"""


def test_ingestion_killed_midway_resumes_without_loss_or_doubles(analyses, tmp_path):
    path = tmp_path / "store.db"
    child = subprocess.Popen(
        [sys.executable, "-c", _INGEST_IN_A_CHILD, str(path), str(ARTICLES)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    deadline = time.monotonic() + 300
    try:
        while time.monotonic() < deadline and child.poll() is None:
            try:
                if path.exists() and db_count(path, "analyses"):
                    break
            except sqlite3.OperationalError:  # the child has not created the tables yet
                pass
            time.sleep(0.01)
        child.send_signal(signal.SIGKILL)
    finally:
        child.kill()
        _, errors = child.communicate()
    assert child.returncode == -signal.SIGKILL, errors.decode()
    stored = db_count(path, "analyses")
    assert 0 < stored < N_EXAMPLES, f"killed after {stored} of {N_EXAMPLES} analyses"

    with Store.open(path) as store:
        report = ingest([str(ARTICLES)], store)
        assert report.ok
        assert report.analysed == N_EXAMPLES - stored
        assert report.skipped == stored
        assert store.counts()["articles"] == store.counts()["analyses"] == N_EXAMPLES
        assert store.counts()["embeddings"] == N_EXAMPLES
        assert store.article_ids(analysed=False) == []
        assert sorted(store.article_ids()) == sorted(analyses)
        for article_id, analysis in analyses.items():
            assert_same(analysis, store.get_analysis(article_id))
    with sqlite3.connect(path) as db:
        assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert db.execute("SELECT count(DISTINCT article_id) FROM quotes").fetchone()[0] > 0


def test_bad_inputs_are_reported_and_the_rest_stored(tmp_path):
    folder = tmp_path / "batch"
    folder.mkdir()
    good = sorted(ARTICLES.glob("*/*.txt"), key=lambda p: p.stat().st_size)[:2]
    for n, source in enumerate(good):
        shutil.copy(source, folder / f"good{n}.txt")
    (folder / "empty.txt").write_text("")
    (folder / "binary.txt").write_bytes(bytes(range(256)) * 4)
    missing = str(tmp_path / "missing.txt")

    seen, totals = [], []
    with Store.open(tmp_path / "store.db") as store:
        report = ingest(
            [str(folder), missing], store, on_result=seen.append, on_start=totals.append
        )
        assert store.counts()["analyses"] == 2
        assert store.article_ids(analysed=False) == []
    assert {e.source for e in report.errors} == {
        str(folder / "empty.txt"),
        str(folder / "binary.txt"),
        missing,
    }
    assert not report.ok
    assert (report.read, report.added, report.analysed) == (2, 2, 2)
    assert totals == [2]
    assert sum(isinstance(r, Analysis) for r in seen) == 2
    assert sum(isinstance(r, InputError) for r in seen) == 3


def test_reader_options_reach_the_readers(tmp_path):
    with Store.open(tmp_path / "store.db") as store:
        report = ingest([str(ARTICLES)], store, max_bytes=10)
        assert store.counts()["articles"] == 0
    assert len(report.errors) == N_EXAMPLES
    assert all("--max-bytes" in e.reason for e in report.errors)


# --- the file: pragmas, versions, migrations


def test_the_file_is_in_wal_mode_at_the_current_schema_version(tmp_path):
    with Store.open(tmp_path / "deep" / "store.db"):
        pass
    with sqlite3.connect(tmp_path / "deep" / "store.db") as db:
        assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION == len(MIGRATIONS)


def test_a_file_from_a_newer_rashomon_is_refused_untouched(tmp_path):
    path = tmp_path / "store.db"
    with Store.open(path):
        pass
    with sqlite3.connect(path) as db:
        db.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    with pytest.raises(StoreError, match=r"newer than this rashomon understands.*upgrade"):
        Store.open(path)
    with sqlite3.connect(path) as db:
        assert db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION + 1


def test_other_files_are_refused(tmp_path):
    foreign = tmp_path / "foreign.db"
    with sqlite3.connect(foreign) as db:
        db.execute("CREATE TABLE mine (x)")
    with pytest.raises(StoreError, match="not a rashomon database"):
        Store.open(foreign)
    with sqlite3.connect(foreign) as db:  # nothing was added to it
        assert db.execute("SELECT count(*) FROM sqlite_schema").fetchone()[0] == 1
    text = tmp_path / "notes.db"
    text.write_text("not a database at all, just some notes\n" * 100)
    with pytest.raises(StoreError, match=r"notes\.db: file is not a database"):
        Store.open(text)


# A made-up next version, to test the migration machinery itself.
_NEXT = ("CREATE TABLE next_table (id INTEGER PRIMARY KEY, article_id TEXT REFERENCES articles)",)


def test_an_old_file_migrates_to_a_new_version_in_one_step(analyses, tmp_path):
    path = tmp_path / "store.db"
    analysis = next(iter(analyses.values()))
    with Store.open(path) as store:
        store.put_analysis(analysis, version=ANALYSIS_VERSION)
    db = sqlite3.connect(path, isolation_level=None)
    try:
        assert migrate(db, str(path), (*MIGRATIONS, _NEXT)) == SCHEMA_VERSION + 1
        assert db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION + 1
        db.execute("INSERT INTO next_table (article_id) VALUES (?)", (analysis.article.id,))
        assert db.execute("SELECT count(*) FROM articles").fetchone()[0] == 1
    finally:
        db.close()
    # This code does not know the made-up version: the migrated file is too new for it.
    with pytest.raises(StoreError, match=f"version {SCHEMA_VERSION + 1} is newer"):
        Store.open(path)


def test_a_failing_migration_changes_nothing(tmp_path):
    path = tmp_path / "store.db"
    with Store.open(path):
        pass
    broken = (*_NEXT, "CREATE TABLE articles (id)")  # the second statement fails
    db = sqlite3.connect(path, isolation_level=None)
    try:
        with pytest.raises(sqlite3.OperationalError, match="already exists"):
            migrate(db, str(path), (*MIGRATIONS, broken))
        assert db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        tables = {name for (name,) in db.execute("SELECT name FROM sqlite_schema")}
        assert "next_table" not in tables and "articles" in tables
    finally:
        db.close()


def test_a_new_file_is_created_by_every_step_from_zero(tmp_path):
    db = sqlite3.connect(tmp_path / "new.db", isolation_level=None)
    try:
        assert migrate(db, "new.db", (*MIGRATIONS, _NEXT)) == SCHEMA_VERSION + 1
        tables = {name for (name,) in db.execute("SELECT name FROM sqlite_schema")}
    finally:
        db.close()
    assert {"articles", "analyses", "quotes", "stories", "articles_fts", "next_table"} <= tables


def test_a_version_1_file_gains_stories_and_its_articles_become_searchable(analyses, tmp_path):
    path = tmp_path / "store.db"
    analysis = next(iter(analyses.values()))
    db = sqlite3.connect(path, isolation_level=None)
    try:
        migrate(db, str(path), MIGRATIONS[:1])
    finally:
        db.close()
    # Version 1 wrote articles without the search index; opening upgrades and indexes them.
    with sqlite3.connect(path) as db:
        db.execute(
            "INSERT INTO articles (id, text, title, ingested_at) VALUES (?, ?, ?, '')",
            (analysis.article.id, analysis.article.text, analysis.article.title),
        )
    word = max(analysis.article.text.split(), key=len).strip(".,;:!?\"'«»()")
    with Store.open(path):
        pass
    with sqlite3.connect(path) as db:
        assert db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        hits = db.execute(
            "SELECT count(*) FROM articles_fts WHERE articles_fts MATCH ?", (f'"{word}"',)
        ).fetchone()[0]
        assert hits == 1
        assert db.execute("SELECT count(*) FROM stories").fetchone()[0] == 0


def _downgrade_to_version_3(path: Path) -> None:
    """Make a current file look as version 3 wrote it: no text hashes, the search index
    updated on any change to an article."""
    with sqlite3.connect(path) as db:
        db.execute("DROP INDEX articles_text_hash")
        db.execute("ALTER TABLE articles DROP COLUMN text_hash")
        db.execute("DROP TRIGGER articles_fts_update")
        db.execute(
            """CREATE TRIGGER articles_fts_update AFTER UPDATE ON articles BEGIN
            INSERT INTO articles_fts (articles_fts, rowid, title, text, outlet)
            VALUES ('delete', old.rowid, old.title, old.text, old.outlet);
            INSERT INTO articles_fts (rowid, title, text, outlet)
            VALUES (new.rowid, new.title, new.text, new.outlet);
        END"""
        )
        db.execute("PRAGMA user_version = 3")


def _downgrade_to_version_2(path: Path) -> None:
    """Make a current file look as version 2 wrote it: no names index."""
    _downgrade_to_version_3(path)
    with sqlite3.connect(path) as db:
        db.execute("DROP TRIGGER analysis_names_delete")
        db.execute("DROP TABLE analysis_names")
        db.execute("PRAGMA user_version = 2")


def test_a_version_2_file_gains_the_names_index_of_its_analyses(analyses, tmp_path):
    path = tmp_path / "store.db"
    analysis = next(a for a in analyses.values() if a.quotes and a.entities)
    with Store.open(path) as store:
        store.put_analysis(analysis, version=ANALYSIS_VERSION)
    _downgrade_to_version_2(path)
    with Store.open(path):
        pass
    entity, speaker = analysis.entities[0].name, analysis.quotes[0].speaker
    with sqlite3.connect(path) as db:
        assert db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        for column, name in (("entities", entity), ("speakers", speaker)):
            found = db.execute(
                "SELECT article_id FROM analysis_names WHERE analysis_names MATCH ?",
                (f'{column} : "{name}"',),
            ).fetchall()
            assert found == [(analysis.article.id,)], (column, name)


def test_a_version_3_file_gains_the_text_hashes_of_its_articles(analyses, tmp_path):
    path = tmp_path / "store.db"
    first, second, *_ = analyses.values()
    with Store.open(path) as store:
        store.put_analysis(first, version=ANALYSIS_VERSION)
        store.add_article(second.article)
    _downgrade_to_version_3(path)
    with sqlite3.connect(path) as db:
        fts_before = db.execute("SELECT count(*) FROM articles_fts_docsize").fetchone()[0]
    with Store.open(path) as store:
        # The original is found for a copy of it at another url (docs/store.md).
        copy = dataclasses.replace(first.article, id="0" * 16, url="https://elsewhere.example/")
        store.add_article(copy)
        assert store.analysis_source(copy, ANALYSIS_VERSION) == first.article.id
    with sqlite3.connect(path) as db:
        assert db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        hashes = dict(db.execute("SELECT id, text_hash FROM articles"))
        assert hashes[first.article.id] == hashes[copy.id] == text_hash(first.article.text)
        assert hashes[second.article.id] == text_hash(second.article.text)
        assert db.execute("SELECT count(*) FROM articles_fts_docsize").fetchone()[0] == (
            fts_before + 1
        )
        assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        db.execute("INSERT INTO articles_fts (articles_fts) VALUES ('integrity-check')")


def test_stories_by_entity_and_by_speaker(analyses, tmp_path):
    with Store.open(tmp_path / "store.db") as store:
        for analysis in analyses.values():
            store.put_analysis(analysis, version=ANALYSIS_VERSION)
        cluster_store(store)
        korsa_article = next(a for a in analyses.values() if "korsa" in (a.article.path or ""))
        korsa = store.story_of(korsa_article.article.id)

        def found(**filters: str) -> set[int]:
            stories, total = store.stories_and_total(StoryFilter(**filters))
            assert total == len(stories)
            return {s.id for s in stories}

        assert found(entity="Dmitri Orlov") == found(entity="orlov") == {korsa}
        assert found(entity="DMITRÍ orlov") == {korsa}  # any case, accents ignored
        assert found(entity="Дмитрий Орлов") == {korsa}
        assert found(entity="Orlov Dmitri") == set()  # the words in order
        assert found(speaker="Aurel Danes") == {korsa}
        # Words of the text are not names; a place named is not a speaker.
        assert found(query="merchant ships") == {korsa}
        assert found(entity="merchant ships") == set()
        assert found(entity="Maritime Council") == {korsa}
        assert found(speaker="Maritime Council") == set()
        assert found(entity="Orlov", speaker="Aurel Danes", outlet="Vestnik Dravnii") == {korsa}
        assert found(entity="Orlov", outlet="No Such Outlet") == set()
        assert found(entity="!!") == set()
        # The quotes of a speaker: every one by that name, newest article first.
        quotes = store.quotes_by_speaker("aurel danes", limit=1000)
        assert quotes and store.count_quotes_by_speaker("Aurel Danes") == len(quotes)
        assert all("Aurel Danes" in (q.speaker or "") for q in quotes)
        dates = [q.published for q in quotes if q.published]
        assert dates and dates == sorted(dates, reverse=True)
        assert {q.story_id for q in quotes} == {korsa}
        assert store.quotes_by_speaker("Danes Aurel") == store.quotes_by_speaker("!!") == []
        assert store.quotes_by_speaker("aurel danes", limit=2, offset=1) == quotes[1:3]
        # Putting an analysis again replaces its names, never adds a second row.
        store.put_analysis(korsa_article, version="another")
        assert found(entity="Dmitri Orlov") == {korsa}
        assert store.counts()["analyses"] == db_count(store.path, "analysis_names")


def test_stories_and_total_pages_through_the_same_stories(analyses, tmp_path):
    with Store.open(tmp_path / "store.db") as store:
        for analysis in analyses.values():
            store.put_analysis(analysis, version=ANALYSIS_VERSION)
        cluster_store(store)
        every = store.stories(order="size")
        pages = [store.stories_and_total(order="size", limit=2, offset=n) for n in (0, 2, 4)]
        assert [s for page, _ in pages for s in page] == every
        assert {total for _, total in pages} == {len(every)}
        assert store.stories_and_total(offset=50) == ([], len(every))


def test_article_search_counts_every_match(analyses, tmp_path):
    with Store.open(tmp_path / "store.db") as store:
        for analysis in analyses.values():
            store.put_analysis(analysis, version=ANALYSIS_VERSION)
        hits = store.search_articles("said", limit=100)
        assert len(hits) > 3 and store.count_articles("said") == len(hits)
        outlet = hits[0].outlet
        assert store.count_articles("said", outlet=outlet) == sum(h.outlet == outlet for h in hits)
        assert store.count_articles("said", language="xx") == 0
        assert store.count_articles("!!") == 0


def test_a_read_only_store_reads_and_never_writes(analyses, tmp_path):
    path = tmp_path / "store.db"
    first, second, *_ = analyses.values()
    with Store.open(path) as store:
        store.put_analysis(first, version=ANALYSIS_VERSION)
    with Store.open(path, read_only=True) as store:
        assert_same(store.get_analysis(first.article.id), first)
        with pytest.raises(sqlite3.OperationalError, match="readonly"):
            store.add_article(second.article)
    assert db_count(path, "articles") == 1
    # An older file is refused, not upgraded: that would be a write.
    _downgrade_to_version_2(path)
    with pytest.raises(StoreError, match="open it once with write access"):
        Store.open(path, read_only=True)
    with sqlite3.connect(path) as db:
        assert db.execute("PRAGMA user_version").fetchone()[0] == 2
    with pytest.raises(StoreError, match="unable to open"):
        Store.open(tmp_path / "missing.db", read_only=True)
    assert not (tmp_path / "missing.db").exists()


def test_default_db_path_follows_the_environment(monkeypatch, tmp_path):
    monkeypatch.setenv("RASHOMON_DB", str(tmp_path / "x.db"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    assert default_db_path() == tmp_path / "x.db"
    monkeypatch.delenv("RASHOMON_DB")
    assert default_db_path() == tmp_path / "data" / "rashomon" / "rashomon.db"
    monkeypatch.setenv("XDG_DATA_HOME", "relative/ignored")
    home = Path(os.path.expanduser("~"))
    assert default_db_path() == home / ".local" / "share" / "rashomon" / "rashomon.db"
    monkeypatch.delenv("XDG_DATA_HOME")
    assert default_db_path() == home / ".local" / "share" / "rashomon" / "rashomon.db"
