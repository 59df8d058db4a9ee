"""Statements: the pieces of each article that facts are made of, with their vectors.

A statement is a sentence, or a clause of a long sentence joined to the next by "; ",
", and", ", but" (and their Russian and Spanish counterparts): outlets often pack two
facts into one sentence that another outlet tells in two, and aligning clauses lets one
sentence match parts of two. Headlines repeated in the body, bylines, datelines and page
furniture (captions, sub-headings, embeds, trailers: ``analyze/furniture.py``) are not
statements.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from rashomon.analyze.embeddings import Encoder
from rashomon.analyze.furniture import furniture_spans, in_furniture
from rashomon.types import Analysis

_MIN_WORDS = 5  # shorter lines are page furniture, bylines, captions...
_MIN_SENTENCE_WORDS = 3  # ...unless they end like a sentence: "None were reported hurt."
_SENTENCE_END = re.compile(r"[.!?…][\"'”’»)]*$")
# "SEVRASK, March 14 (Northgate) – ", "PORT ESSEN — ": where, not what happened.
_DATELINE = re.compile(
    r"[A-Z][A-Z .'’-]{1,40}(?:,[^,–—()\n]{2,30}){0,2}\s*(?:\([^()\n]{1,40}\))?\s*[–—-]{1,2}\s+"
)
_MIN_CLAUSE_WORDS = 6  # both sides of a split must be able to state something alone
_WORD = re.compile(r"\w+(?:[-'’]\w+)*")
_CLAUSE_BREAK = re.compile(
    r";\s+|,\s+(?:and|but|while|whereas)\s+(?=\w)|,\s+(?:а|но|однако|и)\s+(?=\w)"
    r"|,\s+(?:y|pero|mientras que)\s+(?=\w)",
    re.IGNORECASE,
)
# Translated Russian quotes run on after their attribution: "A,— he said. — B." is two
# statements even where the sentence splitter kept it whole.
_DASH_BREAK = re.compile(r"(?<=[.!?…])\s*[—–]\s+(?=\w)")
# Sentence ends the segmenter leaves inside a long quotation ("…security? Definitely not,
# they can't. Of course, …"): a lower-case word of three letters or more, then . ! or ?,
# then a capital. "U.S. President" and "Mr. Smith" do not qualify.
_INNER_END = r"(?<=[a-zа-яё'’]{3}[.!?…])[\"'”’»]?\s+(?=[\"“«]?[A-ZА-ЯЁ])"
_SENTENCE_BREAKS = re.compile(f"{_DASH_BREAK.pattern}|{_INNER_END}")


@dataclass(frozen=True, slots=True)
class Statement:
    article: int  # index of the article in the comparison
    sentence: int  # index into that analysis' sentences
    start: int
    end: int
    text: str
    language: str


def _words(text: str) -> int:
    return len(_WORD.findall(text))


def _is_statement(text: str) -> bool:
    text = text.strip()
    if text.startswith("(") and text.endswith(")"):
        return False  # "(Reporting by …; Editing by …)"
    words = _words(text)
    if words >= _MIN_WORDS:
        return True
    first = _WORD.match(text)
    dateline = first is not None and first.group().isupper() and len(first.group()) > 2
    return words >= _MIN_SENTENCE_WORDS and not dateline and bool(_SENTENCE_END.search(text))


def _normalised(text: str | None) -> str:
    return " ".join(_WORD.findall(text.lower())) if text else ""


def _clauses(text: str, start: int) -> list[tuple[int, int]]:
    """(start, end) of the clauses of one sentence, offsets into the article."""
    pieces: list[tuple[int, int]] = []
    cursor = 0
    for match in _SENTENCE_BREAKS.finditer(text):
        pieces += _clause_split(text[cursor : match.start()], start + cursor)
        cursor = match.end()
    return pieces + _clause_split(text[cursor:], start + cursor)


def _clause_split(text: str, start: int) -> list[tuple[int, int]]:
    pieces: list[tuple[int, int]] = []
    cursor = 0
    for match in _CLAUSE_BREAK.finditer(text):
        left = text[cursor : match.start()]
        right = text[match.end() :]
        if _words(left) >= _MIN_CLAUSE_WORDS and _words(right) >= _MIN_CLAUSE_WORDS:
            pieces.append((cursor, match.start()))
            cursor = match.end()  # the conjunction joins; it states nothing itself
    pieces.append((cursor, len(text)))
    return [(start + a, start + b) for a, b in pieces]


def article_statements(analysis: Analysis, article: int) -> list[Statement]:
    """The statements of one article, in text order."""
    text = analysis.article.text
    skip = {_normalised(analysis.article.title), _normalised(analysis.article.byline)} - {""}
    furniture = furniture_spans(text, analysis.article.title)
    seen: set[str] = set()
    statements: list[Statement] = []
    for index, sentence in enumerate(analysis.sentences):
        key = _normalised(sentence.text)
        if not _is_statement(sentence.text) or key in skip or key in seen:
            continue
        if in_furniture(furniture, sentence.start):
            continue
        seen.add(key)
        for start, end in _clauses(sentence.text, sentence.start):
            piece = text[start:end].strip()
            if _words(piece) < _MIN_CLAUSE_WORDS and start != sentence.start:
                continue  # "he said in Vladivostok." between two halves of a quote
            start = text.index(piece, start)
            dateline = _DATELINE.match(piece)
            if dateline and _words(piece[dateline.end() :]) >= _MIN_WORDS:
                piece, start = piece[dateline.end() :], start + dateline.end()
            statements.append(
                Statement(article, index, start, start + len(piece), piece, analysis.language)
            )
    return statements


def statement_vectors(
    analyses: Sequence[Analysis], statements: Sequence[Statement], encoder: Encoder
) -> np.ndarray:
    """One L2-normalised vector per statement: the analysis' own sentence vector where the
    statement is a whole sentence, a fresh encoding of the clause otherwise."""
    vectors = np.zeros((len(statements), encoder.dim), dtype=np.float32)
    fresh: list[int] = []
    for row, statement in enumerate(statements):
        analysis = analyses[statement.article]
        sentence = analysis.sentences[statement.sentence]
        whole = statement.start == sentence.start and statement.end == sentence.end
        if whole and analysis.embeddings is not None:
            vectors[row] = analysis.embeddings.sentences[statement.sentence]
        else:
            fresh.append(row)
    if fresh:
        vectors[fresh] = encoder.encode([statements[row].text for row in fresh])
    return vectors
