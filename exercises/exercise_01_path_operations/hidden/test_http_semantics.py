"""http-semantics: Location on 201, empty 204, 404 on unknown ids."""

from urllib.parse import urlsplit
from uuid import uuid4

import httpx
import pytest

UNKNOWN_ID = 987_654_321


def _create(client) -> httpx.Response:
    response = client.post("/items", json={"name": f"item-{uuid4().hex[:12]}", "price": 1})
    assert response.status_code == 201, (
        f"POST /items: expected 201, got {response.status_code}: {response.text[:200]}"
    )
    return response


@pytest.mark.criterion("http-semantics")
def test_location_header(client):
    """POST /items answers with a Location header pointing at /items/{id}, which GET serves."""
    response = _create(client)
    item_id = response.json()["id"]
    location = response.headers.get("location")
    assert location is not None, "expected a Location header on 201, got none"
    assert urlsplit(location).path == f"/items/{item_id}", (
        f"expected Location /items/{item_id}, got {location!r}"
    )
    followed = client.get(urlsplit(location).path)
    assert followed.status_code == 200 and followed.json() == response.json(), (
        f"GET {location}: expected 200 with the created item, got {followed.status_code}"
    )


@pytest.mark.criterion("http-semantics")
def test_delete_204_has_empty_body(client):
    """DELETE /items/{id} answers 204 with an empty body (no "null", no JSON)."""
    item_id = _create(client).json()["id"]
    response = client.delete(f"/items/{item_id}")
    assert response.status_code == 204, f"expected 204, got {response.status_code}"
    assert response.content == b"", f"expected an empty body, got {response.content[:100]!r}"


@pytest.mark.criterion("http-semantics")
def test_put_and_delete_unknown_404(client):
    """PUT and DELETE on an unknown or deleted id answer 404 {"detail": "Item not found"}."""
    body = {"name": f"item-{uuid4().hex[:12]}", "price": 1}
    for method, response in (
        ("PUT", client.put(f"/items/{UNKNOWN_ID}", json=body)),
        ("DELETE", client.delete(f"/items/{UNKNOWN_ID}")),
    ):
        assert response.status_code == 404, (
            f"{method} /items/{UNKNOWN_ID}: expected 404, got {response.status_code}"
        )
        assert response.json() == {"detail": "Item not found"}, (
            f'{method}: expected {{"detail": "Item not found"}}, got {response.text[:200]}'
        )
    item_id = _create(client).json()["id"]
    first = client.delete(f"/items/{item_id}")
    second = client.delete(f"/items/{item_id}")
    assert (first.status_code, second.status_code) == (204, 404), (
        f"DELETE twice: expected 204 then 404, got {first.status_code} then {second.status_code}"
    )
    put = client.put(f"/items/{item_id}", json=body)
    assert put.status_code == 404, f"PUT on a deleted item: expected 404, got {put.status_code}"
