"""Public tests: run them with `prep test`. The hidden suite checks much more
(see README.md, "What is graded")."""

import warnings
from collections.abc import Iterator

import pytest

with warnings.catch_warnings():  # Starlette warns that its TestClient moves to httpx2
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

from app.main import app

ADMIN = {"X-API-Key": "key-admin"}
READER = {"X-API-Key": "key-reader"}


@pytest.fixture
def client() -> Iterator[TestClient]:
    # raise_server_exceptions=False: see the 500 a real client gets, not the exception.
    with TestClient(app, raise_server_exceptions=False) as test_client:  # runs the lifespan
        yield test_client


def test_missing_order_is_a_404_problem(client: TestClient) -> None:
    response = client.get("/orders/42", headers=READER)
    assert response.status_code == 404, response.text
    assert response.json() == {
        "type": "about:blank",
        "title": "Not Found",
        "status": 404,
        "detail": "Order 42 not found",
        "instance": "/orders/42",
    }


def test_missing_key_is_a_401_problem(client: TestClient) -> None:
    response = client.get("/orders")
    assert response.status_code == 401, response.text
    body = response.json()
    assert body["status"] == 401 and body["detail"] == "Not authenticated", body
    assert response.headers["www-authenticate"] == "APIKey"


def test_validation_error_is_a_422_problem(client: TestClient) -> None:
    order = {"reference": "A-1", "item": "pen", "quantity": 0}
    response = client.post("/orders", json=order, headers=ADMIN)
    assert response.status_code == 422, response.text
    body = response.json()
    assert body["detail"] == "Request validation failed", body
    assert body["instance"] == "/orders", body
    assert [(e["loc"], e["type"]) for e in body["errors"]] == [
        (["body", "quantity"], "greater_than_equal")
    ]
    assert all(set(error) == {"loc", "msg", "type"} for error in body["errors"]), body


def test_unexpected_error_is_a_silent_500_problem(client: TestClient) -> None:
    created = client.post(
        "/orders", json={"reference": "A-2", "item": "pen", "quantity": 1}, headers=ADMIN
    )
    assert created.status_code == 201, created.text
    response = client.post(f"/orders/{created.json()['id']}/payment", headers=ADMIN)
    assert response.status_code == 500, response.text
    assert response.json()["detail"] == "An unexpected error occurred"
    assert "sk_live" not in response.text and "A-2" not in response.text, response.text


def test_errors_are_problem_json(client: TestClient) -> None:
    response = client.get("/no-such-page")
    assert response.status_code == 404, response.text
    assert response.headers["content-type"] == "application/problem+json"
    assert response.json()["instance"] == "/no-such-page"
