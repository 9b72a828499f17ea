"""Values a process derives from stored data and holds while a cheap stamp of that data stays the same.

A thousand-project ranking or optimisation run is stored as JSON; decoding it and deriving a page's tables from
it is most of the time such a page takes. The data changes rarely (a finished run never), so each process holds
what it derived, under the data's key (a criteria set, a run) and a *stamp* read with the page's first, narrow
query (the rankings' fingerprint, the run's finish time). A reading whose stamp differs derives again: the held
value cannot be stale by construction. Each store is bounded (the oldest entry goes first) and its values are
replaced, never changed, so the threads of a process may share them; callers must not change what they get."""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Generic, TypeVar

V = TypeVar("V")

STORES: list[Held[object]] = []  # every store, to empty them all (between tests)


class Held(Generic[V]):
    def __init__(self, size: int) -> None:
        self.size = size
        self._items: OrderedDict[Hashable, tuple[Hashable, V]] = OrderedDict()
        self._lock = threading.Lock()
        STORES.append(self)  # type: ignore[arg-type]

    def get(self, key: Hashable, stamp: Hashable, derive: Callable[[], V]) -> V:
        """The value held under the key if it was derived under the same stamp, else ``derive()``, now held."""
        with self._lock:
            held = self._items.get(key)
            if held is not None and held[0] == stamp:
                self._items.move_to_end(key)
                return held[1]
        value = derive()  # outside the lock: two threads may derive the same value once each, never wait
        with self._lock:
            self._items[key] = (stamp, value)
            self._items.move_to_end(key)
            while len(self._items) > self.size:
                self._items.popitem(last=False)
        return value

    def clear(self) -> None:
        with self._lock:
            self._items.clear()


def clear_all() -> None:
    for store in STORES:
        store.clear()
