"""strict-bodies: unknown fields, name rules, tag count and quantity."""

from uuid import uuid4

import pytest


def _name() -> str:
    return f"item-{uuid4().hex[:12]}"


def _assert_422_at(response, loc: tuple, what: str) -> None:
    assert response.status_code == 422, (
        f"{what}: expected 422, got {response.status_code}: {response.text[:200]}"
    )
    detail = response.json().get("detail")
    locs = [tuple(e.get("loc", ())) for e in detail] if isinstance(detail, list) else []
    assert loc in locs, f"{what}: expected an error with loc {list(loc)}, got {response.text[:200]}"


@pytest.mark.criterion("strict-bodies")
def test_unknown_fields_rejected(client):
    """A field outside ItemIn ("color", a client-chosen "id") answers 422 on POST and PUT."""
    response = client.post("/items", json={"name": _name(), "price": 1, "color": "red"})
    _assert_422_at(response, ("body", "color"), 'POST with "color"')
    response = client.post("/items", json={"name": _name(), "price": 1, "id": 424242})
    _assert_422_at(response, ("body", "id"), 'POST with "id"')

    created = client.post("/items", json={"name": _name(), "price": 1})
    assert created.status_code == 201, f"POST /items: expected 201, got {created.status_code}"
    item_id = created.json()["id"]
    response = client.put(f"/items/{item_id}", json={"name": _name(), "price": 2, "color": "red"})
    _assert_422_at(response, ("body", "color"), 'PUT with "color"')


@pytest.mark.criterion("strict-bodies")
def test_name_length(client):
    """A 51-character, empty or spaces-only name answers 422; 50 characters is accepted."""
    for bad in ("x" * 51, "", "    "):
        response = client.post("/items", json={"name": bad, "price": 1})
        _assert_422_at(response, ("body", "name"), f"a name of {len(bad)} characters {bad[:6]!r}")
    fifty = uuid4().hex + "n" * 18
    response = client.post("/items", json={"name": fifty, "price": 1})
    assert response.status_code == 201, (
        f"a 50-character name: expected 201, got {response.status_code}: {response.text[:200]}"
    )


@pytest.mark.criterion("strict-bodies")
def test_name_is_stripped(client):
    """Surrounding spaces are stripped from name: "  pen  " is stored as "pen"."""
    name = _name()
    response = client.post("/items", json={"name": f"  {name}  ", "price": 1})
    assert response.status_code == 201, f"POST: expected 201, got {response.status_code}"
    assert response.json().get("name") == name, (
        f"expected name {name!r}, got {response.json().get('name')!r}"
    )
    stored = client.get(f"/items/{response.json()['id']}").json()
    assert stored.get("name") == name, f"GET: expected name {name!r}, got {stored.get('name')!r}"

    fifty = uuid4().hex + "s" * 18
    response = client.post("/items", json={"name": f"   {fifty}   ", "price": 1})
    assert response.status_code == 201, (
        f"50 characters plus surrounding spaces: expected 201, got {response.status_code}"
    )
    assert response.json().get("name") == fifty, (
        f"expected name {fifty!r}, got {response.json().get('name')!r}"
    )


@pytest.mark.criterion("strict-bodies")
def test_tags_and_quantity_limits(client):
    """6 tags or quantity -1 answer 422; 5 tags and quantity 0 are accepted."""
    six = [f"t{i}" for i in range(6)]
    response = client.post("/items", json={"name": _name(), "price": 1, "tags": six})
    _assert_422_at(response, ("body", "tags"), "6 tags")
    response = client.post("/items", json={"name": _name(), "price": 1, "quantity": -1})
    _assert_422_at(response, ("body", "quantity"), "quantity -1")
    response = client.post(
        "/items", json={"name": _name(), "price": 1, "quantity": 0, "tags": six[:5]}
    )
    assert response.status_code == 201, (
        f"5 tags and quantity 0: expected 201, got {response.status_code}: {response.text[:200]}"
    )
