"""Fixtures: a fake payment client, and a fresh app that uses it."""

import warnings
from collections.abc import Iterator
from typing import Any

import pytest

with warnings.catch_warnings():  # Starlette warns that its TestClient moves to httpx2
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

from app.main import app
from app.payments import get_payment_client

from .fakes import ALICE, CreateOrder, FakePayments


@pytest.fixture
def payments() -> FakePayments:
    return FakePayments()


@pytest.fixture
def client(payments: FakePayments) -> Iterator[TestClient]:
    """The app with its payments faked; the lifespan gives each test an empty store."""
    app.dependency_overrides[get_payment_client] = lambda: payments
    try:
        with TestClient(app) as test_client:
            yield test_client
    finally:
        app.dependency_overrides.clear()


@pytest.fixture
def create(client: TestClient) -> CreateOrder:
    """``create(headers=BOB, quantity=2, ...)`` -> the body of a 201 POST /orders."""

    def make(headers: dict[str, str] = ALICE, **fields: Any) -> dict[str, Any]:
        body = {"item": "pen", "quantity": 1, "unit_price": 150} | fields
        response = client.post("/orders", json=body, headers=headers)
        assert response.status_code == 201, response.text
        return dict(response.json())

    return make
