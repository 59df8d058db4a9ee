"""Run the quote stages on a string, as the pipeline does; build analyses without models."""

from __future__ import annotations

from rashomon.analyze.entities import EntityIndex
from rashomon.analyze.language import identify_language
from rashomon.analyze.parsers import parse_text
from rashomon.analyze.quotes import find_quotes
from rashomon.analyze.sentences import split_sentences
from rashomon.types import Analysis, Article, Embeddings, Quote, Tone


def quotes_of(text: str, language: str | None = None) -> tuple[Quote, ...]:
    language = language or identify_language(text)[0]
    sentences = split_sentences(text, language)
    parse = parse_text(text, sentences, language)
    return find_quotes(text, sentences, parse, EntityIndex(text, parse), language)


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
