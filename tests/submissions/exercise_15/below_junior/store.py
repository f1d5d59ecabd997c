"""Given infrastructure: an in-memory order store. Do not change this file.

``OrderStore`` is thread-safe. It reports problems with its own exceptions,
which know nothing about HTTP: ``OrderNotFound`` and ``DuplicateReference``.
"""

from __future__ import annotations

import itertools
import threading
from dataclasses import dataclass


@dataclass(frozen=True)
class Order:
    id: int
    reference: str
    item: str
    quantity: int


class OrderNotFound(Exception):
    """No order has this id."""

    def __init__(self, order_id: int) -> None:
        super().__init__(f"no order with id {order_id}")
        self.order_id = order_id


class DuplicateReference(Exception):
    """Another order already uses this reference (references are unique)."""

    def __init__(self, reference: str) -> None:
        super().__init__(f"reference {reference!r} is taken")
        self.reference = reference


class OrderStore:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._orders: dict[int, Order] = {}
        self._ids = itertools.count(1)

    def add(self, reference: str, item: str, quantity: int) -> Order:
        """Store a new order; raises DuplicateReference if the reference is taken."""
        with self._lock:
            if any(order.reference == reference for order in self._orders.values()):
                raise DuplicateReference(reference)
            order = Order(next(self._ids), reference, item, quantity)
            self._orders[order.id] = order
            return order

    def get(self, order_id: int) -> Order:
        """The order with this id; raises OrderNotFound if there is none."""
        with self._lock:
            order = self._orders.get(order_id)
        if order is None:
            raise OrderNotFound(order_id)
        return order

    def recent(self, limit: int) -> list[Order]:
        """The ``limit`` most recent orders, newest first."""
        with self._lock:
            orders = sorted(self._orders.values(), key=lambda order: order.id, reverse=True)
        return orders[:limit]
