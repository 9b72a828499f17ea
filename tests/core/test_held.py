"""What a process holds is the value derived under the current stamp, never an older one, and the store stays
bounded."""

from __future__ import annotations

import threading

from byvekst.core.held import STORES, Held, clear_all


def test_a_value_is_derived_once_per_stamp() -> None:
    store: Held[list[int]] = Held(size=4)
    derived: list[str] = []

    def derive(label: str) -> list[int]:
        derived.append(label)
        return [len(derived)]

    first = store.get("a", 1, lambda: derive("a1"))
    assert store.get("a", 1, lambda: derive("again")) is first and derived == ["a1"]
    changed = store.get("a", 2, lambda: derive("a2"))  # the data changed: derived again
    assert changed == [2] and derived == ["a1", "a2"]
    assert store.get("a", 2, lambda: derive("again")) is changed


def test_the_store_keeps_its_newest_entries_within_its_size() -> None:
    store: Held[str] = Held(size=2)
    for key in ("a", "b", "c"):
        store.get(key, 0, lambda key=key: key)  # type: ignore[misc]
    assert store.get("a", 0, lambda: "derived again") == "derived again"  # the oldest went first
    assert store.get("c", 0, lambda: "derived again") == "c"
    assert store.get("b", 0, lambda: "derived again") == "derived again"  # a, then b, pushed it out


def test_threads_share_a_store() -> None:
    store: Held[int] = Held(size=8)
    seen: list[int] = []

    def read(n: int) -> None:
        for i in range(200):
            seen.append(store.get(i % 10, 0, lambda i=i: i % 10))  # type: ignore[misc]

    threads = [threading.Thread(target=read, args=(n,)) for n in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(seen) == 800 and seen.count(3) == 80  # every reading got its own key's value


def test_clear_all_empties_every_store() -> None:
    store: Held[str] = Held(size=2)
    store.get("a", 0, lambda: "a")
    assert store in STORES
    clear_all()
    assert store.get("a", 0, lambda: "new") == "new"
