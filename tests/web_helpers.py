"""Shared by the web app's tests: a real store (the shipped examples plus hostile articles),
a live server on 127.0.0.1, and the check that a page holds no executable markup."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from html.parser import HTMLParser
from pathlib import Path

import uvicorn

from rashomon.ingest.fields import article_id
from rashomon.link.corpus import cluster_store
from rashomon.store.ingest import ANALYSIS_VERSION, ingest_items
from rashomon.store.sqlite import Store
from rashomon.types import Analysis, Article
from rashomon.web.security import STYLE_ATTRIBUTES

# Every field of an article is untrusted; these try to break out of text, attributes,
# URLs, <title>, <textarea>, SVG and the FTS snippet markers.
HOSTILE_TITLES = (
    "<script>alert('title')</script> Crane collapse at Port Valdo",
    '"><img src=x onerror=alert(1)> Port Valdo crane falls',
    "</title><script>alert(1)</script><b>unclosed <i title='x",
)
HOSTILE_OUTLETS = (
    "<b onclick=alert(1)>Evil Outlet</b>",
    "javascript:alert(1)",
    "Outlet \"quoted' <svg onload=alert(1)>",
)
HOSTILE_URLS = (
    "javascript:alert(1)",
    'https://example.org/a" onmouseover="alert(1)',
    "data:text/html,<script>alert(1)</script>",
)
HOSTILE_BYLINE = "<script>alert('byline')</script>"
# Three tellings of one invented event, each carrying markup where text belongs.
HOSTILE_TEXTS = (
    "<script>alert('text')</script> Officials at Port Valdo said on Monday that a harbour "
    "crane collapsed onto the quay, injuring four workers and halting all loading.\n\n"
    '"The crane <b onmouseover=alert(2)>fell</b> without any warning," said harbour master '
    "Ilse Brandt. According to Reuters, the port will stay closed until Friday while "
    "engineers inspect the remaining cranes.\n\n"
    "\x02<script>alert(4)</script>\x03 Two of the injured are in a serious condition at "
    'Valdo General hospital. <a href="javascript:alert(5)">details</a>',
    "PORT VALDO - Four dockworkers were hurt when a 40-tonne crane toppled at Port Valdo, "
    "the harbour authority said. <img src=x onerror=alert(7)>\n\n"
    'Harbour master Ilse Brandt told reporters: "We are checking every crane on the quay '
    '<svg/onload=alert(8)> before anyone goes back to work." The port is expected to '
    "reopen on Friday.\n\n"
    "Unions have called for an inquiry into crane safety. --><iframe "
    "src=javascript:alert(6)></iframe>",
    "A crane crashed down on the quay at Port Valdo on Monday, and four workers were taken "
    "to hospital, officials said.\n\n"
    '"It came down without warning," Ilse Brandt, the harbour master, said. '
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(9)>\n\n"
    "Loading is suspended until Friday. ' onfocus='alert(10)' autofocus='",
)
HOSTILE_PUBLISHED = ("2026-05-04T08:00:00+00:00", "2026-05-04T09:30:00+00:00", None)
HOSTILE_ARTICLES = tuple(
    Article(
        id=article_id(text, url),
        text=text,
        title=title,
        outlet=outlet,
        url=url,
        published=published,
        byline=HOSTILE_BYLINE,
        path=f"hostile-{n}.txt",
    )
    for n, (text, title, outlet, url, published) in enumerate(
        zip(
            HOSTILE_TEXTS,
            HOSTILE_TITLES,
            HOSTILE_OUTLETS,
            HOSTILE_URLS,
            HOSTILE_PUBLISHED,
            strict=True,
        )
    )
)

_BUILT: dict[str, Path] = {}


def build_web_store(folder: Path, examples: list[Analysis]) -> Path:
    """A store of the example analyses and the hostile articles, grouped into stories.

    Built once per test session (several test modules ask for it).
    """
    if "store" in _BUILT:
        return _BUILT["store"]
    path = folder / "web.db"
    with Store.open(path) as store:
        for analysis in examples:
            store.put_analysis(analysis, version=ANALYSIS_VERSION)
        report = ingest_items(HOSTILE_ARTICLES, store)
        assert report.ok and report.analysed == len(HOSTILE_ARTICLES), report
        cluster_store(store)
    _BUILT["store"] = path
    return path


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextmanager
def live_server(app: object) -> Iterator[str]:
    """Serve ``app`` with uvicorn on a free port of 127.0.0.1 in a thread; yields its URL."""
    port = free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("the server did not start")
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(10)


class MarkupAudit(HTMLParser):
    """Everything in a page that could run script or load something from elsewhere."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.problems: list[str] = []
        self.tags: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.add(tag)
        if tag in ("script", "iframe", "object", "embed", "base", "frame", "applet"):
            self.problems.append(f"<{tag}> element")
        for name, value in attrs:
            name = name.lower()
            value = value or ""
            if name.startswith("on"):
                self.problems.append(f"<{tag} {name}=...> event handler")
            if name in ("href", "src", "action", "formaction", "xlink:href", "data", "srcdoc"):
                squeezed = "".join(ch for ch in value if ch > " ").lower()
                icon = tag == "link" and squeezed.startswith("data:image/")  # the app's own
                if squeezed.startswith(("javascript:", "vbscript:", "data:")) and not icon:
                    self.problems.append(f"<{tag} {name}={value!r}>")
                if squeezed.startswith(("http:", "https:", "//")) and tag in ("link", "img"):
                    self.problems.append(f"<{tag} {name}={value!r}> loads from elsewhere")
            if name == "style" and value not in STYLE_ATTRIBUTES:
                self.problems.append(f"<{tag} style={value!r}>")
            if tag == "meta" and name == "http-equiv" and value.lower() == "refresh":
                self.problems.append("<meta http-equiv=refresh>")


def executable_markup(html: str) -> list[str]:
    """What in ``html`` could run or load anything (empty for a safe page)."""
    audit = MarkupAudit()
    audit.feed(html)
    audit.close()
    return audit.problems
