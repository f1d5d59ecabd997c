"""not-found-and-conflict and auth-errors: the app's own errors as problems."""

import pytest
from conftest import ADMIN, READER, assert_problem, missing_order_id, new_reference


@pytest.mark.criterion("not-found-and-conflict")
def test_missing_order_is_a_404_problem(client, orders):
    """GET /orders/{id}: 200 for your order, a 404 problem "Order {id} not found" if missing."""
    created = orders.create()
    url = f"/orders/{created['id']}"
    response = client.get(url, headers=READER)
    assert response.status_code == 200 and response.json() == created, (
        f"GET {url}: expected 200 {created}, got {response.status_code} {response.text[:200]}"
    )
    order_id = missing_order_id()
    url = f"/orders/{order_id}"
    response = client.get(url, headers=READER)
    assert_problem(response, f"GET {url}", 404, f"Order {order_id} not found", url)


@pytest.mark.criterion("not-found-and-conflict")
def test_duplicate_reference_is_a_409_problem(client, orders):
    """POST /orders with a reference already used is a 409 problem naming the reference."""
    reference = new_reference("dup")
    orders.create(reference)
    again = {"reference": reference, "item": "another item", "quantity": 1}
    response = client.post("/orders", json=again, headers=ADMIN)
    detail = f"An order with reference '{reference}' already exists"
    assert_problem(response, "POST /orders with a used reference", 409, detail, "/orders")


@pytest.mark.criterion("auth-errors")
def test_missing_api_key_is_a_401_problem(client):
    """GET /orders without X-API-Key is a 401 problem "Not authenticated"."""
    response = client.get("/orders")
    assert_problem(response, "GET /orders without a key", 401, "Not authenticated", "/orders")


@pytest.mark.criterion("auth-errors")
def test_unknown_api_key_is_a_401_problem(client):
    """GET /orders/{id} with an unknown X-API-Key is a 401 problem "Invalid API key"."""
    url = f"/orders/{missing_order_id()}"
    response = client.get(url, headers={"X-API-Key": "key-nobody"})
    assert_problem(response, f"GET {url} with an unknown key", 401, "Invalid API key", url)


@pytest.mark.criterion("auth-errors")
def test_read_only_key_is_a_403_problem(client, orders):
    """POST /orders and POST /orders/{id}/payment with the reader key are 403 problems."""
    order = {"reference": new_reference("ro"), "item": "pen", "quantity": 1}
    response = client.post("/orders", json=order, headers=READER)
    what = "POST /orders with the reader key"
    assert_problem(response, what, 403, "This API key is read-only", "/orders")
    url = f"/orders/{orders.create()['id']}/payment"
    response = client.post(url, headers=READER)
    what = f"POST {url} with the reader key"
    assert_problem(response, what, 403, "This API key is read-only", url)
