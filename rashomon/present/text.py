"""Terminal report of per-article analyses (rich), fit for a 100-column terminal."""

from __future__ import annotations

from collections import Counter

from rich.console import Console, Group, RenderableType
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from rashomon.ingest.names import display_text
from rashomon.types import Analysis

_QUOTE_CHARS = 160


def _clip(text: str, limit: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def render_analysis(analysis: Analysis, console: Console) -> None:
    article = analysis.article
    title = display_text(article.title or article.path or article.id)
    facts = [
        f"outlet: {article.outlet or '-'}",
        f"published: {article.published or '-'}",
        f"language: {analysis.language} ({analysis.language_confidence:.2f})",
        f"sentences: {len(analysis.sentences)}",
        f"id: {article.id}",
    ]
    header = Text.assemble((title, "bold"), "\n", (" · ".join(facts), "dim"))

    people = [e for e in analysis.entities if e.label == "PERSON"]
    others = [e for e in analysis.entities if e.label != "PERSON"]
    entity_line = Text()
    entity_line.append("People: ", "bold")
    entity_line.append(", ".join(f"{e.name} ({len(e.mentions)})" for e in people) or "-")
    entity_line.append("\nOrganisations and places: ", "bold")
    entity_line.append(", ".join(f"{e.name} ({len(e.mentions)})" for e in others[:15]) or "-")

    quotes = Table(title="Quotes", expand=True, show_lines=False, title_justify="left")
    quotes.add_column("kind", width=8, no_wrap=True)
    quotes.add_column("speaker", width=20)
    quotes.add_column("cue", width=10)
    quotes.add_column("words")
    for quote in analysis.quotes:
        quotes.add_row(
            quote.kind,
            Text(quote.speaker or "?"),
            Text(quote.cue.text if quote.cue else ""),
            Text(_clip(quote.text, _QUOTE_CHARS)),
        )

    cited = Table(title="Sources credited", expand=True, title_justify="left")
    cited.add_column("source", width=24)
    cited.add_column("kind", width=10)
    cited.add_column("cue")
    for citation in analysis.citations:
        cited.add_row(Text(citation.source), citation.kind, Text(citation.cue))

    loaded = Counter(w.text.lower() for s in analysis.tone.sentences for w in s.loaded)
    tone = Text()
    tone.append("Tone: ", "bold")
    sentiment = analysis.tone.sentiment
    tone.append(f"sentiment {sentiment:+.2f}" if sentiment is not None else "sentiment n/a")
    tone.append(f" · loaded words per 100: {analysis.tone.loaded_density:.1f}")
    if loaded:
        tone.append("\nLoaded words: ", "bold")
        tone.append(", ".join(f"{w} ×{n}" if n > 1 else w for w, n in loaded.most_common(20)))
    parts: list[RenderableType] = [header, entity_line, quotes]
    if analysis.citations:
        parts.append(cited)
    parts.append(tone)
    console.print(Panel(Group(*parts), expand=True))
