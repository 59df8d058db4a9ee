"""An article's analysis as it leaves the process (docs/analysis-json.md)."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field

from rashomon.present.schema import CLOSED, record_model, without
from rashomon.types import Article, Citation, Entity, Quote, Sentence, Tone

ANALYSIS_SCHEMA = "rashomon.analysis/1"
# The fields of an Analysis the document writes under another name; every other field
# has its own name.
RENAMED: dict[str, str | None] = {"language_confidence": "language"}


class DetectedLanguage(BaseModel):
    model_config = CLOSED
    code: str
    confidence: float


class EmbeddingsInfo(BaseModel):
    """The embedding model; the vectors only where asked for (``--vectors``)."""

    model_config = CLOSED
    model: str
    dim: int
    document: list[float] | None = None
    sentences: list[list[float]] | None = None


ArticleModel = record_model(Article)
# A sentence's text is its article's text between its offsets, given once, in article.text.
SentenceModel = record_model(Sentence, left_out=frozenset({"text"}))
EntityModel = record_model(Entity)
QuoteModel = record_model(Quote)
CitationModel = record_model(Citation)
ToneModel = record_model(Tone)


class AnalysisDocument(BaseModel):
    """One article's analysis (schema rashomon.analysis/1, docs/analysis-json.md). Every
    span's start and end are character offsets into ``article.text``."""

    model_config = CLOSED
    schema_: Literal["rashomon.analysis/1"] = Field(alias="schema")
    article: ArticleModel  # type: ignore[valid-type]
    language: DetectedLanguage
    sentences: list[SentenceModel]  # type: ignore[valid-type]
    entities: list[EntityModel]  # type: ignore[valid-type]
    quotes: list[QuoteModel]  # type: ignore[valid-type]
    citations: list[CitationModel]  # type: ignore[valid-type]
    tone: ToneModel  # type: ignore[valid-type]
    embeddings: EmbeddingsInfo | None


class InputErrorOut(BaseModel):
    """An input that could not be read or analysed."""

    model_config = CLOSED
    input: str
    reason: str


class AnalysisBatch(BaseModel):
    """``rashomon analyze --format json``: every analysis and every input error."""

    model_config = CLOSED
    schema_: Literal["rashomon.analysis/1"] = Field(alias="schema")
    analyses: list[AnalysisDocument]
    errors: list[InputErrorOut]


# --- the web API's form: the analysis beside its article (docs/web.md) ----------------

# An article as the web API shows it: without the file it was read from on the server
# and without the source's own metadata, which the server's operator may not publish.
PublicArticle = without(
    ArticleModel,
    "PublicArticle",
    {"path", "meta"},
    "An article as read; every offset of its analysis indexes into its text.",
)
# The analysis beside its article, which the API gives once.
ArticleAnalysis = without(
    AnalysisDocument,
    "ArticleAnalysis",
    {"article"},
    "The article's analysis (schema rashomon.analysis/1, docs/analysis-json.md) without "
    "its article, which is given beside it.",
)
