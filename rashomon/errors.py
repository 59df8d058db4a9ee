"""Errors that describe bad input in one line, never a traceback."""

from __future__ import annotations


class InputError(Exception):
    """An input that cannot be read or analysed; ``str()`` is the one-line message."""

    def __init__(self, source: str, reason: str) -> None:
        # Both fields as args: exceptions pickle as ``type(*args)``, and analysis workers send
        # their errors back to the parent process that way.
        super().__init__(source, reason)
        self.source = source
        self.reason = reason

    def __str__(self) -> str:
        return f"{self.source}: {self.reason}"
