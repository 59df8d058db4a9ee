"""Fit the learned loaded-word model (``rashomon/lang/en/loaded_model.json``) on BABE.

    python -m rashomon.training.loaded --data ../shared/data/babe [--out MODEL.json] \
        [--cache FILE] [--limit N]

BABE (Spinde et al. 2021; ``rashomon.eval.loaded`` reads it) labels English news
sentences and, in the biased ones, the words the experts marked. Each sentence is analysed
alone as the analysis runs (sentences, parse, quotes), and every word the model judges
(``rashomon.analyze.tone.word_candidates``: content words outside names and literal
expressions) outside a quotation is an example, positive when it is of the family of a
word the experts marked (``rashomon.eval.loaded.word_families``, as the evaluation
judges). Its inputs are the word's use-m3 vector and the tone step's ``FEATURES``
(lexicon membership and weight, part of speech, capitalisation).

Only the fit half of the file (``rashomon.eval.loaded.FIT_HALF``) is used: the logistic
model's strength and its probability cut are chosen by five-fold cross-validation over
its sentences (the best F0.5 of word precision and recall: a word wrongly called loaded
costs a reader's trust more than one missed), then the model is fitted on the whole fit
half. The held-out half is scored once at the end, for the metadata; it chooses nothing.

Needs scikit-learn (the ``eval`` extra); the runtime model is numpy only. The data is
AGPL: only the fitted weights are written, never its text.
"""

from __future__ import annotations

import argparse
import json
import pickle
import time
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import numpy as np

from rashomon.analyze.parsers import parse_text
from rashomon.analyze.pipeline import AnalysisConfig, analyze_many
from rashomon.analyze.registry import embedders
from rashomon.analyze.tone import FEATURES, candidate_features, model_path, word_candidates
from rashomon.compare.tone import quoted_spans
from rashomon.errors import InputError
from rashomon.eval.loaded import BabeSentence, in_half, read_babe, word_families
from rashomon.ingest.fields import article_id
from rashomon.types import Article

ENCODER = "use-m3"
LANGUAGE = "en"
BETA = 0.5  # F-beta of the cut: precision weighs four times recall
STRENGTHS = (0.3, 1.0, 3.0, 10.0, 30.0)  # inverse regularisation strengths tried (sklearn's C)
FOLDS = 5


@dataclass(frozen=True, slots=True)
class Examples:
    texts: list[str]  # the words, as embedded
    features: np.ndarray  # FEATURES per word
    labels: np.ndarray  # 1: marked by the experts
    sentences: np.ndarray  # index of the word's sentence (folds keep a sentence together)
    fit: np.ndarray  # True: from the fit half


def examples(babe: Sequence[BabeSentence]) -> Examples:
    """Every judged word outside quotations of every sentence, labelled."""
    articles = [Article(id=article_id(s.text, None), text=s.text, language=LANGUAGE) for s in babe]
    config = AnalysisConfig(embedder=None, components=("quotes",))
    texts: list[str] = []
    rows: list[np.ndarray] = []
    labels: list[int] = []
    sentence_of: list[int] = []
    fit: list[bool] = []
    for n, (sentence, analysis) in enumerate(
        zip(babe, analyze_many(articles, config), strict=True)
    ):
        if isinstance(analysis, InputError):
            continue
        parse = parse_text(sentence.text, analysis.sentences, LANGUAGE)
        quoted = quoted_spans(analysis)
        gold = [word_families(w) for w in sentence.words]
        judged = [
            c
            for c in word_candidates(sentence.text, analysis.sentences, parse, LANGUAGE)
            if not any(s <= parse.tokens[c.token].start < e for s, e in quoted)
        ]
        for candidate in judged:
            families = word_families(candidate.text)
            texts.append(candidate.text)
            labels.append(int(any(g & families for g in gold)))
            sentence_of.append(n)
            fit.append(in_half(sentence, "fit"))
        rows.append(candidate_features(judged))
    return Examples(
        texts,
        np.concatenate(rows) if rows else np.zeros((0, len(FEATURES)), np.float32),
        np.asarray(labels),
        np.asarray(sentence_of),
        np.asarray(fit, dtype=bool),
    )


def _inputs(examples: Examples, vectors: dict[str, np.ndarray]) -> np.ndarray:
    return np.hstack([np.stack([vectors[t] for t in examples.texts]), examples.features])


def _measures(labels: np.ndarray, called: np.ndarray) -> dict[str, float]:
    right = int((called & (labels == 1)).sum())
    precision = right / called.sum() if called.sum() else 0.0
    recall = right / labels.sum() if labels.sum() else 0.0
    total = BETA**2 * precision + recall
    return {
        "precision": round(precision, 4),
        "recall": round(recall, 4),
        "f0.5": round((1 + BETA**2) * precision * recall / total, 4) if total else 0.0,
        "called": int(called.sum()),
    }


def train(data: Path, cache: Path | None = None, limit: int | None = None) -> dict[str, Any]:
    """The model's JSON (weights, cut, metadata) fitted on the fit half of BABE at ``data``."""
    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import GroupKFold

    started = time.time()
    babe = read_babe(str(data))[:limit]
    if cache is not None and cache.exists():
        found = Examples(**pickle.loads(cache.read_bytes()))
    else:
        found = examples(babe)
        if cache is not None:  # plain fields: the class is __main__'s when run with -m
            cache.write_bytes(pickle.dumps(asdict(found)))
    words = sorted(set(found.texts))
    vectors = dict(zip(words, embedders.get(ENCODER).encode(words), strict=True))
    inputs = _inputs(found, vectors)
    x, y, groups = inputs[found.fit], found.labels[found.fit], found.sentences[found.fit]
    cuts = np.round(np.arange(0.2, 0.91, 0.025), 3)
    grid: list[dict[str, Any]] = []
    for strength in STRENGTHS:
        predicted = np.zeros(len(y))
        for train_rows, test_rows in GroupKFold(FOLDS).split(x, y, groups):
            head = LogisticRegression(C=strength, max_iter=2000)
            head.fit(x[train_rows], y[train_rows])
            predicted[test_rows] = head.predict_proba(x[test_rows])[:, 1]
        for cut in cuts:
            grid.append({"C": strength, "cut": float(cut), **_measures(y, predicted >= cut)})
    chosen = max(grid, key=lambda g: g["f0.5"])
    head = LogisticRegression(C=chosen["C"], max_iter=2000).fit(x, y)
    held_out = ~found.fit
    held_out_figures = (
        _measures(
            found.labels[held_out], head.predict_proba(inputs[held_out])[:, 1] >= chosen["cut"]
        )
        if held_out.any()
        else {}
    )
    dim = len(next(iter(vectors.values())))
    weights = head.coef_[0]
    return {
        "encoder": ENCODER,
        "features": list(FEATURES),
        "embedding_weights": [round(float(w), 6) for w in weights[:dim]],
        "feature_weights": [round(float(w), 6) for w in weights[dim:]],
        "bias": round(float(head.intercept_[0]), 6),
        "cut": chosen["cut"],
        "metadata": {
            "trained_by": "python -m rashomon.training.loaded",
            "data": f"{data.name}: {int(found.fit.sum())} words of the fit half "
            f"({int(y.sum())} marked), {len(babe)} sentences in all",
            "chosen_by": f"{FOLDS}-fold cross-validation over the fit half's sentences, "
            f"best F{BETA} of word precision and recall",
            "cross_validated": chosen,
            "held_out_words": held_out_figures,
            "seconds": round(time.time() - started, 1),
        },
    }


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--data", required=True, help="BABE folder or its label CSV")
    parser.add_argument("--out", help=f"default: {model_path(LANGUAGE)}")
    parser.add_argument("--cache", help="file for the analysed examples")
    parser.add_argument("--limit", type=int, help="only the first N sentences (a smoke run)")
    args = parser.parse_args(argv)
    try:
        spec = train(Path(args.data), Path(args.cache) if args.cache else None, args.limit)
    except (OSError, ValueError) as error:
        parser.exit(1, f"error: {error}\n")
    out = Path(args.out) if args.out else model_path(LANGUAGE)
    out.write_text(json.dumps(spec, indent=1), encoding="utf-8")
    metadata = spec["metadata"]
    print(
        f"wrote {out}: cross-validated {json.dumps(metadata['cross_validated'])}; "
        f"held-out words {json.dumps(metadata['held_out_words'])}"
    )


if __name__ == "__main__":
    main()
