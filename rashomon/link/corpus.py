"""Stories and copies over a store: the link stage run on a corpus, incrementally.

``cluster_store`` gives every analysed article without a story one, in publication order.
It first rebuilds the story index from the stored members of the stories still active
(last seen within the model's window of the newest one), so a corpus ingested over many
runs is clustered as one stream: the index never holds more than the active window. With
``rebuild`` it forgets every story and clusters the whole store again.

Copies and translations are looked for inside each story touched by the run (a copy or a
translation of an article reports its event, so it lands in its story): the story's
members go through ``copies.CopyIndex`` and the groups found replace the stored ones.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import timedelta
from itertools import islice

from rashomon.link.copies import CopyIndex
from rashomon.link.names import name_keys, number_keys
from rashomon.link.stories import Assignment, StoryIndex, StoryItem, StoryModel
from rashomon.store.sqlite import Store, StoredCopy, StoryInput
from rashomon.types import Article, parse_published

BATCH = 1000  # assignments per store transaction


@dataclass(slots=True)
class ClusterReport:
    assigned: int = 0  # articles given a story by this run
    new_stories: int = 0
    merges: int = 0
    copy_groups: int = 0  # copy and translation groups among the stories touched


def story_item(row: StoryInput) -> StoryItem:
    """The story index's view of a stored article."""
    names, written = name_keys(row.text)
    return StoryItem(
        id=row.id,
        vector=row.vector,
        names=names,
        published=parse_published(row.published),
        written=written,
        title=row.title,
        outlet=row.outlet,
        language=row.language,
        numbers=number_keys(row.text),
    )


def cluster_store(
    store: Store,
    *,
    rebuild: bool = False,
    model: StoryModel | None = None,
    on_start: Callable[[int], None] | None = None,
    on_progress: Callable[[int], None] | None = None,
) -> ClusterReport:
    """Assign stories to the stored articles that have none; see the module docstring.

    ``on_start`` gets the number of articles to assign, ``on_progress`` the number assigned
    after each batch is stored.
    """
    if rebuild:
        store.clear_stories()
    index = StoryIndex(model, next_id=store.next_story_id())
    _restore_active(store, index)
    pending = store.count_unassigned()
    if on_start is not None:
        on_start(pending)
    report = ClusterReport()
    touched: set[int] = set()
    batch: list[Assignment] = []

    def flush() -> None:
        # Follow merges before taking them: take_changed clears the map, and a story made
        # and merged away within this batch is never stored, so no member may point to it.
        final = [
            Assignment(a.article_id, index.final_story(a.story_id), a.score, a.new_story)
            for a in batch
        ]
        summaries, merged = index.take_changed()
        store.put_stories(final, summaries, merged)
        report.merges += len(merged)
        touched.difference_update(merged)
        touched.update(s.id for s in summaries)
        if on_progress is not None:
            on_progress(len(batch))
        batch.clear()

    rows = iter(store.story_inputs(unassigned_only=True))
    # A store transaction's worth at a time, through the index's batched search and add.
    while chunk := [story_item(row) for row in islice(rows, BATCH)]:
        for assignment in index.add_many(chunk):
            batch.append(assignment)
            report.assigned += 1
            report.new_stories += assignment.new_story
        flush()
    report.copy_groups = _find_copies(store, touched)
    return report


def _restore_active(store: Store, index: StoryIndex) -> None:
    newest = parse_published(store.newest_story_time())
    since = None
    if newest is not None:
        since = (newest - timedelta(days=index.model.window_days)).isoformat()
    active = store.active_story_ids(since)
    for row in store.story_inputs(story_ids=active):
        assert row.story_id is not None  # rows of these stories' members
        index.insert(story_item(row), row.story_id)
    index.take_changed()  # restored stories are stored already


def _find_copies(store: Store, story_ids: Iterable[int]) -> int:
    groups = 0
    for story_id in sorted(story_ids):
        copies = CopyIndex()
        members = []
        for row in store.story_inputs(story_ids=[story_id]):
            article = Article(id=row.id, text=row.text, title=row.title, published=row.published)
            copies.add_parts(article, row.language, row.vector)
            members.append(row.id)
        found = copies.groups()
        groups += len(found)
        rows = [
            StoredCopy(member, f"{group.kind}:{group.origin}", group.kind, group.origin, score)
            for group in found
            for member, score in zip(group.members, group.scores, strict=True)
        ]
        store.put_copies(members, rows)
    return groups


# Comparing n articles costs n² sentence alignments: a story page compares a chosen few.
MAX_COMPARED = 8


def compared_articles(store: Store, story_id: int, limit: int = MAX_COMPARED) -> list[str]:
    """The story's articles worth comparing: one per outlet first, copies left out.

    In publication order: the earliest article of each outlet, then (while under ``limit``)
    other articles. A copy of another member (same text, syndicated or under a second URL)
    adds nothing to a comparison with its origin and is skipped; translations stay, since
    how a text changes in translation is what the comparison shows.
    """
    members = store.story_article_ids(story_id)
    copied = {
        c.article_id
        for c in store.copies(members)
        if c.kind == "copy" and c.article_id != c.origin_id
    }
    candidates = [a for a in members if a not in copied]
    outlets = {a.id: a.outlet for a in store.articles(candidates)}
    chosen: list[str] = []
    seen_outlets: set[str | None] = set()
    for article_id in candidates:
        outlet = outlets.get(article_id)
        if outlet is None or outlet not in seen_outlets:
            seen_outlets.add(outlet)
            chosen.append(article_id)
    chosen += [a for a in candidates if a not in chosen]
    chosen = chosen[:limit]
    return sorted(chosen, key=candidates.index)
