"""Score comparisons against hand-written gold in the shipped examples' format.

    rashomon eval compare --data examples

DIR holds ``gold/<event>.json`` and ``articles/<event>/*.txt`` (examples/README.md gives
the gold schema). Each event's articles are analysed and compared; the report counts:
- facts: for each gold fact, each pair of its carriers' evidence sentences that lands in
  one fact group (recall), and the share of the articles placed in the fact's groups that
  really carry it (precision: an omission must stay an omission);
- quotes: gold groups of one utterance (translations, rewordings) found whole in one
  quote group, and with the gold speaker;
- conflicts: gold number conflicts found (a conflict whose values overlap the gold values
  in two or more articles), and found conflicts that match no gold one;
- same story: events judged one story.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from rashomon.compare.types import Comparison, QuoteGroup
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
    """Counts for one event; add them up over events and divide in ``rates``."""
    ids = file_ids(analyses)
    texts = {a.article.id: a.article.text for a in analyses}
    counts = dict.fromkeys(
        ("fact_pairs", "fact_pairs_linked", "fact_placed", "fact_placed_right",
         "quote_groups", "quote_groups_whole", "quote_groups_speaker",
         "conflicts_gold", "conflicts_gold_found", "conflicts_found", "conflicts_found_right"),
        0,
    )  # fmt: skip
    for fact in gold["facts"]:
        where: dict[str, set[str]] = {}
        for file, phrase in fact["evidence"].items():
            article = ids[file]
            at = texts[article].index(phrase)
            where[article] = {
                group.id
                for group in comparison.facts
                for m in group.members
                if m.article == article and m.start <= at + len(phrase) and at < m.end
            }
        carriers = sorted(where)
        for x, a in enumerate(carriers):
            for b in carriers[x + 1 :]:
                counts["fact_pairs"] += 1
                counts["fact_pairs_linked"] += bool(where[a] & where[b])
        groups = set().union(*where.values())
        placed = {a for g in comparison.facts if g.id in groups for a in g.articles}
        counts["fact_placed"] += len(placed)
        counts["fact_placed_right"] += len(placed & set(carriers))
    for gold_group in gold.get("translated_quotes", []):
        found = [
            quote_group_of(comparison, ids[m["article"]], m["text"]) for m in gold_group["members"]
        ]
        counts["quote_groups"] += 1
        if found[0] is not None and all(g is found[0] for g in found):
            counts["quote_groups_whole"] += 1
            counts["quote_groups_speaker"] += found[0].speaker == gold_group["speaker"]
    spans = []
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


def rates(counts: dict[str, int]) -> dict[str, float | None]:
    def share(part: str, whole: str) -> float | None:
        return round(counts[part] / counts[whole], 4) if counts[whole] else None

    return {
        "fact_recall": share("fact_pairs_linked", "fact_pairs"),
        "fact_precision": share("fact_placed_right", "fact_placed"),
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
            "same_story": comparison.same_story,
            "similarity": comparison.similarity,
            **rates(counts),
        }
        for key, value in counts.items():
            total[key] = total.get(key, 0) + value
    return {
        **rates(total),
        "same_story": sum(e["same_story"] for e in events.values()) / len(events),
        "counts": total,
        "events": events,
    }
