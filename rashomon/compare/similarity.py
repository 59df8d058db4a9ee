"""Do two statements say the same thing? Pair features and a small trained model.

The sentence encoder's cosine alone is a weak paraphrase detector on news (about 72% on
MSRP, where always answering "paraphrase" gets 68%): same-topic sentences all look
alike to it. The model adds what news text offers: a learned per-dimension weighting of
the two vectors (a diagonal bilinear form, still one matrix product), content-word and
bigram overlap, number agreement, name agreement, negation and length. It is trained by
``rashomon.training.similarity`` on MSRP train (paraphrase) and STS-B train (graded 0-5) and
shipped as JSON; evaluation here is numpy only.

Three heads per task: "lexical" pairs (both English) add a learned word lexicon and, for
paraphrase, word-alignment features (n-gram precision/recall, edit distance, a
METEOR-like alignment; Python per pair, so the STS head that compare uses does without);
"monolingual" pairs (same language) use every other feature; "crosslingual" pairs
(different or unknown-vs-known languages) use only language-neutral features (vectors,
numbers, transliterated names, character-length ratio), because word overlap between an
English and a Russian sentence is zero whatever they say.

All pair features are matrices computed at once: overlaps are products of 0/1
indicator matrices over the vocabulary the two sides share, so 300 x 300 pairs cost a
few matrix products, not 90,000 Python set intersections.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from itertools import pairwise
from typing import Any

import numpy as np

from rashomon.text.features import (
    DATE_WORDS_EN,
    MODAL_WORDS_EN,
    alignment,
    content_words,
    edit_distance,
    longest_common_run,
    negation_count,
    number_key,
    number_mentions,
    predicate_words,
    stem,
    tokens,
)
from rashomon.text.names import capitalised_names


@dataclass(frozen=True, slots=True)
class EncodedText:
    text: str
    language: str  # ISO 639-1 ("en", "ru", ...), "und" if unknown
    vector: np.ndarray  # L2-normalised sentence embedding from the model's embedder


@dataclass(frozen=True, slots=True)
class _Prepared:
    """What the pair features need from one statement, computed once per statement."""

    content: frozenset[str]
    words: frozenset[str]
    bigrams: frozenset[str]
    trigrams: frozenset[str]
    chars: frozenset[str]
    numbers: frozenset[str]
    unit_numbers: frozenset[str]
    units: frozenset[str]
    names: frozenset[str]
    negations: int
    n_tokens: int
    n_chars: int


@lru_cache(maxsize=50_000)
def _prepare(text: str, language: str) -> _Prepared:
    words = tokens(text)
    joined = " ".join(words)
    mentions = number_mentions(text, language)
    content = content_words(text, language)
    return _Prepared(
        content=frozenset(content),
        words=frozenset(words),
        bigrams=frozenset(f"{a} {b}" for a, b in pairwise(words)),
        trigrams=frozenset(" ".join(words[i : i + 3]) for i in range(len(words) - 2)),
        chars=frozenset(joined[i : i + 4] for i in range(len(joined) - 3)),
        numbers=frozenset(number_key(m.value) for m in mentions),
        unit_numbers=frozenset(f"{m.unit}|{number_key(m.value)}" for m in mentions if m.unit),
        units=frozenset(m.unit for m in mentions if m.unit),
        names=frozenset(capitalised_names(text, language)),
        negations=negation_count(text, language),
        n_tokens=len(words),
        n_chars=len(text),
    )


@dataclass(frozen=True, slots=True)
class _Aligned:
    """What the alignment features of the English paraphrase head need from a statement."""

    stems: tuple[str, ...]
    fourgrams: frozenset[str]
    char_grams: tuple[frozenset[str], ...]  # character 2-, 3- and 5-grams
    dates: frozenset[str]
    modals: frozenset[str]
    digits: frozenset[str]


@lru_cache(maxsize=50_000)
def _prepare_aligned(text: str, language: str) -> _Aligned:
    words = tokens(text)
    joined = " ".join(words)
    word_set = frozenset(words)
    return _Aligned(
        stems=tuple(stem(w, language) for w in words),
        fourgrams=frozenset(" ".join(words[i : i + 4]) for i in range(len(words) - 3)),
        char_grams=tuple(
            frozenset(joined[i : i + n] for i in range(len(joined) - n + 1)) for n in (2, 3, 5)
        ),
        dates=word_set & DATE_WORDS_EN,
        modals=word_set & MODAL_WORDS_EN,
        digits=frozenset(w for w in words if any(c.isdigit() for c in w)),
    )


# Above this share of exact pairs, one matrix product beats a Python loop over pairs.
_DENSE_SHARE = 0.15


def _overlap(
    a: Sequence[frozenset[str]], b: Sequence[frozenset[str]], exact: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Intersection sizes (len(a), len(b)) for the pairs marked ``exact`` (0 elsewhere), and
    the set sizes of each side."""
    size_a = np.array([len(s) for s in a], dtype=np.float32)
    size_b = np.array([len(s) for s in b], dtype=np.float32)
    inter = np.zeros((len(a), len(b)), np.float32)
    rows, cols = np.nonzero(exact)
    if len(rows) == 0:
        return inter, size_a, size_b
    if len(rows) <= _DENSE_SHARE * inter.size:
        inter[rows, cols] = [len(a[int(i)] & b[int(j)]) for i, j in zip(rows, cols, strict=True)]
        return inter, size_a, size_b
    shared_vocab = set().union(*a) & set().union(*b)
    if not shared_vocab:
        return inter, size_a, size_b
    index = {w: i for i, w in enumerate(shared_vocab)}

    def indicator(sets: Sequence[frozenset[str]]) -> np.ndarray:
        matrix = np.zeros((len(sets), len(index)), np.float32)
        for row, items in enumerate(sets):
            matrix[row, [index[w] for w in items if w in index]] = 1.0
        return matrix

    return np.where(exact, indicator(a) @ indicator(b).T, 0.0), size_a, size_b


def _ratio(num: np.ndarray, den: np.ndarray) -> np.ndarray:
    return np.where(den > 0, num / np.maximum(den, 1e-9), 0.0).astype(np.float32)


def _set_overlaps(
    f: dict[str, np.ndarray],
    name: str,
    a: Sequence[frozenset[str]],
    b: Sequence[frozenset[str]],
    exact: np.ndarray,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Jaccard and containment (shared / larger side, shared / smaller side: n-gram
    precision and recall ordered) of two families of sets into ``f``; returns _overlap's."""
    inter, na, nb = _overlap(a, b, exact)
    f[f"{name}_jaccard"] = _ratio(inter, na[:, None] + nb[None, :] - inter)
    f[f"{name}_min_containment"] = _ratio(inter, np.maximum(na[:, None], nb[None, :]))
    f[f"{name}_max_containment"] = _ratio(inter, np.minimum(na[:, None], nb[None, :]))
    return inter, na, nb


# Pairs whose cosine is below this get no word, number or name overlap computed (they are
# treated as sharing nothing): far-apart sentences (MSRP paraphrases and true translations
# sit far above it) and skipping them keeps 300 x 300 pairs fast.
COSINE_FLOOR = 0.3

MONOLINGUAL_FEATURES = (
    "cosine",
    "metric",
    "content_jaccard",
    "content_min_containment",
    "content_max_containment",
    "bigram_jaccard",
    "cosine_x_content",
    "content_unmatched_max",
    "content_unmatched_min",
    "words_min_containment",
    "words_max_containment",
    "trigram_jaccard",
    "chars_jaccard",
    "chars_min_containment",
    "numbers_shared",
    "numbers_unmatched",
    "numbers_one_side",
    "unit_conflict",
    "names_jaccard",
    "names_unmatched",
    "negation_mismatch",
    "length_log_ratio",
    "length_log_sum",
)
# The English paraphrase head's extra features, after the MT-metric and alignment features
# of the feature-based MSRP literature (n-gram precision/recall, TER-, METEOR-like scores,
# IDF-weighted overlap, date and hedge agreement). Some are Python per pair, so only the
# paraphrase task computes them; the STS head (compare's same_fact) does without.
ALIGNMENT_FEATURES = (
    "bigram_min_containment",
    "bigram_max_containment",
    "trigram_min_containment",
    "trigram_max_containment",
    "fourgram_jaccard",
    "fourgram_min_containment",
    "fourgram_max_containment",
    "char2_jaccard",
    "char2_min_containment",
    "char2_max_containment",
    "char3_jaccard",
    "char3_min_containment",
    "char3_max_containment",
    "char5_jaccard",
    "char5_min_containment",
    "char5_max_containment",
    "idf_min_containment",
    "idf_max_containment",
    "idf_unmatched_max",
    "idf_unmatched_min",
    "idf_cosine",
    "run_min",
    "run_max",
    "edit_distance",
    "aligned_min",
    "aligned_max",
    "aligned_fmean",
    "fragmentation",
    "date_mismatch",
    "date_one_side",
    "modal_mismatch",
    "digits_unmatched",
    "digits_jaccard",
)
CROSSLINGUAL_FEATURES = (
    "cosine",
    "metric",
    "numbers_shared",
    "numbers_unmatched",
    "numbers_one_side",
    "names_jaccard",
    "names_unmatched",
    "chars_log_ratio",
    "chars_log_sum",
)


def pair_features(
    a: Sequence[EncodedText],
    b: Sequence[EncodedText],
    metric: dict[str, Any] | None = None,
    exact: np.ndarray | None = None,
) -> dict[str, np.ndarray]:
    """Every feature as a (len(a), len(b)) float32 matrix.

    Overlaps (words, n-grams, numbers, names) are computed only for the pairs marked in
    ``exact`` (all pairs if None); the other pairs get the features of two statements
    that share nothing, which is what far-apart pairs (cosine below ``COSINE_FLOOR``) do
    in practice, and costs no Python per pair.

    ``metric`` is the learned diagonal bilinear form ({"d", "s", "bias"}):
    metric(u, v) = sum_k d_k u_k v_k + s_k (u_k^2 + v_k^2) + bias, i.e. a linear model on
    u*v and (u-v)^2 written so that it is one matrix product.
    """
    pa = [_prepare(s.text, s.language) for s in a]
    pb = [_prepare(s.text, s.language) for s in b]
    dim = a[0].vector.shape[-1] if a else (b[0].vector.shape[-1] if b else 1)
    ua = np.asarray([s.vector for s in a], np.float32).reshape(len(a), dim)
    vb = np.asarray([s.vector for s in b], np.float32).reshape(len(b), dim)
    f: dict[str, np.ndarray] = {"cosine": ua @ vb.T}
    if exact is None:
        exact = np.ones((len(a), len(b)), dtype=bool)
    if metric is not None:
        d = np.asarray(metric["d"], np.float32)
        s = np.asarray(metric["s"], np.float32)
        f["metric"] = (
            (ua * d) @ vb.T
            + ((ua * ua) @ s)[:, None]
            + ((vb * vb) @ s)[None, :]
            + np.float32(metric["bias"])
        )
    else:
        f["metric"] = np.zeros_like(f["cosine"])

    inter, na, nb = _set_overlaps(
        f, "content", [p.content for p in pa], [p.content for p in pb], exact
    )
    f["cosine_x_content"] = f["cosine"] * f["content_jaccard"]
    f["content_unmatched_max"] = np.maximum(na[:, None], nb[None, :]) - inter
    f["content_unmatched_min"] = np.minimum(na[:, None], nb[None, :]) - inter
    for name, attr in (
        ("words", "words"),
        ("bigram", "bigrams"),
        ("trigram", "trigrams"),
        ("chars", "chars"),
    ):
        _set_overlaps(
            f, name, [getattr(p, attr) for p in pa], [getattr(p, attr) for p in pb], exact
        )

    inter, na, nb = _overlap([p.numbers for p in pa], [p.numbers for p in pb], exact)
    both = (na[:, None] > 0) & (nb[None, :] > 0)
    f["numbers_shared"] = inter
    # Numbers on one side with no counterpart on the other, counted only when both sides
    # mention numbers: "26 ships" vs "25 ships" conflicts, "26 ships" vs "ships" omits.
    f["numbers_unmatched"] = np.where(both, na[:, None] + nb[None, :] - 2 * inter, 0.0).astype(
        np.float32
    )
    f["numbers_one_side"] = ((na[:, None] > 0) != (nb[None, :] > 0)).astype(np.float32)
    shared_units, _, _ = _overlap([p.units for p in pa], [p.units for p in pb], exact)
    shared_unit_numbers, _, _ = _overlap(
        [p.unit_numbers for p in pa], [p.unit_numbers for p in pb], exact
    )
    f["unit_conflict"] = np.maximum(shared_units - shared_unit_numbers, 0.0)

    inter, na, nb = _overlap([p.names for p in pa], [p.names for p in pb], exact)
    f["names_jaccard"] = _ratio(inter, na[:, None] + nb[None, :] - inter)
    f["names_unmatched"] = na[:, None] + nb[None, :] - 2 * inter

    neg_a = np.array([p.negations > 0 for p in pa], np.float32)
    neg_b = np.array([p.negations > 0 for p in pb], np.float32)
    f["negation_mismatch"] = np.abs(neg_a[:, None] - neg_b[None, :])

    for name, attr in (("length", "n_tokens"), ("chars", "n_chars")):
        la = np.log1p(np.array([getattr(p, attr) for p in pa], np.float32))
        lb = np.log1p(np.array([getattr(p, attr) for p in pb], np.float32))
        f[f"{name}_log_ratio"] = np.abs(la[:, None] - lb[None, :])
        f[f"{name}_log_sum"] = la[:, None] + lb[None, :]
    return {k: v.astype(np.float32, copy=False) for k, v in f.items()}


def alignment_features(
    a: Sequence[EncodedText],
    b: Sequence[EncodedText],
    idf: dict[str, Any],
    exact: np.ndarray,
) -> dict[str, np.ndarray]:
    """ALIGNMENT_FEATURES as (len(a), len(b)) float32 matrices, for the ``exact`` pairs (the
    others get the values of two statements sharing nothing). ``idf`` is the training
    sentences' inverse document frequency: {"words": {word: idf}, "default": idf of an
    unseen word}. Edit distance, common runs and the alignment are Python per pair."""
    pa = [_prepare(s.text, s.language) for s in a]
    pb = [_prepare(s.text, s.language) for s in b]
    xa = [_prepare_aligned(s.text, s.language) for s in a]
    xb = [_prepare_aligned(s.text, s.language) for s in b]
    f: dict[str, np.ndarray] = {}
    _set_overlaps(f, "fourgram", [x.fourgrams for x in xa], [x.fourgrams for x in xb], exact)
    for k, n in enumerate((2, 3, 5)):
        _set_overlaps(
            f, f"char{n}", [x.char_grams[k] for x in xa], [x.char_grams[k] for x in xb], exact
        )
    shared, na, nb = _overlap([x.dates for x in xa], [x.dates for x in xb], exact)
    # Both sides date the event, and not alike; or only one side dates it.
    both = (na[:, None] > 0) & (nb[None, :] > 0)
    f["date_mismatch"] = both & (shared < np.maximum(na[:, None], nb[None, :]))
    f["date_one_side"] = (na[:, None] > 0) != (nb[None, :] > 0)
    shared, na, nb = _overlap([x.modals for x in xa], [x.modals for x in xb], exact)
    f["modal_mismatch"] = na[:, None] + nb[None, :] - 2 * shared
    shared, na, nb = _overlap([x.digits for x in xa], [x.digits for x in xb], exact)
    f["digits_unmatched"] = na[:, None] + nb[None, :] - 2 * shared
    f["digits_jaccard"] = _ratio(shared, na[:, None] + nb[None, :] - shared)

    weights: dict[str, float] = idf["words"]
    default = float(idf["default"])
    mass_a = np.array([sum(weights.get(w, default) for w in p.words) for p in pa], np.float32)
    mass_b = np.array([sum(weights.get(w, default) for w in p.words) for p in pb], np.float32)
    norm_a = np.sqrt([sum(weights.get(w, default) ** 2 for w in p.words) for p in pa])
    norm_b = np.sqrt([sum(weights.get(w, default) ** 2 for w in p.words) for p in pb])
    len_a = np.array([len(x.stems) for x in xa], np.float32)
    len_b = np.array([len(x.stems) for x in xb], np.float32)
    shape = (len(a), len(b))
    mass = np.zeros(shape, np.float32)
    square = np.zeros(shape, np.float32)
    run = np.zeros(shape, np.float32)
    # Two statements sharing nothing: every token substituted or inserted.
    edits = np.maximum(len_a[:, None], len_b[None, :]).astype(np.float32)
    aligned = np.zeros(shape, np.float32)
    chunks = np.zeros(shape, np.float32)
    for i, j in zip(*np.nonzero(exact), strict=True):
        common = pa[i].words & pb[j].words
        mass[i, j] = sum(weights.get(w, default) for w in common)
        square[i, j] = sum(weights.get(w, default) ** 2 for w in common)
        run[i, j] = longest_common_run(xa[i].stems, xb[j].stems)
        edits[i, j] = edit_distance(xa[i].stems, xb[j].stems)
        aligned[i, j], chunks[i, j] = alignment(xa[i].stems, xb[j].stems)
    f["idf_min_containment"] = _ratio(mass, np.maximum(mass_a[:, None], mass_b[None, :]))
    f["idf_max_containment"] = _ratio(mass, np.minimum(mass_a[:, None], mass_b[None, :]))
    f["idf_unmatched_max"] = np.maximum(mass_a[:, None], mass_b[None, :]) - mass
    f["idf_unmatched_min"] = np.minimum(mass_a[:, None], mass_b[None, :]) - mass
    f["idf_cosine"] = _ratio(square, (norm_a[:, None] * norm_b[None, :]).astype(np.float32))
    f["run_min"] = _ratio(run, np.maximum(len_a[:, None], len_b[None, :]))
    f["run_max"] = _ratio(run, np.minimum(len_a[:, None], len_b[None, :]))
    f["edit_distance"] = _ratio(edits, (len_a[:, None] + len_b[None, :]) / 2)
    precision = _ratio(aligned, np.broadcast_to(len_a[:, None], shape))
    recall = _ratio(aligned, np.broadcast_to(len_b[None, :], shape))
    f["aligned_min"] = np.minimum(precision, recall)
    f["aligned_max"] = np.maximum(precision, recall)
    # METEOR: a recall-weighted harmonic mean (both ways round, so the feature is
    # symmetric), discounted when the matches come in many chunks (words reordered).
    fmean = (
        _ratio(10 * precision * recall, recall + 9 * precision)
        + _ratio(10 * precision * recall, precision + 9 * recall)
    ) / 2
    f["fragmentation"] = _ratio(chunks, aligned)
    f["aligned_fmean"] = fmean * (1 - 0.5 * f["fragmentation"] ** 3)
    return {k: v.astype(np.float32, copy=False) for k, v in f.items()}


def lexicon_score(
    a_words: Sequence[frozenset[str]],
    b_words: Sequence[frozenset[str]],
    lexicon: dict[str, Any],
    exact: np.ndarray,
) -> np.ndarray:
    """A linear model over words seen in both sentences or in only one, learned on the
    training pairs of one language: bias + sum_w one_w [w in exactly one] + both_w [w in
    both]. Computed as if nothing were shared (per-statement sums), then corrected by
    both_w - 2 one_w for each shared word of the ``exact`` pairs."""
    weights: dict[str, tuple[float, float]] = lexicon["_weights"]
    one_a = np.array([sum(weights[w][1] for w in s if w in weights) for s in a_words])
    one_b = np.array([sum(weights[w][1] for w in s if w in weights) for s in b_words])
    score = one_a[:, None] + one_b[None, :] + lexicon["bias"]
    rows, cols = np.nonzero(exact)
    score[rows, cols] += [
        sum(
            weights[w][0] - 2 * weights[w][1]
            for w in a_words[int(i)] & b_words[int(j)]
            if w in weights
        )
        for i, j in zip(rows, cols, strict=True)
    ]
    return score.astype(np.float32)


def same_language(a: Sequence[EncodedText], b: Sequence[EncodedText]) -> np.ndarray:
    """(len(a), len(b)) bool: both languages known and equal ("und" never matches)."""
    la = np.array([s.language for s in a], dtype=object)
    lb = np.array([s.language for s in b], dtype=object)
    known = (la != "und")[:, None] & (lb != "und")[None, :]
    return known & (la[:, None] == lb[None, :])


# --- heads: models exported from scikit-learn, evaluated in numpy ----------------------


def _sigmoid(x: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-np.clip(x, -30, 30)))


def apply_head(head: dict[str, Any], features: dict[str, np.ndarray]) -> np.ndarray:
    """Raw output of one exported head on feature matrices: a probability for
    classification heads, a score for regression heads; shape of the feature matrices."""
    names = head["features"]
    shape = features[names[0]].shape
    kind = head["kind"]
    if kind == "linear":
        # Standardisation folded into the weights: no (pairs x features) array is built.
        weights = np.asarray(head["coef"]) / np.asarray(head["scale"])
        full = np.full(shape, head["intercept"] - float(weights @ np.asarray(head["mean"])))
        for name, weight in zip(names, weights, strict=True):
            full += weight * features[name]
        out = full.reshape(-1)
    else:
        x = np.stack([features[n].reshape(-1) for n in names], axis=1).astype(np.float64)
        x = (x - np.asarray(head["mean"])) / np.asarray(head["scale"])
    if kind == "linear":
        pass
    elif kind == "mlp":
        h = x
        layers = head["layers"]
        for i, layer in enumerate(layers):
            h = h @ np.asarray(layer["w"]) + np.asarray(layer["b"])
            if i < len(layers) - 1:
                h = np.maximum(h, 0.0)
        out = h[:, 0]
    elif kind == "trees":
        out = _apply_trees(head, x)
    else:
        raise ValueError(f"unknown head kind {kind!r}")
    if head.get("link") == "logistic":
        out = _sigmoid(out)
    if "clip" in head:
        out = np.clip(out, *head["clip"])
    return out.reshape(shape)


def _apply_trees(head: dict[str, Any], x: np.ndarray) -> np.ndarray:
    """Sum of regression trees stored as flat arrays (all trees walked together)."""
    feature = np.asarray(head["feature"])  # (trees, nodes); -1 marks a leaf
    threshold = np.asarray(head["threshold"])
    left = np.asarray(head["left"])
    right = np.asarray(head["right"])
    value = np.asarray(head["value"])
    n_trees = feature.shape[0]
    tree_ids = np.arange(n_trees)[None, :]
    node = np.zeros((x.shape[0], n_trees), dtype=np.int64)
    for _ in range(head["depth"]):
        f = feature[tree_ids, node]
        leaf = f < 0
        go_left = x[np.arange(x.shape[0])[:, None], np.maximum(f, 0)] <= threshold[tree_ids, node]
        nxt = np.where(go_left, left[tree_ids, node], right[tree_ids, node])
        node = np.where(leaf, node, nxt)
    return head["base"] + head["learning_rate"] * value[tree_ids, node].sum(axis=1)


class SimilarityModel:
    """Paraphrase probabilities and graded (0-5) similarity for statement pairs."""

    def __init__(self, spec: dict[str, Any]) -> None:
        self.spec = spec
        self.embedder: str = spec["embedder"]
        self.threshold: float = float(spec["threshold"])
        # same_fact() is sts() / 5; both cuts were calibrated on STS-B train by train.py:
        # "roughly equivalent" (gold 3) and "shares some details" (gold 2)
        self.fact_threshold: float = float(spec["sts"]["fact_threshold"]) / 5.0
        self.detail_threshold: float = float(spec["sts"]["detail_threshold"]) / 5.0
        self.metadata: dict[str, Any] = spec.get("metadata", {})

    def _predict(
        self,
        task: str,
        a: Sequence[EncodedText],
        b: Sequence[EncodedText],
        wanted: np.ndarray | None = None,
    ) -> tuple[np.ndarray, dict[str, np.ndarray]]:
        """Scores of all pairs and the pair features they were computed from; with
        ``wanted`` (a bool mask) only those pairs are scored exactly, the others as if the
        statements shared no word."""
        spec = self.spec[task]
        if not a or not b:
            return np.zeros((len(a), len(b)), np.float32), {}
        cosine = (
            np.asarray([s.vector for s in a], np.float32)
            @ np.asarray([s.vector for s in b], np.float32).T
        )
        exact = cosine >= COSINE_FLOOR
        if wanted is not None:
            exact &= wanted
        features = pair_features(a, b, spec.get("metric"), exact)
        mono = same_language(a, b)
        lexicon = spec.get("lexicon")
        lang_a = np.array([s.language for s in a], dtype=object)
        in_lexicon = (
            mono & (lang_a == lexicon["language"])[:, None] if lexicon else np.zeros_like(mono)
        )
        out = np.zeros((len(a), len(b)), np.float64)
        if in_lexicon.any():
            if "_weights" not in lexicon:
                lexicon["_weights"] = dict(
                    zip(
                        lexicon["vocab"],
                        zip(lexicon["both"], lexicon["one"], strict=True),
                        strict=True,
                    )
                )
            features["lexicon"] = lexicon_score(
                [_prepare(s.text, s.language).words for s in a],
                [_prepare(s.text, s.language).words for s in b],
                lexicon,
                exact,
            )
            if "idf" in spec:  # the paraphrase task's lexical head aligns the words
                features.update(alignment_features(a, b, spec["idf"], exact & in_lexicon))
            out = np.where(in_lexicon, apply_head(spec["lexical"], features), out)
        other_mono = mono & ~in_lexicon
        if other_mono.any():
            out = np.where(other_mono, apply_head(spec["monolingual"], features), out)
        if not mono.all():
            out = np.where(mono, out, apply_head(spec["crosslingual"], features))
        return out.astype(np.float32), features

    def paraphrase(self, a: Sequence[EncodedText], b: Sequence[EncodedText]) -> np.ndarray:
        """(len(a), len(b)) probabilities that the two statements state the same thing."""
        return self._predict("paraphrase", a, b)[0]

    def sts(self, a: Sequence[EncodedText], b: Sequence[EncodedText]) -> np.ndarray:
        """(len(a), len(b)) graded similarity, 0 (unrelated) to 5 (equivalent)."""
        return self._predict("sts", a, b)[0]

    def sts_with_features(
        self, a: Sequence[EncodedText], b: Sequence[EncodedText]
    ) -> tuple[np.ndarray, dict[str, np.ndarray]]:
        """``sts`` and the pair features it read (``pair_features``' names), which the
        story's same-fact model (``compare/fact_model.py``) reads again."""
        return self._predict("sts", a, b)

    def aligned(
        self, task: str, a: Sequence[EncodedText], b: Sequence[EncodedText], chunk: int = 256
    ) -> np.ndarray:
        """``task`` ("paraphrase" or "sts") scores of the pairs (a[i], b[i]) only, in
        chunks: no work is spent on the cross pairs (a[i], b[j])."""
        out = np.zeros(len(a), np.float32)
        for start in range(0, len(a), chunk):
            first, second = a[start : start + chunk], b[start : start + chunk]
            diagonal = np.eye(len(first), dtype=bool)
            out[start : start + len(first)] = np.diag(
                self._predict(task, first, second, diagonal)[0]
            )
        return out

    def same_fact(self, a: Sequence[EncodedText], b: Sequence[EncodedText]) -> np.ndarray:
        """(len(a), len(b)) scores in 0..1 that two statements report the same fact, details
        aside (graded similarity / 5); compare with ``fact_threshold``. Statements of one
        story that the score relates may still state different things of one subject: the
        story's same-fact model (``compare/fact_model.py``) weighs them, and
        ``distinct_pairs`` vetoes those that share no informative word."""
        return self.sts(a, b) / 5.0

    def distinct_pairs(
        self,
        a: Sequence[EncodedText],
        b: Sequence[EncodedText],
        scores: np.ndarray,
        among: np.ndarray | None = None,
    ) -> np.ndarray:
        """(len(a), len(b)) bool: pairs that share details by ``scores`` (same_fact scale)
        yet state different things: of one language, sharing few of the words that are
        rare among all the statements given (``informative_overlap`` below
        DISTINCT_OVERLAP), and no paraphrase either (paraphrase probability below
        DISTINCT_PARAPHRASE). "The council has voted to close the harbour" and "the council
        is not opposed to the mayor's plan for a new stadium" share their subject, so the
        graded similarity can run high, but not what they say of it. With ``among`` (bool)
        only those pairs are decided (the paraphrase is the costly part); the others are
        False."""
        doubtful = (np.asarray(scores) >= self.detail_threshold) & same_language(a, b)
        if among is not None:
            doubtful &= among
        if not doubtful.any():
            return doubtful
        doubtful &= informative_overlap(a, b) < DISTINCT_OVERLAP
        symmetric = a is b and (among is None or np.array_equal(among, among.T))
        rows, cols = np.nonzero(np.triu(doubtful | doubtful.T, 1) if symmetric else doubtful)
        if len(rows) == 0:
            return np.zeros_like(doubtful)
        # Scored pair by pair in small chunks: the alignment features are Python per pair,
        # and a full (len(a), len(b)) paraphrase call would build every dense feature too.
        para = self.aligned(
            "paraphrase", [a[int(i)] for i in rows], [b[int(j)] for j in cols], chunk=16
        )
        distinct = np.zeros_like(doubtful)
        distinct[rows, cols] = para < DISTINCT_PARAPHRASE
        if symmetric:  # one list against itself: the lower triangle mirrors the upper
            distinct |= distinct.T
        return distinct


_predicate_words = lru_cache(maxsize=50_000)(predicate_words)
# A pair that the graded similarity calls one fact states different things when it shares
# less than this share of its rarer predicate words (``informative_overlap``)...
DISTINCT_OVERLAP = 0.1
# ...and the paraphrase head gives it less than this. Both cuts are the middle of the range
# that scores best on the shipped examples' gold facts (docs/similarity.md).
DISTINCT_PARAPHRASE = 0.17
_MIN_MASS = 1e-3  # IDF mass below which a statement has no informative word to compare
_MIN_STORY = 8  # fewer distinct statements of a language make no story to weigh words by


def _indicator(sets: Sequence[frozenset[str]], index: dict[str, int]) -> np.ndarray:
    matrix = np.zeros((len(sets), len(index)), np.float64)
    for row, items in enumerate(sets):
        matrix[row, [index[w] for w in items]] = 1.0
    return matrix


def informative_overlap(a: Sequence[EncodedText], b: Sequence[EncodedText]) -> np.ndarray:
    """(len(a), len(b)): how much of what two statements of one language say of their
    subjects they say alike. Their predicate words (``text.features.predicate_words``:
    content words less names) are weighted by their rarity among all the distinct
    statements given, read as one story (IDF), and the weight of the words both share is
    divided by the smaller side's weight. Words that much of the story uses ("troops",
    "bridge", "said") weigh little, names not at all, so two statements about one subject
    that say different things of it score near 0 however alike they look. Pairs of two
    languages, where a side has no informative word, or of a language with fewer than
    _MIN_STORY distinct statements given, get 1: no evidence either way."""
    out = np.ones((len(a), len(b)), np.float32)
    stories: dict[str, dict[str, frozenset[str]]] = {}  # language -> distinct text -> words
    for s in (*a, *b):
        if s.language != "und":
            stories.setdefault(s.language, {})[s.text] = _predicate_words(s.text, s.language)
    for language, words in stories.items():
        rows = [i for i, s in enumerate(a) if s.language == language]
        cols = [j for j, s in enumerate(b) if s.language == language]
        frequency: dict[str, int] = {}
        for found in words.values():  # each distinct text once: copies make nothing common
            for w in found:
                frequency[w] = frequency.get(w, 0) + 1
        if not rows or not cols or len(words) < _MIN_STORY:
            continue
        index = {w: k for k, w in enumerate(frequency)}
        idf = np.log((len(words) + 1) / (np.fromiter(frequency.values(), np.float64) + 1))
        left = _indicator([words[a[i].text] for i in rows], index)
        right = _indicator([words[b[j].text] for j in cols], index)
        shared = (left * idf) @ right.T
        smaller = np.minimum((left @ idf)[:, None], (right @ idf)[None, :])
        out[np.ix_(rows, cols)] = np.where(
            smaller > _MIN_MASS, shared / np.maximum(smaller, _MIN_MASS), 1.0
        )
    return out


MODEL_FILES = {"use-m3": "use-m3.json", "e5-small": "e5-small.json"}


@lru_cache(maxsize=4)
def load_similarity_model(embedder: str = "use-m3") -> SimilarityModel:
    """The shipped model for ``embedder``, loaded once per process."""
    if embedder not in MODEL_FILES:
        raise KeyError(f"no similarity model for embedder {embedder!r}")
    path = resources.files("rashomon.compare") / "models" / MODEL_FILES[embedder]
    spec = json.loads(path.read_text(encoding="utf-8"))
    return SimilarityModel(spec)
