"""Same fact within one story: a learned judgment of statement pairs of one comparison.

Graded similarity (``similarity.py``, fitted on STS-B) answers "how alike are these two
sentences"; inside one story nearly every sentence names the same people and topic, so it
ranks pairs that share participants as high as pairs that share a proposition (on the
real-news dev set its same-fact score separated gold fact pairs from other pairs of gold
facts less well than plain content-word overlap: average precision 0.33 against 0.44).
This model reads what a story offers besides: the pair features and graded score of the
similarity model, how much of what the two say is rare in the story
(``informative_overlap``), and where each stands among the other's candidates in its
article (an article tells a fact once, so a fact's wordings elsewhere are each other's
best matches). It is a logistic model per pair kind, fitted on hand-made gold facts of
real multi-outlet news by ``python -m rashomon.training.facts`` (the thresholds and the
cross-validated figures are in the model file's metadata and docs/similarity.md).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from functools import lru_cache
from importlib import resources
from typing import Any

import numpy as np

from rashomon.compare.similarity import (
    CROSSLINGUAL_FEATURES,
    MONOLINGUAL_FEATURES,
    EncodedText,
    SimilarityModel,
    apply_head,
    informative_overlap,
    same_language,
)

# The features of a pair of one language, and of two languages (no word evidence there).
STORY_MONOLINGUAL_FEATURES = (
    *MONOLINGUAL_FEATURES,
    "sts",
    "informative",
    "rank_best",
    "rank_worst",
)
STORY_CROSSLINGUAL_FEATURES = (*CROSSLINGUAL_FEATURES, "sts", "rank_best", "rank_worst")


def match_ranks(scores: np.ndarray, articles: Sequence[int]) -> np.ndarray:
    """(n, n): for statements i and j, the place of j among the statements of j's article
    by ``scores[i]``, best first (0 is i's best match there)."""
    ranks = np.zeros(scores.shape, np.float32)
    article = np.asarray(articles)
    for value in np.unique(article):
        cols = np.flatnonzero(article == value)
        order = np.argsort(-scores[:, cols], axis=1, kind="stable")
        place = np.empty_like(order)
        np.put_along_axis(place, order, np.arange(len(cols))[None, :], axis=1)
        ranks[:, cols] = place
    return ranks


def story_features(
    texts: Sequence[EncodedText], articles: Sequence[int], similarity: SimilarityModel
) -> tuple[np.ndarray, dict[str, np.ndarray]]:
    """The graded similarity of every pair of one story's statements (0-5, ``sts``) and
    every feature the same-fact model reads, as (n, n) matrices. ``articles`` gives each
    statement's article."""
    sts, features = similarity.sts_with_features(texts, texts)
    ranks = match_ranks(sts, articles)
    return sts, {
        **features,
        "sts": sts,
        "informative": informative_overlap(texts, texts),
        "rank_best": np.minimum(ranks, ranks.T),
        "rank_worst": np.maximum(ranks, ranks.T),
    }


class FactModel:
    """Probabilities that two statements of one story state the same fact."""

    def __init__(self, spec: dict[str, Any]) -> None:
        self.spec = spec
        self.embedder: str = spec["embedder"]
        # Cuts on the probability, chosen by cross-validation over events (metadata).
        self.fact_threshold: float = float(spec["fact_threshold"])
        self.detail_threshold: float = float(spec["detail_threshold"])
        # each other's best match between two articles: linked from this probability
        self.best_threshold: float = float(spec["best_threshold"])
        self.metadata: dict[str, Any] = spec.get("metadata", {})

    def same_fact(
        self, texts: Sequence[EncodedText], features: dict[str, np.ndarray]
    ) -> np.ndarray:
        """(n, n) symmetric probabilities for the statements ``texts`` of one story, from
        ``story_features``; pairs of one language and of two are judged by their own head."""
        if not texts:
            return np.zeros((0, 0), np.float32)
        mono = same_language(texts, texts)
        out = apply_head(self.spec["monolingual"], features)
        if not mono.all():
            out = np.where(mono, out, apply_head(self.spec["crosslingual"], features))
        return ((out + out.T) / 2).astype(np.float32)


MODEL_FILES = {"use-m3": "facts-use-m3.json"}  # e5-small has no similarity model to read yet


@lru_cache(maxsize=4)
def load_fact_model(embedder: str = "use-m3") -> FactModel:
    """The shipped same-fact model for ``embedder``, loaded once per process."""
    if embedder not in MODEL_FILES:
        raise KeyError(f"no same-fact model for embedder {embedder!r}")
    path = resources.files("rashomon.compare") / "models" / MODEL_FILES[embedder]
    return FactModel(json.loads(path.read_text(encoding="utf-8")))
