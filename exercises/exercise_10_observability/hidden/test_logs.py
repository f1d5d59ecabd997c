"""access-log and correlated-logs: JSON lines on the app's stdout."""

import uuid

import pytest
from conftest import missing_item_id, new_request_id, request_id_of


def check_access_line(line, what, method, path, status):
    expected = {"method": method, "path": path, "status": status}
    got = {key: line.get(key) for key in expected}
    assert got == expected, f"{what}: expected an access line with {expected}, got {line}"
    assert type(line.get("status")) is int, (
        f"{what}: expected status as a JSON number, got {line.get('status')!r}"
    )
    duration = line.get("duration_ms")
    assert isinstance(duration, int | float) and not isinstance(duration, bool), (
        f"{what}: expected duration_ms as a JSON number, got {duration!r}"
    )
    assert duration >= 0, f"{what}: expected duration_ms >= 0, got {duration!r}"


@pytest.mark.criterion("access-log")
def test_access_line_for_a_404(client, logs):
    """GET /items/{missing id} writes one JSON access line with the keys the brief lists."""
    item_id = missing_item_id()
    since = logs.mark()
    response = client.get(f"/items/{item_id}")
    assert response.status_code == 404, f"expected 404, got {response.status_code}"
    line = logs.one_access_line(since, "GET /items/{missing id}", path=f"/items/{item_id}")
    check_access_line(line, "GET /items/{missing id}", "GET", f"/items/{item_id}", 404)
    sent_back = response.headers.get("x-request-id")
    assert line.get("request_id") == sent_back, (
        f"access line: expected request_id {sent_back!r} (the X-Request-ID of the response), "
        f"got {line.get('request_id')!r}"
    )


@pytest.mark.criterion("access-log")
def test_access_line_for_a_post(client, logs):
    """POST /items writes one access line: status 201, duration_ms in milliseconds (>= 40)."""
    since = logs.mark()
    response = client.post("/items", json={"name": "lamp", "price": 12})
    assert response.status_code == 201, f"expected 201, got {response.status_code}"
    request_id = request_id_of(response, "POST /items")
    line = logs.one_access_line(since, "POST /items", request_id=request_id)
    check_access_line(line, "POST /items", "POST", "/items", 201)
    # The store's write alone takes 50 ms.
    duration = line["duration_ms"]
    assert 40 <= duration < 30_000, (
        f"POST /items takes at least 50 ms: expected duration_ms between 40 and 30000, "
        f"got {duration!r} (seconds instead of milliseconds?)"
    )


@pytest.mark.criterion("access-log")
def test_access_lines_for_unknown_paths_and_422(client, logs):
    """An unknown path (404) and an invalid body (422) each get their own access line."""
    path = f"/nowhere/{uuid.uuid4().hex}"
    since = logs.mark()
    response = client.get(path)
    assert response.status_code == 404, f"GET {path}: expected 404, got {response.status_code}"
    line = logs.one_access_line(since, f"GET {path}", path=path)
    check_access_line(line, "GET /unknown path", "GET", path, 404)

    sent = new_request_id("bad-body")
    since = logs.mark()
    response = client.post("/items", json={"price": -1}, headers={"X-Request-ID": sent})
    assert response.status_code == 422, f"expected 422, got {response.status_code}"
    line = logs.one_access_line(since, "POST /items with an invalid body", request_id=sent)
    check_access_line(line, "POST /items with an invalid body", "POST", "/items", 422)


def created_line(logs, since, item_id, what):
    lines = logs.wait(
        since, lambda r: r.get("event") == "item created" and r.get("item_id") == item_id
    )
    assert lines, (
        f"{what}: expected a JSON line with event 'item created' and item_id {item_id}, "
        f"found none; the log after the request: {logs.tail(since)}"
    )
    return lines[0]


@pytest.mark.criterion("correlated-logs")
def test_handler_line_carries_the_request_id(client, logs):
    """POST /items logs 'item created' as JSON: level INFO, logger app.items, the request's id."""
    sent = new_request_id("create")
    since = logs.mark()
    response = client.post(
        "/items", json={"name": "desk", "price": 99}, headers={"X-Request-ID": sent}
    )
    assert response.status_code == 201, f"expected 201, got {response.status_code}"
    item_id = response.json()["id"]
    line = created_line(logs, since, item_id, "POST /items")
    expected = {"level": "INFO", "logger": "app.items", "request_id": sent}
    got = {key: line.get(key) for key in expected}
    assert got == expected, f"'item created' line: expected {expected}, got {line}"


@pytest.mark.criterion("correlated-logs")
def test_warning_in_a_sync_handler_carries_the_request_id(client, logs):
    """GET /items/{missing id} logs 'item not found' as JSON: level WARNING, the request's id."""
    sent = new_request_id("lookup")
    item_id = missing_item_id()
    since = logs.mark()
    response = client.get(f"/items/{item_id}", headers={"X-Request-ID": sent})
    assert response.status_code == 404, f"expected 404, got {response.status_code}"
    lines = logs.wait(
        since, lambda r: r.get("event") == "item not found" and r.get("item_id") == item_id
    )
    assert lines, (
        f"expected a JSON line with event 'item not found' and item_id {item_id}, found none; "
        f"the log after the request: {logs.tail(since)}"
    )
    expected = {"level": "WARNING", "logger": "app.items", "request_id": sent}
    got = {key: lines[0].get(key) for key in expected}
    assert got == expected, f"'item not found' line: expected {expected}, got {lines[0]}"


@pytest.mark.criterion("correlated-logs")
def test_access_and_handler_lines_share_a_generated_id(client, logs):
    """No X-Request-ID sent: the access and 'item created' lines carry the response's id."""
    since = logs.mark()
    response = client.post("/items", json={"name": "chair", "price": 40})
    assert response.status_code == 201, f"expected 201, got {response.status_code}"
    request_id = request_id_of(response, "POST /items")
    line = created_line(logs, since, response.json()["id"], "POST /items")
    assert line.get("request_id") == request_id, (
        f"'item created' line: expected request_id {request_id!r} (the response's), "
        f"got {line.get('request_id')!r}"
    )
    access = logs.access_lines(since, request_id=request_id)
    assert len(access) == 1, (
        f"expected one access line with request_id {request_id!r}, got {len(access)}"
    )


@pytest.mark.criterion("correlated-logs")
def test_concurrent_requests_keep_their_own_ids(client, logs, in_parallel):
    """Eight simultaneous POST /items: each 'item created' line carries its own request's id."""
    sent = [new_request_id(f"par{n}") for n in range(8)]

    def create(request_id):
        return lambda: client.post(
            "/items", json={"name": request_id, "price": 1}, headers={"X-Request-ID": request_id}
        )

    since = logs.mark()
    responses = in_parallel(*(create(request_id) for request_id in sent))
    expected = {}
    for request_id, response in zip(sent, responses, strict=True):
        assert response.status_code == 201, f"expected 201, got {response.status_code}"
        expected[response.json()["id"]] = request_id
    lines = logs.wait(
        since,
        lambda r: r.get("event") == "item created" and r.get("item_id") in expected,
        count=len(expected),
    )
    assert len(lines) == len(expected), (
        f"8 simultaneous POST /items: expected 8 JSON 'item created' lines, found {len(lines)}"
    )
    got = {line["item_id"]: line.get("request_id") for line in lines}
    wrong = {item: (rid, got.get(item)) for item, rid in expected.items() if got.get(item) != rid}
    assert not wrong, (
        f"{len(wrong)} of 8 'item created' lines do not carry their request's id "
        f"(item_id: (expected, got)): {wrong}"
    )
