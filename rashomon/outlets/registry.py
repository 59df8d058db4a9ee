"""The outlet registry: outlets a user describes, and how articles are tied to them.

An article is tied to a registered outlet when its outlet (as ``rashomon.ingest.outlets``
identified it: metadata, domain, dateline, copyright line) is one of the outlet's names or
aliases (``names.name_key``: any case, without "the"), or is a domain of it, or when the
host of its URL is one of the outlet's domains or under one ("blogs.example.com" under
"example.com"). The tie is made when read, never stored, so an edit to the registry
changes every view at once.

Groups: each article falls in one group per dimension: ``outlet`` (the registered name,
else the outlet as identified), ``country``, ``owner`` and each rating (the registered
outlet's value), and ``language`` (the article's own language, detected, else declared).
An article of no registered outlet is in ``UNREGISTERED``; a registered outlet without a
value is in ``UNKNOWN``.

Rating tables are imported from CSV (``import_table``; columns in docs/outlets.md):
``name`` required, ``aliases``, ``domains``, ``country``, ``language``, ``owner`` known, any
other column a rating kept under its own name ("lean", "factuality", "reach 2025").
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from importlib.resources import files
from pathlib import Path
from typing import Any

from rashomon.errors import InputError
from rashomon.outlets.names import host_of, name_key, parent_hosts
from rashomon.store.sqlite import CoverageRow, OutletRecord, RatingScale, Store

UNREGISTERED = "not in the registry"
UNKNOWN = "unknown"
NO_OUTLET = "outlet unknown"  # an article nothing names the publisher of
BUILTIN_DIMENSIONS = ("outlet", "country", "language", "owner")
FACT_COLUMNS = ("name", "aliases", "domains", "country", "language", "owner")
# Ratings shown first when a table has them, in this order; other columns follow by name.
USUAL_RATINGS = ("lean", "factuality")
LIST_SEPARATOR = "|"  # between aliases or domains in one cell
MAX_TABLE_BYTES = 20 * 2**20  # a rating table larger than this is refused, not read
MAX_CELL = 500  # characters in one cell


@dataclass(frozen=True, slots=True)
class Registry:
    """The registry as read from a store, with its lookups."""

    outlets: tuple[OutletRecord, ...]
    scales: Mapping[str, RatingScale]
    by_key: Mapping[str, OutletRecord]
    by_domain: Mapping[str, OutletRecord]
    # Ties already made, by (outlet, url): a view asks for each article's group in several
    # dimensions, and a corpus repeats each outlet name many times (six times faster).
    _ties: dict[tuple[str | None, str | None], OutletRecord | None] = field(
        default_factory=dict, repr=False, compare=False
    )
    _names: dict[str, OutletRecord | None] = field(default_factory=dict, repr=False, compare=False)

    @classmethod
    def of(cls, records: Sequence[OutletRecord], scales: Mapping[str, RatingScale]) -> Registry:
        by_key: dict[str, OutletRecord] = {}
        by_domain: dict[str, OutletRecord] = {}
        for record in records:
            for name in (record.name, *record.aliases):
                by_key.setdefault(name_key(name), record)
            for domain in record.domains:
                by_domain.setdefault(domain, record)
        return cls(tuple(records), dict(scales), by_key, by_domain)

    @classmethod
    def load(cls, store: Store) -> Registry:
        return cls.of(store.outlet_records(), store.rating_scales())

    def named(self, name: str) -> OutletRecord | None:
        """The outlet with this name or alias, or with this domain."""
        if name in self._names:
            return self._names[name]
        found = self.by_key.get(name_key(name))
        if found is None and (host := host_of(name)) is not None:
            found = self._by_host(host)
        self._names[name] = found
        return found

    def find(self, outlet: str | None, url: str | None) -> OutletRecord | None:
        """The registered outlet an article of this outlet and URL is tied to, if any."""
        key = (outlet, url)
        if key in self._ties:
            return self._ties[key]
        found = self.named(outlet) if outlet else None
        if found is None and url and "//" in url and (host := host_of(url)) is not None:
            found = self._by_host(host)
        self._ties[key] = found
        return found

    def _by_host(self, host: str) -> OutletRecord | None:
        for domain in parent_hosts(host):
            if (found := self.by_domain.get(domain)) is not None:
                return found
        return None

    def ratings(self) -> list[str]:
        """The ratings any outlet has, the usual ones first."""
        held = {r for o in self.outlets for r in o.ratings} | set(self.scales)
        return [r for r in USUAL_RATINGS if r in held] + sorted(held - set(USUAL_RATINGS))

    def dimensions(self) -> list[str]:
        """Every dimension articles can be grouped by: the built-in ones and each rating."""
        return [*BUILTIN_DIMENSIONS, *self.ratings()]

    def group(self, dimension: str, row: CoverageRow) -> str:
        """The group of ``dimension`` the article falls in (see the module docstring)."""
        return self.group_of(dimension, row, self.find(row.outlet, row.url))

    def group_of(self, dimension: str, row: CoverageRow, outlet: OutletRecord | None) -> str:
        """``group`` for an article already tied to ``outlet`` (``find``)."""
        if dimension == "language":
            return row.language or UNKNOWN
        if dimension == "outlet":
            return outlet.name if outlet else (row.outlet or NO_OUTLET)
        if outlet is None:
            return UNREGISTERED
        if dimension in ("country", "owner"):
            return getattr(outlet, dimension) or UNKNOWN
        value = outlet.ratings.get(dimension)
        return value[0] if value else UNKNOWN

    def values(self, dimension: str) -> set[str]:
        """The groups the registry itself holds for ``dimension`` (its outlets' values and a
        rating's scale levels), whether or not any article falls in them; none for
        ``outlet`` and ``language``, which come from the articles."""
        if dimension in ("country", "owner"):
            return {v for o in self.outlets if (v := getattr(o, dimension))}
        if dimension in ("outlet", "language"):
            return set()
        held = {o.ratings[dimension][0] for o in self.outlets if dimension in o.ratings}
        scale = self.scales.get(dimension)
        return held | set(scale.levels if scale else ())

    def order(self, dimension: str, groups: Iterable[str]) -> list[str]:
        """Groups in the order to show them: a rating's in its scale's order, then the
        rest by name, unknown and unregistered last."""
        last = (UNKNOWN, UNREGISTERED, NO_OUTLET)
        levels = self.scales[dimension].levels if dimension in self.scales else ()
        rank = {level: n for n, level in enumerate(levels)}
        return sorted(
            set(groups),
            key=lambda g: (g in last, last.index(g) if g in last else 0, rank.get(g, len(rank)), g),
        )

    def scale_name(self, dimension: str) -> str | None:
        scale = self.scales.get(dimension)
        return scale.scale if scale else None


def default_dimension(registry: Registry) -> str:
    """The grouping shown when none is asked for: lean when rated, else country."""
    return "lean" if "lean" in registry.ratings() else "country"


def record_to_dict(record: OutletRecord) -> dict[str, Any]:
    return {
        "name": record.name,
        "aliases": list(record.aliases),
        "domains": list(record.domains),
        "country": record.country,
        "language": record.language,
        "owner": record.owner,
        "ratings": {r: {"value": v, "source": s} for r, (v, s) in record.ratings.items()},
    }


def outlet_row(outlet: str | None) -> CoverageRow:
    """An article known only by its outlet's name (a story lists its outlets by name), to
    ask which group it falls in."""
    return CoverageRow("", outlet, None, None, None, None, None)


# --- importing a table -----------------------------------------------------------------


@dataclass(slots=True)
class ImportReport:
    """What an import did: outlets added and updated, and each row that could not be."""

    rows: int = 0
    added: int = 0
    updated: int = 0
    errors: list[InputError] = field(default_factory=list)


def _cells(value: str | None) -> list[str]:
    return [v.strip() for v in (value or "").split(LIST_SEPARATOR) if v.strip()]


def read_table(path: str | Path) -> tuple[list[str], list[dict[str, str]]]:
    """The columns (lower case) and rows of a CSV rating table (comma, semicolon or tab
    separated, UTF-8 with or without a byte-order mark). Raises InputError for a file that
    cannot be read as one."""
    name = str(path)
    try:
        data = Path(path).read_bytes()
    except OSError as error:
        raise InputError(name, error.strerror or str(error)) from None
    if len(data) > MAX_TABLE_BYTES:
        raise InputError(name, f"larger than {MAX_TABLE_BYTES // 2**20} MB")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise InputError(name, "not UTF-8 text (save the table as UTF-8 CSV)") from None
    if "\x00" in text:
        raise InputError(name, "binary data, not a CSV table")
    first = text.split("\n", 1)[0]
    delimiter = max(",;\t", key=first.count)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        rows = [row for row in reader]
    except csv.Error as error:
        raise InputError(name, f"not a CSV table ({error})") from None
    if not rows:
        raise InputError(name, "empty table")
    header = [h.strip().casefold() for h in rows[0]]
    if "name" not in header:
        raise InputError(name, "no 'name' column (columns: " + ", ".join(header) + ")")
    if any(not h for h in header):
        raise InputError(name, "a column without a name in the first line")
    if len(set(header)) != len(header):
        raise InputError(name, "two columns of the same name")
    return header, [dict(zip(header, row, strict=False)) for row in rows[1:]]


def import_table(
    store: Store,
    path: str | Path,
    *,
    source: str | None = None,
    scales: Mapping[str, str] | None = None,
    levels: Mapping[str, Sequence[str]] | None = None,
) -> ImportReport:
    """Add or update the outlets of a rating table (``read_table``), in one transaction.

    A row is matched to a registered outlet by its name, an alias or a domain; its
    non-empty cells replace the outlet's values, its aliases and domains are added, and
    each other column becomes a rating with ``source`` (the table's name; the file's by
    default) beside it. ``scales`` names the scale of a rating ("lean": "AllSides 2024");
    ``levels`` gives a rating's values in order, and a value outside them is an error of
    its row. Each bad row is one InputError in the report; the others land. Raises
    InputError when the file is no such table.
    """
    header, rows = read_table(path)
    name = str(path)
    source = source or Path(path).name
    ordered = {k: tuple(v) for k, v in (levels or {}).items()}
    ratings = [h for h in header if h not in FACT_COLUMNS]
    for rating in [*(scales or {}), *ordered]:
        if rating not in ratings and rating not in store.rating_scales():
            raise InputError(name, f"a scale for {rating!r}, which is no column of the table")
    working = Registry.load(store)
    records = {r.id: r for r in working.outlets}
    new: list[OutletRecord] = []
    report = ImportReport()
    for number, row in enumerate(rows, start=2):
        if not any((v or "").strip() for v in row.values()):
            continue
        report.rows += 1
        where = f"{name}:{number}"
        try:
            record = _row_record(row, ratings, ordered, source, where)
        except InputError as error:
            report.errors.append(error)
            continue
        current = [*records.values(), *new]
        try:
            match = _match(Registry.of(current, {}), record, where)
        except InputError as error:
            report.errors.append(error)
            continue
        if match is None:
            new.append(record)
            report.added += 1
        else:
            merged = merge(match, record)
            if match.id is None:
                new[new.index(match)] = merged
            else:
                records[match.id] = merged
                report.updated += 1
    original = {r.id: r for r in working.outlets}
    changed = [r for i, r in records.items() if r != original[i]]
    named = {**(scales or {})}
    scale_rows = [
        RatingScale(r, named.get(r) or _old_scale(store, r, source), ordered.get(r, ()))
        for r in dict.fromkeys([*named, *ordered])
    ]
    store.save_outlets([*changed, *new], scale_rows, name_key=name_key)
    return report


def _old_scale(store: Store, rating: str, source: str) -> str:
    old = store.rating_scales().get(rating)
    return old.scale if old else source


def _row_record(
    row: Mapping[str, str],
    ratings: Sequence[str],
    levels: Mapping[str, tuple[str, ...]],
    source: str,
    where: str,
) -> OutletRecord:
    cells = {k: " ".join((v or "").split()) for k, v in row.items()}
    for column, value in cells.items():
        if len(value) > MAX_CELL:
            raise InputError(where, f"{column} is longer than {MAX_CELL} characters")
    name = cells.get("name", "")
    if not name_key(name):
        raise InputError(where, "no name")
    domains = []
    for cell in _cells(row.get("domains")):
        host = host_of(cell)
        if host is None:
            raise InputError(where, f"{cell!r} is not a domain")
        domains.append(host)
    rated: dict[str, tuple[str, str]] = {}
    for rating in ratings:
        value = cells.get(rating, "")
        if not value:
            continue
        allowed = levels.get(rating)
        if allowed and value not in allowed:
            raise InputError(
                where, f"{rating} {value!r} is not on its scale ({', '.join(allowed)})"
            )
        rated[rating] = (value, source)
    return OutletRecord(
        None,
        name,
        tuple(_cells(row.get("aliases"))),
        tuple(domains),
        cells.get("country") or None,
        cells.get("language") or None,
        cells.get("owner") or None,
        rated,
    )


def _match(registry: Registry, record: OutletRecord, where: str) -> OutletRecord | None:
    """The registered outlet a new record describes; InputError when it names two."""
    found: dict[str, OutletRecord] = {}
    for name in (record.name, *record.aliases):
        if (hit := registry.by_key.get(name_key(name))) is not None:
            found[hit.name] = hit
    for domain in record.domains:
        if (hit := registry.by_domain.get(domain)) is not None:
            found[hit.name] = hit
    if len(found) > 1:
        raise InputError(
            where, f"its names and domains belong to {' and '.join(sorted(found))} at once"
        )
    return next(iter(found.values()), None)


def merge(old: OutletRecord, new: OutletRecord) -> OutletRecord:
    """``old`` with ``new``'s non-empty values; names and domains added (``new``'s name
    becomes an alias when it differs)."""
    aliases = [a for a in (new.name, *new.aliases) if name_key(a) != name_key(old.name)]
    return replace(
        old,
        aliases=tuple(dict.fromkeys([*old.aliases, *aliases])),
        domains=tuple(dict.fromkeys([*old.domains, *new.domains])),
        country=new.country or old.country,
        language=new.language or old.language,
        owner=new.owner or old.owner,
        ratings={**old.ratings, **new.ratings},
    )


# --- editing -----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Edit:
    """Changes to one outlet (None leaves a value; "" clears it)."""

    name: str | None = None
    country: str | None = None
    language: str | None = None
    owner: str | None = None
    add_aliases: tuple[str, ...] = ()
    remove_aliases: tuple[str, ...] = ()
    add_domains: tuple[str, ...] = ()
    remove_domains: tuple[str, ...] = ()
    ratings: Mapping[str, str] = field(default_factory=dict)  # "" removes the rating


def edit_outlet(store: Store, name: str, edit: Edit, *, add: bool = False) -> OutletRecord:
    """Apply ``edit`` to the outlet called ``name`` (created when ``add``); the result.

    Raises InputError for an unknown outlet, a domain that is not one, or a name, alias or
    domain that belongs to another outlet."""
    registry = Registry.load(store)
    record = registry.by_key.get(name_key(name))
    if record is None:
        if not add:
            raise InputError(name, "no such outlet in the registry (add it with --add)")
        if not name_key(name):
            raise InputError(repr(name), "an outlet needs a name")
        record = OutletRecord(None, " ".join(name.split()))
    domains = []
    for cell in edit.add_domains:
        if (host := host_of(cell)) is None:
            raise InputError(cell, "not a domain")
        domains.append(host)
    removed = {name_key(a) for a in edit.remove_aliases}
    ratings = dict(record.ratings)
    for rating, value in edit.ratings.items():
        if not value:
            ratings.pop(rating, None)
            continue
        scale = registry.scales.get(rating)
        if scale and scale.levels and value not in scale.levels:
            raise InputError(rating, f"{value!r} is not on its scale ({', '.join(scale.levels)})")
        ratings[rating] = (value, "edited")
    new_name = " ".join(edit.name.split()) if edit.name else record.name
    aliases = [a for a in record.aliases if name_key(a) not in removed]
    if new_name != record.name and name_key(record.name) not in removed:
        aliases.append(record.name)

    def edited(new: str | None, old: str | None) -> str | None:
        return old if new is None else (new.strip() or None)

    changed = replace(
        record,
        name=new_name,
        aliases=tuple(
            a
            for a in dict.fromkeys([*aliases, *edit.add_aliases])
            if name_key(a) != name_key(new_name)
        ),
        domains=tuple(
            d for d in dict.fromkeys([*record.domains, *domains]) if d not in edit.remove_domains
        ),
        country=edited(edit.country, record.country),
        language=edited(edit.language, record.language),
        owner=edited(edit.owner, record.owner),
        ratings=ratings,
    )
    for other_name in (changed.name, *changed.aliases):
        other = registry.by_key.get(name_key(other_name))
        if other is not None and other.id != record.id:
            raise InputError(other_name, f"already names {other.name} in the registry")
    for domain in changed.domains:
        other = registry.by_domain.get(domain)
        if other is not None and other.id != record.id:
            raise InputError(domain, f"already a domain of {other.name} in the registry")
    (outlet_id,) = store.save_outlets([changed], name_key=name_key)
    return replace(changed, id=outlet_id)


def remove_outlet(store: Store, name: str) -> OutletRecord:
    """Remove the outlet called ``name`` from the registry; InputError when there is none."""
    record = Registry.load(store).by_key.get(name_key(name))
    if record is None or record.id is None:
        raise InputError(name, "no such outlet in the registry")
    store.delete_outlet(record.id)
    return record


def example_outlets() -> list[OutletRecord]:
    """The invented outlets of examples/ (rashomon/outlets/example_outlets.json)."""
    data = json.loads(files("rashomon.outlets").joinpath("example_outlets.json").read_text())
    return [
        OutletRecord(
            None,
            item["name"],
            tuple(item.get("aliases", ())),
            tuple(item.get("domains", ())),
            item.get("country"),
            item.get("language"),
            item.get("owner"),
        )
        for item in data["outlets"]
    ]


def add_examples(store: Store) -> ImportReport:
    """Add (or complete) the example outlets, as an import of them would."""
    report = ImportReport()
    registry = Registry.load(store)
    changed = []
    for record in example_outlets():
        report.rows += 1
        match = _match(registry, record, record.name)
        if match is None:
            changed.append(record)
            report.added += 1
        elif (merged := merge(match, record)) != match:
            changed.append(merged)
            report.updated += 1
    store.save_outlets(changed, name_key=name_key)
    return report
