"""request-id-generated, request-id-propagated and request-id-validated."""

import uuid

import pytest
from conftest import is_uuid4, missing_item_id, new_request_id, request_id_of


def error_requests(client, headers):
    """A 404 from a handler, a 404 for an unknown path and two 422s."""
    return {
        "GET /items/{missing id} (404)": client.get(f"/items/{missing_item_id()}", headers=headers),
        "GET /unknown path (404)": client.get(f"/nowhere/{uuid.uuid4().hex}", headers=headers),
        "POST /items with an invalid body (422)": client.post(
            "/items", json={"name": ""}, headers=headers
        ),
        "GET /items/abc (422)": client.get("/items/abc", headers=headers),
    }


@pytest.mark.criterion("request-id-generated")
def test_generated_id_is_a_uuid4(client):
    """Without X-Request-ID, GET /items and POST /items answer with a new UUID4 X-Request-ID."""
    responses = {
        "GET /items": client.get("/items"),
        "POST /items": client.post("/items", json={"name": "pen", "price": 1.5}),
    }
    for what, response in responses.items():
        value = request_id_of(response, what)
        assert is_uuid4(value), f"{what}: expected a UUID4 (str(uuid4())), got {value!r}"


@pytest.mark.criterion("request-id-generated")
def test_generated_id_on_errors(client):
    """404 and 422 answers (unknown item, unknown path, invalid body or id) carry a UUID4 too."""
    for what, response in error_requests(client, {}).items():
        value = request_id_of(response, what)
        assert is_uuid4(value), f"{what}: expected a UUID4 X-Request-ID, got {value!r}"


@pytest.mark.criterion("request-id-generated")
def test_generated_ids_are_unique(client):
    """Ten requests without X-Request-ID get ten different ids."""
    ids = [request_id_of(client.get("/items"), "GET /items") for _ in range(10)]
    assert len(set(ids)) == 10, f"expected 10 different X-Request-IDs, got {sorted(ids)}"


@pytest.mark.criterion("request-id-propagated")
def test_valid_id_is_echoed(client):
    """A valid X-Request-ID sent with GET /items and POST /items comes back unchanged."""
    for method, path, body in (
        ("GET", "/items", None),
        ("POST", "/items", {"name": "ink", "price": 2}),
    ):
        sent = new_request_id()
        response = client.request(method, path, json=body, headers={"X-Request-ID": sent})
        value = request_id_of(response, f"{method} {path}")
        assert value == sent, f"{method} {path}: expected X-Request-ID {sent!r}, got {value!r}"


@pytest.mark.criterion("request-id-propagated")
def test_valid_id_is_echoed_on_errors(client):
    """A valid X-Request-ID comes back unchanged on 404 and 422 answers."""
    sent = new_request_id("err")
    for what, response in error_requests(client, {"X-Request-ID": sent}).items():
        value = request_id_of(response, what)
        assert value == sent, f"{what}: expected X-Request-ID {sent!r}, got {value!r}"


@pytest.mark.criterion("request-id-propagated")
def test_ids_of_every_valid_shape_are_echoed(client):
    """Valid ids of 1 and 64 characters, with digits, '-' and '_', and UUIDs come back unchanged."""
    samples = ["a", "Z" * 64, "order_42-retry-3", str(uuid.uuid4()), uuid.uuid4().hex.upper()]
    for sent in samples:
        value = request_id_of(client.get("/items", headers={"X-Request-ID": sent}), "GET /items")
        assert value == sent, f"GET /items: expected X-Request-ID {sent!r} back, got {value!r}"


INVALID_IDS = {
    "65 characters": "x" * 65,
    "a space": "two words",
    "a semicolon": "abc;rm",
    "a quote": 'say"hi',
    "a slash": "a/b",
    "angle brackets": "<script>",
    "an empty value": "",
}


@pytest.mark.criterion("request-id-validated")
def test_invalid_ids_are_replaced(client):
    """An invalid X-Request-ID (too long, space, ';', quote, '/', '<>', empty) gets a new UUID4."""
    for what, sent in INVALID_IDS.items():
        response = client.get("/items", headers={"X-Request-ID": sent})
        value = request_id_of(response, f"GET /items with an id holding {what}")
        assert value != sent and is_uuid4(value), (
            f"GET /items with an X-Request-ID holding {what} ({sent!r}): "
            f"expected a new UUID4 instead, got {value!r}"
        )


@pytest.mark.criterion("request-id-validated")
def test_replaced_id_is_the_one_logged(client, logs):
    """A request with an invalid id is logged with its new UUID4, never with the invalid value."""
    sent = f"bad id {uuid.uuid4().hex}"
    item_id = missing_item_id()
    since = logs.mark()
    response = client.get(f"/items/{item_id}", headers={"X-Request-ID": sent})
    value = request_id_of(response, "GET /items/{missing id} with an invalid id")
    assert is_uuid4(value), f"expected a new UUID4 for the invalid id {sent!r}, got {value!r}"
    line = logs.one_access_line(since, "GET /items/{missing id}", path=f"/items/{item_id}")
    assert line.get("request_id") == value, (
        f"access line: expected request_id {value!r} (the response's), "
        f"got {line.get('request_id')!r}"
    )
    leaked = [r for r in logs.app_log.records(since) if r.get("request_id") == sent]
    assert not leaked, f"the invalid id {sent!r} was logged as a request_id: {leaked}"
