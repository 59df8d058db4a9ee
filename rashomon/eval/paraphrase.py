"""Paraphrase (MSRP) and graded similarity (STS-B) evaluations of the compare stage's
similarity model.

Both apply the shipped model to the file given and never fit on it. The plain cosine of
the same sentence vectors is reported alongside as the baseline: for MSRP with the
cosine threshold that model training found best by cross-validation on MSRP train
(stored in the model's metadata), for STS-B as the raw correlation of the cosine.
"""

from __future__ import annotations

import csv
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from rashomon.compare.similarity import EncodedText, SimilarityModel, load_similarity_model


@dataclass(frozen=True, slots=True)
class LabelledPair:
    first: str
    second: str
    label: float  # 0/1 for MSRP, 0-5 for STS-B
    genre: str = ""


def read_msrp(path: str) -> list[LabelledPair]:
    """MSRP TSV: Quality, #1 ID, #2 ID, #1 String, #2 String (a header line, maybe a BOM)."""
    pairs: list[LabelledPair] = []
    with open(path, encoding="utf-8-sig", newline="") as handle:
        for line in handle:
            fields = line.rstrip("\r\n").split("\t")
            if len(fields) < 5 or fields[0].strip() not in ("0", "1"):
                continue  # header or a broken line
            pairs.append(LabelledPair(fields[3], fields[4], float(fields[0])))
    if not pairs:
        raise ValueError("no sentence pairs in MSRP format (quality, id, id, string, string)")
    return pairs


def read_stsb(path: str) -> list[LabelledPair]:
    """STS-B csv: genre, file, year, id, score, s1, s2 tab-separated; some lines carry two
    extra source fields after s2, which are ignored. Quoting is not used in this format, so
    quote characters inside sentences are kept as text."""
    pairs: list[LabelledPair] = []
    with open(path, encoding="utf-8-sig", newline="") as handle:
        for fields in csv.reader(handle, delimiter="\t", quoting=csv.QUOTE_NONE):
            if len(fields) < 7:
                continue
            try:
                score = float(fields[4])
            except ValueError:
                continue  # header
            pairs.append(LabelledPair(fields[5], fields[6], score, fields[0]))
    if not pairs:
        raise ValueError("no sentence pairs in STS-B format (genre, file, year, id, score, s1, s2)")
    return pairs


def encode_texts(texts: Sequence[str], embedder: str, cache_dir: str | None = None) -> np.ndarray:
    """L2-normalised sentence vectors; with ``cache_dir``, a text -> vector store there
    (``<embedder>_texts.txt`` + ``<embedder>_vecs.npy``) is read and extended, so training
    runs do not encode the same sentences again."""
    texts = list(texts)
    known: dict[str, np.ndarray] = {}
    store_texts = store_vecs = None
    if cache_dir:
        store_texts = Path(cache_dir) / f"{embedder}_texts.txt"
        store_vecs = Path(cache_dir) / f"{embedder}_vecs.npy"
        if store_texts.exists() and store_vecs.exists():
            cached = store_texts.read_text(encoding="utf-8").split("\n")[:-1]
            known = dict(zip(cached, np.load(store_vecs), strict=True))
    missing = sorted({t for t in texts if t not in known})
    if missing:
        import rashomon.analyze.embeddings  # noqa: F401  (registers the backends)
        from rashomon.analyze.registry import embedders

        encoder = embedders.get(embedder)
        vectors = np.concatenate(
            [encoder.encode(missing[i : i + 256]) for i in range(0, len(missing), 256)]
        ).astype(np.float32)
        known.update(zip(missing, vectors, strict=True))
        if store_texts is not None and store_vecs is not None and "\n" not in "".join(known):
            store_texts.parent.mkdir(parents=True, exist_ok=True)
            store_texts.write_text("".join(t + "\n" for t in known), encoding="utf-8")
            np.save(store_vecs, np.stack(list(known.values())))
    if not texts:
        return np.zeros((0, 0), np.float32)
    return np.stack([known[t] for t in texts]).astype(np.float32)


def encode_pairs(
    pairs: Sequence[LabelledPair],
    embedder: str,
    cache_dir: str | None = None,
    language: str = "en",
) -> tuple[list[EncodedText], list[EncodedText]]:
    """Statements for both sides, each distinct sentence encoded once."""
    texts = sorted({p.first for p in pairs} | {p.second for p in pairs})
    by_text = dict(zip(texts, encode_texts(texts, embedder, cache_dir), strict=True))
    first = [EncodedText(p.first, language, by_text[p.first]) for p in pairs]
    second = [EncodedText(p.second, language, by_text[p.second]) for p in pairs]
    return first, second


def _classification(labels: np.ndarray, predicted: np.ndarray) -> dict[str, float]:
    tp = float(np.sum((predicted == 1) & (labels == 1)))
    fp = float(np.sum((predicted == 1) & (labels == 0)))
    fn = float(np.sum((predicted == 0) & (labels == 1)))
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {
        "accuracy": float(np.mean(predicted == labels)) if len(labels) else 0.0,
        "precision": precision,
        "recall": recall,
        "f1": f1,
    }


def _rank(values: np.ndarray) -> np.ndarray:
    """Average ranks (ties share their mean rank), for Spearman."""
    order = np.argsort(values, kind="mergesort")
    ranks = np.empty(len(values), np.float64)
    ranks[order] = np.arange(len(values), dtype=np.float64)
    _, inverse, counts = np.unique(values, return_inverse=True, return_counts=True)
    sums = np.bincount(inverse, weights=ranks)
    return (sums / counts)[inverse]


def correlations(gold: np.ndarray, predicted: np.ndarray) -> dict[str, float]:
    if len(gold) < 2 or np.std(gold) == 0 or np.std(predicted) == 0:
        return {"pearson": 0.0, "spearman": 0.0}
    return {
        "pearson": float(np.corrcoef(gold, predicted)[0, 1]),
        "spearman": float(np.corrcoef(_rank(gold), _rank(predicted))[0, 1]),
    }


def _model(model: SimilarityModel | None) -> SimilarityModel:
    return model if model is not None else load_similarity_model()


def run_paraphrase_eval(path: str, model: SimilarityModel | None = None) -> dict[str, Any]:
    """Accuracy, precision, recall and F1 of the shipped paraphrase model on an MSRP-format
    file, with the plain-cosine baseline and the majority answer ("paraphrase")."""
    model = _model(model)
    pairs = read_msrp(path)
    labels = np.array([p.label for p in pairs], dtype=np.int64)
    first, second = encode_pairs(pairs, model.embedder)
    probability = model.aligned("paraphrase", first, second)
    cosine = np.array([float(a.vector @ b.vector) for a, b in zip(first, second, strict=True)])
    cosine_threshold = float(model.metadata.get("cosine_threshold", 0.5))
    report: dict[str, Any] = {
        "data": path,
        "pairs": len(pairs),
        "positives": int(labels.sum()),
        "embedder": model.embedder,
        "threshold": model.threshold,
        **_classification(labels, (probability >= model.threshold).astype(np.int64)),
        "baseline": {
            "name": f"cosine >= {cosine_threshold:.3f}",
            "threshold": cosine_threshold,
            **_classification(labels, (cosine >= cosine_threshold).astype(np.int64)),
        },
        "majority": {
            "name": "always paraphrase",
            **_classification(labels, np.ones_like(labels)),
        },
    }
    training = model.metadata.get("paraphrase")
    if training:
        report["training"] = training  # the CV and held-out figures measured at training
    return report


def run_sts_eval(path: str, model: SimilarityModel | None = None) -> dict[str, Any]:
    """Pearson and Spearman correlation of the shipped 0-5 similarity with gold STS-B
    scores, overall and per genre, with the plain-cosine baseline."""
    model = _model(model)
    pairs = read_stsb(path)
    gold = np.array([p.label for p in pairs], dtype=np.float64)
    first, second = encode_pairs(pairs, model.embedder)
    predicted = model.aligned("sts", first, second)
    cosine = np.array([float(a.vector @ b.vector) for a, b in zip(first, second, strict=True)])
    genres = np.array([p.genre for p in pairs])
    by_genre = {
        genre: {
            "pairs": int(np.sum(genres == genre)),
            **correlations(gold[genres == genre], predicted[genres == genre]),
            "baseline": correlations(gold[genres == genre], cosine[genres == genre]),
        }
        for genre in sorted(set(genres.tolist()))
    }
    report: dict[str, Any] = {
        "data": path,
        "pairs": len(pairs),
        "embedder": model.embedder,
        **correlations(gold, predicted),
        "baseline": {"name": "cosine", **correlations(gold, cosine)},
        "genres": by_genre,
    }
    training = model.metadata.get("sts")
    if training:
        report["training"] = training
    return report
