"""Public tests: run them with `prep test`. They check the contract in-process;
the hidden suite also starts and stops the real server, reads its log and
sends concurrent requests (see README.md, "What is graded")."""

import logging
import warnings
from collections.abc import Iterator

import pytest

with warnings.catch_warnings():  # Starlette warns that its TestClient moves to httpx2
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

from app import resources
from app.main import app


@pytest.fixture
def client() -> Iterator[TestClient]:
    with TestClient(app) as test_client:  # runs the lifespan (about 1 s: the model loads)
        yield test_client


def test_predict(client: TestClient) -> None:
    response = client.post("/predict", json={"text": "I love it, what a great day"})
    assert response.status_code == 200, response.text
    body = response.json()
    assert isinstance(body.get("id"), int), body
    assert body == {"id": body["id"], "model": "sentiment-v1", "label": "positive", "score": 1.0}
    assert client.post("/predict", json={"text": ""}).status_code == 422


def test_health_after_predictions(client: TestClient) -> None:
    before = client.get("/health").json()
    for text in ("good", "bad", "plain"):
        assert client.post("/predict", json={"text": text}).status_code == 200
    after = client.get("/health").json()
    assert after == before | {"predictions": before["predictions"] + 3}
    assert after["status"] == "ok" and after["model"] == "sentiment-v1" and after["pool_open"]
    assert after["active_connections"] == 0


def test_lifespan_opens_once_and_releases(
    capfd: pytest.CaptureFixture[str], caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO)
    before = resources.stats()  # app.main is imported: importing loaded nothing
    with TestClient(app) as test_client:
        started = resources.stats()
        assert started["model_loads"] == before["model_loads"] + 1
        assert started["pool_opens"] == before["pool_opens"] + 1
        for _ in range(3):
            assert test_client.post("/predict", json={"text": "nice"}).status_code == 200
        assert resources.stats()["model_loads"] == started["model_loads"]
    stopped = resources.stats()
    assert stopped["pool_closes"] == before["pool_closes"] + 1
    output = capfd.readouterr()
    logged = output.out + output.err + caplog.text
    assert "[resources] model 'sentiment-v1' unloaded" in logged
    assert "resources released: model, pool" in logged


def test_bad_model_path_fails_startup(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MODEL_PATH", "missing")
    before = resources.stats()
    with pytest.raises(Exception, match=r"invalid MODEL_PATH: 'missing'"):
        with TestClient(app):
            pass
    after = resources.stats()
    assert after["model_loads"] == before["model_loads"]
    opened = after["pool_opens"] - before["pool_opens"]
    assert after["pool_closes"] - before["pool_closes"] == opened  # nothing left open
