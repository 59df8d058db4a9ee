"""Train the compare stage's similarity model and write it as JSON.

    python -m rashomon.training.similarity --msrp msr_paraphrase_train.txt \
        --stsb-train sts-train.csv [--stsb-dev sts-dev.csv] [--out MODEL.json]

Paraphrase: MSRP train only. A stratified 20% of it (seed 13) is held out and never used
for fitting or tuning; on the other 80% the whole pipeline is 10-fold cross-validated,
then refitted and scored once on the held-out pairs. The shipped model is the one fitted
on the 80%, so the held-out figure stays a figure on unseen pairs (``--write-heldout``
writes those pairs in MSRP format for ``rashomon eval paraphrase``).

Pipeline per fit: (1) a "metric" - logistic regression on u*v and (u-v)^2 of the two
sentence vectors, which is a diagonal bilinear form, fitted with out-of-fold predictions
so the head never sees a metric score from a model trained on the same pair; (2) heads on
the pair features of ``similarity.pair_features``: "lexical" (English: all features, the
word lexicon and, for paraphrase, the alignment features of
``similarity.alignment_features`` with an IDF table of the fit sentences), "monolingual"
(no lexicon) and "crosslingual" (language-neutral ones). STS: the same with ridge
regression and STS-B train, without the alignment features; STS-B dev, if given, is only
scored.

Needs scikit-learn (the ``test`` extra); the runtime model is numpy only.
"""

from __future__ import annotations

import argparse
import json
import os
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import numpy as np

from rashomon.compare.similarity import (
    ALIGNMENT_FEATURES,
    CROSSLINGUAL_FEATURES,
    MONOLINGUAL_FEATURES,
    EncodedText,
    _prepare,
    alignment_features,
    apply_head,
    pair_features,
)
from rashomon.eval.paraphrase import (
    LabelledPair,
    correlations,
    encode_pairs,
    read_msrp,
    read_stsb,
)
from rashomon.text.features import tokens

SEED = 13
MODELS = Path(__file__).parents[1] / "compare" / "models"  # where the heads ship
SAME_FACT_STS = 3.0  # STS-B gold score from which two sentences report the same fact
SHARED_DETAILS_STS = 2.0  # ... and from which they share some details
HOLDOUT = 0.2
FOLDS = 10


# --- features of aligned pairs -------------------------------------------------------------


def diagonal_features(
    first: Sequence[EncodedText],
    second: Sequence[EncodedText],
    idf: dict[str, Any] | None = None,
    chunk: int = 128,
) -> dict[str, np.ndarray]:
    """pair_features of (first[i], second[i]) only (metric left out: fitted per fold), and
    with ``idf`` the alignment features too."""
    parts: list[dict[str, np.ndarray]] = []
    for start in range(0, len(first), chunk):
        a, b = first[start : start + chunk], second[start : start + chunk]
        exact = np.eye(len(a), dtype=bool)
        f = pair_features(a, b, exact=exact)
        if idf is not None:
            f.update(alignment_features(a, b, idf, exact))
        parts.append({k: np.diag(v).copy() for k, v in f.items()})
    return {k: np.concatenate([p[k] for p in parts]) for k in parts[0]}


def inverse_document_frequency(texts: Sequence[str]) -> dict[str, Any]:
    """Smoothed IDF of the tokens of ``texts`` (sentences as documents). Words seen once
    are left out: they get "default", the IDF of a word seen once, like unseen words."""
    from collections import Counter

    counts = Counter(w for text in set(texts) for w in set(tokens(text)))
    n = len(set(texts))

    def value(df: int) -> float:
        return round(float(np.log((n + 1) / (df + 1)) + 1), 3)

    return {
        "default": value(1),
        "words": {w: value(c) for w, c in sorted(counts.items()) if c >= 2},
    }


def metric_inputs(first: Sequence[EncodedText], second: Sequence[EncodedText]) -> np.ndarray:
    u = np.asarray([s.vector for s in first], np.float64)
    v = np.asarray([s.vector for s in second], np.float64)
    return np.hstack([u * v, (u - v) ** 2])


# --- model fitting -----------------------------------------------------------------------


def _fit_metric(z: np.ndarray, y: np.ndarray, task: str, strength: float) -> Any:
    from sklearn.linear_model import LogisticRegression, Ridge
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler

    if task == "paraphrase":
        model = LogisticRegression(C=strength, max_iter=2000)
    else:
        model = Ridge(alpha=strength)
    return make_pipeline(StandardScaler(), model).fit(z, y)


def _metric_score(model: Any, z: np.ndarray) -> np.ndarray:
    last = model[-1]
    return (
        last.decision_function(model[0].transform(z))
        if hasattr(last, "decision_function")
        else model.predict(z)
    )


def export_metric(model: Any, dim: int) -> dict[str, Any]:
    """The fitted linear model on [u*v, (u-v)^2] as d, s, bias of
    sum_k d_k u_k v_k + s_k (u_k^2 + v_k^2) + bias."""
    scaler, linear = model[0], model[-1]
    coef = np.ravel(linear.coef_) / scaler.scale_
    intercept = float(np.ravel([linear.intercept_])[0] - np.sum(coef * scaler.mean_))
    product, squared = coef[:dim], coef[dim:]
    return {
        "d": (product - 2 * squared).round(6).tolist(),
        "s": squared.round(6).tolist(),
        "bias": round(intercept, 6),
    }


def oof_metric(
    z: np.ndarray, y: np.ndarray, task: str, strength: float, folds: int = 5
) -> np.ndarray:
    """Out-of-fold metric scores, so a head is trained on honest metric values."""
    from sklearn.model_selection import KFold, StratifiedKFold

    splitter = (
        StratifiedKFold(folds, shuffle=True, random_state=SEED)
        if task == "paraphrase"
        else KFold(folds, shuffle=True, random_state=SEED)
    )
    out = np.zeros(len(y))
    for train, test in splitter.split(z, y):
        out[test] = _metric_score(_fit_metric(z[train], y[train], task, strength), z[test])
    return out


def _matrix(features: dict[str, np.ndarray], names: Sequence[str]) -> np.ndarray:
    return np.stack([features[n] for n in names], axis=1).astype(np.float64)


def fit_head(
    features: dict[str, np.ndarray], y: np.ndarray, names: Sequence[str], task: str, kind: str
) -> dict[str, Any]:
    """Fit one head and export it as a JSON-able dict for ``similarity.apply_head``."""
    from sklearn.ensemble import GradientBoostingClassifier, GradientBoostingRegressor
    from sklearn.linear_model import LogisticRegression, Ridge

    x = _matrix(features, names)
    mean, scale = x.mean(axis=0), x.std(axis=0)
    scale[scale == 0] = 1.0
    xs = (x - mean) / scale
    head: dict[str, Any] = {
        "features": list(names),
        "mean": mean.round(6).tolist(),
        "scale": scale.round(6).tolist(),
    }
    if task == "paraphrase":
        head["link"] = "logistic"
    else:
        head["clip"] = [0.0, 5.0]
    if kind == "linear":
        model = (
            LogisticRegression(C=1.0, max_iter=2000) if task == "paraphrase" else Ridge(1.0)
        ).fit(xs, y)
        head.update(
            kind="linear",
            coef=np.ravel(model.coef_).round(6).tolist(),
            intercept=float(np.ravel([model.intercept_])[0]),
        )
        return head
    if kind == "trees":
        params = {
            "n_estimators": 150,
            "max_depth": 3,
            "learning_rate": 0.05,
            "subsample": 0.8,
            "min_samples_leaf": 20,
            "random_state": SEED,
        }
        model = (
            GradientBoostingClassifier(**params)
            if task == "paraphrase"
            else GradientBoostingRegressor(**params)
        ).fit(xs, y)
        head.update(kind="trees", **_export_trees(model, task))
        return head
    raise ValueError(kind)


def _export_trees(model: Any, task: str) -> dict[str, Any]:
    estimators = [t[0].tree_ for t in model.estimators_]
    nodes = max(t.node_count for t in estimators)
    shape = (len(estimators), nodes)
    feature = np.full(shape, -1, np.int64)
    threshold = np.zeros(shape)
    left = np.zeros(shape, np.int64)
    right = np.zeros(shape, np.int64)
    value = np.zeros(shape)
    for i, tree in enumerate(estimators):
        n = tree.node_count
        leaf = tree.children_left[:n] < 0
        feature[i, :n] = np.where(leaf, -1, tree.feature[:n])
        threshold[i, :n] = tree.threshold[:n]
        left[i, :n] = np.where(leaf, 0, tree.children_left[:n])
        right[i, :n] = np.where(leaf, 0, tree.children_right[:n])
        value[i, :n] = tree.value[:n, 0, 0]
    if task == "paraphrase":
        prior = float(model.init_.class_prior_[1])
        base = float(np.log(prior / (1 - prior)))
    else:
        base = float(np.ravel(model.init_.constant_)[0])
    depth = max(t.max_depth for t in estimators)
    return {
        "depth": int(depth),
        "base": base,
        "learning_rate": float(model.learning_rate),
        "feature": feature.tolist(),
        "threshold": threshold.round(6).tolist(),
        "left": left.tolist(),
        "right": right.tolist(),
        "value": value.round(6).tolist(),
    }


Fit = Callable[[np.ndarray], dict[str, Any]]


# One side's word sets of a run of pairs: an object array of frozenset[str], so that the
# folds' index arrays select from it.
_WordSets = np.ndarray


def _word_sets(
    first: Sequence[EncodedText], second: Sequence[EncodedText]
) -> dict[str, np.ndarray]:
    words_a = np.empty(len(first), dtype=object)
    words_b = np.empty(len(second), dtype=object)
    words_a[:] = [_prepare(s.text, s.language).words for s in first]
    words_b[:] = [_prepare(s.text, s.language).words for s in second]
    return {"_words_a": words_a, "_words_b": words_b}


def _lexicon_inputs(words_a: _WordSets, words_b: _WordSets, vocab: dict[str, int]) -> Any:
    """Sparse pair x (2 * vocab) indicators: column 2i "word i in both", 2i+1 "in one"."""
    from scipy import sparse

    rows, cols = [], []
    for row, (a, b) in enumerate(zip(words_a, words_b, strict=True)):
        for w in (a | b) & vocab.keys():
            rows.append(row)
            cols.append(2 * vocab[w] + (0 if w in a and w in b else 1))
    return sparse.csr_matrix(
        (np.ones(len(rows)), (rows, cols)), shape=(len(words_a), 2 * len(vocab))
    )


def _fit_lexicon(
    words_a: _WordSets, words_b: _WordSets, y: np.ndarray, task: str
) -> tuple[dict[str, int], Any]:
    from collections import Counter

    from sklearn.linear_model import LogisticRegression, Ridge

    counts = Counter(w for sets in (words_a, words_b) for s in sets for w in s)
    vocab = {w: i for i, w in enumerate(sorted(w for w, c in counts.items() if c >= 2))}
    x = _lexicon_inputs(words_a, words_b, vocab)
    model = LogisticRegression(C=0.3, max_iter=3000) if task == "paraphrase" else Ridge(3.0)
    return vocab, model.fit(x, y)


def _lexicon_predict(
    lexicon: tuple[dict[str, int], Any], words_a: _WordSets, words_b: _WordSets
) -> np.ndarray:
    vocab, model = lexicon
    x = _lexicon_inputs(words_a, words_b, vocab)
    return model.decision_function(x) if hasattr(model, "decision_function") else model.predict(x)


def export_lexicon(lexicon: tuple[dict[str, int], Any], language: str = "en") -> dict[str, Any]:
    vocab, model = lexicon
    coef = np.ravel(model.coef_)
    both, one = coef[0::2], coef[1::2]
    keep = (np.abs(both) > 1e-4) | (np.abs(one) > 1e-4)
    words = sorted(vocab, key=vocab.__getitem__)
    return {
        "language": language,
        "vocab": [w for w, k in zip(words, keep, strict=True) if k],
        "both": both[keep].round(5).tolist(),
        "one": one[keep].round(5).tolist(),
        "bias": round(float(np.ravel([model.intercept_])[0]), 6),
    }


def fit_task(
    features: dict[str, np.ndarray],
    z: np.ndarray,
    y: np.ndarray,
    task: str,
    config: dict[str, Any],
) -> dict[str, Any]:
    """Metric, lexicon and the three heads on the given pairs; the exported task spec."""
    from sklearn.model_selection import KFold, StratifiedKFold

    dim = z.shape[1] // 2
    strength = config["metric_strength"]
    feats = dict(features)
    feats["metric"] = oof_metric(z, y, task, strength)
    words_a, words_b = features["_words_a"], features["_words_b"]
    splitter = (
        StratifiedKFold(5, shuffle=True, random_state=SEED)
        if task == "paraphrase"
        else KFold(5, shuffle=True, random_state=SEED)
    )
    feats["lexicon"] = np.zeros(len(y))
    for train, test in splitter.split(z, y):
        lexicon = _fit_lexicon(words_a[train], words_b[train], y[train], task)
        feats["lexicon"][test] = _lexicon_predict(lexicon, words_a[test], words_b[test])
    return {
        "metric": export_metric(_fit_metric(z, y, task, strength), dim),
        "lexicon": export_lexicon(_fit_lexicon(words_a, words_b, y, task)),
        "lexical": fit_head(feats, y, config["lexical"], task, config["kind"]),
        "monolingual": fit_head(feats, y, config["monolingual"], task, config["kind"]),
        "crosslingual": fit_head(feats, y, config["crosslingual"], task, config["kind"]),
    }


HEADS = ("lexical", "monolingual", "crosslingual")


def predict_task(
    spec: dict[str, Any], features: dict[str, np.ndarray], z: np.ndarray, head: str
) -> np.ndarray:
    """Head output for aligned pairs whose metric inputs are ``z``."""
    dim = z.shape[1] // 2
    metric = spec["metric"]
    product, squared = z[:, :dim], z[:, dim:]
    d, s = np.asarray(metric["d"]), np.asarray(metric["s"])
    # (u-v)^2 = u^2 + v^2 - 2uv, so the exported form scores z directly:
    feats = dict(features)
    feats["metric"] = product @ (d + 2 * s) + squared @ s + metric["bias"]
    lexicon = spec["lexicon"]
    weights = dict(
        zip(lexicon["vocab"], zip(lexicon["both"], lexicon["one"], strict=True), strict=True)
    )
    feats["lexicon"] = np.array(
        [
            lexicon["bias"]
            + sum(weights[w][0] for w in a & b if w in weights)
            + sum(weights[w][1] for w in a ^ b if w in weights)
            for a, b in zip(features["_words_a"], features["_words_b"], strict=True)
        ]
    )
    return apply_head(spec[head], feats)


def _subset(features: dict[str, np.ndarray], index: np.ndarray) -> dict[str, np.ndarray]:
    return {k: v[index] for k, v in features.items()}


def _logit(p: float) -> float:
    p = min(max(p, 1e-6), 1 - 1e-6)
    return float(np.log(p / (1 - p)))


def best_threshold(y: np.ndarray, score: np.ndarray) -> float:
    """The cut on ``score`` with the highest accuracy (midpoint between neighbours)."""
    order = np.sort(np.unique(score))
    candidates = np.concatenate([[order[0] - 1e-6], (order[1:] + order[:-1]) / 2])
    accuracy = [np.mean((score >= t) == y) for t in candidates]
    return float(candidates[int(np.argmax(accuracy))])


def best_f1_threshold(y: np.ndarray, score: np.ndarray) -> float:
    """The cut on ``score`` with the highest F1 for ``y`` (midpoint between neighbours)."""
    order = np.sort(np.unique(score))
    candidates = np.concatenate([[order[0] - 1e-6], (order[1:] + order[:-1]) / 2])
    f1 = [classification(y, score >= t)["f1"] for t in candidates]
    return float(candidates[int(np.argmax(f1))])


def classification(y: np.ndarray, predicted: np.ndarray) -> dict[str, float]:
    tp = np.sum(predicted & (y == 1))
    precision = tp / max(1, np.sum(predicted))
    recall = tp / max(1, np.sum(y == 1))
    f1 = 2 * precision * recall / max(1e-9, precision + recall)
    return {
        "accuracy": round(float(np.mean(predicted == (y == 1))), 4),
        "f1": round(float(f1), 4),
        "precision": round(float(precision), 4),
        "recall": round(float(recall), 4),
    }


def train_paraphrase(
    pairs: Sequence[LabelledPair],
    embedder: str,
    cache_dir: str | None,
    config: dict[str, Any],
    log: Callable[[str], None] = print,
) -> tuple[dict[str, Any], dict[str, Any], list[int]]:
    from sklearn.model_selection import StratifiedKFold, train_test_split

    first, second = encode_pairs(pairs, embedder, cache_dir)
    y = np.array([int(p.label) for p in pairs])
    fit_index, held_index = train_test_split(
        np.arange(len(y)), test_size=HOLDOUT, stratify=y, random_state=SEED
    )
    # IDF from the fit part's sentences only: the held-out pairs stay unseen.
    idf = inverse_document_frequency(
        [t for i in fit_index for t in (pairs[i].first, pairs[i].second)]
    )
    features = {**diagonal_features(first, second, idf), **_word_sets(first, second)}
    z = metric_inputs(first, second)
    yf = y[fit_index]
    ff, zf = _subset(features, fit_index), z[fit_index]

    # 10-fold CV on the fit part: out-of-fold probabilities of the whole pipeline.
    oof = {head: np.zeros(len(yf)) for head in HEADS}
    splitter = StratifiedKFold(FOLDS, shuffle=True, random_state=SEED)
    for fold, (train, test) in enumerate(splitter.split(zf, yf)):
        spec = fit_task(_subset(ff, train), zf[train], yf[train], "paraphrase", config)
        for head in oof:
            oof[head][test] = predict_task(spec, _subset(ff, test), zf[test], head)
        log(f"  fold {fold + 1}/{FOLDS}")
    cosine = ff["cosine"]
    cos_t = best_threshold(yf, cosine)
    thresholds = {head: best_threshold(yf, oof[head]) for head in oof}
    report: dict[str, Any] = {
        "data": "MSRP train (4,076 pairs)",
        "fit_pairs": len(fit_index),
        "heldout_pairs": len(held_index),
        "split": f"stratified {HOLDOUT:.0%} held out, seed {SEED}",
        "cv_folds": FOLDS,
        "cv": {head: classification(yf, oof[head] >= thresholds[head]) for head in oof},
        "cv_at_threshold_0.5": {head: classification(yf, oof[head] >= 0.5) for head in oof},
        "cv_cosine_baseline": {"threshold": round(cos_t, 4), **classification(yf, cosine >= cos_t)},
        "cv_majority": classification(yf, np.ones_like(yf, dtype=bool)),
    }
    spec = fit_task(ff, zf, yf, "paraphrase", config)
    spec["idf"] = idf
    fh, zh, yh = _subset(features, held_index), z[held_index], y[held_index]
    report["heldout"] = {
        head: classification(yh, predict_task(spec, fh, zh, head) >= thresholds[head])
        for head in oof
    }
    report["heldout_cosine_baseline"] = classification(yh, fh["cosine"] >= cos_t)
    report["heldout_majority"] = classification(yh, np.ones_like(yh, dtype=bool))
    # One decision threshold for the model: shift the other heads' log-odds so that their
    # own CV-best cut lands on the lexical head's.
    main_cut = thresholds["lexical"]
    for head in ("monolingual", "crosslingual"):
        shift = _logit(main_cut) - _logit(thresholds[head])
        key = "intercept" if spec[head]["kind"] == "linear" else "base"
        spec[head][key] = float(spec[head][key] + shift)
    report["head_thresholds_before_shift"] = {k: round(v, 4) for k, v in thresholds.items()}
    spec["thresholds"] = {"lexical": round(main_cut, 4)}
    spec["cosine_threshold"] = round(cos_t, 4)
    return spec, report, sorted(int(i) for i in held_index)


def train_sts(
    train_pairs: Sequence[LabelledPair],
    dev_pairs: Sequence[LabelledPair] | None,
    embedder: str,
    cache_dir: str | None,
    config: dict[str, Any],
) -> tuple[dict[str, Any], dict[str, Any]]:
    first, second = encode_pairs(train_pairs, embedder, cache_dir)
    y = np.array([p.label for p in train_pairs])
    features = {**diagonal_features(first, second), **_word_sets(first, second)}
    z = metric_inputs(first, second)
    spec = fit_task(features, z, y, "sts", config)
    # "Same fact" for the compare stage: two statements STS-B's annotators would call at
    # least "roughly equivalent, some important information differs or is missing" (3).
    # F1, not accuracy, picks the cut: a missed link claims an omission that is not there,
    # as wrong to a reader as a false link that hides one.
    fact_threshold = best_f1_threshold(
        y >= SAME_FACT_STS, predict_task(spec, features, z, "lexical")
    )
    spec["fact_threshold"] = round(float(fact_threshold), 4)
    # "Shares details" (2: "not equivalent, but share some details"): the floor at which two
    # statements that are each other's best match across two articles count as one fact.
    detail_threshold = best_f1_threshold(
        y >= SHARED_DETAILS_STS, predict_task(spec, features, z, "lexical")
    )
    spec["detail_threshold"] = round(float(detail_threshold), 4)
    report: dict[str, Any] = {
        "data": "STS-B train",
        "train_pairs": len(y),
        "fact_threshold": spec["fact_threshold"],
        "detail_threshold": spec["detail_threshold"],
    }
    if dev_pairs:
        df, ds = encode_pairs(dev_pairs, embedder, cache_dir)
        yd = np.array([p.label for p in dev_pairs])
        fd = {**diagonal_features(df, ds), **_word_sets(df, ds)}
        zd = metric_inputs(df, ds)
        report["dev"] = {
            head: {
                k: round(v, 4)
                for k, v in correlations(yd, predict_task(spec, fd, zd, head)).items()
            }
            for head in HEADS
        }
        predicted = predict_task(spec, fd, zd, "lexical")
        report["dev_same_fact"] = classification(
            yd >= SAME_FACT_STS, predicted >= spec["fact_threshold"]
        )
        report["dev_shares_details"] = classification(
            yd >= SHARED_DETAILS_STS, predicted >= spec["detail_threshold"]
        )
        report["dev_cosine_baseline"] = {
            k: round(v, 4) for k, v in correlations(yd, fd["cosine"]).items()
        }
        news = np.array([p.genre == "main-news" for p in dev_pairs])
        report["dev_news"] = {
            k: round(v, 4)
            for k, v in correlations(
                yd[news], predict_task(spec, _subset(fd, news), zd[news], "lexical")
            ).items()
        }
        report["dev_news_cosine_baseline"] = {
            k: round(v, 4) for k, v in correlations(yd[news], fd["cosine"][news]).items()
        }
    return spec, report


DEFAULT_CONFIG: dict[str, Any] = {
    "kind": "linear",
    "metric_strength": {"paraphrase": 0.003, "sts": 300.0},
    # Alignment features for paraphrase only: per-pair Python, too slow for the STS head
    # that compare applies to every pair of statements.
    "lexical": {
        "paraphrase": [*MONOLINGUAL_FEATURES, "lexicon", *ALIGNMENT_FEATURES],
        "sts": [*MONOLINGUAL_FEATURES, "lexicon"],
    },
    "monolingual": list(MONOLINGUAL_FEATURES),
    "crosslingual": list(CROSSLINGUAL_FEATURES),
}


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--msrp", required=True, help="msr_paraphrase_train.txt")
    parser.add_argument("--stsb-train", required=True, help="sts-train.csv")
    parser.add_argument("--stsb-dev", help="sts-dev.csv (scored only, never fitted)")
    parser.add_argument("--embedder", default="use-m3")
    parser.add_argument(
        "--out", help="model JSON (default: rashomon/compare/models/<embedder>.json)"
    )
    parser.add_argument(
        "--cache",
        default=os.environ.get("RASHOMON_VECTOR_CACHE"),
        help="directory for cached sentence vectors",
    )
    parser.add_argument("--kind", choices=("trees", "linear"), default=DEFAULT_CONFIG["kind"])
    parser.add_argument("--write-heldout", help="write the held-out MSRP pairs to this file")
    args = parser.parse_args(argv)

    started = time.time()
    config = dict(DEFAULT_CONFIG, kind=args.kind)
    print(f"paraphrase: MSRP {args.msrp}")
    msrp = read_msrp(args.msrp)
    para_config = {k: v["paraphrase"] if isinstance(v, dict) else v for k, v in config.items()}
    para_spec, para_report, held = train_paraphrase(msrp, args.embedder, args.cache, para_config)
    print(json.dumps(para_report, indent=1))
    if args.write_heldout:
        with open(args.msrp, encoding="utf-8-sig") as source:
            lines = [line for line in source if line.strip()]
        header, body = lines[0], lines[1:]
        with open(args.write_heldout, "w", encoding="utf-8") as out:
            out.write(header)
            out.writelines(body[i] for i in held)

    print(f"sts: STS-B {args.stsb_train}")
    sts_config = {k: v["sts"] if isinstance(v, dict) else v for k, v in config.items()}
    sts_spec, sts_report = train_sts(
        read_stsb(args.stsb_train),
        read_stsb(args.stsb_dev) if args.stsb_dev else None,
        args.embedder,
        args.cache,
        sts_config,
    )
    print(json.dumps(sts_report, indent=1))

    threshold = para_spec.pop("thresholds")
    cosine_threshold = para_spec.pop("cosine_threshold")
    model = {
        "embedder": args.embedder,
        "threshold": threshold["lexical"],
        "paraphrase": para_spec,
        "sts": sts_spec,
        "metadata": {
            "trained_by": "python -m rashomon.training.similarity",
            "cosine_threshold": cosine_threshold,
            "paraphrase": para_report,
            "sts": sts_report,
            "seconds": round(time.time() - started, 1),
        },
    }
    model_path = Path(args.out) if args.out else MODELS / f"{args.embedder}.json"
    model_path.parent.mkdir(parents=True, exist_ok=True)
    model_path.write_text(json.dumps(model, separators=(",", ":")), encoding="utf-8")
    print(f"wrote {model_path} ({model_path.stat().st_size / 1024:.0f} KiB)")


if __name__ == "__main__":
    main()
