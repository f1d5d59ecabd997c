"""loaded-in-lifespan, no-reload-under-load and released-on-shutdown.

``fresh_app`` restarts the app once for the whole run (with its original
environment; session-scoped, as the tests run in a shuffled order) and sends
20 concurrent predictions before anything else: the restart also tells how
the previous generation shut down.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import httpx
import pytest
from conftest import (
    MODEL_LOADED,
    MODEL_UNLOADED,
    POOL_CLOSED,
    POOL_OPENED,
    RELEASED,
    SHUTDOWN_COMPLETE,
    STARTUP_COMPLETE,
    WAITING_SHUTDOWN,
    WAITING_STARTUP,
    counter,
    excerpt,
    parallel,
    positions,
    require_ready,
)

BURST = 20
TEXTS = [("a great day", "positive"), ("a sad day", "negative"), ("a day", "neutral")]
SHUTDOWN_SECONDS = 5.0


# --- loaded-in-lifespan: where the given resources.py lines sit in the log ---


def startup_log(app_log: Any) -> str:
    return app_log.wait_for(lambda text: STARTUP_COMPLETE in text, timeout=3)


def check_once_during_startup(log: str, pattern: Any, what: str) -> None:
    found = positions(log, pattern)
    waiting, complete = positions(log, WAITING_STARTUP), positions(log, STARTUP_COMPLETE)
    assert waiting and complete, (
        f"expected uvicorn's {WAITING_STARTUP!r} and {STARTUP_COMPLETE!r} in the app's log, "
        f"got {excerpt(log)}"
    )
    assert len(found) == 1, (
        f"expected the {what} line exactly once in this run of the app, "
        f"found it {len(found)} times: {excerpt(log)}"
    )
    assert waiting[0] < found[0] < complete[0], (
        f"expected the {what} line between {WAITING_STARTUP!r} and {STARTUP_COMPLETE!r} "
        f"(in the lifespan, not at import nor on first use), got {excerpt(log)}"
    )


@pytest.mark.criterion("loaded-in-lifespan")
def test_model_loaded_during_startup(app_log):
    """The model is loaded once, by the lifespan: its line sits between uvicorn's startup lines."""
    check_once_during_startup(startup_log(app_log), MODEL_LOADED, "[resources] model ... loaded")


@pytest.mark.criterion("loaded-in-lifespan")
def test_pool_opened_during_startup(app_log):
    """The pool is opened once, by the lifespan: its line sits between uvicorn's startup lines."""
    check_once_during_startup(startup_log(app_log), POOL_OPENED, "[resources] pool opened")


# --- one restart for the whole run -------------------------------------------


@dataclass(frozen=True)
class FreshApp:
    started: Any
    # what each call gave: a response, or the exception it raised
    responses: list[httpx.Response | Exception]
    health: httpx.Response | Exception | None


def attempt(call: Callable[[], httpx.Response]) -> httpx.Response | Exception:
    try:
        return call()
    except Exception as exc:  # judged by the tests, not here
        return exc


@pytest.fixture(scope="session")
def fresh_app(app_control: Any, base_url: str) -> FreshApp:
    """Restart, then 20 concurrent POST /predict as the very first requests.
    Nothing is asserted here: each test judges what it needs."""
    started = app_control.restart()
    if not started.ready:
        return FreshApp(started, [], None)
    with httpx.Client(base_url=base_url, timeout=10.0) as client:

        def post(text: str) -> Callable[[], httpx.Response | Exception]:
            return lambda: attempt(lambda: client.post("/predict", json={"text": text}))

        responses = parallel([post(TEXTS[i % 3][0]) for i in range(BURST)])
        try:
            body: httpx.Response | Exception | None = settled_response(client)
        except Exception as exc:  # judged by the tests, not here
            body = exc
    return FreshApp(started, responses, body)


def settled_response(client: httpx.Client, timeout: float = 2.0) -> httpx.Response:
    """GET /health until it answers active_connections 0, or ``timeout`` seconds."""
    deadline = time.monotonic() + timeout
    response = client.get("/health")
    while time.monotonic() < deadline:
        try:
            if response.json().get("active_connections") == 0:
                break
        except (ValueError, AttributeError):
            break
        time.sleep(0.05)
        response = client.get("/health")
    return response


# --- no-reload-under-load -----------------------------------------------------


@pytest.mark.criterion("no-reload-under-load")
def test_concurrent_first_requests_all_succeed(fresh_app):
    """20 concurrent POST /predict right after startup: all 200, right labels, distinct ids."""
    require_ready(fresh_app.started, "again after a restart")
    ids = []
    for i, response in enumerate(fresh_app.responses):
        text, label = TEXTS[i % 3]
        assert isinstance(response, httpx.Response), (
            f"POST /predict {text!r} (one of {BURST} concurrent): no answer ({response!r})"
        )
        assert response.status_code == 200, (
            f"POST /predict {text!r} (one of {BURST} concurrent): expected 200, "
            f"got {response.status_code} {response.text[:150]}"
        )
        body = response.json()
        assert body.get("label") == label, (
            f"POST /predict {text!r} (one of {BURST} concurrent): expected label {label!r}, "
            f"got {body}"
        )
        ids.append(body.get("id"))
    assert len(set(ids)) == BURST, f"expected {BURST} distinct prediction ids, got {ids}"


@pytest.mark.criterion("no-reload-under-load")
def test_concurrent_first_requests_load_once(fresh_app):
    """After 20 concurrent first POST /predict: 1 model load, 1 pool open, 0 connections in use."""
    require_ready(fresh_app.started, "again after a restart")
    response = fresh_app.health
    assert isinstance(response, httpx.Response), f"GET /health: no answer ({response!r})"
    assert response.status_code == 200, (
        f"GET /health: expected 200, got {response.status_code} {response.text[:200]}"
    )
    body = response.json()
    got = {key: counter(body, key) for key in ("model_loads", "pool_opens", "active_connections")}
    expected = {"model_loads": 1, "pool_opens": 1, "active_connections": 0}
    assert got == expected, (
        f"GET /health after {BURST} concurrent first predictions: expected {expected}, got {got}"
    )


# --- released-on-shutdown: how the generation before the restart stopped ------


@pytest.mark.criterion("released-on-shutdown")
def test_shutdown_closes_model_and_pool(fresh_app):
    """On SIGTERM the lifespan closes model and pool; the app exits (0 or 143) within 5 s."""
    stop = fresh_app.started.previous
    log = stop.log
    waiting = positions(log, WAITING_SHUTDOWN)
    assert waiting, f"expected uvicorn's {WAITING_SHUTDOWN!r} in the log, got {excerpt(log)}"
    for pattern, what in ((MODEL_UNLOADED, "model ... unloaded"), (POOL_CLOSED, "pool closed")):
        after = [at for at in positions(log, pattern) if at > waiting[0]]
        assert after, (
            f"on SIGTERM: expected the line '[resources] {what}' after {WAITING_SHUTDOWN!r}, "
            f"got {excerpt(log)}"
        )
    assert not stop.killed, (
        f"on SIGTERM the app did not exit within {stop.seconds:.0f} s and was killed: "
        f"{excerpt(log)}"
    )
    assert stop.exit_code in (0, 143), (
        f"on SIGTERM: expected exit code 0 or 143, got {stop.exit_code}: {excerpt(log)}"
    )
    assert stop.seconds < SHUTDOWN_SECONDS, (
        f"on SIGTERM: expected an exit within {SHUTDOWN_SECONDS:.0f} s, took {stop.seconds:.1f} s"
    )


@pytest.mark.criterion("released-on-shutdown")
def test_shutdown_logs_released_line(fresh_app):
    """After closing both, the lifespan logs 'resources released: model, pool'."""
    log = fresh_app.started.previous.log
    released = positions(log, RELEASED)
    assert released, f"on SIGTERM: expected the line {RELEASED!r} in the log, got {excerpt(log)}"
    closed = positions(log, MODEL_UNLOADED) + positions(log, POOL_CLOSED)
    assert closed and max(closed) < released[-1], (
        f"on SIGTERM: expected {RELEASED!r} after the model and the pool were closed, "
        f"got {excerpt(log)}"
    )
    complete = positions(log, SHUTDOWN_COMPLETE)
    assert complete and released[-1] < complete[-1], (
        f"on SIGTERM: expected {RELEASED!r} before uvicorn's {SHUTDOWN_COMPLETE!r} "
        f"(log it in the lifespan), got {excerpt(log)}"
    )
