"""problem-json: every error is application/problem+json, successes stay JSON."""

import pytest
from conftest import ADMIN, CLOSE, READER, media_type, missing_order_id, new_reference

PROBLEM_JSON = "application/problem+json"


@pytest.mark.criterion("problem-json")
def test_errors_are_problem_json(client):
    """Errors (401 to 500) are application/problem+json; 201 and 200 stay application/json."""
    order = {"reference": new_reference("json"), "item": "pen", "quantity": 1}
    posted = client.post("/orders", json=order, headers=ADMIN)
    listed = client.get("/orders?limit=1", headers=READER)
    for status, what, response in ((201, "POST /orders", posted), (200, "GET /orders", listed)):
        assert response.status_code == status, (
            f"{what}: expected {status}, got {response.status_code} {response.text[:200]}"
        )
        got = response.headers.get("content-type")
        assert media_type(response) == "application/json", (
            f"{what}: expected Content-Type: application/json, got {got!r}"
        )
    created = posted.json()
    order = {"reference": created["reference"], "item": "pen", "quantity": 1}
    calls = [
        (401, "GET", "/orders", {}),
        (403, "POST", "/orders", {"json": order, "headers": READER}),
        (404, "GET", f"/orders/{missing_order_id()}", {"headers": READER}),
        (409, "POST", "/orders", {"json": order, "headers": ADMIN}),
        (422, "POST", "/orders", {"json": {}, "headers": ADMIN}),
        (500, "POST", f"/orders/{created['id']}/payment", {"headers": ADMIN | CLOSE}),
    ]
    for status, method, url, options in calls:
        what = f"{method} {url} (expecting {status})"
        response = client.request(method, url, **options)
        assert response.status_code == status, (
            f"{what}: expected {status}, got {response.status_code} {response.text[:200]}"
        )
        got = response.headers.get("content-type")
        assert media_type(response) == PROBLEM_JSON, (
            f"{what}: expected Content-Type: {PROBLEM_JSON}, got {got!r}"
        )
