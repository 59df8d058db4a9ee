"""Facets with counts for the lists (stories, articles), in the manner of datasette: each
facet lists its commonest values over what the list shows now, each value a link that adds
it as a filter (or, when chosen, removes it); and exports of a list as CSV or JSON."""

from __future__ import annotations

import csv
import io
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

import orjson

FACET_VALUES = 8  # values listed per facet (the commonest); the rest are counted as "more"
EXPORT_LIMIT = 10_000  # rows in one export of a list


@dataclass(frozen=True, slots=True)
class FacetValue:
    value: str
    label: str
    count: int
    url: str
    selected: bool


@dataclass(frozen=True, slots=True)
class Facet:
    name: str  # the filter it sets: "outlet", "group", "language", "month"
    title: str
    values: tuple[FacetValue, ...]
    more: int  # values not listed


def month_bounds(month: str) -> tuple[str, str]:
    """A month ("2026-03") as the first and last day of it, ISO 8601."""
    first = date.fromisoformat(month + "-01")
    last = (first.replace(day=28) + timedelta(days=4)).replace(day=1) - timedelta(days=1)
    return first.isoformat(), last.isoformat()


def facet(
    name: str,
    title: str,
    counts: Counter[str],
    url: Callable[..., str],
    chosen: str | None,
    changes: Callable[[str | None], dict[str, Any]],
    label: Callable[[str], str] = str,
) -> Facet:
    """A facet of ``counts`` (value -> items); ``changes(value)`` are the URL changes that
    choose a value (``changes(None)``: that clear the choice)."""
    top = sorted(counts.items(), key=lambda item: (-item[1], item[0]))[:FACET_VALUES]
    if chosen is not None and chosen not in dict(top):
        top.append((chosen, counts.get(chosen, 0)))
    values = tuple(
        FacetValue(
            value,
            label(value),
            count,
            url(**changes(None if value == chosen else value), offset=0),
            value == chosen,
        )
        for value, count in top
    )
    return Facet(name, title, values, max(0, len(counts) - len(values)))


def months(dates: Iterable[str | None]) -> Counter[str]:
    """Items per month ("2026-03") of ISO 8601 dates; undated ones not counted."""
    return Counter(d[:7] for d in dates if d and len(d) >= 7 and d[4] == "-")


EXPORT_TYPES = {"csv": "text/csv; charset=utf-8", "json": "application/json"}
# A spreadsheet reads a cell starting with one of these as a formula: such text cells are
# written with a leading apostrophe (OWASP's advice for CSV injection).
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def export_body(
    fmt: str, columns: Sequence[str], rows: Iterable[Sequence[Any]], total: int
) -> bytes:
    """A list as CSV (a header line, then rows) or JSON (``{"total", "truncated",
    "items"}``), at most ``EXPORT_LIMIT`` rows; media type in ``EXPORT_TYPES``."""
    kept = [list(row) for _, row in zip(range(EXPORT_LIMIT), rows, strict=False)]
    if fmt == "json":
        items = [dict(zip(columns, row, strict=True)) for row in kept]
        return orjson.dumps({"total": total, "truncated": len(kept) < total, "items": items})
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(columns)
    for row in kept:
        writer.writerow([_cell(v) for v in row])
    return out.getvalue().encode()


def _cell(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, list | tuple):
        value = "|".join(map(str, value))
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value
