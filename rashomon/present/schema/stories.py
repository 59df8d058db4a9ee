"""Stored stories as they leave the process (docs/stories-json.md)."""

from __future__ import annotations

from pydantic import BaseModel, Field

from rashomon.present.schema import CLOSED, record_model
from rashomon.types import StorySummary

StorySummaryModel = record_model(StorySummary)


class StoryArticle(BaseModel):
    model_config = CLOSED
    id: str
    outlet: str | None
    title: str | None
    published: str | None
    url: str | None
    compared: bool = Field(description="Among the articles the comparison lines up.")


class CopyMember(BaseModel):
    model_config = CLOSED
    article: str
    score: float


class CopyGroupOut(BaseModel):
    """Articles that are one text: copies, or translations, of the origin."""

    model_config = CLOSED
    kind: str = Field(description='"copy" or "translation".')
    origin: str
    members: list[CopyMember] = Field(description="The origin first.")


class StoryRecord(StorySummaryModel):  # type: ignore[valid-type,misc]
    """A stored story: its listing, every article and its copy groups."""

    articles: list[StoryArticle]
    copies: list[CopyGroupOut]


class StoryListing(BaseModel):
    """``rashomon stories --format json``: one page of stories."""

    model_config = CLOSED
    total: int = Field(description="Stories matching the filters, on every page.")
    stories: list[StorySummaryModel]  # type: ignore[valid-type]
