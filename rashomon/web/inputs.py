"""Articles handed to the web app: pasted text, uploaded files, JSON records and web addresses.

Each becomes an ``Article`` through the ingest readers, or an ``InputError`` that says in one
line why it could not be read; the caller reports those next to the result. Uploads are
capped by the request size limit (``security.BodyLimit``) before they get here.

Web addresses are fetched only by a ``Fetcher`` (when the app allows fetching), which
refuses private and local addresses unless told otherwise, and only when they are plain
http(s) URLs: anything else a visitor types is refused here, never read as a local path.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable, Iterator
from dataclasses import replace

from rashomon.errors import InputError
from rashomon.ingest import READERS
from rashomon.ingest.detect import detect_format
from rashomon.ingest.fetch import Fetcher
from rashomon.ingest.fields import article_id, normalize_date
from rashomon.ingest.sources import read_url
from rashomon.link.corpus import MAX_COMPARED
from rashomon.types import Article

MAX_ARTICLES = MAX_COMPARED  # a comparison of n articles costs n² sentence alignments
FETCHING_DISABLED = "fetching web addresses is not enabled on this server"
_WEB_URL = re.compile(r"https?://\S+\Z", re.IGNORECASE)


def pasted_article(
    source: str,
    text: str,
    *,
    title: str | None = None,
    outlet: str | None = None,
    published: str | None = None,
    url: str | None = None,
    language: str | None = None,
) -> Article:
    """An article from text (which may start with front matter, as a text file may), the
    fields given overriding the front matter's; raises InputError for text with no words."""
    article = next(READERS["text"](text.encode("utf-8", "replace"), source, "utf-8"))
    if isinstance(article, InputError):
        raise article

    def given(value: str | None, found: str | None) -> str | None:
        return value.strip() if value and value.strip() else found

    article = replace(
        article,
        title=given(title, article.title),
        outlet=given(outlet, article.outlet),
        published=given(normalize_date(published) if published else None, article.published),
        url=given(url, article.url),
        language=given(language, article.language),
    )
    return replace(article, id=article_id(article.text, article.url))


def uploaded_articles(name: str, data: bytes) -> Iterator[Article | InputError]:
    """The articles in an uploaded file (text, HTML, JSON, JSONL, RSS/Atom), by name and content."""
    file_format = detect_format(name, data)
    try:
        yield from READERS[file_format](data, name, None)
    except InputError as error:
        yield error
    # A library failing on odd input must not fail the request.
    except Exception as error:
        yield InputError(name, f"cannot read as {file_format}: {type(error).__name__}: {error}")


def fetched_articles(
    urls: Iterable[str], fetcher: Fetcher | None
) -> Iterator[Article | InputError]:
    """The articles at each http(s) address; an InputError for others, or if fetching is off."""
    for url in urls:
        if not _WEB_URL.match(url):
            yield InputError(url, "not an http or https address")
        elif fetcher is None:
            yield InputError(url, FETCHING_DISABLED)
        else:
            # A feed yields its entries lazily, fetching each linked page in turn: stop
            # once there are enough to compare instead of crawling the whole feed.
            yield from itertools.islice(read_url(url, fetcher), MAX_ARTICLES + 1)
