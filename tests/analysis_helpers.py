"""Run the quote stages on a string, as the pipeline does."""

from __future__ import annotations

from rashomon.analyze.entities import EntityIndex
from rashomon.analyze.language import identify_language
from rashomon.analyze.parsers import parse_text
from rashomon.analyze.quotes import find_quotes
from rashomon.analyze.sentences import split_sentences
from rashomon.types import Quote


def quotes_of(text: str, language: str | None = None) -> tuple[Quote, ...]:
    language = language or identify_language(text)[0]
    sentences = split_sentences(text, language)
    parse = parse_text(text, sentences, language)
    return find_quotes(text, sentences, parse, EntityIndex(text, parse), language)


def by_words(quotes: tuple[Quote, ...], words: str) -> Quote:
    found = [q for q in quotes if words in q.text]
    assert found, f"no quote with {words!r} in {[q.text for q in quotes]}"
    return found[0]
