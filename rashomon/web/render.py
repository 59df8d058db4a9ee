"""Templates and markup of the web pages, on top of the compare report's own.

The environment overlays the report's (``rashomon.present.compare_html.environment``): same
autoescaping and filters, with a loader that finds the web app's templates first and then
the report's, so the story page renders ``compare/comparison.html`` unchanged. Everything
from the articles is untrusted: templates autoescape it, and the only markup built here is
assembled by ``compare_html.highlight`` (escaped piece by piece) or around escaped text.
"""

from __future__ import annotations

import re
from functools import cache
from typing import Any

from jinja2 import BaseLoader, ChoiceLoader, Environment, PackageLoader
from markupsafe import Markup

from rashomon.compare.types import Comparison
from rashomon.present.compare_html import (
    QUOTE_TINTS,
    Mark,
    comparison_context,
    highlight,
    paragraphs,
    safe_url,
)
from rashomon.present.compare_html import environment as report_environment
from rashomon.types import Analysis

# FTS5 snippets mark matched words with these (Store.search_articles).
_MATCH_START, _MATCH_END = "\x02", "\x03"
# Control characters other than those two (and tab and line breaks) read as spaces.
_CONTROL = re.compile(r"[\x00\x01\x04-\x08\x0b\x0c\x0e-\x1f\x7f]")


@cache
def environment() -> Environment:
    """The web app's Jinja2 environment: its templates first, then the report's."""
    report = report_environment()
    loaders: list[BaseLoader] = [PackageLoader("rashomon.web", "templates")]
    if report.loader is not None:
        loaders.append(report.loader)
    loader = ChoiceLoader(loaders)
    env = report.overlay(loader=loader)
    env.filters["safe_url"] = safe_url
    env.filters["snippet"] = snippet_markup
    env.filters["when"] = when
    return env


def when(value: str | None) -> str:
    """An ISO 8601 time to the minute, readably: "2025-01-31 09:30"; "" when unknown."""
    return (value or "")[:16].replace("T", " ")


def render(template: str, **context: Any) -> str:
    return environment().get_template(template).render(**context)


def comparison_fragment(comparison: Comparison) -> Markup:
    """The report's story view (``<main class="comparison">``) for embedding in a page."""
    context = comparison_context(comparison)
    return Markup(render("compare/comparison.html", **context))


def snippet_parts(snippet: str) -> tuple[str, list[tuple[int, int]]]:
    """A search snippet as plain text and the offsets of its matched words in that text."""
    text: list[str] = []
    spans: list[tuple[int, int]] = []
    length = 0
    start: int | None = None
    for piece in re.split(f"([{_MATCH_START}{_MATCH_END}])", _CONTROL.sub(" ", snippet)):
        if piece == _MATCH_START:
            start = length
        elif piece == _MATCH_END:
            if start is not None and length > start:
                spans.append((start, length))
            start = None
        else:
            text.append(piece)
            length += len(piece)
    return "".join(text), spans


def snippet_markup(snippet: str) -> Markup:
    """A search snippet escaped, its matched words in ``<mark>``."""
    text, spans = snippet_parts(snippet)
    marks = [Mark(start, end, 0, "mark", ()) for start, end in spans]
    return highlight(text, 0, len(text), marks)


def article_paragraphs(text: str, marks: list[Mark]) -> list[Markup]:
    """The article's paragraphs, escaped, with ``marks`` (``article_marks``) marked."""
    return [highlight(text, start, end, marks) for start, end in paragraphs(text)]


def article_marks(analysis: Analysis) -> list[Mark]:
    """Quotes outermost (each links to its row in the quote table), then credited sources,
    the speakers named beside quotes, and every mention of a person, organisation or place."""
    marks: list[Mark] = []
    for n, quote in enumerate(analysis.quotes):
        anchor = f"quote-{n + 1}"
        speaker = quote.speaker or "unknown speaker"
        pieces = quote.parts or ()
        for k, part in enumerate(pieces):
            marks.append(
                Mark(
                    part.start,
                    part.end,
                    0,
                    "a",
                    (
                        ("class", f"quote q{n % QUOTE_TINTS}"),
                        ("href", f"#{anchor}"),
                        ("title", f"Q{n + 1} · {speaker} · {quote.kind}"),
                    ),
                    after=(
                        Markup('<sup class="qref">Q{}</sup>').format(n + 1)
                        if k == len(pieces) - 1
                        else Markup()
                    ),
                )
            )
        if quote.speaker_mention is not None:
            mention = quote.speaker_mention
            marks.append(
                Mark(
                    mention.start,
                    mention.end,
                    2,
                    "span",
                    (("class", "speaker"), ("title", f"speaker of Q{n + 1}: {speaker}")),
                )
            )
    for citation in analysis.citations:
        mention = citation.mention
        title = f"credits {citation.source} ({citation.kind}, {citation.cue})"
        marks.append(
            Mark(mention.start, mention.end, 1, "span", (("class", "credit"), ("title", title)))
        )
    for entity in analysis.entities:
        kind = entity.label.lower()
        for place in entity.mentions:
            marks.append(
                Mark(
                    place.start,
                    place.end,
                    3,
                    "span",
                    (("class", f"entity {kind}"), ("title", f"{entity.name} ({entity.label})")),
                )
            )
    return marks
