"""Stories: the streaming story index, clustering a real store, and the story commands.

The index is tested on vectors and names built to pose one question each (look-alike
events, a story aging out, a bridging article); the corpus tests use the real analyses of
the shipped examples in a real store, the CLI tests the installed ``rashomon`` command.
"""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from collections import Counter
from datetime import UTC, datetime, timedelta
from pathlib import Path

import numpy as np
import pytest

from rashomon.link.corpus import cluster_store, compared_articles
from rashomon.link.names import name_keys
from rashomon.link.stories import StoryIndex, StoryItem, _bfloat16, cluster, load_story_model
from rashomon.store import Store, ingest
from tests.conftest import EXAMPLES

ARTICLES = EXAMPLES / "articles"
DIM = 64
T0 = datetime(2026, 3, 1, 8, tzinfo=UTC)


def _vector(seed: int, noise: float = 0.0, base: np.ndarray | None = None) -> np.ndarray:
    rng = np.random.default_rng(seed)
    v = rng.normal(size=DIM) if base is None else base + noise * rng.normal(size=DIM)
    return (v / np.linalg.norm(v)).astype(np.float32)


def _item(n: int, vector: np.ndarray, names: str, hours: float = 0.0) -> StoryItem:
    return StoryItem(
        id=f"a{n}",
        vector=vector,
        names=Counter(names.split()),
        published=T0 + timedelta(hours=hours),
    )


# --- the index


def test_look_alike_events_with_different_names_are_different_stories():
    # Two earthquakes: near-identical document vectors (same kind of event), different
    # places and officials. Each event's reports share their names.
    quake = _vector(1)
    reports = []
    for n in range(4):
        reports.append(_item(n, _vector(10 + n, 0.15, quake), "tamrovo belova gromadsky"))
        reports.append(_item(10 + n, _vector(20 + n, 0.15, quake), "merrow abarca renner"))
    assignments = {a.article_id: a.story_id for a in cluster(reports)}
    first = {assignments[f"a{n}"] for n in range(4)}
    second = {assignments[f"a{10 + n}"] for n in range(4)}
    assert len(first) == 1 and len(second) == 1 and first != second


def test_an_old_story_stays_in_an_index_with_room():
    # Late and undated articles can still find old stories while memory allows.
    index = StoryIndex(load_story_model())
    event = _vector(5)
    first = index.add(_item(0, _vector(60, 0.1, event), "halvard karro"))
    index.add(_item(1, _vector(61), "other things", hours=24 * 400))
    assert len(index) == 2
    late = index.add(
        StoryItem("a2", _vector(62, 0.1, event), Counter(["halvard", "karro"]), published=None)
    )
    assert late.story_id == first.story_id


def test_reports_of_one_event_in_other_languages_join_it():
    # Translations and foreign reports: close vectors (multilingual encoder), the same names.
    event = _vector(2)
    items = [
        _item(n, _vector(30 + n, 0.3, event), "korsa valdora orlov", hours=n) for n in range(5)
    ]
    assert len({a.story_id for a in cluster(items)}) == 1


def test_a_story_is_labelled_in_its_main_language():
    # The first report is Russian; three English ones follow. The label's names and the
    # representative title are the English ones, whichever report came first.
    event = _vector(4)
    reports = [("ru", "Дравния задержала суда", {"dravni": "Дравнии", "korsa": "Корсском"})]
    reports += [("en", f"Dravnia detains ships ({n})", {"dravni": "Dravnia"}) for n in range(3)]
    items = [
        StoryItem(
            f"a{n}",
            _vector(50 + n, 0.1, event),
            Counter(["dravni", "korsa"]),
            T0 + timedelta(hours=n),
            written=written,
            title=title,
            language=language,
        )
        for n, (language, title, written) in enumerate(reports)
    ]
    index = StoryIndex(load_story_model())
    (story,) = {a.story_id for a in index.add_many(items)}
    summary = index.summary(story)
    assert summary.title is not None and summary.title.startswith("Dravnia detains ships")
    assert "Dravnia" in summary.names and "Дравнии" not in summary.names
    assert "Корсском" in summary.names  # no English form known: the Russian one stays


def test_unrelated_articles_start_their_own_stories():
    items = [_item(n, _vector(100 + n), f"name{n} place{n}") for n in range(6)]
    assert len({a.story_id for a in cluster(items)}) == 6


def test_a_story_not_seen_within_the_window_ages_out_of_a_full_index():
    model = load_story_model()
    event = _vector(3)
    index = StoryIndex(model, max_articles=2)
    first = index.add(_item(0, _vector(40, 0.1, event), "halvard karro"))
    assert index.add(_item(1, _vector(41, 0.1, event), "halvard karro", hours=5)).story_id == (
        first.story_id
    )
    later = (model.window_days + 10) * 24
    # Something else happens much later and fills the index: the old story leaves it...
    index.add(_item(2, _vector(42), "other things", hours=later))
    index.add(_item(3, _vector(44), "more things", hours=later))
    assert len(index) == 2
    # ...so the same kind of report now starts a story of its own.
    again = index.add(_item(4, _vector(43, 0.1, event), "halvard karro", hours=later + 1))
    assert again.new_story and again.story_id != first.story_id


def test_a_full_index_drops_old_stories_in_one_batch_oldest_first():
    model = load_story_model()
    index = StoryIndex(model, max_articles=20)
    later = (model.window_days + 10) * 24
    old = [index.add(_item(n, _vector(200 + n), f"old{n} place{n}")) for n in range(15)]
    new = [
        index.add(_item(20 + n, _vector(300 + n), f"new{n} town{n}", hours=later)) for n in range(6)
    ]
    assert len(index) == 21  # one over the cap: the next article makes room
    report = index.add(_item(40, _vector(41, 0.1, _vector(300)), "new0 town0", hours=later + 1))
    # Down to 90% of the cap in one go: the three oldest stories, not one per article.
    assert len(index) == 19 and index.active_stories == 12 + 6
    assert report.story_id == new[0].story_id  # the newest stories stay reachable
    kept = index.add(_item(41, _vector(42, 0.1, _vector(203)), "old3 place3", hours=later + 1))
    assert kept.story_id == old[3].story_id
    gone = index.add(_item(42, _vector(43, 0.1, _vector(200)), "old0 place0", hours=later + 1))
    assert gone.new_story and len(index) == 21  # no eviction until a batch's worth of growth


def _event_stream(count: int, seed: int) -> list[StoryItem]:
    """``count`` reports of look-alike events over ~120 days, in publication order, with
    some stamped late (60 days early), some undated, and some with numbers."""
    rng = np.random.default_rng(seed)
    kinds = [_vector(500 + k) for k in range(4)]
    events = []
    for e in range(count // 8):
        kind = kinds[e % len(kinds)]
        names = " ".join(f"n{e}x{i}" for i in range(3)) + f" kind{e % len(kinds)}"
        events.append((_vector(600 + e, 0.6, kind), names, 24.0 * rng.uniform(0, 120)))
    items = []
    for n in range(count):
        vector, names, hours = events[int(rng.integers(len(events)))]
        words = [w for w in names.split() if rng.random() < 0.8] + [f"common{rng.integers(5)}"]
        moment = T0 + timedelta(hours=hours + rng.exponential(24))
        if rng.random() < 0.03:
            moment -= timedelta(days=60)
        items.append(
            StoryItem(
                id=f"a{n}",
                vector=_vector(10_000 + n, 0.12, vector),
                names=Counter(words),
                published=None if rng.random() < 0.05 else moment,
                numbers=Counter([str(rng.integers(3))]) if rng.random() < 0.3 else Counter(),
            )
        )
    t_max = T0 + timedelta(days=1000)
    return sorted(items, key=lambda item: item.published or t_max)


@pytest.mark.parametrize("max_articles", [100_000, 120])
def test_batched_assignment_equals_assigning_one_at_a_time(max_articles):
    # add_many searches the ANN index once per batch and adds the batch after deciding it;
    # each article must still see the batch's earlier ones (and, with a small cap, stories
    # that age out in the middle of a batch must be gone): the same stories as add.
    items = _event_stream(700, seed=7)
    one = StoryIndex(load_story_model(), max_articles=max_articles, threads=1)
    single = [one.add(item) for item in items]
    batched_index = StoryIndex(load_story_model(), max_articles=max_articles, threads=1)
    batched = cluster(items, batched_index)
    assert [a.story_id for a in batched] == [one.final_story(a.story_id) for a in single]
    assert [a.new_story for a in batched] == [a.new_story for a in single]
    assert [a.score for a in batched] == pytest.approx([a.score for a in single], abs=2e-4)
    assert len(batched_index) == len(one) and batched_index.active_stories == one.active_stories
    assert len({a.story_id for a in batched}) < len(items) / 2  # stories were joined


def test_an_article_that_fits_two_stories_merges_them():
    model = load_story_model()
    index = StoryIndex(model)
    event = _vector(4)
    # Two stories of one event, as an early wrong decision would leave them.
    index.insert(_item(0, _vector(50, 0.05, event), "ferry orsa"), 1)
    index.insert(_item(1, _vector(51, 0.05, event), "ferry orsa"), 2)
    assert index.active_stories == 2
    joined = index.add(_item(2, _vector(52, 0.05, event), "ferry orsa", hours=1))
    assert index.active_stories == 1
    survivor = joined.story_id
    assert index.merged == {({1, 2} - {survivor}).pop(): survivor}
    summaries, merged = index.take_changed()
    assert [s.id for s in summaries] == [survivor] and summaries[0].size == 3
    assert merged and not index.merged


def test_name_keys_skip_sentence_starts_and_fold_scripts():
    counts, written = name_keys(
        "Officials said Ines Karro met Путин in Zürich. Later Karro left, said «Nobody»."
    )
    assert counts["karro"] == 2 and "officials" not in counts and "later" not in counts
    assert "zurich" in counts and "putin" in counts and "nobody" not in counts
    assert written["karro"] == "Karro"


# --- a real store


@pytest.fixture(scope="module")
def store_path(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("stories") / "store.db"
    with Store.open(path) as store:
        report = ingest([str(ARTICLES)], store)
        assert report.ok
    return path


def _events(store: Store) -> dict[int, set[str]]:
    """Story id -> the example event folders of its articles."""
    found: dict[int, set[str]] = {}
    for article_id in store.article_ids():
        article = store.get_article(article_id)
        found.setdefault(store.story_of(article_id), set()).add(Path(article.path).parent.name)
    return found


def test_the_examples_cluster_into_their_four_events(store_path):
    with Store.open(store_path) as store:
        report = cluster_store(store, rebuild=True)
        events = _events(store)
        assert report.assigned == store.counts()["articles"]
        assert None not in events
        assert sorted(map(sorted, events.values())) == [
            [f.name] for f in sorted(ARTICLES.iterdir())
        ]
        listed = store.stories(order="size", limit=10)
        assert {s.id for s in listed} == set(events)
        assert all(s.label and s.title and s.first_seen for s in listed)


def test_clustering_in_two_runs_gives_the_same_stories_as_one(store_path, tmp_path):
    folders = sorted(p for p in ARTICLES.iterdir() if p.is_dir())
    path = tmp_path / "two-runs.db"
    with Store.open(path) as store:
        for half in (folders[:2], folders[2:]):
            ingest([str(f) for f in half], store)
            cluster_store(store)
        assert cluster_store(store).assigned == 0  # nothing left: resumable, not redone
        two_runs = sorted(map(sorted, _events(store).values()))
    with Store.open(store_path) as store:
        cluster_store(store, rebuild=True)
        one_run = sorted(map(sorted, _events(store).values()))
    assert two_runs == one_run


def test_syndicated_copies_are_found_and_left_out_of_the_comparison(store_path):
    gold = {}
    for file in sorted((EXAMPLES / "gold").glob("*.json")):
        for pair in json.loads(file.read_text())["syndicated"]:
            gold[file.stem] = set(pair)
    with Store.open(store_path) as store:
        cluster_store(store, rebuild=True)
        for event, pair in gold.items():
            ids = [
                a
                for a in store.article_ids()
                if Path(store.get_article(a).path).parent.name == event
            ]
            copies = [c for c in store.copies(ids) if c.kind == "copy"]
            names = {Path(store.get_article(c.article_id).path).name for c in copies}
            assert names == pair, event
            story_id = store.story_of(ids[0])
            copy_ids = {c.article_id for c in copies if c.article_id != c.origin_id}
            chosen = compared_articles(store, story_id)
            assert len(chosen) >= 2 and not copy_ids & set(chosen)


# --- the commands


def _run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "rashomon.cli", *args], capture_output=True, text=True, check=False
    )


def test_stories_story_and_export_commands(store_path, tmp_path):
    with Store.open(store_path) as store:
        cluster_store(store, rebuild=True)
        biggest = store.stories(order="size", limit=1)[0]
    listed = _run("stories", "--db", str(store_path), "--format", "json", "--lang", "ru")
    assert listed.returncode == 0, listed.stderr
    document = json.loads(listed.stdout)
    assert document["total"] == len(document["stories"]) == 2  # two events have Russian reports
    assert all("ru" in s["languages"] for s in document["stories"])

    shown = _run("story", str(biggest.id), "--db", str(store_path), "--format", "json")
    assert shown.returncode == 0, shown.stderr
    story = json.loads(shown.stdout)
    assert story["story"]["size"] == biggest.size == len(story["story"]["articles"])
    assert story["facts"] and story["quotes"]

    missing = _run("story", "999999", "--db", str(store_path))
    assert missing.returncode == 1 and "no story 999999" in missing.stderr

    quotes_csv = _run("export", "quotes", "--db", str(store_path), "--format", "csv")
    assert quotes_csv.returncode == 0, quotes_csv.stderr
    rows = list(csv.DictReader(io.StringIO(quotes_csv.stdout)))
    with Store.open(store_path) as store:
        assert len(rows) == store.counts()["quotes"]
    assert all(r["story_id"] for r in rows)

    parquet = tmp_path / "articles.parquet"
    exported = _run(
        "export", "articles", "--db", str(store_path), "--format", "parquet", "-o", str(parquet)
    )
    assert exported.returncode == 0, exported.stderr
    import pyarrow.parquet as pq

    table = pq.read_table(parquet)
    assert table.num_rows == len(list(ARTICLES.glob("*/*.txt")))
    story_ids = table.column("story_id").to_pylist()
    assert None not in story_ids and len(set(story_ids)) == 4

    stories_jsonl = _run("export", "stories", "--db", str(store_path))
    exported_stories = [json.loads(line) for line in stories_jsonl.stdout.splitlines()]
    assert {s["id"] for s in exported_stories} == set(story_ids)
    assert all(isinstance(s["outlets"], list) for s in exported_stories)


def test_ingest_fetches_urls_only_when_private_addresses_are_allowed(tmp_path):
    import functools
    import http.server
    import threading

    folder = ARTICLES / "halvard-bridge-barge"
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        url = f"http://127.0.0.1:{server.server_port}/northgate-wire.txt"
        db = str(tmp_path / "web.db")
        refused = _run("ingest", url, "--db", db)
        assert refused.returncode == 1
        assert "loopback" in refused.stderr and "--allow-private" in refused.stderr
        fetched = _run("ingest", url, "--db", db, "--allow-private")
        assert fetched.returncode == 0, fetched.stderr
    finally:
        server.shutdown()
        server.server_close()
    with Store.open(db) as store:
        (article_id,) = store.article_ids()
        # The page is the example file, front matter and all: the same article as read
        # from disk (its declared url wins over the address it was fetched from).
        from rashomon.ingest import read_path

        (local,) = read_path(str(folder / "northgate-wire.txt"))
        assert article_id == local.id
        assert store.story_of(article_id) is not None


def test_eval_stories_on_basil_meets_its_target_and_beats_the_baselines(shared, tmp_path):
    # BASIL dev: 45 events, each told by three outlets; analysed into a cache store first.
    run = _run(
        "eval",
        "stories",
        "--data",
        str(shared / "data" / "basil"),
        "--cache",
        str(tmp_path / "cache.db"),
        "--workers",
        "2",
        "--format",
        "json",
    )
    assert run.returncode == 0, run.stderr
    report = json.loads(run.stdout.strip().splitlines()[-1])
    assert set(report["bcubed"]) == set(report["pairwise"]) == {"precision", "recall", "f1"}
    basil = report["datasets"]["basil"]
    assert basil["documents"] == 135 and basil["gold_stories"] == 45
    assert report["bcubed"]["f1"] >= 0.97
    assert all(
        report["bcubed"]["f1"] > baseline["bcubed"]["f1"]
        for baseline in basil["baselines"].values()
    )


def test_batch_rounding_matches_the_vectors_usearch_stores():
    # A batch compares its own articles exactly; it must see them as the ANN index does.
    from usearch.index import Index

    vectors = np.random.default_rng(3).normal(size=(500, 64)).astype(np.float32)
    # Halfway between two bfloat16 values, the lower one even, then odd; and near-ties.
    vectors[0, :4] = [1.00390625, 1.01171875, 1.005859375, 1.001953125]
    index = Index(ndim=64, metric="cos", dtype="bf16")
    index.add(np.arange(len(vectors)), vectors)
    stored = np.stack(index.get(np.arange(len(vectors)), dtype=np.float32))
    assert np.array_equal(_bfloat16(vectors), stored)
    assert not np.array_equal(_bfloat16(vectors), vectors)
