"""The named steps of an analysis after parsing, each with what it reads and what it writes.

``analyze_article`` and ``analyze_many`` run ``AnalysisConfig.components`` (every step by
default) in the order of ``COMPONENTS``, with the steps each needs: a caller that wants
quotes only (an evaluation, a notebook) names ``("quotes",)`` and gets no citations, tone or
vectors, and an ``Analysis`` whose skipped fields are empty. Entities are no step: every
step reads them, and they cost little next to the parse they come from.

A step reads and fills one ``Work``: what the analysis of one article has found so far.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from rashomon.analyze.citations import find_citations, name_people, quoted_sources
from rashomon.analyze.embeddings import embed_sentences
from rashomon.analyze.entities import EntityIndex
from rashomon.analyze.furniture import FurnitureSpan
from rashomon.analyze.parse import Parse
from rashomon.analyze.quotes import find_quotes
from rashomon.analyze.tone import score_tone
from rashomon.types import Article, Citation, Embeddings, Quote, Sentence, Tone

NO_TONE = Tone(sentences=(), sentiment=None, loaded_density=0.0)


@dataclass(slots=True)
class Work:
    """One article's analysis in the making: the inputs, then each step's output."""

    article: Article
    language: str
    sentences: tuple[Sentence, ...]
    parse: Parse
    entities: EntityIndex
    furniture: list[FurnitureSpan]  # page furniture: holds no quote and no speaker
    embedder: str | None
    quotes: tuple[Quote, ...] = ()
    citations: tuple[Citation, ...] = ()
    tone: Tone = field(default_factory=lambda: NO_TONE)
    embeddings: Embeddings | None = None


@dataclass(frozen=True, slots=True)
class Component:
    name: str
    needs: tuple[str, ...]  # the steps whose output it reads
    writes: str  # the ``Analysis`` field it fills
    run: Callable[[Work], None]


def _quotes(work: Work) -> None:
    work.quotes = find_quotes(
        work.article.text,
        work.sentences,
        work.parse,
        work.entities,
        work.language,
        work.furniture,
    )


def _citations(work: Work) -> None:
    # after quotes: their speakers tell the genders the pronouns of sources need, and the
    # people quoted by name are sources credited
    text = work.article.text
    found = find_citations(text, work.parse, work.language, outlet=work.article.outlet)
    work.citations = quoted_sources(
        text, work.quotes, name_people(found, work.entities), work.entities.entities()
    )


def _tone(work: Work) -> None:
    work.tone = score_tone(work.article.text, work.sentences, work.parse, work.language)


def _embeddings(work: Work) -> None:
    # Encoded per article, never across articles: a sentence's vector must not depend on
    # which micro-batch of the encoder it shares (and batching across articles gained
    # nothing measurable: the encoder already batches an article's sentences).
    if work.embedder:
        work.embeddings = embed_sentences([s.text for s in work.sentences], work.embedder)


# In the order they run; a step's needs come before it.
COMPONENTS: dict[str, Component] = {
    c.name: c
    for c in (
        Component("quotes", (), "quotes", _quotes),
        Component("citations", ("quotes",), "citations", _citations),
        Component("tone", (), "tone", _tone),
        Component("embeddings", (), "embeddings", _embeddings),
    )
}
ALL_COMPONENTS: tuple[str, ...] = tuple(COMPONENTS)


def resolve_components(names: Iterable[str]) -> tuple[str, ...]:
    """``names`` with the steps they need, in running order; ValueError for an unknown one."""
    wanted: set[str] = set()
    pending = list(names)
    while pending:
        name = pending.pop()
        if name not in COMPONENTS:
            raise ValueError(f"no analysis component {name!r}; one of {', '.join(COMPONENTS)}")
        if name not in wanted:
            wanted.add(name)
            pending.extend(COMPONENTS[name].needs)
    return tuple(name for name in COMPONENTS if name in wanted)
