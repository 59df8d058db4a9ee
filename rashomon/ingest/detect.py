"""Which reader a file needs: by its extension, else by how its content starts."""

from __future__ import annotations

import codecs
import re
from pathlib import PurePath

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
}
_SNIFF_BYTES = 1024
# "[" alone also starts plenty of prose ("[Updated] ..."); a JSON list of records has "[{".
_JSON_START = re.compile(rb"\{|\[\s*[{\]]")


def detect_format(path: str, data: bytes) -> str:
    """The format name (a key of ``rashomon.ingest.READERS``) for the file at ``path``."""
    return EXTENSION_FORMATS.get(PurePath(path).suffix.lower()) or sniff_format(data)


def sniff_format(data: bytes) -> str:
    """The format of content without a telling extension; plain text when nothing else fits."""
    head = data[:_SNIFF_BYTES].removeprefix(codecs.BOM_UTF8).lstrip()
    if head.startswith(b"<"):
        return "html"
    if _JSON_START.match(head):
        return "json"
    return "text"
