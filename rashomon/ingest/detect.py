"""Which reader a file or an HTTP body needs: by its extension or media type, else by how its
content starts; and whether a file is a web archive, which is streamed rather than read whole."""

from __future__ import annotations

import codecs
import re
import zlib
from pathlib import PurePath
from urllib.parse import urlsplit

EXTENSION_FORMATS: dict[str, str] = {
    ".txt": "text",
    ".text": "text",
    ".md": "text",
    ".html": "html",
    ".htm": "html",
    ".xhtml": "html",
    ".json": "json",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".rss": "feed",
    ".atom": "feed",
}
# Media types that name a format outright; others (text/plain, XML, none) fall back to the
# URL's extension and the content, as a file's name and content would.
MEDIA_TYPE_FORMATS: dict[str, str] = {
    "text/html": "html",
    "application/xhtml+xml": "html",
    "application/rss+xml": "feed",
    "application/atom+xml": "feed",
    "application/rdf+xml": "feed",
    "application/json": "json",
    "application/x-ndjson": "jsonl",
    "application/jsonl": "jsonl",
}
# WARC and ARC files (gzip-compressed or not); ARC is the Internet Archive's older format.
ARCHIVE_SUFFIXES = (".warc", ".warc.gz", ".arc", ".arc.gz")
ARCHIVE_SNIFF_BYTES = 4096
_ARCHIVE_STARTS = (b"WARC/1.", b"filedesc://")
GZIP_MAGIC = b"\x1f\x8b"
_SNIFF_BYTES = 1024
# "[" alone also starts plenty of prose ("[Updated] ..."); a JSON list of records has "[{".
_JSON_START = re.compile(rb"\{|\[\s*[{\]]")
# An RSS, Atom or RSS 1.0 (RDF) root element, after any XML declaration, processing
# instructions (stylesheets), comments and doctype.
_FEED_START = re.compile(
    rb"(?:<\?.*?\?>|<!--.*?-->|<!DOCTYPE[^>]*>|\s)*<(?:[\w.-]+:)?(?:rss|feed|RDF)[\s/>]",
    re.DOTALL,
)
_CHARSET_PARAM = re.compile(r";\s*charset\s*=\s*[\"']?([^\"';\s]+)", re.IGNORECASE)


def detect_format(path: str, data: bytes) -> str:
    """The format name (a key of ``rashomon.ingest.READERS``) for the file at ``path``."""
    return EXTENSION_FORMATS.get(PurePath(path).suffix.lower()) or sniff_format(data)


def sniff_format(data: bytes) -> str:
    """The format of content without a telling extension; plain text when nothing else fits."""
    head = data[:_SNIFF_BYTES].removeprefix(codecs.BOM_UTF8).lstrip()
    if _FEED_START.match(head):
        return "feed"
    if head.startswith(b"<"):
        return "html"
    if _JSON_START.match(head):
        return "json"
    return "text"


def response_format(content_type: str | None, url: str, data: bytes) -> str:
    """The format of an HTTP body: by its media type, else as a file named like the URL's path."""
    media_type, _ = parse_content_type(content_type)
    return MEDIA_TYPE_FORMATS.get(media_type or "") or detect_format(urlsplit(url).path, data)


def parse_content_type(value: str | None) -> tuple[str | None, str | None]:
    """The media type (lower case) and the charset parameter of a Content-Type header."""
    if not value:
        return None, None
    media_type = value.split(";", 1)[0].strip().lower() or None
    charset = _CHARSET_PARAM.search(value)
    return media_type, charset[1] if charset else None


def is_web_archive(path: str, head: bytes) -> bool:
    """Whether a file is a WARC or ARC archive: by its name, else by how it starts (``head``,
    its first ``ARCHIVE_SNIFF_BYTES``)."""
    return path.lower().endswith(ARCHIVE_SUFFIXES) or sniff_web_archive(head)


def sniff_web_archive(head: bytes) -> bool:
    """Whether content starting with ``head`` is a WARC or ARC archive, gzip-compressed or not."""
    if head.startswith(GZIP_MAGIC):
        try:
            head = zlib.decompressobj(wbits=31).decompress(head, _SNIFF_BYTES)
        except zlib.error:
            return False
    return head.startswith(_ARCHIVE_STARTS)
