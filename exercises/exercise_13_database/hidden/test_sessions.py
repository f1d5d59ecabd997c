"""session-per-request, sessions-closed-on-error and no-leak-under-load: GET /debug/db."""

from uuid import uuid4

import pytest

MISSING_ID = 987_654_321
# A flawed app may answer 500; after an unhandled exception uvicorn closes the
# connection it answered on, so such requests ask for a fresh one.
CLOSE = {"Connection": "close"}


def assert_status(response, expected, what):
    assert response.status_code == expected, (
        f"{what}: expected {expected}, got {response.status_code} {response.text[:160]}"
    )


def assert_no_session_left(api, before, what):
    after = api.settled(target=before["open_sessions"])
    left = after["open_sessions"] - before["open_sessions"]
    assert left <= 0, (
        f"after {what}: expected every session closed, got {left} more open session(s) "
        f"in /debug/db (before {before}, after {after})"
    )
    return after


@pytest.mark.criterion("session-per-request")
def test_each_request_opens_one_session(client, api):
    """Each of POST /authors, POST /books, GET /books, GET /books/{id}, PATCH opens one session."""
    author = api.author()
    book = api.book(author)
    requests = [
        ("POST /authors", lambda: client.post("/authors", json={"name": uuid4().hex}), 201),
        (
            "POST /books",
            lambda: client.post(
                "/books", json={"title": "One session", "year": 2000, "author_id": author["id"]}
            ),
            201,
        ),
        ("GET /books", lambda: client.get("/books", params={"author_id": author["id"]}), 200),
        ("GET /books/{id}", lambda: client.get(f"/books/{book['id']}"), 200),
        (
            "PATCH /books/{id}",
            lambda: client.patch(f"/books/{book['id']}", json={"version": 1, "year": 2001}),
            200,
        ),
    ]
    for what, send, expected in requests:
        before = api.stats()
        assert_status(send(), expected, what)
        opened = api.stats()["opened"] - before["opened"]
        assert opened == 1, (
            f"{what}: expected exactly 1 session opened with db.session(), got {opened}"
        )


@pytest.mark.criterion("session-per-request")
def test_successful_requests_close_their_sessions(client, api):
    """After successful requests every session is closed again (open_sessions back where it was)."""
    author = api.author()
    before = api.settled()
    book = api.book(author)
    assert_status(client.get(f"/books/{book['id']}"), 200, "GET /books/{id}")
    assert_status(client.get("/books", params={"author_id": author["id"]}), 200, "GET /books")
    patched = client.patch(f"/books/{book['id']}", json={"version": 1, "title": "Closed"})
    assert_status(patched, 200, "PATCH /books/{id}")
    after = assert_no_session_left(api, before, "4 successful requests")
    closed = after["closed"] - before["closed"]
    assert closed >= 4, f"expected at least 4 sessions closed by 4 requests, got {closed}"


@pytest.mark.criterion("sessions-closed-on-error")
def test_failed_requests_close_their_sessions(client, api):
    """After 404, 409 and 422 answers every session is closed again."""
    author = api.author()
    book = api.book(author)
    patched = client.patch(f"/books/{book['id']}", json={"version": 1, "year": 1999})
    assert_status(patched, 200, "PATCH /books/{id}")
    before = api.settled()
    failing = [
        ("GET /books/{missing id}", lambda: client.get(f"/books/{MISSING_ID}"), 404),
        (
            "POST /books for a missing author",
            lambda: client.post(
                "/books", json={"title": "Orphan", "year": 2000, "author_id": MISSING_ID}
            ),
            404,
        ),
        (
            "PATCH /books/{id} with year 1",
            lambda: client.patch(f"/books/{book['id']}", json={"version": 2, "year": 1}),
            422,
        ),
        (
            "PATCH /books/{id} with a stale version",
            lambda: client.patch(f"/books/{book['id']}", json={"version": 1, "year": 2002}),
            409,
        ),
        (
            "POST /authors with a taken name",
            lambda: client.post("/authors", json={"name": author["name"]}, headers=CLOSE),
            409,
        ),
        (
            "PATCH /books/{id} without a version",
            lambda: client.patch(f"/books/{book['id']}", json={"title": "x"}),
            422,
        ),
        ("GET /books?limit=0", lambda: client.get("/books", params={"limit": 0}), 422),
    ]
    for what, send, expected in failing:
        assert_status(send(), expected, what)
    assert_no_session_left(api, before, f"{len(failing)} failed requests")


@pytest.mark.criterion("no-leak-under-load")
def test_concurrent_mixed_requests_leave_no_session_open(client, api, in_parallel):
    """20 concurrent requests (201, 200, 404, 409, 422) get their answers, no session left open."""
    author = api.author()
    book = api.book(author)
    patched = client.patch(f"/books/{book['id']}", json={"version": 1, "year": 2020})
    assert_status(patched, 200, "PATCH /books/{id}")
    before = api.settled()

    def call(what, expected, method, path, **kwargs):
        def run():
            return what, expected, client.request(method, path, **kwargs)

        return run

    new_book = {"title": "Under load", "year": 2000, "author_id": author["id"]}
    stale = {"version": 1, "title": "Stale"}
    calls = (
        [call("POST /books", 201, "POST", "/books", json=new_book) for _ in range(4)]
        + [
            call("GET /books", 200, "GET", "/books", params={"author_id": author["id"]})
            for _ in range(4)
        ]
        + [call("GET /books/{missing}", 404, "GET", f"/books/{MISSING_ID}") for _ in range(4)]
        + [
            call("PATCH stale", 409, "PATCH", f"/books/{book['id']}", json=stale, headers=CLOSE)
            for _ in range(4)
        ]
        + [
            call("POST /books bad year", 422, "POST", "/books", json=new_book | {"year": 1})
            for _ in range(4)
        ]
    )
    for what, expected, response in in_parallel(*calls):
        assert_status(response, expected, what)
    assert_no_session_left(api, before, "20 concurrent requests")


@pytest.mark.criterion("no-leak-under-load")
def test_concurrent_writes_and_failures_leave_no_session_open(client, api, in_parallel):
    """10 concurrent PATCHes and 10 failing requests get their answers and leave no session open."""
    author = api.author()
    books = [api.book(author) for _ in range(10)]
    before = api.settled()

    def patch(book):
        return lambda: client.patch(f"/books/{book['id']}", json={"version": 1, "year": 2024})

    def duplicate():
        return client.post("/authors", json={"name": author["name"]}, headers=CLOSE)

    def missing():
        return client.patch(f"/books/{MISSING_ID}", json={"version": 1, "year": 2024})

    results = in_parallel(*[patch(b) for b in books], *[duplicate] * 5, *[missing] * 5)
    for response in results[:10]:
        assert_status(response, 200, "concurrent PATCH of its own book")
    for response in results[10:15]:
        assert_status(response, 409, "concurrent POST /authors with a taken name")
    for response in results[15:]:
        assert_status(response, 404, "concurrent PATCH /books/{missing id}")
    assert_no_session_left(api, before, "20 concurrent requests")
