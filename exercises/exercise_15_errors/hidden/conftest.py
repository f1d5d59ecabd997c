"""Fixtures and helpers for the exercise_15 hidden suite.

The app is shared by the whole run: tests create their own orders with unique
references and use order ids no test creates.
"""

from __future__ import annotations

import random
import uuid
from typing import Any

import httpx
import pytest

ADMIN = {"X-API-Key": "key-admin"}
READER = {"X-API-Key": "key-reader"}
# A request that ends in an unexpected exception asks for a fresh connection.
CLOSE = {"Connection": "close"}

PROBLEM_KEYS = {"type", "title", "status", "detail", "instance"}
TITLES = {
    401: {"Unauthorized"},
    403: {"Forbidden"},
    404: {"Not Found"},
    405: {"Method Not Allowed"},
    409: {"Conflict"},
    422: {"Unprocessable Entity", "Unprocessable Content"},
    500: {"Internal Server Error"},
}
UNEXPECTED = "An unexpected error occurred"
VALIDATION_FAILED = "Request validation failed"


def new_reference(prefix: str = "ref") -> str:
    """An order reference no other test uses."""
    return f"{prefix}-{uuid.uuid4().hex}"


def missing_order_id() -> int:
    """An order id the store never reaches in one run."""
    return random.randint(10**8, 10**9)


def media_type(response: httpx.Response) -> str:
    return response.headers.get("content-type", "").split(";")[0].strip().lower()


def problem_of(response: httpx.Response, what: str, status: int) -> dict[str, Any]:
    """The JSON body of a ``status`` answer whose body has "status": ``status``."""
    assert response.status_code == status, (
        f"{what}: expected {status}, got {response.status_code} {response.text[:200]}"
    )
    try:
        body = response.json()
    except ValueError:
        raise AssertionError(
            f"{what}: expected a JSON problem body, got {response.text[:200]!r}"
        ) from None
    assert isinstance(body, dict) and body.get("status") == status, (
        f'{what}: expected a problem body with "status": {status}, got {response.text[:300]}'
    )
    return body


def assert_problem(
    response: httpx.Response,
    what: str,
    status: int,
    detail: str,
    instance: str,
    extra_keys: frozenset[str] = frozenset(),
) -> dict[str, Any]:
    """The answer is exactly the problem envelope with these values."""
    body = problem_of(response, what, status)
    keys = PROBLEM_KEYS | extra_keys
    assert set(body) == keys, (
        f"{what}: expected exactly the keys {sorted(keys)}, got {sorted(body)}: {str(body)[:300]}"
    )
    expected = {"type": "about:blank", "status": status, "detail": detail, "instance": instance}
    got = {key: body[key] for key in expected}
    assert got == expected, f"{what}: expected {expected}, got {got}"
    titles = sorted(TITLES[status])
    assert body["title"] in TITLES[status], (
        f"{what}: expected the title {' or '.join(map(repr, titles))}, got {body['title']!r}"
    )
    return body


class Orders:
    """Small helpers over the candidate's app."""

    def __init__(self, client: httpx.Client) -> None:
        self.client = client

    def create(self, reference: str | None = None, item: str = "pen") -> dict[str, Any]:
        """POST /orders that must answer 201; returns the created order."""
        order = {"reference": reference or new_reference(), "item": item, "quantity": 2}
        response = self.client.post("/orders", json=order, headers=ADMIN)
        assert response.status_code == 201, (
            f"POST /orders {order}: expected 201, got {response.status_code} {response.text[:200]}"
        )
        created = dict(response.json())
        got = {key: created.get(key) for key in order}
        assert got == order and isinstance(created.get("id"), int), (
            f"POST /orders {order}: expected the order with an integer id, got {created}"
        )
        return created


@pytest.fixture
def orders(client: httpx.Client) -> Orders:
    return Orders(client)
