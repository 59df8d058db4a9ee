"""rashomon: see how different news outlets tell the same story.

The Python API (docs/api.md)::

    import rashomon

    found = rashomon.read(["examples/articles/korsa-strait-detentions"])
    comparison = rashomon.compare(found.articles)
    rashomon.to_json(comparison)  # the document `rashomon compare --format json` writes

``import rashomon`` loads nothing heavy: each name below is imported on first use, and the
models load when an analysis first needs them.
"""

from __future__ import annotations

import importlib
import logging
import sys
from types import ModuleType

# Library logging (docs/api.md, Logging): records under "rashomon.<stage>"; shown only where
# the application configures logging (the CLI's --verbose does).
logging.getLogger(__name__).addHandler(logging.NullHandler())

# typing.TYPE_CHECKING without importing typing (a third of this package's import time);
# type checkers know the name.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

    from rashomon.api import (
        Analyses,
        Corpus,
        ReadResult,
        analyze,
        article_from_text,
        compare,
        read,
        to_html,
        to_json,
    )
    from rashomon.compare.types import Comparison
    from rashomon.errors import InputError
    from rashomon.store import StoreError
    from rashomon.types import Analysis, Article, StoryFilter

# public name -> the module that defines it
_EXPORTS = {
    "read": "rashomon.api",
    "analyze": "rashomon.api",
    "compare": "rashomon.api",
    "article_from_text": "rashomon.api",
    "to_json": "rashomon.api",
    "to_html": "rashomon.api",
    "Corpus": "rashomon.api",
    "ReadResult": "rashomon.api",
    "Analyses": "rashomon.api",
    "Article": "rashomon.types",
    "Analysis": "rashomon.types",
    "StoryFilter": "rashomon.types",
    "Comparison": "rashomon.compare.types",
    "InputError": "rashomon.errors",
    "StoreError": "rashomon.store",
}

__all__ = [
    "Analyses",
    "Analysis",
    "Article",
    "Comparison",
    "Corpus",
    "InputError",
    "ReadResult",
    "StoreError",
    "StoryFilter",
    "analyze",
    "article_from_text",
    "compare",
    "read",
    "to_html",
    "to_json",
]


# Two functions share their names with the stages' subpackages (rashomon/analyze/,
# rashomon/compare/). Importing a subpackage sets it as an attribute of this package, which
# would hide the function; so ``rashomon.analyze`` and ``rashomon.compare`` stay the
# functions (``_Function``), which hand on any other attribute to the subpackage:
# ``import rashomon.analyze.pipeline as pipeline`` and ``rashomon.compare.engine`` work.
_SHADOWED = ("analyze", "compare")


class _Function:
    """An API function that also stands for the subpackage of its name."""

    def __init__(self, function: Any, package: str) -> None:
        import functools

        functools.update_wrapper(self, function)
        self._package = package

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        return self.__wrapped__(*args, **kwargs)

    def __getattr__(self, name: str) -> Any:
        if name.startswith("__"):
            raise AttributeError(name)
        return getattr(importlib.import_module(self._package), name)

    def __repr__(self) -> str:
        return f"<function rashomon.{self.__name__}>"


class _Package(ModuleType):
    def __setattr__(self, name: str, value: Any) -> None:
        if name in _SHADOWED and isinstance(value, ModuleType):
            return  # the subpackage stays reachable through the function and sys.modules
        super().__setattr__(name, value)


sys.modules[__name__].__class__ = _Package


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'rashomon' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    if name in _SHADOWED:
        value = _Function(value, f"rashomon.{name}")
    globals()[name] = value  # looked up once
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})
