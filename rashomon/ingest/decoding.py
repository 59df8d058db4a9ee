"""Bytes to text, refusing empty and binary input and naming the first undecodable byte.

Decoding is strict: a wrong guess would silently corrupt quotes and names, so an input that
is not valid in the chosen encoding is reported instead. The encoding is, in order: the one
the user passed (``--encoding``), a UTF-16 byte-order mark, the one the document declares
(HTML ``<meta charset>``), UTF-8. No newline translation happens, so offsets into the text
match the file.
"""

from __future__ import annotations

import codecs

from rashomon.errors import InputError

_SNIFF_BYTES = 8192
# C0 controls that do not occur in text (tab, newlines, form feed and escape do), and DEL.
_CONTROL_BYTES = bytes(set(range(32)) - {9, 10, 12, 13, 27}) + b"\x7f"
_MAX_CONTROL_SHARE = 0.1


def decode_bytes(
    data: bytes, source: str, encoding: str | None = None, declared: str | None = None
) -> str:
    """The text of ``data``; raises InputError for empty, binary or undecodable input.

    ``encoding`` is the user's choice and wins; ``declared`` is what the document itself
    claims and is ignored when Python does not know it.
    """
    if not data.removeprefix(codecs.BOM_UTF8).strip():
        raise InputError(source, "empty file")
    codec, expected = _choose_codec(data, source, encoding, declared)
    # UTF-16 and UTF-32 text is full of NUL bytes, so the binary test does not apply to it.
    if not codec.startswith(("utf-16", "utf-32")) and _looks_binary(data[:_SNIFF_BYTES]):
        raise InputError(source, "binary file, not text")
    skipped = 0
    if codec == "utf-8" and data.startswith(codecs.BOM_UTF8):
        skipped = len(codecs.BOM_UTF8)
    try:
        text = data[skipped:].decode(codec)
    except UnicodeDecodeError as error:
        offset = skipped + error.start
        hint = "" if encoding else "; pass --encoding"
        reason = f"not valid {expected} (byte 0x{data[offset]:02x} at offset {offset}){hint}"
        raise InputError(source, reason) from None
    if not text.strip():
        raise InputError(source, "empty file")
    return text


def _choose_codec(
    data: bytes, source: str, encoding: str | None, declared: str | None
) -> tuple[str, str]:
    """The codec to decode with, and how to name it when the data turns out not to fit."""
    if encoding:
        name = _text_codec(encoding)
        if name is None:
            raise InputError(source, f"unknown text encoding {encoding!r}")
        return name, encoding
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16", "UTF-16 (as its byte-order mark says)"
    if declared:
        name = _text_codec(declared) or "utf-8"
        # As browsers do (WHATWG Encoding): Latin-1 and ASCII labels mean windows-1252, and a
        # UTF-16 label inside an ASCII-compatible byte stream cannot be true.
        if name in ("iso8859-1", "ascii"):
            name = "cp1252"
        elif name.startswith("utf-16"):
            name = "utf-8"
        if name != "utf-8":
            return name, f"{declared} (as declared in the file)"
    return "utf-8", "UTF-8"


def _text_codec(label: str) -> str | None:
    """Python's name for the text encoding called ``label``; None if there is none."""
    try:
        name = codecs.lookup(label).name
        "".encode(name)  # refuses bytes-to-bytes codecs such as base64
    except LookupError:
        return None
    return name


def _looks_binary(sample: bytes) -> bool:
    if b"\x00" in sample:
        return True
    control = len(sample) - len(sample.translate(None, _CONTROL_BYTES))
    return control > len(sample) * _MAX_CONTROL_SHARE
