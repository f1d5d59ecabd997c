"""errors-observed: an unhandled exception is still answered, logged and counted."""

import pytest
from conftest import CLOSE, COUNTER, HISTOGRAM, is_uuid4, new_request_id, request_id_of, series

BODY = "Internal Server Error"


def boom(client, headers=None):
    response = client.get("/boom", headers=CLOSE | (headers or {}))
    assert response.status_code == 500, f"GET /boom: expected 500, got {response.status_code}"
    return response


def json_body(response):
    try:
        return response.json()
    except ValueError:
        raise AssertionError(
            f"GET /boom: expected a JSON body, got {response.text[:120]!r}"
        ) from None


@pytest.mark.criterion("errors-observed")
def test_500_carries_the_propagated_id(client):
    """GET /boom with a valid X-Request-ID: 500, that id in the header and in the JSON body."""
    sent = new_request_id("boom")
    response = boom(client, {"X-Request-ID": sent})
    value = request_id_of(response, "GET /boom")
    assert value == sent, f"GET /boom: expected X-Request-ID {sent!r}, got {value!r}"
    expected = {"detail": BODY, "request_id": sent}
    body = json_body(response)
    assert body == expected, f"GET /boom: expected the body {expected}, got {body}"


@pytest.mark.criterion("errors-observed")
def test_500_carries_a_generated_id(client):
    """GET /boom without X-Request-ID: a new UUID4 in the header, the same one in the body."""
    response = boom(client)
    value = request_id_of(response, "GET /boom")
    assert is_uuid4(value), f"GET /boom: expected a UUID4 X-Request-ID, got {value!r}"
    body = json_body(response)
    assert body == {"detail": BODY, "request_id": value}, (
        f"GET /boom: expected the body {{'detail': {BODY!r}, 'request_id': {value!r}}}, got {body}"
    )


@pytest.mark.criterion("errors-observed")
def test_500_is_logged_with_its_id(client, logs):
    """GET /boom writes an access line with status 500 and an ERROR line, both with its id."""
    sent = new_request_id("boom-log")
    since = logs.mark()
    boom(client, {"X-Request-ID": sent})
    line = logs.one_access_line(since, "GET /boom", request_id=sent)
    got = {key: line.get(key) for key in ("method", "path", "status")}
    expected = {"method": "GET", "path": "/boom", "status": 500}
    assert got == expected, f"access line of GET /boom: expected {expected}, got {line}"
    errors = logs.wait(since, lambda r: r.get("level") == "ERROR" and r.get("request_id") == sent)
    assert errors, (
        f"GET /boom: expected a JSON line with level ERROR and request_id {sent!r}, found none; "
        f"the log after the request: {logs.tail(since)}"
    )


@pytest.mark.criterion("errors-observed")
def test_500_is_counted(client, metrics):
    """GET /boom is counted under status="500" and timed in the histogram."""
    before = metrics.scrape()
    boom(client)
    labels = {"method": "GET", "route": "/boom", "status": "500"}
    after, grown = metrics.after(before, COUNTER, labels, 1)
    assert grown == 1, (
        f"after GET /boom: expected {COUNTER}{series(labels)} to grow by 1, got {grown:g}"
    )
    labels = {"method": "GET", "route": "/boom"}
    name = f"{HISTOGRAM}_count"
    after, grown = metrics.after(before, name, labels, 1)
    assert grown == 1, (
        f"after GET /boom: expected {name}{series(labels)} to grow by 1, got {grown:g}"
    )
