"""Coverage: articles counted by outlet group, for a story or the corpus.

* ``breakdowns``: for each dimension (``Registry.dimensions``: outlet, country, language,
  owner, each rating), how many articles each group has, with the outlets in it.
* ``blindspots``: stories one group covers and another leaves out. A story counts when
  at least ``BLINDSPOT_MIN_ARTICLES`` of its articles fall in known groups (not unknown,
  not unregistered); a group present in the corpus "leaves it out" when at most
  ``BLINDSPOT_MAX_SHARE`` of those articles are its own.
* ``attention``: articles per day, week or month (``bucket_for``) and group: how
  attention rises and falls.
* ``top_sources``: the outlets with most articles among some (a query's matches).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from rashomon.outlets.registry import NO_OUTLET, UNKNOWN, UNREGISTERED, Registry
from rashomon.store.sqlite import CoverageRow, Store

# A group "leaves a story out" when it has at most this share of the story's articles
# that fall in known groups. Not fitted: an editorial line, stated wherever blindspots are
# shown (Ground News draws its own at a similar "little or no coverage"); change it with
# ``max_share``.
BLINDSPOT_MAX_SHARE = 0.1
# Known-group articles a story needs before its blindspots mean anything: with two, any
# story told by two outlets of one group would be another group's blindspot.
BLINDSPOT_MIN_ARTICLES = 3
TOP_SOURCES = 12  # outlets shown for a query
# Buckets of an attention plot: days while the articles span at most this many days,
# weeks up to WEEKS_UP_TO days, months beyond; each keeps a plot under ~60 points.
DAYS_UP_TO = 62
WEEKS_UP_TO = 420
MAX_GROUPS_DRAWN = 7  # series in one attention plot: the biggest groups, the rest as "other"
OTHER = "other"
NOT_GROUPS = (UNKNOWN, UNREGISTERED, NO_OUTLET)


@dataclass(frozen=True, slots=True)
class GroupCount:
    group: str
    articles: int
    outlets: tuple[str, ...]  # the outlets in the group, most articles first


@dataclass(frozen=True, slots=True)
class Breakdown:
    """Articles by the groups of one dimension."""

    dimension: str
    scale: str | None  # the rating's scale as the user named it
    total: int
    groups: tuple[GroupCount, ...]  # in the dimension's order (a scale's, else by name)


def breakdowns(
    rows: Sequence[CoverageRow], registry: Registry, dimensions: Sequence[str] | None = None
) -> list[Breakdown]:
    """Each dimension's breakdown of ``rows`` (every dimension the registry holds when
    ``dimensions`` is None)."""
    found = []
    tied = [(row, registry.find(row.outlet, row.url)) for row in rows]
    names = [registry.group_of("outlet", row, outlet) for row, outlet in tied]
    for dimension in dimensions or registry.dimensions():
        counts: Counter[str] = Counter()
        outlets: dict[str, Counter[str]] = defaultdict(Counter)
        for (row, outlet), name in zip(tied, names, strict=True):
            group = registry.group_of(dimension, row, outlet)
            counts[group] += 1
            outlets[group][name] += 1
        order = registry.order(dimension, {*counts, *registry.values(dimension)})
        if dimension == "outlet":  # no scale to follow: most articles first
            order = sorted(counts, key=lambda g: (g == NO_OUTLET, -counts[g], g))
        groups = tuple(
            GroupCount(g, counts[g], tuple(o for o, _ in outlets[g].most_common())) for g in order
        )
        found.append(Breakdown(dimension, registry.scale_name(dimension), len(rows), groups))
    return found


@dataclass(frozen=True, slots=True)
class Blindspot:
    story_id: int
    label: str
    title: str | None
    dimension: str
    articles: int  # the story's articles in known groups
    covered_by: tuple[tuple[str, int], ...]  # (group, articles), most first
    left_out_by: tuple[str, ...]  # groups with at most max_share of them


def blindspots(
    store: Store,
    registry: Registry,
    dimension: str,
    *,
    max_share: float = BLINDSPOT_MAX_SHARE,
    min_articles: int = BLINDSPOT_MIN_ARTICLES,
    since: str | None = None,
) -> list[Blindspot]:
    """Stories a group of ``dimension`` leaves out (module docstring), those left out by
    most groups first, then the biggest."""
    by_story: dict[int, Counter[str]] = defaultdict(Counter)
    present: set[str] = set()
    for row in store.coverage_rows(since=since):
        group = registry.group(dimension, row)
        if group in NOT_GROUPS:
            continue
        present.add(group)
        if row.story_id is not None:
            by_story[row.story_id][group] += 1
    found = []
    for story_id, counts in by_story.items():
        total = sum(counts.values())
        if total < min_articles:
            continue
        left_out = tuple(
            g for g in registry.order(dimension, present) if counts[g] <= max_share * total
        )
        if not left_out:
            continue
        summary = store.story(story_id)
        if summary is None:
            continue
        covered = tuple((g, n) for g, n in sorted(counts.items(), key=lambda i: (-i[1], i[0])) if n)
        found.append(
            Blindspot(story_id, summary.label, summary.title, dimension, total, covered, left_out)
        )
    return sorted(found, key=lambda b: (-len(b.left_out_by), -b.articles, b.story_id))


@dataclass(frozen=True, slots=True)
class Attention:
    """Articles per time bucket and group."""

    dimension: str
    bucket: str  # "day", "week" or "month"
    buckets: tuple[str, ...]  # each bucket's first day, ISO 8601, in order, none missing
    series: tuple[tuple[str, tuple[int, ...]], ...]  # (group, count per bucket)
    undated: int  # articles without a readable date, not drawn


def _day(published: str | None) -> date | None:
    try:
        return date.fromisoformat((published or "")[:10])
    except ValueError:
        return None


def bucket_for(first: date, last: date) -> str:
    span = (last - first).days
    return "day" if span <= DAYS_UP_TO else "week" if span <= WEEKS_UP_TO else "month"


def _start(day: date, bucket: str) -> date:
    if bucket == "week":
        return day - timedelta(days=day.weekday())
    if bucket == "month":
        return day.replace(day=1)
    return day


def _next(day: date, bucket: str) -> date:
    if bucket == "day":
        return day + timedelta(days=1)
    if bucket == "week":
        return day + timedelta(days=7)
    return (day.replace(day=28) + timedelta(days=4)).replace(day=1)


def attention(rows: Iterable[CoverageRow], registry: Registry, dimension: str) -> Attention:
    """Articles per bucket and group of ``dimension``; beyond ``MAX_GROUPS_DRAWN`` groups the
    smallest are summed as "other"."""
    dated: list[tuple[date, str]] = []
    undated = 0
    for row in rows:
        day = _day(row.published)
        if day is None:
            undated += 1
        else:
            dated.append((day, registry.group(dimension, row)))
    if not dated:
        return Attention(dimension, "day", (), (), undated)
    first, last = min(d for d, _ in dated), max(d for d, _ in dated)
    bucket = bucket_for(first, last)
    starts = []
    day = _start(first, bucket)
    while day <= last:
        starts.append(day)
        day = _next(day, bucket)
    index = {d: n for n, d in enumerate(starts)}
    totals = Counter(group for _, group in dated)
    kept = [g for g, _ in totals.most_common(MAX_GROUPS_DRAWN)]
    if len(totals) > MAX_GROUPS_DRAWN:
        kept = kept[: MAX_GROUPS_DRAWN - 1]
    counts: dict[str, list[int]] = {g: [0] * len(starts) for g in kept}
    for day, group in dated:
        name = group if group in counts else OTHER
        counts.setdefault(name, [0] * len(starts))[index[_start(day, bucket)]] += 1
    ordered = registry.order(dimension, [g for g in counts if g != OTHER])
    if OTHER in counts:
        ordered.append(OTHER)
    return Attention(
        dimension,
        bucket,
        tuple(d.isoformat() for d in starts),
        tuple((g, tuple(counts[g])) for g in ordered),
        undated,
    )


def top_sources(
    rows: Sequence[CoverageRow], registry: Registry, limit: int = TOP_SOURCES
) -> Breakdown:
    """The outlets with most of ``rows``, at most ``limit``."""
    (outlets,) = breakdowns(rows, registry, ["outlet"])
    return Breakdown(outlets.dimension, None, outlets.total, outlets.groups[:limit])


@dataclass(frozen=True, slots=True)
class OutletGaps:
    """What one outlet covers and what its peers cover without it."""

    outlet: str
    peers: tuple[str, ...]  # the outlets compared with (same country when known, else all)
    covered: tuple[int, ...]  # story ids with an article of the outlet
    left_out: tuple[tuple[int, int], ...]  # (story id, peers covering it), most first


# Peers that must cover a story before the outlet's absence from it is shown.
MIN_PEERS_COVERING = 2


def outlet_gaps(store: Store, registry: Registry, outlet: str, limit: int = 20) -> OutletGaps:
    """The stories ``outlet`` covers and those at least ``MIN_PEERS_COVERING`` of its peers
    cover without it. Peers are the registered outlets of its country when the registry
    knows it, else every outlet in the store."""
    record = registry.named(outlet)
    country = record.country if record else None
    own: set[int] = set()
    by_story: dict[int, set[str]] = defaultdict(set)
    peers: set[str] = set()
    for row in store.coverage_rows():
        name = registry.group("outlet", row)
        if row.story_id is None or name == NO_OUTLET:
            continue
        if name == (record.name if record else outlet):
            own.add(row.story_id)
            continue
        if country is not None and registry.group("country", row) != country:
            continue
        peers.add(name)
        by_story[row.story_id].add(name)
    left_out = sorted(
        ((s, len(p)) for s, p in by_story.items() if s not in own and len(p) >= MIN_PEERS_COVERING),
        key=lambda item: (-item[1], -item[0]),
    )
    return OutletGaps(
        record.name if record else outlet,
        tuple(sorted(peers)),
        tuple(sorted(own)),
        tuple(left_out[:limit]),
    )
