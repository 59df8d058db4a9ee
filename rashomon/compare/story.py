"""Same story or not: a calibrated probability for each pair of articles.

Three language-neutral signals: the cosine of the multilingual document vectors, the share
of the shorter article's statements that the other also carries (from the fact alignment),
and the overlap of the names both use (capitalised words in Latin transliteration, so no
entity recogniser is needed and "Орлов" meets "Orlov"). A logistic model over them is
fitted on development sets with known stories (``python -m rashomon.training.same_story``;
data, method and figures in docs/same-story.md) and shipped as JSON. Reports of two
different earthquakes share vocabulary, so document similarity, but not their places,
people and facts.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

import numpy as np

STORY_MODEL = "same_story.json"
SAME_STORY_FEATURES = ("document", "shared_facts", "document_x_shared", "names")


@dataclass(frozen=True, slots=True)
class SameStoryModel:
    weights: np.ndarray
    bias: float
    threshold: float

    def probability(self, document: float, shared_facts: float, names: float) -> float:
        x = np.array(story_features(document, shared_facts, names))
        return float(1.0 / (1.0 + np.exp(-(x @ self.weights + self.bias))))


def story_features(
    document: float, shared_facts: float, names: float
) -> tuple[float, float, float, float]:
    return document, shared_facts, document * shared_facts, names


@lru_cache(maxsize=1)
def load_same_story_model() -> SameStoryModel:
    spec = json.loads(
        resources.files("rashomon.compare").joinpath("models", STORY_MODEL).read_text("utf-8")
    )
    if tuple(spec["features"]) != SAME_STORY_FEATURES:
        raise ValueError(f"{STORY_MODEL}: features {spec['features']} != {SAME_STORY_FEATURES}")
    return SameStoryModel(
        np.array(spec["weights"], dtype=np.float64), spec["bias"], spec["threshold"]
    )
