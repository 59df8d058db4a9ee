"""A comparison of one story's articles as it leaves the process (docs/compare-json.md)."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field

from rashomon.compare import types as compare_types
from rashomon.present.schema import CLOSED, record_model

COMPARISON_SCHEMA = "rashomon.comparison/1"
# The fields of a Comparison the document writes under another name (None: not written;
# the analyses are the texts behind the offsets). Every other field has its own name.
RENAMED: dict[str, str | None] = {
    "analyses": None,
    "people": "entities",
    "things": "entities",
    "credits": "citations",
    "framings": "tone",
    "first_published": "timeline",
}


class LinkedEntity(BaseModel):
    """A person, organisation or place linked across the articles."""

    model_config = CLOSED
    name: str
    label: str
    mentions: dict[str, int]
    quotes: dict[str, int]
    names: list[str]


# An article's path is a file on the machine that read it: the web app leaves it out.
ArticleRefModel = record_model(compare_types.ArticleRef, optional=frozenset({"path"}))
PairModel = record_model(compare_types.PairSimilarity)
FactGroupModel = record_model(compare_types.FactGroup)
PassageModel = record_model(compare_types.Passage)
QuoteGroupModel = record_model(compare_types.QuoteGroup)
CreditModel = record_model(compare_types.Credit)
ArticleToneModel = record_model(compare_types.ArticleTone)
FramingModel = record_model(compare_types.Framing)
TimelineEntryModel = record_model(compare_types.TimelineEntry)


class ComparisonTone(BaseModel):
    model_config = CLOSED
    articles: list[ArticleToneModel]  # type: ignore[valid-type]
    framings: list[FramingModel]  # type: ignore[valid-type]


class Timeline(BaseModel):
    model_config = CLOSED
    first_published: str | None
    articles: list[TimelineEntryModel]  # type: ignore[valid-type]


class ComparisonDocument(BaseModel):
    """The comparison of one story's articles (schema rashomon.comparison/1,
    docs/compare-json.md). Every passage's start and end are character offsets into the
    text of the article its ``article`` names."""

    model_config = CLOSED
    schema_: Literal["rashomon.comparison/1"] = Field(alias="schema")
    articles: list[ArticleRefModel]  # type: ignore[valid-type]
    same_story: bool
    similarity: float
    pairs: list[PairModel]  # type: ignore[valid-type]
    facts: list[FactGroupModel]  # type: ignore[valid-type]
    omissions: dict[str, list[str]]
    unmatched: dict[str, list[PassageModel]]  # type: ignore[valid-type]
    quotes: list[QuoteGroupModel]  # type: ignore[valid-type]
    entities: list[LinkedEntity]
    citations: list[CreditModel]  # type: ignore[valid-type]
    tone: ComparisonTone
    timeline: Timeline
