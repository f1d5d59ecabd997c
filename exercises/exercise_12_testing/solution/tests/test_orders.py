"""Tests for the orders API: every external call goes to a fake."""

from typing import Any

import pytest
from fastapi.testclient import TestClient

from .fakes import ALICE, BOB, CreateOrder, FakePayments

VALID = {"item": "pen", "quantity": 3, "unit_price": 150}


# --- creating orders ---------------------------------------------------------


def test_create_charges_the_total_and_answers_201(client: TestClient, payments: FakePayments):
    response = client.post("/orders", json=VALID, headers=ALICE)

    assert response.status_code == 201, response.text
    assert response.json() == {
        "id": 1,
        "owner": "alice",
        "item": "pen",
        "quantity": 3,
        "unit_price": 150,
        "total": 450,
        "status": "paid",
        "charge_id": "ch_1",
    }
    assert payments.charges == [(450, "order-1")]


@pytest.mark.parametrize(
    "change",
    [
        {"quantity": 0},
        {"quantity": -1},
        {"quantity": 101},
        {"unit_price": 0},
        {"item": ""},
        {"item": "x" * 51},
    ],
)
def test_invalid_order_is_422_and_charges_nothing(
    client: TestClient, payments: FakePayments, change: dict[str, Any]
):
    response = client.post("/orders", json=VALID | change, headers=ALICE)

    assert response.status_code == 422, response.text
    assert payments.charges == []


def test_declined_payment_is_402_and_stores_nothing(client: TestClient, payments: FakePayments):
    payments.decline = True

    response = client.post("/orders", json=VALID, headers=ALICE)

    assert response.status_code == 402
    assert response.json() == {"detail": "Payment declined"}
    assert client.get("/orders", headers=ALICE).json() == {"items": [], "total": 0}
    assert client.get("/orders/1", headers=ALICE).status_code == 404


def test_payment_service_down_is_502(client: TestClient, payments: FakePayments):
    payments.down = True

    response = client.post("/orders", json=VALID, headers=ALICE)

    assert response.status_code == 502
    assert response.json() == {"detail": "Payment service unavailable"}


# --- authentication and ownership ----------------------------------------------

ENDPOINTS = [
    ("post", "/orders"),
    ("get", "/orders"),
    ("get", "/orders/1"),
    ("post", "/orders/1/cancel"),
]
BAD_HEADERS = [
    {},
    {"Authorization": "Bearer token-nobody"},
    {"Authorization": "Basic token-alice"},
]


@pytest.mark.parametrize("method, path", ENDPOINTS)
@pytest.mark.parametrize("headers", BAD_HEADERS, ids=["missing", "unknown", "not-bearer"])
def test_every_endpoint_needs_a_valid_token(
    client: TestClient,
    create: CreateOrder,
    payments: FakePayments,
    method: str,
    path: str,
    headers: dict[str, str],
):
    create()  # order 1 exists: a 401 must not depend on it missing

    response = client.request(method, path, json=VALID, headers=headers)

    assert response.status_code == 401, response.text
    assert response.json() == {"detail": "Not authenticated"}
    assert response.headers["WWW-Authenticate"] == "Bearer"
    assert payments.refunds == []


def test_unknown_order_is_404(client: TestClient):
    for response in (
        client.get("/orders/999", headers=ALICE),
        client.post("/orders/999/cancel", headers=ALICE),
    ):
        assert response.status_code == 404
        assert response.json() == {"detail": "Order not found"}


def test_other_users_order_is_404_and_untouched(
    client: TestClient, create: CreateOrder, payments: FakePayments
):
    order = create(headers=ALICE)

    read = client.get(f"/orders/{order['id']}", headers=BOB)
    cancel = client.post(f"/orders/{order['id']}/cancel", headers=BOB)

    assert (read.status_code, read.json()) == (404, {"detail": "Order not found"})
    assert (cancel.status_code, cancel.json()) == (404, {"detail": "Order not found"})
    assert payments.refunds == []
    assert client.get(f"/orders/{order['id']}", headers=ALICE).json() == order


def test_list_shows_only_my_orders(client: TestClient, create: CreateOrder):
    mine = create(headers=ALICE, item="mine")
    create(headers=BOB, item="theirs")

    assert client.get("/orders", headers=ALICE).json() == {"items": [mine], "total": 1}


# --- reading and pagination ------------------------------------------------------


def test_read_my_order(client: TestClient, create: CreateOrder):
    order = create(quantity=2)

    response = client.get(f"/orders/{order['id']}", headers=ALICE)

    assert response.status_code == 200
    assert response.json() == order


@pytest.mark.parametrize(
    "query, expected_ids",
    [
        ("", [1, 2, 3, 4, 5]),
        ("?limit=2", [1, 2]),
        ("?limit=2&offset=2", [3, 4]),
        ("?limit=2&offset=4", [5]),
        ("?offset=5", []),
        ("?limit=5", [1, 2, 3, 4, 5]),
    ],
)
def test_pagination(client: TestClient, create: CreateOrder, query: str, expected_ids: list[int]):
    for n in range(5):
        create(item=f"item {n}")

    response = client.get(f"/orders{query}", headers=ALICE)

    assert response.status_code == 200
    page = response.json()
    assert [order["id"] for order in page["items"]] == expected_ids
    assert page["total"] == 5


@pytest.mark.parametrize("query", ["?limit=0", "?limit=51", "?offset=-1"])
def test_pagination_bounds_are_422(client: TestClient, query: str):
    assert client.get(f"/orders{query}", headers=ALICE).status_code == 422


# --- cancelling ------------------------------------------------------------------


def test_cancel_refunds_the_charge(client: TestClient, create: CreateOrder, payments: FakePayments):
    order = create()

    response = client.post(f"/orders/{order['id']}/cancel", headers=ALICE)

    assert response.status_code == 200
    assert response.json() == order | {"status": "cancelled"}
    assert payments.refunds == [order["charge_id"]]
    assert client.get(f"/orders/{order['id']}", headers=ALICE).json()["status"] == "cancelled"


def test_cancel_twice_is_409_and_refunds_once(
    client: TestClient, create: CreateOrder, payments: FakePayments
):
    order = create()
    client.post(f"/orders/{order['id']}/cancel", headers=ALICE)

    again = client.post(f"/orders/{order['id']}/cancel", headers=ALICE)

    assert again.status_code == 409
    assert again.json() == {"detail": "Order already cancelled"}
    assert payments.refunds == [order["charge_id"]]
