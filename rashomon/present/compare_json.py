"""JSON form of a comparison, documented in docs/compare-json.md.

Every passage carries ``article`` (an article id from ``articles``) and ``start``/``end``
character offsets into that article's text as read.
"""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from rashomon.compare.types import Comparison
from rashomon.ingest.names import displayable_fields

COMPARISON_SCHEMA = "rashomon.comparison/1"


def comparison_to_dict(comparison: Comparison) -> dict[str, Any]:
    entities = [
        {
            "name": p.name,
            "label": "PERSON",
            "mentions": p.mentions,
            "quotes": p.quotes,
            "names": list(p.names),
        }
        for p in comparison.people
    ] + [
        {"name": t.name, "label": t.label, "mentions": t.mentions, "quotes": {}, "names": [t.name]}
        for t in comparison.things
    ]
    return {
        "schema": COMPARISON_SCHEMA,
        # A label or path from a file name that is not UTF-8 is shown with \xNN (names.py).
        "articles": [asdict(displayable_fields(a)) for a in comparison.articles],
        "same_story": comparison.same_story,
        "similarity": comparison.similarity,
        "pairs": [asdict(p) for p in comparison.pairs],
        "facts": [asdict(f) for f in comparison.facts],
        "omissions": {k: list(v) for k, v in comparison.omissions.items()},
        "unmatched": {k: [asdict(p) for p in v] for k, v in comparison.unmatched.items()},
        "quotes": [asdict(q) for q in comparison.quotes],
        "entities": entities,
        "citations": [asdict(c) for c in comparison.credits],
        "tone": {
            "articles": [asdict(t) for t in comparison.tone],
            "framings": [asdict(f) for f in comparison.framings],
        },
        "timeline": {
            "first_published": comparison.first_published,
            "articles": [asdict(e) for e in comparison.timeline],
        },
    }
