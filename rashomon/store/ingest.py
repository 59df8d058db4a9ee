"""Read inputs into the store and analyse what is not analysed yet: idempotent and resumable.

``ingest`` works in two passes. The first reads every input with the ingest readers and
stores each article (one transaction each; an article already stored is left as it is),
reports each unreadable input, and notes the articles with no analysis by the current
analyser. The second analyses those with ``analyze_many`` (in ``workers`` processes) and
stores each analysis as it arrives, in one transaction with its search rows and vectors.

So a run killed at any moment leaves whole articles and whole analyses only, and the next
run over the same inputs stores no article twice and analyses only what is missing: the
articles in flight (at most a parse batch per worker) are analysed again. The same inputs
ingested twice give the same rows and the second run analyses nothing.
"""

from __future__ import annotations

import importlib.metadata
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from rashomon.analyze.pipeline import AnalysisConfig, analyze_many
from rashomon.errors import InputError
from rashomon.ingest import DEFAULT_MAX_BYTES, read_paths
from rashomon.store.codec import CODEC_FORMAT
from rashomon.store.sqlite import Store
from rashomon.types import Analysis, Article

DEFAULT_CONFIG = AnalysisConfig()


def analysis_version(config: AnalysisConfig = DEFAULT_CONFIG) -> str:
    """Names the analyser that made a stored analysis; a stored analysis of another is redone.

    The package version stands for the analysis code (bump it when results change), the
    embedder for the vectors, the codec format for how the result is stored.
    """
    package = importlib.metadata.version("rashomon")
    return f"rashomon {package}; embedder {config.embedder or 'none'}; codec {CODEC_FORMAT}"


ANALYSIS_VERSION = analysis_version()  # of the default configuration


@dataclass(slots=True)
class IngestReport:
    read: int = 0  # articles read from the inputs, repeats included
    added: int = 0  # of those, articles the store did not hold before
    skipped: int = 0  # articles already analysed by this analyser version
    analysed: int = 0  # analyses stored by this run
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
    stored; ``on_start`` with the number of articles about to be analysed (a progress bar's
    total), after every item is stored.
    """
    report = IngestReport()
    version = analysis_version(config)

    def error(found: InputError) -> None:
        report.errors.append(found)
        if on_result is not None:
            on_result(found)

    seen: set[str] = set()
    pending: list[str] = []  # articles to analyse, in the inputs' order, each once
    for item in items:
        if isinstance(item, InputError):
            error(item)
            continue
        report.read += 1
        report.added += store.add_article(item)
        if item.id in seen:
            continue
        seen.add(item.id)
        if store.has_analysis(item.id, version):
            report.skipped += 1
        else:
            pending.append(item.id)

    if on_start is not None:
        on_start(len(pending))
    articles = _stored_articles(store.path, pending)
    for result in analyze_many(articles, config, workers):
        if isinstance(result, InputError):
            error(result)
            continue
        store.put_analysis(result, version=version)
        report.analysed += 1
        if on_result is not None:
            on_result(result)
    return report


def _stored_articles(path: Path, ids: list[str]) -> Iterator[Article]:
    """The articles with ``ids``, as stored, read through a connection of their own.

    With several workers the process pool pulls its input from another thread, and a
    sqlite3 connection serves only the thread that opened it; this one is opened by
    whichever thread first asks for an article.
    """
    with Store.open(path) as store:
        yield from store.articles(ids)
