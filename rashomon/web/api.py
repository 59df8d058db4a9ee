"""The JSON API under ``/api``, described by the OpenAPI document at ``/openapi.json``.

Lists take ``limit`` (1 to 200) and ``offset`` and answer with ``items`` and
``next_offset`` (null on the last page); stories and quotes also give ``total``. Errors
answer ``{"detail": ...}``: 403 for what this server does not allow, 404 for an unknown id,
413 for a request over the size limit, 400 for a body that is not UTF-8, 422 for invalid
input, malformed JSON included (FastAPI's validation list, or a sentence). A story's
document is cached with its page (``Web.story_page``), searches on their own
(``Web.search``); a cached answer is sent before FastAPI sees the request
(``CachedFastPath``).
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

import orjson
from fastapi import APIRouter, Path, Query, Request
from fastapi.responses import JSONResponse, Response
from pydantic import BaseModel, ConfigDict, Field
from starlette.exceptions import HTTPException

from rashomon.errors import InputError
from rashomon.ingest.jsonl import record_to_article
from rashomon.present.json import analysis_to_dict, article_to_dict
from rashomon.present.schema import dump
from rashomon.present.schema.analysis import ArticleAnalysis, PublicArticle
from rashomon.present.schema.comparison import ComparisonDocument
from rashomon.present.schema.stories import (
    CopyGroupOut,
    CopyMember,
    StoryRecord,
    StorySummaryModel,
)
from rashomon.store.sqlite import until_bound
from rashomon.types import DATE_PATTERN, Analysis, Article, StoryFilter
from rashomon.web.inputs import FETCHING_DISABLED, MAX_ARTICLES, fetched_articles
from rashomon.web.outlets import BreakdownOut, VoicesOut
from rashomon.web.render import snippet_parts
from rashomon.web.service import (
    INGEST_DISABLED,
    MAX_BODY_BYTES,
    MAX_LIMIT,
    MAX_OFFSET,
    CopyGroup,
    StorySearch,
    Web,
    WebDep,
)
from rashomon.web.story import public_comparison

MAX_INGEST = 100  # articles per ingestion request (each takes ~0.3 s to analyse)


Limit = Annotated[int, Query(ge=1, le=MAX_LIMIT, description="Items per page.")]
Offset = Annotated[int, Query(ge=0, le=MAX_OFFSET, description="Items to skip.")]
DateQuery = Annotated[
    str | None, Query(pattern=DATE_PATTERN, description="ISO 8601 date or date-time.")
]
Words = Annotated[str | None, Query(max_length=500, description="Words, all required.")]
Outlet = Annotated[str | None, Query(max_length=200, description="An outlet's exact name.")]
Language = Annotated[str | None, Query(max_length=16, description="ISO 639-1 code.")]


class Problem(BaseModel):
    detail: str | list[Any] = Field(description="What is wrong with the request.")
    errors: list[str] = Field(default=[], description="Inputs that could not be read.")


ERRORS: dict[int | str, dict[str, Any]] = {
    422: {"model": Problem, "description": "Invalid input."},
    413: {"model": Problem, "description": "Request over the size limit."},
}
NOT_FOUND: dict[int | str, dict[str, Any]] = {404: {"model": Problem, "description": "Unknown id."}}
# Bodies: 403 for what the server does not allow, 400 for a body that cannot be read at all
# (not UTF-8). Malformed JSON is a 422 like any other invalid body (FastAPI's problem of
# type "json_invalid"), as docs/web.md says.
POSTED: dict[int | str, dict[str, Any]] = {
    400: {"model": Problem, "description": "The body cannot be read (it is not UTF-8)."},
    403: {"model": Problem, "description": "Not enabled on this server."},
}

router = APIRouter(responses=ERRORS)


# --- models -------------------------------------------------------------------------


class StoryList(BaseModel):
    items: list[StorySummaryModel]  # type: ignore[valid-type]
    total: int
    offset: int
    limit: int
    next_offset: int | None


class StoryCoverageOut(BaseModel):
    breakdowns: list[BreakdownOut]
    voices: VoicesOut


class StoryDetail(BaseModel):
    story: StoryRecord
    comparison: ComparisonDocument | None = Field(
        description="The comparison of the story's chosen articles as `rashomon compare` "
        "writes it, without the articles' paths (docs/compare-json.md); null with a single "
        "article."
    )
    coverage: StoryCoverageOut = Field(
        description="Every article of the story by outlet group (each dimension the outlet "
        "registry holds), and whom they quote (docs/outlets.md)."
    )


class ArticleHitOut(BaseModel):
    id: str
    title: str | None
    outlet: str | None
    published: str | None
    language: str | None
    url: str | None
    story_id: int | None
    snippet: str = Field(description="The matching passage, as plain text.")
    matches: list[tuple[int, int]] = Field(description="[start, end) of each matched word.")


class ArticleList(BaseModel):
    items: list[ArticleHitOut]
    total: int
    offset: int
    limit: int
    next_offset: int | None


class ArticleDetail(BaseModel):
    article: PublicArticle  # type: ignore[valid-type]
    analysis: ArticleAnalysis | None = Field(  # type: ignore[valid-type]
        description="The analysis as `rashomon analyze` writes it, without the article "
        "(docs/analysis-json.md); null when the analysis failed."
    )
    story_id: int | None
    copies: list[CopyGroupOut]


class QuoteHitOut(BaseModel):
    article_id: str
    index: int = Field(description="The quote's position in its article's analysis.")
    start: int
    end: int
    kind: str
    speaker: str | None
    text: str
    cue: str | None
    title: str | None
    outlet: str | None
    published: str | None
    story_id: int | None


class QuoteList(BaseModel):
    items: list[QuoteHitOut]
    total: int
    offset: int
    limit: int
    next_offset: int | None


class ArticleIn(BaseModel):
    """An article given as text (the JSON reader's fields: docs in rashomon.ingest.jsonl)."""

    model_config = ConfigDict(extra="forbid")
    text: str = Field(min_length=1, max_length=MAX_BODY_BYTES, pattern=r"\S")
    title: str | None = Field(default=None, max_length=1000)
    outlet: str | None = Field(default=None, max_length=200)
    published: str | None = Field(default=None, max_length=64)
    url: str | None = Field(default=None, max_length=2000, description="Where it was published.")
    language: str | None = Field(default=None, max_length=16)
    byline: str | None = Field(default=None, max_length=500)


class FetchIn(BaseModel):
    """An article to fetch from the web (only where the server fetches; 403 otherwise)."""

    model_config = ConfigDict(extra="forbid")
    fetch: str = Field(max_length=2000, description="An http(s) address.")


Input = ArticleIn | FetchIn


class CompareIn(BaseModel):
    articles: list[Input] = Field(min_length=2, max_length=MAX_ARTICLES)


class CompareOut(BaseModel):
    comparison: ComparisonDocument = Field(
        description="As `rashomon compare` writes it, without the articles' paths "
        "(docs/compare-json.md)."
    )
    errors: list[str] = Field(description="Inputs that could not be read or analysed.")


class IngestIn(BaseModel):
    articles: list[Input] = Field(min_length=1, max_length=MAX_INGEST)


class IngestOut(BaseModel):
    read: int
    added: int = Field(description="Articles the store did not hold before.")
    skipped: int = Field(description="Articles already analysed.")
    analysed: int
    reused: int = Field(description="Copies given the stored analysis of the same text.")
    assigned: int = Field(description="Articles given a story.")
    new_stories: int
    errors: list[str]


# --- endpoints ------------------------------------------------------------------------


def _next(offset: int, shown: int, limit: int, total: int) -> int | None:
    return offset + limit if offset + shown < total else None


@router.get("/stories", response_model=StoryList, summary="Search stories")
async def list_stories(
    web: WebDep,
    request: Request,
    q: Words = None,
    entity: Annotated[
        str | None, Query(max_length=200, description="Words of a name an article mentions.")
    ] = None,
    speaker: Annotated[
        str | None, Query(max_length=200, description="Words of the name of someone quoted.")
    ] = None,
    outlet: Outlet = None,
    language: Language = None,
    since: DateQuery = None,
    until: DateQuery = None,
    dimension: Annotated[
        str | None,
        Query(max_length=100, description="An outlet grouping: country, owner or a rating."),
    ] = None,
    group: Annotated[
        str | None, Query(max_length=200, description="A group of `dimension` (with it).")
    ] = None,
    order: Literal["last_seen", "size"] = "last_seen",
    limit: Limit = 20,
    offset: Offset = 0,
) -> Response:
    """Newest (`order=last_seen`) or biggest (`order=size`) stories. `q` is words all of
    which an article of the story (or its label) must contain; `entity` needs an article
    naming a person, organisation or place, and `speaker` one quoting someone, whose name
    holds these words in this order (any case, accents ignored: `orlov` finds Viktor
    Orlov); `outlet` and `language` need an article from that outlet or in that language;
    `since` a story last seen then or later, `until` then or earlier (a bare date is the
    whole day); `dimension` and `group` a story with an article from an outlet of that
    group (`dimension=lean&group=centre`, docs/outlets.md). All given filters apply
    together."""
    where = StoryFilter(
        query=q,
        entity=entity,
        speaker=speaker,
        outlet=outlet,
        language=language,
        since=since,
        until=until,
    )
    search = StorySearch(where, dimension, group)

    def answer() -> bytes:
        found, total = web.stories(search, order=order, limit=limit, offset=offset)
        return (
            StoryList(
                items=[StorySummaryModel.model_validate(s) for s in found],
                total=total,
                offset=offset,
                limit=limit,
                next_offset=_next(offset, len(found), limit, total),
            )
            .model_dump_json()
            .encode()
        )

    return await web.search(request, "application/json", answer)


@router.get(
    "/stories/{story_id}",
    response_model=StoryDetail,
    responses=NOT_FOUND,
    summary="A story and its comparison",
)
async def get_story(
    web: WebDep, request: Request, story_id: Annotated[int, Path(ge=1, le=2**62)]
) -> Response:
    """The story's listing, every article, its copy groups, and the comparison of the
    articles chosen for it (the first of each outlet first, copies left out, at most 8)."""
    found = await web.story_page(story_id)
    if found is None:
        raise HTTPException(404, f"no story {story_id}")
    return found.json_response(request.headers.get("accept-encoding", ""))


@router.get("/articles", response_model=ArticleList, summary="Search articles")
async def list_articles(
    web: WebDep,
    request: Request,
    q: Annotated[str, Query(min_length=1, max_length=500, description="Words, all required.")],
    outlet: Outlet = None,
    language: Language = None,
    since: DateQuery = None,
    until: DateQuery = None,
    limit: Limit = 20,
    offset: Offset = 0,
) -> Response:
    """Articles whose title, text or outlet contain every word of `q`, best match first;
    `since` and `until` bound the publication time (a bare date is the whole day). `total`
    counts every match."""
    return await web.search(
        request,
        "application/json",
        lambda: _articles_page(web, q, outlet, language, since, until, limit, offset),
    )


def _articles_page(
    web: Web,
    q: str,
    outlet: str | None,
    language: str | None,
    since: str | None,
    until: str | None,
    limit: int,
    offset: int,
) -> bytes:
    store = web.db.store()
    where = {"outlet": outlet, "language": language, "since": since, "until": until_bound(until)}
    hits = store.search_articles(q, **where, limit=limit, offset=offset)
    # The last page says how many match; only an earlier one needs them counted.
    last = len(hits) < limit and (hits or not offset)
    total = offset + len(hits) if last else store.count_articles(q, **where)
    items = []
    for hit in hits:
        text, matches = snippet_parts(hit.snippet)
        items.append(
            ArticleHitOut(
                id=hit.id,
                title=hit.title,
                outlet=hit.outlet,
                published=hit.published,
                language=hit.language,
                url=hit.url,
                story_id=hit.story_id,
                snippet=text,
                matches=matches,
            )
        )
    return (
        ArticleList(
            items=items,
            total=total,
            offset=offset,
            limit=limit,
            next_offset=_next(offset, len(hits), limit, total),
        )
        .model_dump_json()
        .encode()
    )


@router.get(
    "/articles/{article_id}",
    response_model=ArticleDetail,
    responses=NOT_FOUND,
    summary="An article and its analysis",
)
def get_article(web: WebDep, article_id: Annotated[str, Path(max_length=64)]) -> Response:
    """The article as read, the essentials of its analysis (quotes with speakers, names,
    credited sources, tone), its story and its copy groups."""
    found = web.article(article_id)
    if found is None:
        raise HTTPException(404, f"no article {article_id}")
    article = article_to_dict(found.article)
    detail = ArticleDetail(
        article={name: article[name] for name in PublicArticle.model_fields},
        analysis=_analysis(found.analysis) if found.analysis else None,
        story_id=found.story_id,
        copies=[_copy_group(g) for g in found.copies],
    )
    return Response(orjson.dumps(dump(detail)), media_type="application/json")


def _analysis(analysis: Analysis) -> dict[str, Any]:
    document = analysis_to_dict(analysis)
    del document["article"]  # given beside it
    return document


def _copy_group(group: CopyGroup) -> CopyGroupOut:
    return CopyGroupOut(
        kind=group.kind,
        origin=group.origin,
        members=[CopyMember(article=a, score=s) for a, s in group.members],
    )


@router.get("/quotes", response_model=QuoteList, summary="Search quotes by speaker")
async def list_quotes(
    web: WebDep,
    request: Request,
    speaker: Annotated[
        str, Query(min_length=1, max_length=200, description="Words of the speaker's name.")
    ],
    limit: Limit = 20,
    offset: Offset = 0,
) -> Response:
    """Quotes whose speaker's name holds the words of `speaker` in this order (any case,
    accents ignored: `orlov` finds Dmitri Orlov's), newest article first."""

    def answer() -> bytes:
        store = web.db.store()
        hits = store.quotes_by_speaker(speaker, limit=limit, offset=offset)
        total = store.count_quotes_by_speaker(speaker)
        return (
            QuoteList(
                items=[QuoteHitOut.model_validate(h, from_attributes=True) for h in hits],
                total=total,
                offset=offset,
                limit=limit,
                next_offset=_next(offset, len(hits), limit, total),
            )
            .model_dump_json()
            .encode()
        )

    return await web.search(request, "application/json", answer)


def _articles(web: Web, given: list[Input], source: str) -> list[Article | InputError]:
    """The request's articles, those to fetch read in turn (403 if fetching is off)."""
    if web.fetcher is None and any(isinstance(a, FetchIn) for a in given):
        raise HTTPException(403, FETCHING_DISABLED)
    items: list[Article | InputError] = []
    for n, item in enumerate(given, start=1):
        if isinstance(item, FetchIn):
            items.extend(fetched_articles([item.fetch], web.fetcher))
        else:
            where = f"{source} {n}"
            items.append(
                record_to_article(item.model_dump(exclude_none=True), where=where, path=where)
            )
    return items


@router.post("/compare", response_model=CompareOut, responses=POSTED, summary="Compare articles")
def compare_articles(web: WebDep, body: CompareIn) -> Response:
    """Analyse 2 to 8 articles, given as text or (where the server fetches) as addresses
    to fetch, and compare them. Nothing is stored. Takes about a second per article."""
    items = _articles(web, body.articles, "article")
    articles = [item for item in items if isinstance(item, Article)]
    errors = [str(item) for item in items if isinstance(item, InputError)]
    if len(articles) > MAX_ARTICLES:
        raise HTTPException(422, f"{len(articles)} articles read: compare at most {MAX_ARTICLES}")
    result = web.compare(articles)
    errors += [str(e) for e in result.errors]
    if result.comparison is None:
        return JSONResponse(
            {"detail": "compare needs at least two readable articles", "errors": errors},
            status_code=422,
        )
    document = {"comparison": public_comparison(result.comparison), "errors": errors}
    return Response(orjson.dumps(document), media_type="application/json")


@router.post(
    "/ingest", response_model=IngestOut, responses=POSTED, summary="Add articles to the store"
)
def ingest_articles(web: WebDep, body: IngestIn) -> IngestOut:
    """Store and analyse the articles (text, or addresses where the server fetches), then
    group the new ones into stories. Only when the server allows ingestion; 403 otherwise."""
    if not web.allow_ingest:
        raise HTTPException(403, INGEST_DISABLED)
    result = web.ingest(_articles(web, body.articles, "ingested article"))
    return IngestOut.model_validate(result, from_attributes=True)
