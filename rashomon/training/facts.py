"""Train the story's same-fact model (``compare/fact_model.py``) and write it as JSON.

    python -m rashomon.training.facts --data ../shared/data/realnews_compare \
        [--embedder use-m3] [--out MODEL.json] [--cache DIR]

The data is a folder of events in the examples' schema (``gold/<event>.json`` with
``facts`` and their verbatim evidence per carrying article, ``articles/<event>/``). Every
event is analysed and its statements cut as compare cuts them; a pair of statements of two
articles is an example when both state some gold fact (each holds at least half of a gold
evidence phrase, as ``rashomon eval compare`` judges): positive when they state one in
common. Pairs where either states nothing the gold lists are not used (the gold lists
every fact two outlets share, but one evidence phrase per carrier).

Two logistic heads are fitted: one on every feature of a pair of one language, one on the
language-neutral features only (for pairs of two languages; fitted on the same pairs, its
graded similarity taken from the similarity model's cross-lingual head). The thresholds
are chosen by leave-one-event-out cross-validation of the whole comparison: for each
grid point, each event is compared with heads fitted on the other events and scored
strictly; the point with the best F0.5 of fact pair precision and recall without blobs
wins (a wrong pair shown costs a reader's trust more than a missed one). The shipped heads
are then fitted on every event; the cross-validated figures, not the in-sample ones, are
what the metadata and docs/similarity.md report.

Needs scikit-learn (the ``eval`` extra); the runtime model is numpy only.
"""

from __future__ import annotations

import argparse
import json
import pickle
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from rashomon.analyze.embeddings import MemoEncoder
from rashomon.analyze.pipeline import AnalysisConfig, analyze_many
from rashomon.analyze.registry import embedders
from rashomon.compare.engine import compare
from rashomon.compare.fact_model import (
    STORY_CROSSLINGUAL_FEATURES,
    STORY_MONOLINGUAL_FEATURES,
    FactModel,
    story_features,
)
from rashomon.compare.similarity import (
    EncodedText,
    SimilarityModel,
    apply_head,
    load_similarity_model,
)
from rashomon.compare.statements import article_statements, statement_vectors
from rashomon.errors import InputError
from rashomon.eval.compare_gold import rates, score_event
from rashomon.eval.compare_strict import add_counts, find_all, states
from rashomon.ingest import read_path
from rashomon.training.similarity import MODELS, fit_head
from rashomon.types import Analysis

# The grid of cuts on the probability tried by cross-validation: fact (a group's mean),
# detail (every pair of one language in a group) and best (two statements that are each
# other's best match between their articles, from the detail cut up).
FACT_CUTS = (0.5, 0.6, 0.7)
DETAIL_CUTS = (0.2, 0.3)
BEST_CUTS = (0.2, 0.3, 0.4)
BETA = 0.5  # F-beta weighting of pair precision against recall when choosing the cuts


@dataclass
class _Event:
    name: str
    analyses: list[Analysis]
    gold: dict[str, Any]
    mono: np.ndarray  # (pairs, features) of the monolingual head
    cross: np.ndarray  # (pairs, features) of the cross-lingual head
    labels: np.ndarray  # 1 when the pair states one gold fact in common


def _analyses(folder: Path, embedder: str, cache: Path | None) -> list[Analysis]:
    cached = cache / f"{folder.name}.{embedder}.pickle" if cache else None
    if cached and cached.is_file():
        with cached.open("rb") as read:
            loaded: list[Analysis] = pickle.load(read)
            return loaded
    found = [
        a
        for a in analyze_many(read_path(str(folder)), AnalysisConfig(embedder=embedder))
        if not isinstance(a, InputError)
    ]
    if cached:
        cached.parent.mkdir(parents=True, exist_ok=True)
        with cached.open("wb") as write:
            pickle.dump(found, write)
    return found


def _event(
    name: str, analyses: list[Analysis], gold: dict[str, Any], similarity: SimilarityModel
) -> _Event:
    """The event's labelled statement pairs, with the features of both heads."""
    encoder = MemoEncoder(embedders.get(similarity.embedder))
    statements = [s for i, a in enumerate(analyses) for s in article_statements(a, i)]
    vectors = statement_vectors(analyses, statements, encoder)
    texts = [EncodedText(s.text, s.language, v) for s, v in zip(statements, vectors, strict=True)]
    articles = [s.article for s in statements]
    _, features = story_features(texts, articles, similarity)
    # the cross-lingual head sees the graded score of the similarity model's own
    # cross-lingual head, as it will on a pair of two languages
    crossing = dict(features, sts=apply_head(similarity.spec["sts"]["crosslingual"], features))
    files = [Path(a.article.path or "").name for a in analyses]
    evidence = []
    for number, fact in enumerate(gold.get("facts", [])):
        for file, phrase in fact.get("evidence", {}).items():
            if file in files and (
                spans := find_all(analyses[files.index(file)].article.text, phrase)
            ):
                evidence.append((number, files.index(file), spans[0]))
    stated = [
        {
            n
            for n, article, span in evidence
            if article == s.article and states((s.start, s.end), span)
        }
        for s in statements
    ]
    rows, cols = np.triu_indices(len(statements), 1)
    keep = [
        k
        for k, (i, j) in enumerate(zip(rows, cols, strict=True))
        if articles[i] != articles[j] and stated[i] and stated[j]
    ]
    rows, cols = rows[keep], cols[keep]

    def table(source: dict[str, np.ndarray], names: Sequence[str]) -> np.ndarray:
        return np.stack([source[n][rows, cols] for n in names], axis=1).astype(np.float64)

    labels = np.array([bool(stated[i] & stated[j]) for i, j in zip(rows, cols, strict=True)])
    return _Event(
        name,
        analyses,
        gold,
        table(features, STORY_MONOLINGUAL_FEATURES),
        table(crossing, STORY_CROSSLINGUAL_FEATURES),
        labels.astype(np.int64),
    )


def _fit(
    events: Sequence[_Event], embedder: str, fact: float, detail: float, best: float
) -> FactModel:
    labels = np.concatenate([e.labels for e in events])
    heads = {}
    for head, names in (
        ("monolingual", STORY_MONOLINGUAL_FEATURES),
        ("crosslingual", STORY_CROSSLINGUAL_FEATURES),
    ):
        table = np.concatenate([e.mono if head == "monolingual" else e.cross for e in events])
        columns = {name: table[:, k] for k, name in enumerate(names)}
        heads[head] = fit_head(columns, labels, names, "paraphrase", "linear")
    cuts = {"fact_threshold": fact, "detail_threshold": detail, "best_threshold": best}
    return FactModel({"embedder": embedder, **cuts, **heads})


def _strict(
    events: Sequence[_Event], models: Sequence[FactModel], similarity: SimilarityModel
) -> dict[str, Any]:
    total: dict[str, int] = {}
    for event, model in zip(events, models, strict=True):
        comparison = compare(event.analyses, similarity, model)
        add_counts(total, score_event(comparison, event.analyses, event.gold))
    measured = rates(total)
    keys = ("fact_pair_precision", "fact_pair_recall", "fact_pair_recall_strict", "blobs")
    return {k: measured[k] for k in keys} | {
        "omission_precision": measured["omission_precision"],
        "single_precision": measured["single_precision"],
    }


def _f_beta(figures: dict[str, Any]) -> float:
    precision = figures["fact_pair_precision"] or 0.0
    recall = figures["fact_pair_recall_strict"] or 0.0
    weight = BETA * BETA
    total = weight * precision + recall
    return (1 + weight) * precision * recall / total if total else 0.0


def train(data: Path, embedder: str, cache: Path | None) -> dict[str, Any]:
    """The model JSON: both heads fitted on every event, cuts chosen by cross-validation."""
    started = time.time()
    similarity = load_similarity_model(embedder)
    events = []
    for gold_file in sorted((data / "gold").glob("*.json")):
        gold = json.loads(gold_file.read_text(encoding="utf-8"))
        analyses = _analyses(data / "articles" / gold_file.stem, embedder, cache)
        events.append(_event(gold_file.stem, analyses, gold, similarity))
        print(f"{gold_file.stem}: {len(events[-1].labels)} pairs", flush=True)
    if len(events) < 2:
        raise SystemExit(f"{data}: needs two or more events to cross-validate")
    grid = []
    points = [
        (fact, detail, best)
        for fact in FACT_CUTS
        for detail in DETAIL_CUTS
        for best in BEST_CUTS
        if best >= detail
    ]
    for fact, detail, best in points:
        folds = [
            _fit([e for e in events if e is not held], embedder, fact, detail, best)
            for held in events
        ]
        cuts = {"fact_threshold": fact, "detail_threshold": detail, "best_threshold": best}
        grid.append({**cuts, **_strict(events, folds, similarity)})
        print(json.dumps(grid[-1]), flush=True)
    chosen = max(grid, key=_f_beta)
    model = _fit(
        events,
        embedder,
        chosen["fact_threshold"],
        chosen["detail_threshold"],
        chosen["best_threshold"],
    )
    return {
        **model.spec,
        "metadata": {
            "trained_by": "python -m rashomon.training.facts",
            "data": f"{data.name}: {len(events)} events, {sum(len(e.labels) for e in events)} "
            f"labelled pairs ({int(sum(e.labels.sum() for e in events))} of one fact)",
            "chosen_by": f"leave-one-event-out cross-validation, best F{BETA} of fact pair "
            "precision and recall without blobs",
            "cross_validated": chosen,
            "grid": grid,
            "seconds": round(time.time() - started, 1),
        },
    }


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--data", required=True, help="events: gold/*.json and articles/")
    parser.add_argument("--embedder", default="use-m3")
    parser.add_argument("--out", help="default: rashomon/compare/models/facts-<embedder>.json")
    parser.add_argument("--cache", help="directory for the events' analyses")
    args = parser.parse_args(argv)
    spec = train(Path(args.data), args.embedder, Path(args.cache) if args.cache else None)
    out = Path(args.out) if args.out else MODELS / f"facts-{args.embedder}.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(spec, indent=1), encoding="utf-8")
    print(f"wrote {out}: cross-validated {json.dumps(spec['metadata']['cross_validated'])}")


if __name__ == "__main__":
    main()
