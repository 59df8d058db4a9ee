"""Copies and translations: the examples' syndicated pairs, hand-made copies, MEANTIME."""

from __future__ import annotations

import json
from itertools import combinations
from pathlib import Path

import pytest

from rashomon.analyze.pipeline import AnalysisConfig, analyze_article
from rashomon.ingest import read_paths
from rashomon.link.copies import (
    CopyGroup,
    CopyIndex,
    body_text,
    find_copies,
    normalise,
    overlap,
    shingle_set,
)
from rashomon.types import Analysis

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
NO_VECTORS = AnalysisConfig(embedder=None)


def _key(analysis: Analysis) -> tuple[str, str]:
    path = Path(analysis.article.path or "")
    return path.parent.name, path.name


def _gold_pairs() -> set[tuple[str, str, str]]:
    """(event, original, near-copy) for every gold ``syndicated`` pair."""
    pairs = set()
    for file in (EXAMPLES / "gold").glob("*.json"):
        for original, copy in json.loads(file.read_text(encoding="utf-8"))["syndicated"]:
            pairs.add((file.stem, original, copy))
    return pairs


@pytest.fixture(scope="module")
def example_index(example_analyses: dict[str, list[Analysis]]) -> tuple[CopyIndex, dict]:
    """Every example added with each near-copy before its original, so the origin has
    to come from ``published`` and not from the order of arrival."""
    copies = {(event, copy) for event, _, copy in _gold_pairs()}
    analyses = [a for event in example_analyses.values() for a in event]
    analyses.sort(key=lambda a: _key(a) not in copies)
    index = CopyIndex()
    for analysis in analyses:
        index.add(analysis)
    return index, {a.article.id: _key(a) for a in analyses}


def test_examples_copy_groups_are_the_gold_syndicated_pairs(example_index) -> None:
    index, names = example_index
    found = {
        (names[g.origin][0], names[g.origin][1], names[m][1])
        for g in index.groups()
        if g.kind == "copy"
        for m in g.members[1:]
    }
    assert found == _gold_pairs()
    for group in index.groups():
        if group.kind == "copy":
            assert len(group.members) == 2
            assert len({names[m][0] for m in group.members}) == 1  # never across events
            assert group.scores[0] == 1.0 and group.scores[1] >= 0.9


def test_examples_independent_reports_are_not_translations(example_index) -> None:
    # The Russian and Spanish articles tell the same events as the English ones in their own
    # words; the closest (Sevrask Herald / Vestnik Dravnii) measured cosine 0.822.
    index, _ = example_index
    assert [g for g in index.groups() if g.kind == "translation"] == []


def test_examples_other_pairs_share_almost_no_shingles(
    example_analyses: dict[str, list[Analysis]],
) -> None:
    gold = _gold_pairs()
    gold |= {(event, copy, original) for event, original, copy in gold}
    analyses = [a for event in example_analyses.values() for a in event]
    shingles = {
        a.article.id: shingle_set(body_text(a.article.text, a.article.title)) for a in analyses
    }
    for a, b in combinations(analyses, 2):
        (event_a, name_a), (event_b, name_b) = _key(a), _key(b)
        if event_a == event_b and (event_a, name_a, name_b) in gold:
            continue
        containment, _ = overlap(shingles[a.article.id], shingles[b.article.id])
        assert containment < 0.1, (name_a, name_b)


ORIGINAL = """\
---
title: Ferry strike halts crossings to Isle of Brannock
outlet: Gull Gazette
published: 2026-05-02T08:00:00Z
url: https://gullgazette.example/ferry-strike
---
Ferry strike halts crossings to Isle of Brannock

BRANNOCK HARBOUR, May 2 (Gull Gazette) – Every ferry between the mainland and the Isle of \
Brannock stayed in port on Saturday after deckhands walked out over a new rota that \
union officials said would cut rest breaks by a third.

About 2,300 passengers a day use the three routes, and the island's only hospital said \
it had postponed eleven planned operations because visiting surgeons could not reach it.

"We did not want this, but the company left us no choice," said Aileen Tobar, who \
leads the deckhands' branch of the Maritime Workers Union. She said talks could resume \
on Monday if the rota were withdrawn.

The operator, Brannock Sound Lines, called the strike unlawful and said it would seek \
an injunction. A spokesman added that freight sailings carrying food and fuel would be \
given priority once crossings resumed.

Island shopkeepers reported queues for bread and milk by mid-morning, and the council \
opened a helpline for residents needing medicines delivered from the mainland.
"""

# the same story rerun by another paper: new headline and dateline, a few words changed,
# the last paragraph dropped
EDITED = """\
---
title: Island cut off as ferry crews walk out
outlet: Coast Courier
published: 2026-05-02T10:30:00Z
url: https://coastcourier.example/island-cut-off
---
Island cut off as ferry crews walk out

Every ferry between the mainland and the Isle of Brannock stayed in port on Saturday \
after deckhands walked out over a new rota that union officials said would cut rest \
breaks by a third, the Gull Gazette reported.

About 2,300 passengers a day use the three routes, and the island's only hospital said \
it had postponed 11 planned operations because visiting surgeons could not reach it.

“We did not want this, but the company left us no choice,” said Aileen Tobar, who \
leads the deckhands' branch of the Maritime Workers Union. She said talks could resume \
on Monday if the rota were withdrawn.

The operator, Brannock Sound Lines, called the strike illegal and said it would seek \
an injunction. A spokesman added that freight sailings carrying food and fuel would be \
given priority once crossings resumed.
"""


def _write(folder: Path, name: str, text: str) -> Analysis:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    (article,) = read_paths([str(path)])
    return analyze_article(article, NO_VECTORS)


def test_lightly_edited_copy_is_found_in_a_stream(tmp_path: Path) -> None:
    original = _write(tmp_path, "gazette.txt", ORIGINAL)
    edited = _write(tmp_path, "courier.txt", EDITED)
    index = CopyIndex()
    assert index.add(edited) is None
    match = index.add(original)
    assert match is not None and match.kind == "copy"
    assert (match.article, match.match) == (original.article.id, edited.article.id)
    assert match.score >= 0.8 and match.jaccard is not None and match.jaccard < match.score
    (group,) = index.groups()
    assert group.origin == original.article.id  # published first, though added second
    assert group.members == (original.article.id, edited.article.id)
    assert index.add(original) is None and len(index) == 2  # the same article read twice


def test_one_article_under_two_urls_is_a_copy(tmp_path: Path) -> None:
    first = _write(tmp_path, "a.txt", ORIGINAL)
    moved = ORIGINAL.replace("gullgazette.example/ferry-strike", "gullgazette.example/amp/1")
    moved = moved.replace("2026-05-02T08:00:00Z", "2026-05-02T08:05:00Z")
    second = _write(tmp_path, "b.txt", moved)
    assert first.article.id != second.article.id
    unrelated = next(iter(read_paths([str(EXAMPLES / "articles/halvard-bridge-barge")])))
    groups = find_copies([second, analyze_article(unrelated, NO_VECTORS), first])
    assert groups == [
        CopyGroup(first.article.id, (first.article.id, second.article.id), "copy", (1.0, 1.0))
    ]


def test_normalise_folds_case_punctuation_and_quotes() -> None:
    assert normalise("“We did NOT—want this,”\n  she said.") == "we did not want this she said"
    assert shingle_set("Too short") == frozenset(["too short"])
    assert body_text("Headline here\n\nBody.", "Headline here") == "\nBody."
    assert body_text("Another line\nBody.", "Headline here") == "Another line\nBody."


MEANTIME_STORIES = 4  # the first stories of each dev corpus, in all four languages


@pytest.fixture(scope="module")
def meantime_analyses(shared: Path) -> list[tuple[str, str, Analysis]]:
    from rashomon.eval.story_data import read_meantime, to_article

    folder = shared / "data" / "meantime"
    if not folder.is_dir():
        pytest.skip("no MEANTIME data")
    documents = read_meantime(folder)
    stories = []
    for corpus in ("corpus_airbus", "corpus_apple"):
        names = sorted({d.story for d in documents if f"/{corpus}/" in d.story})
        stories += names[:MEANTIME_STORIES]
    return [
        (d.story, d.language, analyze_article(to_article(d)))
        for d in documents
        if d.story in stories
    ]


def test_meantime_translations_are_flagged_and_other_articles_not(meantime_analyses) -> None:
    index = CopyIndex()
    for _, _, analysis in meantime_analyses:
        index.add(analysis)
    story = {a.article.id: s for s, _, a in meantime_analyses}
    language = {a.article.id: lang for _, lang, a in meantime_analyses}
    translated = {
        frozenset((link.article, link.match)) for link in index.links if link.kind == "translation"
    }
    for link in index.links:
        assert link.kind == "translation"  # no copy across languages
        assert story[link.article] == story[link.match]  # no other article flagged
    for english in (i for i, lang in language.items() if lang == "en"):
        versions = [i for i in story if story[i] == story[english] and i != english]
        assert len(versions) == 3
        for version in versions:
            assert frozenset((english, version)) in translated
    groups = [g for g in index.groups() if g.kind == "translation"]
    assert sorted(len(g.members) for g in groups) == [4] * (2 * MEANTIME_STORIES)
