"""The analysis pipeline: language -> sentences -> parse -> entities -> quotes, citations,
tone -> embeddings. Each step is a function with typed input and output; backends are
chosen per language (parsers) or by name (embedders) through the registries.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

from rashomon.analyze.citations import find_citations
from rashomon.analyze.embeddings import DEFAULT_EMBEDDER, embed_sentences
from rashomon.analyze.entities import EntityIndex
from rashomon.analyze.language import identify_language
from rashomon.analyze.parsers import parse_text
from rashomon.analyze.quotes import find_quotes
from rashomon.analyze.sentences import split_sentences
from rashomon.analyze.tone import score_tone
from rashomon.errors import InputError
from rashomon.types import Analysis, Article


@dataclass(frozen=True, slots=True)
class AnalysisConfig:
    embedder: str | None = DEFAULT_EMBEDDER  # None skips the vectors


def analyze_article(article: Article, config: AnalysisConfig = AnalysisConfig()) -> Analysis:
    """Everything rashomon reads in one article."""
    text = article.text
    language, confidence = identify_language(text, article.language)
    sentences = split_sentences(text, language)
    parse = parse_text(text, sentences, language)
    entities = EntityIndex(text, parse)
    quotes = find_quotes(text, sentences, parse, entities, language)
    citations = find_citations(text, parse, language)
    tone = score_tone(text, sentences, parse, language)
    embeddings = (
        embed_sentences([s.text for s in sentences], config.embedder) if config.embedder else None
    )
    return Analysis(
        article=article,
        language=language,
        language_confidence=confidence,
        sentences=sentences,
        entities=entities.entities(),  # after quotes: speakers add pronoun mentions
        quotes=quotes,
        citations=citations,
        tone=tone,
        embeddings=embeddings,
    )


def _analyze_item(item: tuple[Article | InputError, AnalysisConfig]) -> Analysis | InputError:
    article, config = item
    if isinstance(article, InputError):
        return article
    try:
        return analyze_article(article, config)
    except Exception as error:  # one bad article must not stop a batch
        return InputError(article.path or article.id, f"analysis failed: {error!r}")


def _init_worker(threads: int) -> None:
    os.environ["RASHOMON_THREADS"] = str(threads)


def analyze_many(
    items: Iterable[Article | InputError],
    config: AnalysisConfig = AnalysisConfig(),
    workers: int = 1,
    on_result: Callable[[Analysis | InputError], None] | None = None,
) -> Iterator[Analysis | InputError]:
    """Analyse articles in order, in ``workers`` processes; input errors pass through."""
    pending = ((item, config) for item in items)

    def results() -> Iterator[Analysis | InputError]:
        if workers <= 1:
            yield from map(_analyze_item, pending)
            return
        cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else workers
        context = multiprocessing.get_context("spawn")
        with context.Pool(workers, _init_worker, (max(1, cores // workers),)) as pool:
            yield from pool.imap(_analyze_item, pending, chunksize=2)

    for result in results():
        if on_result is not None:
            on_result(result)
        yield result
