"""The inputs of ``rashomon ingest``: files, directories and web addresses, in one stream.

A source that starts with a URL scheme (``https://...``) is fetched with the ``Fetcher``
given (see ``fetch`` for its politeness and the private-address policy); anything else is a
path, read by ``read_path``. Without a fetcher nothing is fetched: a URL is reported as
"fetching is disabled", and feed entries that carry only a summary fall back to it.

A fetched body is read by the reader its Content-Type names (an HTML page, an RSS or Atom
feed, JSON or JSONL), else by the one a file named like the URL's path would get. A page's
``Article.url`` is the URL it was finally served from, after redirects; feed entries and
JSON records keep their own links, and get that URL only when they have none.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import replace
from functools import partial

from rashomon.errors import InputError
from rashomon.ingest import DEFAULT_MAX_BYTES, READERS, read_path
from rashomon.ingest.decoding import decode_bytes
from rashomon.ingest.detect import not_article_reason, parse_content_type, response_format
from rashomon.ingest.feeds import read_feed
from rashomon.ingest.fetch import Fetcher, Response
from rashomon.ingest.fields import article_id
from rashomon.ingest.warc import read_web_page
from rashomon.types import Article

_URL_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*://")


def read_sources(
    sources: Iterable[str],
    *,
    max_bytes: int = DEFAULT_MAX_BYTES,
    encoding: str | None = None,
    fetcher: Fetcher | None = None,
) -> Iterator[Article | InputError]:
    """Articles from every path and URL in ``sources``, in order; an InputError per failure.

    ``max_bytes`` and ``encoding`` are the file readers' (``encoding`` applies to fetched
    bodies too; the fetcher has its own size cap); ``fetcher`` None disables fetching.
    """
    read_page = partial(read_linked_page, fetcher, encoding=encoding) if fetcher else None
    for source in sources:
        if not _URL_SCHEME.match(source):
            yield from read_path(
                source, max_bytes=max_bytes, encoding=encoding, read_page=read_page
            )
        elif fetcher is None:
            yield InputError(source, "fetching is disabled")
        else:
            yield from read_url(source, fetcher, encoding=encoding)


def read_url(
    url: str, fetcher: Fetcher, *, encoding: str | None = None
) -> Iterator[Article | InputError]:
    """The articles at ``url``: a page's, a feed's (pages its entries only link to fetched
    too), or a JSON file's records; InputErrors name ``url`` as given."""
    try:
        response = fetcher.fetch(url)
    except InputError as error:
        yield error
        return
    if reason := not_article_reason(response.body):
        yield InputError(url, reason)
        return
    file_format = response_format(response.content_type, response.url, response.body)
    _, charset = parse_content_type(response.content_type)
    try:
        if file_format == "html":
            yield _page_article(response, url, encoding)
        elif file_format == "feed":
            read_page = partial(read_linked_page, fetcher, encoding=encoding)
            yield from read_feed(
                response.body,
                url,
                encoding,
                charset=charset,
                base_url=response.url,
                read_page=read_page,
            )
        else:
            # Decoded here so the Content-Type charset counts; the readers get it as UTF-8.
            text = decode_bytes(response.body, url, encoding, declared=charset)
            for item in READERS[file_format](text.encode(), url, "utf-8"):
                if isinstance(item, Article) and not item.url:
                    item = replace(item, url=response.url, id=article_id(item.text, response.url))
                yield item
    except InputError as error:
        yield error
    # A library failing on odd input must not end the whole run.
    except Exception as error:
        yield InputError(url, f"cannot read as {file_format}: {type(error).__name__}: {error}")


def read_linked_page(fetcher: Fetcher, url: str, *, encoding: str | None = None) -> Article:
    """The article on the HTML page at ``url`` (a feed entry's link); raises InputError."""
    response = fetcher.fetch(url)
    if response_format(response.content_type, response.url, response.body) != "html":
        raise InputError(url, f"not an HTML page ({response.content_type or 'no content type'})")
    return _page_article(response, url, encoding)


def _page_article(response: Response, url: str, encoding: str | None) -> Article:
    return read_web_page(
        response.body,
        url=response.url,
        source=url,
        path=response.url,
        content_type=response.content_type,
        encoding=encoding,
    )
