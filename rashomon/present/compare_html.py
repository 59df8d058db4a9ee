"""Self-contained HTML report of a Comparison, drawn server-side (no scripts, no external assets).

The page is rendered from the Jinja2 templates under ``templates/``: ``base.html`` (the
layout), ``compare/comparison.html`` (the story view) and its macros, so the web app can
render the same view inside its own pages with ``comparison_context`` and ``environment``.

Everything the articles supply (text, titles, names, URLs, cues) is untrusted. Templates
autoescape it; the few fragments built here as ``Markup`` (highlighted article text) are
assembled from escaped pieces only, and links are emitted only for http(s) URLs.
"""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache
from importlib.resources import files
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined
from markupsafe import Markup, escape

from rashomon.compare.types import (
    ArticleRef,
    ArticleTone,
    Comparison,
    Conflict,
    ConflictValue,
    FactGroup,
    Passage,
    QuoteGroup,
)
from rashomon.ingest.names import displayable_fields
from rashomon.types import Analysis

# Rows of the coverage matrix drawn before it would stop being readable; the complete
# list of facts is always in the table under the figure.
MATRIX_MAX_ROWS = 60
# Sources drawn in the credit graph; every credit is in the table under it.
GRAPH_MAX_SOURCES = 30
# Organisations and places, and omissions per article, shown before the rest fold away.
THINGS_SHOWN = 15
OMISSIONS_SHOWN = 8

# Okabe-Ito colours (safe for the common colour-vision deficiencies), yellow left out
# because it is unreadable as a line on white. Article i is drawn in colour i mod 7.
ARTICLE_COLOURS = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#555555")
QUOTE_TINTS = 6  # CSS classes q0..q5 (see rashomon.css)

_URL_SAFE = re.compile(r"https?://[^\s\x00-\x20\x7f]+\Z", re.IGNORECASE)
_BLANK_LINE = re.compile(r"\n[ \t]*\n")


@cache
def environment() -> Environment:
    """The Jinja2 environment of rashomon's HTML templates (autoescaping everything)."""
    env = Environment(
        loader=PackageLoader("rashomon.present", "templates"),
        autoescape=True,
        undefined=StrictUndefined,  # a misspelt field fails the render instead of vanishing
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["pct"] = lambda value: f"{round(value * 100)}%"
    env.filters["signed"] = lambda value: f"{value:+.2f}"
    return env


@cache
def stylesheet() -> Markup:
    """The report's CSS, shipped with the package; trusted, so inlined as-is into <style>."""
    css = files("rashomon.present").joinpath("templates/rashomon.css").read_text("utf-8")
    return Markup(css)


def render_comparison_html(comparison: Comparison) -> str:
    """One self-contained HTML page showing how the compared articles tell the story, with
    its coverage (articles by outlet and language, who each quotes) at the end."""
    from rashomon.present.coverage import comparison_coverage_html  # it imports this module

    context = comparison_context(comparison)
    return (
        environment()
        .get_template("compare/page.html")
        .render(stylesheet=stylesheet(), coverage=comparison_coverage_html(comparison), **context)
    )


# --- safe markup ---------------------------------------------------------------------


def safe_url(url: str | None) -> str | None:
    """``url`` when it is a plain http(s) URL; None for any other scheme (javascript:, data:)."""
    if not url:
        return None
    url = url.strip()
    return url if _URL_SAFE.match(url) else None


@dataclass(frozen=True, slots=True)
class Mark:
    """A stretch of article text to wrap in one element."""

    start: int
    end: int
    layer: int  # where stretches start together, lower layers open first (outermost)
    tag: str
    attrs: tuple[tuple[str, str], ...]
    first_attrs: tuple[tuple[str, str], ...] = ()  # on the first piece only: ids stay unique
    after: Markup = field(default_factory=Markup)  # emitted once, where the stretch ends


def _open_tag(mark: Mark, first: bool) -> Markup:
    attrs = mark.attrs + mark.first_attrs if first else mark.attrs
    rendered = Markup("").join(Markup(' {}="{}"').format(name, value) for name, value in attrs)
    return Markup("<{}{}>").format(mark.tag, rendered)


def highlight(text: str, start: int, end: int, marks: Iterable[Mark]) -> Markup:
    """``text[start:end]`` escaped, its marked stretches wrapped in properly nested tags.

    A boundary sweep: the text is cut at every mark boundary and each piece escaped on
    its own. Where a mark ends inside another that is still open (a loaded word that ends
    a quote, a quote that crosses a sentence), the inner elements are closed and the
    ones still running reopened, so the output always nests.
    """
    inside = sorted(
        (m for m in marks if m.start < m.end and m.start < end and m.end > start),
        key=lambda m: (max(m.start, start), m.layer, -m.end),
    )
    bounds = sorted(
        {start, end} | {max(m.start, start) for m in inside} | {min(m.end, end) for m in inside}
    )
    out: list[Markup] = []
    stack: list[Mark] = []
    pos = start
    following = 0
    for bound in bounds:
        if bound > pos:
            out.append(escape(text[pos:bound]))
            pos = bound
        if any(min(m.end, end) <= bound for m in stack):
            reopen: list[Mark] = []
            while any(min(m.end, end) <= bound for m in stack):
                mark = stack.pop()
                out.append(Markup("</{}>").format(mark.tag))
                if min(mark.end, end) > bound:
                    reopen.append(mark)
                elif mark.end <= end:
                    out.append(mark.after)
            for mark in reversed(reopen):
                out.append(_open_tag(mark, first=False))
                stack.append(mark)
        while following < len(inside) and max(inside[following].start, start) == bound:
            mark = inside[following]
            following += 1
            if min(mark.end, end) > bound:
                out.append(_open_tag(mark, first=mark.start >= start))
                stack.append(mark)
    return Markup("").join(out)


def paragraphs(text: str) -> list[tuple[int, int]]:
    """Offsets of the paragraphs of ``text``: split at blank lines, else at line breaks."""
    separator = _BLANK_LINE if _BLANK_LINE.search(text) else re.compile(r"\n")
    ranges = []
    begin = 0
    for match in [*separator.finditer(text), None]:
        stop = match.start() if match else len(text)
        piece = text[begin:stop]
        stripped = piece.strip()
        if stripped:
            left = begin + (len(piece) - len(piece.lstrip()))
            ranges.append((left, left + len(stripped)))
        if match:
            begin = match.end()
    return ranges


def clip(text: str, limit: int) -> str:
    """``text`` on one line, cut to ``limit`` characters with an ellipsis."""
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _anchor(value: str) -> str:
    # ids come from the engine ("F1", "Q1") but are still data: keep fragments plain.
    return re.sub(r"[^A-Za-z0-9_-]", "-", value)


# --- view model ----------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ArticleView:
    ref: ArticleRef
    index: int
    anchor: str  # HTML id of the article's column
    colour: str
    url: str | None  # only when http(s)
    paragraphs: tuple[Markup, ...]
    omitted: int
    only_here: int  # facts no other article carries


@dataclass(frozen=True, slots=True)
class FactRow:
    fact: FactGroup
    anchor: str
    text: str  # the first member's wording
    carriers: tuple[str, ...]  # labels
    cells: tuple[bool, ...]  # per article, in comparison order: carries it
    # per article: "carries", "omits" (surely leaves it out) or "unsure" (not found, yet
    # it may tell it in other words: engine._checked_absences)
    states: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class MatrixCell:
    x: float
    y: float
    carries: bool
    state: str  # as FactRow.states
    conflict: bool
    article: str  # ArticleRef.id
    label: str


@dataclass(frozen=True, slots=True)
class MatrixRow:
    row: FactRow
    y: float
    label: str
    cells: tuple[MatrixCell, ...]


@dataclass(frozen=True, slots=True)
class MatrixColumn:
    x: float
    label: str
    full: str
    colour: str
    omitted: int


@dataclass(frozen=True, slots=True)
class Matrix:
    width: float
    height: float
    label_x: float  # where the facts' wording starts, right of the cells
    top: float
    cell: float
    columns: tuple[MatrixColumn, ...]
    rows: tuple[MatrixRow, ...]
    hidden: int  # facts left out of the drawing (listed in the table)
    footer_y: float


@dataclass(frozen=True, slots=True)
class ContextValue:
    label: str
    anchor: str
    text: Markup  # the passage, the disputed value marked


@dataclass(frozen=True, slots=True)
class ConflictView:
    fact: FactGroup
    anchor: str
    conflict: Conflict
    values: tuple[ContextValue, ...]


@dataclass(frozen=True, slots=True)
class QuoteView:
    group: QuoteGroup
    anchor: str
    tint: int
    members: tuple[tuple[str, str, Any], ...]  # (label, article anchor + group anchor, member)


@dataclass(frozen=True, slots=True)
class Dispute:
    """One quote given to different speakers by different articles."""

    quote: QuoteView
    facts: tuple[tuple[str, str], ...]  # (fact id, anchor) of the facts it overlaps
    members: tuple[tuple[str, str | None, Markup], ...]  # (label, speaker, quote in context)


@dataclass(frozen=True, slots=True)
class PersonRow:
    name: str
    others: tuple[str, ...]  # other forms of the name
    cells: tuple[tuple[int, int], ...]  # per article: (quotes, mentions)


@dataclass(frozen=True, slots=True)
class GraphNode:
    x: float
    y: float
    width: float
    label: str
    full: str
    detail: str
    colour: str


@dataclass(frozen=True, slots=True)
class GraphEdge:
    path: str
    colour: str
    cue: str
    full: str  # tooltip: who credits whom, how
    cue_x: float
    cue_y: float
    compared: bool  # the link from a source to the compared article it published


@dataclass(frozen=True, slots=True)
class Graph:
    width: float
    height: float
    articles: tuple[GraphNode, ...]
    sources: tuple[GraphNode, ...]
    edges: tuple[GraphEdge, ...]
    hidden: int


@dataclass(frozen=True, slots=True)
class Bar:
    y: float
    label: str
    colour: str
    sentiment: float | None
    sentiment_x: float
    sentiment_width: float
    loaded: float
    loaded_width: float


@dataclass(frozen=True, slots=True)
class ToneChart:
    width: float
    height: float
    label_width: float
    panel: float  # width of each of the two panels
    gap: float
    max_loaded: float
    bars: tuple[Bar, ...]


@dataclass(frozen=True, slots=True)
class ToneRow:
    label: str
    anchor: str
    tone: ArticleTone
    own: tuple[tuple[str, int], ...]  # loaded word, times
    quoted: tuple[tuple[str, int], ...]


@dataclass(frozen=True, slots=True)
class FramingView:
    fact: str
    anchor: str
    members: tuple[tuple[str, Markup, float | None, tuple[str, ...]], ...]


@dataclass(frozen=True, slots=True)
class TimePoint:
    x: float
    y: float
    label: str
    published: str
    after: str  # "+2.5 h"
    colour: str


@dataclass(frozen=True, slots=True)
class Tick:
    x: float
    label: str


@dataclass(frozen=True, slots=True)
class Timeline:
    width: float
    height: float
    left: float
    axis_y: float
    points: tuple[TimePoint, ...]
    ticks: tuple[Tick, ...]


def comparison_context(comparison: Comparison) -> dict[str, Any]:
    """Everything ``compare/comparison.html`` needs, ready to render (the web app's entry)."""
    return _Builder(comparison).context()


class _Builder:
    def __init__(self, comparison: Comparison) -> None:
        self.comparison = comparison
        self.analysis: dict[str, Analysis] = {a.article.id: a for a in comparison.analyses}
        # A label or path from a file name that is not UTF-8 is shown with \xNN (names.py).
        self.refs = tuple(map(displayable_fields, comparison.articles))
        self.label = {ref.id: ref.label for ref in self.refs}
        self.index = {ref.id: i for i, ref in enumerate(self.refs)}
        self.anchor = {ref.id: f"a{i + 1}" for i, ref in enumerate(self.refs)}
        self.colour = {
            ref.id: ARTICLE_COLOURS[i % len(ARTICLE_COLOURS)] for i, ref in enumerate(self.refs)
        }
        self.fact_anchor = {fact.id: f"fact-{_anchor(fact.id)}" for fact in comparison.facts}
        self.quote_anchor = {q.id: f"quote-{_anchor(q.id)}" for q in comparison.quotes}
        self.tint = {q.id: i % QUOTE_TINTS for i, q in enumerate(comparison.quotes)}
        self.tone = {t.article: t for t in comparison.tone}

    def text(self, article: str) -> str:
        analysis = self.analysis.get(article)
        return analysis.article.text if analysis else ""

    def context(self) -> dict[str, Any]:
        comparison = self.comparison
        rows = self.fact_rows()
        shared = [q for q in comparison.quotes if len(q.articles) > 1]
        single = [q for q in comparison.quotes if len(q.articles) <= 1]
        first = comparison.first_published
        return {
            "comparison": comparison,
            "title": self.page_title(),
            "articles": self.article_views(),
            "label": self.label,
            "anchor": self.anchor,
            "first_published": self.label.get(first) if first else None,
            "weakest": min(comparison.pairs, key=lambda p: p.similarity, default=None),
            "fact_rows": rows,
            "matrix": self.matrix(rows),
            "omissions": self.omissions(rows),
            "omissions_shown": OMISSIONS_SHOWN,
            "conflicts": self.conflicts(),
            "speaker_disputes": self.disputes(),
            "shared_quotes": [self.quote_view(q) for q in shared],
            "single_quotes": [self.quote_view(q) for q in single],
            "speakers": self.people(quoted=True),
            "mentioned": self.people(quoted=False),
            "things": self.things(),
            "things_shown": THINGS_SHOWN,
            "graph": self.graph(),
            "credits": [
                (self.label.get(c.article, c.article), c)
                for c in sorted(comparison.credits, key=lambda c: (self.order(c.article), c.start))
            ],
            "tone_chart": self.tone_chart(),
            "tone_rows": self.tone_rows(),
            "framings": self.framings(),
            "timeline": self.timeline(),
            "undated": [
                self.label.get(t.article, t.article)
                for t in comparison.timeline
                if t.hours_after_first is None
            ],
        }

    def order(self, article: str) -> int:
        return self.index.get(article, len(self.refs))

    def page_title(self) -> str:
        """The story's headline as its first publisher wrote it, else any article's."""
        first = self.comparison.first_published
        titles = [ref.title for ref in self.refs if ref.title and ref.id == first]
        titles += [ref.title for ref in self.refs if ref.title]
        return titles[0] if titles else "Comparison"

    # --- facts -----------------------------------------------------------------------

    def fact_rows(self) -> list[FactRow]:
        """Facts carried by every article first, then by how many carry them.

        Facts with the same carriers are kept together (then in order of appearance), so
        the matrix shows blocks rather than a scatter.
        """
        count = len(self.refs)
        rows = [
            FactRow(
                fact=fact,
                anchor=self.fact_anchor[fact.id],
                text=fact.members[0].text if fact.members else "",
                carriers=tuple(self.label.get(a, a) for a in fact.articles),
                cells=tuple(ref.id in fact.articles for ref in self.refs),
                states=tuple(self._state(fact, ref) for ref in self.refs),
            )
            for fact in self.comparison.facts
        ]
        return sorted(
            rows,
            key=lambda r: (sum(r.cells) != count, -sum(r.cells), [not c for c in r.cells]),
        )

    def _state(self, fact: FactGroup, ref: ArticleRef) -> str:
        if ref.id in fact.articles:
            return "carries"
        return "omits" if fact.id in self.comparison.omissions.get(ref.id, ()) else "unsure"

    def matrix(self, rows: list[FactRow]) -> Matrix:
        # The cells come before the wording, so a narrow screen shows the pattern of
        # coverage first and scrolls only for the text.
        cell, grid_left, label_chars = 30.0, 40.0, 60
        longest = max((len(ref.label) for ref in self.refs), default=4)
        # column labels are drawn at -45° over the wording: their length sets the room above
        top = 28 + min(longest, 22) * 5.6
        shown = rows[:MATRIX_MAX_ROWS]
        omitted = {ref.id: len(self.comparison.omissions.get(ref.id, ())) for ref in self.refs}
        columns = tuple(
            MatrixColumn(
                x=grid_left + i * cell + cell / 2,
                label=clip(ref.label, 22),
                full=ref.label,
                colour=self.colour[ref.id],
                omitted=omitted[ref.id],
            )
            for i, ref in enumerate(self.refs)
        )
        label_x = grid_left + len(self.refs) * cell + 14
        matrix_rows = []
        for r, row in enumerate(shown):
            y = top + r * cell + cell / 2
            cells = tuple(
                MatrixCell(
                    x=columns[i].x,
                    y=y,
                    carries=carries,
                    state=state,
                    conflict=carries and bool(row.fact.conflicts),
                    article=ref.id,
                    label=ref.label,
                )
                for i, (ref, carries, state) in enumerate(
                    zip(self.refs, row.cells, row.states, strict=True)
                )
            )
            matrix_rows.append(
                MatrixRow(row=row, y=y, label=clip(row.text, label_chars), cells=cells)
            )
        grid_bottom = top + len(shown) * cell
        return Matrix(
            width=max(label_x + label_chars * 7.2, columns[-1].x + longest * 5.6 if columns else 0),
            height=grid_bottom + 44,
            label_x=label_x,
            top=top,
            cell=cell,
            columns=columns,
            rows=tuple(matrix_rows),
            hidden=len(rows) - len(shown),
            footer_y=grid_bottom + 22,
        )

    def omissions(self, rows: list[FactRow]) -> list[tuple[ArticleRef, list[FactRow]]]:
        """Per article, the facts it leaves out, in ``rows`` order (most carried first)."""
        result = []
        for ref in self.refs:
            omitted = set(self.comparison.omissions.get(ref.id, ()))
            result.append((ref, [row for row in rows if row.fact.id in omitted]))
        return result

    def conflicts(self) -> list[ConflictView]:
        """Disagreements flagged on facts, less the speaker ones ``disputes`` shows per quote."""
        disputed = {q.id for q in self.comparison.quotes if q.speakers_disagree}
        views = []
        for fact in self.comparison.facts:
            for conflict in fact.conflicts:
                if conflict.kind == "speaker" and conflict.quote in disputed:
                    continue
                values = tuple(
                    ContextValue(
                        label=self.label.get(value.article, value.article),
                        anchor=self.anchor.get(value.article, ""),
                        text=self.in_context(fact, value.article, value.start, value.end),
                    )
                    for value in conflict.values
                )
                views.append(
                    ConflictView(
                        fact=fact,
                        anchor=self.fact_anchor[fact.id],
                        conflict=conflict,
                        values=values,
                    )
                )
        return views

    def disputes(self) -> list[Dispute]:
        """Quotes whose words the articles give to different people, each shown once.

        The engine flags such a quote on every fact that overlaps it; its values say where
        each article names the speaker, which is marked next to the quoted words.
        """
        named: dict[str, tuple[ConflictValue, ...]] = {}
        facts: dict[str, list[str]] = defaultdict(list)
        for fact in self.comparison.facts:
            for conflict in fact.conflicts:
                if conflict.kind == "speaker" and conflict.quote is not None:
                    named.setdefault(conflict.quote, conflict.values)
                    facts[conflict.quote].append(fact.id)
        views = []
        for group in self.comparison.quotes:
            if not group.speakers_disagree:
                continue
            values = {(v.article, v.text): v for v in named.get(group.id, ())}
            tint = self.tint[group.id]
            members = []
            for member in group.members:
                marks = [
                    Mark(p.start, p.end, 0, "span", (("class", f"quote q{tint}"),))
                    for p in member.parts
                ]
                value = values.get((member.article, member.speaker or "?"))
                if value:
                    marks.append(Mark(value.start, value.end, 1, "mark", (("class", "value"),)))
                start, end = self.sentences_around(
                    member.article,
                    [(m.start, m.end) for m in marks] or [(member.start, member.end)],
                )
                members.append(
                    (
                        self.label.get(member.article, member.article),
                        member.speaker,
                        highlight(self.text(member.article), start, end, marks),
                    )
                )
            views.append(
                Dispute(
                    quote=self.quote_view(group),
                    facts=tuple((f, self.fact_anchor[f]) for f in facts.get(group.id, ())),
                    members=tuple(members),
                )
            )
        return views

    def sentences_around(self, article: str, spans: list[tuple[int, int]]) -> tuple[int, int]:
        """The whole sentences covering every span."""
        start = min(s for s, _ in spans)
        end = max(e for _, e in spans)
        analysis = self.analysis.get(article)
        for sentence in analysis.sentences if analysis else ():
            if sentence.start <= start < sentence.end:
                start = sentence.start
            if sentence.start < end <= sentence.end:
                end = sentence.end
        return start, end

    def in_context(self, fact: FactGroup, article: str, start: int, end: int) -> Markup:
        """The fact's wording in ``article`` (else the sentence) with [start, end) marked."""
        text = self.text(article)
        window = next(
            (
                (p.start, p.end)
                for p in fact.members
                if p.article == article and p.start <= start and end <= p.end
            ),
            None,
        ) or self.sentences_around(article, [(start, end)])
        mark = Mark(start, end, 0, "mark", (("class", "value"),))
        return highlight(text, window[0], window[1], [mark])

    # --- quotes ----------------------------------------------------------------------

    def quote_view(self, group: QuoteGroup) -> QuoteView:
        anchor = self.quote_anchor[group.id]
        return QuoteView(
            group=group,
            anchor=anchor,
            tint=self.tint[group.id],
            members=tuple(
                (self.label.get(m.article, m.article), f"{self.anchor.get(m.article)}-{anchor}", m)
                for m in group.members
            ),
        )

    # --- people and sources ----------------------------------------------------------

    def people(self, *, quoted: bool) -> list[PersonRow]:
        people = [p for p in self.comparison.people if bool(sum(p.quotes.values())) == quoted]
        people.sort(key=lambda p: (-sum(p.quotes.values()), -sum(p.mentions.values()), p.name))
        return [
            PersonRow(
                name=p.name,
                others=tuple(n for n in p.names if n != p.name),
                cells=tuple((p.quotes.get(r.id, 0), p.mentions.get(r.id, 0)) for r in self.refs),
            )
            for p in people
        ]

    def things(self) -> list[tuple[str, str, tuple[int, ...]]]:
        things = sorted(self.comparison.things, key=lambda t: (-sum(t.mentions.values()), t.name))
        return [
            (t.name, t.label, tuple(t.mentions.get(r.id, 0) for r in self.refs)) for t in things
        ]

    def graph(self) -> Graph:
        credits = self.comparison.credits
        weight = Counter(c.source for c in credits)
        shown = sorted(weight, key=lambda s: (-weight[s], s))[:GRAPH_MAX_SOURCES]
        kinds: dict[str, Counter[str]] = defaultdict(Counter)
        compared: dict[str, str] = {}
        position: dict[str, list[int]] = defaultdict(list)
        for c in credits:
            kinds[c.source][c.kind] += 1
            position[c.source].append(self.order(c.article))
            if c.compared:
                compared[c.source] = c.compared
        # each source beside the mean row of the articles crediting it: far fewer crossings
        shown.sort(key=lambda s: (sum(position[s]) / len(position[s]), -weight[s], s))
        width, node_w, source_w, step = 960.0, 170.0, 250.0, 34.0
        rows = max(len(self.refs), len(shown), 1)
        # room above the rows for the arcs that join a source to its compared article
        top = 50 if compared else 10
        height = top + rows * step + 16
        # both columns centred vertically, so the shorter one sits in the middle
        left_top = top + (rows - len(self.refs)) * step / 2
        right_top = top + (rows - len(shown)) * step / 2
        article_y = {ref.id: left_top + i * step + step / 2 for i, ref in enumerate(self.refs)}
        source_y = {s: right_top + i * step + step / 2 for i, s in enumerate(shown)}
        x1, x2 = node_w, width - source_w
        articles = tuple(
            GraphNode(0, article_y[r.id], node_w, clip(r.label, 22), r.label, "", self.colour[r.id])
            for r in self.refs
        )
        nodes = tuple(
            GraphNode(
                x2,
                source_y[s],
                source_w,
                clip(s, 26),
                s,
                "compared article" if s in compared else kinds[s].most_common(1)[0][0],
                self.colour.get(compared.get(s, ""), "#888888"),
            )
            for s in shown
        )
        cues: dict[tuple[str, str], list[str]] = defaultdict(list)
        for c in credits:
            known = c.source in source_y and c.article in article_y
            if known and c.cue not in cues[c.article, c.source]:
                cues[c.article, c.source].append(c.cue)
        placed: list[tuple[float, float, float, float]] = []
        edges = []
        for (article, source), words in cues.items():
            ya, ys = article_y[article], source_y[source]
            cue = ", ".join(words)
            label = clip(cue, 28)
            spot = _free_spot(x1, ya, x2, ys, len(label) * 6.2 + 6, placed)
            edges.append(
                GraphEdge(
                    path=_curve(x1, ya, x2, ys),
                    colour=self.colour[article],
                    cue=label if spot else "",
                    full=f"{self.label[article]} credits {source} ({cue})",
                    cue_x=spot[0] if spot else 0.0,
                    cue_y=spot[1] if spot else 0.0,
                    compared=False,
                )
            )
        for source, article in compared.items():
            if source in source_y and article in article_y:
                ya, ys = article_y[article], source_y[source]
                edges.append(
                    GraphEdge(
                        path=_curve(x2, ys, x1, ya, bend=-60),
                        colour=self.colour[article],
                        cue="",  # the dashed line says it; the legend explains it
                        full=f"{source} is the compared article {self.label[article]}",
                        cue_x=0.0,
                        cue_y=0.0,
                        compared=True,
                    )
                )
        return Graph(width, height, articles, nodes, tuple(edges), len(weight) - len(shown))

    # --- tone ------------------------------------------------------------------------

    def tone_chart(self) -> ToneChart:
        label_width, panel, gap, step = 170.0, 240.0, 50.0, 28.0
        max_loaded = max((t.loaded_density for t in self.comparison.tone), default=0.0)
        max_loaded = max(1.0, math.ceil(max_loaded))
        bars = []
        for i, ref in enumerate(self.refs):
            tone = self.tone.get(ref.id)
            sentiment = tone.sentiment if tone else None
            loaded = tone.loaded_density if tone else 0.0
            centre = label_width + panel / 2
            length = (sentiment or 0.0) * panel / 2
            bars.append(
                Bar(
                    y=30 + i * step,
                    label=clip(ref.label, 22),
                    colour=self.colour[ref.id],
                    sentiment=sentiment,
                    sentiment_x=min(centre, centre + length),
                    sentiment_width=abs(length),
                    loaded=loaded,
                    loaded_width=loaded / max_loaded * panel,
                )
            )
        return ToneChart(
            width=label_width + 2 * panel + gap + 50,
            height=30 + len(self.refs) * step + 24,
            label_width=label_width,
            panel=panel,
            gap=gap,
            max_loaded=max_loaded,
            bars=tuple(bars),
        )

    def tone_rows(self) -> list[ToneRow]:
        rows = []
        for ref in self.refs:
            tone = self.tone.get(ref.id)
            if tone is None:
                continue
            own = Counter(t.text.lower() for t in tone.loaded if not t.quoted)
            quoted = Counter(t.text.lower() for t in tone.loaded if t.quoted)
            rows.append(
                ToneRow(
                    ref.label,
                    self.anchor[ref.id],
                    tone,
                    tuple(own.most_common()),
                    tuple(quoted.most_common()),
                )
            )
        return rows

    def framings(self) -> list[FramingView]:
        views = []
        for framing in self.comparison.framings:
            members = []
            for passage in framing.members:
                tone = self.tone.get(passage.article)
                marks = [
                    Mark(t.start, t.end, 0, "mark", (("class", _loaded_class(t.quoted)),))
                    for t in (tone.loaded if tone else ())
                ]
                members.append(
                    (
                        self.label.get(passage.article, passage.article),
                        self.passage_markup(passage, marks),
                        framing.sentiment.get(passage.article),
                        self.comparison.own_loaded_words(passage),
                    )
                )
            views.append(
                FramingView(framing.fact, self.fact_anchor.get(framing.fact, ""), tuple(members))
            )
        return views

    def passage_markup(self, passage: Passage, marks: list[Mark]) -> Markup:
        text = self.text(passage.article)
        if text[passage.start : passage.end] != passage.text:
            # offsets that do not index this text: show the words, unmarked
            return escape(passage.text)
        return highlight(text, passage.start, passage.end, marks)

    # --- timeline --------------------------------------------------------------------

    def timeline(self) -> Timeline | None:
        dated = sorted(
            (t for t in self.comparison.timeline if t.hours_after_first is not None),
            key=lambda t: t.hours_after_first or 0.0,
        )
        if not dated:
            return None
        left, span, step = 180.0, 520.0, 30.0
        last = max(t.hours_after_first or 0.0 for t in dated)
        tick_step = _tick_step(last)
        end = max(tick_step, math.ceil(last / tick_step) * tick_step)
        points = tuple(
            TimePoint(
                x=left + (t.hours_after_first or 0.0) / end * span,
                y=24 + i * step,
                label=clip(self.label.get(t.article, t.article), 22),
                published=t.published or "",
                after=_hours(t.hours_after_first or 0.0),
                colour=self.colour.get(t.article, "#555555"),
            )
            for i, t in enumerate(dated)
        )
        axis_y = 24 + len(dated) * step
        ticks = tuple(
            Tick(left + k * tick_step / end * span, _hours(k * tick_step))
            for k in range(round(end / tick_step) + 1)
        )
        return Timeline(left + span + 250, axis_y + 34, left, axis_y, points, ticks)

    # --- the articles ----------------------------------------------------------------

    def article_views(self) -> list[ArticleView]:
        marks: dict[str, list[Mark]] = defaultdict(list)
        only_here: Counter[str] = Counter()
        several = len(self.refs) > 1
        for fact in self.comparison.facts:
            if several and len(set(fact.articles)) == 1:
                only_here[fact.articles[0]] += 1
                for p in fact.members:
                    marks[p.article].append(
                        Mark(p.start, p.end, 0, "span", (("class", "only"), ("title", "only here")))
                    )
        for group in self.comparison.quotes:
            anchor = self.quote_anchor[group.id]
            for member in group.members:
                speaker = member.speaker or "unknown speaker"
                pieces = member.parts or (
                    Passage(member.article, member.start, member.end, member.text),
                )
                for n, part in enumerate(pieces):
                    last = n == len(pieces) - 1
                    marks[member.article].append(
                        Mark(
                            part.start,
                            part.end,
                            1,
                            "a",
                            (
                                ("class", f"quote q{self.tint[group.id]}"),
                                ("href", f"#{anchor}"),
                                ("title", f"{group.id} · {speaker} · {group.wording}"),
                            ),
                            first_attrs=(
                                (("id", f"{self.anchor.get(member.article)}-{anchor}"),)
                                if n == 0
                                else ()
                            ),
                            after=Markup('<sup class="qref">{}</sup>').format(group.id)
                            if last
                            else Markup(),
                        )
                    )
        for fact in self.comparison.facts:
            for conflict in fact.conflicts:
                for value in conflict.values:
                    marks[value.article].append(
                        Mark(
                            value.start,
                            value.end,
                            2,
                            "mark",
                            (("class", "value"), ("title", f"disputed: {conflict.about}")),
                        )
                    )
        for tone in self.comparison.tone:
            for term in tone.loaded:
                marks[tone.article].append(
                    Mark(
                        term.start,
                        term.end,
                        3,
                        "span",
                        (("class", _loaded_class(term.quoted)), ("title", term.category)),
                    )
                )
        views = []
        for i, ref in enumerate(self.refs):
            text = self.text(ref.id)
            article_marks = marks[ref.id]
            analysis = self.analysis.get(ref.id)
            views.append(
                ArticleView(
                    ref=ref,
                    index=i,
                    anchor=self.anchor[ref.id],
                    colour=self.colour[ref.id],
                    url=safe_url(analysis.article.url if analysis else None),
                    paragraphs=tuple(
                        highlight(text, start, end, article_marks)
                        for start, end in paragraphs(text)
                    ),
                    omitted=len(self.comparison.omissions.get(ref.id, ())),
                    only_here=only_here[ref.id],
                )
            )
        return views


def _loaded_class(quoted: bool) -> str:
    return "loaded quoted" if quoted else "loaded own"


def _curve(x1: float, y1: float, x2: float, y2: float, bend: float = 0.0) -> str:
    dx = (x2 - x1) / 2
    return (
        f"M{x1:.1f},{y1:.1f} C{x1 + dx:.1f},{y1 + bend:.1f} "
        f"{x2 - dx:.1f},{y2 + bend:.1f} {x2:.1f},{y2:.1f}"
    )


def _bezier(
    x1: float, y1: float, x2: float, y2: float, t: float, bend: float = 0.0
) -> tuple[float, float]:
    """Point at ``t`` on the curve ``_curve`` draws: where an edge's label goes."""
    dx = (x2 - x1) / 2
    xs = (x1, x1 + dx, x2 - dx, x2)
    ys = (y1, y1 + bend, y2 + bend, y2)
    weights = ((1 - t) ** 3, 3 * (1 - t) ** 2 * t, 3 * (1 - t) * t**2, t**3)
    return (
        sum(w * x for w, x in zip(weights, xs, strict=True)),
        sum(w * y for w, y in zip(weights, ys, strict=True)),
    )


# Where along an edge its label may go, best first: the middle, then towards either end.
_LABEL_SPOTS = (0.5, 0.4, 0.6, 0.3, 0.7, 0.22, 0.78)


def _free_spot(
    x1: float,
    y1: float,
    x2: float,
    y2: float,
    width: float,
    placed: list[tuple[float, float, float, float]],
) -> tuple[float, float] | None:
    """A point on the edge where a label ``width`` wide overlaps no label in ``placed``.

    Appends the label's box to ``placed``; None (the label is left to the tooltip and
    the table) when every spot is taken.
    """
    for t in _LABEL_SPOTS:
        x, y = _bezier(x1, y1, x2, y2, t)
        box = (x - width / 2, y - 8, x + width / 2, y + 6)
        if box[0] < x1 + 4 or box[2] > x2 - 4:
            continue
        if all(box[2] < b[0] or b[2] < box[0] or box[3] < b[1] or b[3] < box[1] for b in placed):
            placed.append(box)
            return round(x, 1), round(y, 1)
    return None


def _tick_step(hours: float) -> float:
    for step in (0.25, 0.5, 1, 2, 3, 6, 12, 24, 48, 72, 168, 336, 720):
        if hours / step <= 5:
            return float(step)
    return math.ceil(hours / 5 / 720) * 720.0


def _hours(hours: float) -> str:
    if hours >= 48:
        return f"+{hours / 24:.1f} d".replace(".0 d", " d")
    return f"+{hours:.2f}".rstrip("0").rstrip(".") + " h"
