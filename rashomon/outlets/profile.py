"""One outlet seen whole: what the registry says, what it covers and leaves out compared
with its peers, whom it credits, whom it quotes and its own loaded words."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from rashomon.compare.tone import NOT_COLOURING, quoted_spans
from rashomon.outlets.coverage import OutletGaps, outlet_gaps
from rashomon.outlets.registry import Registry
from rashomon.outlets.voices import Voices, voices
from rashomon.store.sqlite import CoverageRow, OutletRecord, Store
from rashomon.types import Analysis

# The newest articles of an outlet whose analyses are read for its credits, voices and
# loaded words: enough for a profile, bounded so a page never decodes thousands.
PROFILE_ARTICLES = 200
SHOWN = 25  # credits and loaded words listed


@dataclass(frozen=True, slots=True)
class OutletProfile:
    name: str
    record: OutletRecord | None  # None: not in the registry
    articles: tuple[CoverageRow, ...]  # newest first
    read: int  # articles whose analyses were read (at most PROFILE_ARTICLES)
    languages: tuple[tuple[str, int], ...]
    gaps: OutletGaps
    credits: tuple[tuple[str, str, int], ...]  # (source, kind, articles crediting it)
    loaded: tuple[tuple[str, int], ...]  # own loaded words (outside quotations), most used first
    voices: Voices


def own_loaded_words(analysis: Analysis) -> list[str]:
    """The loaded words of the article in its own voice: outside quotations, and of the
    categories the comparison counts as colouring (``compare.tone``)."""
    quoted = quoted_spans(analysis)
    return [
        w.text.casefold()
        for sentence in analysis.tone.sentences
        for w in sentence.loaded
        if w.category not in NOT_COLOURING
        and not any(s <= w.start and w.end <= e for s, e in quoted)
    ]


def outlet_profile(store: Store, registry: Registry, name: str) -> OutletProfile | None:
    """The outlet called ``name`` (a registered name, alias or domain, or an outlet as the
    articles name it); None when neither the registry nor any article knows it."""
    record = registry.named(name)
    wanted = record.name if record else name
    rows = [r for r in store.coverage_rows() if registry.group("outlet", r) == wanted]
    if record is None and not rows:
        return None
    rows.sort(key=lambda r: (r.published is not None, r.published or ""), reverse=True)
    analyses = [a for r in rows[:PROFILE_ARTICLES] if (a := store.get_analysis(r.id))]
    loaded: Counter[str] = Counter()
    for analysis in analyses:
        loaded.update(own_loaded_words(analysis))
    languages = Counter(r.language or "unknown" for r in rows)
    return OutletProfile(
        name=wanted,
        record=record,
        articles=tuple(rows),
        read=len(analyses),
        languages=tuple(languages.most_common()),
        gaps=outlet_gaps(store, registry, wanted),
        credits=tuple(store.citations_by([a.article.id for a in analyses])[:SHOWN]),
        loaded=tuple(loaded.most_common(SHOWN)),
        voices=voices(analyses),
    )
