"""read-item: GET /items/{item_id} returns the item or 404."""

from uuid import uuid4

import pytest

UNKNOWN_ID = 987_654_321


@pytest.mark.criterion("read-item")
def test_read_created_item(client):
    """GET /items/{id} answers 200 with the item POST /items created."""
    created = client.post(
        "/items", json={"name": f"item-{uuid4().hex[:12]}", "price": 3.25, "tags": ["x"]}
    )
    assert created.status_code == 201, (
        f"POST /items: expected 201, got {created.status_code}: {created.text[:200]}"
    )
    item = created.json()
    response = client.get(f"/items/{item['id']}")
    assert response.status_code == 200, (
        f"GET /items/{item['id']}: expected 200, got {response.status_code}: {response.text[:200]}"
    )
    assert response.json() == item, f"expected {item}, got {response.json()}"


@pytest.mark.criterion("read-item")
def test_read_unknown_item_404(client):
    """GET /items/{id} for an id never created answers 404 {"detail": "Item not found"}."""
    response = client.get(f"/items/{UNKNOWN_ID}")
    assert response.status_code == 404, (
        f"GET /items/{UNKNOWN_ID}: expected 404, got {response.status_code}"
    )
    assert response.json() == {"detail": "Item not found"}, (
        f'expected {{"detail": "Item not found"}}, got {response.text[:200]}'
    )
