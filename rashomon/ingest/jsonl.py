"""Articles as JSON records: one object, a list of objects, or one object per line (JSONL).

Field names, matched case-insensitively, first present alias wins:

==========  ===================================================================
text        ``text``, ``body``, ``content``, ``article``, ``maintext`` (required;
            a string, kept exactly as given)
title       ``title``, ``headline``
url         ``url``, ``link``
outlet      ``outlet``, ``source``, ``site``, ``publisher``, ``sitename``
            (a ``{"name": ...}`` object is accepted)
published   ``published``, ``date``, ``published_at``, ``pubDate``, ``date_publish``,
            ``datetime`` (normalised to ISO 8601 where parseable)
language    ``language``, ``lang``
byline      ``byline``, ``author``, ``authors`` (a list is joined with ", ")
==========  ===================================================================

Other fields with a string, number or boolean value are kept in ``Article.meta`` as strings.
``Article.path`` is ``file.jsonl#LINE`` (1-based) for JSONL, ``file.json#INDEX`` (0-based)
for a list, the file itself for a single object. A bad record is reported on its own
(``file.jsonl:LINE: ...``) and the other records still come through. A ``.json`` file that
holds several top-level values is read as JSONL.
"""

from __future__ import annotations

import json
from collections.abc import Iterator

from rashomon.errors import InputError
from rashomon.ingest.decoding import decode_bytes
from rashomon.ingest.fields import build_article, split_fields
from rashomon.types import Article

TEXT_FIELDS = ("text", "body", "content", "article", "maintext")


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
    by_key = {key.casefold(): value for key, value in record.items()}
    text = next((by_key[key] for key in TEXT_FIELDS if isinstance(by_key.get(key), str)), None)
    if text is None:
        return InputError(where, "record has no text field (text/body/content)")
    if not text.strip():
        return InputError(where, "record's text field is empty")
    fields, meta = split_fields(record, ignore=TEXT_FIELDS)
    return build_article(text, fields, path=path, meta=meta)


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
