"""update-delete: PUT replaces an item, DELETE removes it."""

from uuid import uuid4

import pytest


def _create(client, **fields) -> dict:
    payload = {"name": f"item-{uuid4().hex[:12]}", "price": 4.0, **fields}
    response = client.post("/items", json=payload)
    assert response.status_code == 201, (
        f"POST /items: expected 201, got {response.status_code}: {response.text[:200]}"
    )
    return response.json()


@pytest.mark.criterion("update-delete")
def test_put_replaces_whole_item(client):
    """PUT /items/{id} answers 200 with the new item: same id, omitted fields back to defaults."""
    item = _create(client, quantity=7, tags=["old"])
    new_name = f"item-{uuid4().hex[:12]}"
    response = client.put(f"/items/{item['id']}", json={"name": new_name, "price": 9.5})
    assert response.status_code == 200, (
        f"PUT /items/{item['id']}: expected 200, got {response.status_code}: {response.text[:200]}"
    )
    expected = {"id": item["id"], "name": new_name, "price": 9.5, "quantity": 0, "tags": []}
    assert response.json() == expected, f"expected {expected}, got {response.json()}"
    stored = client.get(f"/items/{item['id']}")
    assert stored.status_code == 200 and stored.json() == expected, (
        f"GET after PUT: expected 200 {expected}, got {stored.status_code} {stored.text[:200]}"
    )


@pytest.mark.criterion("update-delete")
def test_delete_then_read_404(client):
    """DELETE /items/{id} answers 204, then GET /items/{id} answers 404."""
    item = _create(client)
    response = client.delete(f"/items/{item['id']}")
    assert response.status_code == 204, (
        f"DELETE /items/{item['id']}: expected 204, got {response.status_code}"
    )
    after = client.get(f"/items/{item['id']}")
    assert after.status_code == 404, f"GET after DELETE: expected 404, got {after.status_code}"


@pytest.mark.criterion("update-delete")
def test_delete_leaves_other_items(client):
    """Deleting one item does not touch another one."""
    keep, drop = _create(client), _create(client)
    response = client.delete(f"/items/{drop['id']}")
    assert response.status_code == 204, f"DELETE: expected 204, got {response.status_code}"
    kept = client.get(f"/items/{keep['id']}")
    assert kept.status_code == 200 and kept.json() == keep, (
        f"GET the other item: expected 200 {keep}, got {kept.status_code} {kept.text[:200]}"
    )
