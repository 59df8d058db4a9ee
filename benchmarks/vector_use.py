"""Which sentence vectors compare reads, and what it encodes again.

    python benchmarks/vector_use.py [--data DIR ...] [--memo] [--dump DIR] [--json OUT]

Each DIR holds ``articles/<event>/*.txt`` (``examples``, ``../shared/data/realnews_compare``).
Every event's articles are analysed (vectors included) and compared in this process with
the encoder's ``encode`` watched; for each event this counts:

- sentence vectors made at analysis time, and those compare reads: a sentence whose
  statement is the whole sentence (``statement_vectors``); every sentence vector also
  enters the document vector (their mean), which stories, copies and compare's pair
  similarity read;
- texts compare encodes: statement clauses (``statement_vectors``) and quotes and quote
  pieces (``compare/quotes.py``), how many of them were encoded earlier in the same
  compare, and how many equal a sentence whose vector the analysis already holds;
- CPU time of compare's encoding against compare in all.

``--memo`` runs compare with ``MemoEncoder`` (each distinct text encoded once per compare);
``--dump`` writes each comparison's JSON, to check that the memo changes no output.

A script, not a test.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
DATA = (REPO / "examples", REPO.parent / "shared" / "data" / "realnews_compare")


class WatchedEncoder:
    """Wraps an encoder: records every text it is asked for and the CPU time spent."""

    def __init__(self, encoder: Any) -> None:
        self._encoder = encoder
        self.name, self.dim = encoder.name, encoder.dim
        self.calls: list[list[str]] = []
        self.seconds = 0.0

    def encode(self, texts: Sequence[str]) -> Any:
        self.calls.append(list(texts))
        began = time.process_time()
        try:
            return self._encoder.encode(texts)
        finally:
            self.seconds += time.process_time() - began


def measure_event(files: list[str], memo: bool, dump: Path | None) -> dict[str, Any]:
    from rashomon.analyze.embeddings import DEFAULT_EMBEDDER, MemoEncoder, embedders
    from rashomon.analyze.pipeline import analyze_many
    from rashomon.compare import compare
    from rashomon.compare.statements import article_statements
    from rashomon.errors import InputError
    from rashomon.ingest import read_paths

    articles = [a for a in read_paths(files) if not isinstance(a, InputError)]
    analyses = [a for a in analyze_many(articles) if not isinstance(a, InputError)]
    encoder = embedders.get(DEFAULT_EMBEDDER)
    watched = WatchedEncoder(encoder)
    # compare asks the registry for its encoder: hand it the watched one for this call
    embedders._instances[DEFAULT_EMBEDDER] = MemoEncoder(watched) if memo else watched
    try:
        began = time.process_time()
        comparison = compare(analyses)
        compare_seconds = time.process_time() - began
    finally:
        embedders._instances[DEFAULT_EMBEDDER] = encoder
    if dump is not None:
        from rashomon.api import to_json

        dump.mkdir(parents=True, exist_ok=True)
        name = Path(files[0]).parent.name + ".json"
        (dump / name).write_text(json.dumps(to_json(comparison), indent=1, sort_keys=True))
    sentences = sum(len(a.sentences) for a in analyses)
    # distinct sentences whose vector statement_vectors takes (a whole-sentence statement)
    read_sentences = sum(
        len(
            {
                s.sentence
                for s in article_statements(a, n)
                if (s.start, s.end) == (a.sentences[s.sentence].start, a.sentences[s.sentence].end)
            }
        )
        for n, a in enumerate(analyses)
    )
    sentence_texts = {s.text for a in analyses for s in a.sentences}
    seen: Counter[str] = Counter()
    repeated = 0
    for call in watched.calls:
        for text in call:
            repeated += seen[text] > 0
            seen[text] += 1
    encoded = sum(map(len, watched.calls))
    return {
        "articles": len(analyses),
        "sentence_vectors": sentences,
        "sentence_vectors_read_by_statements": read_sentences,
        "encode_calls": len(watched.calls),
        "texts_encoded_at_compare": encoded,
        "first_call_texts (statement clauses)": len(watched.calls[0]) if watched.calls else 0,
        "texts_encoded_again_in_this_compare": repeated,
        "texts_equal_to_an_analysed_sentence": sum(
            1 for call in watched.calls for text in call if text in sentence_texts
        ),
        "encode_cpu_seconds": watched.seconds,
        "compare_cpu_seconds": compare_seconds,
    }


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", nargs="+", type=Path, default=list(DATA))
    parser.add_argument(
        "--memo", action="store_true", help="compare with a MemoEncoder (each text once)"
    )
    parser.add_argument("--dump", type=Path, help="write each event's compare JSON here")
    parser.add_argument("--json", type=Path)
    args = parser.parse_args(argv)
    report: dict[str, Any] = {}
    for folder in args.data:
        events = sorted(p for p in (folder / "articles").iterdir() if p.is_dir())
        rows = {
            e.name: measure_event(sorted(str(f) for f in e.glob("*.txt")), args.memo, args.dump)
            for e in events
        }
        total = {key: sum(row[key] for row in rows.values()) for key in next(iter(rows.values()))}
        report[folder.name] = {"total": total, "events": rows}
        print(f"{folder.name}: {len(rows)} events")
        for key, value in total.items():
            print(
                f"  {key:<48}{value:>10.2f}"
                if isinstance(value, float)
                else f"  {key:<48}{value:>10}"
            )
        unread = 1 - total["sentence_vectors_read_by_statements"] / total["sentence_vectors"]
        print(f"  sentence vectors compare never reads (outside the mean): {unread:.0%}")
    if args.json:
        args.json.write_text(json.dumps(report, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
