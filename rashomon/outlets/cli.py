"""``rashomon outlets``: the outlet registry and coverage from the command line
(docs/outlets.md)."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import click
import orjson
from rich.console import Console
from rich.table import Table
from rich.text import Text

from rashomon.cli import Reporter
from rashomon.errors import InputError
from rashomon.outlets import coverage as cov
from rashomon.outlets.registry import (
    Edit,
    Registry,
    add_examples,
    default_dimension,
    edit_outlet,
    import_table,
    record_to_dict,
    remove_outlet,
)
from rashomon.store.sqlite import Store


@contextmanager
def _store(db: str | None, reporter: Reporter) -> Iterator[Store]:
    from rashomon.store import StoreError, default_db_path

    try:
        store = Store.open(db or default_db_path())
    except StoreError as error:
        reporter.fail(str(error))
        sys.exit(2)
    with store:
        yield store


def _db(command: Any) -> Any:
    return click.option(
        "--db",
        type=click.Path(dir_okay=False),
        default=None,
        help="The SQLite store (default: $RASHOMON_DB, else the user data directory).",
    )(command)


def _format(*choices: str) -> Any:
    return click.option(
        "--format",
        "output_format",
        type=click.Choice(list(choices)),
        default=choices[0],
        show_default=True,
    )


def _echo_json(document: Any) -> None:
    click.echo(orjson.dumps(document, option=orjson.OPT_INDENT_2).decode())


def _pairs(values: tuple[str, ...], option: str) -> dict[str, str]:
    found = {}
    for value in values:
        key, sep, rest = value.partition("=")
        if not sep or not key.strip():
            raise click.BadParameter(f"{value!r}: write RATING=VALUE", param_hint=option)
        found[key.strip().casefold()] = rest.strip()
    return found


@click.group(name="outlets")
def outlets_group() -> None:
    """The outlet registry (names, domains, country, owner, your ratings) and coverage:
    who tells a story, who leaves it out, how attention moves."""


@outlets_group.command(name="import")
@click.argument("table", type=click.Path(dir_okay=False))
@_db
@click.option("--source", help="The table's name, kept beside each rating (default: file name).")
@click.option(
    "--scale",
    "scales",
    multiple=True,
    metavar="RATING=NAME",
    help='Name a rating\'s scale: --scale "lean=AllSides 2024". Repeatable.',
)
@click.option(
    "--levels",
    "levels",
    multiple=True,
    metavar="RATING=V1|V2|...",
    help='A rating\'s values in order: --levels "lean=left|centre|right". Repeatable.',
)
def import_command(
    table: str, db: str | None, source: str | None, scales: tuple[str, ...], levels: tuple[str, ...]
) -> None:
    """Add or update outlets from a CSV table: columns name (required), aliases, domains
    (|-separated), country, language, owner; any other column (lean, factuality, ...) is a
    rating kept under its name. A row whose values are bad is reported and skipped."""
    reporter = Reporter()
    named = _pairs(scales, "--scale")
    ordered = {
        k: [v.strip() for v in value.split("|") if v.strip()]
        for k, value in _pairs(levels, "--levels").items()
    }
    with _store(db, reporter) as store:
        try:
            report = import_table(store, table, source=source, scales=named, levels=ordered)
        except InputError as error:
            reporter.error(error)
            sys.exit(1)
    for bad_row in report.errors:
        reporter.error(bad_row)
    reporter.console.print(
        f"{report.rows} rows: {report.added} outlets added, {report.updated} updated, "
        f"{len(report.errors)} rows with errors",
        markup=False,
    )
    sys.exit(reporter.exit_code())


@outlets_group.command(name="add-examples")
@_db
def add_examples_command(db: str | None) -> None:
    """Register the invented outlets of rashomon's examples (names, domains, languages,
    countries where the examples state them; no ratings)."""
    reporter = Reporter()
    with _store(db, reporter) as store:
        report = add_examples(store)
    reporter.console.print(f"{report.added} outlets added, {report.updated} updated", markup=False)


@outlets_group.command(name="list")
@_db
@_format("text", "json")
def list_command(db: str | None, output_format: str) -> None:
    """List the registered outlets with their facts, ratings and articles in the store."""
    reporter = Reporter()
    with _store(db, reporter) as store:
        registry = Registry.load(store)
        counts: dict[str, int] = {}
        for row in store.coverage_rows():
            name = registry.group("outlet", row)
            counts[name] = counts.get(name, 0) + 1
    if output_format == "json":
        _echo_json(
            {
                "outlets": [
                    {**record_to_dict(o), "articles": counts.get(o.name, 0)}
                    for o in registry.outlets
                ],
                "scales": {
                    r: {"scale": s.scale, "levels": list(s.levels)}
                    for r, s in registry.scales.items()
                },
                "unregistered": {
                    name: n
                    for name, n in sorted(counts.items(), key=lambda i: -i[1])
                    if registry.named(name) is None
                },
            }
        )
        return
    ratings = registry.ratings()
    table = Table(title=f"{len(registry.outlets)} registered outlets", title_justify="left")
    for column in ("outlet", "domains", "country", "language", "owner", *ratings, "articles"):
        table.add_column(
            Text(column), overflow="fold", justify="right" if column == "articles" else "left"
        )
    for o in registry.outlets:
        cells = [
            o.name,
            ", ".join(o.domains),
            o.country or "",
            o.language or "",
            o.owner or "",
            *[o.ratings[r][0] if r in o.ratings else "" for r in ratings],
        ]
        table.add_row(*map(Text, cells), str(counts.get(o.name, 0)))
    console = Console(highlight=False)
    console.print(table)
    unregistered = {n: c for n, c in counts.items() if registry.named(n) is None}
    if unregistered:
        top = sorted(unregistered.items(), key=lambda i: -i[1])[:10]
        console.print(
            f"{len(unregistered)} outlets in the store are not registered: "
            + ", ".join(f"{n} ({c})" for n, c in top),
            markup=False,
        )


@outlets_group.command(name="show")
@click.argument("name")
@_db
@_format("text", "json")
def show_command(name: str, db: str | None, output_format: str) -> None:
    """One outlet: the registry's facts and ratings, its articles, the stories it covers
    and those its peers cover without it, whom it credits and quotes, its loaded words."""
    from rashomon.outlets.profile import outlet_profile
    from rashomon.present.coverage import gaps_to_dict, render_voices, voices_to_dict

    reporter = Reporter()
    with _store(db, reporter) as store:
        registry = Registry.load(store)
        profile = outlet_profile(store, registry, name)
        if profile is None:
            reporter.error(InputError(name, "no such outlet in the registry or the store"))
            sys.exit(1)
        labels = {s: (store.story(s) or None) for s, _ in profile.gaps.left_out}
    if output_format == "json":
        _echo_json(
            {
                "name": profile.name,
                "registered": profile.record is not None,
                "record": record_to_dict(profile.record) if profile.record else None,
                "articles": len(profile.articles),
                "languages": dict(profile.languages),
                "coverage": gaps_to_dict(profile.gaps),
                "credits": [{"source": s, "kind": k, "articles": n} for s, k, n in profile.credits],
                "loaded_words": [{"word": w, "uses": n} for w, n in profile.loaded],
                "voices": voices_to_dict(profile.voices),
                "analyses_read": profile.read,
            }
        )
        return
    console = Console(highlight=False)
    record = profile.record
    console.print(
        f"[bold]{_esc(profile.name)}[/bold]" + ("" if record else " (not in the registry)")
    )
    if record:
        facts = [
            ("aliases", ", ".join(record.aliases)),
            ("domains", ", ".join(record.domains)),
            ("country", record.country or ""),
            ("language", record.language or ""),
            ("owner", record.owner or ""),
            *[(r, f"{v} (from {s})") for r, (v, s) in record.ratings.items()],
        ]
        for key, value in facts:
            if value:
                console.print(f"  {key}: {value}", markup=False)
    console.print(
        f"{len(profile.articles)} articles ("
        + ", ".join(f"{lang} {n}" for lang, n in profile.languages)
        + f") in {len(profile.gaps.covered)} stories",
        markup=False,
    )
    if profile.gaps.left_out:
        console.print(
            f"Left out, covered by {cov.MIN_PEERS_COVERING}+ of its peers "
            f"({', '.join(profile.gaps.peers)}):",
            markup=False,
        )
        for story_id, peers in profile.gaps.left_out:
            summary = labels[story_id]
            console.print(
                f"  story {story_id} ({peers} peers): {summary.label if summary else ''}",
                markup=False,
            )
    if profile.credits:
        console.print(
            "Credits: " + ", ".join(f"{s} ({n})" for s, _, n in profile.credits), markup=False
        )
    if profile.loaded:
        console.print(
            "Own loaded words: " + ", ".join(f"{w} ({n})" for w, n in profile.loaded),
            markup=False,
        )
    render_voices(profile.voices, console)


def _esc(text: str) -> str:
    from rich.markup import escape

    return escape(text)


@outlets_group.command(name="set")
@click.argument("name")
@_db
@click.option("--add", is_flag=True, help="Create the outlet if it is not registered.")
@click.option("--name", "new_name", help="Rename it (the old name stays as an alias).")
@click.option("--country", help='The country ("" clears it).')
@click.option("--language", help="Its language (ISO 639-1).")
@click.option("--owner", help="Who owns it.")
@click.option("--alias", "aliases", multiple=True, help="Another name for it. Repeatable.")
@click.option("--remove-alias", "remove_aliases", multiple=True)
@click.option("--domain", "domains", multiple=True, help="A domain it publishes on. Repeatable.")
@click.option("--remove-domain", "remove_domains", multiple=True)
@click.option(
    "--rating",
    "ratings",
    multiple=True,
    metavar="RATING=VALUE",
    help='A rating ("lean=centre"; "lean=" removes it). Repeatable.',
)
def set_command(
    name: str,
    db: str | None,
    add: bool,
    new_name: str | None,
    country: str | None,
    language: str | None,
    owner: str | None,
    aliases: tuple[str, ...],
    remove_aliases: tuple[str, ...],
    domains: tuple[str, ...],
    remove_domains: tuple[str, ...],
    ratings: tuple[str, ...],
) -> None:
    """Edit one outlet of the registry (or add it with --add)."""
    reporter = Reporter()
    edit = Edit(
        name=new_name,
        country=country,
        language=language,
        owner=owner,
        add_aliases=aliases,
        remove_aliases=remove_aliases,
        add_domains=domains,
        remove_domains=tuple(d.casefold().removeprefix("www.") for d in remove_domains),
        ratings=_pairs(ratings, "--rating"),
    )
    with _store(db, reporter) as store:
        try:
            record = edit_outlet(store, name, edit, add=add)
        except InputError as error:
            reporter.error(error)
            sys.exit(1)
    _echo_json(record_to_dict(record))


@outlets_group.command(name="remove")
@click.argument("name")
@_db
def remove_command(name: str, db: str | None) -> None:
    """Remove an outlet from the registry (its articles stay in the store)."""
    reporter = Reporter()
    with _store(db, reporter) as store:
        try:
            record = remove_outlet(store, name)
        except InputError as error:
            reporter.error(error)
            sys.exit(1)
    reporter.console.print(f"removed {record.name}", markup=False)


@outlets_group.command(name="coverage")
@click.argument("story_id", type=int)
@_db
@click.option(
    "--dimension", "dimensions", multiple=True, help="Only these (outlet, country, lean, ...)."
)
@_format("text", "json", "html")
@click.option("-o", "--output", type=click.Path(dir_okay=False, writable=True), default=None)
def coverage_command(
    story_id: int,
    db: str | None,
    dimensions: tuple[str, ...],
    output_format: str,
    output: str | None,
) -> None:
    """One story's articles by outlet group (every dimension the registry holds), as bars,
    and who its articles quote."""
    from rashomon.outlets.voices import voices
    from rashomon.present.coverage import (
        breakdown_to_dict,
        coverage_section,
        render_breakdowns,
        render_voices,
        voices_to_dict,
    )

    reporter = Reporter()
    with _store(db, reporter) as store:
        registry = Registry.load(store)
        summary = store.story(story_id)
        if summary is None:
            reporter.fail(f"no story {story_id}")
            sys.exit(1)
        _check_dimensions(registry, dimensions, reporter)
        rows = list(store.coverage_rows(story_id=story_id))
        found = cov.breakdowns(rows, registry, list(dimensions) or None)
        heard = voices(a for r in rows if (a := store.get_analysis(r.id)) is not None)
    if output_format == "json":
        _write(
            orjson.dumps(
                {
                    "story": story_id,
                    "label": summary.label,
                    "articles": len(rows),
                    "breakdowns": [breakdown_to_dict(b) for b in found],
                    "voices": voices_to_dict(heard),
                },
                option=orjson.OPT_INDENT_2,
            ).decode(),
            output,
        )
    elif output_format == "html":
        _write(_page(f"Coverage of story {story_id}", coverage_section(found, heard)), output)
    else:
        console = Console(highlight=False, file=open(output, "w") if output else None)  # noqa: SIM115
        console.print(f"Story {story_id}: {summary.label} ({len(rows)} articles)", markup=False)
        render_breakdowns(found, console)
        render_voices(heard, console)


def _check_dimensions(registry: Registry, dimensions: tuple[str, ...], reporter: Reporter) -> None:
    known = registry.dimensions()
    for dimension in dimensions:
        if dimension not in known:
            reporter.fail(f"no dimension {dimension!r} (this registry has: {', '.join(known)})")
            sys.exit(2)


def _write(text: str, output: str | None) -> None:
    if output:
        Path(output).write_text(text + "\n", encoding="utf-8")
    else:
        click.echo(text)


def _page(title: str, body: str) -> str:
    from rashomon.present.compare_html import environment, stylesheet

    return (
        environment()
        .get_template("coverage/page.html")
        .render(title=title, body=body, stylesheet=stylesheet())
    )


@outlets_group.command(name="blindspots")
@_db
@click.option(
    "--dimension", default=None, help="The grouping (default: lean if rated, else country)."
)
@click.option(
    "--max-share",
    type=click.FloatRange(0, 1),
    default=cov.BLINDSPOT_MAX_SHARE,
    show_default=True,
    help="A group with at most this share of a story's articles leaves it out.",
)
@click.option(
    "--min-articles",
    type=click.IntRange(1),
    default=cov.BLINDSPOT_MIN_ARTICLES,
    show_default=True,
    help="Articles in known groups a story needs.",
)
@click.option("--since", help="Only articles published at or after this date (ISO 8601).")
@click.option("--limit", type=click.IntRange(1), default=30, show_default=True)
@_format("text", "json")
def blindspots_command(
    db: str | None,
    dimension: str | None,
    max_share: float,
    min_articles: int,
    since: str | None,
    limit: int,
    output_format: str,
) -> None:
    """Stories one group covers and another leaves out (Ground News's "blindspots")."""
    from rashomon.present.coverage import blindspot_to_dict, render_blindspots

    reporter = Reporter()
    with _store(db, reporter) as store:
        registry = Registry.load(store)
        dimension = dimension or default_dimension(registry)
        _check_dimensions(registry, (dimension,), reporter)
        if dimension == "outlet":
            reporter.fail("blindspots compare groups of outlets: choose another dimension")
            sys.exit(2)
        spots = cov.blindspots(
            store, registry, dimension, max_share=max_share, min_articles=min_articles, since=since
        )[:limit]
    if output_format == "json":
        _echo_json(
            {
                "dimension": dimension,
                "max_share": max_share,
                "min_articles": min_articles,
                "blindspots": [blindspot_to_dict(s) for s in spots],
            }
        )
        return
    render_blindspots(spots, Console(highlight=False), max_share)


@outlets_group.command(name="attention")
@_db
@click.option("--query", help="Only articles with all these words.")
@click.option("--dimension", default="outlet", show_default=True, help="Lines per group of this.")
@click.option("--since", help="Published at or after (ISO 8601).")
@click.option("--until", help="Published at or before (ISO 8601).")
@_format("text", "json", "html")
@click.option("-o", "--output", type=click.Path(dir_okay=False, writable=True), default=None)
def attention_command(
    db: str | None,
    query: str | None,
    dimension: str,
    since: str | None,
    until: str | None,
    output_format: str,
    output: str | None,
) -> None:
    """Top sources and attention over time, for the corpus or a query's articles."""
    from rashomon.present.coverage import (
        attention_svg,
        attention_to_dict,
        bars_svg,
        breakdown_to_dict,
        render_breakdowns,
    )

    reporter = Reporter()
    with _store(db, reporter) as store:
        registry = Registry.load(store)
        _check_dimensions(registry, (dimension,), reporter)
        rows = list(store.coverage_rows(query=query, since=since, until=until))
    sources = cov.top_sources(rows, registry)
    moving = cov.attention(rows, registry, dimension)
    if output_format == "json":
        _write(
            orjson.dumps(
                {
                    "query": query,
                    "articles": len(rows),
                    "top_sources": breakdown_to_dict(sources),
                    "attention": attention_to_dict(moving),
                },
                option=orjson.OPT_INDENT_2,
            ).decode(),
            output,
        )
    elif output_format == "html":
        from markupsafe import Markup

        body = Markup(
            "<section class='coverage'><h2>Top sources</h2>{}<h2>Articles per {} by {}</h2>{}"
            "</section>"
        ).format(bars_svg(sources), moving.bucket, dimension, attention_svg(moving))
        _write(_page(f"Attention{': ' + query if query else ''}", body), output)
    else:
        console = Console(highlight=False)
        console.print(
            f"{len(rows)} articles{f' matching {query!r}' if query else ''}", markup=False
        )
        render_breakdowns([sources], console)
        table = Table(
            title=Text(f"articles per {moving.bucket} by {dimension}"), title_justify="left"
        )
        table.add_column(moving.bucket)
        for group, _ in moving.series:
            table.add_column(Text(group), justify="right", overflow="fold")
        for n, start in enumerate(moving.buckets):
            table.add_row(start, *[str(c[n]) for _, c in moving.series])
        console.print(table)
        if moving.undated:
            console.print(f"{moving.undated} undated articles not counted", markup=False)


@outlets_group.command(name="quoted")
@_db
@click.option("--story", "story_id", type=int, help="The articles of this story.")
@click.option("--outlet", help="The articles of this outlet (its newest 200).")
@_format("text", "json")
def quoted_command(
    db: str | None, story_id: int | None, outlet: str | None, output_format: str
) -> None:
    """Who is quoted, and the shares of officials, anonymous sources and ordinary people:
    in one story, or one outlet."""
    from rashomon.outlets.profile import PROFILE_ARTICLES
    from rashomon.outlets.voices import voices
    from rashomon.present.coverage import render_voices, voices_to_dict

    reporter = Reporter()
    if (story_id is None) == (outlet is None):
        reporter.fail("give --story ID or --outlet NAME")
        sys.exit(2)
    with _store(db, reporter) as store:
        registry = Registry.load(store)
        if story_id is not None:
            ids = store.story_article_ids(story_id)
            if not ids:
                reporter.fail(f"no story {story_id}")
                sys.exit(1)
        else:
            record = registry.named(outlet or "")
            wanted = record.name if record else outlet
            rows = [r for r in store.coverage_rows() if registry.group("outlet", r) == wanted]
            rows.sort(key=lambda r: r.published or "", reverse=True)
            ids = [r.id for r in rows[:PROFILE_ARTICLES]]
            if not ids:
                reporter.fail(f"{outlet}: no articles of this outlet in the store")
                sys.exit(1)
        heard = voices(a for i in ids if (a := store.get_analysis(i)) is not None)
    if output_format == "json":
        _echo_json(voices_to_dict(heard))
        return
    render_voices(heard, Console(highlight=False))
