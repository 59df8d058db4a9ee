"""A bounded, thread-safe LRU of rendered pages that computes each missing entry once.

Comparing a story's articles takes 0.2-2 s (far above the story page's 200 ms target), so
the story page and its JSON are rendered once and kept here under a key that names exactly
what they were made from (see ``Database.story_stamp``): a changed story simply misses, and
its stale entry ages out or is replaced. Requests that arrive for an entry being computed
wait for that one computation instead of starting their own ("single flight"), so a burst
of readers on a new story costs one comparison.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable, Sized
from concurrent.futures import Future
from typing import Generic, TypeVar

V = TypeVar("V", bound=Sized)


class PageCache(Generic[V]):
    """At most ``max_bytes`` of values (``len(value)`` bytes each), least recently used out.

    ``group`` ties a key to the thing it renders (a story id): storing a new key of a group
    drops the group's older one, whose content is out of date.
    """

    def __init__(self, max_bytes: int) -> None:
        self.max_bytes = max_bytes
        self._entries: OrderedDict[Hashable, V] = OrderedDict()
        self._groups: dict[Hashable, Hashable] = {}  # group -> its current key
        self._group_of: dict[Hashable, Hashable] = {}  # key -> its group
        self._pending: dict[Hashable, Future[V]] = {}
        self._size = 0
        self._lock = threading.Lock()

    def __len__(self) -> int:
        return len(self._entries)

    @property
    def size(self) -> int:
        """Bytes held."""
        return self._size

    def peek(self, key: Hashable) -> V | None:
        """The entry for ``key`` if held (never computes: cheap enough for the event loop)."""
        with self._lock:
            value = self._entries.get(key)
            if value is not None:
                self._entries.move_to_end(key)
            return value

    def get(self, key: Hashable, group: Hashable, compute: Callable[[], V]) -> V:
        """The entry for ``key``, computed by ``compute`` (once, however many ask) if missing."""
        with self._lock:
            value = self._entries.get(key)
            if value is not None:
                self._entries.move_to_end(key)
                return value
            future = self._pending.get(key)
            owner = future is None
            if future is None:
                future = self._pending[key] = Future()
        if not owner:
            return future.result()
        try:
            value = compute()
        except BaseException as error:
            with self._lock:
                del self._pending[key]
            future.set_exception(error)
            raise
        with self._lock:
            del self._pending[key]
            self._put(key, group, value)
        future.set_result(value)
        return value

    def _put(self, key: Hashable, group: Hashable, value: V) -> None:
        old = self._groups.get(group)
        if old is not None and old != key:
            self._drop(old)
        if len(value) > self.max_bytes:
            return  # larger than the whole cache: served, never kept
        self._groups[group] = key
        self._group_of[key] = group
        self._entries[key] = value
        self._size += len(value)
        while self._size > self.max_bytes:
            self._drop(next(iter(self._entries)))

    def _drop(self, key: Hashable) -> None:
        value = self._entries.pop(key, None)
        if value is not None:
            self._size -= len(value)
        group = self._group_of.pop(key, None)
        if group is not None and self._groups.get(group) == key:
            del self._groups[group]
