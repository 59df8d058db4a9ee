"""The one definition of the JSON that leaves the process: an analysis (docs/analysis-json.md),
a comparison (docs/compare-json.md) and a stored story (docs/stories-json.md).

The models are built from the records themselves (``rashomon/types.py``,
``rashomon/compare/types.py``): every field of a record becomes a field of its model, of
the same name and type, so a field added to a record is in the JSON, in the OpenAPI
document and in the docs test at once. Only the few objects the outputs compose from
several records (an analysis's ``language``, a comparison's ``entities``, ``tone`` and
``timeline``, a story's articles and copy groups) are declared here by hand.

``rashomon analyze``, ``compare``, ``stories`` and ``story`` write their JSON through these
models (``present/json.py``, ``present/compare_json.py``, ``cli.py``), the web API declares
them as its response models (so ``/openapi.json`` describes every field), and
``tests/test_docs_schema.py`` checks that the docs pages document every field and no other.

Every field is always written (none is left out for being empty), with two exceptions the
models declare optional: an article's ``path`` (a file on the machine that read it) is
left out by the web app, and the embedding vectors are written only when asked for.
"""

from __future__ import annotations

import dataclasses
import inspect
import io
import itertools
import textwrap
import tokenize
import types
import typing
from typing import Any, Literal, Union

from pydantic import BaseModel, ConfigDict, Field, create_model

from rashomon.compare import types as compare_types
from rashomon.types import Article, Citation, Entity, Quote, Sentence, StorySummary, Tone

ANALYSIS_SCHEMA = "rashomon.analysis/1"
COMPARISON_SCHEMA = "rashomon.comparison/1"

# Closed: a key the model does not name is an error, so a writer cannot drift from it.
CLOSED = ConfigDict(extra="forbid", from_attributes=True, populate_by_name=True)

# Fields a record model leaves out, by record: a sentence's text is its article's text
# between its offsets, which the analysis JSON gives once, in ``article.text``.
LEFT_OUT: dict[type, frozenset[str]] = {Sentence: frozenset({"text"})}
# Fields that may be absent: the server's file path of an article, which the web app
# does not show.
MAY_BE_ABSENT: dict[type, frozenset[str]] = {
    compare_types.ArticleRef: frozenset({"path"}),
}

_models: dict[type, type[BaseModel]] = {}
# A record's fields, in its dedented source, stand at this column.
_BODY_INDENT = 4
# Comments for tools, not readers.
_NOT_PROSE = ("# type:", "# noqa", "# pragma")


def record_model(record: type) -> type[BaseModel]:
    """The model of a record (a dataclass): its fields, names and types, tuples as lists,
    nested records as their models. Built once per record."""
    if record not in _models:
        hints = typing.get_type_hints(record)
        comments = field_comments(record)
        fields: dict[str, Any] = {}
        for field in dataclasses.fields(record):
            if field.name in LEFT_OUT.get(record, ()):
                continue
            annotation = _outward(hints[field.name])
            description = comments.get(field.name)
            if field.name in MAY_BE_ABSENT.get(record, ()):
                fields[field.name] = (annotation | None, Field(None, description=description))
            else:
                fields[field.name] = (annotation, Field(description=description))
        _models[record] = create_model(
            record.__name__,
            __config__=CLOSED,
            __doc__=_description(record),
            __module__=__name__,
            **fields,
        )
    return _models[record]


def _outward(annotation: Any) -> Any:
    """A record field's type as the JSON model types it."""
    if dataclasses.is_dataclass(annotation) and isinstance(annotation, type):
        return record_model(annotation)
    origin, args = typing.get_origin(annotation), typing.get_args(annotation)
    if origin is tuple:
        if len(args) == 2 and args[1] is Ellipsis:
            return types.GenericAlias(list, (_outward(args[0]),))
        raise TypeError(f"a record's tuple must be tuple[X, ...], not {annotation}")
    if origin is list:
        return types.GenericAlias(list, (_outward(args[0]),))
    if origin is dict:
        return types.GenericAlias(dict, (args[0], _outward(args[1])))
    if origin in (Union, types.UnionType):
        return Union[tuple(_outward(a) for a in args)]  # noqa: UP007
    return annotation


def field_comments(record: type) -> dict[str, str]:
    """The comments the record's source gives its fields, the lines above a field and the
    end of its line, joined: they become the fields' descriptions in ``/openapi.json``.
    Empty where the source cannot be read (the JSON is the same without them)."""
    try:
        source = textwrap.dedent(inspect.getsource(record))
    except (OSError, TypeError):
        return {}
    lines = source.splitlines()
    comments: dict[int, str] = {}  # line number -> its comment
    fields: dict[int, str] = {}  # line number -> the field declared there
    tokens = list(tokenize.generate_tokens(io.StringIO(source).readline))
    for token, after in itertools.pairwise(tokens):
        if token.type == tokenize.COMMENT and not token.string.startswith(_NOT_PROSE):
            comments[token.start[0]] = token.string.lstrip("#").strip()
        elif token.type == tokenize.NAME and token.start[1] == _BODY_INDENT and after.string == ":":
            fields[token.start[0]] = token.string
    described = {}
    for number, name in fields.items():
        above = number - 1
        while above in comments and lines[above - 1].lstrip().startswith("#"):
            above -= 1
        parts = [comments[n] for n in range(above + 1, number + 1) if n in comments]
        if parts:
            described[name] = " ".join(parts)
    return described


def _description(record: type) -> str | None:
    """The record's docstring; None for dataclass's generated signature."""
    doc = record.__doc__ or ""
    return None if doc.startswith(f"{record.__name__}(") else doc.strip()


# --- the analysis of one article (docs/analysis-json.md) -----------------------------


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
SentenceModel = record_model(Sentence)
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


# --- the comparison of one story's articles (docs/compare-json.md) -------------------


class LinkedEntity(BaseModel):
    """A person, organisation or place linked across the articles."""

    model_config = CLOSED
    name: str
    label: str
    mentions: dict[str, int]
    quotes: dict[str, int]
    names: list[str]


ArticleRefModel = record_model(compare_types.ArticleRef)
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


# --- stored stories (docs/stories-json.md) -------------------------------------------

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


# --- the web API's forms of the same objects (docs/web.md) ---------------------------


def _without(model: type[BaseModel], name: str, left_out: set[str], doc: str) -> type[BaseModel]:
    """``model`` less the fields ``left_out``: the same fields, types and JSON names."""
    fields: dict[str, Any] = {
        field_name: (field.annotation, field)
        for field_name, field in model.model_fields.items()
        if field_name not in left_out
    }
    missing = left_out - set(model.model_fields)
    if missing:
        raise ValueError(f"{model.__name__} has no fields {sorted(missing)}")
    return create_model(name, __config__=CLOSED, __doc__=doc, __module__=__name__, **fields)


# An article as the web API shows it: without the file it was read from on the server
# and without the source's own metadata, which the server's operator may not publish.
PublicArticle = _without(
    ArticleModel,
    "PublicArticle",
    {"path", "meta"},
    "An article as read; every offset of its analysis indexes into its text.",
)
# The analysis beside its article, which the API gives once.
ArticleAnalysis = _without(
    AnalysisDocument,
    "ArticleAnalysis",
    {"article"},
    "The article's analysis (schema rashomon.analysis/1, docs/analysis-json.md) without "
    "its article, which is given beside it.",
)


def dump(document: BaseModel) -> dict[str, Any]:
    """A document as JSON-ready data: the fields by their JSON names, an optional field
    left out where it was not given."""
    return document.model_dump(mode="json", by_alias=True, exclude_unset=True)
