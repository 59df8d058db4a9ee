"""Clustering a stored corpus: stories that are made and merged away within one batch, and
the same stories from the same input every time.

The articles are real-shaped (a text naming the event's people and places, a date, an
outlet) with document vectors made here, so a few hundred of them go through the real
store and the real story index in seconds, without the analysis models.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import numpy as np

from rashomon.link import corpus
from rashomon.link.corpus import cluster_store
from rashomon.store import Store
from rashomon.types import Analysis, Article, Embeddings
from tests.analysis_helpers import bare_analysis

DIM = 64
T0 = datetime(2026, 5, 4, 6, tzinfo=UTC)
PLACES = ["Tamrovo", "Korsa", "Merrow", "Velna", "Ostrada", "Brisk", "Harlan", "Duvel"]
PEOPLE = ["Belova", "Renner", "Abarca", "Orlov", "Danes", "Karro", "Ilves", "Moreau"]
KINDS = ["earthquake", "ferry sinking", "port strike", "election recount"]


def _unit(vector: np.ndarray) -> np.ndarray:
    return (vector / np.linalg.norm(vector)).astype(np.float32)


def _stream(count: int, seed: int) -> list[Analysis]:
    """``count`` reports of look-alike events (four kinds of event, each kind happening in
    several places), in no particular order: the store orders them by publication."""
    rng = np.random.default_rng(seed)
    kinds = [_unit(rng.normal(size=DIM)) for _ in KINDS]
    events = []
    for e in range(count // 6):
        kind = e % len(KINDS)
        centre = _unit(kinds[kind] + 0.6 * rng.normal(size=DIM) / np.sqrt(DIM) * 4)
        place, person = PLACES[e % len(PLACES)], PEOPLE[(e * 3) % len(PEOPLE)]
        events.append((kind, centre, place, person, float(rng.uniform(0, 40 * 24))))
    analyses = []
    for n in range(count):
        kind, centre, place, person, hours = events[int(rng.integers(len(events)))]
        # Reports name some of the event's people and places, not always all of them: the
        # early reports of one event can start two stories that a later report joins.
        named = [w for w in (place, person) if rng.random() < 0.7] or [place]
        text = (
            f"A {KINDS[kind]} was reported on Monday. "
            + " ".join(f"Officials in {w} spoke to reporters about it." for w in named)
            + f" Report number {n} gives the latest figures."
        )
        moment = T0 + timedelta(hours=hours + float(rng.exponential(12)))
        vector = _unit(centre + 0.35 * rng.normal(size=DIM) / np.sqrt(DIM) * 4)
        article = Article(
            id=f"article-{seed}-{n:04d}",
            text=text,
            title=f"{KINDS[kind].capitalize()} in {named[0]}",
            outlet=f"Outlet {n % 7}",
            published=moment.isoformat(),
        )
        embeddings = Embeddings("test", np.zeros((0, DIM), np.float32), vector)
        analyses.append(bare_analysis(article, embeddings))
    return analyses


def _stored(path, analyses: list[Analysis]) -> None:
    with Store.open(path) as store:
        for analysis in analyses:
            store.put_analysis(analysis, version="test")


def _stories(store: Store) -> list[list[str]]:
    """The stories as sets of article ids, independent of story numbering."""
    members: dict[int | None, list[str]] = {}
    for article_id in sorted(store.article_ids()):
        members.setdefault(store.story_of(article_id), []).append(article_id)
    assert None not in members, "every article has a story"
    return sorted(members.values())


def test_stories_made_and_merged_away_within_one_batch_are_stored(tmp_path):
    analyses = _stream(360, seed=3)
    path = tmp_path / "corpus.db"
    _stored(path, analyses)
    with Store.open(path) as store:
        # The whole stream is one batch of the store's transaction: every merge of the run
        # folds a story that was made by the same batch (the case that lost every story).
        assert len(analyses) <= corpus.BATCH
        report = cluster_store(store)
        assert report.merges > 0, "precondition: the stream merges stories"
        assert report.assigned == len(analyses)
        stories = _stories(store)
        listed = store.stories(order="size", limit=len(analyses))
        assert len(listed) == len(stories)
        assert sorted(s.size for s in listed) == sorted(map(len, stories))
        # The rebuild takes the same path.
        assert cluster_store(store, rebuild=True).assigned == len(analyses)
        assert _stories(store) == stories


def test_the_same_input_in_the_same_order_gives_the_same_stories(tmp_path):
    analyses = _stream(1200, seed=11)
    runs = []
    for run in range(3):
        path = tmp_path / f"run{run}.db"
        _stored(path, analyses)
        with Store.open(path) as store:
            cluster_store(store)
            runs.append(_stories(store))
    assert len(runs[0]) < len(analyses) / 3  # precondition: stories were joined
    assert runs[1] == runs[0] and runs[2] == runs[0]
    with Store.open(tmp_path / "run0.db") as store:
        cluster_store(store, rebuild=True)
        assert _stories(store) == runs[0]
