"""The JSON docs document the one schema (rashomon/present/schema/), field by field.

In the manner of datasette's docs tests: every field of an analysis, a comparison and a story
has a row in its docs page's fields table, with the type the schema gives it and, for a
field of fixed values, every value; and every row names a field the schema has. A field
added to a record (rashomon/types.py, rashomon/compare/types.py) is in the schema at once,
so this test then asks for its row. Model-free: it reads the schema and the pages only.
"""

from __future__ import annotations

import re
import types
import typing
from collections.abc import Iterator
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any, Literal, Union

import pytest
from pydantic import BaseModel
from pydantic.fields import FieldInfo

from rashomon.compare.types import Comparison
from rashomon.present.schema import analysis as analysis_schema
from rashomon.present.schema import comparison as comparison_schema
from rashomon.present.schema import record_model
from rashomon.present.schema.analysis import AnalysisBatch, AnalysisDocument
from rashomon.present.schema.comparison import ComparisonDocument
from rashomon.present.schema.stories import StoryListing, StoryRecord, StorySummaryModel
from rashomon.types import Analysis

DOCS = Path(__file__).resolve().parent.parent / "docs"

# docs page -> the models it documents, and the models documented there on their own (an
# analysis inside the batch is the same object as one line of JSONL: its fields are
# documented once, without the ``analyses[].`` prefix).
PAGES: dict[str, tuple[tuple[type[BaseModel], ...], tuple[type[BaseModel], ...]]] = {
    "analysis-json.md": ((AnalysisBatch, AnalysisDocument), (AnalysisDocument,)),
    "compare-json.md": ((ComparisonDocument,), ()),
    "stories-json.md": ((StoryListing, StoryRecord), (StorySummaryModel,)),
}
# A row of a fields table: | `path` | type | meaning |
ROW = re.compile(r"^\|\s*`([^`]+)`\s*\|([^|]*)\|(.*)\|\s*$")
SCALARS = {str: "string", int: "integer", float: "number", bool: "boolean"}


def field_paths(
    model: type[BaseModel], prefix: str = "", own: tuple[type[BaseModel], ...] = ()
) -> Iterator[tuple[str, FieldInfo]]:
    """Every field reachable from ``model`` as (path, field): ``a.b`` for a member of an
    object, ``a[]`` for the items of a list, ``a{}`` for the values of an object keyed
    by id (``unmatched{}``). Models in ``own`` are not entered."""
    for name, field in model.model_fields.items():
        path = prefix + (field.alias or name)
        yield path, field
        yield from _inside(field.annotation, path, own)


def _inside(
    annotation: Any, path: str, own: tuple[type[BaseModel], ...]
) -> Iterator[tuple[str, FieldInfo]]:
    annotation = _non_null(annotation)
    origin, args = typing.get_origin(annotation), typing.get_args(annotation)
    if origin is list:
        yield from _inside(args[0], f"{path}[]", own)
    elif origin is dict:
        yield from _inside(args[1], f"{path}{{}}", own)
    elif (
        isinstance(annotation, type) and issubclass(annotation, BaseModel) and annotation not in own
    ):
        yield from field_paths(annotation, f"{path}.", own)


def _non_null(annotation: Any) -> Any:
    if typing.get_origin(annotation) in (Union, types.UnionType):
        rest = [a for a in typing.get_args(annotation) if a is not type(None)]
        if len(rest) == 1:
            return rest[0]
    return annotation


def type_label(field: FieldInfo) -> str:
    """How the docs name a field's type: string, integer, number, boolean, list, object,
    each "or null" where the field may be null, ", optional" where it may be absent."""
    annotation = field.annotation
    inner = _non_null(annotation)
    nullable = inner is not annotation
    origin = typing.get_origin(inner)
    if origin is Literal:
        label = SCALARS[type(typing.get_args(inner)[0])]
    elif origin is list:
        label = "list"
    elif origin is dict or (isinstance(inner, type) and issubclass(inner, BaseModel)):
        label = "object"
    else:
        label = SCALARS[inner]
    label = f"{label} or null" if nullable else label
    return label if field.is_required() else f"{label}, optional"


def schema_fields(page: str) -> dict[str, FieldInfo]:
    models, own = PAGES[page]
    return {path: field for model in models for path, field in field_paths(model, own=own)}


def documented_rows(page: str) -> dict[str, tuple[str, str]]:
    """The page's field rows: path -> (type, meaning)."""
    rows = {}
    for line in (DOCS / page).read_text("utf-8").splitlines():
        if match := ROW.match(line):
            rows[match[1]] = (match[2].strip(), match[3].strip())
    return rows


@pytest.mark.parametrize("page", sorted(PAGES))
def test_every_field_of_the_schema_is_documented(page: str) -> None:
    rows = documented_rows(page)
    missing = [
        f"`{path}` ({type_label(field)}): add the row | `{path}` | {type_label(field)} | "
        "what it is | to the fields table of docs/" + page
        for path, field in schema_fields(page).items()
        if path not in rows
    ]
    assert not missing, "undocumented fields:\n" + "\n".join(missing)


@pytest.mark.parametrize("page", sorted(PAGES))
def test_every_documented_field_is_in_the_schema(page: str) -> None:
    fields = schema_fields(page)
    unknown = [path for path in documented_rows(page) if path not in fields]
    assert not unknown, (
        f"docs/{page} documents fields the schema (rashomon/present/schema/) does not "
        f"have: {unknown}; remove their rows or correct their paths"
    )


@pytest.mark.parametrize("page", sorted(PAGES))
def test_documented_types_and_values_are_the_schemas(page: str) -> None:
    rows = documented_rows(page)
    wrong = []
    for path, field in schema_fields(page).items():
        if path not in rows:
            continue  # reported by the test above
        documented, meaning = rows[path]
        if not meaning:
            wrong.append(f"`{path}` has no meaning: say what it is")
        if documented != type_label(field):
            wrong.append(f"`{path}` is documented as {documented!r}, not {type_label(field)!r}")
        literal = _non_null(field.annotation)
        if typing.get_origin(literal) is Literal:
            absent = [v for v in typing.get_args(literal) if f"`{v}`" not in meaning]
            if absent:
                wrong.append(f"`{path}`: the meaning names no value {absent} (in backticks)")
    assert not wrong, f"docs/{page}:\n" + "\n".join(wrong)


@pytest.mark.parametrize(
    ("record", "document", "renamed", "writer"),
    [
        (Analysis, AnalysisDocument, analysis_schema.RENAMED, "present/json.py"),
        (Comparison, ComparisonDocument, comparison_schema.RENAMED, "present/compare_json.py"),
    ],
)
def test_every_field_of_an_analysis_and_a_comparison_is_written(
    record: type, document: type[BaseModel], renamed: dict[str, str | None], writer: str
) -> None:
    """The documents' top levels are declared by hand: a field added to Analysis or
    Comparison must be added to them (nested records' fields are in at once)."""
    written = {field.alias or name for name, field in document.model_fields.items()}
    for name in renamed:
        assert name in {f.name for f in fields(record)}, f"RENAMED names no field {name}"
    unwritten = [
        f.name
        for f in fields(record)
        if f.name not in written and renamed.get(f.name, "") not in written | {None}
    ]
    assert not unwritten, (
        f"{record.__name__} fields {unwritten} are in no field of {document.__name__}: add "
        f"them to it (rashomon/present/schema/), to rashomon/{writer} and to the docs table"
    )


def test_field_paths_reach_nested_records() -> None:
    """The walk these tests stand on enters lists, objects keyed by id and nested models."""
    paths = dict(field_paths(ComparisonDocument))
    assert type_label(paths["quotes[].members[].diff[].op"]) == "string"
    assert type_label(paths["unmatched{}[].start"]) == "integer"
    assert type_label(paths["timeline.first_published"]) == "string or null"
    assert type_label(paths["articles[].path"]) == "string or null, optional"
    assert "analyses[].article.text" not in dict(
        field_paths(AnalysisBatch, own=(AnalysisDocument,))
    )


@dataclass(frozen=True, slots=True)
class Sample:
    plain: int
    # said above the field,
    # over two lines
    above: str  # and after it
    after: float  # after it only
    tooling: bool  # type: ignore[misc]


def test_a_records_comments_describe_its_fields() -> None:
    """What /openapi.json says of each field: its record's comments, joined."""
    fields = record_model(Sample).model_fields
    assert fields["plain"].description is None
    assert fields["above"].description == "said above the field, over two lines and after it"
    assert fields["after"].description == "after it only"
    assert fields["tooling"].description is None
    assert StorySummaryModel.model_fields["outlets"].description == "most articles first"
