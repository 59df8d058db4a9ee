"""Score comparisons against hand-written gold in the shipped examples' format.

    rashomon eval compare --data examples

DIR holds ``gold/<event>.json`` and ``articles/<event>/*.txt`` (examples/README.md gives
the gold schema). Each event's articles are analysed and compared, and the comparison is
scored in process:
- the strict measures of ``compare_strict`` (the headline; docs/evaluation.md): fact
  pair precision and recall, blobs, omissions, one-outlet facts, gold quotes found and
  their speakers, cross-outlet quote pairs, speaker conflicts, citations, loaded words,
  number conflicts, same story;
- kept beside them: gold groups of one utterance (translations, rewordings) found whole
  in one quote group, and with the gold speaker; gold conflicts whose values two or more
  found number conflicts overlap (``conflict_recall``, any gold kind) and found number
  conflicts that match a gold one (``conflict_precision``).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from rashomon.compare.types import Comparison, QuoteGroup
from rashomon.eval.compare_strict import add_counts, score_strict, strict_rates
from rashomon.types import Analysis

_PREFIX = 40  # characters of a quote that identify it (gold and system differ in edges)


def _norm(text: str) -> str:
    return " ".join(text.strip(' ,.;:!?—–-«»"“”‘’').split()).lower()


def file_ids(analyses: Sequence[Analysis]) -> dict[str, str]:
    """Gold file name -> article id."""
    return {Path(a.article.path or "").name: a.article.id for a in analyses}


def quote_group_of(comparison: Comparison, article: str, text: str) -> QuoteGroup | None:
    """The quote group holding the article's quote that starts like ``text``."""
    wanted = _norm(text)
    for group in comparison.quotes:
        for member in group.members:
            got = _norm(member.text)
            if member.article == article and (wanted[:_PREFIX] in got or got[:_PREFIX] in wanted):
                return group
    return None


def score_event(
    comparison: Comparison, analyses: Sequence[Analysis], gold: dict[str, Any]
) -> dict[str, int]:
    """Counts for one event, strict and kept; add them up over events with ``add_counts``
    and divide in ``rates``."""
    counts = score_strict(
        comparison, gold, {Path(a.article.path or "").name: a.article.text for a in analyses}
    )
    counts.update(_score_quote_groups_and_conflicts(comparison, analyses, gold))
    return counts


def _score_quote_groups_and_conflicts(
    comparison: Comparison, analyses: Sequence[Analysis], gold: dict[str, Any]
) -> dict[str, int]:
    ids = file_ids(analyses)
    texts = {a.article.id: a.article.text for a in analyses}
    counts = dict.fromkeys(
        ("quote_groups", "quote_groups_whole", "quote_groups_speaker",
         "conflicts_gold", "conflicts_gold_found", "conflicts_found", "conflicts_found_right"),
        0,
    )  # fmt: skip
    for gold_group in gold.get("translated_quotes", []):
        found = [
            quote_group_of(comparison, ids[m["article"]], m["text"]) for m in gold_group["members"]
        ]
        counts["quote_groups"] += 1
        if found[0] is not None and all(g is found[0] for g in found):
            counts["quote_groups_whole"] += 1
            counts["quote_groups_speaker"] += found[0].speaker == gold_group["speaker"]
    # Per gold conflict: article id -> the (start, end) of its value in that article.
    spans: list[dict[str, tuple[int, int]]] = []
    for conflict in gold.get("conflicts", []):
        spans.append({})
        for file, value in conflict["values"].items():
            at = texts[ids[file]].index(value)
            spans[-1][ids[file]] = (at, at + len(value))
    matched: set[int] = set()
    for fact in comparison.facts:
        for conflict in fact.conflicts:
            if conflict.kind != "number":
                continue
            counts["conflicts_found"] += 1
            for g, gold_spans in enumerate(spans):
                hits = {
                    v.article
                    for v in conflict.values
                    if v.article in gold_spans
                    and v.start < gold_spans[v.article][1]
                    and gold_spans[v.article][0] < v.end
                }
                if len(hits) >= 2:
                    matched.add(g)
                    counts["conflicts_found_right"] += 1
                    break
    counts["conflicts_gold"] += len(spans)
    counts["conflicts_gold_found"] += len(matched)
    return counts


def rates(counts: dict[str, int]) -> dict[str, float | int | None]:
    """Every measure from (summed) counts: the strict ones first, then the kept ones."""

    def share(part: str, whole: str) -> float | None:
        return round(counts[part] / counts[whole], 4) if counts.get(whole) else None

    return {
        "same_story": share("same_story", "events"),
        **strict_rates(counts),
        "quote_groups_whole": share("quote_groups_whole", "quote_groups"),
        "quote_groups_speaker": share("quote_groups_speaker", "quote_groups"),
        "conflict_recall": share("conflicts_gold_found", "conflicts_gold"),
        "conflict_precision": share("conflicts_found_right", "conflicts_found"),
    }


def run_compare_eval(data_dir: str) -> dict[str, Any]:
    """Analyse, compare and score every event under ``data_dir``."""
    from rashomon.analyze.pipeline import analyze_many
    from rashomon.compare import compare
    from rashomon.errors import InputError
    from rashomon.ingest import read_path

    root = Path(data_dir)
    gold_files = sorted((root / "gold").glob("*.json"))
    if not gold_files:
        raise ValueError(f"no gold/*.json under {data_dir}")
    total: dict[str, int] = {}
    events: dict[str, Any] = {}
    for gold_file in gold_files:
        gold = json.loads(gold_file.read_text(encoding="utf-8"))
        folder = root / "articles" / gold_file.stem
        analyses = [
            a for a in analyze_many(read_path(str(folder))) if not isinstance(a, InputError)
        ]
        comparison = compare(analyses)
        counts = score_event(comparison, analyses, gold)
        events[gold_file.stem] = {
            **rates(counts),
            "same_story": comparison.same_story,
            "similarity": comparison.similarity,
        }
        add_counts(total, counts)
    return {"data": data_dir, **rates(total), "counts": total, "events": events}
