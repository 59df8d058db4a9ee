"""Story-clustering baselines over a grid of their main parameter, on each evaluation set.

    python benchmarks/story_baselines.py [--db /tmp/lead/evalstories.db] \
        [--data ../shared/data] [--json benchmarks/results/story_baselines.json]

The store holds the documents of the story evaluation sets (``rashomon.eval.story_data``)
as rashomon analysed them; a document is found by its article id, as ``to_article`` makes it
(two ECB+ documents with the same text are one article and share its vectors). The script
first waits for the ingest filling the store to finish: until every document has an
analysis, or until the number of analysed documents has not changed for ``--settle``
seconds (an article whose analysis failed never gets one; such documents are listed and left
out).

Each baseline of ``rashomon.eval.clustering`` clusters each set on its own, from the
document embeddings, at every value of its grid; B-cubed and pairwise precision, recall and
F1 against the gold stories go to the JSON file, a table to stdout. The value with the best
mean B-cubed F1 over the sets is the one the baseline should have as its default; the table
says whether it does. A script, not a test: nothing is asserted.
"""

from __future__ import annotations

import argparse
import inspect
import json
import statistics
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from rashomon.eval.clustering import agglomerative, bcubed, hdbscan, pairwise, topic_model
from rashomon.eval.stories import default_cache
from rashomon.eval.story_data import EvalDocument, read_datasets, to_article
from rashomon.store.sqlite import Store

REPO = Path(__file__).resolve().parents[1]


@dataclass(frozen=True, slots=True)
class Dataset:
    vectors: np.ndarray
    texts: list[str]
    gold: list[str]


@dataclass(frozen=True, slots=True)
class Baseline:
    function: Callable
    parameter: str
    grid: tuple[float | int, ...]
    cluster: Callable[[Dataset, float | int], list[int]]

    @property
    def default(self) -> float | int:
        return inspect.signature(self.function).parameters[self.parameter].default


BASELINES = {
    "agglomerative": Baseline(
        agglomerative,
        "distance_threshold",
        (0.2, 0.25, 0.3, 0.35, 0.4, 0.45, 0.5, 0.55, 0.6, 0.7),
        lambda data, value: agglomerative(data.vectors, distance_threshold=value),
    ),
    "hdbscan": Baseline(
        hdbscan,
        "min_cluster_size",
        (2, 3, 4, 5, 6, 8, 10),
        lambda data, value: hdbscan(data.vectors, min_cluster_size=value),
    ),
    "topic_model": Baseline(
        topic_model,
        "min_cluster_size",
        (2, 3, 4, 5, 6, 8, 10),
        lambda data, value: topic_model(data.texts, data.vectors, min_cluster_size=value).labels,
    ),
}


def wait_for_analyses(store: Store, ids: set[str], settle: float, poll: float) -> set[str]:
    """The ids among ``ids`` analysed once all are, or once their number stops changing."""
    last, changed = -1, time.monotonic()
    while True:
        analysed = ids.intersection(store.article_ids(analysed=True))
        now = time.monotonic()
        if len(analysed) == len(ids):
            return analysed
        if len(analysed) != last:
            last, changed = len(analysed), now
        elif now - changed >= settle:
            return analysed
        print(f"waiting: {len(analysed)}/{len(ids)} documents analysed", file=sys.stderr)
        time.sleep(poll)


def load(
    store: Store, documents: list[EvalDocument], analysed: set[str]
) -> tuple[Dataset, list[str]]:
    """The set's analysed documents (vectors, texts, gold stories) and the ids left out."""
    vectors, texts, gold, missing = [], [], [], []
    for document in documents:
        article_id = to_article(document).id
        analysis = store.get_analysis(article_id) if article_id in analysed else None
        if analysis is None or analysis.embeddings is None:
            missing.append(document.id)
            continue
        vectors.append(analysis.embeddings.document)
        texts.append(analysis.article.text)
        gold.append(document.story)
    return Dataset(np.stack(vectors), texts, gold), missing


def measure(baseline: Baseline, datasets: dict[str, Dataset]) -> list[dict]:
    """Scores of every grid value on every set, with their mean B-cubed F1."""
    rows = []
    for value in baseline.grid:
        scores = {}
        for name, data in datasets.items():
            started = time.perf_counter()
            labels = baseline.cluster(data, value)
            seconds = time.perf_counter() - started
            scores[name] = {
                "bcubed": bcubed(data.gold, labels).to_dict(),
                "pairwise": pairwise(data.gold, labels).to_dict(),
                "clusters": len(set(labels)),
                "seconds": round(seconds, 3),
            }
        mean = statistics.fmean(s["bcubed"]["f1"] for s in scores.values())
        rows.append({"value": value, "mean_bcubed_f1": mean, "datasets": scores})
    return rows


def _prf(scores: dict[str, float]) -> str:
    return f"{scores['precision']:.3f} {scores['recall']:.3f} {scores['f1']:.3f}"


def report(results: dict, names: list[str]) -> None:
    """The grids (B-cubed F1 / pairwise F1 per set), then each set's best value."""
    for name, result in results.items():
        print(f"\n{name} ({result['parameter']}; * best mean B-cubed F1, = default)")
        print(f"{'value':>8}  " + "  ".join(f"{n:>15}" for n in names) + "     mean B3")
        for row in result["grid"]:
            cells = "  ".join(
                f"{s['bcubed']['f1']:>7.3f} / {s['pairwise']['f1']:.3f}"
                for s in (row["datasets"][n] for n in names)
            )
            mark = ("*" if row["value"] == result["best"] else " ") + (
                "=" if row["value"] == result["default"] else " "
            )
            print(f"{row['value']:>8}{mark}{cells}  {row['mean_bcubed_f1']:>10.3f}")
        default = next((r for r in result["grid"] if r["value"] == result["default"]), None)
        for n in names:
            best = max(result["grid"], key=lambda r, n=n: r["datasets"][n]["bcubed"]["f1"])
            line = f"  {n:>9}: best {result['parameter']} {best['value']}"
            line += f" B3 F1 {best['datasets'][n]['bcubed']['f1']:.3f}"
            if default is not None:
                scores = default["datasets"][n]
                line += f"; default B3 P/R/F1 {_prf(scores['bcubed'])}"
                line += f", pairwise {_prf(scores['pairwise'])}"
            print(line)
        if result["best"] != result["default"]:
            print(f"  the default {result['default']} is not the best value {result['best']}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument(
        "--db",
        default=None,
        help="the store holding the sets' analyses (default: rashomon eval stories' cache)",
    )
    parser.add_argument("--data", default=str(REPO.parent / "shared" / "data"))
    parser.add_argument(
        "--json", default=str(REPO / "benchmarks" / "results" / "story_baselines.json")
    )
    parser.add_argument("--settle", type=float, default=120.0, help="seconds without progress")
    parser.add_argument("--poll", type=float, default=15.0, help="seconds between checks")
    args = parser.parse_args()

    sets = read_datasets(args.data)
    with Store.open(args.db or default_cache(args.data)) as store:
        ids = {to_article(d).id for documents in sets.values() for d in documents}
        analysed = wait_for_analyses(store, ids, args.settle, args.poll)
        loaded = {name: load(store, documents, analysed) for name, documents in sets.items()}
    datasets = {name: data for name, (data, _) in loaded.items()}
    names = list(datasets)
    for name, (data, missing) in loaded.items():
        stories = len(set(data.gold))
        print(f"{name}: {len(data.gold)} documents, {stories} stories, {len(missing)} left out")
        for document_id in missing:
            print(f"  left out (no analysis): {document_id}")

    results = {}
    for name, baseline in BASELINES.items():
        grid = measure(baseline, datasets)
        results[name] = {
            "parameter": baseline.parameter,
            "default": baseline.default,
            "best": max(grid, key=lambda row: row["mean_bcubed_f1"])["value"],
            "grid": grid,
        }
    report(results, names)

    output = {
        "db": str(args.db),
        "data": str(args.data),
        "selection": "grid value with the highest mean B-cubed F1 over the datasets",
        "datasets": {
            name: {
                "documents": len(data.gold),
                "stories": len(set(data.gold)),
                "left_out": missing,
            }
            for name, (data, missing) in loaded.items()
        },
        "baselines": results,
    }
    Path(args.json).parent.mkdir(parents=True, exist_ok=True)
    Path(args.json).write_text(json.dumps(output, indent=2) + "\n")
    print(f"\nwrote {args.json}")


if __name__ == "__main__":
    main()
