"""Articles as JSON records: one object, a list of objects, or one object per line (JSONL).

Field names, matched case-insensitively, first present alias wins (docs/ingest-sources.md
has the table, with the dataset layouts they cover):

==========  ===================================================================
text        ``text``, ``body``, ``content``, ``article``, ``maintext``,
            ``body-paragraphs``, ``body_paragraphs``, ``paragraphs`` (required). A
            string is kept exactly as given; a list of paragraphs (strings) is joined
            with a blank line between them, and a paragraph that is itself a list of
            sentences (BASIL's ``body-paragraphs``) has its sentences joined by spaces.
title       ``title``, ``headline``
url         ``url``, ``link``
outlet      ``outlet``, ``source``, ``site``, ``publisher``, ``sitename``,
            ``source_domain``, ``domain`` (a ``{"name": ...}`` object is accepted)
published   ``published``, ``date``, ``published_at``, ``pubDate``, ``date_publish``,
            ``publish_date``, ``date_published``, ``datetime`` (normalised to ISO 8601
            where parseable)
language    ``language``, ``lang``
byline      ``byline``, ``author``, ``authors`` (a list is joined with ", ")
==========  ===================================================================

Other fields with a string, number or boolean value are kept in ``Article.meta`` as strings.
``Article.path`` is ``file.jsonl#LINE`` (1-based) for JSONL, ``file.json#INDEX`` (0-based)
for a list, the file itself for a single object. A bad record is reported on its own
(``file.jsonl:LINE: ...``) and the other records still come through. A ``.json`` file that
holds several top-level values is read as JSONL. A lone surrogate escape (``"\\ud800"``,
half of a character cut in two) is no character and cannot be stored or written: it
becomes U+FFFD, one character for one, so offsets hold.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator

from rashomon.errors import InputError
from rashomon.ingest.decoding import decode_bytes
from rashomon.ingest.fields import build_article, split_fields
from rashomon.types import Article

TEXT_FIELDS = (
    "text",
    "body",
    "content",
    "article",
    "maintext",
    "body-paragraphs",
    "body_paragraphs",
    "paragraphs",
)
PARAGRAPH_BREAK = "\n\n"
_LONE_SURROGATE = re.compile("[\ud800-\udfff]")


def read_json(data: bytes, source: str, encoding: str | None) -> Iterator[Article | InputError]:
    content = decode_bytes(data, source, encoding)
    try:
        document = json.loads(content)
    except json.JSONDecodeError as error:
        if error.msg == "Extra data":  # more than one top-level value: JSON Lines
            yield from _read_lines(content, source)
            return
        reason = f"invalid JSON: {error.msg} (line {error.lineno}, column {error.colno})"
        raise InputError(source, reason) from None
    except RecursionError:
        raise InputError(source, "invalid JSON: nested too deeply") from None
    if isinstance(document, list):
        for index, record in enumerate(document):
            where = f"{source}#{index}"
            yield record_to_article(record, where=where, path=where)
    else:
        yield record_to_article(document, where=source, path=source)


def read_jsonl(data: bytes, source: str, encoding: str | None) -> Iterator[Article | InputError]:
    yield from _read_lines(decode_bytes(data, source, encoding), source)


def record_to_article(record: object, *, where: str, path: str) -> Article | InputError:
    """The Article in one JSON record, or the InputError (about ``where``) saying what is wrong."""
    if not isinstance(record, dict):
        return InputError(where, f"record is a JSON {_json_type(record)}, not an object")
    record = _valid_unicode(record)
    assert isinstance(record, dict)  # _valid_unicode keeps a dict a dict
    by_key = {key.casefold(): value for key, value in record.items()}
    found = (_text_of(by_key.get(key)) for key in TEXT_FIELDS)
    text = next((text for text in found if text is not None), None)
    if text is None:
        return InputError(where, "record has no text field (text/body/content)")
    if not text.strip():
        return InputError(where, "record's text field is empty")
    fields, meta = split_fields(record, ignore=TEXT_FIELDS)
    return build_article(text, fields, path=path, meta=meta)


def _text_of(value: object) -> str | None:
    """A text field's text: a string as it is; a list of paragraphs, each a string or a list
    of sentences, joined (empty items dropped); None for anything else."""
    if isinstance(value, str):
        return value
    if not isinstance(value, list) or not value:
        return None
    paragraphs = []
    for paragraph in value:
        if isinstance(paragraph, list) and all(isinstance(s, str) for s in paragraph):
            paragraph = " ".join(s.strip() for s in paragraph if s.strip())
        if not isinstance(paragraph, str):
            return None
        if paragraph.strip():
            paragraphs.append(paragraph.strip())
    return PARAGRAPH_BREAK.join(paragraphs)


def _valid_unicode(value: object) -> object:
    """``value`` with every lone surrogate in its strings replaced by U+FFFD."""
    if isinstance(value, str):
        return _LONE_SURROGATE.sub("\ufffd", value)
    if isinstance(value, dict):
        return {_valid_unicode(k): _valid_unicode(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_valid_unicode(item) for item in value]
    return value


def _read_lines(content: str, source: str) -> Iterator[Article | InputError]:
    # Only "\n" ends a record: JSON strings may hold U+2028 and other characters that
    # str.splitlines() would also split on.
    for number, line in enumerate(content.split("\n"), start=1):
        if not line.strip():
            continue
        where = f"{source}:{number}"
        try:
            record = json.loads(line)
        except json.JSONDecodeError as error:
            yield InputError(where, f"invalid JSON: {error.msg} (column {error.colno})")
            continue
        except RecursionError:
            yield InputError(where, "invalid JSON: nested too deeply")
            continue
        yield record_to_article(record, where=where, path=f"{source}#{number}")


def _json_type(value: object) -> str:
    names = {str: "string", bool: "boolean", int: "number", float: "number", list: "array"}
    return "null" if value is None else names.get(type(value), type(value).__name__)
