"""Public tests: run them with `prep test`. They check the contract only; the
hidden suite also sends concurrent requests and times them (see README.md,
"Under load" and "What is graded")."""

import warnings
from collections.abc import Iterator

import pytest

with warnings.catch_warnings():  # Starlette warns that its TestClient moves to httpx2
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

from app.main import app


@pytest.fixture
def client() -> Iterator[TestClient]:
    with TestClient(app) as test_client:  # runs the lifespan, if your app has one
        yield test_client


def test_health_is_ok(client: TestClient) -> None:
    response = client.get("/health")
    assert response.status_code == 200, response.text
    assert response.json() == {"status": "ok"}


def test_report_is_the_sdks_answer(client: TestClient) -> None:
    response = client.get("/reports/42")
    assert response.status_code == 200, response.text
    assert response.json() == {"id": 42, "status": "ready", "title": "Report #42"}


def test_primes_up_to_100(client: TestClient) -> None:
    response = client.get("/primes", params={"limit": 100})
    assert response.status_code == 200, response.text
    assert response.json() == {"limit": 100, "count": 25}
