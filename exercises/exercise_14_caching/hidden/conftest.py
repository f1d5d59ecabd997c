"""Fixtures for the exercise_14 hidden suite.

The app is shared by every test and its cache holds 4 reports, so each test
uses keys of its own (``api.key()``) and compares the given computation
counter for those keys before and after what it does.
"""

from __future__ import annotations

import time
import uuid
from typing import Any

import httpx
import pytest

COMPUTE_SECONDS = 0.5  # reports.compute_report
TTL_SECONDS = 3
MAX_ENTRIES = 4


def expected_report(key: str, values: list[int]) -> dict[str, Any]:
    """What reports.compute_report returns for these values."""
    count = len(values)
    return {
        "key": key,
        "count": count,
        "total": sum(values),
        "min": min(values) if values else None,
        "max": max(values) if values else None,
        "mean": round(sum(values) / count, 6) if values else None,
    }


class Api:
    """Small helpers over the candidate's app."""

    def __init__(self, client: httpx.Client) -> None:
        self.client = client

    @staticmethod
    def key(label: str = "k") -> str:
        return f"{label}-{uuid.uuid4().hex[:12]}"

    def stats(self) -> dict[str, Any]:
        response = self.client.get("/debug/stats")
        assert response.status_code == 200, (
            f"the given GET /debug/stats must stay: expected 200, got {response.status_code}"
        )
        return dict(response.json())

    def computations(self, key: str) -> int:
        computations = self.stats().get("computations")
        assert isinstance(computations, dict), (
            f"GET /debug/stats: expected a 'computations' object, got {computations!r}"
        )
        return int(computations.get(key, 0))

    def cache_size(self) -> Any:
        return self.stats().get("cache_size")

    def get(self, key: str, if_none_match: str | None = None) -> httpx.Response:
        headers = {"If-None-Match": if_none_match} if if_none_match is not None else {}
        return self.client.get(f"/reports/{key}", headers=headers)

    def report(self, key: str) -> httpx.Response:
        """GET /reports/{key} that must answer 200 with a JSON body."""
        response = self.get(key)
        assert_ok(response, f"GET /reports/{key}")
        return response

    def put(self, key: str, values: list[int]) -> None:
        """PUT /reports/{key}/data that must answer 200."""
        response = self.client.put(f"/reports/{key}/data", json={"values": values})
        assert response.status_code == 200, (
            f"PUT /reports/{key}/data: expected 200, "
            f"got {response.status_code} {response.text[:200]}"
        )

    def wait_until_computing(self, key: str, count: int, timeout: float = 3.0) -> None:
        """Wait until the key's computation number ``count`` has started."""
        deadline = time.monotonic() + timeout
        while self.computations(key) < count:
            assert time.monotonic() < deadline, (
                f"expected a computation of {key!r} to start within {timeout:.0f}s "
                f"of GET /reports/{key}; /debug/stats never counted it"
            )
            time.sleep(0.005)


def assert_ok(response: httpx.Response, what: str) -> None:
    assert response.status_code == 200, (
        f"{what}: expected 200, got {response.status_code} {response.text[:200]}"
    )


def assert_report(response: httpx.Response, expected: dict[str, Any], what: str) -> None:
    assert_ok(response, what)
    try:
        body = response.json()
    except ValueError:
        body = response.text[:200]
    assert body == expected, f"{what}: expected {expected}, got {body!r}"


def max_age(response: httpx.Response, what: str) -> int:
    """The max-age directive of the response's Cache-Control header."""
    header = response.headers.get("cache-control")
    assert header, f"{what}: expected a Cache-Control header, got none"
    directives = [d.strip().lower() for d in header.split(",")]
    for forbidden in ("no-store", "no-cache"):
        assert forbidden not in directives, (
            f"{what}: expected Cache-Control: max-age=N, got {header!r}"
        )
    for directive in directives:
        name, _, value = directive.partition("=")
        if name.strip() == "max-age":
            try:
                return int(value.strip().strip('"'))
            except ValueError:
                break
    raise AssertionError(f"{what}: expected Cache-Control: max-age=N, got {header!r}")


@pytest.fixture
def api(client: httpx.Client) -> Api:
    return Api(client)
