"""query-bounds: numbers out of range answer 422."""

from uuid import uuid4

import pytest


def _assert_422_at(response, loc: tuple, what: str) -> None:
    assert response.status_code == 422, (
        f"{what}: expected 422, got {response.status_code}: {response.text[:200]}"
    )
    detail = response.json().get("detail")
    locs = [tuple(e.get("loc", ())) for e in detail] if isinstance(detail, list) else []
    assert loc in locs, f"{what}: expected an error with loc {list(loc)}, got {response.text[:200]}"


@pytest.mark.criterion("query-bounds")
def test_limit_bounds(client):
    """GET /items with limit 0 or 101 answers 422; limit 1 and 100 answer 200."""
    client.post("/items", json={"name": f"item-{uuid4().hex[:12]}", "price": 1})
    for limit in (0, 101, -5):
        response = client.get("/items", params={"limit": limit})
        _assert_422_at(response, ("query", "limit"), f"limit={limit}")
    for limit in (1, 100):
        response = client.get("/items", params={"limit": limit})
        assert response.status_code == 200, (
            f"limit={limit}: expected 200, got {response.status_code}"
        )
        assert 1 <= len(response.json()) <= limit, (
            f"limit={limit}: expected between 1 and {limit} items, got {len(response.json())}"
        )


@pytest.mark.criterion("query-bounds")
def test_offset_bounds(client):
    """GET /items with offset -1 answers 422; offset 0 answers 200."""
    response = client.get("/items", params={"offset": -1})
    _assert_422_at(response, ("query", "offset"), "offset=-1")
    response = client.get("/items", params={"offset": 0})
    assert response.status_code == 200, f"offset=0: expected 200, got {response.status_code}"


@pytest.mark.criterion("query-bounds")
def test_item_id_must_be_positive(client):
    """GET, PUT and DELETE /items/0 (and /items/-1) answer 422, not 404."""
    body = {"name": f"item-{uuid4().hex[:12]}", "price": 1}
    for item_id in (0, -1):
        for method, response in (
            ("GET", client.get(f"/items/{item_id}")),
            ("PUT", client.put(f"/items/{item_id}", json=body)),
            ("DELETE", client.delete(f"/items/{item_id}")),
        ):
            _assert_422_at(response, ("path", "item_id"), f"{method} /items/{item_id}")
