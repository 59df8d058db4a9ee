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
import multiprocessing
import multiprocessing.connection
import signal
import socket
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
from rashomon.web import api, outlets, pages
from rashomon.web.render import render
from rashomon.web.security import BodyLimit, SecurityHeaders
from rashomon.web.service import DEFAULT_CACHE_BYTES, MAX_BODY_BYTES, CachedFastPath, Web

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
    app.include_router(outlets.pages)
    app.include_router(api.router, prefix="/api")
    app.include_router(outlets.api, prefix="/api", responses=api.ERRORS)
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
    # Outermost last: the headers go on the 413s and on cached searches too.
    app.add_middleware(CachedFastPath, web=app.state.web)
    app.add_middleware(BodyLimit, max_bytes=MAX_BODY_BYTES, error=error_response)
    app.add_middleware(SecurityHeaders)
    return app


def serve(
    db_path: str | Path,
    host: str = "127.0.0.1",
    port: int = 8000,
    *,
    workers: int = 1,
    allow_ingest: bool = False,
    allow_fetch: bool = False,
    allow_private: bool = False,
) -> None:
    """Serve the store at ``db_path`` on ``host:port`` until interrupted.

    With ``workers`` > 1, that many processes serve, each its own app (connections,
    caches) on its own listening socket bound to the same address (``SO_REUSEPORT``): the
    kernel spreads new connections evenly among them. (uvicorn's own workers share one
    socket, and the first to wake takes every waiting connection: a client that opens 50
    keep-alive connections at once gets one worker.) One Python process answers on one
    core at most, so on a machine with spare cores several serve more requests a second
    and queue each for less time. When one worker stops, or this process is interrupted
    or terminated, all stop. No line per request (uvicorn's access log costs a tenth of a
    cached page's time); the server's own start, stop and error messages are logged.
    Raises ValueError for ``allow_ingest`` with several workers, OSError when the address
    is taken.
    """
    if workers > 1 and allow_ingest:
        # Each worker would group new articles into stories on its own, at the same time.
        raise ValueError("ingestion through the API needs a single worker")
    settings: dict[str, Any] = {
        "db_path": str(db_path),
        "allow_ingest": allow_ingest,
        "allow_fetch": allow_fetch,
        "allow_private": allow_private,
    }
    app = create_app(**settings)  # a bad file fails here, once, in this process
    if workers == 1:
        uvicorn.run(app, host=host, port=port, **_UVICORN)
        return
    # SO_REUSEPORT would let a second server on this address quietly take half the
    # connections: bind without it first, so that a taken address fails here.
    with _listening_socket(host, port, shared=False):
        pass
    spawn = multiprocessing.get_context("spawn")  # a fork would copy threads and sockets
    processes = [
        spawn.Process(target=_worker, args=(settings, host, port), name=f"rashomon-web-{n}")
        for n in range(workers)
    ]
    # SIGTERM (a service manager's stop) ends this process through the finally below.
    signal.signal(signal.SIGTERM, _interrupt)
    try:
        for process in processes:
            process.start()
        multiprocessing.connection.wait([process.sentinel for process in processes])
    except KeyboardInterrupt:
        pass
    finally:
        for process in processes:
            if process.is_alive():
                process.terminate()  # uvicorn's graceful shutdown
        for process in processes:
            process.join()


# uvicorn's settings for every server process.
_UVICORN: dict[str, Any] = {"access_log": False, "server_header": False, "proxy_headers": False}


def _worker(settings: dict[str, Any], host: str, port: int) -> None:
    """One of ``serve``'s worker processes: its own app on its own socket."""
    sock = _listening_socket(host, port, shared=True)
    config = uvicorn.Config(create_app(**settings), host=host, port=port, **_UVICORN)
    uvicorn.Server(config).run(sockets=[sock])


def _listening_socket(host: str, port: int, *, shared: bool) -> socket.socket:
    """A socket bound to ``host:port`` (uvicorn listens on it), shared with the other
    workers' when ``shared``."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    # IPPROTO_TCP named, not left 0: asyncio turns Nagle's algorithm off (TCP_NODELAY) only
    # on connections whose socket says so, and with it on, a response written in two parts
    # (uvicorn's h11 writes the head, then the body) waits 40 ms for the client's delayed
    # ACK: every request took 44 ms.
    sock = socket.socket(family, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    if shared:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)
    try:
        sock.bind((host, port))
    except OSError:
        sock.close()
        raise
    return sock


def _interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


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
