"""Run the quote step on a string through the pipeline; build analyses without models."""

from __future__ import annotations

from rashomon.analyze.pipeline import AnalysisConfig, analyze_article
from rashomon.types import Analysis, Article, Embeddings, Quote, Tone


def quotes_of(text: str, language: str | None = None) -> tuple[Quote, ...]:
    """The quotes the production pipeline finds in ``text``, running its quote step only."""
    article = Article(id="test", text=text, language=language)
    return analyze_article(article, QUOTES_ONLY).quotes


QUOTES_ONLY = AnalysisConfig(embedder=None, components=("quotes",))


def by_words(quotes: tuple[Quote, ...], words: str) -> Quote:
    found = [q for q in quotes if words in q.text]
    assert found, f"no quote with {words!r} in {[q.text for q in quotes]}"
    return found[0]


def bare_analysis(article: Article, embeddings: Embeddings | None = None) -> Analysis:
    """An English analysis of ``article`` that found nothing: for stages that read only the
    article and its vectors (stories, dates), tested without the models."""
    return Analysis(
        article=article,
        language="en",
        language_confidence=1.0,
        sentences=(),
        entities=(),
        quotes=(),
        citations=(),
        tone=Tone(sentences=(), sentiment=None, loaded_density=0.0),
        embeddings=embeddings,
    )
