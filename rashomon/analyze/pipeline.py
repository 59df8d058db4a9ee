"""The analysis pipeline: language -> sentences -> parse -> entities -> the named steps
(``analyze.components``: quotes, citations, tone, embeddings). Each step is a function with
typed input and output; backends are chosen per language (parsers) or by name (embedders)
through the registries; ``AnalysisConfig.components`` says which steps run.
"""

from __future__ import annotations

import itertools
import logging
import multiprocessing
import os
import re
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass

from rashomon.analyze.components import ALL_COMPONENTS, COMPONENTS, Work, resolve_components
from rashomon.analyze.embeddings import DEFAULT_EMBEDDER
from rashomon.analyze.entities import EntityIndex
from rashomon.analyze.furniture import furniture_spans
from rashomon.analyze.language import identify_language
from rashomon.analyze.parse import Parse
from rashomon.analyze.parsers import parse_many, parse_text
from rashomon.analyze.sentences import split_sentences
from rashomon.errors import InputError
from rashomon.types import Analysis, Article, Sentence

_log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class AnalysisConfig:
    embedder: str | None = DEFAULT_EMBEDDER  # None skips the vectors
    # the steps to run (analyze.components), with those they need; every one by default
    components: tuple[str, ...] = ALL_COMPONENTS

    def __post_init__(self) -> None:
        # checked when made, before any article is read or any model loads
        object.__setattr__(self, "components", resolve_components(self.components))


BATCH_SIZE = 8  # articles parsed together: spaCy's per-article cost falls ~10% in a batch

# What one article may cost (docs/analysis-json.md, "Bounds"). An article past any of these
# is not analysed at all: it fails as one input error naming the bound, and the rest of
# the batch goes on. Measured on the 1,828 real articles of /work/shared/data (PolNeAR,
# PTC, BASIL, WikiRef220, the realnews and seed articles): the longest has 57,785
# characters, 11,854 tokens and 522 sentences; a normal article as long as the first bound
# allows is within the other two. The worst articles the bounds admit analyse in under a
# minute and 0.8 GB (the measurements are in the docs).
MAX_ARTICLE_CHARS = 100_000
MAX_ARTICLE_TOKENS = 25_000  # words and punctuation marks, as _TOKEN counts them
MAX_SENTENCES = 2_500  # compare aligns statements pairwise: n * m per pair of articles
# Named-entity mentions the tagger finds: resolving them within the article compares each
# with the entities before it. The most in a real article is 3,410 (WikiRef220
# premier.league.126, a table of results in 51,726 characters); checked after parsing.
MAX_NAMED_MENTIONS = 5_000
_TOKEN = re.compile(r"\w+|[^\w\s]")


class TooLarge(InputError):
    """An article past one of the bounds above; the reason names the bound."""


def analyze_article(article: Article, config: AnalysisConfig = AnalysisConfig()) -> Analysis:
    """Everything rashomon reads in one article (TooLarge past the bounds)."""
    language, confidence, sentences = _prepare(article)
    parse = parse_text(article.text, sentences, language)
    _check(article, len(parse.named), MAX_NAMED_MENTIONS, "named-entity mentions")
    return _finish(article, config, language, confidence, sentences, parse)


def _prepare(article: Article) -> tuple[str, float, tuple[Sentence, ...]]:
    """Language and sentences, after checking the bounds from the cheapest up: no step
    here costs more than linear time in the characters that pass the first bound."""
    text = article.text
    _check(article, len(text), MAX_ARTICLE_CHARS, "characters")
    _check(article, sum(1 for _ in _TOKEN.finditer(text)), MAX_ARTICLE_TOKENS, "tokens")
    language, confidence = identify_language(text, article.language)
    sentences = split_sentences(text, language)
    _check(article, len(sentences), MAX_SENTENCES, "sentences")
    return language, confidence, sentences


def _check(article: Article, count: int, bound: int, what: str) -> None:
    if count > bound:
        raise TooLarge(
            article.path or article.id,
            f"too large to analyse: {count:,} {what}, more than the {bound:,} one article may have",
        )


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
            ready.append((n, *_prepare(article)))
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
            _check(article, len(parse.named), MAX_NAMED_MENTIONS, "named-entity mentions")
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
    work = Work(
        article=article,
        language=language,
        sentences=sentences,
        parse=parse,
        entities=EntityIndex(article.text, parse),
        furniture=furniture_spans(article.text, article.title),
        embedder=config.embedder if "embeddings" in config.components else None,
    )
    for name in config.components:
        COMPONENTS[name].run(work)
    return Analysis(
        article=article,
        language=language,
        language_confidence=confidence,
        sentences=sentences,
        entities=work.entities.entities(),  # after quotes: speakers add pronoun mentions
        quotes=work.quotes,
        citations=work.citations,
        tone=work.tone,
        embeddings=work.embeddings,
    )


def _failure(article: Article, error: Exception) -> InputError:
    if isinstance(error, TooLarge):
        return error
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

    started, analysed, failed = time.perf_counter(), 0, 0
    for batch in results():
        for result in batch:
            if isinstance(result, InputError):
                failed += 1
                _log.warning("%s", result)
            else:
                analysed += 1
            if on_result is not None:
                on_result(result)
            yield result
        _log.debug("batch of %d done", len(batch))
    seconds = time.perf_counter() - started
    _log.info(
        "analysed %d articles (%d inputs failed) in %.1f s, %d worker(s)",
        analysed,
        failed,
        seconds,
        max(1, workers),
    )
