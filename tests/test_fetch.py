"""Fetching web addresses: a real HTTP server on 127.0.0.1, never any other address."""

from __future__ import annotations

import contextlib
import gzip
import json
import threading
import time
from collections.abc import Callable, Iterator
from functools import partial
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from itertools import pairwise
from pathlib import Path

import pytest

from rashomon.errors import InputError
from rashomon.ingest.fetch import USER_AGENT, Fetcher, refusal_reason
from rashomon.ingest.sources import read_sources
from rashomon.types import Article

# Invented for these tests.
FERRY_PAGE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Night ferry returns</title>
<meta property="og:site_name" content="Island Courier"></head><body><article>
<h1>Night ferry returns</h1>
<p>The night ferry to the outer islands sailed again on Tuesday after a winter in dry dock,
the harbour authority said, with every cabin booked for its first crossing.</p>
<p>"We have waited five months for this boat," said a fisherman on the quay.</p>
</article></body></html>
"""
RUSSIAN_PAGE = """<html><head><title>Паром вернулся</title></head><body><article>
<p>Ночной паром на дальние острова во вторник снова вышел в рейс после зимнего ремонта.</p>
<p>«Мы ждали этот паром пять месяцев», — сказал рыбак, стоявший на причале с сетями.</p>
</article></body></html>
"""
FEED = """<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel>
<title>Island Courier</title><link>/</link><language>en</language>
<item><title>Harbour wall repaired</title><link>/news/wall</link>
<pubDate>Mon, 06 May 2024 08:00:00 GMT</pubDate>
<content:encoded><![CDATA[<p>The harbour wall was mended over the weekend.</p>]]></content:encoded>
</item>
<item><title>Ferry: the whole story</title><link>/news/ferry.html</link>
<pubDate>Tue, 07 May 2024 08:00:00 GMT</pubDate><description>The ferry is back.</description>
</item>
<item><title>Staff memo</title><link>/private/memo</link>
<description>Read the memo.</description></item>
</channel></rss>
"""
ROBOTS = "User-agent: *\nDisallow: /private/\n"
BOMB = gzip.compress(b"\0" * 10 * 2**20)  # 10 MB of zeros in 10 KB

Route = Callable[[BaseHTTPRequestHandler], None]


def respond(
    status: int = 200,
    body: bytes = b"",
    content_type: str = "text/html; charset=utf-8",
    headers: dict[str, str] | None = None,
    length: bool = True,
) -> Route:
    def route(handler: BaseHTTPRequestHandler) -> None:
        handler.send_response(status)
        handler.send_header("Content-Type", content_type)
        for name, value in (headers or {}).items():
            handler.send_header(name, value)
        if length:
            handler.send_header("Content-Length", str(len(body)))
        handler.end_headers()
        handler.wfile.write(body)

    return route


def redirect(location: str, status: int = 302) -> Route:
    return respond(status, headers={"Location": location})


def slow(handler: BaseHTTPRequestHandler) -> None:
    time.sleep(2)
    respond(body=FERRY_PAGE.encode())(handler)


class Site:
    """A web site on 127.0.0.1: its routes, and every request it got (path, time, headers)."""

    def __init__(self, robots: Route) -> None:
        self.requests: list[tuple[str, float, dict[str, str]]] = []
        site = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                site.requests.append((self.path, time.monotonic(), dict(self.headers)))
                route = site.routes.get(self.path, respond(404, b"<p>Not here.</p>"))
                # The client may give up first (timeouts, size caps).
                with contextlib.suppress(BrokenPipeError, ConnectionResetError):
                    route(self)

            def log_message(self, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.server.block_on_close = False
        self.port = self.server.server_address[1]
        self.base = f"http://127.0.0.1:{self.port}"
        page = FERRY_PAGE.encode()
        self.routes: dict[str, Route] = {
            "/robots.txt": robots,
            "/news/ferry.html": respond(body=page),
            "/private/memo": respond(body=page),
            "/news/russian": respond(
                body=RUSSIAN_PAGE.encode("cp1251"), content_type="text/html; charset=windows-1251"
            ),
            "/news/gzip": respond(body=gzip.compress(page), headers={"Content-Encoding": "gzip"}),
            "/feed.xml": respond(body=FEED.encode(), content_type="application/rss+xml"),
            "/records.json": respond(
                body=json.dumps(
                    [
                        {"title": "One", "text": "The first record's text."},
                        {"text": "The second record's text.", "url": "https://else.example/2"},
                    ]
                ).encode(),
                content_type="application/json",
            ),
            "/redirect/0": redirect("/news/ferry.html", 301),
            **{f"/redirect/{n}": redirect(f"{self.base}/redirect/{n - 1}") for n in range(1, 9)},
            "/to-private": redirect("/private/memo"),
            "/to-ftp": redirect("ftp://127.0.0.1/file"),
            "/away": redirect(f"http://127.0.0.2:{self.port}/news/ferry.html"),
            "/huge": respond(body=b"x" * 5000, content_type="text/plain"),
            "/huge-stream": respond(body=b"x" * 5000, content_type="text/plain", length=False),
            "/bomb": respond(body=BOMB, headers={"Content-Encoding": "gzip"}),
            "/slow": slow,
        }
        serve = partial(self.server.serve_forever, poll_interval=0.05)
        threading.Thread(target=serve, daemon=True).start()

    def paths(self) -> list[str]:
        return [path for path, _, _ in self.requests]

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def site() -> Iterator[Site]:
    site = Site(respond(body=ROBOTS.encode(), content_type="text/plain"))
    yield site
    site.close()


def local_fetcher(**options: object) -> Fetcher:
    """A fetcher allowed to reach the test server, without the one-second politeness wait."""
    settings: dict = {"allow_private": True, "min_interval": 0.0, "timeout": 5.0, **options}
    return Fetcher(**settings)


def fetch_error(fetcher: Fetcher, url: str) -> str:
    with pytest.raises(InputError) as caught:
        fetcher.fetch(url)
    return str(caught.value)


# --- the private-address policy ------------------------------------------------------------


def test_loopback_is_refused_by_default_without_any_request(site: Site) -> None:
    url = f"{site.base}/news/ferry.html"
    assert fetch_error(Fetcher(), url) == (
        f"{url}: refused: 127.0.0.1 is a loopback address (use --allow-private to fetch it)"
    )
    ipv6 = f"http://[::1]:{site.port}/news/ferry.html"
    assert fetch_error(Fetcher(), ipv6) == (
        f"{ipv6}: refused: ::1 is a loopback address (use --allow-private to fetch it)"
    )
    assert site.requests == []


@pytest.mark.parametrize(
    ("address", "reason"),
    [
        ("127.0.0.1", "127.0.0.1 is a loopback address"),
        ("10.0.0.1", "10.0.0.1 is a private address"),
        ("192.168.1.20", "192.168.1.20 is a private address"),
        ("169.254.169.254", "169.254.169.254 is a link-local address"),
        ("0.0.0.0", "0.0.0.0 is an unspecified address"),
        ("224.0.0.251", "224.0.0.251 is a multicast address"),
        ("240.0.0.1", "240.0.0.1 is a reserved address"),
        ("100.64.0.1", "100.64.0.1 is not a public address"),
        ("::1", "::1 is a loopback address"),
        ("::", ":: is an unspecified address"),
        ("fe80::1", "fe80::1 is a link-local address"),
        ("fd12:3456::1", "fd12:3456::1 is a private address"),
        ("::ffff:127.0.0.1", "::ffff:127.0.0.1 is a loopback address"),
        ("::ffff:10.0.0.1", "::ffff:10.0.0.1 is a private address"),
        ("64:ff9b::a9fe:a9fe", "64:ff9b::a9fe:a9fe is a link-local address"),
        ("2002:7f00:1::", "2002:7f00:1:: is a loopback address"),
        ("93.184.216.34", None),
        ("2606:4700:4700::1111", None),
        ("::ffff:93.184.216.34", None),
    ],
)
def test_refusal_reason(address: str, reason: str | None) -> None:
    assert refusal_reason(address) == reason


def test_allowed_network_and_a_redirect_out_of_it(site: Site) -> None:
    fetcher = Fetcher(allowed_networks=["127.0.0.1/32"], min_interval=0.0)
    assert fetcher.fetch(f"{site.base}/news/ferry.html").status == 200
    # 127.0.0.2 is loopback too, outside the allowed network: refused before connecting.
    away = f"{site.base}/away"
    assert fetch_error(fetcher, away) == (
        f"{away}: redirected to http://127.0.0.2:{site.port}/news/ferry.html: "
        "refused: 127.0.0.2 is a loopback address (use --allow-private to fetch it)"
    )


# --- fetching and reading ------------------------------------------------------------------


def test_page_is_fetched_politely_and_read(site: Site) -> None:
    url = f"{site.base}/news/ferry.html"
    [article] = read_sources([url], fetcher=local_fetcher())
    assert isinstance(article, Article)
    assert article.url == url and article.path == url
    assert article.title == "Night ferry returns"
    assert article.outlet == "Island Courier"
    assert "sailed again on Tuesday" in article.text
    assert site.paths() == ["/robots.txt", "/news/ferry.html"]
    assert all(headers["User-Agent"] == USER_AGENT for _, _, headers in site.requests)
    assert USER_AGENT.startswith("rashomon/")


def test_charset_from_content_type_and_gzip_body(site: Site) -> None:
    fetcher = local_fetcher()
    russian, plain = read_sources(
        [f"{site.base}/news/russian", f"{site.base}/news/gzip"], fetcher=fetcher
    )
    assert isinstance(russian, Article) and "«Мы ждали этот паром пять месяцев»" in russian.text
    assert isinstance(plain, Article) and "sailed again on Tuesday" in plain.text
    assert site.paths().count("/robots.txt") == 1  # robots.txt is kept per site


def test_json_records_get_the_url_when_they_have_none(site: Site) -> None:
    url = f"{site.base}/records.json"
    first, second = read_sources([url], fetcher=local_fetcher())
    assert isinstance(first, Article) and first.url == url and first.path == f"{url}#0"
    assert isinstance(second, Article) and second.url == "https://else.example/2"


def test_feed_fetches_pages_of_summary_only_entries(site: Site) -> None:
    url = f"{site.base}/feed.xml"
    wall, ferry, memo = read_sources([url], fetcher=local_fetcher())
    assert isinstance(wall, Article)
    assert wall.text == "The harbour wall was mended over the weekend."
    assert wall.url == f"{site.base}/news/wall"  # relative links resolve against the feed
    assert wall.meta["text_from"] == "content"
    assert wall.outlet == "Island Courier"

    assert isinstance(ferry, Article)
    assert "sailed again on Tuesday" in ferry.text  # the linked page's text
    assert ferry.title == "Ferry: the whole story"  # the entry's title wins
    assert ferry.published == "2024-05-07T08:00:00+00:00"
    assert ferry.url == f"{site.base}/news/ferry.html"
    assert ferry.path == f"{url}#entry-2"
    assert ferry.meta["text_from"] == "page"

    assert str(memo) == (
        f"{url}#entry-3 ({site.base}/private/memo): only a summary, and the linked page "
        "failed: disallowed by robots.txt"
    )
    assert "/private/memo" not in site.paths() and "/news/wall" not in site.paths()


def test_feed_file_fetches_linked_pages_only_with_a_fetcher(site: Site, tmp_path: Path) -> None:
    path = tmp_path / "courier.rss"
    path.write_text(FEED.replace("<link>/", f"<link>{site.base}/"), encoding="utf-8")
    without = list(read_sources([str(path)]))
    assert [type(item) for item in without] == [Article, InputError, InputError]
    assert str(without[1]).endswith("only a summary, no article text")
    assert site.requests == []
    with_fetcher = list(read_sources([str(path)], fetcher=local_fetcher()))
    assert [type(item) for item in with_fetcher] == [Article, Article, InputError]


def test_urls_need_a_fetcher_and_paths_still_read(site: Site, tmp_path: Path) -> None:
    path = tmp_path / "story.txt"
    story = "A story on disk: the ferry route reopened on Monday.\n"
    path.write_text(story, encoding="utf-8")
    url = f"{site.base}/news/ferry.html"
    error, article = read_sources([url, str(path)])
    assert str(error) == f"{url}: fetching is disabled"
    assert isinstance(article, Article) and article.text == story
    [ftp] = read_sources(["ftp://127.0.0.1/file"], fetcher=local_fetcher())
    assert str(ftp) == "ftp://127.0.0.1/file: unsupported URL scheme 'ftp' (http and https only)"
    assert site.requests == []


# --- robots.txt ----------------------------------------------------------------------------


def test_robots_txt_disallows_and_is_kept(site: Site) -> None:
    fetcher = local_fetcher()
    url = f"{site.base}/private/memo"
    assert fetch_error(fetcher, url) == f"{url}: disallowed by robots.txt"
    to_private = f"{site.base}/to-private"
    assert fetch_error(fetcher, to_private) == (
        f"{to_private}: redirected to {site.base}/private/memo: disallowed by robots.txt"
    )
    assert site.paths() == ["/robots.txt", "/to-private"]


@pytest.mark.parametrize(
    ("robots", "refusal"),
    [
        (respond(404, b"<p>Not here.</p>"), None),  # no robots.txt: everything is allowed
        (respond(403), None),
        (respond(503), "robots.txt answered HTTP 503"),  # a server error: nothing, for now
        (slow, "robots.txt could not be read (timed out after 0.5 s)"),  # likewise
    ],
)
def test_robots_txt_failures(robots: Route, refusal: str | None) -> None:
    site = Site(robots)
    try:
        fetcher = local_fetcher(timeout=0.5)
        url = f"{site.base}/news/ferry.html"
        if refusal is None:
            assert fetcher.fetch(url).status == 200
        else:
            assert fetch_error(fetcher, url) == (
                f"{url}: {refusal}, so nothing is fetched from this site for now"
            )
            assert "/news/ferry.html" not in site.paths()
    finally:
        site.close()


# --- redirects, limits, errors -------------------------------------------------------------


def test_redirects_are_followed_five_times_at_most(site: Site) -> None:
    fetcher = local_fetcher()
    response = fetcher.fetch(f"{site.base}/redirect/4")
    assert response.url == f"{site.base}/news/ferry.html"
    [article] = read_sources([f"{site.base}/redirect/2"], fetcher=fetcher)
    assert isinstance(article, Article) and article.url == f"{site.base}/news/ferry.html"
    url = f"{site.base}/redirect/8"
    assert fetch_error(fetcher, url) == f"{url}: more than 5 redirects"
    to_ftp = f"{site.base}/to-ftp"
    assert fetch_error(fetcher, to_ftp) == (
        f"{to_ftp}: redirected to ftp://127.0.0.1/file: unsupported URL scheme 'ftp' "
        "(http and https only)"
    )


@pytest.mark.parametrize("path", ["/huge", "/huge-stream", "/bomb"])
def test_size_cap(site: Site, path: str) -> None:
    url = f"{site.base}{path}"
    assert fetch_error(local_fetcher(max_bytes=1000), url) == f"{url}: larger than 1000 bytes"
    assert len(local_fetcher(max_bytes=5000).fetch(f"{site.base}/huge").body) == 5000


def test_timeout(site: Site) -> None:
    url = f"{site.base}/slow"
    started = time.monotonic()
    assert fetch_error(local_fetcher(timeout=0.3), url) == f"{url}: timed out after 0.3 s"
    assert time.monotonic() - started < 1.5


def test_http_errors_and_unreachable_hosts(site: Site) -> None:
    url = f"{site.base}/missing"
    assert fetch_error(local_fetcher(), url) == f"{url}: HTTP 404"
    closed = Site(respond())
    closed.close()  # nothing listens on its port any more
    url = f"{closed.base}/news"
    assert fetch_error(local_fetcher(), url) == (
        f"{url}: robots.txt could not be read (connection refused), so nothing is fetched "
        "from this site for now"
    )


# --- rate limit ----------------------------------------------------------------------------


def test_requests_to_one_host_are_spaced(site: Site) -> None:
    fetcher = local_fetcher(min_interval=0.25)
    urls = [f"{site.base}/news/ferry.html", f"{site.base}/news/gzip", f"{site.base}/missing"]
    threads = [threading.Thread(target=read_sources_list, args=([url], fetcher)) for url in urls]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    times = sorted(moment for _, moment, _ in site.requests)
    assert len(times) == 4  # robots.txt once, then the three pages
    gaps = [later - earlier for earlier, later in pairwise(times)]
    assert min(gaps) >= 0.25 - 0.02


def read_sources_list(sources: list[str], fetcher: Fetcher) -> list[Article | InputError]:
    return list(read_sources(sources, fetcher=fetcher))
