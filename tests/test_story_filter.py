"""The story filter (``rashomon.types.StoryFilter``): made valid in one place, turned into
SQL in one place (the store), and taken alike by the store, the Python API and the CLI.
Model-free: the stories are summaries written by hand."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

import rashomon
from rashomon.cli import main
from rashomon.store import Store
from rashomon.types import StoryFilter, StorySummary

# (id, label, last seen, outlets, languages): three stories the filters tell apart.
STORIES = (
    (
        1,
        "Korsa Strait",
        "2026-03-14T18:00:00+00:00",
        ("Harbor Ledger", "Vestnik Dravnii"),
        ("en", "ru"),
    ),
    (2, "Halvard Bridge", "2026-03-15T09:00:00+00:00", ("Northgate Wire",), ("en",)),
    (3, "Korsa ferry", None, ("Harbor Ledger",), ("en",)),
)


def _put_stories(store: Store) -> None:
    summaries = [
        StorySummary(story_id, label, label, 2, last_seen, last_seen, outlets, languages, ())
        for story_id, label, last_seen, outlets, languages in STORIES
    ]
    store.put_stories([], summaries, {})


@pytest.fixture
def store(tmp_path: Path):
    with Store.open(tmp_path / "store.db") as opened:
        _put_stories(opened)
        yield opened


def test_a_blank_part_is_no_filter_and_text_is_stripped() -> None:
    assert StoryFilter(query="", entity="  ", outlet="", since="", until=" ") == StoryFilter()
    assert StoryFilter(query=" crane ", language="ru\n").query == "crane"
    assert StoryFilter(language="ru\n").language == "ru"


@pytest.mark.parametrize("field", ["since", "until"])
@pytest.mark.parametrize("value", ["last week", "2026-13", "14/03/2026", "20260314"])
def test_a_date_that_is_not_iso_8601_is_refused(field: str, value: str) -> None:
    with pytest.raises(ValueError, match=f"^{field} is not an ISO 8601 date or time"):
        StoryFilter(**{field: value})


def test_outlets_are_kept_as_a_tuple_and_one_name_is_refused() -> None:
    where = StoryFilter(outlets=["Harbor Ledger"])
    assert where.outlets == ("Harbor Ledger",) and hash(where) == hash(
        StoryFilter(outlets=("Harbor Ledger",))
    )
    with pytest.raises(ValueError, match="outlets is a list of outlet names"):
        StoryFilter(outlets="Harbor Ledger")


@pytest.mark.parametrize(
    ("where", "expected"),
    [
        (None, {1, 2, 3}),
        (StoryFilter(), {1, 2, 3}),
        (StoryFilter(since="2026-03-15"), {2}),
        (StoryFilter(until="2026-03-14"), {1}),  # a bare date: that whole day
        (StoryFilter(until="2026-03-14T12:00:00+00:00"), set()),
        (StoryFilter(since="2026-03-14", until="2026-03-14"), {1}),
        (StoryFilter(outlet="Harbor Ledger"), {1, 3}),
        (StoryFilter(outlets=("Northgate Wire", "Vestnik Dravnii")), {1, 2}),
        (StoryFilter(outlets=()), set()),  # an outlet group with no outlet keeps nothing
        (StoryFilter(language="ru"), {1}),
        (StoryFilter(query="korsa"), {1, 3}),  # the label, any case
        (StoryFilter(query="_"), set()),  # LIKE's wildcards are plain characters
        (StoryFilter(query="Korsa", outlet="Harbor Ledger", language="en"), {1, 3}),
        (StoryFilter(query="Korsa", since="2026-03-01"), {1}),
        (StoryFilter(entity="!!"), set()),  # a name without a word matches nothing
    ],
)
def test_the_store_keeps_the_stories_the_filter_asks_for(
    store: Store, where: StoryFilter | None, expected: set[int]
) -> None:
    listed = store.stories(where)
    page, total = store.stories_and_total(where)
    assert {s.id for s in listed} == {s.id for s in page} == expected
    assert total == len(expected)
    # The facets count over the same stories.
    assert {story_id for story_id, _, _ in store.story_outlet_pairs(where)} == expected
    languages = {language for s in listed for language in s.languages}
    assert {language for language, _ in store.story_language_counts(where)} == languages


def test_corpus_takes_the_filters_as_keywords_or_as_a_record(tmp_path: Path) -> None:
    with rashomon.Corpus(tmp_path / "news.db") as corpus:
        _put_stories(corpus.store)
        by_keywords = corpus.stories(outlets=["Northgate Wire"], until="2026-03-15")
        assert [s.id for s in by_keywords] == [2]
        assert corpus.stories(StoryFilter(outlets=["Northgate Wire"], until="2026-03-15")) == (
            by_keywords
        )
        with pytest.raises(TypeError, match="not both"):
            corpus.stories(StoryFilter(language="ru"), outlet="Harbor Ledger")
        with pytest.raises(ValueError, match="since is not an ISO 8601"):
            corpus.stories(since="yesterday")


def test_cli_refuses_a_bad_date_in_one_line(tmp_path: Path) -> None:
    db = tmp_path / "news.db"
    with Store.open(db) as store:
        _put_stories(store)
    args = ["stories", "--db", str(db), "--format", "json"]
    result = CliRunner().invoke(main, [*args, "--since", "last week"])
    assert result.exit_code == 2
    assert "since is not an ISO 8601 date or time: 'last week'" in result.output
    assert "Traceback" not in result.output
    listed = CliRunner().invoke(main, [*args, "--since", "2026-03-15"])
    assert listed.exit_code == 0, listed.output
    assert '"total":1' in listed.output
