"""The HTML pages: stories, a story, an article, and the compare form with its result.

Every page is rendered on the server and reads without JavaScript. Handlers are plain
``def`` functions, run on the server's worker threads (see ``db``), except the compare
form's, which parses the upload asynchronously and then does its work on a worker thread.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal
from urllib.parse import urlencode

from fastapi import APIRouter, Path, Query, Request
from fastapi.responses import HTMLResponse, Response
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile
from starlette.exceptions import HTTPException

from rashomon.errors import InputError
from rashomon.present.compare_html import QUOTE_TINTS
from rashomon.types import DATE_PATTERN, Article, StoryFilter
from rashomon.web.facets import EXPORT_LIMIT, EXPORT_TYPES, export_body
from rashomon.web.inputs import MAX_ARTICLES, fetched_articles, pasted_article, uploaded_articles
from rashomon.web.outlets import story_facets
from rashomon.web.render import article_marks, article_paragraphs, comparison_fragment, render
from rashomon.web.service import MAX_BODY_BYTES, MAX_OFFSET, StorySearch, Web, WebDep

router = APIRouter(include_in_schema=False)
PAGE_SIZE = 20
SHOWN_HITS = 10  # articles and quotes listed under the stories of a search
COMPARE_SLOTS = 4  # articles to paste on the compare form (more as uploads)


def page(template: str, status_code: int = 200, **context: Any) -> HTMLResponse:
    return HTMLResponse(render(template, **context), status_code=status_code)


def _blank(value: str) -> str | None:
    return value.strip() or None


@router.get("/", response_class=HTMLResponse)
async def stories_page(
    web: WebDep,
    request: Request,
    q: Annotated[str, Query(max_length=500)] = "",
    entity: Annotated[str, Query(max_length=200)] = "",
    speaker: Annotated[str, Query(max_length=200)] = "",
    outlet: Annotated[str, Query(max_length=200)] = "",
    language: Annotated[str, Query(max_length=16)] = "",
    since: Annotated[str, Query(pattern=f"^$|{DATE_PATTERN}")] = "",
    until: Annotated[str, Query(pattern=f"^$|{DATE_PATTERN}")] = "",
    dimension: Annotated[str, Query(max_length=100)] = "",
    group: Annotated[str, Query(max_length=200)] = "",
    order: Literal["last_seen", "size"] = "last_seen",
    offset: Annotated[int, Query(ge=0, le=MAX_OFFSET)] = 0,
    fmt: Annotated[Literal["html", "csv", "json"], Query(alias="format")] = "html",
) -> Response:
    """The stories, with facets; ``format=csv|json`` exports every matching story."""
    form = {
        "q": q,
        "entity": entity,
        "speaker": speaker,
        "outlet": outlet,
        "language": language,
        "since": since,
        "until": until,
        "dimension": dimension,
        "group": group,
        "order": order,
    }
    if fmt != "html":
        return await web.search(request, EXPORT_TYPES[fmt], lambda: _stories_export(web, form, fmt))
    return await web.search(
        request, "text/html; charset=utf-8", lambda: _stories_page(web, form, offset).encode()
    )


def _story_search(form: dict[str, str]) -> StorySearch:
    where = StoryFilter(
        query=form["q"],
        entity=form["entity"],
        speaker=form["speaker"],
        outlet=form["outlet"],
        language=form["language"],
        since=form["since"],
        until=form["until"],
    )
    return StorySearch(where, _blank(form["dimension"]), _blank(form["group"]))


def _stories_export(web: Web, form: dict[str, str], fmt: str) -> bytes:
    search = _story_search(form)
    stories, total = web.stories(search, order=form["order"], limit=EXPORT_LIMIT, offset=0)
    columns = ("id", "label", "title", "size", "first_seen", "last_seen", "outlets", "languages")
    rows = (
        (
            s.id,
            s.label,
            s.title,
            s.size,
            s.first_seen,
            s.last_seen,
            list(s.outlets),
            list(s.languages),
        )
        for s in stories
    )
    return export_body(fmt, columns, rows, total)


def _stories_page(web: Web, form: dict[str, str], offset: int) -> str:
    order = form["order"]
    search = _story_search(form)
    where = search.where
    stories, total = web.stories(search, order=order, limit=PAGE_SIZE, offset=offset)

    def url(**changes: Any) -> str:
        params = {k: v for k, v in {**form, "offset": offset, **changes}.items() if v}
        return "/?" + urlencode(params) if params else "/"

    context: dict[str, Any] = {
        "form": form,
        "search": _describe(search),
        "stories": stories,
        "total": total,
        "offset": offset,
        "facets": story_facets(web, search, url),
        "exports": {f: url(format=f, offset=0) for f in ("csv", "json")},
        "previous_url": url(offset=max(0, offset - PAGE_SIZE)) if offset else None,
        "next_url": url(offset=offset + PAGE_SIZE) if offset + PAGE_SIZE < total else None,
        "order_urls": {o: url(order=o, offset=0) for o in ("last_seen", "size")},
        "hits": [],
        "quotes": [],
        "quotes_total": 0,
    }
    if where.query:
        context["hits"] = web.db.store().search_articles(where.query, limit=SHOWN_HITS)
        context["articles_api"] = "/api/articles?" + urlencode({"q": where.query})
    if where.speaker:
        store = web.db.store()
        context["quotes"] = store.quotes_by_speaker(where.speaker, limit=SHOWN_HITS)
        context["quotes_total"] = store.count_quotes_by_speaker(where.speaker)
        context["quotes_api"] = "/api/quotes?" + urlencode({"speaker": where.speaker})
    return render("stories.html", **context)


def _describe(search: StorySearch) -> str:
    """The search in words, for the heading: “ships” · entity Korsa · outlet Harbor Ledger."""
    parts = [f"“{search.where.query}”"] if search.where.query else []
    for name in ("entity", "speaker", "outlet", "language", "since", "until"):
        if value := getattr(search.where, name):
            parts.append(f"{name} {value}")
    if search.dimension and search.group:
        parts.append(f"{search.dimension} {search.group}")
    return " · ".join(parts)


@router.get("/stories/{story_id}", response_class=HTMLResponse)
async def story_page(
    web: WebDep, request: Request, story_id: Annotated[int, Path(ge=1, le=2**62)]
) -> Response:
    found = await web.story_page(story_id)
    if found is None:
        raise HTTPException(404, f"There is no story {story_id}.")
    return found.html_response(request.headers.get("accept-encoding", ""))


@router.get("/articles/{article_id}", response_class=HTMLResponse)
def article_page(web: WebDep, article_id: Annotated[str, Path(max_length=64)]) -> HTMLResponse:
    found = web.article(article_id)
    if found is None:
        raise HTTPException(404, f"There is no article {article_id}.")
    analysis = found.analysis
    return page(
        "article.html",
        article=found.article,
        analysis=analysis,
        story_id=found.story_id,
        copies=found.copies,
        titles=found.titles,
        paragraphs=article_paragraphs(
            found.article.text, article_marks(analysis) if analysis else []
        ),
        entities=sorted(analysis.entities, key=lambda e: -len(e.mentions)) if analysis else [],
        tints=QUOTE_TINTS,
    )


def _compare_form(web: Web, **context: Any) -> dict[str, Any]:
    blank = {"outlet": [], "title": [], "published": [], "text": [], "urls": ""}
    form = {**blank, **context.pop("form", {})}
    for name in ("outlet", "title", "published", "text"):
        form[name] = (list(form[name]) + [""] * COMPARE_SLOTS)[:COMPARE_SLOTS]
    return {
        "form": form,
        "slots": COMPARE_SLOTS,
        "max_articles": MAX_ARTICLES,
        "max_mib": MAX_BODY_BYTES // 2**20,
        "fetching": web.fetcher is not None,
        "errors": [],
        "comparison": None,
        **context,
    }


@router.get("/compare", response_class=HTMLResponse)
def compare_page(web: WebDep) -> HTMLResponse:
    return page("compare.html", **_compare_form(web))


@router.post("/compare", response_class=HTMLResponse)
async def compare_submit(web: WebDep, request: Request) -> HTMLResponse:
    """Read the pasted texts, uploads and addresses; compare them, or say what is missing."""
    async with request.form(max_files=MAX_ARTICLES, max_fields=100) as data:
        fields = {
            name: [v for v in data.getlist(name) if isinstance(v, str)]
            for name in ("outlet", "title", "published", "text")
        }
        uploads = [
            (f.filename or f"upload {n + 1}", await f.read())
            for n, f in enumerate(data.getlist("files"))
            if isinstance(f, UploadFile) and (f.filename or f.size)
        ]
        urls = data.get("urls")
    urls = urls if isinstance(urls, str) else ""
    form = {**fields, "urls": urls}
    return await run_in_threadpool(_compare, web, form, uploads)


def _compare(web: Web, form: dict[str, Any], uploads: list[tuple[str, bytes]]) -> HTMLResponse:
    items: list[Article | InputError] = []
    texts = form["text"]
    for n, text in enumerate(texts):
        if not text.strip():
            continue
        source = f"pasted article {n + 1}"

        def field(name: str, n: int = n) -> str | None:
            values = form[name]
            return values[n] if n < len(values) else None

        try:
            items.append(
                pasted_article(
                    source,
                    text,
                    title=field("title"),
                    outlet=field("outlet"),
                    published=field("published"),
                )
            )
        except InputError as error:
            items.append(error)
    for name, data in uploads:
        items.extend(uploaded_articles(name, data))
    addresses = [line.strip() for line in form["urls"].splitlines() if line.strip()]
    items.extend(fetched_articles(addresses, web.fetcher))
    articles = [item for item in items if isinstance(item, Article)]
    errors = [str(item) for item in items if isinstance(item, InputError)]
    if len(articles) > MAX_ARTICLES:
        errors.append(f"{len(articles)} articles given: compare at most {MAX_ARTICLES} at once")
    elif len(articles) >= 2:
        result = web.compare(articles)
        errors += [str(e) for e in result.errors]
        if result.comparison is not None:
            return page(
                "compare.html",
                **_compare_form(
                    web,
                    comparison=comparison_fragment(result.comparison),
                    count=len(result.comparison.articles),
                    errors=errors,
                ),
            )
    if len(articles) < 2:
        errors.append(f"Give at least two readable articles (got {len(articles)}).")
    return page("compare.html", 422, **_compare_form(web, form=form, errors=errors))
