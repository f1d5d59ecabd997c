"""body-validation and path-validation: bad input answers FastAPI's 422."""

from uuid import uuid4

import pytest


def _name() -> str:
    return f"item-{uuid4().hex[:12]}"


def _error_locs(response) -> list:
    """The `loc` of every error in FastAPI's 422 body (asserts its shape)."""
    body = response.json()
    detail = body.get("detail") if isinstance(body, dict) else None
    assert isinstance(detail, list) and detail, (
        f'expected FastAPI\'s {{"detail": [errors...]}}, got {response.text[:200]}'
    )
    return [tuple(error.get("loc", ())) for error in detail]


def _assert_422_at(response, loc: tuple, what: str) -> None:
    assert response.status_code == 422, (
        f"{what}: expected 422, got {response.status_code}: {response.text[:200]}"
    )
    locs = _error_locs(response)
    assert loc in locs, f"{what}: expected an error with loc {list(loc)}, got locs {locs}"


@pytest.mark.criterion("body-validation")
def test_missing_name_422(client):
    """POST /items without name answers 422 with an error at loc ["body", "name"]."""
    response = client.post("/items", json={"price": 1.0})
    _assert_422_at(response, ("body", "name"), "POST /items without name")


@pytest.mark.criterion("body-validation")
def test_price_must_be_positive(client):
    """POST /items with price 0 or -1 answers 422 with an error at loc ["body", "price"]."""
    for price in (0, -1):
        response = client.post("/items", json={"name": _name(), "price": price})
        _assert_422_at(response, ("body", "price"), f"price {price}")


@pytest.mark.criterion("body-validation")
def test_wrong_types_422(client):
    """Wrong types (price "cheap", quantity "many", tags "a") answer 422 naming the field."""
    cases = [
        ({"price": "cheap"}, "price"),
        ({"price": 1, "quantity": "many"}, "quantity"),
        ({"price": 1, "tags": "a"}, "tags"),
        ({"price": 1, "name": ["not", "a", "string"]}, "name"),
    ]
    for change, field in cases:
        payload = {"name": _name(), **change}
        response = client.post("/items", json=payload)
        _assert_422_at(response, ("body", field), f"POST /items {change}")


@pytest.mark.criterion("body-validation")
def test_put_body_is_validated(client):
    """PUT /items/{id} with price 0 answers 422 and leaves the item unchanged."""
    created = client.post("/items", json={"name": _name(), "price": 5})
    assert created.status_code == 201, f"POST /items: expected 201, got {created.status_code}"
    item = created.json()
    response = client.put(f"/items/{item['id']}", json={"name": _name(), "price": 0})
    _assert_422_at(response, ("body", "price"), "PUT with price 0")
    after = client.get(f"/items/{item['id']}")
    assert after.status_code == 200 and after.json() == item, (
        f"expected the item unchanged after a rejected PUT: {item}, got {after.text[:200]}"
    )


@pytest.mark.criterion("path-validation")
def test_non_integer_item_id_422(client):
    """/items/abc and /items/1.5 answer 422 at loc ["path", "item_id"]; a real id answers 200."""
    created = client.post("/items", json={"name": _name(), "price": 1})
    assert created.status_code == 201, f"POST /items: expected 201, got {created.status_code}"
    item_id = created.json()["id"]
    ok = client.get(f"/items/{item_id}")
    assert ok.status_code == 200, f"GET /items/{item_id}: expected 200, got {ok.status_code}"
    for bad in ("abc", "1.5"):
        response = client.get(f"/items/{bad}")
        _assert_422_at(response, ("path", "item_id"), f"GET /items/{bad}")


@pytest.mark.criterion("path-validation")
def test_non_integer_id_on_put_and_delete(client):
    """PUT and DELETE /items/abc answer 422 at loc ["path", "item_id"]."""
    response = client.put("/items/abc", json={"name": _name(), "price": 1})
    _assert_422_at(response, ("path", "item_id"), "PUT /items/abc")
    response = client.delete("/items/abc")
    _assert_422_at(response, ("path", "item_id"), "DELETE /items/abc")
