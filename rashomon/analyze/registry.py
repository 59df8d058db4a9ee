"""Named, swappable backends, in the manner of spaCy's registry.

A backend is registered under a kind ("parser", "embedder", ...) and a name, and
created lazily on first use, so importing rashomon loads no model.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any


class Registry:
    """Factories of one kind of backend, looked up by name."""

    def __init__(self, kind: str) -> None:
        self.kind = kind
        self._factories: dict[str, Callable[[], Any]] = {}
        self._instances: dict[str, Any] = {}

    def register(self, name: str) -> Callable[[Callable[[], Any]], Callable[[], Any]]:
        def add(factory: Callable[[], Any]) -> Callable[[], Any]:
            self._factories[name] = factory
            return factory

        return add

    def names(self) -> list[str]:
        return sorted(self._factories)

    def get(self, name: str) -> Any:
        """The backend called ``name``, created once per process."""
        if name not in self._instances:
            if name not in self._factories:
                known = ", ".join(self.names()) or "none"
                raise KeyError(f"no {self.kind} backend named {name!r} (known: {known})")
            self._instances[name] = self._factories[name]()
        return self._instances[name]


parsers = Registry("parser")
embedders = Registry("embedder")
