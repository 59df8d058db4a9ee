"""The analysis pipeline: language -> sentences -> parse -> entities -> quotes, citations,
tone -> embeddings. Each step is a function with typed input and output; backends are
chosen per language (parsers) or by name (embedders) through the registries.
"""

from __future__ import annotations

import itertools
import multiprocessing
import os
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass

from rashomon.analyze.citations import find_citations, name_people
from rashomon.analyze.embeddings import DEFAULT_EMBEDDER, embed_sentences
from rashomon.analyze.entities import EntityIndex
from rashomon.analyze.language import identify_language
from rashomon.analyze.parse import Parse
from rashomon.analyze.parsers import parse_many, parse_text
from rashomon.analyze.quotes import find_quotes
from rashomon.analyze.sentences import split_sentences
from rashomon.analyze.tone import score_tone
from rashomon.errors import InputError
from rashomon.types import Analysis, Article, Sentence


@dataclass(frozen=True, slots=True)
class AnalysisConfig:
    embedder: str | None = DEFAULT_EMBEDDER  # None skips the vectors


BATCH_SIZE = 8  # articles parsed together: spaCy's per-article cost falls ~10% in a batch


def analyze_article(article: Article, config: AnalysisConfig = AnalysisConfig()) -> Analysis:
    """Everything rashomon reads in one article."""
    language, confidence = identify_language(article.text, article.language)
    sentences = split_sentences(article.text, language)
    parse = parse_text(article.text, sentences, language)
    return _finish(article, config, language, confidence, sentences, parse)


def analyze_batch(
    articles: Sequence[Article], config: AnalysisConfig = AnalysisConfig()
) -> list[Analysis | InputError]:
    """``analyze_article`` of each article, with the parsing done for all of them at once.

    Each result is the one ``analyze_article`` gives for that article alone (the parser
    keeps articles apart within a batch); an article that fails becomes an InputError.
    """
    results: list[Analysis | InputError | None] = [None] * len(articles)
    ready: list[tuple[int, str, float, tuple[Sentence, ...]]] = []
    for n, article in enumerate(articles):
        try:
            language, confidence = identify_language(article.text, article.language)
            ready.append((n, language, confidence, split_sentences(article.text, language)))
        except Exception as error:  # one bad article must not stop a batch
            results[n] = _failure(article, error)
    try:
        parses: list[Parse | None] = list(
            parse_many([(articles[n].text, sentences, lang) for n, lang, _, sentences in ready])
        )
    except Exception:  # find the article that broke the batch: parse one by one
        parses = [None] * len(ready)
    for (n, language, confidence, sentences), parse in zip(ready, parses, strict=True):
        article = articles[n]
        try:
            if parse is None:
                parse = parse_text(article.text, sentences, language)
            results[n] = _finish(article, config, language, confidence, sentences, parse)
        except Exception as error:
            results[n] = _failure(article, error)
    return [result for result in results if result is not None]


def _finish(
    article: Article,
    config: AnalysisConfig,
    language: str,
    confidence: float,
    sentences: tuple[Sentence, ...],
    parse: Parse,
) -> Analysis:
    """The stages after parsing, which read one article only."""
    text = article.text
    entities = EntityIndex(text, parse)
    quotes = find_quotes(text, sentences, parse, entities, language)
    # after quotes: their speakers tell the genders the pronouns of sources need
    citations = name_people(find_citations(text, parse, language, outlet=article.outlet), entities)
    tone = score_tone(text, sentences, parse, language)
    # Encoded per article, never across articles: a sentence's vector must not depend on
    # which micro-batch of the encoder it shares (and batching across articles gained
    # nothing measurable: the encoder already batches an article's sentences).
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


def _failure(article: Article, error: Exception) -> InputError:
    return InputError(article.path or article.id, f"analysis failed: {error!r}")


_Item = Article | InputError


def _analyze_chunk(chunk: tuple[list[_Item], AnalysisConfig]) -> list[Analysis | InputError]:
    """Analyse the articles of ``chunk`` as one batch; input errors pass through in place."""
    items, config = chunk
    articles = [item for item in items if not isinstance(item, InputError)]
    analysed = iter(analyze_batch(articles, config))
    return [item if isinstance(item, InputError) else next(analysed) for item in items]


def _chunks(
    items: Iterable[_Item], config: AnalysisConfig, size: int
) -> Iterator[tuple[list[_Item], AnalysisConfig]]:
    iterator = iter(items)
    while chunk := list(itertools.islice(iterator, size)):
        yield chunk, config


def _init_worker(threads: int) -> None:
    os.environ["RASHOMON_THREADS"] = str(threads)


def analyze_many(
    items: Iterable[Article | InputError],
    config: AnalysisConfig = AnalysisConfig(),
    workers: int = 1,
    on_result: Callable[[Analysis | InputError], None] | None = None,
    batch_size: int = BATCH_SIZE,
) -> Iterator[Analysis | InputError]:
    """Analyse articles in order, in ``workers`` processes; input errors pass through.

    Articles go to the parser ``batch_size`` at a time (each process's unit of work), so a
    result arrives after its whole batch; ``batch_size=1`` streams article by article.
    """
    chunks = _chunks(items, config, max(1, batch_size))

    def results() -> Iterator[list[Analysis | InputError]]:
        if workers <= 1:
            yield from map(_analyze_chunk, chunks)
            return
        cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else workers
        context = multiprocessing.get_context("spawn")
        # One BLAS thread per core in all: more threads than cores costs ~10x.
        with context.Pool(workers, _init_worker, (max(1, cores // workers),)) as pool:
            yield from pool.imap(_analyze_chunk, chunks)

    for batch in results():
        for result in batch:
            if on_result is not None:
                on_result(result)
            yield result
