"""Fit the story model (rashomon/link/models/stories.json) on the story evaluation dev sets.

    python -m rashomon.training.stories --data ../shared/data [--cache PATH]

1. **Features.** Each dev set (ECB+, BASIL, MEANTIME) is streamed in publication order
   through a ``StoryIndex`` with the gold decisions (teacher forcing): every article is
   scored against each candidate story the index offers, labelled by whether it is the
   article's gold story, and then put into its gold story.
2. **Fit.** A logistic regression on those rows, each set weighing the same.
3. **Decide.** The join and merge thresholds are chosen on a grid by the mean B-cubed F1 of
   the real streaming clustering over the three sets. The window is not fitted: it only
   decides which stories leave a full index, and the dev sets never fill it.

WikiRef220 is left out of fitting: its "stories" are broad topics (an artist, a crisis)
rather than events, which the issue does not ask rashomon to merge; it is reported only.
"""

from __future__ import annotations

import argparse
import itertools
import json
from pathlib import Path
from statistics import fmean

import numpy as np
from sklearn.linear_model import LogisticRegression

from rashomon.eval.stories import EvalSet, evaluate_set, prepare
from rashomon.link.stories import FEATURES, MODEL_FILE, StoryIndex, StoryModel

DEV_SETS = ("ecbplus", "basil", "meantime")
NEIGHBOURS = 20
THRESHOLDS = (0.3, 0.4, 0.5, 0.6, 0.7)
MERGE_THRESHOLDS = (0.5, 0.6, 0.7, 0.8, 0.9, 1.01)  # 1.01: never merge
WINDOW_DAYS = 30.0


def teacher_forced_rows(evaluation: EvalSet, model: StoryModel) -> tuple[list, list]:
    """Candidate features and labels of one set streamed with its gold decisions."""
    gold_of: dict[str, int] = {}
    story_ids: dict[str, int] = {}
    for document, article_id in zip(evaluation.documents, evaluation.article_of, strict=True):
        gold_of.setdefault(article_id, story_ids.setdefault(document.story, len(story_ids) + 1))
    index = StoryIndex(model)
    rows, labels = [], []
    for item in evaluation.items:
        index.age_out(item.published)
        gold = gold_of[item.id]
        for story_id, features in index.candidates(item):
            rows.append(features)
            labels.append(story_id == gold)
        index.insert(item, gold)
    return rows, labels


def fit(sets: list[EvalSet], window_days: float) -> tuple[tuple[float, ...], float]:
    draft = StoryModel((0.0,) * len(FEATURES), 0.0, 0.5, 1.01, NEIGHBOURS, window_days)
    features, labels, weights = [], [], []
    for evaluation in sets:
        rows, found = teacher_forced_rows(evaluation, draft)
        features += rows
        labels += found
        weights += [1.0 / len(rows)] * len(rows)
    x = np.asarray(features)
    y = np.asarray(labels)
    w = np.asarray(weights) * len(weights) / len(sets)
    regression = LogisticRegression(C=10.0, max_iter=5000).fit(x, y, sample_weight=w)
    return tuple(round(float(c), 5) for c in regression.coef_[0]), round(
        float(regression.intercept_[0]), 5
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", required=True)
    parser.add_argument("--cache")
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument(
        "--out", default=str(Path(__file__).parents[1] / "link" / "models" / MODEL_FILE)
    )
    args = parser.parse_args()
    sets = prepare(args.data, cache=args.cache, workers=args.workers, layouts=DEV_SETS)
    best: tuple[float, StoryModel, dict[str, float]] | None = None
    weights, bias = fit(sets, WINDOW_DAYS)
    for threshold, merge in itertools.product(THRESHOLDS, MERGE_THRESHOLDS):
        if merge < threshold:
            continue
        model = StoryModel(weights, bias, threshold, merge, NEIGHBOURS, WINDOW_DAYS)
        scores = {s.layout: evaluate_set(s, model, baselines=False)["bcubed"]["f1"] for s in sets}
        mean = fmean(scores.values())
        print(f"join {threshold} merge {merge}: {mean:.4f} {scores}")
        if best is None or mean > best[0]:
            best = (mean, model, scores)
    assert best is not None, "no merge threshold at or above a join threshold"
    mean, model, scores = best
    record = {
        "features": list(FEATURES),
        "weights": list(model.weights),
        "bias": model.bias,
        "threshold": model.threshold,
        "merge_threshold": model.merge_threshold,
        "neighbours": model.neighbours,
        "window_days": model.window_days,
        "trained_on": {"sets": list(DEV_SETS), "bcubed_f1": scores, "mean": round(mean, 4)},
    }
    Path(args.out).write_text(json.dumps(record, indent=2) + "\n")
    print(f"wrote {args.out}: mean B-cubed F1 {mean:.4f} {scores}")


if __name__ == "__main__":
    main()
