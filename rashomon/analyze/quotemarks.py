"""Pair quotation marks into quoted segments, in every common style.

Handles “curly”, "straight", „German“, «guillemets», ‘single’ (told apart from
apostrophes), and '' (two apostrophes used as a double quote). A mark's role (opening
or closing) comes from what flanks it, the glyph deciding only when flanking cannot;
marks of one family pair like brackets. Quotes that run across paragraphs (no closing
mark before the break, an opening mark at the start of the next) become one segment
per paragraph, flagged as continued. A closing mark left without an opening one is
kept, so the caller can recover dash-introduced quote parts (``— Please come."``).

Languages whose language data sets ``dash_quotes`` (Spanish, Portuguese, Polish,
Ukrainian) also open a quote with a dash at the start of a paragraph and close it with a
dash before the attribution: ``—No vamos a permitirlo —dijo Holt.``, ``- Nie pozwolimy -
powiedziała Holt.``, ``— Ми не дозволимо, — сказала Голт.``. Such a paragraph is a quoted
segment (family "dash") when a speech verb of one of those languages follows the closing
dash; the words after the verb's clause, opened again by a dash, are a second segment.
The verbs say it, not the article's language, so no other language's dashes (an English
bullet list, an aside) are read as quotes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from rashomon.lang import LANGUAGES, language_data

_DOUBLE_OPENERS = "“„‟"
_DOUBLE_CLOSERS = "”"
_FAMILY = {
    '"': "double",
    "“": "double",
    "”": "double",
    "„": "double",
    "‟": "double",
    "''": "double",
    "«": "guillemet",
    "»": "guillemet",
    "‘": "single",
    "’": "single",
    "'": "single",
    "‚": "single",
}
_OPEN_GLYPHS = set(_DOUBLE_OPENERS) | {"«", "‘", "‚"}
_CLOSE_GLYPHS = set(_DOUBLE_CLOSERS) | {"»", "’"}
_BEFORE_OPEN = set("([{—–-/:;,") | set(_FAMILY)
_AFTER_CLOSE = set(".,;:!?)]}—–-…/") | set(_FAMILY)


@dataclass(frozen=True, slots=True)
class QuotedSegment:
    open_at: int  # offset of the opening mark
    start: int  # first character inside the marks
    end: int  # one past the last character inside the marks
    close_end: int  # one past the closing mark (== end when the paragraph ended it)
    family: str
    continued: bool  # the quote goes on in the next paragraph's segment


# Speech verbs (written forms) of the languages that open quotes with a dash.
_DASH_SPEECH_VERBS = frozenset().union(
    *(language_data(code).speech_verbs for code in LANGUAGES if language_data(code).dash_quotes)
)
_OPENING_DASH = re.compile(r"[ \t]*[—–-][ \t]*(?=[^\W\d_¿¡])")
# The closing dash: after a space or a comma, before the attribution's first word.
_CLOSING_DASH = re.compile(r"(?:,?[ \t]+|,)[—–-][ \t]*([^\W\d_]+)")
# The attribution's own closing dash, after which the quote goes on: "—dijo Holt—. Y ..."
_REOPENING_DASH = re.compile(r"[ \t]*[—–-][.,]?[ \t]+(?=[^\W\d_¿¡])|[ \t]*[—–-][.,]?$")


@dataclass(frozen=True, slots=True)
class _Mark:
    start: int
    end: int
    family: str
    role: str  # "open" | "close"


def _marks(text: str, start: int, end: int) -> list[_Mark]:
    marks: list[_Mark] = []
    i = start
    while i < end:
        ch = text[i]
        width = 1
        if ch == "'" and i + 1 < end and text[i + 1] == "'":
            glyph, width = "''", 2
        elif ch in _FAMILY:
            glyph = ch
        else:
            i += 1
            continue
        prev = text[i - 1] if i > start else " "
        nxt = text[i + width] if i + width < end else " "
        family = _FAMILY[glyph]
        left = not nxt.isspace() and (prev.isspace() or prev in _BEFORE_OPEN)
        right = not prev.isspace() and (nxt.isspace() or nxt in _AFTER_CLOSE)
        if family == "single":
            if prev.isalnum() and nxt.isalnum():  # don't, it’s: an apostrophe
                i += width
                continue
            if glyph in "'’" and prev.isalnum() and not right:
                i += width
                continue
            if glyph in "'’" and not prev.isalnum() and nxt.isdigit():  # the ’90s
                i += width
                continue
        # French sets guillemets off with a space inside ("« Si ... légitimes », a déclaré"):
        # a space inside the mark says nothing of its role, its glyph does.
        french = family == "guillemet" and (
            (glyph == "«" and nxt.isspace()) or (glyph == "»" and prev.isspace())
        )
        if french:
            role = "open" if glyph == "«" else "close"
        elif left and not right:
            role = "open"
        elif right and not left:
            role = "close"
        elif glyph in _OPEN_GLYPHS:
            role = "open"
        elif glyph in _CLOSE_GLYPHS:
            role = "close"
        else:
            role = "toggle"
        marks.append(_Mark(i, i + width, family, role))
        i += width
    return marks


def find_quoted_segments(
    text: str, paragraphs: list[tuple[int, int]]
) -> tuple[list[QuotedSegment], list[int]]:
    """Quoted segments in text order, and offsets of closing marks that had no opening mark."""
    segments: list[QuotedSegment] = []
    orphans: list[int] = []
    for number, (p_start, p_end) in enumerate(paragraphs):
        marks = _marks(text, p_start, p_end)
        open_by_family: dict[str, _Mark] = {}
        for mark in marks:
            pending = open_by_family.get(mark.family)
            role = mark.role
            if role == "toggle":
                role = "close" if pending else "open"
            if role == "open":
                if pending is not None and mark.family == "single":
                    continue  # nested singles are rarer than stray apostrophes
                open_by_family[mark.family] = mark
            elif pending is not None:
                segments.append(
                    QuotedSegment(
                        pending.start, pending.end, mark.start, mark.end, mark.family, False
                    )
                )
                del open_by_family[mark.family]
            elif mark.family != "single":
                orphans.append(mark.start)
        next_start = paragraphs[number + 1][0] if number + 1 < len(paragraphs) else None
        for family, mark in open_by_family.items():
            if family == "single":
                continue
            # Newswire style: a quote running on into the next paragraph is not closed
            # before the break, and the next paragraph opens with a mark again.
            continues = next_start is not None and _opens_with(text, next_start, family)
            inside = text[mark.end : p_end].rstrip()
            if continues or (inside and len(inside) <= 600):
                end = mark.end + len(inside)
                segments.append(QuotedSegment(mark.start, mark.end, end, end, family, continues))
        if not any(p_start <= s.start < p_end for s in segments):
            segments.extend(_dash_segments(text, p_start, p_end))
    segments.sort(key=lambda s: s.start)
    return segments, orphans


def _dash_segments(text: str, start: int, end: int) -> list[QuotedSegment]:
    """The quoted parts of a paragraph that opens with a dash: ``—A —dijo Holt—. B``."""
    opening = _OPENING_DASH.match(text, start, end)
    if opening is None or not _DASH_SPEECH_VERBS:
        return []
    closing = next(
        (
            m
            for m in _CLOSING_DASH.finditer(text, opening.end(), end)
            if m.group(1).lower() in _DASH_SPEECH_VERBS
        ),
        None,
    )
    if closing is None:
        return []
    dash_at = opening.start() + opening.group().index(opening.group().strip()[0])
    segments = [
        QuotedSegment(dash_at, opening.end(), closing.start(), closing.start(), "dash", False)
    ]
    # "—dijo la gobernadora—. Y añadió": the attribution closed by a dash, the quote goes on
    reopening = _REOPENING_DASH.search(text, closing.end(1), end)
    if reopening is not None and reopening.end() < end and text[reopening.end() : end].strip():
        segments.append(QuotedSegment(reopening.start(), reopening.end(), end, end, "dash", False))
    return segments


def _opens_with(text: str, start: int, family: str) -> bool:
    stripped = text[start : start + 3].lstrip()
    if not stripped:
        return False
    glyph = "''" if stripped.startswith("''") else stripped[0]
    return _FAMILY.get(glyph) == family
