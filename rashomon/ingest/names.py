"""Input names as they are carried and as they are shown.

A file name on Linux is bytes; Python hands one that is not UTF-8 over as a ``str`` with each
undecodable byte as a lone surrogate (PEP 383's ``surrogateescape``: byte 0xff becomes
U+DCFF). Such a name is carried as it is, in ``Article.path`` and ``InputError.source``, so
the file can still be opened and the store keeps the exact bytes; but it cannot be written
as UTF-8 (orjson, SQLite and UTF-8 streams refuse it). Every output shows it with
``display_text``: each undecodable byte written as ``\\xNN``, as Python's own
``backslashreplace`` does (``bad_\\xff.txt``). Other lone surrogates, which JSON text can
hold (``"\\ud800"``), are written as ``\\uNNNN``.
"""

from __future__ import annotations

import dataclasses
import re
from typing import Any, TypeVar

Record = TypeVar("Record")

_SURROGATE = re.compile("[\ud800-\udfff]")
# The surrogates surrogateescape maps bytes 0x80-0xff to.
_ESCAPED_BYTES = range(0xDC80, 0xDD00)


def display_text(text: str) -> str:
    """``text`` as valid Unicode to show: unchanged unless it holds lone surrogates."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return _SURROGATE.sub(_shown, text)
    return text


def displayable(value: Any) -> Any:
    """``value`` (a JSON-like document of dicts, lists, tuples and scalars) with every string
    passed through ``display_text``; keys too. The same object when nothing needs it."""
    if isinstance(value, str):
        return display_text(value)
    if isinstance(value, dict):
        return {displayable(key): displayable(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [displayable(item) for item in value]
    return value


def displayable_fields(record: Record) -> Record:
    """A dataclass instance with its string fields passed through ``display_text``; the same
    instance when none needs it (the common case costs one check per field)."""
    changed = {
        field.name: shown
        for field in dataclasses.fields(record)  # type: ignore[arg-type]
        if isinstance(value := getattr(record, field.name), str)
        and (shown := display_text(value)) is not value
    }
    return dataclasses.replace(record, **changed) if changed else record  # type: ignore[type-var]


def _shown(match: re.Match[str]) -> str:
    point = ord(match[0])
    return f"\\x{point - 0xDC00:02x}" if point in _ESCAPED_BYTES else f"\\u{point:04x}"
