"""Named, swappable backends, in the manner of spaCy's registry.

A backend is registered under a kind ("parser", "embedder", ...) and a name, and
created lazily on first use, once per process, so importing rashomon loads no model and a
run loads only the backends its articles need: the parser of a language when the first
article in it is parsed, the encoder when the first vectors are asked for.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any


class Registry:
    """Factories of one kind of backend, looked up by name."""

    def __init__(self, kind: str) -> None:
        self.kind = kind
        self._factories: dict[str, Callable[[], Any]] = {}
        self._instances: dict[str, Any] = {}
        # threads (the web server's) asking for one backend at once must not load it twice;
        # re-entrant, since a factory may ask for another backend
        self._lock = threading.RLock()

    def register(self, name: str) -> Callable[[Callable[[], Any]], Callable[[], Any]]:
        def add(factory: Callable[[], Any]) -> Callable[[], Any]:
            self._factories[name] = factory
            return factory

        return add

    def names(self) -> list[str]:
        return sorted(self._factories)

    def loaded(self) -> list[str]:
        """The backends created so far in this process."""
        return sorted(self._instances)

    def get(self, name: str) -> Any:
        """The backend called ``name``, created on first use, once per process."""
        instance = self._instances.get(name)
        if instance is not None:
            return instance
        with self._lock:
            if name not in self._instances:
                if name not in self._factories:
                    known = ", ".join(self.names()) or "none"
                    raise KeyError(f"no {self.kind} backend named {name!r} (known: {known})")
                self._instances[name] = self._factories[name]()
            return self._instances[name]


parsers = Registry("parser")
embedders = Registry("embedder")
