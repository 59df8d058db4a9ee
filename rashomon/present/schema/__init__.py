"""The one definition of the JSON that leaves the process: an analysis
(``schema.analysis``, docs/analysis-json.md), a comparison (``schema.comparison``,
docs/compare-json.md) and a stored story (``schema.stories``, docs/stories-json.md).

The models are built from the records themselves (``rashomon/types.py``,
``rashomon/compare/types.py``) by ``record_model``: every field of a record becomes a field
of its model, of the same name and type, described by the record's comment on it, so a
field added to a record is in the JSON, in the OpenAPI document and in the docs test at
once. The documents' top levels and the objects the outputs compose from several records
(an analysis's ``language``, a comparison's ``entities``, ``tone`` and ``timeline``, a
story's articles and copy groups) are declared by hand; each module's ``RENAMED`` says
where a field of ``Analysis`` or ``Comparison`` goes, and the docs test checks that every
one is written.

``rashomon analyze``, ``compare``, ``stories`` and ``story`` write their JSON through these
models (``present/json.py``, ``present/compare_json.py``, ``cli.py``), the web API declares
them as its response models (so ``/openapi.json`` describes every field), and
``tests/test_docs_schema.py`` checks that the docs pages document every field and no other.

Every field is always written (none is left out for being empty), with two exceptions the
models declare optional: an article's ``path`` in a comparison (a file on the machine that
read it) is left out by the web app, and the embedding vectors are written only when asked
for. The modules are apart so that writing one document does not import the others'
stages (a story listing needs no comparison engine).
"""

from __future__ import annotations

import dataclasses
import inspect
import io
import itertools
import textwrap
import tokenize
import types
import typing
from typing import Any, Union

from pydantic import BaseModel, ConfigDict, Field, create_model

# Closed: a key the model does not name is an error, so a writer cannot drift from it.
CLOSED = ConfigDict(extra="forbid", from_attributes=True, populate_by_name=True)

_models: dict[tuple[type, frozenset[str], frozenset[str]], type[BaseModel]] = {}
# A record's fields, in its dedented source, stand at this column.
_BODY_INDENT = 4
# Comments for tools, not readers.
_NOT_PROSE = ("# type:", "# noqa", "# pragma")


def record_model(
    record: type, *, left_out: frozenset[str] = frozenset(), optional: frozenset[str] = frozenset()
) -> type[BaseModel]:
    """The model of a record (a dataclass): its fields, names and types, tuples as lists,
    nested records as their models; less the fields ``left_out``; the fields ``optional``
    may be absent. Built once."""
    key = (record, left_out, optional)
    if key not in _models:
        hints = typing.get_type_hints(record)
        comments = field_comments(record)
        fields: dict[str, Any] = {}
        for field in dataclasses.fields(record):
            if field.name in left_out:
                continue
            annotation = _outward(hints[field.name])
            description = comments.get(field.name)
            if field.name in optional:
                fields[field.name] = (annotation | None, Field(None, description=description))
            else:
                fields[field.name] = (annotation, Field(description=description))
        _models[key] = create_model(
            record.__name__,
            __config__=CLOSED,
            __doc__=_description(record),
            __module__=__name__,
            **fields,
        )
    return _models[key]


def _outward(annotation: Any) -> Any:
    """A record field's type as the JSON model types it."""
    if dataclasses.is_dataclass(annotation) and isinstance(annotation, type):
        return record_model(annotation)
    origin, args = typing.get_origin(annotation), typing.get_args(annotation)
    if origin is tuple:
        if len(args) == 2 and args[1] is Ellipsis:
            return types.GenericAlias(list, (_outward(args[0]),))
        raise TypeError(f"a record's tuple must be tuple[X, ...], not {annotation}")
    if origin is list:
        return types.GenericAlias(list, (_outward(args[0]),))
    if origin is dict:
        return types.GenericAlias(dict, (args[0], _outward(args[1])))
    if origin in (Union, types.UnionType):
        return Union[tuple(_outward(a) for a in args)]  # noqa: UP007
    return annotation


def field_comments(record: type) -> dict[str, str]:
    """The comments the record's source gives its fields, the lines above a field and the
    end of its line, joined: they become the fields' descriptions in ``/openapi.json``.
    Empty where the source cannot be read (the JSON is the same without them)."""
    try:
        source = textwrap.dedent(inspect.getsource(record))
    except (OSError, TypeError):
        return {}
    lines = source.splitlines()
    comments: dict[int, str] = {}  # line number -> its comment
    fields: dict[int, str] = {}  # line number -> the field declared there
    tokens = list(tokenize.generate_tokens(io.StringIO(source).readline))
    for token, after in itertools.pairwise(tokens):
        if token.type == tokenize.COMMENT and not token.string.startswith(_NOT_PROSE):
            comments[token.start[0]] = token.string.lstrip("#").strip()
        elif token.type == tokenize.NAME and token.start[1] == _BODY_INDENT and after.string == ":":
            fields[token.start[0]] = token.string
    described = {}
    for number, name in fields.items():
        above = number - 1
        while above in comments and lines[above - 1].lstrip().startswith("#"):
            above -= 1
        parts = [comments[n] for n in range(above + 1, number + 1) if n in comments]
        if parts:
            described[name] = " ".join(parts)
    return described


def _description(record: type) -> str | None:
    """The record's docstring; None for dataclass's generated signature."""
    doc = record.__doc__ or ""
    return None if doc.startswith(f"{record.__name__}(") else doc.strip()


def without(model: type[BaseModel], name: str, left_out: set[str], doc: str) -> type[BaseModel]:
    """``model`` less the fields ``left_out``: the same fields, types and JSON names."""
    fields: dict[str, Any] = {
        field_name: (field.annotation, field)
        for field_name, field in model.model_fields.items()
        if field_name not in left_out
    }
    missing = left_out - set(model.model_fields)
    if missing:
        raise ValueError(f"{model.__name__} has no fields {sorted(missing)}")
    return create_model(name, __config__=CLOSED, __doc__=doc, __module__=__name__, **fields)


def dump(document: BaseModel) -> dict[str, Any]:
    """A document as JSON-ready data: the fields by their JSON names, an optional field
    left out where it was not given."""
    return document.model_dump(mode="json", by_alias=True, exclude_unset=True)
