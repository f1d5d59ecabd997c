"""Given infrastructure: an in-memory item store. Do not change this file.

``ItemStore.add()`` is a coroutine that simulates a 50 ms database write, so
requests that create items overlap when they arrive together.
"""

from __future__ import annotations

import asyncio
import itertools
import threading
from dataclasses import dataclass

WRITE_SECONDS = 0.05


@dataclass(frozen=True)
class Item:
    id: int
    name: str
    price: float


class ItemStore:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._items: dict[int, Item] = {}
        self._ids = itertools.count(1)

    async def add(self, name: str, price: float) -> Item:
        """Store a new item after a simulated 50 ms write; returns it with its id."""
        await asyncio.sleep(WRITE_SECONDS)
        with self._lock:
            item = Item(next(self._ids), name, price)
            self._items[item.id] = item
        return item

    def get(self, item_id: int) -> Item | None:
        with self._lock:
            return self._items.get(item_id)

    def all(self) -> list[Item]:
        """Every item, oldest first."""
        with self._lock:
            return sorted(self._items.values(), key=lambda item: item.id)
