"""Stories in the terminal and as JSON: the listing of ``rashomon stories`` and the header
of ``rashomon story ID``."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from rich.console import Console
from rich.table import Table

from rashomon.link.corpus import compared_articles
from rashomon.store.sqlite import Store
from rashomon.types import StorySummary


def summary_to_dict(summary: StorySummary) -> dict[str, Any]:
    return {
        **asdict(summary),
        "outlets": list(summary.outlets),
        "languages": list(summary.languages),
        "names": list(summary.names),
    }


def story_record(store: Store, story_id: int) -> tuple[dict[str, Any], list[str]] | None:
    """The stored story as a dict (listing, every article, copy groups, the compared ones)
    and the ids of the articles to compare; None for an unknown story."""
    summary = store.story(story_id)
    if summary is None:
        return None
    members = store.story_article_ids(story_id)
    compared = compared_articles(store, story_id)
    groups: dict[str, dict[str, Any]] = {}
    for row in store.copies(members):
        group = groups.setdefault(
            row.group_id, {"kind": row.kind, "origin": row.origin_id, "members": []}
        )
        group["members"].append({"article": row.article_id, "score": row.score})
    record = {
        **summary_to_dict(summary),
        "articles": [
            {
                "id": a.id,
                "outlet": a.outlet,
                "title": a.title,
                "published": a.published,
                "url": a.url,
                "compared": a.id in compared,
            }
            for a in store.articles(members)
        ],
        "copies": list(groups.values()),
    }
    return record, compared


def render_story_header(story: dict[str, Any], console: Console) -> None:
    """The story's listing, its articles (compared ones marked) and its copy groups."""
    console.print(f"[bold]Story {story['id']}: {_escape(story['label'])}[/bold]")
    if story["title"]:
        console.print(_escape(story["title"]))
    console.print(
        f"{story['size']} articles from {len(story['outlets'])} outlets "
        f"({', '.join(story['languages']) or 'language unknown'}), "
        f"first seen {story['first_seen'] or '-'}, last seen {story['last_seen'] or '-'}",
        markup=False,
    )
    table = Table(title="articles (* compared below)", title_justify="left")
    for column in ("", "published", "outlet", "title"):
        table.add_column(column)
    for article in story["articles"]:
        table.add_row(
            "*" if article["compared"] else "",
            article["published"] or "",
            article["outlet"] or "",
            article["title"] or article["id"],
        )
    console.print(table)
    titles = {a["id"]: a["outlet"] or a["title"] or a["id"] for a in story["articles"]}
    for group in story["copies"]:
        others = [titles.get(m["article"], m["article"]) for m in group["members"][1:]]
        console.print(
            f"{group['kind']}: {titles.get(group['origin'], group['origin'])} -> "
            + ", ".join(others),
            markup=False,
        )
    console.print()


def render_story_list(stories: list[StorySummary], total: int, console: Console) -> None:
    table = Table(title=f"{len(stories)} of {total} stories", title_justify="left")
    for column in ("id", "size", "first seen", "last seen", "languages", "outlets", "story"):
        table.add_column(column, justify="right" if column in ("id", "size") else "left")
    for story in stories:
        outlets = ", ".join(story.outlets[:3]) + (
            f" +{len(story.outlets) - 3}" if len(story.outlets) > 3 else ""
        )
        table.add_row(
            str(story.id),
            str(story.size),
            (story.first_seen or "")[:16],
            (story.last_seen or "")[:16],
            ", ".join(story.languages),
            outlets,
            f"{story.label}\n{story.title or ''}".strip(),
        )
    console.print(table)


def _escape(text: str) -> str:
    from rich.markup import escape

    return escape(text)
