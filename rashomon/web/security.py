"""Response headers every answer carries, and the request size cap.

The Content-Security-Policy allows nothing but the app's own stylesheets, images and form
targets: no script from anywhere, no frames, no plugins, no ``<base>``, no fetches. Even if
some markup from an article slipped past the escaping, it could run nothing and load
nothing. The report's templates colour a few elements with ``style`` attributes (one of the
seven article colours each); instead of allowing inline styles, the policy allows exactly
those attribute values by hash (``'unsafe-hashes'`` only lets hashed attribute values in).

Both are plain ASGI middleware, so they wrap every response, errors and static files
included, at no per-request cost beyond a header list.
"""

from __future__ import annotations

import base64
import hashlib
from collections.abc import Awaitable, Callable

from starlette.datastructures import Headers
from starlette.responses import Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from rashomon.present.compare_html import ARTICLE_COLOURS


def _style_hash(value: str) -> str:
    digest = hashlib.sha256(value.encode()).digest()
    return f"'sha256-{base64.b64encode(digest).decode()}'"


# The style attributes of rashomon/present/templates/compare/sections.html.
STYLE_ATTRIBUTES = tuple(
    f"{prop}:{colour}" for colour in ARTICLE_COLOURS for prop in ("background", "border-top-color")
)
CONTENT_SECURITY_POLICY = "; ".join(
    (
        "default-src 'none'",
        "style-src 'self' 'unsafe-hashes' " + " ".join(map(_style_hash, STYLE_ATTRIBUTES)),
        "img-src 'self' data:",
        "form-action 'self'",
        "frame-ancestors 'none'",
        "base-uri 'none'",
    )
)
SECURITY_HEADERS = (
    ("Content-Security-Policy", CONTENT_SECURITY_POLICY),
    ("X-Content-Type-Options", "nosniff"),
    ("Referrer-Policy", "no-referrer"),
    ("X-Frame-Options", "DENY"),
    ("Cross-Origin-Opener-Policy", "same-origin"),
)


# As ASGI sends them: appended to every response's own (which never set them), not set one
# by one through a header map, which cost 12 µs a response, a twentieth of a cached page.
_RAW_HEADERS = tuple((name.lower().encode(), value.encode()) for name, value in SECURITY_HEADERS)


class SecurityHeaders:
    """Adds ``SECURITY_HEADERS`` to every HTTP response."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = [*message.get("headers", ()), *_RAW_HEADERS]
            await send(message)

        await self.app(scope, receive, send_with_headers)


ErrorResponse = Callable[[str, int, str], Response]  # (path, status, message) -> response


class BodyLimit:
    """Refuses a request whose body is over ``max_bytes`` with 413, before the app sees it.

    A declared Content-Length over the limit is refused at once; a body without one is read
    up to the limit (and held: the limit is small) and then handed on as it came.
    """

    def __init__(self, app: ASGIApp, *, max_bytes: int, error: ErrorResponse) -> None:
        self.app = app
        self.max_bytes = max_bytes
        self.error = error

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] in ("GET", "HEAD", "OPTIONS"):
            await self.app(scope, receive, send)
            return
        declared = Headers(scope=scope).get("content-length", "")
        if declared.isdigit() and int(declared) > self.max_bytes:
            await self._refuse(scope, receive, send)
            return
        chunks: list[bytes] = []
        size = 0
        while True:
            message = await receive()
            if message["type"] != "http.request":  # the client went away
                return
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > self.max_bytes:
                await self._refuse(scope, receive, send)
                return
            chunks.append(chunk)
            if not message.get("more_body", False):
                break
        await self.app(scope, _replay(b"".join(chunks), receive), send)

    async def _refuse(self, scope: Scope, receive: Receive, send: Send) -> None:
        limit = f"{self.max_bytes / 2**20:g} MiB"
        response = self.error(scope["path"], 413, f"the request is over the {limit} limit")
        await response(scope, receive, send)


def _replay(body: bytes, receive: Receive) -> Callable[[], Awaitable[Message]]:
    sent = False

    async def replay() -> Message:
        nonlocal sent
        if sent:
            return await receive()  # waits for the disconnect, as the server's would
        sent = True
        return {"type": "http.request", "body": body, "more_body": False}

    return replay
