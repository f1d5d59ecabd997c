"""Test doubles and constants shared by the tests."""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from app.payments import PaymentDeclined, PaymentUnavailable

ALICE = {"Authorization": "Bearer token-alice"}
BOB = {"Authorization": "Bearer token-bob"}

# the `create` fixture: create(headers=BOB, quantity=2, ...) -> the 201 body
CreateOrder = Callable[..., dict[str, Any]]


@dataclass
class FakePayments:
    """Stands in for PaymentClient: records every call, can decline or be down."""

    decline: bool = False
    down: bool = False
    charges: list[tuple[int, str]] = field(default_factory=list)
    refunds: list[str] = field(default_factory=list)

    def charge(self, amount: int, reference: str) -> str:
        if self.down:
            raise PaymentUnavailable("down")
        if self.decline:
            raise PaymentDeclined(reference)
        self.charges.append((amount, reference))
        return f"ch_{len(self.charges)}"

    def refund(self, charge_id: str) -> None:
        if self.down:
            raise PaymentUnavailable("down")
        self.refunds.append(charge_id)
