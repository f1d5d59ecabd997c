"""create-item: POST /items answers 201 with the stored item."""

from uuid import uuid4

import pytest


def _name() -> str:
    return f"item-{uuid4().hex[:12]}"


@pytest.mark.criterion("create-item")
def test_create_returns_201_and_item(client):
    """POST /items answers 201 and the item it stored, with an integer id >= 1."""
    payload = {"name": _name(), "price": 2.5, "quantity": 4, "tags": ["office", "blue"]}
    response = client.post("/items", json=payload)
    assert response.status_code == 201, (
        f"POST /items: expected 201, got {response.status_code}: {response.text[:200]}"
    )
    body = response.json()
    assert isinstance(body, dict), f"expected a JSON object, got {body!r}"
    assert isinstance(body.get("id"), int) and body["id"] >= 1, (
        f"expected an integer id >= 1, got {body.get('id')!r}"
    )
    got = {key: body.get(key) for key in payload}
    assert got == payload, f"expected the sent fields {payload}, got {got}"


@pytest.mark.criterion("create-item")
def test_create_applies_defaults(client):
    """POST /items without quantity and tags stores quantity 0 and tags []."""
    name = _name()
    response = client.post("/items", json={"name": name, "price": 1})
    assert response.status_code == 201, (
        f"POST /items: expected 201, got {response.status_code}: {response.text[:200]}"
    )
    body = response.json()
    expected = {"name": name, "price": 1.0, "quantity": 0, "tags": []}
    got = {key: body.get(key) for key in expected}
    assert got == expected, f"expected {expected}, got {got}"
    assert set(body) == {"id", "name", "price", "quantity", "tags"}, (
        f"expected exactly the keys id, name, price, quantity, tags, got {sorted(body)}"
    )


@pytest.mark.criterion("create-item")
def test_ids_are_sequential(client):
    """Two items created one after the other get consecutive ids."""
    first = client.post("/items", json={"name": _name(), "price": 1})
    second = client.post("/items", json={"name": _name(), "price": 1})
    assert (first.status_code, second.status_code) == (201, 201), (
        f"expected two 201s, got {first.status_code} and {second.status_code}"
    )
    id1, id2 = first.json().get("id"), second.json().get("id")
    assert isinstance(id1, int) and id2 == id1 + 1, (
        f"expected consecutive ids (n, n + 1), got {id1!r} and {id2!r}"
    )
