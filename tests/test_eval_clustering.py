"""Clustering metrics and baselines of the story evaluation (rashomon.eval.clustering).

Metric values are computed by hand in the comments, and checked against a direct
pair-by-pair reading of the definitions on random labelings. Baselines run on small
invented vectors with an obvious answer.
"""

from __future__ import annotations

import math
import random
from collections.abc import Sequence

import numpy as np
import pytest

from rashomon.eval.clustering import (
    PRF,
    TopicClustering,
    agglomerative,
    bcubed,
    hdbscan,
    pairwise,
    topic_model,
)


def _close(score: PRF, precision: float, recall: float) -> None:
    assert score.precision == pytest.approx(precision)
    assert score.recall == pytest.approx(recall)
    assert score.f1 == pytest.approx(2 * precision * recall / (precision + recall))


# --- metrics ---------------------------------------------------------------------------


def test_prf_to_dict_and_zero_f1():
    assert PRF(0.5, 0.25, 1 / 3).to_dict() == {"precision": 0.5, "recall": 0.25, "f1": 1 / 3}
    assert PRF.of(0.0, 0.0) == PRF(0.0, 0.0, 0.0)


def test_bagga_baldwin_example():
    # Bagga & Baldwin (1998), figure: gold {1-5} {6,7} {8-12}; the response merges the last
    # two. B-cubed precision (5 * 5/5 + 2 * 2/7 + 5 * 5/7) / 12 = (5 + 29/7) / 12 = 16/21
    # (their 76 %), recall 1. Pairs: gold 10 + 1 + 10 = 21, predicted 10 + 21 = 31, all 21
    # gold pairs among them.
    gold = ["a"] * 5 + ["b"] * 2 + ["c"] * 5
    predicted = [1] * 5 + [2] * 7
    _close(bcubed(gold, predicted), 16 / 21, 1.0)
    _close(pairwise(gold, predicted), 21 / 31, 1.0)


def test_split_and_merge():
    # gold A = {0,1,2,3}, B = {4}; predicted X = {0,1}, Y = {2,3,4}.
    # Per item (precision, recall): 0, 1: (1, 2/4); 2, 3: (2/3, 2/4); 4: (1/3, 1/1).
    # B-cubed P = (1 + 1 + 2/3 + 2/3 + 1/3) / 5 = 11/15, R = (4 * 1/2 + 1) / 5 = 3/5.
    # Pairs: gold 6, predicted 1 + 3 = 4, shared {0,1} and {2,3}: P 2/4, R 2/6.
    gold = ["A", "A", "A", "A", "B"]
    predicted = ["X", "X", "Y", "Y", "Y"]
    _close(bcubed(gold, predicted), 11 / 15, 3 / 5)
    _close(pairwise(gold, predicted), 1 / 2, 1 / 3)
    # Swapping the roles swaps precision and recall.
    _close(bcubed(predicted, gold), 3 / 5, 11 / 15)
    _close(pairwise(predicted, gold), 1 / 3, 1 / 2)


def test_identical_partitions_score_one_whatever_the_labels():
    gold = ["x", "x", "y", "z", "z", "z"]
    predicted = [7, 7, 3, 0, 0, 0]
    assert bcubed(gold, predicted) == PRF(1.0, 1.0, 1.0)
    assert pairwise(gold, predicted) == PRF(1.0, 1.0, 1.0)


def test_all_in_one():
    # gold {0,1,2} {3}: one predicted cluster of 4. B-cubed P = (3 * 3/4 + 1/4) / 4 = 10/16,
    # R = 1. Pairs: 6 predicted, 3 of them gold: P 1/2, R 1.
    gold = ["a", "a", "a", "b"]
    predicted = [0, 0, 0, 0]
    _close(bcubed(gold, predicted), 10 / 16, 1.0)
    _close(pairwise(gold, predicted), 1 / 2, 1.0)


def test_all_singletons():
    # gold {0,1,2} {3}: each item alone. B-cubed P = 1, R = (3 * 1/3 + 1) / 4 = 1/2.
    # No predicted pair: precision 1 by definition, recall 0 of 3 gold pairs, F1 0.
    gold = ["a", "a", "a", "b"]
    predicted = [0, 1, 2, 3]
    _close(bcubed(gold, predicted), 1.0, 1 / 2)
    assert pairwise(gold, predicted) == PRF(1.0, 0.0, 0.0)
    # Singletons on both sides: nothing to find and nothing claimed.
    assert pairwise(predicted, predicted) == PRF(1.0, 1.0, 1.0)
    assert bcubed(predicted, predicted) == PRF(1.0, 1.0, 1.0)
    # All in one against singleton gold: every claimed pair is wrong, none was missed.
    assert pairwise(predicted, ["a"] * 4) == PRF(0.0, 1.0, 0.0)


@pytest.mark.parametrize("metric", [bcubed, pairwise])
def test_bad_input(metric):
    with pytest.raises(ValueError, match="3 gold labels but 2"):
        metric(["a", "a", "b"], [0, 0])
    with pytest.raises(ValueError, match="no items"):
        metric([], [])


def _bcubed_by_items(gold: Sequence, predicted: Sequence) -> tuple[float, float]:
    n = len(gold)
    precision = recall = 0.0
    for i in range(n):
        same_cluster = [j for j in range(n) if predicted[j] == predicted[i]]
        same_story = [j for j in range(n) if gold[j] == gold[i]]
        both = sum(gold[j] == gold[i] for j in same_cluster)
        precision += both / len(same_cluster)
        recall += both / len(same_story)
    return precision / n, recall / n


def _pairwise_by_pairs(gold: Sequence, predicted: Sequence) -> tuple[float, float]:
    pairs = [(i, j) for i in range(len(gold)) for j in range(i)]
    claimed = {p for p in pairs if predicted[p[0]] == predicted[p[1]]}
    true = {p for p in pairs if gold[p[0]] == gold[p[1]]}
    return (
        len(claimed & true) / len(claimed) if claimed else 1.0,
        len(claimed & true) / len(true) if true else 1.0,
    )


def test_metrics_agree_with_their_definitions_on_random_labelings():
    rng = random.Random(7)
    for _ in range(200):
        n = rng.randint(1, 30)
        gold = [rng.randint(0, rng.randint(0, 8)) for _ in range(n)]
        predicted = [rng.choice("abcdefg"[: rng.randint(1, 7)]) for _ in range(n)]
        b, p = bcubed(gold, predicted), pairwise(gold, predicted)
        assert (b.precision, b.recall) == pytest.approx(_bcubed_by_items(gold, predicted))
        assert (p.precision, p.recall) == pytest.approx(_pairwise_by_pairs(gold, predicted))
        for score in (b, p):
            assert 0.0 <= score.f1 <= 1.0
            assert math.isclose(score.f1, PRF.of(score.precision, score.recall).f1)


# --- baselines -------------------------------------------------------------------------


def _groups(
    sizes: Sequence[int], *, outlier: bool = False, seed: int = 0
) -> tuple[np.ndarray, list[int]]:
    """Unit float32 vectors in tight groups around random directions, and their group.

    With ``outlier``, one more point (its own group) opposite all the groups, farther from
    each than they are from one another: the last to join anything.
    """
    rng = np.random.default_rng(seed)
    vectors, gold, centres = [], [], []
    for group, size in enumerate(sizes):
        centre = rng.normal(size=512)
        centre /= np.linalg.norm(centre)
        centres.append(centre)
        for _ in range(size):
            vectors.append(centre + rng.normal(scale=0.005, size=512))
            gold.append(group)
    if outlier:
        vectors.append(-np.sum(centres, axis=0))
        gold.append(len(sizes))
    vectors = np.array(vectors, dtype=np.float32)
    return vectors / np.linalg.norm(vectors, axis=1, keepdims=True), gold


def _perfect(gold: Sequence, labels: Sequence) -> bool:
    return bcubed(gold, labels) == PRF(1.0, 1.0, 1.0)


def test_agglomerative_finds_tight_groups():
    vectors, gold = _groups([5, 3, 4])
    assert _perfect(gold, agglomerative(vectors))
    # Past every distance, one cluster.
    assert len(set(agglomerative(vectors, distance_threshold=2.0))) == 1
    assert agglomerative(vectors[:1]) == [0]
    assert agglomerative(vectors[:0]) == []


def test_hdbscan_finds_groups_and_makes_noise_singletons():
    vectors, gold = _groups([5, 3, 4], outlier=True)
    labels = hdbscan(vectors)
    assert _perfect(gold, labels)
    # Clusters of 6 cannot form: every point is noise, each its own label.
    assert sorted(hdbscan(vectors, min_cluster_size=6)) == list(range(len(vectors)))
    assert hdbscan(vectors[:1]) == [0]


def test_topic_model_clusters_and_describes_topics():
    vectors, gold = _groups([6, 6, 6], outlier=True, seed=1)
    words = ["earthquake tremor", "election ballot", "pirates ransom", "recipe"]
    texts = [f"The {words[g]} was reported, {i} said the officials." for i, g in enumerate(gold)]
    result = topic_model(texts, vectors)
    assert isinstance(result, TopicClustering)
    assert _perfect(gold, result.labels)
    # Keywords for the three topics found, none for the lone document's singleton.
    assert set(result.keywords) == {result.labels[gold.index(g)] for g in range(3)}
    for g in range(3):
        keywords = result.keywords[result.labels[gold.index(g)]]
        assert keywords[:2] == sorted(words[g].split())  # equal weights: alphabetical
        assert "the" not in keywords
        assert keywords[2:] == ["officials", "reported"]  # in every topic: weighed down


def test_topic_model_small_and_bad_input():
    vectors, _ = _groups([2])
    assert topic_model(["a b", "c d"], vectors) == TopicClustering([0, 1], {})
    with pytest.raises(ValueError, match="1 texts but 2 vectors"):
        topic_model(["one"], vectors)
