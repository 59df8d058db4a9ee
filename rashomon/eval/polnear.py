"""Read the PolNeAR attribution corpus (Newell, Margolin & Ruths, LREC 2018).

Layout: ``<split>/text/NAME.txt`` holds an article, ``<split>/attributions/NAME_ANNOTATOR.ann``
one annotator's brat standoff annotation of it. Offsets are character offsets into the
UTF-8 text. An attribution is an event ``E1 Attribution:T4 Content:T3 Cue:T2 Source:T1``
(``Attribution-no-source`` when the source is not in the text); a Content may be
discontinuous (``Content 10 20;25 40``) or continued by a ``Content2`` role, and both kinds
of pieces become the parts of one content.

References: each annotator's file is its own reference, so an article annotated by three
people yields three ``GoldArticle``\\ s and scores are micro-averaged over all of them.
PolNeAR has no adjudicated version of its multiply-annotated articles, and choosing one
annotator would be arbitrary; scoring against every annotator instead judges a system
against each human reading. The cost is that those articles (the agreement sample) weigh
more, in proportion to their number of annotators.

Direct quotes: a gold Content is direct when characters inside quotation-mark pairs
(marks included) cover at least half of its non-space characters. This keeps quotes
whose content also holds a few unquoted words (``that "we will win"``) and drops
paraphrases that only contain a quoted phrase (scare quotes, titles). Marks are
``" “ ” „ « »``, NYT's two apostrophes ``''`` used as a double quote, and ``‘ ’ '`` when
they delimit words (an apostrophe inside a word, as in ``don’t``, is not a mark; headlines
quote with ``'``). A quotation-mark pair lies within one paragraph, except that, following
news style, a double quotation left open at the end of a paragraph runs to the paragraph's
end when the next paragraph opens with a quotation mark (a quote continued over paragraphs).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from rashomon.errors import InputError

Spans = tuple[tuple[int, int], ...]  # character ranges [start, end), in text order

_TEXT_BOUND = re.compile(r"^(T\d+)\t\S+ (\d+ \d+(?:;\d+ \d+)*)\t")
_EVENT = re.compile(r"^E\d+\t(.*)$")
_ROLE = re.compile(r"^([A-Za-z-]+?)\d*:(T\d+)$")  # "Content2:T7" -> role Content

_DOUBLE_MARK = re.compile(r"''|[\"“”„«»]")
_DOUBLE_OPENING = frozenset("“„«")
_DOUBLE_CLOSING = frozenset("”»")
_SINGLE_MARK = re.compile(r"[‘’]|(?<!')'(?!')")
PARAGRAPH = re.compile(r"[^\n]+")  # PolNeAR texts put one paragraph on a line


@dataclass(frozen=True, slots=True)
class GoldAttribution:
    content: Spans
    source: Spans | None  # None for PolNeAR's Attribution-no-source
    cue: Spans | None
    is_direct: bool  # see the module docstring


@dataclass(frozen=True, slots=True)
class GoldArticle:
    """One article as annotated by one annotator."""

    name: str  # file stem of the text, e.g. "nyt_2016-04-18_for-news-outlets-feeling-the-squ"
    split: str  # folder holding text/ and attributions/: train, dev, test, ...
    text: str
    annotator: str
    attributions: tuple[GoldAttribution, ...]

    @property
    def direct_quotes(self) -> tuple[GoldAttribution, ...]:
        return tuple(a for a in self.attributions if a.is_direct)


def spans_text(text: str, spans: Spans) -> str:
    """The text of the parts, joined with a space (as brat writes discontinuous spans)."""
    return " ".join(text[start:end] for start, end in spans)


def quoted_char_mask(text: str) -> bytearray:
    """1 for each character of ``text`` inside a quotation-mark pair (marks included), else 0."""
    mask = bytearray(len(text))
    paragraphs = list(PARAGRAPH.finditer(text))
    for index, paragraph in enumerate(paragraphs):
        following = paragraphs[index + 1].group().lstrip() if index + 1 < len(paragraphs) else ""
        continued = _DOUBLE_MARK.match(following) is not None
        _mark_double_quotes(text, paragraph.start(), paragraph.end(), continued, mask)
        _mark_single_quotes(text, paragraph.start(), paragraph.end(), mask)
    return mask


def _mark_double_quotes(text: str, start: int, end: int, continued: bool, mask: bytearray) -> None:
    opened: int | None = None
    for mark in _DOUBLE_MARK.finditer(text, start, end):
        if opened is None:
            if mark.group() not in _DOUBLE_CLOSING:  # a stray closing mark opens nothing
                opened = mark.start()
        elif mark.group() not in _DOUBLE_OPENING or _ends_word(text, mark.start(), mark.end()):
            mask[opened : mark.end()] = b"\x01" * (mark.end() - opened)
            opened = None
    if opened is not None and continued:
        mask[opened:end] = b"\x01" * (end - opened)


def _ends_word(text: str, start: int, end: int) -> bool:
    """True for a mark written right after a word and not before one: a closing mark,
    even when typed as an opening one (``Wins“ that``)."""
    return (
        start > 0
        and not text[start - 1].isspace()
        and (end == len(text) or not text[end].isalnum())
    )


def _mark_single_quotes(text: str, start: int, end: int, mask: bytearray) -> None:
    opened: int | None = None
    for mark in _SINGLE_MARK.finditer(text, start, end):
        at = mark.start()
        before = text[at - 1] if at > start else " "
        after = text[at + 1] if at + 1 < end else " "
        if opened is None:
            # an opening mark starts a word: it is not "’", follows no letter (don’t, voters')
            # and precedes no digit ('08 abbreviates a year)
            starts_word = not before.isalnum() and not (after.isspace() or after.isdigit())
            if mark.group() != "’" and starts_word:
                opened = at
        elif not after.isalnum():  # a closing mark ends a word, unlike the one in didn’t
            mask[opened : at + 1] = b"\x01" * (at + 1 - opened)
            opened = None


def is_direct_quote(mask: bytearray, text: str, content: Sequence[tuple[int, int]]) -> bool:
    """True when quoted characters cover at least half of the content's non-space characters."""
    visible = quoted = 0
    for start, end in content:
        for at in range(start, end):
            if not text[at].isspace():
                visible += 1
                quoted += mask[at]
    return visible > 0 and 2 * quoted >= visible


def load_polnear(data_dir: str) -> list[GoldArticle]:
    """Every annotated article under ``data_dir``: the corpus root, its data/ or one split folder.

    Folders named ``attributions`` with a sibling ``text`` folder are read; one
    ``GoldArticle`` per .ann file, sorted by split, name and annotator.
    """
    root = Path(data_dir)
    if not root.is_dir():
        raise InputError(data_dir, "not a directory")
    folders = [root] if (root / "attributions").is_dir() else []
    folders += sorted(
        p.parent for p in root.rglob("attributions") if p.is_dir() and p.parent != root
    )
    articles = [
        _read_article(ann, folder)
        for folder in folders
        if (folder / "text").is_dir()
        for ann in sorted((folder / "attributions").glob("*.ann"))
    ]
    if not articles:
        raise InputError(data_dir, "no PolNeAR articles (text/*.txt with attributions/*.ann)")
    return articles


def _read_article(ann: Path, folder: Path) -> GoldArticle:
    name, sep, annotator = ann.stem.rpartition("_")
    if not sep:
        raise InputError(str(ann), "file name lacks the _ANNOTATOR suffix")
    text_path = folder / "text" / f"{name}.txt"
    try:
        text = text_path.read_text(encoding="utf-8")
        lines = ann.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as error:
        raise InputError(
            str(ann), f"cannot read it or its text {text_path.name}: {error}"
        ) from None
    mask = quoted_char_mask(text)
    spans: dict[str, Spans] = {}
    events: list[tuple[int, str]] = []
    for number, line in enumerate(lines, start=1):
        if bound := _TEXT_BOUND.match(line):
            spans[bound.group(1)] = _parse_offsets(bound.group(2), len(text), f"{ann}:{number}")
        elif event := _EVENT.match(line):
            events.append((number, event.group(1)))
    attributions = []
    for number, roles in events:
        parts: dict[str, list[tuple[int, int]]] = {}
        for role_ref in roles.split()[1:]:  # the first is the event's own trigger
            role = _ROLE.match(role_ref)
            if role is None or role.group(2) not in spans:
                raise InputError(f"{ann}:{number}", f"bad event argument {role_ref!r}")
            parts.setdefault(role.group(1), []).extend(spans[role.group(2)])
        if "Content" not in parts:  # an attribution left without content has nothing to score
            continue
        content = tuple(sorted(parts["Content"]))
        attributions.append(
            GoldAttribution(
                content=content,
                source=tuple(sorted(parts["Source"])) if "Source" in parts else None,
                cue=tuple(sorted(parts["Cue"])) if "Cue" in parts else None,
                is_direct=is_direct_quote(mask, text, content),
            )
        )
    attributions.sort(key=lambda a: a.content)
    return GoldArticle(name, folder.name, text, annotator, tuple(attributions))


def _parse_offsets(offsets: str, text_length: int, where: str) -> Spans:
    spans = []
    for piece in offsets.split(";"):
        start, end = map(int, piece.split())
        if not 0 <= start < end <= text_length:
            raise InputError(
                where, f"span {start}-{end} outside the text ({text_length} characters)"
            )
        spans.append((start, end))
    return tuple(spans)
