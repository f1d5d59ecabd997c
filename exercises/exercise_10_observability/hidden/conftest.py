"""Fixtures for the exercise_10 hidden suite: /metrics scrapes and the app's log.

The app is shared by the whole run, so tests compare counters before and after
their own requests, and find their log lines by a request id or a path that
only they use.
"""

from __future__ import annotations

import random
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import httpx
import pytest
from prometheus_client.parser import text_string_to_metric_families

COUNTER = "http_requests_total"
HISTOGRAM = "http_request_duration_seconds"
LOG_TIMEOUT = 3.0
METRIC_TIMEOUT = 3.0
# A request that may end in an unhandled exception asks for a fresh connection.
CLOSE = {"Connection": "close"}


def new_request_id(prefix: str = "t") -> str:
    """A valid X-Request-ID that no other test uses."""
    return f"{prefix}-{uuid.uuid4().hex}"


def missing_item_id() -> int:
    """An item id the store never reaches in one run: a unique path too."""
    return random.randint(10**8, 10**9)


def is_uuid4(value: str | None) -> bool:
    try:
        parsed = uuid.UUID(str(value))
    except ValueError:
        return False
    return parsed.version == 4 and str(parsed) == value


def request_id_of(response: httpx.Response, what: str) -> str:
    """The response's X-Request-ID; fails the test when there is none."""
    value = response.headers.get("x-request-id")
    assert value is not None, (
        f"{what}: expected an X-Request-ID header, got none (status {response.status_code})"
    )
    return value


# --- /metrics ------------------------------------------------------------------


@dataclass(frozen=True)
class Scrape:
    text: str
    types: dict[str, str]  # sample name -> the type of its family
    samples: list[tuple[str, dict[str, str], float]]

    def value(self, name: str, **labels: str) -> float:
        """The sample with exactly these labels (0 when it does not exist yet)."""
        return sum(v for n, ls, v in self.samples if n == name and ls == labels)

    def named(self, name: str) -> list[tuple[dict[str, str], float]]:
        return [(ls, v) for n, ls, v in self.samples if n == name]


class Metrics:
    def __init__(self, client: httpx.Client) -> None:
        self.client = client

    def scrape(self) -> Scrape:
        response = self.client.get("/metrics")
        assert response.status_code == 200, (
            f"GET /metrics: expected 200, got {response.status_code} {response.text[:120]}"
        )
        try:
            families = list(text_string_to_metric_families(response.text))
        except Exception as exc:  # the parser raises ValueError and friends
            raise AssertionError(
                f"GET /metrics is not the Prometheus text format: {exc!r}"
            ) from None
        types: dict[str, str] = {}
        samples = []
        for family in families:
            for sample in family.samples:
                types.setdefault(sample.name, family.type)
                samples.append((sample.name, dict(sample.labels), float(sample.value)))
        return Scrape(response.text, types, samples)

    def after(
        self, before: Scrape, name: str, labels: dict[str, str], expected: float
    ) -> tuple[Scrape, float]:
        """Scrape until the sample grew by ``expected`` (or the deadline); the
        scrape and the growth. Metrics may be recorded just after the response."""
        deadline = time.monotonic() + METRIC_TIMEOUT
        while True:
            scrape = self.scrape()
            grown = scrape.value(name, **labels) - before.value(name, **labels)
            if grown >= expected or time.monotonic() > deadline:
                return scrape, grown
            time.sleep(0.05)


@pytest.fixture
def metrics(client: httpx.Client) -> Metrics:
    return Metrics(client)


def series(labels: dict[str, str]) -> str:
    return "{" + ",".join(f'{k}="{v}"' for k, v in sorted(labels.items())) + "}"


# --- the app's log -------------------------------------------------------------


class Logs:
    """JSON lines the app wrote, found by what a test knows about its requests."""

    def __init__(self, app_log: Any) -> None:
        self.app_log = app_log

    def mark(self) -> int:
        return int(self.app_log.mark())

    def wait(
        self,
        since: int,
        match: Callable[[dict[str, Any]], bool],
        count: int = 1,
        timeout: float = LOG_TIMEOUT,
    ) -> list[dict[str, Any]]:
        """The JSON lines after ``since`` that ``match``, once there are ``count``
        of them (or at the deadline)."""
        deadline = time.monotonic() + timeout
        while True:
            found = [r for r in self.app_log.records(since) if _safe(match, r)]
            if len(found) >= count or time.monotonic() > deadline:
                return found
            time.sleep(0.05)

    def access_lines(self, since: int, **fields: Any) -> list[dict[str, Any]]:
        """Access lines (event "request") after ``since`` with these fields."""
        return self.wait(since, lambda r: r.get("event") == "request" and _has(r, fields))

    def one_access_line(self, since: int, what: str, **fields: Any) -> dict[str, Any]:
        lines = self.access_lines(since, **fields)
        assert lines, (
            f"{what}: expected a JSON access line with {fields} on stdout, found none; "
            f"the log after the request: {self.tail(since)}"
        )
        time.sleep(0.1)  # a duplicate would be written at the same moment
        lines = self.access_lines(since, **fields)
        assert len(lines) == 1, f"{what}: expected one access line, got {len(lines)}: {lines}"
        return lines[0]

    def tail(self, since: int, chars: int = 300) -> str:
        text = self.app_log.text(since).strip()
        return repr(text[-chars:]) if text else "nothing"


def _has(record: dict[str, Any], fields: dict[str, Any]) -> bool:
    return all(record.get(key) == value for key, value in fields.items())


def _safe(match: Callable[[dict[str, Any]], bool], record: dict[str, Any]) -> bool:
    try:
        return bool(match(record))
    except Exception:
        return False


@pytest.fixture
def logs(app_log: Any) -> Logs:
    return Logs(app_log)
