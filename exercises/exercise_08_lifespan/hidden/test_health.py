"""health and loaded-once."""

import time

import pytest
from conftest import HEALTH_KEYS, counter, health, predict


@pytest.mark.criterion("health")
def test_health_has_the_documented_keys(client):
    """GET /health answers 200 with exactly the documented keys, counters as integers."""
    body = health(client)
    assert set(body) == HEALTH_KEYS, (
        f"GET /health: expected the keys {sorted(HEALTH_KEYS)}, got {sorted(body)}"
    )
    for key in sorted(HEALTH_KEYS - {"status", "model", "pool_open"}):
        value = counter(body, key)
        assert value >= 0, f"GET /health {key}: expected a count >= 0, got {value}"


@pytest.mark.criterion("health")
def test_health_reports_model_and_open_pool(client):
    """GET /health says status ok, model sentiment-v1 (MODEL_PATH unset) and pool_open true."""
    body = health(client)
    got = {key: body.get(key) for key in ("status", "model", "pool_open")}
    expected = {"status": "ok", "model": "sentiment-v1", "pool_open": True}
    assert got == expected, f"GET /health: expected {expected}, got {got}"


@pytest.mark.criterion("loaded-once")
def test_predictions_do_not_reload(client):
    """Three POST /predict and a GET /health load no model and open no pool."""
    predict(client, "warm up")
    first = health(client)
    for i in range(3):
        predict(client, f"happy {i}")
    second = health(client)
    for key in ("model_loads", "pool_opens"):
        assert counter(second, key) == counter(first, key), (
            f"GET /health {key} went from {first[key]} to {second[key]} "
            "over three predictions: expected no change"
        )
    assert counter(second, "model_loads") >= 1, (
        f"GET /health model_loads: expected at least 1, got {second['model_loads']}"
    )
    still_open = counter(second, "pool_opens") - counter(second, "pool_closes")
    assert still_open == 1, (
        f"GET /health: expected exactly one open pool (pool_opens - pool_closes == 1), "
        f"got {second['pool_opens']} - {second['pool_closes']}"
    )


@pytest.mark.criterion("loaded-once")
def test_predictions_are_fast(client):
    """Five sequential POST /predict take well under 2.5 s in all (loading the model takes 1 s)."""
    predict(client, "warm up")
    start = time.perf_counter()
    for i in range(5):
        predict(client, f"nice {i}")
        seconds = time.perf_counter() - start
        assert seconds < 2.5, (
            f"{i + 1} sequential POST /predict took {seconds:.1f} s already: "
            "expected all five under 2.5 s"
        )
