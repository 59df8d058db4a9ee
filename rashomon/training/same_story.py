"""Fit the same-story model (``rashomon.compare.story``) on development sets with gold stories.

    python -m rashomon.training.same_story --data /work/shared/data \\
        [--cache DIR] [--out rashomon/compare/models/same_story.json]

Data (``rashomon.eval.story_data``), subsampled to keep CPU modest: ECB+ topics (two
events of one kind per topic), BASIL triplets (one event, three outlets) and MEANTIME
articles (one Wikinews article in en/es/it/nl). Every group of documents (an ECB+ topic, a
BASIL triplet, a MEANTIME article) is dealt to one of ``--folds`` folds first, and pairs are
only made inside a fold, so grouped cross-validation never sees a story on both sides.

Pairs. Positives: two documents of one story (ECB+ same event, BASIL same triplet,
MEANTIME translations of one article: all cross-language). Negatives, hard ones first:
ECB+ same topic and other event; MEANTIME same corpus and other article, most of them
across languages; BASIL other triplets (same year first); plus random pairs across
datasets.

Features are what the engine computes: ``compare([a, b]).pairs[0]`` gives ``document``
(cosine of the document vectors) and ``shared_facts``. The logistic model over
``story_features`` is fitted by Newton's method with a small L2 penalty (numpy only: the
test extra has no scikit-learn). Each (dataset, label) cell gets equal total weight, so
the large ECB+ set does not drown the cross-lingual MEANTIME pairs and the probability is
not tilted by how many negatives we chose to sample. The threshold maximises that same
weighted accuracy. Reported figures are out-of-fold: each fold is scored by a model and a
threshold fitted on the other folds. The baseline is the document cosine alone with a
threshold chosen the same way. Candidate extra features are scored the same way
(``--explore``) so their gain can be reported before the engine computes them.

Analyses are pickled per document under ``--cache`` and pair features kept in a JSON
there, keyed by the similarity model's digest, so a rerun only refits.
"""

from __future__ import annotations

import argparse
import hashlib
import itertools
import json
import pickle
import random
import re
import sys
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np

from rashomon.analyze.pipeline import analyze_many
from rashomon.compare import compare
from rashomon.compare.story import SAME_STORY_FEATURES, story_features
from rashomon.errors import InputError
from rashomon.eval.story_data import (
    EvalDocument,
    read_basil,
    read_ecbplus,
    read_meantime,
    to_article,
)
from rashomon.text.features import transliterate
from rashomon.types import Analysis

DEFAULT_OUT = Path(__file__).parents[1] / "compare" / "models" / "same_story.json"
DEFAULT_CACHE = Path.home() / ".cache" / "rashomon" / "train_story"  # outside the repo
_L2 = 1e-3  # against separation: cosine and shared facts split some datasets cleanly
_NAME_LABELS = frozenset({"PERSON", "ORG", "GPE", "LOC"})


@dataclass(frozen=True, slots=True)
class Sample:
    """How much of each set to use; the defaults keep a run under ~30 CPU minutes."""

    ecb_topics: int = 12
    ecb_per_event: int = 6
    basil_triplets: int = 25
    meantime_articles: int = 30
    folds: int = 5
    seed: int = 13


_DEFAULTS = Sample()  # slotted dataclass: the class attributes are descriptors, not values


@dataclass(frozen=True, slots=True)
class Pair:
    dataset: str  # ecbplus, basil, meantime, random
    kind: str  # what makes it hard or easy, e.g. "same-topic", "cross-language"
    a: str  # EvalDocument ids
    b: str
    label: int  # 1 same story
    fold: int


# --- data ------------------------------------------------------------------------------


def select_documents(data: Path, sample: Sample) -> dict[str, list[EvalDocument]]:
    """The subsample, per dataset; deterministic for a given seed."""
    rng = random.Random(sample.seed)
    ecb = read_ecbplus(data / "ecbplus")
    topics = sorted({_ecb_topic(d) for d in ecb})
    chosen_topics = set(rng.sample(topics, min(sample.ecb_topics, len(topics))))
    by_story: dict[str, list[EvalDocument]] = defaultdict(list)
    for document in ecb:
        if _ecb_topic(document) in chosen_topics and len(document.text.split()) >= 40:
            by_story[document.story].append(document)
    ecb_chosen = [
        d
        for story in sorted(by_story)
        for d in rng.sample(by_story[story], min(sample.ecb_per_event, len(by_story[story])))
    ]

    basil = read_basil(data / "basil")
    triplets = sorted({d.story for d in basil})
    chosen_triplets = set(rng.sample(triplets, min(sample.basil_triplets, len(triplets))))
    basil_chosen = [d for d in basil if d.story in chosen_triplets]

    meantime = read_meantime(data / "meantime")
    # half from each corpus, so both kinds of hard negative (airbus vs airbus, apple vs
    # apple) are there
    corpora: dict[str, list[str]] = defaultdict(list)
    for story in sorted({d.story for d in meantime}):
        corpora[story.split("/")[1]].append(story)
    per_corpus = max(1, sample.meantime_articles // max(1, len(corpora)))
    chosen_articles = {
        story
        for stories in corpora.values()
        for story in rng.sample(stories, min(per_corpus, len(stories)))
    }
    meantime_chosen = [d for d in meantime if d.story in chosen_articles]
    return {"ecbplus": ecb_chosen, "basil": basil_chosen, "meantime": meantime_chosen}


def _ecb_topic(document: EvalDocument) -> str:
    return document.story.rsplit("/", 1)[0]


def _group(dataset: str, document: EvalDocument) -> str:
    """The unit dealt to folds: both events of an ECB+ topic stay together, so a fold's
    hard negatives are never split from their positives."""
    return _ecb_topic(document) if dataset == "ecbplus" else document.story


def assign_folds(selected: dict[str, list[EvalDocument]], sample: Sample) -> dict[str, int]:
    """Group -> fold, round-robin over a shuffled order within each dataset."""
    rng = random.Random(sample.seed + 1)
    folds: dict[str, int] = {}
    for dataset, documents in selected.items():
        groups = sorted({_group(dataset, d) for d in documents})
        rng.shuffle(groups)
        for index, group in enumerate(groups):
            folds[group] = index % sample.folds
    return folds


def build_pairs(
    selected: dict[str, list[EvalDocument]], folds: dict[str, int], sample: Sample
) -> list[Pair]:
    """Labelled pairs, each inside one fold."""
    rng = random.Random(sample.seed + 2)
    pairs: list[Pair] = []

    def fold_of(dataset: str, document: EvalDocument) -> int:
        return folds[_group(dataset, document)]

    # ECB+: every same-event pair; as many same-topic other-event pairs as positives
    by_topic: dict[str, list[EvalDocument]] = defaultdict(list)
    for d in selected["ecbplus"]:
        by_topic[_ecb_topic(d)].append(d)
    for topic, documents in sorted(by_topic.items()):
        fold = folds[topic]
        positives = [(a, b) for a, b in itertools.combinations(documents, 2) if a.story == b.story]
        negatives = [(a, b) for a, b in itertools.combinations(documents, 2) if a.story != b.story]
        pairs += [Pair("ecbplus", "same-event", a.id, b.id, 1, fold) for a, b in positives]
        for a, b in rng.sample(negatives, min(len(positives), len(negatives))):
            pairs.append(Pair("ecbplus", "same-topic", a.id, b.id, 0, fold))

    # BASIL: the three pairs of each triplet; other triplets in the fold, same year first
    triplets: dict[str, list[EvalDocument]] = defaultdict(list)
    for d in selected["basil"]:
        triplets[d.story].append(d)
    for story, documents in sorted(triplets.items()):
        fold = folds[story]
        pairs += [
            Pair("basil", "same-triplet", a.id, b.id, 1, fold)
            for a, b in itertools.combinations(documents, 2)
        ]
        others = [
            o
            for o in selected["basil"]
            if o.story != story and folds[o.story] == fold and o.story > story
        ]
        year = (documents[0].published or "")[:4]
        others.sort(key=lambda o: ((o.published or "")[:4] != year, rng.random()))
        for other in others[:4]:
            kind = "same-year" if (other.published or "")[:4] == year else "other-year"
            pairs.append(Pair("basil", kind, rng.choice(documents).id, other.id, 0, fold))

    # MEANTIME: the six language pairs of each article; other articles of the same
    # corpus in the fold, four of five across languages
    articles: dict[str, list[EvalDocument]] = defaultdict(list)
    for d in selected["meantime"]:
        articles[d.story].append(d)
    for story, documents in sorted(articles.items()):
        fold = folds[story]
        pairs += [
            Pair("meantime", "translation", a.id, b.id, 1, fold)
            for a, b in itertools.combinations(documents, 2)
        ]
        corpus = story.split("/")[1]
        other_stories = sorted(
            s for s in articles if s > story and s.split("/")[1] == corpus and folds[s] == fold
        )
        for other_story in other_stories:
            combos = list(itertools.product(documents, articles[other_story]))
            same = [(a, b) for a, b in combos if a.language == b.language]
            cross = [(a, b) for a, b in combos if a.language != b.language]
            for a, b in rng.sample(same, min(1, len(same))):
                pairs.append(Pair("meantime", "same-corpus-same-language", a.id, b.id, 0, fold))
            for a, b in rng.sample(cross, min(4, len(cross))):
                pairs.append(Pair("meantime", "same-corpus-cross-language", a.id, b.id, 0, fold))

    # random: documents of different datasets in the same fold (easy negatives)
    by_fold: dict[int, list[tuple[str, EvalDocument]]] = defaultdict(list)
    for dataset, documents in selected.items():
        for d in documents:
            by_fold[fold_of(dataset, d)].append((dataset, d))
    for fold, members in sorted(by_fold.items()):
        for _ in range(15):
            (da, a), (db, b) = rng.sample(members, 2)
            if da != db:
                kind = "-".join(sorted((da, db)))
                pairs.append(Pair("random", kind, a.id, b.id, 0, fold))
    return pairs


# --- analyses and features -------------------------------------------------------------


def analyse(documents: Sequence[EvalDocument], cache: Path, workers: int) -> dict[str, Analysis]:
    """Document id -> analysis, from the pickle cache where present."""
    (cache / "analyses").mkdir(parents=True, exist_ok=True)
    found: dict[str, Analysis] = {}
    missing: list[EvalDocument] = []
    for document in documents:
        file = _cache_file(cache, document)
        if file.is_file():
            found[document.id] = pickle.loads(file.read_bytes())
        else:
            missing.append(document)
    if missing:
        _log(f"analysing {len(missing)} documents ({len(found)} cached), {workers} workers")
        start = time.monotonic()
        by_path = {d.id: d for d in missing}
        articles = [to_article(d) for d in missing]
        for done, result in enumerate(analyze_many(articles, workers=workers), 1):
            if isinstance(result, InputError):
                _log(f"  skipped {result}")
                continue
            document = by_path[result.article.path or ""]
            _cache_file(cache, document).write_bytes(pickle.dumps(result))
            found[document.id] = result
            if done % 25 == 0:
                _log(f"  {done}/{len(missing)} in {time.monotonic() - start:.0f}s")
    return found


def _cache_file(cache: Path, document: EvalDocument) -> Path:
    # the content hash in the name: an edited reader produces a fresh analysis
    safe = re.sub(r"[^\w.-]+", "_", document.id)
    return cache / "analyses" / f"{safe}-{to_article(document).id}.pkl"


def similarity_digest() -> str:
    """Digest of the shipped similarity and same-fact models: pair features depend on them
    (shared facts are the fact model's groups)."""
    models = resources.files("rashomon.compare").joinpath("models")
    digest = hashlib.sha256()
    for item in sorted(models.iterdir(), key=lambda p: p.name):
        if item.name.startswith(("use-m3", "e5-small", "similarity", "facts-")):
            digest.update(item.name.encode())
            digest.update(item.read_bytes())
    return digest.hexdigest()[:16]


def pair_features(
    pairs: Sequence[Pair], analyses: dict[str, Analysis], cache: Path
) -> dict[tuple[str, str], dict[str, float]]:
    """(a, b) -> engine features (document, shared_facts) plus candidate extras."""
    file = cache / f"features-{similarity_digest()}.json"
    stored: dict[str, dict[str, float]] = (
        json.loads(file.read_text("utf-8")) if file.is_file() else {}
    )
    todo = [p for p in pairs if f"{p.a}|{p.b}" not in stored]
    if todo:
        _log(f"comparing {len(todo)} pairs ({len(pairs) - len(todo)} cached)")
    start = time.monotonic()
    for done, pair in enumerate(todo, 1):
        a, b = analyses[pair.a], analyses[pair.b]
        result = compare([a, b]).pairs[0]
        stored[f"{pair.a}|{pair.b}"] = {
            "document": result.document,
            "shared_facts": result.shared_facts,
            "names": result.names,
            **_extra_features(a, b),
        }
        if done % 100 == 0 or done == len(todo):
            _log(f"  {done}/{len(todo)} in {time.monotonic() - start:.0f}s")
            file.write_text(json.dumps(stored), "utf-8")  # a killed run keeps its work
    return {tuple(k.split("|", 1)): v for k, v in stored.items()}  # type: ignore[misc]


def _extra_features(a: Analysis, b: Analysis) -> dict[str, float]:
    """Language-neutral candidates the engine does not compute (yet)."""
    features: dict[str, float] = {}
    ea, eb = a.embeddings, b.embeddings
    if ea is not None and eb is not None and len(ea.sentences) and len(eb.sentences):
        cos = ea.sentences @ eb.sentences.T
        # soft shared facts: the shorter article's sentences' best matches in the other
        best = cos.max(axis=1) if len(ea.sentences) <= len(eb.sentences) else cos.max(axis=0)
        features["sentence_match"] = float(best.mean())
        features["sentence_top"] = float(np.sort(best)[-3:].mean())
    else:
        features["sentence_match"] = features["sentence_top"] = 0.0
    na, nb = _names(a), _names(b)  # from the entity recogniser, where a language has one
    features["entity_names"] = len(na & nb) / min(len(na), len(nb)) if na and nb else 0.0
    features["days_apart"] = _days_apart(a.article.published, b.article.published)
    return features


def _names(analysis: Analysis) -> set[str]:
    """Transliterated words of the named people, organisations and places: these survive
    translation where other words do not ("Boeing", "Northrop Grumman", "McCain")."""
    words = set()
    for entity in analysis.entities:
        if entity.label in _NAME_LABELS:
            words |= {w for w in re.findall(r"\w+", transliterate(entity.name)) if len(w) > 2}
    return words


def _days_apart(a: str | None, b: str | None) -> float:
    # -1 marks "unknown": many documents have no date
    if not a or not b:
        return -1.0
    try:
        return float(abs((date.fromisoformat(a[:10]) - date.fromisoformat(b[:10])).days))
    except ValueError:
        return -1.0


# --- model -----------------------------------------------------------------------------


def fit_logistic(
    x: np.ndarray, y: np.ndarray, weights: np.ndarray, l2: float = _L2
) -> tuple[np.ndarray, float]:
    """Weighted L2-penalised logistic regression by Newton's method: (weights, bias)."""
    design = np.hstack([x, np.ones((len(x), 1))])
    sample = weights / weights.sum()
    theta = np.zeros(design.shape[1])
    penalty = np.full(design.shape[1], l2)
    penalty[-1] = 0.0  # the bias is not shrunk
    for _ in range(100):
        p = 1.0 / (1.0 + np.exp(-(design @ theta)))
        gradient = design.T @ (sample * (p - y)) + penalty * theta
        hessian = (design * (sample * p * (1 - p))[:, None]).T @ design + np.diag(penalty)
        step = np.linalg.solve(hessian, gradient)
        theta -= step
        if np.abs(step).max() < 1e-9:
            break
    return theta[:-1], float(theta[-1])


def predict(x: np.ndarray, coef: np.ndarray, bias: float) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-(x @ coef + bias)))


def best_threshold(scores: np.ndarray, y: np.ndarray, weights: np.ndarray) -> float:
    """The cut on ``scores`` with the highest weighted accuracy (midpoint between scores)."""
    order = np.argsort(scores)
    s, t, w = scores[order], y[order], weights[order]
    # predicting "same" for everything at or above s[i]: correct = negatives below + positives
    # at or above
    neg_below = np.concatenate([[0.0], np.cumsum(w * (1 - t))])
    pos_above = np.concatenate([np.cumsum((w * t)[::-1])[::-1], [0.0]])
    accuracy = neg_below + pos_above
    accuracy[1:-1][s[1:] == s[:-1]] = -1.0  # cannot cut between equal scores
    i = int(np.argmax(accuracy))
    if i == 0:
        return float(s[0] - 1e-6)
    if i == len(s):
        return float(s[-1] + 1e-6)
    return float((s[i - 1] + s[i]) / 2)


def cell_weights(pairs: Sequence[Pair]) -> np.ndarray:
    """Equal total weight per (dataset, label); random negatives count as their own set."""
    cells = Counter((p.dataset, p.label) for p in pairs)
    return np.array([1.0 / cells[(p.dataset, p.label)] for p in pairs])


def auc(scores: np.ndarray, y: np.ndarray) -> float | None:
    positives, negatives = scores[y == 1], scores[y == 0]
    if not len(positives) or not len(negatives):
        return None
    greater = (positives[:, None] > negatives[None, :]).sum()
    ties = (positives[:, None] == negatives[None, :]).sum()
    return float((greater + 0.5 * ties) / (len(positives) * len(negatives)))


Model = Callable[[np.ndarray, np.ndarray, np.ndarray], Callable[[np.ndarray], np.ndarray]]


def logistic_model(
    x: np.ndarray, y: np.ndarray, w: np.ndarray
) -> Callable[[np.ndarray], np.ndarray]:
    coef, bias = fit_logistic(x, y, w)
    return lambda z: predict(z, coef, bias)


def identity_model(
    x: np.ndarray, y: np.ndarray, w: np.ndarray
) -> Callable[[np.ndarray], np.ndarray]:
    del y, w  # a raw score: nothing to fit but the threshold
    return lambda z: z[:, 0]


def cross_validate(
    x: np.ndarray, pairs: Sequence[Pair], model: Model
) -> tuple[np.ndarray, np.ndarray]:
    """Out-of-fold scores and same-story decisions (threshold from the training folds)."""
    y = np.array([p.label for p in pairs], dtype=np.float64)
    folds = np.array([p.fold for p in pairs])
    scores = np.zeros(len(pairs))
    decisions = np.zeros(len(pairs), dtype=bool)
    for fold in sorted(set(folds.tolist())):
        train, test = folds != fold, folds == fold
        train_weights = cell_weights([p for p, t in zip(pairs, train, strict=True) if t])
        score = model(x[train], y[train], train_weights)
        threshold = best_threshold(score(x[train]), y[train], train_weights)
        scores[test] = score(x[test])
        decisions[test] = scores[test] >= threshold
    return scores, decisions


def report(
    pairs: Sequence[Pair], scores: np.ndarray, decisions: np.ndarray
) -> dict[str, dict[str, float | int | None]]:
    """Accuracy, F1, AUC and balanced accuracy per dataset and overall."""
    y = np.array([p.label for p in pairs])
    out: dict[str, dict[str, float | int | None]] = {}
    names = [*sorted({p.dataset for p in pairs}), "all"]
    for name in names:
        mask = np.array([name in ("all", p.dataset) for p in pairs])
        t, d, s = y[mask], decisions[mask], scores[mask]
        tp = int((d & (t == 1)).sum())
        fp = int((d & (t == 0)).sum())
        fn = int((~d & (t == 1)).sum())
        rates = [((d == t.astype(bool))[t == c]).mean() for c in (0, 1) if (t == c).any()]
        area = auc(s, t)
        out[name] = {
            "pairs": int(mask.sum()),
            "accuracy": round(float((d == t.astype(bool)).mean()), 4),
            "balanced_accuracy": round(float(np.mean(rates)), 4),
            "f1": round(2 * tp / (2 * tp + fp + fn), 4) if tp + fp + fn else None,
            "auc": round(area, 4) if area is not None else None,
        }
    return out


def by_kind(pairs: Sequence[Pair], decisions: np.ndarray) -> dict[str, float]:
    """Share of pairs of each kind decided correctly: where the errors are."""
    right: Counter[str] = Counter()
    total: Counter[str] = Counter()
    for pair, decision in zip(pairs, decisions, strict=True):
        key = f"{pair.dataset}/{pair.kind}"
        total[key] += 1
        right[key] += int(bool(decision) == bool(pair.label))
    return {k: round(right[k] / total[k], 4) for k in sorted(total)}


# --- main ------------------------------------------------------------------------------


def matrix(
    pairs: Sequence[Pair],
    features: dict[tuple[str, str], dict[str, float]],
    build: Callable[[dict[str, float]], Sequence[float]],
) -> np.ndarray:
    return np.array([build(features[(p.a, p.b)]) for p in pairs], dtype=np.float64)


def engine_row(f: dict[str, float]) -> tuple[float, float, float, float]:
    return story_features(f["document"], f["shared_facts"], f["names"])


CANDIDATES: dict[str, Callable[[dict[str, float]], Sequence[float]]] = {
    "engine + entity_names": lambda f: (*engine_row(f), f["entity_names"]),
    "engine + sentence_match": lambda f: (*engine_row(f), f["sentence_match"]),
    "engine + sentence_top": lambda f: (*engine_row(f), f["sentence_top"]),
}


def main(argv: Iterable[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m rashomon.training.same_story", description=__doc__.split("\n")[0]
    )
    parser.add_argument("--data", type=Path, required=True, help="evaluation data folder")
    parser.add_argument("--cache", type=Path, default=DEFAULT_CACHE)
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--ecb-topics", type=int, default=_DEFAULTS.ecb_topics)
    parser.add_argument("--ecb-per-event", type=int, default=_DEFAULTS.ecb_per_event)
    parser.add_argument("--basil-triplets", type=int, default=_DEFAULTS.basil_triplets)
    parser.add_argument("--meantime-articles", type=int, default=_DEFAULTS.meantime_articles)
    parser.add_argument("--folds", type=int, default=_DEFAULTS.folds)
    parser.add_argument("--seed", type=int, default=_DEFAULTS.seed)
    parser.add_argument("--explore", action="store_true", help="also score candidate features")
    args = parser.parse_args(list(argv) if argv is not None else None)
    sample = Sample(
        args.ecb_topics,
        args.ecb_per_event,
        args.basil_triplets,
        args.meantime_articles,
        args.folds,
        args.seed,
    )

    selected = select_documents(args.data, sample)
    folds = assign_folds(selected, sample)
    pairs = build_pairs(selected, folds, sample)
    documents = [d for ds in selected.values() for d in ds]
    _log(
        "documents: "
        + ", ".join(f"{k} {len(v)}" for k, v in selected.items())
        + f"; pairs: {len(pairs)}"
    )
    analyses = analyse(documents, args.cache, args.workers)
    pairs = [p for p in pairs if p.a in analyses and p.b in analyses]
    features = pair_features(pairs, analyses, args.cache)

    y = np.array([p.label for p in pairs], dtype=np.float64)
    weights = cell_weights(pairs)
    x = matrix(pairs, features, engine_row)
    coef, bias = fit_logistic(x, y, weights)
    scores, decisions = cross_validate(x, pairs, logistic_model)
    # the shipped threshold: best on the pooled out-of-fold probabilities, which are
    # scored by models that never saw those pairs
    threshold = best_threshold(scores, y, weights)
    cv = report(pairs, scores, decisions)
    cosine = matrix(pairs, features, lambda f: (f["document"],))
    base_scores, base_decisions = cross_validate(cosine, pairs, identity_model)
    baseline = report(pairs, base_scores, base_decisions)
    shared_only = matrix(pairs, features, lambda f: (f["shared_facts"],))
    shared_scores, shared_decisions = cross_validate(shared_only, pairs, identity_model)

    counts: dict[str, dict[str, int]] = defaultdict(lambda: {"positive": 0, "negative": 0})
    kinds: Counter[str] = Counter()
    for pair in pairs:
        counts[pair.dataset]["positive" if pair.label else "negative"] += 1
        kinds[f"{pair.dataset}/{pair.kind}"] += 1
    spec: dict[str, Any] = {  # the model file's JSON document
        "features": list(SAME_STORY_FEATURES),
        "weights": [round(float(v), 6) for v in coef],
        "bias": round(bias, 6),
        "threshold": round(threshold, 4),
        "trained": {
            "date": date.today().isoformat(),
            "script": "python -m rashomon.training.same_story",
            "data": {
                "ecbplus": f"ECB+ dev topics, {sample.ecb_topics} sampled, up to "
                f"{sample.ecb_per_event} documents per event",
                "basil": f"BASIL dev triplets, {sample.basil_triplets} sampled",
                "meantime": f"MEANTIME dev (airbus, apple), {sample.meantime_articles} "
                "articles x en/es/it/nl",
            },
            "documents": {k: len(v) for k, v in selected.items()},
            "pairs": dict(counts),
            "pair_kinds": dict(sorted(kinds.items())),
            "weighting": "equal total weight per (dataset, label)",
            "l2": _L2,
            "cv": {
                "folds": sample.folds,
                "grouped_by": "ECB+ topic, BASIL triplet, MEANTIME article",
                "model": cv,
                "model_by_kind": by_kind(pairs, decisions),
                "baseline_document_cosine": baseline,
                "baseline_by_kind": by_kind(pairs, base_decisions),
                "shared_facts_only": report(pairs, shared_scores, shared_decisions),
            },
            "similarity_models": similarity_digest(),
            "seed": sample.seed,
        },
    }
    if args.explore:
        explored: dict[str, object] = {}  # per candidate: its report, and its weights
        for name, build in CANDIDATES.items():
            cx = matrix(pairs, features, build)
            s, d = cross_validate(cx, pairs, logistic_model)
            explored[name] = report(pairs, s, d)
            explored[name + " (weights)"] = [
                round(float(v), 3) for v in fit_logistic(cx, y, weights)[0]
            ]
        spec["trained"]["explored"] = explored
        _log(json.dumps(explored, indent=1))
    args.out.write_text(json.dumps(spec, indent=2, ensure_ascii=False) + "\n", "utf-8")
    _log(f"wrote {args.out}")
    _log(json.dumps({k: spec[k] for k in ("weights", "bias", "threshold")}))
    for name in cv:
        m, b = cv[name], baseline[name]
        _log(
            f"{name:9} model acc {m['accuracy']} bal {m['balanced_accuracy']} f1 {m['f1']} "
            f"auc {m['auc']} | cosine acc {b['accuracy']} bal {b['balanced_accuracy']} "
            f"f1 {b['f1']} auc {b['auc']}"
        )
    return 0


def _log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


if __name__ == "__main__":
    raise SystemExit(main())
