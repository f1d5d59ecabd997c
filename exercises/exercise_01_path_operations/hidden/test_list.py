"""list-items: GET /items paginates with limit/offset and filters by tag."""

from uuid import uuid4

import pytest


def _create(client, tags: list[str]) -> dict:
    response = client.post(
        "/items", json={"name": f"item-{uuid4().hex[:12]}", "price": 1.0, "tags": tags}
    )
    assert response.status_code == 201, (
        f"POST /items: expected 201, got {response.status_code}: {response.text[:200]}"
    )
    return response.json()


def _list(client, params: dict) -> list:
    response = client.get("/items", params=params)
    assert response.status_code == 200, (
        f"GET /items {params}: expected 200, got {response.status_code}: {response.text[:200]}"
    )
    body = response.json()
    assert isinstance(body, list), f"GET /items {params}: expected a JSON list, got {body!r}"
    return body


@pytest.mark.criterion("list-items")
def test_default_limit_and_order(client):
    """GET /items without parameters returns 10 items in ascending id order."""
    for _ in range(11):
        _create(client, [])
    items = _list(client, {})
    assert len(items) == 10, f"expected the default limit of 10 items, got {len(items)}"
    ids = [item.get("id") for item in items]
    assert ids == sorted(ids), f"expected ids in ascending order, got {ids}"


@pytest.mark.criterion("list-items")
def test_limit_and_offset(client):
    """GET /items?limit=2&offset=1 returns the 2nd and 3rd items of the list."""
    for _ in range(3):
        _create(client, [])
    first_three = _list(client, {"limit": 3})
    assert len(first_three) == 3, f"limit=3: expected 3 items, got {len(first_three)}"
    window = _list(client, {"limit": 2, "offset": 1})
    expected = [item["id"] for item in first_three[1:]]
    got = [item.get("id") for item in window]
    assert got == expected, f"limit=2&offset=1: expected ids {expected}, got {got}"


@pytest.mark.criterion("list-items")
def test_tag_filter_then_paginate(client):
    """GET /items?tag=T returns only items tagged T, and pagination applies after the filter."""
    tag = f"tag-{uuid4().hex[:10]}"
    tagged = [_create(client, [tag]) for _ in range(2)]
    _create(client, ["other"])
    tagged.append(_create(client, ["other", tag]))
    expected = [item["id"] for item in tagged]

    got = [item.get("id") for item in _list(client, {"tag": tag})]
    assert got == expected, f"tag={tag}: expected ids {expected}, got {got}"
    page = [item.get("id") for item in _list(client, {"tag": tag, "limit": 2, "offset": 1})]
    assert page == expected[1:], (
        f"tag with limit=2&offset=1: expected ids {expected[1:]}, got {page}"
    )
    none = _list(client, {"tag": f"missing-{uuid4().hex}"})
    assert none == [], f"unknown tag: expected [], got {none[:3]}"
