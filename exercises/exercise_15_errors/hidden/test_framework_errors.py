"""framework-errors and headers-kept: the router's own errors and exception headers."""

import uuid

import pytest
from conftest import READER, assert_problem, missing_order_id, problem_of


@pytest.mark.criterion("framework-errors")
def test_unknown_path_is_a_404_problem(client):
    """A path no route matches (GET and POST) is a 404 problem "Not Found"."""
    url = f"/no-such-page/{uuid.uuid4().hex}"
    for method in ("GET", "POST"):
        response = client.request(method, url)
        assert_problem(response, f"{method} {url}", 404, "Not Found", url)


@pytest.mark.criterion("framework-errors")
def test_wrong_method_is_a_405_problem(client):
    """A method a route does not accept (DELETE /orders/{id}, PUT /orders) is a 405 problem."""
    url = f"/orders/{missing_order_id()}"
    for method, path in (("DELETE", url), ("PUT", "/orders")):
        response = client.request(method, path, headers=READER)
        assert_problem(response, f"{method} {path}", 405, "Method Not Allowed", path)


@pytest.mark.criterion("headers-kept")
def test_problems_keep_their_headers(client):
    """The 401 problems keep WWW-Authenticate: APIKey, and the 405 keeps Allow: GET."""
    for what, headers in (("no key", {}), ("an unknown key", {"X-API-Key": "key-nobody"})):
        response = client.get("/orders", headers=headers)
        problem_of(response, f"GET /orders with {what}", 401)
        challenge = response.headers.get("www-authenticate")
        assert (challenge or "").lower() == "apikey", (
            f"GET /orders with {what}: expected WWW-Authenticate: APIKey, got {challenge!r}"
        )
    url = f"/orders/{missing_order_id()}"
    response = client.delete(url, headers=READER)
    assert response.status_code == 405, f"DELETE {url}: expected 405, got {response.status_code}"
    allow = response.headers.get("allow")
    methods = {method.strip().upper() for method in (allow or "").split(",")}
    assert "GET" in methods, f"DELETE {url}: expected an Allow header naming GET, got {allow!r}"
