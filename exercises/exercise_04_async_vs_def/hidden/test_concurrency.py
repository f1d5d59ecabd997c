"""Hidden suite, measured part: concurrent requests must not wait for each other.

Each kind of work takes about 0.5 s (reports, quotes) or about 1.5-3 s (the
heavy prime count). An app that runs blocking or CPU-bound work on the event
loop serializes everything and misses the thresholds below by 0.5 s to
several seconds; an app that keeps the loop free passes them by a wide
margin, even on a busy single-CPU sandbox. Every test waits for all the
requests it started, so no work leaks into the next test.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator

import httpx
import pytest

# A prime count that keeps one core busy for about 1.6 s on a fast idle machine
# (2-3 s on a busy one): long enough that a blocked loop shows.
HEAVY_LIMIT = 4_000_000
LIGHTER_LIMIT = 2_000_000

HEALTH_BUDGET = 0.3  # seconds /health may take while other work is in flight
QUOTE_BUDGET = 1.0  # seconds a quote (0.5 s on its own) may take while other work is in flight
SETTLE = 0.2  # seconds to let the slow requests reach the app before probing


def reference_prime_count(limit: int) -> int:
    """Sieve of Eratosthenes with slice assignment (not the app's algorithm)."""
    if limit < 2:
        return 0
    sieve = bytearray([1]) * (limit + 1)
    sieve[0:2] = b"\x00\x00"
    for n in range(2, int(limit**0.5) + 1):
        if sieve[n]:
            sieve[n * n :: n] = bytes(len(range(n * n, limit + 1, n)))
    return sum(sieve)


EXPECTED_COUNTS = {limit: reference_prime_count(limit) for limit in (HEAVY_LIMIT, LIGHTER_LIMIT)}


@pytest.fixture
def slow_client(base_url: str) -> Iterator[httpx.Client]:
    """A client that waits long enough to see a blocked app answer late, not time out."""
    limits = httpx.Limits(max_connections=64, max_keepalive_connections=64)
    with httpx.Client(base_url=base_url, timeout=60.0, limits=limits) as http:
        yield http


def _get(http: httpx.Client, path: str, **params: object) -> Callable[[], httpx.Response]:
    return lambda: http.get(path, params=params or None)


def _health_probes(http: httpx.Client, delays: list[float]) -> Callable[[], list[float]]:
    """A call that, at each delay after it starts, times one GET /health."""

    def probe() -> list[float]:
        start = time.perf_counter()
        seconds: list[float] = []
        for delay in delays:
            time.sleep(max(0.0, start + delay - time.perf_counter()))
            began = time.perf_counter()
            response = http.get("/health")
            took = time.perf_counter() - began
            assert response.status_code == 200, (
                f"GET /health: expected 200, got {response.status_code} {response.text[:200]}"
            )
            seconds.append(took)
        return seconds

    return probe


def _assert_ok(responses: list[httpx.Response], what: str) -> None:
    for response in responses:
        assert response.status_code == 200, (
            f"{what}: expected 200, got {response.status_code} {response.text[:200]}"
        )


# --- io-concurrency -----------------------------------------------------------


@pytest.mark.criterion("io-concurrency")
def test_eight_reports_run_concurrently(slow_client, in_parallel, timed):
    """8 concurrent GET /reports/{id} all finish within 2.5 s (one alone takes 0.5 s)."""
    calls = [_get(slow_client, f"/reports/{i}") for i in range(1, 9)]
    responses, seconds = timed(in_parallel, *calls)
    _assert_ok(responses, "GET /reports/{id}")
    assert seconds < 2.5, (
        f"8 concurrent /reports took {seconds:.2f}s; expected < 2.5s (one takes 0.5s, "
        "8 in a row take 4s) — are the reports fetched one after another?"
    )


@pytest.mark.criterion("io-concurrency")
def test_concurrent_reports_keep_their_ids(slow_client, in_parallel, timed):
    """12 concurrent GET /reports/{id} each get their own report, within 2.5 s."""
    ids = [1000 + i for i in range(12)]
    responses, seconds = timed(in_parallel, *[_get(slow_client, f"/reports/{i}") for i in ids])
    _assert_ok(responses, "GET /reports/{id}")
    got = [response.json().get("id") for response in responses]
    assert got == ids, f"concurrent /reports: expected ids {ids}, got {got}"
    assert seconds < 2.5, (
        f"12 concurrent /reports took {seconds:.2f}s; expected < 2.5s (12 in a row take 6s)"
        " — is the blocking SDK call holding the event loop?"
    )


# --- loop-free-during-io ------------------------------------------------------


@pytest.mark.criterion("loop-free-during-io")
def test_health_fast_while_reports_in_flight(slow_client, in_parallel):
    """GET /health answers within 0.3 s while 4 /reports requests are in flight."""
    reports = [_get(slow_client, f"/reports/{i}") for i in range(20, 24)]
    *responses, probes = in_parallel(*reports, _health_probes(slow_client, [SETTLE, 0.35]))
    _assert_ok(responses, "GET /reports/{id}")
    worst = max(probes)
    assert worst < HEALTH_BUDGET, (
        f"/health took {worst:.2f}s while 4 reports were in flight; expected < "
        f"{HEALTH_BUDGET}s — is a blocking call inside an async def?"
    )


@pytest.mark.criterion("loop-free-during-io")
def test_quote_not_delayed_by_reports(slow_client, in_parallel):
    """GET /quotes/{symbol} takes its own 0.5 s, under 1.0 s, while 4 reports are in flight."""
    reports = [_get(slow_client, f"/reports/{i}") for i in range(30, 34)]

    def late_quote() -> tuple[httpx.Response, float]:
        time.sleep(SETTLE)
        began = time.perf_counter()
        response = slow_client.get("/quotes/ioio")
        return response, time.perf_counter() - began

    *responses, (quote, seconds) = in_parallel(*reports, late_quote)
    _assert_ok([*responses, quote], "GET /reports/{id} and /quotes/{symbol}")
    assert seconds < QUOTE_BUDGET, (
        f"/quotes took {seconds:.2f}s while 4 reports were in flight; expected < {QUOTE_BUDGET}s "
        "(it takes 0.5s on its own) — is a blocking call holding the event loop?"
    )


# --- quotes-concurrency -------------------------------------------------------


@pytest.mark.criterion("quotes-concurrency")
def test_ten_quotes_run_concurrently(slow_client, in_parallel, timed):
    """10 concurrent GET /quotes/{symbol} all finish within 2.0 s (one alone takes 0.5 s)."""
    symbols = [f"q{i}x" for i in range(10)]
    responses, seconds = timed(in_parallel, *[_get(slow_client, f"/quotes/{s}") for s in symbols])
    _assert_ok(responses, "GET /quotes/{symbol}")
    assert seconds < 2.0, (
        f"10 concurrent /quotes took {seconds:.2f}s; expected < 2.0s (10 in a row take 5s)"
        " — is the async client awaited inside an async def?"
    )


@pytest.mark.criterion("quotes-concurrency")
def test_concurrent_quotes_keep_their_symbols(slow_client, in_parallel):
    """10 concurrent GET /quotes/{symbol} each get the quote of their own symbol."""
    symbols = [f"sym{i}" for i in range(10)]
    responses = in_parallel(*[_get(slow_client, f"/quotes/{s}") for s in symbols])
    _assert_ok(responses, "GET /quotes/{symbol}")
    got = [response.json().get("symbol") for response in responses]
    expected = [s.upper() for s in symbols]
    assert got == expected, f"concurrent /quotes: expected symbols {expected}, got {got}"


# --- loop-free-during-cpu -----------------------------------------------------


@pytest.mark.criterion("loop-free-during-cpu")
def test_health_fast_while_primes_run(slow_client, in_parallel):
    """GET /health answers within 0.3 s while a heavy /primes count runs."""
    heavy = _get(slow_client, "/primes", limit=HEAVY_LIMIT)
    primes, probes = in_parallel(heavy, _health_probes(slow_client, [SETTLE, 0.45, 0.7]))
    _assert_ok([primes], f"GET /primes?limit={HEAVY_LIMIT}")
    worst = max(probes)
    assert worst < HEALTH_BUDGET, (
        f"/health took {worst:.2f}s while /primes?limit={HEAVY_LIMIT} was running; expected < "
        f"{HEALTH_BUDGET}s — is the CPU-bound count running on the event loop?"
    )


@pytest.mark.criterion("loop-free-during-cpu")
def test_quote_not_delayed_by_primes(slow_client, in_parallel):
    """GET /quotes/{symbol} takes its own 0.5 s, under 1.0 s, while a heavy /primes runs."""
    heavy = _get(slow_client, "/primes", limit=HEAVY_LIMIT)

    def late_quote() -> tuple[httpx.Response, float]:
        time.sleep(SETTLE)
        began = time.perf_counter()
        response = slow_client.get("/quotes/cpux")
        return response, time.perf_counter() - began

    primes, (quote, seconds) = in_parallel(heavy, late_quote)
    _assert_ok([primes, quote], "GET /primes and /quotes/{symbol}")
    assert seconds < QUOTE_BUDGET, (
        f"/quotes took {seconds:.2f}s while /primes?limit={HEAVY_LIMIT} was running; expected "
        f"< {QUOTE_BUDGET}s (it takes 0.5s on its own) — is the CPU-bound count running on the "
        "event loop?"
    )


# --- cpu-correct-under-load ---------------------------------------------------


@pytest.mark.criterion("cpu-correct-under-load")
def test_concurrent_primes_are_correct(slow_client, in_parallel):
    """Two concurrent GET /primes (different limits) each answer their own correct count."""
    limits = [HEAVY_LIMIT, LIGHTER_LIMIT]
    responses = in_parallel(*[_get(slow_client, "/primes", limit=n) for n in limits])
    _assert_ok(responses, "GET /primes")
    for limit, response in zip(limits, responses, strict=True):
        expected = {"limit": limit, "count": EXPECTED_COUNTS[limit]}
        assert response.json() == expected, (
            f"GET /primes?limit={limit} (run concurrently): expected {expected!r}, "
            f"got {response.json()!r}"
        )
