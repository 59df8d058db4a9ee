"""Polite, guarded HTTP fetching for ``rashomon ingest URL``, with the standard library only.

Politeness: every request names rashomon in its User-Agent; robots.txt is honoured (RFC
9309: fetched once per origin and kept a day; one that is missing or otherwise 4xx allows
everything; a 5xx, a 429, a timeout or an unreachable server disallows everything until it
is asked again, ``ROBOTS_RETRY_SECONDS`` later); requests to one host are at least
``min_interval`` seconds apart (one a second by default), across threads; bodies may come
gzip-compressed.

Limits: a timeout on connecting and on each read (20 s by default); a body size cap
(``max_bytes``), read as a stream and abandoned once past it; at most ``MAX_REDIRECTS``
redirects, each new address checked as the first one was (scheme, robots.txt, rate, network
address); http and https only; never a proxy (a proxy would resolve host names out of reach
of the address check).

Network addresses: rashomon is often run next to things a web page must not reach (a cloud
metadata service at 169.254.169.254, a database on localhost, the office network), and a
feed or a redirect can point anywhere. So a host whose name resolves to any loopback,
private, link-local, multicast, reserved, unspecified or otherwise non-public address (IPv4
or IPv6, IPv4 inside IPv6 included) is refused unless ``allow_private`` (``--allow-private``)
is set or the address is in ``allowed_networks``. The name is resolved once per connection,
every address it resolves to is checked, and the connection is made to a checked address
while the name still goes into the Host header and TLS (server name and certificate check):
a DNS answer that changes between check and use (DNS rebinding) cannot slip an address in.

Every failure is an ``InputError(url, reason)`` with a one-line reason ("HTTP 404", "timed
out after 20 s", "disallowed by robots.txt", "refused: 127.0.0.1 is a loopback address (use
--allow-private to fetch it)"); a failure after a redirect names the address it happened at.
"""

from __future__ import annotations

import http.client
import ipaddress
import socket
import ssl
import threading
import time
import urllib.error
import urllib.request
import zlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from email.message import Message
from functools import partial
from importlib.metadata import version
from typing import Any
from urllib.parse import urljoin, urlsplit
from urllib.robotparser import RobotFileParser

from rashomon.errors import InputError
from rashomon.ingest import DEFAULT_MAX_BYTES, format_size

USER_AGENT = f"rashomon/{version('rashomon')} (+https://github.com/rashomon-news/rashomon)"
DEFAULT_TIMEOUT = 20.0
MAX_REDIRECTS = 5
# RFC 9309 asks crawlers to read at least 500 KiB of a robots.txt; the rest may be ignored.
ROBOTS_MAX_BYTES = 512 * 2**10
ROBOTS_KEEP_SECONDS = 24 * 3600
ROBOTS_RETRY_SECONDS = 600.0
_REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
_ACCEPT = (
    "text/html, application/xhtml+xml, application/rss+xml, application/atom+xml, "
    "application/xml;q=0.9, application/json;q=0.8, text/plain;q=0.8, */*;q=0.5"
)
_CHUNK_BYTES = 2**16
# Address kinds in the order they are named: a loopback address is also "private" to Python.
_ADDRESS_KINDS = (
    ("is_unspecified", "an unspecified"),
    ("is_loopback", "a loopback"),
    ("is_link_local", "a link-local"),
    ("is_multicast", "a multicast"),
    ("is_reserved", "a reserved"),
    ("is_private", "a private"),
)
_NAT64 = ipaddress.ip_network("64:ff9b::/96")  # IPv4 addresses reached through a NAT64 gateway


@dataclass(frozen=True, slots=True)
class Response:
    """A fetched body; ``url`` is where it was finally served from, after redirects."""

    url: str
    status: int
    content_type: str | None
    body: bytes


@dataclass(frozen=True, slots=True)
class _Robots:
    """One origin's robots.txt as last read, kept until ``until`` (``time.monotonic()``)."""

    until: float
    rules: RobotFileParser | None
    unavailable: str | None = None  # why nothing may be fetched when there are no rules


class _Failure(Exception):
    """Why one request failed, as the one-line reason the InputError will give."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class _Refused(_Failure):
    """The host resolves to an address rashomon may not connect to."""


class _AddressRefused(OSError):
    """Raised where the socket would be opened; urllib passes OSErrors up (in a URLError)."""


def refusal_reason(address: str) -> str | None:
    """Why ``address`` (an IP address) is not fetched without --allow-private, e.g. "10.0.0.1
    is a private address"; None for a public address."""
    ip = ipaddress.ip_address(address)
    candidates: list[ipaddress.IPv4Address | ipaddress.IPv6Address] = [ip]
    if isinstance(ip, ipaddress.IPv6Address):
        # An IPv4 address carried in IPv6 reaches that IPv4 host: judge it by that address.
        if ip.ipv4_mapped is not None:
            candidates = [ip.ipv4_mapped]
        elif ip in _NAT64:
            candidates = [ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)]
        elif ip.sixtofour is not None:
            candidates.append(ip.sixtofour)
    for candidate in candidates:
        for attribute, kind in _ADDRESS_KINDS:
            if getattr(candidate, attribute):
                return f"{address} is {kind} address"
        if not candidate.is_global:
            return f"{address} is not a public address"
    return None


class Fetcher:
    """Fetches URLs politely and safely (see the module docstring); safe to share by threads.

    ``timeout`` applies to connecting and to each read; ``min_interval`` is the least time
    between two requests to one host; ``allowed_networks`` (e.g. ``["10.1.0.0/16"]``) are
    fetched even though not public, without allowing every private address.
    """

    def __init__(
        self,
        *,
        timeout: float = DEFAULT_TIMEOUT,
        max_bytes: int = DEFAULT_MAX_BYTES,
        min_interval: float = 1.0,
        allow_private: bool = False,
        allowed_networks: Iterable[str] = (),
        user_agent: str = USER_AGENT,
    ) -> None:
        self.timeout = timeout
        self.max_bytes = max_bytes
        self.min_interval = min_interval
        self.allow_private = allow_private
        self.allowed_networks = tuple(ipaddress.ip_network(net) for net in allowed_networks)
        self.user_agent = user_agent
        self._lock = threading.Lock()
        self._next_turn: dict[str, float] = {}  # host -> when its next request may start
        self._robots: dict[str, _Robots] = {}  # by origin (scheme://host:port)
        self._robots_locks: dict[str, threading.Lock] = {}
        # Only http and https, through the guarded connections; no proxy, no redirect or
        # error handling of urllib's own: every response comes back as it is.
        self._opener = urllib.request.OpenerDirector()
        self._opener.addheaders = []
        self._opener.add_handler(_GuardedHTTPHandler(self._connect))
        self._opener.add_handler(_GuardedHTTPSHandler(self._connect))

    def fetch(self, url: str) -> Response:
        """The body at ``url``, after redirects; raises ``InputError(url, reason)``."""
        try:
            final_url, status, headers, body = self._follow(url, self.max_bytes)
        except _Failure as failure:
            raise InputError(url, failure.reason) from None
        if not 200 <= status < 300:
            raise InputError(url, f"HTTP {status}")
        return Response(final_url, status, headers.get("Content-Type"), body)

    def _follow(
        self, url: str, limit: int, *, robots_txt: bool = False
    ) -> tuple[str, int, Message, bytes]:
        """The final URL, status, headers and body of ``url``, redirects followed.

        ``robots_txt``: ``url`` is a robots.txt, which is not checked against itself and is
        cut at ``limit`` instead of refused past it.
        """
        current = url
        try:
            for _ in range(MAX_REDIRECTS + 1):
                parts = urlsplit(current)
                if parts.scheme not in ("http", "https"):
                    raise _Failure(f"unsupported URL scheme {parts.scheme!r} (http and https only)")
                if not parts.hostname:
                    raise _Failure("no host name in the URL")
                if not robots_txt and (refusal := self._robots_refusal(current)):
                    raise _Failure(refusal)
                status, headers, body = self._request(current, limit, truncate=robots_txt)
                location = headers.get("Location")
                if status not in _REDIRECT_STATUSES or not location:
                    return current, status, headers, body
                current = urljoin(current, location.strip())
        except _Failure as failure:
            if current != url:
                failure.reason = f"redirected to {current}: {failure.reason}"
            raise
        raise _Failure(f"more than {MAX_REDIRECTS} redirects")

    def _request(self, url: str, limit: int, *, truncate: bool) -> tuple[int, Message, bytes]:
        """One GET, no redirect followed; the body is read only for a 2xx status."""
        host = urlsplit(url).hostname or ""
        self._wait_turn(host)
        request = urllib.request.Request(
            url,
            headers={"User-Agent": self.user_agent, "Accept": _ACCEPT, "Accept-Encoding": "gzip"},
        )
        try:
            with self._opener.open(request, timeout=self.timeout) as response:
                body = b""
                if 200 <= response.status < 300:
                    body = self._read_body(response, limit, truncate=truncate)
                return response.status, response.headers, body
        except urllib.error.URLError as error:
            raise self._network_failure(error.reason, host) from None
        except OSError as error:
            raise self._network_failure(error, host) from None
        except http.client.HTTPException as error:
            raise _Failure(f"broken HTTP response ({type(error).__name__})") from None
        except ValueError as error:  # a malformed URL, e.g. a port that is no number
            raise _Failure(f"bad URL: {error}") from None

    def _read_body(
        self, response: http.client.HTTPResponse, limit: int, *, truncate: bool
    ) -> bytes:
        """The body, decompressed; past ``limit`` bytes cut there (``truncate``) or refused."""
        coding = (response.headers.get("Content-Encoding") or "identity").strip().lower()
        if coding in ("gzip", "x-gzip"):
            decoder = zlib.decompressobj(wbits=31)
        elif coding == "identity":
            decoder = None
            declared = response.headers.get("Content-Length", "")
            if not truncate and declared.isdigit() and int(declared) > limit:
                raise _Failure(f"larger than {format_size(limit)}")
        else:
            raise _Failure(f"unsupported Content-Encoding {coding!r}")
        parts: list[bytes] = []
        size = 0
        while chunk := response.read(_CHUNK_BYTES):
            if decoder is not None:
                try:
                    # No more output than could still fit: a decompression bomb stops here.
                    chunk = decoder.decompress(chunk, limit + 1 - size)
                except zlib.error as error:
                    raise _Failure(f"corrupt gzip body ({error})") from None
            parts.append(chunk)
            size += len(chunk)
            if size > limit:
                if truncate:
                    return b"".join(parts)[:limit]
                raise _Failure(f"larger than {format_size(limit)}")
        if decoder is not None and not decoder.eof:
            raise _Failure("the gzip body ends early")
        return b"".join(parts)

    def _network_failure(self, error: object, host: str) -> _Failure:
        if isinstance(error, _AddressRefused):
            return _Refused(f"refused: {error} (use --allow-private to fetch it)")
        if isinstance(error, TimeoutError):
            return _Failure(f"timed out after {self.timeout:g} s")
        if isinstance(error, socket.gaierror):
            return _Failure(f"cannot resolve host {host}")
        if isinstance(error, ssl.SSLError):
            return _Failure(f"TLS error: {getattr(error, 'reason', None) or error}")
        if isinstance(error, ConnectionRefusedError):
            return _Failure("connection refused")
        if isinstance(error, OSError) and error.strerror:
            return _Failure(f"cannot connect: {error.strerror.lower()}")
        return _Failure(f"cannot connect: {error}")

    def _wait_turn(self, host: str) -> None:
        """Sleep until ``host`` may be asked again; turns are handed out in call order."""
        with self._lock:
            now = time.monotonic()
            turn = max(now, self._next_turn.get(host, now))
            self._next_turn[host] = turn + self.min_interval
        if turn > now:
            time.sleep(turn - now)

    def _robots_refusal(self, url: str) -> str | None:
        """Why robots.txt keeps rashomon from ``url``; None when it allows it."""
        parts = urlsplit(url)
        origin = f"{parts.scheme}://{parts.netloc.rpartition('@')[2]}"
        with self._lock:
            origin_lock = self._robots_locks.setdefault(origin, threading.Lock())
        with origin_lock:  # threads asking one site at once wait for one robots.txt fetch
            robots = self._robots.get(origin)
            if robots is None or robots.until <= time.monotonic():
                robots = self._robots[origin] = self._load_robots(origin)
        if robots.rules is None:
            return robots.unavailable
        return None if robots.rules.can_fetch(self.user_agent, url) else "disallowed by robots.txt"

    def _load_robots(self, origin: str) -> _Robots:
        """The robots.txt rules of ``origin``, or why there are none to go by for now."""
        now = time.monotonic()
        for_now = "so nothing is fetched from this site for now"
        try:
            _, status, _, body = self._follow(
                f"{origin}/robots.txt", ROBOTS_MAX_BYTES, robots_txt=True
            )
        except _Refused:
            raise
        except _Failure as failure:  # unreachable: assume everything is disallowed
            reason = f"robots.txt could not be read ({failure.reason}), {for_now}"
            return _Robots(now + ROBOTS_RETRY_SECONDS, None, reason)
        if not (200 <= status < 300 or 400 <= status < 500) or status == 429:
            # A server error, or "too many requests": likewise.
            reason = f"robots.txt answered HTTP {status}, {for_now}"
            return _Robots(now + ROBOTS_RETRY_SECONDS, None, reason)
        rules = RobotFileParser(f"{origin}/robots.txt")
        # No robots.txt (any 4xx) is read as an empty one: everything is allowed.
        rules.parse(body.decode("utf-8", errors="replace").splitlines() if status < 300 else [])
        return _Robots(now + ROBOTS_KEEP_SECONDS, rules)

    def _connect(
        self, address: tuple[str, int], timeout: Any, source_address: Any = None
    ) -> socket.socket:
        """A socket connected to ``address``'s host, at one of its checked IP addresses.

        Stands in for ``socket.create_connection`` inside http.client, so the name is resolved
        here, once, and the connection goes to an address that passed the check.
        """
        host, port = address
        resolved = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
        # Stream sockets of the IP families: their address is an (IP string, port, ...) tuple.
        addresses = [info[4][0] for info in resolved if isinstance(info[4][0], str)]
        for ip in addresses:
            if reason := self._refusal(ip):
                raise _AddressRefused(reason)
        error: OSError = OSError(f"no address for {host}")
        for ip in addresses:
            try:
                return socket.create_connection((ip, port), timeout, source_address)
            except OSError as failure:
                error = failure
        raise error

    def _refusal(self, ip: str) -> str | None:
        if self.allow_private:
            return None
        address = ipaddress.ip_address(ip)
        if any(address in network for network in self.allowed_networks):
            return None
        return refusal_reason(ip)


# The signature of socket.create_connection: (host, port), timeout, source address.
_Connect = Callable[[tuple[str, int], Any, Any], socket.socket]


class _PinnedConnection:
    """An http.client connection that opens its socket with the Fetcher's guarded connect."""

    def __init__(self, *args: Any, connect: _Connect, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # http.client opens every socket through this attribute (meant to be replaceable).
        self._create_connection = connect


class _GuardedHTTPConnection(_PinnedConnection, http.client.HTTPConnection):
    pass


class _GuardedHTTPSConnection(_PinnedConnection, http.client.HTTPSConnection):
    pass


class _GuardedHTTPHandler(urllib.request.HTTPHandler):
    def __init__(self, connect: _Connect) -> None:
        super().__init__()
        self._connect = connect

    def http_open(self, request: urllib.request.Request) -> http.client.HTTPResponse:
        return self.do_open(partial(_GuardedHTTPConnection, connect=self._connect), request)


class _GuardedHTTPSHandler(urllib.request.HTTPSHandler):
    def __init__(self, connect: _Connect) -> None:
        self._tls = ssl.create_default_context()
        super().__init__(context=self._tls)
        self._connect = connect

    def https_open(self, request: urllib.request.Request) -> http.client.HTTPResponse:
        connection = partial(_GuardedHTTPSConnection, connect=self._connect)
        return self.do_open(connection, request, context=self._tls)
