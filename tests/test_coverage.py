"""Coverage (rashomon/outlets/coverage.py, voices.py, rashomon/present/coverage.py) over
the real store of the web tests (the shipped examples and the hostile articles, analysed
and grouped by the real pipeline) with a registry of invented ratings of the invented
outlets. Expected counts are read from the example files' own front matter."""

from __future__ import annotations

import sqlite3
from collections import Counter
from pathlib import Path

import pytest

import rashomon
from rashomon.outlets.coverage import (
    BLINDSPOT_MAX_SHARE,
    attention,
    blindspots,
    breakdowns,
    outlet_gaps,
    top_sources,
)
from rashomon.outlets.registry import UNKNOWN, UNREGISTERED, Registry, add_examples, import_table
from rashomon.outlets.voices import VOICE_CLASSES, voice, voices
from rashomon.present.coverage import (
    attention_svg,
    bars_svg,
    comparison_coverage_html,
    coverage_section,
)
from rashomon.store.sqlite import Store
from tests.conftest import EXAMPLES
from tests.test_web_api import web_db  # noqa: F401  (the shared store fixture)
from tests.web_helpers import HOSTILE_OUTLETS, executable_markup

# Invented ratings of the invented outlets (examples/README.md), on an invented scale.
LEANS = {
    "Northgate Wire": "centre",
    "Coastal Times": "left",
    "Port Essen Courier": "centre",
    "Harbor Ledger": "right",
    "Meridian Post": "left",
    "Kestrel Daily": "right",
    "Sevrask Herald": "state",
    "Vestnik Dravnii": "state",
}
LEVELS = ("left", "centre", "right", "state")
OWNERS = {"Harbor Ledger": "Ledger Holdings", "Kestrel Daily": "Ledger Holdings"}


def ratings_csv(folder: Path) -> Path:
    path = folder / "ratings.csv"
    lines = ["name,owner,lean,factuality"]
    for name, lean in LEANS.items():
        owner = OWNERS.get(name, "")
        lines.append(f"{name},{owner},{lean},{'low' if lean == 'state' else 'high'}")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def registry_store(web_db: Path, folder: Path) -> Path:  # noqa: F811
    """A copy of the web tests' store with the example outlets and the ratings above."""
    copy = folder / "coverage.db"
    source, target = sqlite3.connect(web_db), sqlite3.connect(copy)
    source.backup(target)
    source.close()
    target.close()
    with Store.open(copy) as store:
        add_examples(store)
        report = import_table(
            store,
            ratings_csv(folder),
            source="test ratings",
            scales={"lean": "Invented four-point"},
            levels={"lean": LEVELS},
        )
        assert not report.errors
    return copy


@pytest.fixture(scope="module")
def rated_db(web_db: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:  # noqa: F811
    return registry_store(web_db, tmp_path_factory.mktemp("coverage"))


@pytest.fixture()
def store(rated_db: Path):
    with Store.open(rated_db) as store:
        yield store


def front_matter_outlets(event: str) -> list[str]:
    outlets = []
    for path in sorted((EXAMPLES / "articles" / event).glob("*.txt")):
        head = path.read_text(encoding="utf-8").split("---")[1]
        outlets.append(next(line[8:] for line in head.splitlines() if line.startswith("outlet: ")))
    return outlets


def story_of(store: Store, outlet: str, event: str) -> int:
    """The story holding the event's article of ``outlet``."""
    title = next(
        line[7:]
        for line in (EXAMPLES / "articles" / event / f"{outlet.lower().replace(' ', '-')}.txt")
        .read_text(encoding="utf-8")
        .splitlines()
        if line.startswith("title: ")
    )
    row = next(r for r in store.coverage_rows() if r.outlet == outlet and r.title == title)
    assert row.story_id is not None
    return row.story_id


def test_a_storys_articles_by_each_group(store: Store) -> None:
    registry = Registry.load(store)
    story = story_of(store, "Vestnik Dravnii", "korsa-strait-detentions")
    found = {
        b.dimension: b for b in breakdowns(list(store.coverage_rows(story_id=story)), registry)
    }
    assert list(found) == ["outlet", "country", "language", "owner", "lean", "factuality"]
    outlets = front_matter_outlets("korsa-strait-detentions")
    lean = found["lean"]
    assert lean.scale == "Invented four-point" and lean.total == len(outlets)
    expected = Counter(LEANS[o] for o in outlets)
    # every level of the scale is drawn, in its order, the empty ones too (who left it out)
    assert [(g.group, g.articles) for g in lean.groups] == [(v, expected[v]) for v in LEVELS]
    assert {o for g in lean.groups if g.group == "state" for o in g.outlets} == {
        "Sevrask Herald",
        "Vestnik Dravnii",
    }
    assert dict((g.group, g.articles) for g in found["language"].groups) == {"en": 4, "ru": 1}
    countries = dict((g.group, g.articles) for g in found["country"].groups)
    assert countries["Dravnia"] == 2 and countries["Lucena"] == 0 and countries[UNKNOWN] == 2


def test_unregistered_outlets_are_their_own_group(store: Store) -> None:
    registry = Registry.load(store)
    rows = [r for r in store.coverage_rows() if r.outlet in HOSTILE_OUTLETS]
    (lean,) = breakdowns(rows, registry, ["lean"])
    assert [(g.group, g.articles) for g in lean.groups if g.articles] == [(UNREGISTERED, 3)]


def expected_blindspots(max_share: float) -> dict[str, set[str]]:
    """Per example event, the lean groups with at most ``max_share`` of its articles."""
    found = {}
    for folder in sorted((EXAMPLES / "articles").iterdir()):
        counts = Counter(LEANS[o] for o in front_matter_outlets(folder.name) if o in LEANS)
        total = sum(counts.values())
        left_out = {g for g in LEVELS if counts[g] <= max_share * total}
        if left_out:
            found[folder.name] = left_out
    return found


@pytest.mark.parametrize("max_share", [BLINDSPOT_MAX_SHARE, 0.3])
def test_blindspots_follow_the_stated_threshold(store: Store, max_share: float) -> None:
    registry = Registry.load(store)
    spots = blindspots(store, registry, "lean", max_share=max_share)
    by_story = {s.story_id: set(s.left_out_by) for s in spots}
    expected = expected_blindspots(max_share)
    assert expected  # the state outlets tell neither the bridge nor the Merrow quake
    for event, left_out in expected.items():
        outlet = front_matter_outlets(event)[0]
        assert by_story.pop(story_of(store, outlet, event)) == left_out, event
    assert by_story == {}  # the hostile story's outlets are unregistered: no known group
    for spot in spots:
        assert all(
            n > max_share * spot.articles for _, n in spot.covered_by if _ not in spot.left_out_by
        )


def test_attention_over_time_and_top_sources(store: Store) -> None:
    registry = Registry.load(store)
    rows = list(store.coverage_rows())
    moving = attention(rows, registry, "lean")
    dated = [r for r in rows if r.published]
    assert moving.undated == len(rows) - len(dated) == 1  # one hostile article has no date
    assert moving.bucket == "week"  # February to May: more than DAYS_UP_TO days
    assert sum(sum(c) for _, c in moving.series) == len(dated)
    assert moving.buckets[0] == "2026-02-02"  # the Monday of the week of 3 February
    series = dict(moving.series)
    assert sum(series["state"]) == 4 and [g for g, _ in moving.series][:4] == list(LEVELS)
    top = top_sources(list(store.coverage_rows(query="earthquake")), registry)
    assert top.groups[0].group == "Northgate Wire"  # the wire tells both quakes
    assert top.groups[0].articles == 2
    assert all(a.articles >= b.articles for a, b in zip(top.groups, top.groups[1:], strict=False))


def test_what_an_outlet_leaves_out_compared_with_its_peers(store: Store) -> None:
    registry = Registry.load(store)
    gaps = outlet_gaps(store, registry, "Harbor Ledger")
    assert gaps.peers == ("Port Essen Courier",)  # the registered outlets of Valdora
    assert len(gaps.covered) == 2
    everyone = outlet_gaps(store, registry, "Northgate Wire")  # no country: every outlet
    assert "Harbor Ledger" in everyone.peers and len(everyone.covered) == 4  # every event
    hostile = next(r.story_id for r in store.coverage_rows() if r.outlet == HOSTILE_OUTLETS[0])
    assert everyone.left_out == ((hostile, 3),)  # three outlets told it, the wire did not


def test_figures_are_escaped_labelled_svg(store: Store) -> None:
    registry = Registry.load(store)
    rows = list(store.coverage_rows())
    (outlets,) = breakdowns(rows, registry, ["outlet"])
    svg = str(bars_svg(outlets))
    assert svg.startswith("<svg") and "<title>Articles by outlet</title>" in svg
    assert executable_markup(svg) == [] and "<b onclick" not in svg
    assert "&lt;b onclick=alert(1)&gt;Evil Outlet&lt;/b&gt;" in svg  # shown, as text
    plot = str(attention_svg(attention(rows, registry, "outlet")))
    assert plot.count("<polyline") == 7 and executable_markup(plot) == []  # 6 biggest + other
    section = str(coverage_section(breakdowns(rows, registry)))
    assert section.count("<svg") == 6 and executable_markup(section) == []


VOICES_TEXT = """Harbour pilots walk out in Port Valdo

PORT VALDO — Harbour pilots stopped work at Port Valdo on Tuesday over a pay dispute.

"We will not move a single ship until the offer improves," said Mayor Ines Karro.

"The talks are close to collapse," said a senior port official who asked not to be named.

"I have been waiting three days to unload my fish," said Tomas Brekke, a trawler captain.

"Strikes like this rarely last a week," said Lena Oddsen, an analyst at Valdo Research.
"""


def test_each_voice_class_and_the_shares() -> None:
    (analysis,) = rashomon.analyze([VOICES_TEXT], embedder=None)
    classes = {q.speaker: voice(analysis, q) for q in analysis.quotes if q.kind != "scare"}
    assert classes["Ines Karro"] == "official"
    assert classes["Lena Oddsen"] == "expert"
    assert classes["Tomas Brekke"] == "ordinary"
    assert "anonymous" in classes.values()
    heard = voices([analysis])
    assert set(heard.classes) == set(VOICE_CLASSES)
    assert heard.quotes == sum(heard.classes.values()) == len(classes)
    assert heard.share("official") == pytest.approx(1 / 4)


def test_the_reports_coverage_section(example_analyses: dict[str, list]) -> None:
    analyses = example_analyses["halvard-bridge-barge"]
    comparison = rashomon.compare(analyses)
    html = str(comparison_coverage_html(comparison))
    assert html.count("<svg") == 2  # outlet and language: no registry given
    assert "Who is quoted" in html and "Ines Karro" in html
    assert executable_markup(html) == []
