"""The payment service client (given: do not change it).

The real service lives at https://payments.example.com and charges real money:
tests must never call it. Override ``get_payment_client`` with a fake that has
the same two methods (see README.md).
"""

from collections.abc import Iterator

import httpx

PAYMENTS_URL = "https://payments.example.com"


class PaymentDeclined(Exception):
    """The card was declined: nothing was charged."""


class PaymentUnavailable(Exception):
    """The payment service could not be reached, or failed."""


class PaymentClient:
    """Charges and refunds through the payment service's HTTP API."""

    def __init__(self, http: httpx.Client) -> None:
        self.http = http

    def charge(self, amount: int, reference: str) -> str:
        """Charge ``amount`` cents; returns the charge id.

        Raises PaymentDeclined (card declined) or PaymentUnavailable."""
        response = self._post("/v1/charges", {"amount": amount, "reference": reference})
        if response.status_code == 402:
            raise PaymentDeclined(reference)
        return str(response.json()["id"])

    def refund(self, charge_id: str) -> None:
        """Refund a charge in full. Raises PaymentUnavailable."""
        self._post(f"/v1/charges/{charge_id}/refund", {})

    def _post(self, path: str, body: dict[str, object]) -> httpx.Response:
        try:
            response = self.http.post(path, json=body)
        except httpx.HTTPError as exc:
            raise PaymentUnavailable(str(exc)) from exc
        if response.status_code >= 500:
            raise PaymentUnavailable(f"{path} answered {response.status_code}")
        return response


def get_payment_client() -> Iterator[PaymentClient]:
    """Dependency: a client of the real service, closed after the request."""
    with httpx.Client(base_url=PAYMENTS_URL, timeout=5.0) as http:
        yield PaymentClient(http)
