"""Which reader a file or an HTTP body needs: by its extension or media type, else by how its
content starts; and whether a file is a web archive, which is streamed rather than read whole."""

from __future__ import annotations

import codecs
import io
import re
import zipfile
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
# A doctype, with its internal subset of declarations ("[<!ENTITY ...>]") if any: an XML
# document's entity declarations hold ">" before the doctype ends.
_DOCTYPE = rb"<!DOCTYPE[^>\[]*(?:\[.*?\])?\s*>"
# An RSS, Atom or RSS 1.0 (RDF) root element, after any XML declaration, processing
# instructions (stylesheets), comments and doctype.
_FEED_START = re.compile(
    rb"(?:<\?.*?\?>|<!--.*?-->|" + _DOCTYPE + rb"|\s)*<(?:[\w.-]+:)?(?:rss|feed|RDF)[\s/>]",
    re.DOTALL,
)
_CHARSET_PARAM = re.compile(r";\s*charset\s*=\s*[\"']?([^\"';\s]+)", re.IGNORECASE)


# What is not article text, by how its content starts (its "magic number"): refused with a
# line that names it, where reading it as text gave nonsense (an ASCII PDF read as a Danish
# article titled "%PDF-1.4", an RTF file reported as "invalid JSON"). Reading these formats
# is out of scope; the hint says how to get their text.
_SAVE_AS_TEXT = "save it as plain text or HTML first"
_UNPACK = "unpack it and give rashomon its files"
_DOCUMENT_STARTS: tuple[tuple[bytes, str, str], ...] = (
    (b"%PDF-", "a PDF document", "extract its text first, e.g. with pdftotext"),
    (b"%!PS", "a PostScript document", "extract its text first, e.g. with ps2ascii"),
    (b"{\\rtf", "an RTF document", _SAVE_AS_TEXT),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "a Microsoft Office file (DOC, XLS, PPT)", _SAVE_AS_TEXT),
    (b"\x89PNG\r\n\x1a\n", "a PNG image", "there is no text to read"),
    (b"\xff\xd8\xff", "a JPEG image", "there is no text to read"),
    (b"GIF87a", "a GIF image", "there is no text to read"),
    (b"GIF89a", "a GIF image", "there is no text to read"),
    (b"II*\x00", "a TIFF image", "there is no text to read"),
    (b"MM\x00*", "a TIFF image", "there is no text to read"),
    (b"\x1f\x8b", "a gzip-compressed file", "decompress it first"),
    (b"\xfd7zXZ\x00", "an xz-compressed file", "decompress it first"),
    (b"\x28\xb5\x2f\xfd", "a zstd-compressed file", "decompress it first"),
    (b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive", _UNPACK),
    (b"Rar!\x1a\x07", "a RAR archive", _UNPACK),
    (b"OggS", "an Ogg audio or video file", "there is no text to read"),
    (b"fLaC", "a FLAC audio file", "there is no text to read"),
)
_ZIP_STARTS = (b"PK\x03\x04", b"PK\x05\x06")
# Office Open XML and OpenDocument files and EPUB books are ZIP archives, told apart by
# the members they hold.
_ZIP_KINDS = (
    ("word/", "a Word document (DOCX)"),
    ("xl/", "an Excel workbook (XLSX)"),
    ("ppt/", "a PowerPoint presentation (PPTX)"),
    ("META-INF/container.xml", "an EPUB book"),
    ("content.xml", "an OpenDocument file (ODT, ODS, ODP)"),
)
_BZIP2_START = re.compile(rb"BZh[1-9]1AY&SY")  # "BZh" alone also starts words
_TAR_MAGIC_OFFSET = 257  # POSIX tar: "ustar" at byte 257 of the first header
_SVG_START = re.compile(rb"(?:<\?.*?\?>|<!--.*?-->|" + _DOCTYPE + rb"|\s)*<svg[\s>]", re.DOTALL)


def not_article_reason(data: bytes) -> str | None:
    """Why content starting like ``data`` is not article text (a PDF, an image, an archive,
    an office document), as an InputError reason; None when it may be text."""
    for start, kind, hint in _DOCUMENT_STARTS:
        if data.startswith(start):
            return f"{kind}, not article text ({hint})"
    if data.startswith(_ZIP_STARTS):
        kind = _zip_kind(data)
        hint = _UNPACK if kind == "a ZIP archive" else _SAVE_AS_TEXT
        return f"{kind}, not article text ({hint})"
    if _BZIP2_START.match(data):
        return "a bzip2-compressed file, not article text (decompress it first)"
    if data[_TAR_MAGIC_OFFSET : _TAR_MAGIC_OFFSET + 5] == b"ustar":
        return f"a tar archive, not article text ({_UNPACK})"
    if data[:4] == b"RIFF" and data[8:12] in (b"WEBP", b"WAVE", b"AVI "):
        kind = {b"WEBP": "a WebP image", b"WAVE": "a WAV audio file"}.get(data[8:12], "a video")
        return f"{kind}, not article text (there is no text to read)"
    if data[4:8] == b"ftyp":  # ISO media: MP4, MOV, HEIC, AVIF
        return "a video or image (ISO media), not article text (there is no text to read)"
    if _SVG_START.match(data[:_SNIFF_BYTES].removeprefix(codecs.BOM_UTF8)):
        return "an SVG image, not article text (there is no text to read)"
    return None


def _zip_kind(data: bytes) -> str:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = archive.namelist()
            mimetype = archive.read("mimetype") if "mimetype" in names else b""
    except (zipfile.BadZipFile, OSError, KeyError, RuntimeError, ValueError):
        return "a ZIP archive"
    if mimetype.startswith(b"application/epub"):
        return "an EPUB book"
    for member, kind in _ZIP_KINDS:
        if any(name.startswith(member) for name in names):
            return kind
    return "a ZIP archive"


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
