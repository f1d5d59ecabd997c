"""Public tests: run them with `prep test`. The hidden suite checks much more,
your log lines included (see README.md, "What is graded")."""

import uuid
import warnings
from collections.abc import Iterator

import pytest
from prometheus_client.parser import text_string_to_metric_families

with warnings.catch_warnings():  # Starlette warns that its TestClient moves to httpx2
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

from app.main import app


@pytest.fixture
def client() -> Iterator[TestClient]:
    # raise_server_exceptions=False: see the 500 a real client gets from GET /boom.
    with TestClient(app, raise_server_exceptions=False) as test_client:
        yield test_client


def counter(client: TestClient, **labels: str) -> float:
    """The value of http_requests_total with exactly these labels (0 if absent)."""
    response = client.get("/metrics")
    assert response.status_code == 200, response.text
    for family in text_string_to_metric_families(response.text):
        for sample in family.samples:
            if sample.name == "http_requests_total" and sample.labels == labels:
                return sample.value
    return 0.0


def test_a_new_uuid4_when_no_id_is_sent(client: TestClient) -> None:
    for response in (client.get("/items"), client.get("/no/such/path")):
        value = response.headers.get("x-request-id")
        assert value is not None, f"no X-Request-ID on a {response.status_code}"
        assert uuid.UUID(value).version == 4


def test_a_valid_id_is_echoed(client: TestClient) -> None:
    response = client.post(
        "/items", json={"name": "pen", "price": 1.5}, headers={"X-Request-ID": "abc-123"}
    )
    assert response.status_code == 201, response.text
    assert response.headers.get("x-request-id") == "abc-123"


def test_requests_are_counted(client: TestClient) -> None:
    labels = {"method": "POST", "route": "/items", "status": "201"}
    before = counter(client, **labels)
    assert client.post("/items", json={"name": "ink", "price": 2}).status_code == 201
    assert counter(client, **labels) == before + 1


def test_routes_are_labelled_by_template(client: TestClient) -> None:
    labels = {"method": "GET", "route": "/items/{item_id}", "status": "404"}
    before = counter(client, **labels)
    assert client.get("/items/424242").status_code == 404
    assert counter(client, **labels) == before + 1


def test_a_500_carries_the_request_id(client: TestClient) -> None:
    response = client.get("/boom", headers={"X-Request-ID": "boom-1"})
    assert response.status_code == 500
    assert response.headers.get("x-request-id") == "boom-1"
    assert response.json() == {"detail": "Internal Server Error", "request_id": "boom-1"}
