"""Web archives (WARC, and the Internet Archive's older ARC), gzip-compressed or not.

Each HTTP ``response`` record with status 200 and an HTML payload (by its Content-Type, or
by its content when it has none) becomes an Article through the HTML reader: ``url`` is the
record's WARC-Target-URI, ``published`` the page's own date else the capture date
(WARC-Date), ``outlet`` the page's site name else the host name, and ``path``
``file.warc.gz#record-N`` (N counts every record from 1). Everything else is skipped without
a word: warcinfo, request, metadata, revisit and DNS records, redirects and error pages, and
payloads that are not HTML (images, scripts, style sheets, robots.txt).

An archive is never read whole: crawls run to gigabytes, so records stream through one at a
time and ``max_bytes`` caps each payload (its HTTP content encoding undone) instead of the
file. A page without article text or over the cap is reported as
``file.warc.gz#record-N (URL): REASON`` and the other records still come through; a
truncated or corrupt archive ends with one error naming the file, after the articles read
before the damage.

``read_web_page`` is also how pages fetched live are read (``sources``).
"""

from __future__ import annotations

import os
import zlib
from collections.abc import Iterator
from dataclasses import replace
from typing import BinaryIO
from urllib.parse import urlsplit

from warcio.archiveiterator import ArchiveIterator
from warcio.recordloader import ArcWarcRecord

from rashomon.errors import InputError
from rashomon.ingest import format_size
from rashomon.ingest.decoding import decode_bytes
from rashomon.ingest.detect import (
    ARCHIVE_SNIFF_BYTES,
    GZIP_MAGIC,
    MEDIA_TYPE_FORMATS,
    parse_content_type,
    sniff_format,
    sniff_web_archive,
)
from rashomon.ingest.fields import article_id, normalize_date
from rashomon.ingest.html import declared_charset, read_html
from rashomon.types import Article

_DRAIN_BYTES = 2**16


class _Damaged(Exception):
    """The archive ends early or its compressed data is corrupt."""


class _QuietArchiveIterator(ArchiveIterator):
    """warcio's iterator, without the several-line warning it writes to stderr for each
    record whose Content-Length is wrong: read_warc counts them into one error line."""

    INC_RECORD = ""


# Errors warcio raises from its own code on records with missing headers ("'NoneType' object
# has no attribute 'startswith'"): a reader is told the record is malformed, not that.
_WARCIO_SLIPS = (AttributeError, TypeError, KeyError, IndexError)


def read_warc(
    file: BinaryIO, source: str, *, max_bytes: int, encoding: str | None
) -> Iterator[Article | InputError]:
    """Articles in the web archive open as ``file`` (read from its start); an InputError per
    unreadable page record, and one for the file when it is damaged, after what was read
    before the damage."""
    file.seek(0)
    head = file.read(ARCHIVE_SNIFF_BYTES)
    file.seek(0)
    if not sniff_web_archive(head):
        yield InputError(source, "not a WARC or ARC file" if head.strip() else "empty file")
        return
    gzipped = head.startswith(GZIP_MAGIC)
    records = _QuietArchiveIterator(_GzipChecked(file) if gzipped else file, arc2warc=True)
    record: ArcWarcRecord | None = None
    number = 0
    try:
        for number, record in enumerate(records, start=1):
            if (item := _record_article(record, number, source, max_bytes, encoding)) is not None:
                yield item
        # warcio stops without a word where an uncompressed archive is cut short: inside a
        # record (bytes still owed), or after it (a header line left over, or a file that
        # does not end with a record's closing newline).
        if record is not None and _missing_bytes(record):
            raise _Damaged(f"truncated: record {number} ends early")
        if records.next_line or not (gzipped or _ends_with_newline(file)):
            raise _Damaged(f"truncated after record {number}")
        if records.err_count:
            raise _Damaged(
                f"{records.err_count} record(s) longer or shorter than their Content-Length "
                "(read as far as they go)"
            )
    except _Damaged as damage:
        yield InputError(source, str(damage))
    # warcio raises its own and zlib's errors, and more, on files that are not archives.
    except Exception as error:
        if isinstance(error, _WARCIO_SLIPS):  # its own code tripping on a header it lacks
            message = "malformed record headers (a response without its target URI?)"
        else:
            message = " ".join(str(error).split()) or type(error).__name__
        yield InputError(source, f"cannot read record {number + 1}: {message}")


def read_web_page(
    body: bytes,
    *,
    url: str,
    source: str,
    path: str,
    content_type: str | None,
    encoding: str | None,
    published: str | None = None,
) -> Article:
    """The article on an HTML page served over HTTP (archived or fetched); raises InputError.

    The body is decoded with ``--encoding``, else by its byte-order mark, else by the
    Content-Type charset, else by the charset the page declares, else as UTF-8 (the HTTP
    header outranks the page, as in browsers). ``url`` (where the page was served from) wins
    over the page's canonical link, which is kept as ``meta["canonical_url"]``; the page's
    date wins over ``published`` and its site name over the host name.
    """
    _, charset = parse_content_type(content_type)
    page = decode_bytes(body, source, encoding, declared=charset or declared_charset(body))
    article = next(read_html(page.encode(), source, "utf-8"))
    meta = dict(article.meta)
    if article.url and article.url != url:
        meta["canonical_url"] = article.url
    return replace(
        article,
        id=article_id(article.text, url),
        url=url,
        path=path,
        outlet=article.outlet or urlsplit(url).hostname,
        published=article.published or (normalize_date(published) if published else None),
        meta=meta,
    )


def _record_article(
    record: ArcWarcRecord, number: int, source: str, max_bytes: int, encoding: str | None
) -> Article | InputError | None:
    """The article in one record; an InputError when its page cannot be read; None for a
    record that holds no page (skipped silently)."""
    headers = record.http_headers
    if record.rec_type != "response" or headers is None or headers.get_statuscode() != "200":
        return None
    content_type = headers.get_header("Content-Type")
    media_type, _ = parse_content_type(content_type)
    if media_type is not None and MEDIA_TYPE_FORMATS.get(media_type) != "html":
        return None
    url = record.rec_headers.get_header("WARC-Target-URI") or ""
    where = f"{source}#record-{number}"
    name = f"{where} ({url})"
    body = record.content_stream().read(max_bytes + 1)
    if len(body) > max_bytes:
        return InputError(name, f"page is over the {format_size(max_bytes)} limit (--max-bytes)")
    if _missing_bytes(record):
        raise _Damaged(f"truncated: record {number} ends early")
    if media_type is None and sniff_format(body) != "html":
        return None
    date = record.rec_headers.get_header("WARC-Date")
    try:
        return read_web_page(
            body,
            url=url,
            source=name,
            path=where,
            content_type=content_type,
            encoding=encoding,
            published=date,
        )
    except InputError as error:
        return error
    # A library failing on one odd page must not lose the rest of the archive.
    except Exception as error:
        return InputError(name, f"cannot read as html: {type(error).__name__}: {error}")


def _missing_bytes(record: ArcWarcRecord) -> bool:
    """Whether the record's block ends before its Content-Length: the archive is cut short."""
    while record.raw_stream.read(_DRAIN_BYTES):
        pass
    # warcio reads a record through a LimitReader holding the bytes still owed; a record
    # without one has no length, as only a header cut short has.
    return getattr(record.raw_stream, "limit", 1) > 0


def _ends_with_newline(file: BinaryIO) -> bool:
    """Whether the file's last byte ends a line, as every WARC and ARC record ends."""
    if file.seek(0, os.SEEK_END) == 0:
        return True
    file.seek(-1, os.SEEK_END)
    return file.read(1) == b"\n"


class _GzipChecked:
    """A gzip file read for warcio, with every member checked to end properly.

    warcio stops without a word at a truncated member and only prints a corrupt one to
    stderr, losing the rest of the file either way; decompressing the members a second time
    here turns both into an error. The members before a corrupt one are handed on first, so
    their records still come through.
    """

    def __init__(self, file: BinaryIO) -> None:
        self._file = file
        self._member = zlib.decompressobj(wbits=31)
        self._inside_member = False
        self._damage: _Damaged | None = None

    def tell(self) -> int:
        return self._file.tell()

    def read(self, size: int = -1) -> bytes:
        if self._damage is not None:
            raise self._damage
        chunk = self._file.read(size)
        if not chunk and self._inside_member:
            raise _Damaged("truncated: the gzip data ends in the middle of a record")
        data = chunk
        # Where the member being checked starts in this chunk (None: in an earlier one).
        start: int | None = None if self._inside_member else 0
        while data:
            try:
                # The output is thrown away; warcio asks for 16 KiB at a time, so even a
                # decompression bomb's block stays in the megabytes.
                self._member.decompress(data)
            except zlib.error as error:
                damage = _Damaged(f"corrupt gzip data ({error})")
                if not start:  # warcio has every member before this one: stop now
                    raise damage from None
                self._damage = damage  # hand on the whole members first
                return chunk[:start]
            self._inside_member = not self._member.eof
            if self._inside_member:
                break
            data = self._member.unused_data  # the next member starts in what is left
            start = len(chunk) - len(data)
            self._member = zlib.decompressobj(wbits=31)
        return chunk
