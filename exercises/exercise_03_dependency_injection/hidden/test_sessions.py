"""session-closed, one-session-per-request and session-closed-under-load."""

import pytest

MISSING_ID = 987_654_322
BAD_TOKEN = {"Authorization": "Bearer token-nobody"}
# Requests that a flawed app may answer with 500 ask for a fresh connection:
# after an unhandled exception uvicorn closes the connection it answered on.
CLOSE = {"Connection": "close"}


def assert_status(response, expected, what):
    assert response.status_code == expected, (
        f"{what}: expected {expected}, got {response.status_code} {response.text[:120]}"
    )


def assert_failed(response, what):
    assert response.status_code >= 400, (
        f"{what}: expected an error status (409), got {response.status_code}"
    )


def assert_no_session_left(api, before, what):
    after = api.settled()
    left = after["open"] - before["open"]
    assert left <= 0, (
        f"after {what}: expected no session left open, got {left} more open session(s) "
        f"in /debug/sessions (before {before}, after {after})"
    )
    return after


@pytest.mark.criterion("session-closed")
def test_sessions_closed_after_successful_requests(client, api, new_user):
    """After successful requests (GET /me, POST, GET, DELETE /notes) no session is left open."""
    user = new_user()
    before = api.settled()
    assert_status(client.get("/me", headers=user.auth), 200, "GET /me")
    note = api.create(user, "closing time", "")
    assert_status(client.get("/notes", headers=user.auth), 200, "GET /notes")
    assert_status(client.get(f"/notes/{note['id']}", headers=user.auth), 200, "GET /notes/{id}")
    assert_status(
        client.delete(f"/notes/{note['id']}", headers=user.auth), 204, "DELETE /notes/{id}"
    )
    after = assert_no_session_left(api, before, "5 successful requests")
    closed = after["closed"] - before["closed"]
    assert closed >= 5, f"expected at least 5 sessions closed by 5 requests, got {closed}"


@pytest.mark.criterion("session-closed")
def test_sessions_closed_after_failed_requests(client, api, new_user):
    """After failed requests (401, 404, duplicate titles) no session is left open."""
    user = new_user()
    api.create(user, "taken", "")
    before = api.settled()
    assert_status(client.get("/me", headers=BAD_TOKEN), 401, "GET /me with an unknown token")
    assert_status(client.get("/notes", headers=BAD_TOKEN), 401, "GET /notes with an unknown token")
    assert_status(
        client.get(f"/notes/{MISSING_ID}", headers=user.auth), 404, "GET /notes/{missing id}"
    )
    assert_status(
        client.delete(f"/notes/{MISSING_ID}", headers=user.auth), 404, "DELETE /notes/{missing id}"
    )
    duplicate = {"title": "taken", "body": "again"}
    assert_failed(
        client.post("/notes", json=duplicate, headers=user.auth | CLOSE),
        "POST /notes with a duplicate title",
    )
    assert_failed(
        client.post("/notes/batch", json=[duplicate], headers=user.auth | CLOSE),
        "POST /notes/batch with a duplicate title",
    )
    after = assert_no_session_left(api, before, "6 failed requests")
    closed = after["closed"] - before["closed"]
    assert closed >= 6, f"expected at least 6 sessions closed by 6 requests, got {closed}"


@pytest.mark.criterion("one-session-per-request")
def test_one_session_for_one_authenticated_post(api, new_user):
    """One authenticated POST /notes opens exactly one session, shared by the user lookup."""
    user = new_user()
    before = api.stats()
    api.create(user, "one session", "")
    after = api.stats()
    opened = after["opened"] - before["opened"]
    assert opened == 1, f"expected 1 session opened by one POST /notes, got {opened}"


@pytest.mark.criterion("one-session-per-request")
def test_one_session_for_each_authenticated_read(client, api, alice):
    """GET /me, GET /notes and a 404 GET /notes/{id} each open exactly one session."""
    for path, expected in (("/me", 200), ("/notes", 200), (f"/notes/{MISSING_ID}", 404)):
        before = api.stats()
        assert_status(client.get(path, headers=alice.auth), expected, f"GET {path}")
        after = api.stats()
        opened = after["opened"] - before["opened"]
        assert opened == 1, f"expected 1 session opened by GET {path}, got {opened}"


@pytest.mark.criterion("session-closed-under-load")
def test_concurrent_mixed_requests_leave_no_open_session(
    client, api, in_parallel, alice, bob, new_user
):
    """20 concurrent requests (200, 201, 401, 404, duplicate titles) leave no session open."""
    writer, holder = new_user(), new_user()
    api.create(holder, "dup", "")
    before = api.settled()

    def call(method, path, expected, headers, json=None):
        def run():
            response = client.request(method, path, headers=headers, json=json)
            return f"{method} {path}", expected, response

        return run

    calls = (
        [call("GET", "/me", 200, alice.auth) for _ in range(5)]
        + [call("GET", "/me", 401, BAD_TOKEN) for _ in range(5)]
        + [call("GET", f"/notes/{MISSING_ID}", 404, bob.auth) for _ in range(5)]
        + [
            call("POST", "/notes", 201, writer.auth, {"title": f"load {i}", "body": ""})
            for i in range(3)
        ]
        + [
            call("POST", "/notes", None, holder.auth | CLOSE, {"title": "dup", "body": ""})
            for _ in range(2)
        ]
    )
    for what, expected, response in in_parallel(*calls):
        if expected is None:
            assert_failed(response, f"{what} with a duplicate title")
        else:
            assert_status(response, expected, what)
    assert_no_session_left(api, before, "20 concurrent requests")


@pytest.mark.criterion("session-closed-under-load")
def test_concurrent_failing_batches_leave_no_open_session(client, api, in_parallel, new_user):
    """20 concurrent requests, half of them failing batches, leave no session open."""
    user = new_user()
    before = api.settled()
    batch = [{"title": "same", "body": "1"}, {"title": "same", "body": "2"}]

    def post_batch():
        return client.post("/notes/batch", json=batch, headers=user.auth | CLOSE)

    def list_notes():
        return client.get("/notes", headers=user.auth)

    def no_token():
        return client.get("/notes")

    calls = [post_batch] * 10 + [list_notes] * 5 + [no_token] * 5
    results = in_parallel(*calls)
    for response in results[:10]:
        assert_failed(response, "POST /notes/batch with a duplicate inside the batch")
    for response in results[10:15]:
        assert_status(response, 200, "GET /notes")
    for response in results[15:]:
        assert_status(response, 401, "GET /notes without a token")
    assert_no_session_left(api, before, "20 concurrent requests")
