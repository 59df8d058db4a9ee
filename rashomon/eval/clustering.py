"""Clustering metrics and the baseline clusterers the story evaluation reports beside rashomon.

Metrics compare two labelings of the same items (gold and predicted, one label per document)
and run in time linear in the items: every count comes from the contingency table of
(gold, predicted) label pairs, never from the pairs of items.

``bcubed``
    B-cubed (Bagga & Baldwin 1998): for each item, precision is the share of its predicted
    cluster that shares its gold story, recall the share of its gold story that shares its
    predicted cluster, each item counting itself; both averaged over items. Amigó et al.
    (2009) find it the only common metric meeting all four of their formal constraints
    (homogeneity, completeness, rag bag, size versus quantity): the headline number.
``pairwise``
    Precision and recall over the unordered pairs of items put together: familiar, but
    dominated by large clusters (pairs grow with the square of a cluster's size).

Baselines, all on the L2-normalised document embeddings rashomon stores:

``agglomerative``
    Average-linkage agglomerative clustering on cosine distance, cut at a distance.
``hdbscan``
    HDBSCAN (Campello et al. 2013) on the vectors.
``topic_model``
    BERTopic (Grootendorst 2022) rebuilt from its parts without BERTopic: the embeddings
    reduced to a few dimensions (PCA where BERTopic has UMAP), HDBSCAN on them and c-TF-IDF
    keywords per topic.

Each baseline's default parameters are the ones that maximise mean B-cubed F1 over the four
story evaluation sets (ECB+, BASIL, MEANTIME, WikiRef220), measured by
``benchmarks/story_baselines.py`` on the very data the evaluation then scores them on: the
baselines are tuned on the test data, an optimistic reading of them that rashomon's own
clustering does not get. Noise that HDBSCAN leaves unclustered becomes one singleton story
per document, as a clusterer that must file every article would do.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Hashable, Sequence
from dataclasses import dataclass

import numpy as np

from rashomon.text.features import STOPWORDS

# --- metrics ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class PRF:
    """Precision, recall and their harmonic mean (F1)."""

    precision: float
    recall: float
    f1: float

    @classmethod
    def of(cls, precision: float, recall: float) -> PRF:
        """P and R with their F1; 0.0 when both are 0."""
        total = precision + recall
        return cls(precision, recall, 2 * precision * recall / total if total else 0.0)

    def to_dict(self) -> dict[str, float]:
        return {"precision": self.precision, "recall": self.recall, "f1": self.f1}


def _contingency(
    gold: Sequence[Hashable], predicted: Sequence[Hashable]
) -> tuple[Counter, Counter, Counter]:
    """Item counts of each (gold, predicted) label pair, each gold and each predicted label."""
    if len(gold) != len(predicted):
        raise ValueError(f"{len(gold)} gold labels but {len(predicted)} predicted ones")
    if not gold:
        raise ValueError("no items to score")
    return Counter(zip(gold, predicted, strict=True)), Counter(gold), Counter(predicted)


def bcubed(gold: Sequence[Hashable], predicted: Sequence[Hashable]) -> PRF:
    """B-cubed precision, recall and F1, averaged over items.

    The ``n_gp`` items with gold label g and predicted label p each see ``n_gp`` of their
    predicted cluster's ``|p|`` items in their own story, so together they add
    ``n_gp**2 / |p|`` to the precision sum (and ``n_gp**2 / |g|`` to recall's).
    Raises ValueError on sequences of different lengths or no items.
    """
    cells, gold_sizes, predicted_sizes = _contingency(gold, predicted)
    precision = sum(n * n / predicted_sizes[p] for (_, p), n in cells.items())
    recall = sum(n * n / gold_sizes[g] for (g, _), n in cells.items())
    return PRF.of(precision / len(gold), recall / len(gold))


def pairwise(gold: Sequence[Hashable], predicted: Sequence[Hashable]) -> PRF:
    """Precision, recall and F1 over the unordered pairs of items clustered together.

    Degenerate cases: with no predicted pair (all singletons) precision is 1.0, since no
    wrong pair was claimed; with no gold pair recall is 1.0, since none was missed. So
    all-singleton gold and prediction score 1.0, and all singletons against a gold with pairs
    score P 1.0, R 0.0, F1 0.0. Raises ValueError on sequences of different lengths or no
    items.
    """
    cells, gold_sizes, predicted_sizes = _contingency(gold, predicted)
    together = sum(math.comb(n, 2) for n in cells.values())
    gold_pairs = sum(math.comb(n, 2) for n in gold_sizes.values())
    predicted_pairs = sum(math.comb(n, 2) for n in predicted_sizes.values())
    return PRF.of(
        together / predicted_pairs if predicted_pairs else 1.0,
        together / gold_pairs if gold_pairs else 1.0,
    )


# --- baselines -------------------------------------------------------------------------


def agglomerative(vectors: np.ndarray, *, distance_threshold: float = 0.3) -> list[int]:
    """Average-linkage agglomerative clusters on cosine distance, merged up to the threshold.

    The default threshold is tuned on the story evaluation sets themselves (see the module
    docstring): 0.3 had the best mean B-cubed F1 (0.69) of 0.2 to 0.7. An optimistic
    baseline, and still a compromise: the best threshold per set runs from 0.2 (MEANTIME's
    translations) to 0.6 (WikiRef's broad stories).
    """
    from sklearn.cluster import AgglomerativeClustering

    if len(vectors) < 2:
        return list(range(len(vectors)))
    model = AgglomerativeClustering(
        n_clusters=None,
        distance_threshold=distance_threshold,
        metric="cosine",
        linkage="average",
    )
    return model.fit_predict(vectors).tolist()


def hdbscan(vectors: np.ndarray, *, min_cluster_size: int = 2) -> list[int]:
    """HDBSCAN clusters of the vectors; each noise point becomes its own singleton.

    Euclidean distance on L2-normalised vectors orders pairs as cosine distance does
    (``|a - b|**2 = 2 - 2 cos``), so the vectors are normalised and clustered as they are.
    The default is tuned on the story evaluation sets themselves (see the module docstring):
    2 had the best mean B-cubed F1 (0.86) of 2 to 10.
    """
    return _noise_to_singletons(_hdbscan_topics(_normalised(vectors), min_cluster_size))


@dataclass(frozen=True, slots=True)
class TopicClustering:
    """A topic model's clusters: one label per document, and keywords per topic found."""

    labels: list[int]
    # The top c-TF-IDF words of each topic HDBSCAN found, best first; noise documents'
    # singleton labels have none.
    keywords: dict[int, list[str]]


def topic_model(
    texts: Sequence[str],
    vectors: np.ndarray,
    *,
    min_cluster_size: int = 3,
    n_components: int = 5,
    top_words: int = 10,
) -> TopicClustering:
    """BERTopic's recipe: reduce the embeddings, cluster with HDBSCAN, describe by c-TF-IDF.

    BERTopic reduces to 5 dimensions with UMAP, which is not installed. Of the reductions
    sklearn has, PCA to 5 dimensions scored best on the story sets (mean B-cubed F1 0.74
    against 0.65 for the spectral embedding of the 15-nearest-neighbour graph, UMAP's own
    starting layout, and 0.63 for Isomap). ``min_cluster_size`` is tuned on the story
    evaluation sets themselves (see the module docstring): 3 had the best mean B-cubed F1
    (0.74) of 2 to 10; BERTopic's 10 is meant for topics, far larger than these stories.
    Raises ValueError when texts and vectors differ in number.
    """
    if len(texts) != len(vectors):
        raise ValueError(f"{len(texts)} texts but {len(vectors)} vectors")
    topics = _hdbscan_topics(_pca(_normalised(vectors), n_components), min_cluster_size)
    return TopicClustering(_noise_to_singletons(topics), _ctfidf(texts, topics, top_words))


def _normalised(vectors: np.ndarray) -> np.ndarray:
    vectors = np.asarray(vectors, dtype=np.float64)
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    return vectors / np.where(norms > 0, norms, 1.0)


def _hdbscan_topics(vectors: np.ndarray, min_cluster_size: int) -> list[int]:
    """HDBSCAN labels with -1 for noise; every point is noise when there are too few."""
    from sklearn.cluster import HDBSCAN

    if len(vectors) < max(min_cluster_size, 2):
        return [-1] * len(vectors)
    # copy=False: the arrays passed here are our own copies, free to overwrite.
    model = HDBSCAN(min_cluster_size=min_cluster_size, copy=False)
    return model.fit_predict(vectors).tolist()


def _noise_to_singletons(labels: Sequence[int]) -> list[int]:
    """Clusters keep their labels; each noise point (-1) gets a fresh one of its own."""
    fresh = max(labels, default=-1) + 1
    result = []
    for label in labels:
        if label < 0:
            label, fresh = fresh, fresh + 1
        result.append(label)
    return result


def _pca(vectors: np.ndarray, n_components: int) -> np.ndarray:
    """The first principal components; vectors too few to have that many kept as they are."""
    from sklearn.decomposition import PCA

    if n_components >= min(vectors.shape):
        return vectors
    return PCA(n_components=n_components, random_state=0).fit_transform(vectors)


# Words of two or more letters: numbers name no topic.
_LETTERS = r"[^\W\d_]{2,}"
# Stopwords of every language rashomon knows, those a word token can be (the vectoriser
# warns about the others).
_STOPWORDS = sorted({w for words in STOPWORDS.values() for w in words if re.fullmatch(_LETTERS, w)})


def _ctfidf(texts: Sequence[str], topics: Sequence[int], top_words: int) -> dict[int, list[str]]:
    """Top class-based TF-IDF words of each topic (Grootendorst 2022, BERTopic's c-TF-IDF).

    Each topic's documents are joined into one; a word's weight in a topic is its frequency
    there (as a share of the topic's words) times ``log(1 + A / f)``, A the average number
    of words per topic and f the word's frequency over all of them. Noise documents form
    one class of their own, as in BERTopic, so that they count towards f.
    """
    from sklearn.feature_extraction.text import CountVectorizer

    classes = sorted(set(topics))
    if not any(topic >= 0 for topic in classes):
        return {}
    joined: dict[int, list[str]] = {topic: [] for topic in classes}
    for text, topic in zip(texts, topics, strict=True):
        joined[topic].append(text)
    vectorizer = CountVectorizer(token_pattern=rf"\b{_LETTERS}\b", stop_words=_STOPWORDS)
    try:
        counts = vectorizer.fit_transform(" ".join(joined[topic]) for topic in classes)
    except ValueError:  # no word survives in any text
        return {topic: [] for topic in classes if topic >= 0}
    # Sparse throughout: topics x vocabulary is large for a big collection.
    counts = counts.astype(np.float64)
    per_topic = np.asarray(counts.sum(axis=1)).ravel()
    per_word = np.asarray(counts.sum(axis=0)).ravel()
    idf = np.log1p(per_word.sum() / len(classes) / per_word)
    weights = counts.multiply(1 / np.maximum(per_topic, 1)[:, None]).multiply(idf).tocsr()
    vocabulary = vectorizer.get_feature_names_out()
    keywords = {}
    for row, topic in enumerate(classes):
        if topic < 0:
            continue
        cells = weights[row]
        # Heaviest first; ties in alphabetical order (the vocabulary's column order).
        best = np.lexsort((cells.indices, -cells.data))[:top_words]
        keywords[topic] = [str(vocabulary[cells.indices[i]]) for i in best]
    return keywords
