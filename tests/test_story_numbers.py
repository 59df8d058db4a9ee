"""Name and number keys: the words and figures that tell look-alike events apart in the story
index."""

from __future__ import annotations

from collections import Counter
from dataclasses import replace
from datetime import UTC, datetime

import numpy as np

from rashomon.link.names import name_keys, number_keys
from rashomon.link.stories import FEATURES, StoryIndex, StoryItem

T0 = datetime(2026, 3, 1, 8, tzinfo=UTC)


def test_number_keys_keep_figures_and_fold_thousands_separators():
    keys = number_keys("A 6.1 quake killed 2,300 people in 1999; 2300 were hurt. Route 7, v2.0.")
    assert keys == Counter({"2300": 2, "6.1": 1, "1999": 1})


def _item(n: int, vector: np.ndarray, numbers: str) -> StoryItem:
    return StoryItem(
        id=f"a{n}",
        vector=vector,
        names=Counter({"tamrovo": 1}),
        published=T0,
        numbers=Counter(numbers.split()),
    )


def test_shared_figures_raise_the_number_features_and_new_ones_count_as_unseen():
    vector = np.ones(16, dtype=np.float32) / 4.0
    index = StoryIndex()
    index.insert(_item(1, vector, "6.1 120 2026"), 1)
    # Fillers, so that the figures are not in every article (their IDF stays positive).
    for n in range(2, 6):
        index.insert(replace(_item(n, -vector, "77"), names=Counter({"other": 1})), n)
    nearest = FEATURES.index("nearest_numbers")
    unseen = FEATURES.index("article_numbers_unseen")

    def features(numbers: str) -> list[float]:
        found = dict(index.candidates(_item(9, vector, numbers)))
        return found[1]

    same, other = features("6.1 120 2026"), features("5.4 38 2019")
    assert same[nearest] > 0.99 and same[unseen] == 0.0
    assert other[nearest] == 0.0 and other[unseen] > 0.99


def test_label_forms_are_names_not_possessives() -> None:
    counts, written = name_keys("Rescuers reached Tamrovo's north. In TAMROVO the toll rose.")
    assert counts["tamrov"] == 2
    assert written["tamrov"] == "Tamrovo"
