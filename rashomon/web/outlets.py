"""The web app's outlet and coverage pages and their JSON: the articles list with facets,
the outlets (the registry and every outlet in the store), one outlet's profile, and the
corpus's coverage (top sources, attention over time, blindspots). docs/web.md lists them.

Each list exports as CSV or JSON (``format=csv|json``). Editing the registry from a page
needs a server that may write (``allow_ingest``); otherwise the form is not shown and a
POST is refused with 403.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from typing import Annotated, Any, Literal
from urllib.parse import quote, urlencode

from fastapi import APIRouter, Path, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from pydantic import BaseModel, Field
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException

from rashomon.errors import InputError
from rashomon.outlets import coverage as cov
from rashomon.outlets.profile import outlet_profile
from rashomon.outlets.registry import (
    UNREGISTERED,
    Edit,
    Registry,
    default_dimension,
    edit_outlet,
    outlet_row,
    record_to_dict,
)
from rashomon.present.coverage import (
    attention_svg,
    attention_to_dict,
    bars_svg,
    blindspot_to_dict,
    breakdown_to_dict,
    coverage_section,
    gaps_to_dict,
    voices_to_dict,
)
from rashomon.store.sqlite import CoverageRow, until_bound
from rashomon.types import DATE_PATTERN
from rashomon.web.facets import (
    EXPORT_TYPES,
    Facet,
    export_body,
    facet,
    month_bounds,
    months,
)
from rashomon.web.render import render
from rashomon.web.service import MAX_LIMIT, MAX_OFFSET, StorySearch, Web, WebDep

pages = APIRouter(include_in_schema=False)
api = APIRouter()
ARTICLES_PAGE = 50
Format = Annotated[Literal["html", "csv", "json"], Query(alias="format")]
DateParam = Annotated[str, Query(pattern=f"^$|{DATE_PATTERN}")]


def outlet_url(name: str) -> str:
    return "/outlets/" + quote(name, safe="")


def _blank(value: str) -> str | None:
    return value.strip() or None


# --- facets of the stories page ------------------------------------------------------------


def story_facets(web: Web, search: StorySearch, url: Callable[..., str]) -> list[Facet]:
    """Outlet, outlet group, language and month facets over the stories ``search`` finds."""
    store = web.db.store()
    registry = Registry.load(store)
    where = web.story_filter(search)
    pairs = store.story_outlet_pairs(where)
    dimension = search.dimension or default_dimension(registry)
    outlets: Counter[str] = Counter()
    groups: Counter[str] = Counter()
    seen: dict[int, str | None] = {}
    story_groups: dict[int, set[str]] = {}
    for story_id, outlet, last_seen in pairs:
        seen[story_id] = last_seen
        if outlet is not None:
            outlets[outlet] += 1
            story_groups.setdefault(story_id, set()).add(
                registry.group(dimension, outlet_row(outlet))
            )
    for found in story_groups.values():
        groups.update(found)
    languages = Counter(dict(store.story_language_counts(where)))
    chosen_month = None
    if where.since and where.until and where.since[:7] == where.until[:7]:
        chosen_month = where.since[:7]
    return [
        facet(
            "outlet",
            "Outlet",
            outlets,
            url,
            where.outlet,
            lambda v: {"outlet": v or ""},
        ),
        facet(
            "group",
            f"Outlet {dimension}",
            groups,
            url,
            search.group if search.dimension == dimension else None,
            lambda v: {"dimension": dimension if v else "", "group": v or ""},
        ),
        facet(
            "language",
            "Language",
            languages,
            url,
            where.language,
            lambda v: {"language": v or ""},
        ),
        facet(
            "month",
            "Last seen",
            months(seen.values()),
            url,
            chosen_month,
            _month_changes,
        ),
    ]


def _month_changes(month: str | None) -> dict[str, str]:
    if month is None:
        return {"since": "", "until": ""}
    first, last = month_bounds(month)
    return {"since": first, "until": last}


# --- the articles list ---------------------------------------------------------------------


def _article_rows(
    web: Web, form: dict[str, str], registry: Registry
) -> tuple[list[CoverageRow], str]:
    """The articles matching the form, newest first, and the group dimension used."""
    store = web.db.store()
    dimension = form["dimension"] or default_dimension(registry)
    rows = store.coverage_rows(
        query=_blank(form["q"]),
        since=_blank(form["since"]),
        until=until_bound(_blank(form["until"])),
    )
    kept = []
    for row in rows:
        if form["outlet"] and registry.group("outlet", row) != form["outlet"]:
            continue
        if form["group"] and registry.group(dimension, row) != form["group"]:
            continue
        if form["language"] and (row.language or "") != form["language"]:
            continue
        kept.append(row)
    kept.reverse()  # newest first (undated, sorted last, come first: moved to the end)
    dated = [r for r in kept if r.published]
    return dated + [r for r in kept if not r.published], dimension


@pages.get("/articles", response_class=HTMLResponse)
async def articles_page(
    web: WebDep,
    request: Request,
    q: Annotated[str, Query(max_length=500)] = "",
    outlet: Annotated[str, Query(max_length=200)] = "",
    dimension: Annotated[str, Query(max_length=100)] = "",
    group: Annotated[str, Query(max_length=200)] = "",
    language: Annotated[str, Query(max_length=16)] = "",
    since: DateParam = "",
    until: DateParam = "",
    offset: Annotated[int, Query(ge=0, le=MAX_OFFSET)] = 0,
    fmt: Format = "html",
) -> Response:
    form = {
        "q": q,
        "outlet": outlet,
        "dimension": dimension,
        "group": group,
        "language": language,
        "since": since,
        "until": until,
    }
    if fmt != "html":
        return await web.search(
            request, EXPORT_TYPES[fmt], lambda: _articles_export(web, form, fmt)
        )
    return await web.search(
        request, "text/html; charset=utf-8", lambda: _articles_page(web, form, offset).encode()
    )


def _articles_export(web: Web, form: dict[str, str], fmt: str) -> bytes:
    registry = Registry.load(web.db.store())
    rows, dimension = _article_rows(web, form, registry)
    columns = ("id", "published", "outlet", dimension, "language", "title", "url", "story_id")
    data = (
        (
            r.id,
            r.published,
            registry.group("outlet", r),
            registry.group(dimension, r),
            r.language,
            r.title,
            r.url,
            r.story_id,
        )
        for r in rows
    )
    return export_body(fmt, columns, data, len(rows))


def _articles_page(web: Web, form: dict[str, str], offset: int) -> str:
    registry = Registry.load(web.db.store())
    rows, dimension = _article_rows(web, form, registry)

    def url(**changes: Any) -> str:
        params = {k: v for k, v in {**form, "offset": offset, **changes}.items() if v}
        return "/articles?" + urlencode(params) if params else "/articles"

    chosen_month = None
    if form["since"] and form["until"] and form["since"][:7] == form["until"][:7]:
        chosen_month = form["since"][:7]
    facets = [
        facet(
            "outlet",
            "Outlet",
            Counter(registry.group("outlet", r) for r in rows),
            url,
            _blank(form["outlet"]),
            lambda v: {"outlet": v or ""},
        ),
        facet(
            "group",
            f"Outlet {dimension}",
            Counter(registry.group(dimension, r) for r in rows),
            url,
            _blank(form["group"]),
            lambda v: {"dimension": dimension if v else "", "group": v or ""},
        ),
        facet(
            "language",
            "Language",
            Counter(r.language or "unknown" for r in rows),
            url,
            _blank(form["language"]),
            lambda v: {"language": v or ""},
        ),
        facet(
            "month",
            "Published",
            months(r.published for r in rows),
            url,
            chosen_month,
            _month_changes,
        ),
    ]
    page = rows[offset : offset + ARTICLES_PAGE]
    return render(
        "articles.html",
        form=form,
        articles=[(r, registry.group("outlet", r)) for r in page],
        total=len(rows),
        offset=offset,
        facets=facets,
        exports={f: url(format=f, offset=0) for f in ("csv", "json")},
        previous_url=url(offset=max(0, offset - ARTICLES_PAGE)) if offset else None,
        next_url=url(offset=offset + ARTICLES_PAGE) if offset + ARTICLES_PAGE < len(rows) else None,
        outlet_url=outlet_url,
    )


# --- outlets ---------------------------------------------------------------------------------


def _outlet_table(web: Web) -> tuple[Registry, list[dict[str, Any]]]:
    """Every outlet: the registered ones and those the store's articles name, with their
    articles and stories."""
    store = web.db.store()
    registry = Registry.load(store)
    articles: Counter[str] = Counter()
    stories: dict[str, set[int]] = {}
    last: dict[str, str] = {}
    for row in store.coverage_rows():
        name = registry.group("outlet", row)
        articles[name] += 1
        if row.story_id is not None:
            stories.setdefault(name, set()).add(row.story_id)
        if row.published and row.published > last.get(name, ""):
            last[name] = row.published
    table = []
    registered = {o.name for o in registry.outlets}
    for name in sorted({*articles, *registered}, key=lambda n: (-articles[n], n.casefold())):
        record = registry.named(name) if name in registered else None
        table.append(
            {
                "name": name,
                "registered": record is not None,
                "country": record.country if record else None,
                "language": record.language if record else None,
                "owner": record.owner if record else None,
                "ratings": {r: v for r, (v, _) in record.ratings.items()} if record else {},
                "domains": list(record.domains) if record else [],
                "articles": articles[name],
                "stories": len(stories.get(name, ())),
                "last_published": last.get(name),
            }
        )
    return registry, table


@pages.get("/outlets", response_class=HTMLResponse)
async def outlets_page(web: WebDep, request: Request, fmt: Format = "html") -> Response:
    """Every outlet, with the registry's facts and ratings and its articles and stories."""
    if fmt != "html":
        return await web.search(request, EXPORT_TYPES[fmt], lambda: _outlets_export(web, fmt))
    return await web.search(
        request, "text/html; charset=utf-8", lambda: _outlets_page(web).encode()
    )


def _outlets_export(web: Web, fmt: str) -> bytes:
    registry, table = _outlet_table(web)
    ratings = registry.ratings()
    columns = (
        "name",
        "registered",
        "domains",
        "country",
        "language",
        "owner",
        *ratings,
        "articles",
        "stories",
        "last_published",
    )
    rows = (
        (
            o["name"],
            o["registered"],
            o["domains"],
            o["country"],
            o["language"],
            o["owner"],
            *[o["ratings"].get(r) for r in ratings],
            o["articles"],
            o["stories"],
            o["last_published"],
        )
        for o in table
    )
    return export_body(fmt, columns, rows, len(table))


def _outlets_page(web: Web) -> str:
    registry, table = _outlet_table(web)
    return render(
        "outlets.html",
        outlets=table,
        ratings=registry.ratings(),
        scales=registry.scales,
        outlet_url=outlet_url,
        exports={f: f"/outlets?format={f}" for f in ("csv", "json")},
        editable=web.allow_ingest,
    )


@pages.get("/outlets/{name:path}", response_class=HTMLResponse)
async def outlet_page(
    web: WebDep,
    request: Request,
    name: Annotated[str, Path(min_length=1, max_length=200)],
    saved: bool = False,
) -> Response:
    """One outlet's page, cached until the store changes (it reads every article's row)."""
    return await web.search(
        request, "text/html; charset=utf-8", lambda: _outlet_page(web, name, saved).encode()
    )


def _outlet_page(web: Web, name: str, saved: bool) -> str:
    store = web.db.store()
    registry = Registry.load(store)
    profile = outlet_profile(store, registry, name)
    if profile is None:
        raise HTTPException(404, f"There is no outlet {name}.")
    left_out = [(store.story(s), peers) for s, peers in profile.gaps.left_out]
    covered = [store.story(s) for s in profile.gaps.covered[-20:]]
    section = coverage_section(
        cov.breakdowns(list(profile.articles), registry, ["language"]),
        profile.voices,
        anchor="outlet-coverage",
    )
    return render(
        "outlet.html",
        profile=profile,
        record=profile.record,
        left_out=[(s, n) for s, n in left_out if s is not None],
        covered=[s for s in covered if s is not None],
        articles=profile.articles[:20],
        section=section,
        min_peers=cov.MIN_PEERS_COVERING,
        outlet_url=outlet_url,
        editable=web.allow_ingest,
        saved=saved,
        ratings=registry.ratings(),
        action=outlet_url(profile.name),
    )


@pages.post("/outlets/{name:path}", response_class=HTMLResponse)
async def outlet_edit(
    web: WebDep, request: Request, name: Annotated[str, Path(min_length=1, max_length=200)]
) -> Response:
    """Save the edit form of an outlet (only where the server may write)."""
    if not web.allow_ingest:
        raise HTTPException(403, "Editing the registry needs a server started with --allow-ingest.")
    # A page of another site may post a form here; browsers say so in Sec-Fetch-Site (the
    # pages send no Referer, and then no Origin either, so only this header tells).
    if request.headers.get("sec-fetch-site", "same-origin") not in ("same-origin", "none"):
        raise HTTPException(403, "The registry is edited from this server's own pages only.")
    async with request.form(max_files=0, max_fields=50) as data:
        fields = {k: v for k, v in data.items() if isinstance(v, str)}

    def lines(key: str) -> tuple[str, ...]:
        return tuple(
            v.strip() for v in fields.get(key, "").replace(",", "\n").splitlines() if v.strip()
        )

    def save() -> Response:
        store = web.db.store()
        record = Registry.load(store).named(name)
        held = record.ratings if record else {}
        ratings = {  # only the changed ones: an unchanged value keeps its source
            rating: value.strip()
            for key, value in fields.items()
            if key.startswith("rating:")
            and value.strip() != held.get(rating := key.removeprefix("rating:"), ("",))[0]
        }
        if fields.get("new_rating", "").strip():
            ratings[fields["new_rating"].strip().casefold()] = fields.get("new_value", "").strip()
        aliases = lines("aliases")
        domains = lines("domains")
        edit = Edit(
            country=fields.get("country", ""),
            language=fields.get("language", ""),
            owner=fields.get("owner", ""),
            add_aliases=aliases,
            remove_aliases=tuple(a for a in (record.aliases if record else ()) if a not in aliases),
            add_domains=domains,
            remove_domains=tuple(d for d in (record.domains if record else ()) if d not in domains),
            ratings=ratings,
        )
        try:
            saved = edit_outlet(store, name, edit, add=record is None)
        except InputError as error:
            raise HTTPException(422, str(error)) from None
        return RedirectResponse(outlet_url(saved.name) + "?saved=true", status_code=303)

    return await run_in_threadpool(save)


# --- the corpus's coverage -----------------------------------------------------------------


@pages.get("/coverage", response_class=HTMLResponse)
async def coverage_page(
    web: WebDep,
    request: Request,
    q: Annotated[str, Query(max_length=500)] = "",
    dimension: Annotated[str, Query(max_length=100)] = "",
    since: DateParam = "",
    until: DateParam = "",
) -> Response:
    """Top sources and attention over time (of a query's articles or all), blindspots."""
    form = {"q": q, "dimension": dimension, "since": since, "until": until}
    return await web.search(
        request, "text/html; charset=utf-8", lambda: _coverage_page(web, form).encode()
    )


def _coverage_page(web: Web, form: dict[str, str]) -> str:
    store = web.db.store()
    registry = Registry.load(store)
    dimensions = registry.dimensions()
    dimension = (
        form["dimension"] if form["dimension"] in dimensions else default_dimension(registry)
    )
    rows = list(
        store.coverage_rows(
            query=_blank(form["q"]),
            since=_blank(form["since"]),
            until=until_bound(_blank(form["until"])),
        )
    )
    sources = cov.top_sources(rows, registry)
    moving = cov.attention(rows, registry, dimension)
    (grouped,) = cov.breakdowns(rows, registry, [dimension])
    spots = (
        cov.blindspots(store, registry, dimension, since=_blank(form["since"]))
        if dimension != "outlet"
        else []
    )
    return render(
        "coverage.html",
        form={**form, "dimension": dimension},
        dimensions=dimensions,
        articles=len(rows),
        sources_svg=bars_svg(sources),
        grouped_svg=bars_svg(grouped),
        grouped=grouped,
        attention=moving,
        attention_svg=attention_svg(moving),
        blindspots=spots[:30],
        max_share=cov.BLINDSPOT_MAX_SHARE,
        min_articles=cov.BLINDSPOT_MIN_ARTICLES,
        unregistered=UNREGISTERED,
        api_url="/api/coverage?" + urlencode({k: v for k, v in form.items() if v}),
    )


# --- JSON ------------------------------------------------------------------------------------


class RatingOut(BaseModel):
    value: str
    source: str = Field(description="The table it came from, or 'edited'.")


class OutletOut(BaseModel):
    name: str
    registered: bool = Field(description="In the outlet registry (else only named by articles).")
    domains: list[str]
    country: str | None
    language: str | None
    owner: str | None
    ratings: dict[str, str]
    articles: int
    stories: int
    last_published: str | None


class ScaleOut(BaseModel):
    scale: str = Field(description="The scale's name, as the user gave it.")
    levels: list[str] = Field(description="Its values in order (may be empty).")


class OutletList(BaseModel):
    items: list[OutletOut]
    total: int
    offset: int
    limit: int
    next_offset: int | None
    scales: dict[str, ScaleOut] = Field(description="Each rating's scale, as the user named it.")


@api.get("/outlets", response_model=OutletList, summary="Outlets")
async def list_outlets(
    web: WebDep,
    request: Request,
    limit: Annotated[int, Query(ge=1, le=MAX_LIMIT, description="Items per page.")] = 50,
    offset: Annotated[int, Query(ge=0, le=MAX_OFFSET, description="Items to skip.")] = 0,
) -> Response:
    """Every outlet: those in the registry (with country, language, owner and ratings) and
    those the stored articles name, each with its articles and stories, most articles first."""

    def answer() -> bytes:
        registry, table = _outlet_table(web)
        scales = {
            r: ScaleOut(scale=s.scale, levels=list(s.levels)) for r, s in registry.scales.items()
        }
        page = table[offset : offset + limit]
        return (
            OutletList(
                items=[OutletOut(**o) for o in page],
                total=len(table),
                offset=offset,
                limit=limit,
                next_offset=offset + limit if offset + limit < len(table) else None,
                scales=scales,
            )
            .model_dump_json()
            .encode()
        )

    return await web.search(request, "application/json", answer)


class GapOut(BaseModel):
    story: int
    peers_covering: int


class OutletCoverageOut(BaseModel):
    outlet: str
    peers: list[str] = Field(description="Outlets of its country (when known), else all.")
    covered: list[int] = Field(description="Stories it has an article in.")
    left_out: list[GapOut] = Field(description="Stories 2+ peers cover and it does not.")


class CreditOut(BaseModel):
    source: str
    kind: str
    articles: int


class WordOut(BaseModel):
    word: str
    uses: int


class SpeakerOut(BaseModel):
    name: str
    voice: str = Field(description="official, anonymous, ordinary, expert or organisation.")
    quotes: int
    articles: int


class VoicesOut(BaseModel):
    articles: int
    quotes: int
    classes: dict[str, int] = Field(description="Quotes per voice class (unattributed too).")
    shares: dict[str, float] = Field(description="Each class's share of attributed quotes.")
    speakers: list[SpeakerOut]


class RecordOut(BaseModel):
    name: str
    aliases: list[str]
    domains: list[str]
    country: str | None
    language: str | None
    owner: str | None
    ratings: dict[str, RatingOut]


class OutletDetail(BaseModel):
    name: str
    registered: bool
    record: RecordOut | None = Field(description="The registry's entry; null when unregistered.")
    articles: int
    languages: dict[str, int]
    coverage: OutletCoverageOut
    credits: list[CreditOut] = Field(description="Sources it credits (not itself), most first.")
    loaded_words: list[WordOut] = Field(description="Its own loaded words, outside quotations.")
    voices: VoicesOut
    analyses_read: int = Field(description="Its newest articles read for credits, words, voices.")


@api.get(
    "/outlets/{name}",
    response_model=OutletDetail,
    responses={404: {"description": "Unknown outlet."}},
    summary="An outlet",
)
def get_outlet(
    web: WebDep, name: Annotated[str, Path(min_length=1, max_length=200)]
) -> OutletDetail:
    """One outlet (a registered name, alias or domain, or a name articles give): the
    registry's entry, its articles, the stories it covers and those its peers cover
    without it, whom it credits, its own loaded words, and whom it quotes."""
    store = web.db.store()
    profile = outlet_profile(store, Registry.load(store), name)
    if profile is None:
        raise HTTPException(404, f"no outlet {name}")
    return OutletDetail(
        name=profile.name,
        registered=profile.record is not None,
        record=RecordOut(**record_to_dict(profile.record)) if profile.record else None,
        articles=len(profile.articles),
        languages=dict(profile.languages),
        coverage=OutletCoverageOut(**gaps_to_dict(profile.gaps)),
        credits=[CreditOut(source=s, kind=k, articles=n) for s, k, n in profile.credits],
        loaded_words=[WordOut(word=w, uses=n) for w, n in profile.loaded],
        voices=VoicesOut(**voices_to_dict(profile.voices)),
        analyses_read=profile.read,
    )


class GroupOut(BaseModel):
    group: str
    articles: int
    outlets: list[str]


class BreakdownOut(BaseModel):
    dimension: str
    scale: str | None = Field(description="The rating's scale as the user named it.")
    total: int
    groups: list[GroupOut]


class SeriesOut(BaseModel):
    group: str
    articles: list[int] = Field(description="One count per bucket.")


class AttentionOut(BaseModel):
    dimension: str
    bucket: str = Field(description="day, week or month.")
    buckets: list[str] = Field(description="Each bucket's first day.")
    series: list[SeriesOut]
    undated: int


class CoverageOut(BaseModel):
    articles: int
    top_sources: BreakdownOut
    groups: BreakdownOut
    attention: AttentionOut


NO_DIMENSION: dict[int | str, dict[str, Any]] = {
    404: {"description": "A dimension the outlet registry does not hold."}
}


@api.get(
    "/coverage",
    response_model=CoverageOut,
    responses=NO_DIMENSION,
    summary="Coverage of the corpus or a query",
)
async def corpus_coverage(
    web: WebDep,
    request: Request,
    q: Annotated[str | None, Query(max_length=500, description="Words, all required.")] = None,
    dimension: Annotated[
        str, Query(max_length=100, description="outlet, country, language, owner or a rating.")
    ] = "outlet",
    since: Annotated[str | None, Query(pattern=DATE_PATTERN)] = None,
    until: Annotated[str | None, Query(pattern=DATE_PATTERN)] = None,
) -> Response:
    """Top sources (the outlets with most articles) and attention over time by the groups
    of `dimension`, for the articles matching `q` (all when absent) published in
    [`since`, `until`]. 404 for a dimension the registry does not hold."""

    def answer() -> bytes:
        store = web.db.store()
        registry = Registry.load(store)
        if dimension not in registry.dimensions():
            raise HTTPException(404, f"no dimension {dimension!r} in this registry")
        rows = list(store.coverage_rows(query=q, since=since, until=until_bound(until)))
        (grouped,) = cov.breakdowns(rows, registry, [dimension])
        document = CoverageOut(
            articles=len(rows),
            top_sources=BreakdownOut(**breakdown_to_dict(cov.top_sources(rows, registry))),
            groups=BreakdownOut(**breakdown_to_dict(grouped)),
            attention=AttentionOut(**attention_to_dict(cov.attention(rows, registry, dimension))),
        )
        return document.model_dump_json().encode()

    return await web.search(request, "application/json", answer)


class CoveredOut(BaseModel):
    group: str
    articles: int


class BlindspotOut(BaseModel):
    story: int
    label: str
    title: str | None
    dimension: str
    articles: int = Field(description="The story's articles in known groups.")
    covered_by: list[CoveredOut]
    left_out_by: list[str]


class BlindspotList(BaseModel):
    dimension: str
    max_share: float
    min_articles: int
    items: list[BlindspotOut]


@api.get("/blindspots", response_model=BlindspotList, responses=NO_DIMENSION, summary="Blindspots")
async def list_blindspots(
    web: WebDep,
    request: Request,
    dimension: Annotated[
        str | None, Query(max_length=100, description="Default: lean if rated, else country.")
    ] = None,
    max_share: Annotated[
        float, Query(ge=0, le=1, description="A group with at most this share leaves it out.")
    ] = cov.BLINDSPOT_MAX_SHARE,
    min_articles: Annotated[int, Query(ge=1, le=10_000)] = cov.BLINDSPOT_MIN_ARTICLES,
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
) -> Response:
    """Stories one group of outlets covers and another leaves out: a group of `dimension`
    (not `outlet`) with at most `max_share` of a story's articles in known groups, in
    stories with at least `min_articles` such articles. 404 for an unknown dimension."""

    def answer() -> bytes:
        store = web.db.store()
        registry = Registry.load(store)
        chosen = dimension or default_dimension(registry)
        if chosen == "outlet" or chosen not in registry.dimensions():
            raise HTTPException(404, f"no dimension {chosen!r} to find blindspots by")
        spots = cov.blindspots(
            store, registry, chosen, max_share=max_share, min_articles=min_articles
        )[:limit]
        return (
            BlindspotList(
                dimension=chosen,
                max_share=max_share,
                min_articles=min_articles,
                items=[BlindspotOut(**blindspot_to_dict(s)) for s in spots],
            )
            .model_dump_json()
            .encode()
        )

    return await web.search(request, "application/json", answer)
