"""The ``rashomon`` command line.

Exit status (every command): 0 when everything was read and done; 1 when one or more
inputs failed (each reported on stderr in one line, the rest processed); 2 for bad usage.
"""

from __future__ import annotations

import importlib
import importlib.util
import logging
import os
import sys
from contextlib import contextmanager

import click
import orjson
from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)

from rashomon.api import MAX_COMPARE_ARTICLES, read_stream
from rashomon.errors import InputError
from rashomon.types import Article, StoryFilter

# Models ship inside PyPI packages; a library that would look for a hub must not try.
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")

PROGRESS_THRESHOLD = 3  # more inputs than this show a progress bar on stderr


class Reporter:
    """One line per bad input on stderr; remembers whether anything failed."""

    def __init__(self) -> None:
        self.errors: list[InputError] = []
        self.console = Console(stderr=True, highlight=False, soft_wrap=True)

    def error(self, error: InputError) -> None:
        self.errors.append(error)
        self.fail(str(error))

    def fail(self, message: str) -> None:
        """Print one ``rashomon: error:`` line; a file name that is not UTF-8 shows as \\xNN."""
        from rashomon.ingest.names import display_text

        self.console.print(f"rashomon: error: {display_text(message)}", markup=False)

    def exit_code(self) -> int:
        return 1 if self.errors else 0


def progress_bars(console: Console) -> Progress:
    return Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        TimeRemainingColumn(),  # an estimate, from the rate so far
        console=console,
        transient=True,
    )


@contextmanager
def _analysis_progress(reporter: Reporter):
    """A progress bar for an analysis run: ``started(total)`` sizes it, ``done(result)``
    advances it per analysis and reports each InputError."""
    with progress_bars(reporter.console) as progress:
        task = progress.add_task("analysing", total=None, visible=False)

        def started(total: int) -> None:
            progress.update(task, total=total, visible=total > PROGRESS_THRESHOLD)

        def done(result: object) -> None:
            if isinstance(result, InputError):
                reporter.error(result)
            else:
                progress.advance(task)

        yield started, done


def _articles(
    sources: tuple[str, ...],
    max_bytes: int,
    encoding: str | None,
    reporter: Reporter,
    allow_private: bool = False,
    limit: int | None = None,
) -> list[Article]:
    """The articles in files, directories and URLs (fetched as `ingest` fetches them), each
    input that cannot be read reported; reading stops once there are more than ``limit``
    (a feed of summaries costs a fetch per entry, a second apart)."""
    articles: list[Article] = []
    items = read_stream(
        sources, allow_private=allow_private, max_bytes=max_bytes, encoding=encoding, cli=True
    )
    for item in items:
        if isinstance(item, InputError):
            reporter.error(item)
        else:
            articles.append(item)
            if limit is not None and len(articles) > limit:
                break
    return articles


# Command groups that live beside the stage they drive, imported only when named, so that
# `rashomon compare` never pays for Spark's or the registry's imports: name -> module:attr.
LAZY_GROUPS = {
    "outlets": "rashomon.outlets.cli:outlets_group",
    "spark": "rashomon.spark.cli:spark_group",
}


class _LazyGroup(click.Group):
    """A click group whose LAZY_GROUPS are imported when first used."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*super().list_commands(ctx), *LAZY_GROUPS})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name in LAZY_GROUPS:
            module_name, attribute = LAZY_GROUPS[cmd_name].split(":")
            return getattr(importlib.import_module(module_name), attribute)
        return super().get_command(ctx, cmd_name)


@click.group(cls=_LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="rashomon")
@click.option(
    "-v",
    "--verbose",
    count=True,
    help="Log what rashomon does on stderr: -v model loads, stage summaries and timings; "
    "-vv every batch too.",
)
def main(verbose: int) -> None:
    """rashomon: see how different news outlets tell the same story."""
    # Libraries' warnings about one odd input (warcio: "Replacing spaces in invalid
    # WARC-Target-URI") would print beside our one line per bad input; errors still show.
    logging.getLogger("warcio").setLevel(logging.ERROR)
    if verbose:
        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(logging.Formatter("rashomon: %(name)s: %(message)s"))
        package = logging.getLogger("rashomon")
        package.addHandler(handler)
        package.setLevel(logging.DEBUG if verbose > 1 else logging.INFO)


def _allow_private_option(command):
    return click.option(
        "--allow-private",
        is_flag=True,
        help="Fetch URLs on private, loopback and link-local addresses too (refused by default).",
    )(command)


def input_options(command):
    command = click.option(
        "--encoding", default=None, help="Decode text files with this encoding instead of UTF-8."
    )(command)
    from rashomon.ingest import DEFAULT_MAX_BYTES

    command = click.option(
        "--max-bytes",
        type=click.IntRange(min=1),
        default=DEFAULT_MAX_BYTES,
        show_default=True,
        help="Skip (and report) files larger than this.",
    )(command)
    return command


def _workers_option(command):
    return click.option(
        "--workers",
        type=click.IntRange(min=1),
        default=1,
        show_default=True,
        help="Analyse in this many processes.",
    )(command)


def _batch_options(command):
    command = click.option(
        "-o",
        "--output",
        type=click.Path(dir_okay=False, writable=True),
        default=None,
        help="Write to this file instead of standard output.",
    )(command)
    return _workers_option(command)


def _analysed(articles: list[Article], config, workers: int, reporter: Reporter):
    """Analyses in input order, with a progress bar; failures reported and skipped."""
    from rashomon.analyze.pipeline import analyze_many

    with progress_bars(reporter.console) as progress:
        task = progress.add_task(
            "analysing", total=len(articles), visible=len(articles) > PROGRESS_THRESHOLD
        )
        for result in analyze_many(articles, config, workers):
            progress.advance(task)
            if isinstance(result, InputError):
                reporter.error(result)
            else:
                yield result


@main.command()
@click.argument("files", nargs=-1, required=True)
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["text", "json", "jsonl"]),
    default="text",
    show_default=True,
    help="text: a report; json: one document; jsonl: one analysis per line.",
)
@click.option(
    "--vectors/--no-vectors", default=False, help="Include the embedding vectors in JSON output."
)
@click.option(
    "--embedder",
    default="use-m3",
    show_default=True,
    help="Embedding backend: use-m3, e5-small, or none.",
)
@click.option(
    "--components",
    default=None,
    metavar="LIST",
    help="Run only these analysis steps, comma-separated, with those they need: quotes, "
    "citations, tone, embeddings (default: all).",
)
@_batch_options
@_allow_private_option
@input_options
def analyze(
    files: tuple[str, ...],
    output_format: str,
    vectors: bool,
    embedder: str,
    components: str | None,
    workers: int,
    output: str | None,
    allow_private: bool,
    encoding: str | None,
    max_bytes: int,
) -> None:
    """Analyse each article: language, entities, quotes and speakers, citations, tone.

    FILES are text, HTML, JSON or JSONL files, directories of them, or http(s) URLs of
    pages and feeds, fetched as `rashomon ingest` fetches them.
    """
    from rashomon.analyze.pipeline import AnalysisConfig
    from rashomon.present.json import ANALYSIS_SCHEMA, analysis_to_dict, error_to_dict

    steps = {} if components is None else {"components": tuple(components.split(","))}
    try:  # checked before any input is read or any model loads
        config = AnalysisConfig(embedder=None if embedder == "none" else embedder, **steps)
    except ValueError as error:
        raise click.BadParameter(str(error), param_hint="--components") from None
    reporter = Reporter()
    articles = _articles(files, max_bytes, encoding, reporter, allow_private)
    stream = open(output, "w", encoding="utf-8") if output else sys.stdout  # noqa: SIM115
    console = Console(file=stream, width=100 if output else None, highlight=False)
    analyses: list[dict] = []
    try:
        for result in _analysed(articles, config, workers, reporter):
            if output_format == "text":
                from rashomon.present.text import render_analysis

                render_analysis(result, console)
            elif output_format == "jsonl":
                stream.write(orjson.dumps(analysis_to_dict(result, vectors=vectors)).decode())
                stream.write("\n")
            else:
                analyses.append(analysis_to_dict(result, vectors=vectors))
        if output_format == "json":
            errors = [error_to_dict(e) for e in reporter.errors]
            stream.write(
                orjson.dumps(
                    {"schema": ANALYSIS_SCHEMA, "analyses": analyses, "errors": errors},
                    option=orjson.OPT_INDENT_2,
                ).decode()
                + "\n"
            )
    finally:
        if output:
            stream.close()
    sys.exit(reporter.exit_code())


@main.command()
@click.argument("files", nargs=-1, required=True)
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["text", "json", "html"]),
    default="text",
    show_default=True,
    help="text: a terminal report; json: one document; html: one self-contained page.",
)
@_batch_options
@_allow_private_option
@input_options
def compare(
    files: tuple[str, ...],
    output_format: str,
    workers: int,
    output: str | None,
    allow_private: bool,
    encoding: str | None,
    max_bytes: int,
) -> None:
    """Line up two or more articles of one story: facts each carries or omits, each quote
    as every outlet words it, who is quoted and credited, tone, and who published first.

    FILES are text, HTML, JSON or JSONL files, directories of them, or http(s) URLs of
    pages and feeds, fetched as `rashomon ingest` fetches them. At most 40 articles: for
    more, use `rashomon ingest`, then `rashomon stories` and `rashomon story ID`.
    """
    reporter = Reporter()
    articles = _articles(
        files, max_bytes, encoding, reporter, allow_private, limit=MAX_COMPARE_ARTICLES
    )
    # Checked before any model loads (that takes seconds): a usage error answers at once.
    _check_compare_count(len(articles), reporter)
    from rashomon.analyze.pipeline import AnalysisConfig
    from rashomon.api import compare_analyses

    analyses = list(_analysed(articles, AnalysisConfig(), workers, reporter))
    _check_compare_count(len(analyses), reporter)  # some may have failed analysis
    _write_comparison(compare_analyses(analyses), output_format, output)
    sys.exit(reporter.exit_code())


def _check_compare_count(count: int, reporter: Reporter) -> None:
    """Exit with one line unless there are 2 to ``MAX_COMPARE_ARTICLES`` articles: status 2
    for bad usage, 1 when inputs failed (those were reported already)."""
    if count < 2:
        reporter.fail(f"compare needs at least two readable articles, got {count}")
        sys.exit(1 if reporter.errors else 2)
    if count > MAX_COMPARE_ARTICLES:
        reporter.fail(
            f"compare lines up at most {MAX_COMPARE_ARTICLES} articles and these inputs hold "
            "more: for a corpus, store them with `rashomon ingest`, list their stories with "
            "`rashomon stories` and compare one with `rashomon story ID`"
        )
        sys.exit(2)


def _story_json(record: dict) -> dict:
    """A stored story's record as docs/stories-json.md defines it."""
    from rashomon.present.schema import dump
    from rashomon.present.schema.stories import StoryRecord

    return dump(StoryRecord.model_validate(record))


def _write_comparison(
    comparison, output_format: str, output: str | None, story: dict | None = None
) -> None:
    """Write a comparison as text, JSON or HTML to ``output`` (standard output if None).

    ``story`` (the stored story's listing, articles and copies) is printed before a text
    report and becomes the ``story`` member of the JSON document.
    """
    stream = open(output, "w", encoding="utf-8") if output else sys.stdout  # noqa: SIM115
    try:
        if output_format == "json":
            from rashomon.present.compare_json import comparison_to_dict

            document = comparison_to_dict(comparison)
            if story is not None:
                document = {"story": _story_json(story), **document}
            stream.write(orjson.dumps(document, option=orjson.OPT_INDENT_2).decode() + "\n")
        elif output_format == "html":
            from rashomon.present.compare_html import render_comparison_html

            stream.write(render_comparison_html(comparison))
        else:
            from rashomon.present.compare_text import render_comparison

            # a terminal sets its own width; a file or pipe gets the 100 columns it is made for
            width = None if stream.isatty() else 100
            console = Console(file=stream, width=width, highlight=False)
            if story is not None:
                from rashomon.present.stories import render_story_header

                render_story_header(story, console)
            render_comparison(comparison, console)
    finally:
        if output:
            stream.close()


@main.command()
@click.argument("paths", nargs=-1, required=True)
@click.option(
    "--db",
    type=click.Path(dir_okay=False),
    default=None,
    help="The SQLite store (default: $RASHOMON_DB, else the user data directory; see docs).",
)
@click.option(
    "--no-cluster",
    is_flag=True,
    help="Store and analyse only; group into stories later with `rashomon cluster`.",
)
@_allow_private_option
@_workers_option
@input_options
def ingest(
    paths: tuple[str, ...],
    db: str | None,
    no_cluster: bool,
    allow_private: bool,
    workers: int,
    encoding: str | None,
    max_bytes: int,
) -> None:
    """Store articles and their analyses, then group them into stories; run it again to add
    more or to finish a run that was stopped (nothing is stored twice, nothing redone).

    PATHS are text, HTML, JSON, JSONL, WARC (.warc, .warc.gz) or RSS/Atom files, directories
    of them, or http(s) URLs of pages and feeds, fetched politely (robots.txt, one request
    per second per host, size and time limits; docs/ingest-sources.md).
    """
    from rashomon.ingest.fetch import Fetcher
    from rashomon.ingest.sources import read_sources
    from rashomon.store.ingest import ingest_items

    reporter = Reporter()
    store = open_store(db, reporter)
    path = str(store.path)
    with store:
        with _analysis_progress(reporter) as (started, done):
            fetcher = Fetcher(allow_private=allow_private, max_bytes=max_bytes)
            items = read_sources(paths, max_bytes=max_bytes, encoding=encoding, fetcher=fetcher)
            report = ingest_items(items, store, workers=workers, on_result=done, on_start=started)
        reporter.console.print(
            f"{path}: {report.added} new of {report.read} articles read, {report.analysed} "
            f"analysed, {report.reused} reused (same text stored), {len(report.errors)} failed",
            markup=False,
        )
        if not no_cluster:
            cluster_with_progress(store, rebuild=False, console=reporter.console)
    sys.exit(reporter.exit_code())


def open_store(db: str | None, reporter: Reporter):
    from rashomon.store import Store, StoreError, default_db_path

    path = db or str(default_db_path())
    try:
        return Store.open(path)
    except StoreError as error:
        reporter.fail(str(error))
        sys.exit(2)


def cluster_with_progress(store, *, rebuild: bool, console: Console) -> None:
    """Assign the store's unassigned articles to stories with a progress bar, and say what
    changed in one line (rashomon ingest, cluster and spark load)."""
    from rashomon.link.corpus import cluster_store

    with progress_bars(console) as progress:
        task = progress.add_task("stories", total=None, visible=False)

        def started(total: int) -> None:
            progress.update(task, total=total, visible=total > PROGRESS_THRESHOLD)

        report = cluster_store(
            store,
            rebuild=rebuild,
            on_start=started,
            on_progress=lambda n: progress.advance(task, n),
        )
    console.print(
        f"{store.path}: {report.assigned} articles assigned, {report.new_stories} new stories, "
        f"{report.merges} merged, {report.copy_groups} copy and translation groups",
        markup=False,
    )


def _db_option(command):
    return click.option(
        "--db",
        type=click.Path(dir_okay=False),
        default=None,
        help="The SQLite store (default: $RASHOMON_DB, else the user data directory).",
    )(command)


@main.command()
@_db_option
@click.option("--rebuild", is_flag=True, help="Forget every story and cluster the whole store.")
def cluster(db: str | None, rebuild: bool) -> None:
    """Group the stored articles that have no story yet into stories (and find copies).

    `rashomon ingest` does this after analysing; run it yourself after `ingest --no-cluster`,
    or with --rebuild after a new rashomon changed the story model.
    """
    reporter = Reporter()
    with open_store(db, reporter) as store:
        cluster_with_progress(store, rebuild=rebuild, console=reporter.console)


@main.command()
@_db_option
@click.option("--since", help="Stories last seen at or after this date (ISO 8601).")
@click.option("--outlet", help="Stories with an article from this outlet.")
@click.option("--lang", "language", help="Stories with an article in this language (ISO 639-1).")
@click.option(
    "--query", help="Stories whose articles contain all these words, or whose label does."
)
@click.option("--entity", help="Stories naming this person, organisation or place.")
@click.option("--speaker", help="Stories quoting someone of this name.")
@click.option(
    "--order",
    type=click.Choice(["last_seen", "size"]),
    default="last_seen",
    show_default=True,
    help="Newest or biggest first.",
)
@click.option("--limit", type=click.IntRange(min=1), default=30, show_default=True)
@click.option("--offset", type=click.IntRange(min=0), default=0)
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
)
def stories(
    db: str | None,
    order: str,
    limit: int,
    offset: int,
    output_format: str,
    **filters: str | None,
) -> None:
    """List stories with their size, outlets, languages, and first and last seen.

    --entity and --speaker match the words of a name in order, in any case ("orlov" finds
    Viktor Orlov).
    """
    from rashomon.present.stories import render_story_list

    try:  # the filter options are named as StoryFilter's fields
        where = StoryFilter(**filters)
    except ValueError as error:
        raise click.BadParameter(str(error), param_hint="--since") from None
    reporter = Reporter()
    with open_store(db, reporter) as store:
        found, total = store.stories_and_total(where, order=order, limit=limit, offset=offset)
    if output_format == "json":
        from rashomon.present.schema import dump
        from rashomon.present.schema.stories import StoryListing

        click.echo(orjson.dumps(dump(StoryListing(total=total, stories=found))).decode())
        return
    render_story_list(found, total, Console(highlight=False))


@main.command()
@click.argument("story_id", type=int)
@_db_option
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["text", "json", "html"]),
    default="text",
    show_default=True,
    help="text: a terminal report; json: one document; html: one self-contained page.",
)
@click.option("-o", "--output", type=click.Path(dir_okay=False, writable=True), default=None)
def story(story_id: int, db: str | None, output_format: str, output: str | None) -> None:
    """Show one story: its articles and copies, and the side-by-side comparison of its
    outlets (facts x outlets, quotes across outlets, who credits whom, the timeline)."""
    from rashomon.api import story_comparison

    reporter = Reporter()
    with open_store(db, reporter) as store:
        found = story_comparison(store, story_id)
    if found is None:
        reporter.console.print(f"rashomon: error: no story {story_id}", markup=False)
        sys.exit(1)
    record, comparison = found
    if comparison is None:
        # One article (or one text under several names) is a story with nothing to line up.
        from rashomon.present.stories import render_story_header

        if output_format == "json":
            click.echo(orjson.dumps({"story": _story_json(record)}).decode())
        else:
            render_story_header(record, Console(highlight=False))
        return
    _write_comparison(comparison, output_format, output, story=record)


@main.command(name="export")
@click.argument("what", type=click.Choice(["articles", "quotes", "stories"]))
@_db_option
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["jsonl", "csv", "parquet"]),
    default="jsonl",
    show_default=True,
)
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, writable=True),
    default=None,
    help="The file to write (required for parquet; else standard output).",
)
def export_command(what: str, db: str | None, output_format: str, output: str | None) -> None:
    """Export the store's articles, quotes or stories as JSON Lines, CSV or Parquet."""
    from rashomon.present.export import export

    reporter = Reporter()
    if output_format == "parquet" and output is None:
        reporter.console.print("rashomon: error: parquet needs -o FILE", markup=False)
        sys.exit(2)
    with open_store(db, reporter) as store:
        count = export(store, what, output_format, output or sys.stdout)
    reporter.console.print(f"{count} {what} exported", markup=False)


@main.command()
@_db_option
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", type=click.IntRange(1, 65535), default=8000, show_default=True)
@click.option("--allow-ingest", is_flag=True, help="Accept new articles through POST /api/ingest.")
@click.option(
    "--allow-fetch", is_flag=True, help="Let the compare page fetch URLs (public addresses)."
)
@click.option(
    "--allow-private",
    is_flag=True,
    help="Let fetching reach private, loopback and link-local addresses too.",
)
@click.option(
    "--workers",
    type=click.IntRange(1, 64),
    default=1,
    show_default=True,
    help="Server processes (up to one per core); one with --allow-ingest.",
)
def serve(
    db: str | None,
    host: str,
    port: int,
    workers: int,
    allow_ingest: bool,
    allow_fetch: bool,
    allow_private: bool,
) -> None:
    """Browse stories in a web browser and query them over a JSON API (docs/web.md).

    Read-only unless --allow-ingest; everything is served from this machine.
    """
    from rashomon.store import default_db_path
    from rashomon.web.app import serve as serve_app

    reporter = Reporter()
    if workers > 1 and allow_ingest:
        reporter.console.print("rashomon: error: --allow-ingest needs --workers 1", markup=False)
        sys.exit(2)
    path = db or str(default_db_path())
    open_store(path, reporter).close()  # a bad or newer file fails here, in one line
    serve_app(
        path,
        host,
        port,
        workers=workers,
        allow_ingest=allow_ingest,
        allow_fetch=allow_fetch,
        allow_private=allow_private,
    )


@main.group(name="eval")
def eval_group() -> None:
    """Measure rashomon's accuracy on public evaluation sets."""


def _data_dir_option(help_text: str):
    return click.option(
        "--data",
        "data_dir",
        required=True,
        type=click.Path(exists=True, file_okay=False),
        help=help_text,
    )


def _report_console() -> Console:
    # a terminal sets its own width; a file or pipe gets the 100 columns reports are made for
    return Console(highlight=False, width=None if sys.stdout.isatty() else 100)


def _eval_format_option(command):
    return click.option(
        "--format",
        "output_format",
        type=click.Choice(["text", "json"]),
        default="text",
        show_default=True,
        help="json: one JSON object, printed last.",
    )(command)


def _pairs_file_option(command):
    return click.option(
        "--data",
        "data_file",
        required=True,
        type=click.Path(exists=True, dir_okay=False),
        help="The sentence-pair file to score.",
    )(command)


def _run_pair_eval(run, render, data_file: str, output_format: str) -> None:
    """Apply the shipped similarity model to a pair file (it never fits on it)."""
    try:
        report = run(data_file)
    except (OSError, ValueError) as error:
        click.echo(f"rashomon: error: {data_file}: {error}", err=True)
        sys.exit(1)
    if output_format == "json":
        click.echo(orjson.dumps(report).decode())
    else:
        render(report, Console(highlight=False))


@eval_group.command(name="paraphrase")
@_pairs_file_option
@_eval_format_option
def eval_paraphrase(data_file: str, output_format: str) -> None:
    """Paraphrase accuracy and F1 on an MSRP-format file, next to the plain cosine."""
    from rashomon.eval.paraphrase import run_paraphrase_eval
    from rashomon.present.evaluation import render_paraphrase_eval

    _run_pair_eval(run_paraphrase_eval, render_paraphrase_eval, data_file, output_format)


@eval_group.command(name="sts")
@_pairs_file_option
@_eval_format_option
def eval_sts(data_file: str, output_format: str) -> None:
    """Graded-similarity Pearson and Spearman on an STS-B-format file, next to the cosine."""
    from rashomon.eval.paraphrase import run_sts_eval
    from rashomon.present.evaluation import render_sts_eval

    _run_pair_eval(run_sts_eval, render_sts_eval, data_file, output_format)


@eval_group.command(name="compare")
@_data_dir_option("A folder with gold/<event>.json and articles/<event>/ (as examples/).")
@_eval_format_option
def eval_compare(data_dir: str, output_format: str) -> None:
    """Facts, omissions, quotes, citations, loaded words and conflicts of each event against
    hand-written gold, strictly (docs/evaluation.md)."""
    from rashomon.eval.compare_gold import run_compare_eval

    try:
        report = run_compare_eval(data_dir)
    except (OSError, ValueError, KeyError) as error:
        click.echo(f"rashomon: error: {data_dir}: {error!s}", err=True)
        sys.exit(1)
    if output_format == "json":
        click.echo(orjson.dumps(report).decode())
        return
    from rashomon.present.evaluation import render_compare_eval

    render_compare_eval(report, _report_console())


@eval_group.command(name="loaded")
@click.option(
    "--data",
    "data_path",
    required=True,
    type=click.Path(exists=True),
    help="A BABE folder (data/final_labels_SG1.csv inside) or a BABE label file.",
)
@click.option(
    "--half",
    type=click.Choice(["held-out", "fit", "all"]),
    default="held-out",
    show_default=True,
    help="Which half of the file: held-out (odd rows), fit (even rows: what the lexicon's "
    "re-filing was fitted on) or all.",
)
@_eval_format_option
def eval_loaded(data_path: str, half: str, output_format: str) -> None:
    """Loaded words against BABE's expert word-level bias labels (docs/evaluation.md)."""
    from rashomon.eval.loaded import run_loaded_eval, summary_lines

    try:
        report = run_loaded_eval(data_path, half)
    except (OSError, ValueError) as error:
        click.echo(f"rashomon: error: {data_path}: {error}", err=True)
        sys.exit(1)
    if output_format == "json":
        click.echo(orjson.dumps(report).decode())
        return
    for line in summary_lines(report):
        click.echo(line)


@eval_group.command(name="stories")
@_data_dir_option("An ECB+, BASIL, MEANTIME or WikiRef220 folder, or a folder of such folders.")
@click.option(
    "--cache",
    type=click.Path(dir_okay=False),
    default=None,
    help="The store that keeps the sets' analyses (default: one per folder in the user cache).",
)
@_workers_option
@_eval_format_option
def eval_stories(data_dir: str, cache: str | None, workers: int, output_format: str) -> None:
    """Story clustering against gold stories: B-cubed and pairwise P/R/F1, with baselines."""
    if importlib.util.find_spec("sklearn") is None:  # checked before any model loads
        raise click.UsageError(
            "rashomon eval stories needs scikit-learn for its baselines: "
            "pip install 'rashomon[eval]'"
        )
    from rashomon.eval.stories import run_story_eval
    from rashomon.present.evaluation import render_story_eval

    reporter = Reporter()
    with _analysis_progress(reporter) as (started, done):
        try:
            report = run_story_eval(
                data_dir, cache=cache, workers=workers, on_start=started, on_result=done
            )
        except (OSError, ValueError) as error:
            reporter.console.print(f"rashomon: error: {data_dir}: {error!s}", markup=False)
            sys.exit(1)
    if output_format == "json":
        click.echo(orjson.dumps(report).decode())
        return
    render_story_eval(report, _report_console())


@eval_group.command(name="quotes")
@_data_dir_option("A folder holding PolNeAR-format articles (any of train/dev/test).")
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
)
@click.option(
    "--baseline/--no-baseline",
    default=True,
    show_default=True,
    help="Also score textacy's direct_quotations on the same articles.",
)
def eval_quotes(data_dir: str, output_format: str, baseline: bool) -> None:
    """Direct-quote and speaker-attribution precision, recall and F1 on PolNeAR."""
    from rashomon.eval.quote_eval import rashomon_predictor
    from rashomon.eval.quotes import run_quote_eval

    report = run_quote_eval(data_dir, rashomon_predictor(), with_baseline=baseline)
    if output_format == "json":
        click.echo(orjson.dumps(report).decode())
        return
    console = Console(highlight=False)
    from rashomon.present.evaluation import render_quote_eval

    render_quote_eval(report, console)


if __name__ == "__main__":
    main()
