"""The outlet registry (rashomon/outlets/registry.py) through the real store and the real
``rashomon outlets`` commands; and how well outlets are identified on the real-news dev set
and the examples (rashomon/outlets/measure.py). Every outlet and rating here is invented."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner

from rashomon.cli import main
from rashomon.errors import InputError
from rashomon.ingest.fields import article_id
from rashomon.outlets.measure import outcomes, summary
from rashomon.outlets.registry import (
    UNKNOWN,
    UNREGISTERED,
    Edit,
    Registry,
    add_examples,
    edit_outlet,
    example_outlets,
    import_table,
)
from rashomon.store.schema import SCHEMA_VERSION
from rashomon.store.sqlite import CoverageRow, Store
from rashomon.types import Article
from tests.conftest import EXAMPLES

RATINGS = """name,aliases,domains,country,owner,lean,factuality,reach
Harbor Ledger,The Ledger,,Valdora,Ledger Holdings,right,mixed,national
Kestrel Daily,,news.kestreldaily.example,,Ledger Holdings,right,low,national
Meridian Post,,,,"Meridian Trust, Ltd",left,high,global
Bad Domain Weekly,,not a domain!,,,left,,
,,,,,,,
Sideways Gazette,,,,,sideways,,
Quayside Bugle,,quayside.example,Valdora,,centre,high,local
"""


@pytest.fixture()
def store(tmp_path: Path):
    with Store.open(tmp_path / "registry.db") as store:
        add_examples(store)
        yield store


def write(tmp_path: Path, text: str, name: str = "ratings.csv") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def row(outlet: str | None, url: str | None = None, language: str | None = "en") -> CoverageRow:
    return CoverageRow("x", outlet, url, None, language, None, None)


def test_examples_register_names_domains_and_stated_countries_only(store: Store) -> None:
    registry = Registry.load(store)
    names = {o.name for o in registry.outlets}
    shipped = {o.name for o in example_outlets()}
    assert names == shipped and "Northgate Wire" in names
    # every article of the examples is tied to a registered outlet, by name and by domain
    for path in sorted((EXAMPLES / "articles").rglob("*.txt")):
        head = dict(
            line.split(": ", 1)
            for line in path.read_text(encoding="utf-8").split("---")[1].strip().splitlines()
        )
        assert registry.find(head["outlet"], None).name == head["outlet"]
        assert registry.find(None, head["url"]).name == head["outlet"]
    assert all(not o.ratings for o in registry.outlets)  # nobody's ratings shipped
    assert registry.named("Meridian Post").country is None  # examples/README.md states none
    assert registry.named("Sevrask Herald").country == "Dravnia"
    # adding them again changes nothing
    report = add_examples(store)
    assert (report.added, report.updated) == (0, 0)


def test_import_adds_updates_reports_bad_rows_and_keeps_free_columns(
    store: Store, tmp_path: Path
) -> None:
    report = import_table(
        store,
        write(tmp_path, RATINGS),
        source="Test ratings 2026",
        scales={"lean": "Invented five-point"},
        levels={"lean": ["left", "centre", "right"]},
    )
    assert (report.rows, report.added, report.updated) == (6, 1, 3)
    errors = [str(e) for e in report.errors]
    assert errors == [
        f"{tmp_path / 'ratings.csv'}:5: 'not a domain!' is not a domain",
        f"{tmp_path / 'ratings.csv'}:7: lean 'sideways' is not on its scale (left, centre, right)",
    ]
    registry = Registry.load(store)
    ledger = registry.named("the ledger")  # an alias, any case, without "the"
    assert ledger is not None and ledger.name == "Harbor Ledger"
    assert ledger.ratings == {
        "lean": ("right", "Test ratings 2026"),
        "factuality": ("mixed", "Test ratings 2026"),
        "reach": ("national", "Test ratings 2026"),
    }
    assert ledger.owner == "Ledger Holdings" and ledger.country == "Valdora"
    assert registry.named("Meridian Post").owner == "Meridian Trust, Ltd"
    # the new domain is added beside the shipped one; a subdomain's articles are tied too
    kestrel = registry.named("Kestrel Daily")
    assert set(kestrel.domains) == {"kestreldaily.example", "news.kestreldaily.example"}
    assert registry.find(None, "https://www.sport.news.kestreldaily.example/a").name == (
        "Kestrel Daily"
    )
    assert registry.named("Quayside Bugle").country == "Valdora"  # a new outlet
    assert registry.ratings() == ["lean", "factuality", "reach"]
    assert registry.scales["lean"].scale == "Invented five-point"
    assert registry.order("lean", {"right", UNKNOWN, "left", UNREGISTERED, "centre"}) == [
        "left",
        "centre",
        "right",
        UNKNOWN,
        UNREGISTERED,
    ]
    assert registry.group("lean", row("The Ledger")) == "right"
    assert registry.group("lean", row("Northgate Wire")) == UNKNOWN
    assert registry.group("lean", row("Some Blog")) == UNREGISTERED
    assert registry.group("language", row("Some Blog", language="ru")) == "ru"


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b"\x89PNG\r\n\x1a\n\x00\x00binary", "not UTF-8 text"),
        (b"outlet,lean\nHarbor Ledger,right\n", "no 'name' column"),
        (b"", "empty table"),
        (b"name,lean,lean\nA,left,right\n", "two columns of the same name"),
    ],
)
def test_a_file_that_is_no_rating_table_is_one_error(
    store: Store, tmp_path: Path, content: bytes, reason: str
) -> None:
    path = tmp_path / "bad.csv"
    path.write_bytes(content)
    with pytest.raises(InputError, match=reason):
        import_table(store, path)


def test_a_row_naming_two_registered_outlets_is_refused(store: Store, tmp_path: Path) -> None:
    path = write(tmp_path, "name,domains\nHarbor Ledger,kestreldaily.example\n")
    report = import_table(store, path)
    assert report.added == report.updated == 0
    assert "belong to Harbor Ledger and Kestrel Daily at once" in str(report.errors[0])


def test_semicolon_tables_with_a_byte_order_mark_are_read(store: Store, tmp_path: Path) -> None:
    path = tmp_path / "excel.csv"
    path.write_bytes("\ufeffName;Lean\nHarbor Ledger;right\n".encode())
    report = import_table(store, path)
    assert report.updated == 1 and not report.errors
    assert Registry.load(store).named("Harbor Ledger").ratings["lean"][0] == "right"


def test_editing_an_outlet(store: Store) -> None:
    edited = edit_outlet(
        store,
        "harbor ledger",
        Edit(name="The Harbor Ledger Daily", owner="Quay Press", add_domains=("ledger.example",)),
    )
    assert edited.name == "The Harbor Ledger Daily"
    registry = Registry.load(store)
    assert registry.named("Harbor Ledger").name == "The Harbor Ledger Daily"  # old name kept
    assert registry.find(None, "http://ledger.example/x").owner == "Quay Press"
    cleared = edit_outlet(store, "Harbor Ledger", Edit(owner=""))
    assert cleared.owner is None
    with pytest.raises(InputError, match="already names Kestrel Daily"):
        edit_outlet(store, "Harbor Ledger", Edit(add_aliases=("Kestrel Daily",)))
    with pytest.raises(InputError, match="no such outlet"):
        edit_outlet(store, "Nobody Weekly", Edit(country="Valdora"))
    added = edit_outlet(store, "Nobody Weekly", Edit(country="Valdora"), add=True)
    assert added.id is not None and Registry.load(store).named("nobody weekly").country == "Valdora"


def test_the_commands(tmp_path: Path) -> None:
    db = str(tmp_path / "cli.db")
    runner = CliRunner()
    with Store.open(db) as store:
        for n, (outlet, url) in enumerate(
            [
                ("Harbor Ledger", "https://harborledger.example/a"),
                (None, "https://kestreldaily.example/b"),
                ("Unlisted Times", None),
            ]
        ):
            text = f"Article {n} about the harbour, written for this test, with enough words."
            store.add_article(Article(id=article_id(text, url), text=text, outlet=outlet, url=url))
    assert runner.invoke(main, ["outlets", "add-examples", "--db", db]).exit_code == 0
    ratings = write(tmp_path, RATINGS)
    run = runner.invoke(
        main,
        ["outlets", "import", str(ratings), "--db", db, "--levels", "lean=left|centre|right"],
    )
    assert run.exit_code == 1  # two bad rows, each one line; the rest landed
    assert run.output.count("rashomon: error: ") == 2
    assert "6 rows: 1 outlets added, 3 updated, 2 rows with errors" in run.output
    listed = json.loads(
        runner.invoke(main, ["outlets", "list", "--db", db, "--format", "json"]).output
    )
    by_name = {o["name"]: o for o in listed["outlets"]}
    assert by_name["Harbor Ledger"]["articles"] == 1
    assert by_name["Kestrel Daily"]["articles"] == 1  # tied by its URL's domain
    assert listed["unregistered"] == {"Unlisted Times": 1}
    assert listed["scales"]["lean"]["levels"] == ["left", "centre", "right"]
    run = runner.invoke(
        main,
        ["outlets", "set", "Unlisted Times", "--db", db, "--add", "--country", "Lucena",
         "--rating", "lean=centre"],
    )  # fmt: skip
    assert run.exit_code == 0, run.output
    shown = json.loads(
        runner.invoke(
            main, ["outlets", "show", "unlisted times", "--db", db, "--format", "json"]
        ).output
    )
    assert shown["registered"] and shown["record"]["country"] == "Lucena"
    assert shown["record"]["ratings"]["lean"] == {"value": "centre", "source": "edited"}
    assert shown["articles"] == 1
    run = runner.invoke(
        main, ["outlets", "set", "Unlisted Times", "--db", db, "--rating", "lean=up"]
    )
    assert run.exit_code == 1 and "not on its scale" in run.output
    run = runner.invoke(main, ["outlets", "show", "Nobody At All", "--db", db])
    assert run.exit_code == 1 and "no such outlet" in run.output
    run = runner.invoke(main, ["outlets", "import", str(tmp_path / "missing.csv"), "--db", db])
    assert run.exit_code == 1 and "missing.csv" in run.output and "Traceback" not in run.output
    assert runner.invoke(main, ["outlets", "remove", "Unlisted Times", "--db", db]).exit_code == 0
    run = runner.invoke(main, ["outlets", "remove", "Unlisted Times", "--db", db])
    assert run.exit_code == 1


def test_identification_on_the_examples_and_the_registry_tie() -> None:
    found = outcomes(EXAMPLES / "articles", Registry.of(example_outlets(), {}))
    identified = summary(found)
    tied = summary(found, registered=True)
    assert identified["front matter"]["right"] == 17
    # without the outlet field only the URL tells: its host is shown, never a wrong name,
    # and the registry's domains tie every article to its outlet
    assert identified["url only"]["domain only"] == 17
    assert tied["url only"]["right"] == 17


def test_identification_on_the_real_news_dev_set(shared: Path) -> None:
    folder = shared / "data" / "realnews_compare" / "articles"
    if not folder.is_dir():
        pytest.skip(f"{folder} is missing")
    counts = summary(outcomes(folder))
    # measured 2026-12-07 (docs/outlets.md): front matter 30/30, its URL alone 30/30 (the
    # domain table knows the three outlets), the body alone 0/30 right and 0 wrong: these
    # articles carry no dateline, credit or copyright line, so nothing is guessed.
    assert counts["front matter"]["right"] == 30
    assert counts["url only"]["right"] == 30
    assert counts["no front matter"]["wrong"] == 0


def test_a_version_4_file_gains_an_empty_registry_and_keeps_its_articles(tmp_path: Path) -> None:
    path = tmp_path / "v4.db"
    text = "An article stored before the registry existed, with enough words to be read."
    with Store.open(path) as store:
        store.add_article(Article(id=article_id(text, None), text=text, outlet="Harbor Ledger"))
    with sqlite3.connect(path) as db:  # as rashomon with schema version 4 left it
        for table in ("rating_scales", "outlet_ratings", "outlet_domains", "outlet_names"):
            db.execute(f"DROP TABLE {table}")
        db.execute("DROP TABLE outlets")
        db.execute("PRAGMA user_version = 4")
    with Store.open(path) as store:
        assert store.outlet_records() == []
        assert [r.outlet for r in store.coverage_rows()] == ["Harbor Ledger"]
        add_examples(store)
        assert Registry.load(store).find("Harbor Ledger", None) is not None
    with sqlite3.connect(path) as db:
        assert db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION == 5
