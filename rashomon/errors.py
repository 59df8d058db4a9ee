"""Errors that describe bad input in one line, never a traceback."""

from __future__ import annotations


class InputError(Exception):
    """An input that cannot be read or analysed; ``str()`` is the one-line message."""

    def __init__(self, source: str, reason: str) -> None:
        super().__init__(f"{source}: {reason}")
        self.source = source
        self.reason = reason
