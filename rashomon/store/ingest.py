"""Read inputs into the store and analyse what is not analysed yet: idempotent and resumable.

``ingest`` works in two passes. The first reads every input with the ingest readers and
stores each article (one transaction each; an article already stored is left as it is),
reports each unreadable input, and notes the articles with no analysis by the current
analyser. The second analyses those with ``analyze_many`` (in ``workers`` processes) and
stores each analysis as it arrives, in one transaction with its search rows and vectors.

An article whose analysis inputs (text, declared language, outlet, title) equal those of
an analysed one, a verbatim copy at another url, takes that analysis instead of being
analysed: the analysis is a pure function of those inputs. A copy of an article analysed in
the same run is stored right after that article's analysis.

So a run killed at any moment leaves whole articles and whole analyses only, and the next
run over the same inputs stores no article twice and analyses only what is missing: the
articles in flight (at most a parse batch per worker) are analysed again. The same inputs
ingested twice give the same rows and the second run analyses nothing.
"""

from __future__ import annotations

import dataclasses
import importlib.metadata
import logging
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from rashomon.analyze.components import ALL_COMPONENTS
from rashomon.analyze.pipeline import AnalysisConfig, analyze_many
from rashomon.errors import InputError
from rashomon.ingest import DEFAULT_MAX_BYTES, read_paths
from rashomon.store.codec import CODEC_FORMAT
from rashomon.store.schema import text_hash
from rashomon.store.sqlite import Store
from rashomon.types import Analysis, Article

_log = logging.getLogger(__name__)

DEFAULT_CONFIG = AnalysisConfig()


def analysis_version(config: AnalysisConfig = DEFAULT_CONFIG) -> str:
    """Names the analyser that made a stored analysis; a stored analysis of another is redone.

    The package version stands for the analysis code (bump it when results change), the
    embedder for the vectors, the codec format for how the result is stored, and the
    steps run when not every one (a partial analysis is not the full one).
    """
    package = importlib.metadata.version("rashomon")
    steps = "" if config.components == ALL_COMPONENTS else f"; only {'+'.join(config.components)}"
    return f"rashomon {package}; embedder {config.embedder or 'none'}; codec {CODEC_FORMAT}{steps}"


ANALYSIS_VERSION = analysis_version()  # of the default configuration


@dataclass(slots=True)
class IngestReport:
    read: int = 0  # articles read from the inputs, repeats included
    added: int = 0  # of those, articles the store did not hold before
    skipped: int = 0  # articles already analysed by this analyser version
    analysed: int = 0  # analyses made and stored by this run
    reused: int = 0  # analyses stored by this run for verbatim copies, without analysing
    errors: list[InputError] = field(default_factory=list)  # unreadable inputs, failed analyses

    @property
    def ok(self) -> bool:
        return not self.errors


def ingest(
    paths: Sequence[str],
    store: Store,
    *,
    workers: int = 1,
    config: AnalysisConfig = DEFAULT_CONFIG,
    on_result: Callable[[Analysis | InputError], None] | None = None,
    on_start: Callable[[int], None] | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    encoding: str | None = None,
) -> IngestReport:
    """Store the articles under ``paths`` and their analyses; never raises for bad input.

    ``max_bytes`` and ``encoding`` are the readers'; the rest is ``ingest_items``'.
    """
    items = read_paths(paths, max_bytes=max_bytes, encoding=encoding)
    return ingest_items(
        items, store, workers=workers, config=config, on_result=on_result, on_start=on_start
    )


def ingest_items(
    items: Iterable[Article | InputError],
    store: Store,
    *,
    workers: int = 1,
    config: AnalysisConfig = DEFAULT_CONFIG,
    on_result: Callable[[Analysis | InputError], None] | None = None,
    on_start: Callable[[int], None] | None = None,
) -> IngestReport:
    """Store ``items`` (articles, and the errors of inputs a reader could not read) and analyse.

    ``on_result`` is called with each InputError as it is found and each Analysis once it is
    stored (a reused one too); ``on_start`` with the number of articles about to get an
    analysis, analysed or reused (a progress bar's total), after every item is stored.

    A verbatim copy (an article whose text, declared language, outlet and title equal those
    of another, at another url or path) is not analysed again: it gets the other's analysis,
    which is exactly what analysing it would give (``Store.analysis_source``).
    """
    report = IngestReport()
    started = time.perf_counter()
    version = analysis_version(config)

    def error(found: InputError) -> None:
        report.errors.append(found)
        if on_result is not None:
            on_result(found)

    seen: set[str] = set()
    pending: list[str] = []  # articles to analyse, in the inputs' order, each once
    # Verbatim copies (see ``_reuse_key``): an article whose analysis inputs equal a stored
    # analysed article's takes that analysis; one equal to a pending article's waits for it.
    leaders: dict[tuple[str | None, ...], str] = {}  # reuse key -> the pending article
    followers: dict[str, list[str]] = {}  # pending article -> its copies in this run
    stored_copies: list[tuple[str, str]] = []  # (article, stored article with its analysis)
    for item in items:
        if isinstance(item, InputError):
            error(item)
            continue
        report.read += 1
        added = store.add_article(item)
        report.added += added
        if item.id in seen:
            continue
        seen.add(item.id)
        if store.has_analysis(item.id, version):
            report.skipped += 1
            continue
        # The analysis is of the article as stored: the first read's metadata is kept.
        article = item if added else store.get_article(item.id)
        if article is None:  # deleted meanwhile by another process: nothing to analyse
            continue
        key = _reuse_key(article)
        if key in leaders:
            followers.setdefault(leaders[key], []).append(article.id)
        elif (source := store.analysis_source(article, version)) is not None:
            stored_copies.append((article.id, source))
        else:
            leaders[key] = article.id
            pending.append(article.id)
    del leaders

    if on_start is not None:
        on_start(len(pending) + len(stored_copies) + sum(map(len, followers.values())))

    def stored(result: Analysis, reused: bool) -> None:
        store.put_analysis(result, version=version)
        if reused:
            report.reused += 1
        else:
            report.analysed += 1
        if on_result is not None:
            on_result(result)

    retry: list[str] = []  # copies whose analysis could not be reused: analysed on their own
    for copy_id, source_id in stored_copies:
        reused = _reused(store, store.get_analysis(source_id), copy_id)
        if reused is None:
            retry.append(copy_id)
        else:
            stored(reused, True)
    articles = _stored_articles(store.path, pending)
    for result in analyze_many(articles, config, workers):
        if isinstance(result, InputError):
            error(result)
            continue
        stored(result, False)
        for copy_id in followers.pop(result.article.id, []):
            reused = _reused(store, result, copy_id)
            if reused is None:
                retry.append(copy_id)
            else:
                stored(reused, True)
    # The copies of articles whose analysis failed get an attempt of their own, as they
    # would without reuse: a failure is reported for each article it happens to.
    for copies in followers.values():
        retry.extend(copies)
    if retry:
        for result in analyze_many(_stored_articles(store.path, retry), config, workers):
            if isinstance(result, InputError):
                error(result)
            else:
                stored(result, False)
    _log.info(
        "ingest: %d read, %d new, %d skipped, %d analysed, %d reused, %d errors in %.1f s",
        report.read,
        report.added,
        report.skipped,
        report.analysed,
        report.reused,
        len(report.errors),
        time.perf_counter() - started,
    )
    return report


def _reuse_key(article: Article) -> tuple[str | None, ...]:
    """What the analysis of ``article`` reads (``analyze_article``): its text, declared
    language, title (page furniture) and outlet (its credits to itself). Articles with equal
    keys have equal analyses, offsets included; the text stands in as its hash (the texts
    are compared before an analysis is reused)."""
    return (text_hash(article.text), article.language, article.outlet, article.title)


def _reused(store: Store, source: Analysis | None, article_id: str) -> Analysis | None:
    """``source`` (the analysis of another article) as the analysis of the stored article
    ``article_id``, when it is exactly what analysing that article would give; else None."""
    article = store.get_article(article_id)
    if source is None or article is None or _reuse_key(article) != _reuse_key(source.article):
        return None
    if article.text != source.article.text:  # a hash collision: never seen, never trusted
        return None
    return dataclasses.replace(source, article=article)


def _stored_articles(path: Path, ids: list[str]) -> Iterator[Article]:
    """The articles with ``ids``, as stored, read through a connection of their own.

    With several workers the process pool pulls its input from another thread, and a
    sqlite3 connection serves only the thread that opened it; this one is opened by
    whichever thread first asks for an article.
    """
    with Store.open(path) as store:
        yield from store.articles(ids)
