"""Web pages: the article text and metadata extracted by trafilatura.

The text is trafilatura's main-content extraction (boilerplate, navigation and comments
dropped); title, site name (outlet), date (published), author (byline) and canonical URL come
from its metadata extraction. The language is taken only where the page declares it
(``<html lang>``, ``xml:lang``, a Content-Language or language ``<meta>``, ``og:locale``),
never guessed. The page is decoded with ``--encoding`` if given, else with the charset it
declares in its first 8 KiB, else as UTF-8.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import trafilatura
from lxml.html import HtmlElement
from trafilatura.settings import Document

from rashomon.errors import InputError
from rashomon.ingest.decoding import decode_bytes
from rashomon.ingest.fields import build_article, too_short_reason
from rashomon.types import Article

_CHARSET_BYTES = 8192
_DECLARED_CHARSET = re.compile(
    rb"""<meta[^>]+?charset\s*=\s*["']?\s*(?P<meta>[-\w.:]+)"""
    rb"""|<\?xml[^>]+?encoding\s*=\s*["'](?P<xml>[-\w.:]+)""",
    re.IGNORECASE,
)
# <meta> names and properties that declare the page language.
_LANGUAGE_META = ("content-language", "language", "dc.language", "og:locale")


def read_html(data: bytes, source: str, encoding: str | None) -> Iterator[Article]:
    page = decode_bytes(data, source, encoding, declared=declared_charset(data))
    # trafilatura refuses a fragment without <html> ("<p>...</p>"); a wrapped one still parses.
    tree = trafilatura.load_html(page)
    if tree is None:
        tree = trafilatura.load_html(f"<html><body>{page}</body></html>")
    if tree is None:
        raise InputError(source, "no article text found in HTML")
    # Read before extraction, which prunes the tree in place.
    language = declared_language(tree)
    document = trafilatura.bare_extraction(tree, with_metadata=True, include_comments=False)
    # Without as_dict, trafilatura returns a Document or None.
    if not isinstance(document, Document):
        raise InputError(source, "no article text found in HTML")
    text = document.text or ""
    if not text.strip():
        raise InputError(source, "no article text found in HTML")
    # A page of menus only leaves a word or two ("Home") after extraction.
    if reason := too_short_reason(text):
        raise InputError(source, f"no article text found in HTML: {reason}")
    found = {
        "title": document.title,
        "outlet": document.sitename,
        "url": document.url,
        "published": document.date,
        "byline": document.author,
        "language": language,
    }
    fields = {name: value.strip() for name, value in found.items() if value and value.strip()}
    extra = {"description": document.description, "hostname": document.hostname}
    meta = {name: value for name, value in extra.items() if value}
    yield build_article(text, fields, path=source, meta=meta)


def declared_charset(data: bytes) -> str | None:
    """The charset a page declares in a ``<meta>`` tag or XML declaration, if any."""
    match = _DECLARED_CHARSET.search(data[:_CHARSET_BYTES])
    if match is None:
        return None
    return (match["meta"] or match["xml"]).decode("ascii")


def declared_language(tree: HtmlElement) -> str | None:
    """The language the page declares, as a BCP 47 tag ("en-GB"); None when it declares none."""
    root = tree.getroottree().getroot()
    declared = root.get("lang") or root.get("xml:lang")
    if not declared:
        for meta in root.iter("meta"):
            name = meta.get("http-equiv") or meta.get("name") or meta.get("property") or ""
            if name.strip().lower() in _LANGUAGE_META and meta.get("content"):
                declared = meta.get("content")
                break
    if not declared:
        return None
    # Content-Language may list several languages; og:locale writes en_GB.
    return declared.split(",")[0].strip().replace("_", "-") or None
