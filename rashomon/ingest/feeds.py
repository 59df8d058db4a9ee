"""RSS and Atom feeds (feedparser): one Article per entry.

==========  ===================================================================
title       the entry's title
url         its link
published   its published date, else its updated date, in ISO 8601 UTC
byline      its authors (RSS 2.0's ``email (Name)`` gives the name), joined with ", "
outlet      the feed's title, else the host of the feed's link (or of its URL)
language    the entry's ``xml:lang``, else the feed's language
==========  ===================================================================

The text is, in this order:

1. the entry's full content (RSS ``content:encoded``, Atom ``content``), its HTML turned into
   text with a line per paragraph or other block;
2. when fetching is allowed (``read_page`` given), the article on the linked page; the
   entry's fields above win over the page's, which fill the gaps;
3. the summary (RSS ``description``, Atom ``summary``) when it has at least
   ``MIN_SUMMARY_WORDS`` words: many feeds carry the whole article there, while a teaser is
   a sentence or two.

An entry with none of these is reported as ``feed.xml#entry-3 (LINK): only a summary, no
article text`` (with the linked page's error when fetching it failed) and the other entries
still come through. ``Article.path`` is ``feed.xml#entry-N`` (N from 1) and
``Article.meta`` has the entry's ``guid`` and ``text_from`` (content, page or summary).

The feed is decoded as a web page is (``--encoding``, else a byte-order mark, else the
Content-Type charset, else the XML declaration, else UTF-8) and handed to feedparser as
UTF-8, so a charset is chosen once, strictly, as for every other input. A feed feedparser
cannot read at all (a broken feed with no entries), a document that is no feed and a feed
without entries are each one InputError naming the input.
"""

from __future__ import annotations

import io
import re
import xml.sax
from collections.abc import Callable, Iterator, Mapping
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urlsplit

import feedparser
import lxml.html
import lxml.html.defs

from rashomon.errors import InputError
from rashomon.ingest.decoding import decode_bytes
from rashomon.ingest.fields import as_text, build_article
from rashomon.ingest.html import declared_charset
from rashomon.types import Article

# The article at a URL (a feed entry's link); raises InputError when it cannot be had.
PageReader = Callable[[str], Article]

# A teaser is one or two sentences (15 to 35 words in news feeds); a summary this long is
# taken for the article itself, which many feeds put in <description>.
MIN_SUMMARY_WORDS = 40

_HTML_TYPES = ("text/html", "application/xhtml+xml")
# Elements that start a new line of text (lxml's HTML 4 list, with HTML5's and <br>);
# everything else is inline.
_HTML5_BLOCK_TAGS = {"article", "aside", "figcaption", "figure", "footer", "header", "main"}
_BLOCK_TAGS = lxml.html.defs.block_tags | _HTML5_BLOCK_TAGS | {"nav", "section", "br"}
# RSS 2.0's <author> is an e-mail address, by custom followed by the name in parentheses.
_EMAIL_AND_NAME = re.compile(r"\S+@\S+\s+\((?P<name>[^()]+)\)")


def read_feed(
    data: bytes,
    source: str,
    encoding: str | None,
    *,
    charset: str | None = None,
    base_url: str | None = None,
    read_page: PageReader | None = None,
) -> Iterator[Article | InputError]:
    """Articles of the feed in ``data``; an InputError per entry without article text.

    ``charset`` is the one an HTTP Content-Type gave; ``base_url`` the URL the feed came from,
    against which relative links resolve; ``read_page`` fetches the article an entry only
    links to (None: nothing is fetched).
    """
    text = decode_bytes(data, source, encoding, declared=charset or declared_charset(data))
    headers = {"content-type": "application/xml; charset=utf-8"}
    if base_url:
        headers["content-location"] = base_url
    # A stream, never a string: feedparser.parse opens a string that looks like a URL or path.
    parsed = feedparser.parse(io.BytesIO(text.encode()), response_headers=headers)
    if not parsed.entries:
        raise InputError(source, _why_no_entries(parsed))
    feed = parsed.feed
    feed_fields = {
        "outlet": feed.get("title") or urlsplit(feed.get("link") or base_url or "").hostname,
        "language": feed.get("language"),
    }
    for number, entry in enumerate(parsed.entries, start=1):
        link = entry.get("link")
        where = f"{source}#entry-{number}"
        name = f"{where} ({link})" if link else where
        try:
            yield _entry_article(entry, feed_fields, where=where, name=name, read_page=read_page)
        except InputError as error:
            yield error
        # A library failing on one odd entry must not lose the others.
        except Exception as error:
            yield InputError(name, f"cannot read entry: {type(error).__name__}: {error}")


def html_text(fragment: str) -> str:
    """The text of an HTML fragment: a line per paragraph or other block, inline markup dropped.

    trafilatura is made for whole pages: on an entry's few paragraphs it drops headings and
    lists and breaks lines at bold or italic words. Entry content is already the article (and
    feedparser has sanitised it), so it is only flattened here.
    """
    if not fragment.strip():
        return ""
    root = lxml.html.fragment_fromstring(fragment, create_parent="div")
    for element in root.iter():
        if isinstance(element.tag, str) and element.tag.lower() in _BLOCK_TAGS:
            element.text = "\n" + (element.text or "")
            element.tail = "\n" + (element.tail or "")
    lines = (" ".join(line.split()) for line in root.text_content().split("\n"))
    return "\n".join(line for line in lines if line)


def _entry_article(
    entry: Mapping[str, Any],
    feed_fields: Mapping[str, str | None],
    *,
    where: str,
    name: str,
    read_page: PageReader | None,
) -> Article:
    link = entry.get("link")
    found = {
        **feed_fields,
        "title": entry.get("title"),
        "url": link,
        "published": _published(entry),
        "byline": _byline(entry),
        "language": _language(entry) or feed_fields["language"],
    }
    fields = {field: value.strip() for field, value in found.items() if value and value.strip()}
    meta = {"guid": entry["id"]} if entry.get("id") else {}
    if text := _content_text(entry):
        return build_article(text, fields, path=where, meta={**meta, "text_from": "content"})
    reason = "only a summary, no article text"
    if read_page and link:
        try:
            page = read_page(link)
        except InputError as error:
            reason = f"only a summary, and the linked page failed: {error.reason}"
        else:
            page_fields = {
                "title": page.title,
                "outlet": page.outlet,
                "published": page.published,
                "byline": page.byline,
                "language": page.language,
            }
            merged = {field: value for field, value in page_fields.items() if value}
            merged.update(fields, url=page.url or link)
            return build_article(page.text, merged, path=where, meta={**meta, "text_from": "page"})
    summary = _detail_text(entry.get("summary_detail") or {})
    if len(summary.split()) >= MIN_SUMMARY_WORDS:
        return build_article(summary, fields, path=where, meta={**meta, "text_from": "summary"})
    raise InputError(name, reason)


def _content_text(entry: Mapping[str, Any]) -> str:
    """The longest full-content text of the entry, preferring HTML over plain text."""
    contents = entry.get("content") or []
    html = [content for content in contents if content.get("type") in _HTML_TYPES]
    texts = [_detail_text(content) for content in html or contents]
    return max(texts, key=len, default="")


def _detail_text(detail: Mapping[str, Any]) -> str:
    value = detail.get("value") or ""
    return html_text(value) if detail.get("type") in _HTML_TYPES else value.strip()


def _published(entry: Mapping[str, Any]) -> str | None:
    moment = entry.get("published_parsed") or entry.get("updated_parsed")
    if moment is not None:  # feedparser's struct_time is already in UTC
        year, month, day, hour, minute, second = moment[:6]
        return datetime(year, month, day, hour, minute, second, tzinfo=UTC).isoformat()
    return entry.get("published") or entry.get("updated")  # kept as found when unparseable


def _byline(entry: Mapping[str, Any]) -> str | None:
    author = (entry.get("author") or "").strip()
    # feedparser splits RSS 2.0's "email (Name)" wrongly for long domain names: read it here.
    if match := _EMAIL_AND_NAME.fullmatch(author):
        return match["name"]
    return as_text(entry.get("authors")) or author or None


def _language(entry: Mapping[str, Any]) -> str | None:
    for detail in (
        *(entry.get("content") or []),
        entry.get("summary_detail"),
        entry.get("title_detail"),
    ):
        if detail and detail.get("language"):
            return detail["language"]
    return None


def _why_no_entries(parsed: Mapping[str, Any]) -> str:
    if parsed.get("bozo"):
        error = parsed.get("bozo_exception")
        if isinstance(error, xml.sax.SAXParseException):
            where = f"line {error.getLineNumber()}, column {error.getColumnNumber()}"
            return f"not a readable feed: {error.getMessage()} ({where})"
        return f"not a readable feed: {' '.join(str(error).split())}"
    if not parsed.get("version"):
        return "not an RSS or Atom feed"
    return "feed has no entries"
