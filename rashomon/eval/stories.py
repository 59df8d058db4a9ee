"""``rashomon eval stories``: story clustering against the gold stories of evaluation sets.

The documents of each set (ECB+, BASIL, MEANTIME, WikiRef220; ``story_data`` reads them and
documents each set's gold) are analysed into a cache store once, then streamed in
publication order through a fresh ``StoryIndex``, exactly as ``rashomon ingest`` clusters a
corpus. Each set is scored with B-cubed and pairwise precision, recall and F1, next to three
baselines on the same document vectors (``eval.clustering``).

Two documents with the same text are one article to rashomon; both are scored, with the
story of that article.
"""

from __future__ import annotations

import hashlib
import os
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from statistics import fmean
from typing import Any

import numpy as np

from rashomon.analyze.pipeline import AnalysisConfig
from rashomon.errors import InputError
from rashomon.eval import clustering
from rashomon.eval.story_data import EvalDocument, read_datasets, to_article
from rashomon.link.corpus import story_item
from rashomon.link.stories import StoryIndex, StoryItem, StoryModel, cluster
from rashomon.store.ingest import ingest_items
from rashomon.store.sqlite import Store


@dataclass(frozen=True, slots=True)
class EvalSet:
    """One evaluation set, analysed: its documents in publication order with their items."""

    layout: str
    documents: list[EvalDocument]  # those analysed, in publication order
    items: list[StoryItem]  # one per distinct article, in the documents' order
    article_of: list[str]  # per document, its article id
    failed: list[str]  # ids of documents whose analysis failed


def default_cache(data_dir: str | os.PathLike[str]) -> Path:
    """Where the analyses of an evaluation folder are kept: one store per folder."""
    base = os.environ.get("XDG_CACHE_HOME", "")
    root = Path(base) if os.path.isabs(base) else Path.home() / ".cache"
    digest = hashlib.sha256(str(Path(data_dir).resolve()).encode()).hexdigest()[:16]
    return root / "rashomon" / "eval-stories" / f"{digest}.db"


def prepare(
    data_dir: str | os.PathLike[str],
    *,
    cache: str | os.PathLike[str] | None = None,
    workers: int = 1,
    layouts: tuple[str, ...] | None = None,
    on_start: Callable[[int], None] | None = None,
    on_result: Callable[[object], None] | None = None,
) -> list[EvalSet]:
    """Read, analyse (or take from the cache) and order the sets under ``data_dir``."""
    found = read_datasets(data_dir)
    if layouts is not None:
        found = {k: v for k, v in found.items() if k in layouts}
    failed: set[str] = set()
    with Store.open(cache or default_cache(data_dir)) as store:
        articles = [to_article(d) for documents in found.values() for d in documents]
        report = ingest_items(
            articles,
            store,
            workers=workers,
            config=AnalysisConfig(),
            on_start=on_start,
            on_result=on_result,
        )
        failed.update(e.source for e in report.errors if isinstance(e, InputError))
        rows = {row.id: row for row in store.story_inputs()}
    sets = []
    for layout, documents in found.items():
        ordered = sorted(documents, key=lambda d: (d.published is None, d.published or ""))
        kept, article_of, items, seen = [], [], [], set()
        for document in ordered:
            article_id = to_article(document).id
            row = rows.get(article_id)
            if row is None:
                continue
            kept.append(document)
            article_of.append(article_id)
            if article_id not in seen:
                seen.add(article_id)
                items.append(story_item(row))
        missing = [d.id for d in ordered if to_article(d).id not in rows]
        sets.append(EvalSet(layout, kept, items, article_of, missing))
    return sets


def evaluate_set(
    evaluation: EvalSet, model: StoryModel | None = None, *, baselines: bool = True
) -> dict[str, Any]:
    """Scores of rashomon's streaming clustering on one set, and of the baselines."""
    gold = [d.story for d in evaluation.documents]
    started = time.perf_counter()
    assignments = cluster(evaluation.items, StoryIndex(model))
    seconds = time.perf_counter() - started
    story_of = {a.article_id: a.story_id for a in assignments}
    predicted = [story_of[a] for a in evaluation.article_of]
    result: dict[str, Any] = {
        "documents": len(gold),
        "articles": len(evaluation.items),
        "gold_stories": len(set(gold)),
        "stories": len(set(predicted)),
        "failed": evaluation.failed,
        "bcubed": clustering.bcubed(gold, predicted).to_dict(),
        "pairwise": clustering.pairwise(gold, predicted).to_dict(),
        "articles_per_second": round(len(evaluation.items) / seconds, 1) if seconds else None,
    }
    if baselines:
        result["baselines"] = _baselines(evaluation, gold)
    return result


def _baselines(evaluation: EvalSet, gold: list[str]) -> dict[str, Any]:
    position = {item.id: n for n, item in enumerate(evaluation.items)}
    rows = [position[a] for a in evaluation.article_of]
    vectors = np.stack([evaluation.items[n].vector for n in rows])
    texts = [d.text for d in evaluation.documents]
    labels = {
        "agglomerative": clustering.agglomerative(vectors),
        "hdbscan": clustering.hdbscan(vectors),
        "topic_model": clustering.topic_model(texts, vectors).labels,
    }
    return {
        name: {
            "bcubed": clustering.bcubed(gold, predicted).to_dict(),
            "pairwise": clustering.pairwise(gold, predicted).to_dict(),
            "stories": len(set(predicted)),
        }
        for name, predicted in labels.items()
    }


def run_story_eval(
    data_dir: str | os.PathLike[str],
    *,
    cache: str | os.PathLike[str] | None = None,
    workers: int = 1,
    model: StoryModel | None = None,
    on_start: Callable[[int], None] | None = None,
    on_result: Callable[[object], None] | None = None,
) -> dict[str, Any]:
    """The whole report: each set's scores, and their means as the top-level figures."""
    sets = prepare(data_dir, cache=cache, workers=workers, on_start=on_start, on_result=on_result)
    per_set = {s.layout: evaluate_set(s, model) for s in sets}
    report: dict[str, Any] = {"data": str(data_dir), "datasets": per_set}
    for measure in ("bcubed", "pairwise"):
        report[measure] = {
            part: round(fmean(r[measure][part] for r in per_set.values()), 4)
            for part in ("precision", "recall", "f1")
        }
    return report
