"""Helpers for the exercise_08 hidden suite.

The app is shared by every test and restarted by some of them, so tests
compare counters before and after what they did, never with absolute values
(except right after a restart they made themselves).
"""

from __future__ import annotations

import re
import threading
import time
from collections.abc import Callable
from typing import Any

import httpx

HEALTH_KEYS = {
    "status",
    "model",
    "pool_open",
    "model_loads",
    "pool_opens",
    "pool_closes",
    "active_connections",
    "predictions",
}

# uvicorn's own lines
WAITING_STARTUP = "Waiting for application startup."
STARTUP_COMPLETE = "Application startup complete."
WAITING_SHUTDOWN = "Waiting for application shutdown."
SHUTDOWN_COMPLETE = "Application shutdown complete."
# printed by the given resources.py
MODEL_LOADED = re.compile(r"\[resources\] model '[^']*' loaded")
MODEL_UNLOADED = re.compile(r"\[resources\] model '[^']*' unloaded")
POOL_OPENED = re.compile(r"\[resources\] pool opened")
POOL_CLOSED = re.compile(r"\[resources\] pool closed")
# the app's own line
RELEASED = "resources released: model, pool"

INTERESTING = (
    "[resources]",
    "application startup",
    "application shutdown",
    "resources released",
    "MODEL_PATH",
    "Error",
)


def excerpt(log: str, limit: int = 500) -> str:
    """The log lines a reader needs: lifecycle lines, resources lines, errors."""
    lines = [
        line.strip()
        for line in log.splitlines()
        if any(word.lower() in line.lower() for word in INTERESTING)
    ]
    text = " | ".join(lines) if lines else log[-limit:]
    return repr(text[-limit:])


def positions(log: str, pattern: re.Pattern[str] | str) -> list[int]:
    """Offsets where ``pattern`` (a regex or a plain string) occurs in ``log``."""
    regex = pattern if isinstance(pattern, re.Pattern) else re.compile(re.escape(pattern))
    return [match.start() for match in regex.finditer(log)]


def health(client: httpx.Client) -> dict[str, Any]:
    """GET /health that must answer 200 with a JSON object."""
    response = client.get("/health")
    assert response.status_code == 200, (
        f"GET /health: expected 200, got {response.status_code} {response.text[:200]}"
    )
    body = response.json()
    assert isinstance(body, dict), f"GET /health: expected a JSON object, got {response.text[:200]}"
    return dict(body)


def counter(body: dict[str, Any], key: str) -> int:
    value = body.get(key)
    assert isinstance(value, int) and not isinstance(value, bool), (
        f"GET /health: expected an integer {key!r}, got {value!r}"
    )
    return value


def settled(client: httpx.Client, timeout: float = 2.0) -> dict[str, Any]:
    """GET /health once active_connections is 0, or after ``timeout`` seconds."""
    deadline = time.monotonic() + timeout
    body = health(client)
    while body.get("active_connections") != 0 and time.monotonic() < deadline:
        time.sleep(0.05)
        body = health(client)
    return body


def predict(client: httpx.Client, text: str) -> dict[str, Any]:
    """POST /predict that must answer 200; the JSON body."""
    response = client.post("/predict", json={"text": text})
    assert response.status_code == 200, (
        f"POST /predict {text[:40]!r}: expected 200, got {response.status_code} "
        f"{response.text[:200]}"
    )
    body = response.json()
    assert isinstance(body, dict), (
        f"POST /predict: expected a JSON object, got {response.text[:200]}"
    )
    return dict(body)


def require_ready(started: Any, what: str) -> None:
    """Fail with the app's own words when it did not come up."""
    assert started.ready, (
        f"the app did not start {what}: exit code {started.exit_code}, log: {excerpt(started.log)}"
    )


def parallel(calls: list[Callable[[], Any]]) -> list[Any]:
    """Run zero-argument callables at the same moment on threads; their results
    in order (the first exception is re-raised). Like the ``in_parallel``
    fixture, for module-scoped fixtures."""
    barrier = threading.Barrier(len(calls))
    results: list[Any] = [None] * len(calls)
    failures: list[BaseException] = []

    def worker(index: int, call: Callable[[], Any]) -> None:
        barrier.wait()
        try:
            results[index] = call()
        except BaseException as exc:  # re-raised in the caller's thread
            failures.append(exc)

    threads = [
        threading.Thread(target=worker, args=(i, c), daemon=True) for i, c in enumerate(calls)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    if failures:
        raise failures[0]
    return results
