"""Plain-text and Markdown articles, with optional YAML-style front matter.

A file may start with a block of ``key: value`` lines between two ``---`` lines::

    ---
    title: Storm hits the coast
    outlet: Example Daily
    url: https://example.org/storm
    published: 2016-09-12
    language: en
    byline: Jane Roe
    ---
    Article text ...

Keys are the canonical fields or their aliases (``source`` for outlet, ``date`` for published,
``lang`` for language, ``author`` for byline, ...; see ``fields.FIELD_ALIASES``); a list value
(``[A, B]`` or ``- A`` lines) is joined with ", "; other keys go to ``Article.meta``. Only the
simple ``key: value`` subset of YAML is read (nested values are skipped); a block with any
other line is not front matter but text. The article text is everything after the block,
exactly as decoded. Without a ``title`` key the title is the first non-empty line (which
stays in the text). Without an ``outlet`` key the outlet comes from the ``url`` key's domain
or the text's dateline, and a retold story's origin goes to ``meta["story_of"]``
(``outlets.py``, applied by ``build_article``).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from rashomon.errors import InputError
from rashomon.ingest.decoding import decode_bytes
from rashomon.ingest.fields import build_article, split_fields, too_short_reason
from rashomon.types import Article

_FRONT_MATTER = re.compile(
    r"\A---[ \t]*\r?\n(?P<block>.*?)^(?:---|\.\.\.)[ \t]*(?:\r?\n|\Z)", re.DOTALL | re.MULTILINE
)
_KEY_LINE = re.compile(r"(?P<key>[A-Za-z_][\w-]*)[ \t]*:(?:[ \t]+(?P<value>.*?))?[ \t]*")
_LIST_ITEM = re.compile(r"[ \t]*-[ \t]+(?P<item>.*?)[ \t]*")
_MARKDOWN_HEADING = re.compile(r"#{1,6}[ \t]+")


def read_text(data: bytes, source: str, encoding: str | None) -> Iterator[Article]:
    content = decode_bytes(data, source, encoding)
    header, body = split_front_matter(content)
    if not body.strip():
        raise InputError(source, "no text after the front matter")
    if reason := too_short_reason(body):
        raise InputError(source, reason)
    fields, meta = split_fields(header)
    if "title" not in fields and (title := first_line_title(body)):
        fields["title"] = title
    yield build_article(body, fields, path=source, meta=meta)


def split_front_matter(content: str) -> tuple[dict[str, str | list[str]], str]:
    """The front-matter fields and the text after the block; no fields if there is no block."""
    match = _FRONT_MATTER.match(content)
    if match is None:
        return {}, content
    header = _parse_block(match["block"])
    if header is None:
        return {}, content
    return header, content[match.end() :]


def first_line_title(text: str) -> str | None:
    """The first non-empty line, without a Markdown heading marker."""
    for line in text.splitlines():
        if title := _MARKDOWN_HEADING.sub("", line.strip(), count=1):
            return title
    return None


def _parse_block(block: str) -> dict[str, str | list[str]] | None:
    """``key: value`` pairs of a front-matter block; None if a line fits no front-matter form."""
    header: dict[str, str | list[str]] = {}
    key = None
    for line in block.splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        if (item := _LIST_ITEM.fullmatch(line)) and key is not None:
            items = header[key]
            header[key] = [*items, _unquote(item["item"])] if isinstance(items, list) else items
            continue
        if line[0] in " \t" and key is not None:
            continue  # a nested YAML value: not one of ours, and no reason to reject the block
        pair = _KEY_LINE.fullmatch(line)
        if pair is None:
            return None
        key, value = pair["key"], pair["value"] or ""
        header[key] = _parse_value(value) if value else []
    return header or None


def _parse_value(value: str) -> str | list[str]:
    if value.startswith("[") and value.endswith("]"):
        return [_unquote(item.strip()) for item in value[1:-1].split(",") if item.strip()]
    return _unquote(value)


def _unquote(value: str) -> str:
    if len(value) >= 2 and value[0] == value[-1] and value[0] in "'\"":
        return value[1:-1]
    return value
