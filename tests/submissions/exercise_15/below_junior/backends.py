"""Given infrastructure: the payment gateway and the shipping carrier. Do not
change this file.

In this exercise both are broken, the way real backends break: the gateway
rejects every charge and the carrier cannot be reached. Their exception
messages carry internal details (a credential, a URL with a password) that
belong in your logs, never in a response.
"""

from __future__ import annotations

from dataclasses import dataclass

from .store import Order

GATEWAY_CREDENTIALS = "sk_live_51Hq7ZkT9xXbQ2mR4vW8"
CARRIER_URL = "https://shipping-bot:hunter2-c4rr13r@carrier.internal:8443/v2"


class PaymentGateway:
    def charge(self, order: Order) -> str:
        """Charge an order and return a receipt id. Always fails here."""
        raise RuntimeError(
            f"payment gateway refused order {order.reference}: "
            f"credentials {GATEWAY_CREDENTIALS} were rejected"
        )


@dataclass(frozen=True)
class Carrier:
    url: str

    def quote(self, order: Order) -> dict[str, object]:
        return {"order_id": order.id, "carrier": "Speedy Parcel", "price": 4.9 * order.quantity}


def connect_carrier() -> Carrier:
    """Open a connection to the carrier's API. Always fails here."""
    raise ConnectionError(f"carrier API unreachable at {CARRIER_URL}")
