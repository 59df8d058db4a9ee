"""Readers that turn files into Articles, one bad input at a time never stopping the rest.

``read_path`` reads a file, or every non-hidden file under a directory (recursively, in
sorted order), and yields an ``Article`` per article found and an ``InputError`` per input
that cannot be read: a missing or unreadable path, a file over ``max_bytes``, an empty,
binary or undecodable file, HTML without article text, a bad JSON record or feed entry.

Formats (see each module's docstring): ``text`` (plain text and Markdown with optional front
matter), ``html``, ``json``, ``jsonl`` and ``feed`` (RSS and Atom). ``detect.detect_format``
picks one per file. A new format plugs in with a reader in ``READERS`` and its extensions in
``detect.EXTENSION_FORMATS``. A reader takes the file's bytes, the name to report it under
and the user's encoding (or None); it yields Articles and per-record InputErrors, and raises
InputError when the whole input is unreadable.

Web archives (WARC and ARC, ``warc``) are the exception: they are streamed record by record,
so ``max_bytes`` caps each record's payload instead of the file. Web addresses are read by
``sources.read_sources``, which also takes paths.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Callable, Iterable, Iterator
from functools import partial

from rashomon.errors import InputError
from rashomon.ingest.detect import (
    ARCHIVE_SNIFF_BYTES,
    detect_format,
    is_web_archive,
    not_article_reason,
)
from rashomon.ingest.feeds import PageReader, read_feed
from rashomon.ingest.fields import article_id
from rashomon.ingest.html import read_html
from rashomon.ingest.jsonl import read_json, read_jsonl
from rashomon.ingest.text import read_text
from rashomon.types import Article

__all__ = [
    "DEFAULT_MAX_BYTES",
    "READERS",
    "Reader",
    "article_id",
    "format_size",
    "read_path",
    "read_paths",
]

# 50 MiB: far above any article or day's JSONL export a user means to compare, and low enough
# that pointing rashomon at a disk image or crawl archive by mistake fails at once instead of
# filling memory (every reader but the web-archive one needs the whole file). Raise it with
# --max-bytes.
DEFAULT_MAX_BYTES = 50 * 2**20

Reader = Callable[[bytes, str, str | None], Iterator[Article | InputError]]
READERS: dict[str, Reader] = {
    "text": read_text,
    "html": read_html,
    "json": read_json,
    "jsonl": read_jsonl,
    "feed": read_feed,
}


def read_path(
    path: str,
    *,
    max_bytes: int = DEFAULT_MAX_BYTES,
    encoding: str | None = None,
    read_page: PageReader | None = None,
) -> Iterator[Article | InputError]:
    """Articles in the file or directory at ``path``, and an InputError per unreadable input.

    ``read_page``, when given, fetches the article a feed entry only links to (see ``feeds``);
    without it nothing is fetched.
    """
    try:
        status = os.stat(path)
    except OSError as error:
        yield InputError(path, _os_reason(error))
        return
    if stat.S_ISDIR(status.st_mode):
        for item in files_under(path):
            if isinstance(item, InputError):
                yield item
            else:
                yield from _read_file(item, max_bytes, encoding, read_page)
    else:
        yield from _read_file(path, max_bytes, encoding, read_page)


def read_paths(
    paths: Iterable[str], *, max_bytes: int = DEFAULT_MAX_BYTES, encoding: str | None = None
) -> Iterator[Article | InputError]:
    """``read_path`` over several paths, in the order given."""
    for path in paths:
        yield from read_path(path, max_bytes=max_bytes, encoding=encoding)


def _read_file(
    path: str, max_bytes: int, encoding: str | None, read_page: PageReader | None
) -> Iterator[Article | InputError]:
    try:
        status = os.stat(path)
        if not stat.S_ISREG(status.st_mode):
            yield InputError(path, "not a regular file")  # reading a FIFO or device could block
            return
        with open(path, "rb") as file:
            head = file.read(ARCHIVE_SNIFF_BYTES)
            if is_web_archive(path, head):
                # Imported here, not above: warc.py reports sizes with format_size from here.
                from rashomon.ingest.warc import read_warc

                yield from read_warc(file, path, max_bytes=max_bytes, encoding=encoding)
                return
            if status.st_size > max_bytes:
                yield _too_large(path, status.st_size, max_bytes)
                return
            # The file may have grown since stat().
            data = head + file.read(max(0, max_bytes + 1 - len(head)))
    except OSError as error:
        yield InputError(path, _os_reason(error))
        return
    if len(data) > max_bytes:
        yield _too_large(path, len(data), max_bytes)
        return
    if reason := not_article_reason(data):
        yield InputError(path, reason)
        return
    file_format = detect_format(path, data)
    reader = READERS[file_format]
    if file_format == "feed":
        reader = partial(read_feed, read_page=read_page)
    try:
        yield from reader(data, path, encoding)
    except InputError as error:
        yield error
    # A library failing on odd input must not end the whole run.
    except Exception as error:
        yield InputError(path, f"cannot read as {file_format}: {type(error).__name__}: {error}")


LINKED_FOLDER = "a link to a folder, not followed (name the folder itself to read it)"


def files_under(directory: str) -> list[str | InputError]:
    """Non-hidden files under ``directory`` in sorted order, and errors for unreadable folders."""
    found: list[tuple[str, str | InputError]] = []

    def report(error: OSError) -> None:
        where = error.filename or directory
        found.append((where, InputError(where, _os_reason(error))))

    for folder, subfolders, files in os.walk(directory, onerror=report):
        subfolders[:] = [name for name in subfolders if not name.startswith(".")]
        # os.walk does not follow links to folders (a link back up would loop forever);
        # say so rather than leave the linked folder's files out without a word.
        for name in subfolders:
            linked = os.path.join(folder, name)
            if os.path.islink(linked):
                found.append((linked, InputError(linked, LINKED_FOLDER)))
        for name in files:
            if not name.startswith("."):
                file_path = os.path.join(folder, name)
                found.append((file_path, file_path))
    return [item for _, item in sorted(found, key=lambda pair: pair[0])]


def _too_large(path: str, size: int, max_bytes: int) -> InputError:
    return InputError(
        path, f"file is {format_size(size)}, over the {format_size(max_bytes)} limit (--max-bytes)"
    )


def format_size(n_bytes: int) -> str:
    """A size as the input errors give it: "50.0 MB" (MB here are 2**20 bytes, so the default
    limit reads round), or "40 bytes" below a tenth of that."""
    return f"{n_bytes / 2**20:.1f} MB" if n_bytes >= 2**20 // 10 else f"{n_bytes} bytes"


def _os_reason(error: OSError) -> str:
    if isinstance(error, FileNotFoundError):
        return "no such file or directory"
    return error.strerror.lower() if error.strerror else str(error)
