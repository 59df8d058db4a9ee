"""JSON form of a comparison, documented in docs/compare-json.md and defined by
``present/schema/comparison.ComparisonDocument``.

Every passage carries ``article`` (an article id from ``articles``) and ``start``/``end``
character offsets into that article's text as read.
"""

from __future__ import annotations

from typing import Any

from rashomon.compare.types import Comparison
from rashomon.ingest.names import displayable_fields
from rashomon.present.schema import dump
from rashomon.present.schema.comparison import (
    COMPARISON_SCHEMA,
    ComparisonDocument,
    LinkedEntity,
)

__all__ = ["COMPARISON_SCHEMA", "comparison_to_dict"]


def comparison_to_dict(comparison: Comparison) -> dict[str, Any]:
    entities = [
        LinkedEntity(
            name=p.name, label="PERSON", mentions=p.mentions, quotes=p.quotes, names=list(p.names)
        )
        for p in comparison.people
    ] + [
        LinkedEntity(name=t.name, label=t.label, mentions=t.mentions, quotes={}, names=[t.name])
        for t in comparison.things
    ]
    document = ComparisonDocument.model_validate(
        {
            "schema": COMPARISON_SCHEMA,
            # A label or path from a file name that is not UTF-8 is shown with \xNN (names.py).
            "articles": [displayable_fields(a) for a in comparison.articles],
            "same_story": comparison.same_story,
            "similarity": comparison.similarity,
            "pairs": comparison.pairs,
            "facts": comparison.facts,
            "omissions": comparison.omissions,
            "unmatched": comparison.unmatched,
            "quotes": comparison.quotes,
            "entities": entities,
            "citations": comparison.credits,
            "tone": {"articles": comparison.tone, "framings": comparison.framings},
            "timeline": {
                "first_published": comparison.first_published,
                "articles": comparison.timeline,
            },
        }
    )
    return dump(document)
