"""The correct app, its mutants, and the files a run of the candidate's suite gets.

Every run (the correct app and each mutant) overlays the *reference* copy of
the given modules, so edits the candidate made to app/main.py or
app/payments.py never count, with the same two harmless changes:

- ``disguise``: comments on the first line, the last line and every ``def``
  line, so a test that pins the given source (a hash, a function's text) fails
  on the correct app too, and the only difference between the correct run and a
  mutant run is the bug;
- ``TRIPWIRE``: the real ``get_payment_client`` raises instead of connecting,
  so a test that reaches the real payment service fails, network or not.

A mutant is a list of (old, new) edits applied to reference/main.py by plain
string replacement; each ``old`` must occur exactly once.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

REFERENCE_DIR = Path(__file__).parent / "reference"
REFERENCE_MAIN = (REFERENCE_DIR / "main.py").read_text(encoding="utf-8")
REFERENCE_PAYMENTS = (REFERENCE_DIR / "payments.py").read_text(encoding="utf-8")

TRIPWIRE_MESSAGE = "a test reached the real payment service: override get_payment_client"
TRIPWIRE = (
    (
        "    with httpx.Client(base_url=PAYMENTS_URL, timeout=5.0) as http:\n"
        "        yield PaymentClient(http)\n"
    ),
    f"    raise RuntimeError({TRIPWIRE_MESSAGE!r})\n    yield\n",
)

_DEF_LINE = re.compile(r"^\s*(async\s+)?def\s")


def replace_once(source: str, old: str, new: str, what: str) -> str:
    count = source.count(old)
    if count != 1:
        raise ValueError(f"{what}: the snippet occurs {count} times, not once: {old!r}")
    return source.replace(old, new)


def disguise(source: str) -> str:
    """Harmless comments: same behaviour, different text."""
    lines = [
        f"{line}  # graded copy" if _DEF_LINE.match(line) else line for line in source.split("\n")
    ]
    return "# graded copy\n" + "\n".join(lines).rstrip("\n") + "\n# end of the graded copy\n"


def overlay(main_source: str) -> dict[str, str]:
    """The files written over the submission for one run of the candidate's suite."""
    payments = replace_once(REFERENCE_PAYMENTS, *TRIPWIRE, "tripwire")
    return {
        "app/__init__.py": "",
        "app/main.py": disguise(main_source),
        "app/payments.py": disguise(payments),
    }


@dataclass(frozen=True)
class Mutant:
    name: str  # also the criterion id
    level: str
    bug: str  # completes "your suite still passes when ..."
    edits: tuple[tuple[str, str], ...]

    @property
    def source(self) -> str:
        source = REFERENCE_MAIN
        for old, new in self.edits:
            source = replace_once(source, old, new, f"mutant {self.name}")
        if source == REFERENCE_MAIN:
            raise ValueError(f"mutant {self.name} is the reference app")
        return source


_CANCEL_SIGNATURE = (
    "def cancel_order(order: OwnedOrder, payments: Payments) -> Order:\n"
    '    """Refund a paid order\'s charge and mark it cancelled."""\n'
)

MUTANTS: dict[str, Mutant] = {
    mutant.name: mutant
    for mutant in (
        # --- junior: caught by happy paths and status codes --------------------
        Mutant(
            "create-status",
            "junior",
            "POST /orders answers 200 instead of 201",
            (
                (
                    '@app.post("/orders", status_code=status.HTTP_201_CREATED)',
                    '@app.post("/orders")',
                ),
            ),
        ),
        Mutant(
            "quantity-validation",
            "junior",
            "an order with quantity 0 (or negative) is accepted with 201 instead of 422",
            (("quantity: int = Field(ge=1, le=100)", "quantity: int = Field(le=100)"),),
        ),
        Mutant(
            "total-computed",
            "junior",
            "the order's total is its unit_price instead of quantity x unit_price",
            (("total = body.quantity * body.unit_price", "total = body.unit_price"),),
        ),
        Mutant(
            "missing-order",
            "junior",
            "GET /orders/{id} of an unknown id crashes (500) instead of answering 404",
            (("order = store.orders.get(order_id)", "order = store.orders[order_id]"),),
        ),
        Mutant(
            "double-cancel",
            "junior",
            "cancelling an already cancelled order refunds it again and answers 200 instead of 409",
            (
                (
                    '    if order.status == "cancelled":\n'
                    "        raise HTTPException("
                    'status.HTTP_409_CONFLICT, "Order already cancelled")\n',
                    "",
                ),
            ),
        ),
        # --- senior: caught by auth negatives, edges, and fakes that record ------
        Mutant(
            "auth-challenge",
            "senior",
            "a 401 answer has no WWW-Authenticate: Bearer header",
            (('            headers={"WWW-Authenticate": "Bearer"},\n', ""),),
        ),
        Mutant(
            "cancel-unprotected",
            "senior",
            "POST /orders/{id}/cancel needs no token and cancels anyone's order",
            (
                (
                    _CANCEL_SIGNATURE,
                    "def cancel_order("
                    "order_id: int, store: StoreDep, payments: Payments) -> Order:\n"
                    "    order = store.orders.get(order_id)\n"
                    "    if order is None:\n"
                    '        raise HTTPException(status.HTTP_404_NOT_FOUND, "Order not found")\n',
                ),
            ),
        ),
        Mutant(
            "other-users-order",
            "senior",
            "another user's order can be read and cancelled (200) instead of 404",
            (("if order is None or order.owner != user:", "if order is None:"),),
        ),
        Mutant(
            "page-off-by-one",
            "senior",
            "GET /orders returns limit - 1 orders per page",
            (("items=mine[offset : offset + limit]", "items=mine[offset : offset + limit - 1]"),),
        ),
        Mutant(
            "charge-amount",
            "senior",
            "the payment service is charged the unit_price while the order shows the right total",
            (
                (
                    'payments.charge(total, reference=f"order-{order_id}")',
                    'payments.charge(body.unit_price, reference=f"order-{order_id}")',
                ),
            ),
        ),
        Mutant(
            "declined-stored",
            "senior",
            "an order whose payment was declined (402) is stored anyway",
            (
                (
                    '    charge_id = payments.charge(total, reference=f"order-{order_id}")\n',
                    "",
                ),
                ("        charge_id=charge_id,\n", '        charge_id="",\n'),
                (
                    "    store.orders[order_id] = order\n",
                    "    store.orders[order_id] = order\n"
                    '    order.charge_id = payments.charge(total, reference=f"order-{order_id}")\n',
                ),
            ),
        ),
        Mutant(
            "cancel-bypasses-override",
            "senior",
            "POST /orders/{id}/cancel builds its own payment client instead of depending on "
            "get_payment_client (overrides are ignored there)",
            (
                (
                    "from .payments import PaymentClient,",
                    "import httpx\n\nfrom .payments import PAYMENTS_URL, PaymentClient,",
                ),
                (
                    _CANCEL_SIGNATURE,
                    _CANCEL_SIGNATURE.replace(", payments: Payments", ""),
                ),
                (
                    "    payments.refund(order.charge_id)\n",
                    "    with httpx.Client(base_url=PAYMENTS_URL, timeout=5.0) as http:\n"
                    "        PaymentClient(http).refund(order.charge_id)\n",
                ),
            ),
        ),
    )
}
