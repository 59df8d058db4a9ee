"""Sentence boundaries with character offsets, for any of ~300 languages (sentencex)."""

from __future__ import annotations

import re

import sentencex

from rashomon.lang import language_data
from rashomon.types import Sentence

# A blank line always ends a paragraph; a single line break does too (news dumps put one
# paragraph per line, headlines and bylines on lines of their own) unless it looks like
# hard wrapping: the line stops mid-sentence and the next one starts in lower case.
_PARAGRAPH_BREAK = re.compile(r"\s*\n\s*")
# "TEHRAN (Tasnim) –", "WASHINGTON (Reuters) -": a dateline is not part of the first sentence.
_DATELINE = re.compile(
    r"[A-Z][A-Z.'’ -]{1,40}(?:,[A-Za-z. ]{2,30})?\s*(?:\([^()\n]{1,40}\))?\s*[–—-]{1,2}\s+"
)
_HARD_WRAP = re.compile(r"[^\s.!?:;\"'”’»)\]]\s*\n[ \t]*[a-zа-яё]")

# News abbreviations the segmenter takes for sentence ends (checked with sentencex 0.6 on
# invented sentences; tests/test_pipeline.py). A piece the segmenter ends at one of these is
# joined to the next piece when the next cannot start a sentence of its own:
# - an initialism it cut in two, in a party tag or a compound: "R-S." + "C., suggested",
#   "U.S.-U." + "K. trade": the next piece starts with one capital and a period;
_INITIAL_END = re.compile(r"(?:^|[\s(\[-])(?:[A-Z]\.)+$")
_INITIAL_START = re.compile(r"[A-Z]\.(?:[A-Z]\.)*(?=[\s,;:)\]'’-]|$)")
# - a title before a name (English): a title never ends a sentence, "Dr." + "Who ...";
_TITLES = frozenset(
    (
        "mr",
        "mrs",
        "ms",
        "messrs",
        "dr",
        "sen",
        "sens",
        "rep",
        "reps",
        "gov",
        "gen",
        "lt",
        "col",
        "capt",
        "cmdr",
        "sgt",
        "adm",
        "maj",
        "prof",
        "rev",
        "hon",
        "atty",
        "supt",
        "pres",
        "gens",
        "st",
        "ft",
        "mt",
    )
)
# - a month or "No." before a number (English): "Jan." + "5", "No." + "2 Democrat";
_BEFORE_NUMBER = frozenset(
    (
        "jan",
        "feb",
        "mar",
        "apr",
        "jun",
        "jul",
        "aug",
        "sep",
        "sept",
        "oct",
        "nov",
        "dec",
        "no",
        "nos",
        "art",
        "vol",
    )
)
# - any short abbreviation when the next piece starts in lower case or with a comma, as no
#   sentence does: "Calif." + ", said", "Inc." + "and ...".
_LAST_WORD = re.compile(r"(\w{1,5})\.[\"'”’»)]*\s*$")
_SHORT_ABBREVIATION = re.compile(r"(?:^|[\s(\[-])[A-Za-z]{1,5}\.\s*$")
_NOT_SENTENCE_START = re.compile(r"[a-zа-яё,;:)\]]")

# The longest run of text one sentence may be (docs/analysis-json.md, "Bounds"). The
# longest sentence in 1,828 real articles of /work/shared/data is 1,395 characters; a
# longer run without a sentence break (a table, a list, a scrape without punctuation) is
# cut into pieces of at most this many characters, at white space where there is some,
# so that no parser (Natasha's is quadratic in a sentence's tokens) sees more at once.
MAX_SENTENCE_CHARS = 4_000
_CUT_AT_SPACE = re.compile(r"\s+")


def split_sentences(text: str, language: str) -> tuple[Sentence, ...]:
    """Sentences of ``text`` as offsets into it, never crossing a paragraph break.

    sentencex returns strings; each is located in the text in order, so the offsets
    are exact even where the segmenter drops or normalises white space.
    """
    lang = language if language and language != "und" else "en"
    sentences: list[Sentence] = []
    for para_start, para_end in paragraphs(text):
        paragraph = text[para_start:para_end]
        cursor = 0
        dateline = _DATELINE.match(paragraph)
        if dateline and len(paragraph) > dateline.end():
            end = para_start + dateline.end()
            label = text[para_start:end].rstrip()
            sentences.append(Sentence(para_start, para_start + len(label), label))
            cursor = dateline.end()
        pieces: list[tuple[int, int]] = []
        for piece in sentencex.segment(lang, paragraph):
            piece = piece.strip()
            if not piece:
                continue
            found = paragraph.find(piece, cursor)
            if found < 0:  # the segmenter altered the text: fall back to the rest of the paragraph
                break
            if pieces and _joins(paragraph[pieces[-1][0] : pieces[-1][1]], piece, lang):
                pieces[-1] = (pieces[-1][0], found + len(piece))
            else:
                pieces.append((found, found + len(piece)))
            cursor = found + len(piece)
        for start, end in pieces:
            sentences += _bounded(text, para_start + start, para_start + end)
        rest = paragraph[cursor:].strip()
        if rest:
            start = para_start + paragraph.index(rest, cursor)
            sentences += _bounded(text, start, start + len(rest))
    return tuple(sentences)


def _joins(before: str, after: str, language: str) -> bool:
    """Whether the segmenter's cut between ``before`` and ``after`` is an abbreviation's
    period rather than a sentence end (the rules above _TITLES and _BEFORE_NUMBER)."""
    if _INITIAL_END.search(before) and _INITIAL_START.match(after):
        return True
    if _SHORT_ABBREVIATION.search(before) and _NOT_SENTENCE_START.match(after):
        return True
    last = _LAST_WORD.search(before)
    if last is None or not before.endswith("."):
        return False
    word = last.group(1).lower()
    # English's titles above; another language's from its data ("a déclaré M." + "Poutine")
    titles = _TITLES if language == "en" else language_data(language).honorifics
    if word in titles:
        return after[:1].isupper()
    return language == "en" and word in _BEFORE_NUMBER and after[:1].isdigit()


def _bounded(text: str, start: int, end: int) -> list[Sentence]:
    """The sentence ``text[start:end]``, cut into pieces of at most MAX_SENTENCE_CHARS:
    each at the last white space of its second half, else right at the bound."""
    pieces: list[Sentence] = []
    while end - start > MAX_SENTENCE_CHARS:
        limit = start + MAX_SENTENCE_CHARS
        cut, resume = limit, limit
        for space in _CUT_AT_SPACE.finditer(text, start + MAX_SENTENCE_CHARS // 2, limit + 1):
            cut, resume = space.start(), space.end()
        if cut > start:
            pieces.append(Sentence(start, cut, text[start:cut]))
        start = resume
        while start < end and text[start].isspace():
            start += 1
    if end > start:
        pieces.append(Sentence(start, end, text[start:end]))
    return pieces


def paragraphs(text: str) -> list[tuple[int, int]]:
    """(start, end) of each non-empty paragraph."""
    bounds: list[tuple[int, int]] = []
    start = 0
    for match in _PARAGRAPH_BREAK.finditer(text):
        if "\n" not in match.group() or _is_hard_wrap(text, match.start(), match.end()):
            continue
        bounds.append((start, match.start()))
        start = match.end()
    bounds.append((start, len(text)))
    return [(s, e) for s, e in bounds if text[s:e].strip()]


def _is_hard_wrap(text: str, start: int, end: int) -> bool:
    if text.count("\n", start, end) > 1:
        return False
    return bool(_HARD_WRAP.match(text, max(start - 1, 0), min(end + 1, len(text))))
