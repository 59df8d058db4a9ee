"""The web app: ``create_app`` builds it, ``serve`` runs it with uvicorn.

Pages (``pages``) and the JSON API (``api``, under ``/api``) share one ``Web`` (``service``):
per-thread database access and the story page cache. The app is read-only unless
``allow_ingest``; it fetches web addresses only with ``allow_fetch``, and then never from
private or local addresses unless ``allow_private``. Every response carries the security
headers of ``security``; request bodies over ``MAX_BODY_BYTES`` are refused with 413.

FastAPI's own /docs and /redoc load their JavaScript and CSS from a CDN, which the
Content-Security-Policy (and an air-gapped reader) forbids, so they are off: /docs is a
plain page rendered here from the same OpenAPI document served at /openapi.json.
"""

from __future__ import annotations

import importlib.metadata
from collections.abc import Sequence
from importlib.resources import files
from pathlib import Path
from typing import Any

import uvicorn
from fastapi import FastAPI, Request
from fastapi.exception_handlers import request_validation_exception_handler
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, Response
from starlette.exceptions import HTTPException

from rashomon.present.compare_html import stylesheet
from rashomon.store.schema import StoreError
from rashomon.store.sqlite import Store
from rashomon.web import api, pages
from rashomon.web.render import render
from rashomon.web.security import BodyLimit, SecurityHeaders
from rashomon.web.service import DEFAULT_CACHE_BYTES, MAX_BODY_BYTES, Web

API_DESCRIPTION = (
    "How news outlets tell the same story: stories, articles with their quotes, speakers "
    "and credited sources, quotes by speaker, and comparisons of any articles."
)
# Files under /static, with their media types: the report's stylesheet and the app's own.
_STATIC = {
    "rashomon.css": "text/css; charset=utf-8",
    "web.css": "text/css; charset=utf-8",
}
_HEADINGS = {
    400: "Bad request",
    403: "Not allowed here",
    404: "Not found",
    405: "Method not allowed",
    413: "Too large",
    422: "Invalid input",
}


def create_app(
    db_path: str | Path,
    *,
    allow_ingest: bool = False,
    allow_fetch: bool = False,
    allow_private: bool = False,
    cache_bytes: int = DEFAULT_CACHE_BYTES,
) -> FastAPI:
    """The app serving the store at ``db_path`` (see the module docstring).

    Raises StoreError when the file is not a rashomon store, or is missing and the app
    could not fill it (``allow_ingest`` off): a read-only server of nothing is a mistake.
    """
    path = Path(db_path)
    if not allow_ingest and not path.is_file():
        raise StoreError(f"{path}: no such database (create it with rashomon ingest)")
    Store.open(path).close()  # refuse a file that is not a store now, not on a request
    app = FastAPI(
        title="rashomon",
        version=importlib.metadata.version("rashomon"),
        description=API_DESCRIPTION,
        docs_url=None,
        redoc_url=None,
        openapi_url="/openapi.json",
    )
    app.state.web = Web(
        path,
        allow_ingest=allow_ingest,
        allow_fetch=allow_fetch,
        allow_private=allow_private,
        cache_bytes=cache_bytes,
    )
    app.include_router(pages.router)
    app.include_router(api.router, prefix="/api")
    static = _static_files()

    @app.get("/static/{name}", include_in_schema=False)
    async def static_file(name: str) -> Response:
        if name not in static:
            raise HTTPException(404, f"There is no file {name}.")
        body, media_type = static[name]
        headers = {"Cache-Control": "public, max-age=3600"}
        return Response(body, media_type=media_type, headers=headers)

    @app.get("/docs", include_in_schema=False, response_class=HTMLResponse)
    def docs() -> HTMLResponse:
        return HTMLResponse(render("docs.html", **_docs_context(app)))

    app.add_exception_handler(HTTPException, _http_error)
    app.add_exception_handler(RequestValidationError, _validation_error)
    # Outermost last: the headers go on the 413s too.
    app.add_middleware(BodyLimit, max_bytes=MAX_BODY_BYTES, error=error_response)
    app.add_middleware(SecurityHeaders)
    return app


def serve(
    db_path: str | Path,
    host: str = "127.0.0.1",
    port: int = 8000,
    *,
    allow_ingest: bool = False,
    allow_fetch: bool = False,
    allow_private: bool = False,
) -> None:
    """Serve the store at ``db_path`` on ``host:port`` until interrupted (one process).

    No line per request (uvicorn's access log costs a tenth of a cached page's time);
    the server's own start, stop and error messages are logged.
    """
    app = create_app(
        db_path, allow_ingest=allow_ingest, allow_fetch=allow_fetch, allow_private=allow_private
    )
    uvicorn.run(
        app,
        host=host,
        port=port,
        workers=1,
        access_log=False,
        server_header=False,
        proxy_headers=False,
    )


def _static_files() -> dict[str, tuple[bytes, str]]:
    own = files("rashomon.web").joinpath("static")
    body = {name: own.joinpath(name).read_bytes() for name in _STATIC if name != "rashomon.css"}
    body["rashomon.css"] = str(stylesheet()).encode()
    return {name: (body[name], media_type) for name, media_type in _STATIC.items()}


def _wants_json(path: str) -> bool:
    return path.startswith("/api/") or path == "/openapi.json"


def error_response(path: str, status: int, message: str, details: Sequence[str] = ()) -> Response:
    """An error as JSON ``{"detail": ...}`` under /api, else as a page."""
    if _wants_json(path):
        return JSONResponse({"detail": message}, status_code=status)
    heading = _HEADINGS.get(status, "Something went wrong")
    body = render("error.html", heading=heading, message=message, details=list(details))
    return HTMLResponse(body, status_code=status)


async def _http_error(request: Request, error: Exception) -> Response:
    assert isinstance(error, HTTPException)
    response = error_response(request.url.path, error.status_code, str(error.detail))
    response.headers.update(error.headers or {})
    return response


async def _validation_error(request: Request, error: Exception) -> Response:
    assert isinstance(error, RequestValidationError)
    if _wants_json(request.url.path):
        return await request_validation_exception_handler(request, error)
    details = [
        f"{'.'.join(str(p) for p in e['loc'][1:]) or 'input'}: {e['msg']}" for e in error.errors()
    ]
    return error_response(request.url.path, 422, "The request's parameters are not valid.", details)


def _docs_context(app: FastAPI) -> dict[str, Any]:
    """The OpenAPI document's operations, flattened for the plain docs page."""
    spec = app.openapi()
    operations = []
    for path, methods in spec["paths"].items():
        for method, op in methods.items():
            body = op.get("requestBody", {}).get("content", {}).get("application/json", {})
            operations.append(
                {
                    "anchor": f"{method}-{path}".replace("/", "-").strip("-"),
                    "method": method.upper(),
                    "path": path,
                    "summary": op.get("summary", ""),
                    "description": op.get("description", ""),
                    "parameters": [
                        {
                            "name": p["name"],
                            "where": p["in"],
                            "required": p.get("required", False),
                            "type": _type_name(p.get("schema", {})),
                            "description": p.get("description")
                            or p.get("schema", {}).get("description", ""),
                        }
                        for p in op.get("parameters", [])
                    ],
                    "body": body.get("schema", {}).get("$ref", "").rsplit("/", 1)[-1],
                    "responses": sorted(op.get("responses", {})),
                }
            )
    return {
        "title": spec["info"]["title"],
        "version": spec["info"]["version"],
        "operations": operations,
    }


def _type_name(schema: dict[str, Any]) -> str:
    if "anyOf" in schema:
        return " or ".join(_type_name(s) for s in schema["anyOf"])
    if "enum" in schema:
        return " | ".join(map(str, schema["enum"]))
    return str(schema.get("type", "value"))
