"""Hidden suite, functional part: each endpoint answers the contract in README.md.

Expected values are computed here, independently of the app's services module.
"""

from __future__ import annotations

import pytest


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


def reference_price(symbol: str) -> float:
    """The simulated market's price for ``symbol``, as README.md defines it."""
    digest = 0
    for char in symbol.upper():
        digest = (digest * 31 + ord(char)) % 1_000_003
    return round(5 + digest % 99_500 / 100, 2)


def _describe(response) -> str:
    return f"{response.status_code} {response.text[:200]}"


# --- health -------------------------------------------------------------------


@pytest.mark.criterion("health")
def test_health_answers_ok(client):
    """GET /health answers 200 {"status": "ok"}."""
    response = client.get("/health")
    assert response.status_code == 200, f"GET /health: expected 200, got {_describe(response)}"
    assert response.json() == {"status": "ok"}, (
        f'GET /health: expected {{"status": "ok"}}, got {response.json()!r}'
    )


@pytest.mark.criterion("health")
def test_health_is_json(client):
    """GET /health answers with a JSON content type."""
    response = client.get("/health")
    content_type = response.headers.get("content-type", "")
    assert response.status_code == 200, f"GET /health: expected 200, got {_describe(response)}"
    assert content_type.startswith("application/json"), (
        f"GET /health: expected an application/json body, got content-type {content_type!r}"
    )


# --- reports ------------------------------------------------------------------


@pytest.mark.criterion("reports")
@pytest.mark.parametrize("report_id", [1, 42, 90210])
def test_report_returns_sdk_data(client, report_id):
    """GET /reports/{report_id} answers 200 with exactly what the SDK returned."""
    response = client.get(f"/reports/{report_id}")
    assert response.status_code == 200, (
        f"GET /reports/{report_id}: expected 200, got {_describe(response)}"
    )
    expected = {"id": report_id, "status": "ready", "title": f"Report #{report_id}"}
    assert response.json() == expected, (
        f"GET /reports/{report_id}: expected {expected!r}, got {response.json()!r}"
    )


@pytest.mark.criterion("reports")
def test_report_id_must_be_an_integer(client):
    """GET /reports/{report_id} with a non-integer id answers 422."""
    response = client.get("/reports/latest")
    assert response.status_code == 422, (
        f"GET /reports/latest: expected 422 (report_id is an integer), got {_describe(response)}"
    )


# --- quotes -------------------------------------------------------------------


@pytest.mark.criterion("quotes")
@pytest.mark.parametrize("symbol", ["ACME", "nvda", "Fapi"])
def test_quote_returns_client_data(client, symbol):
    """GET /quotes/{symbol} answers 200 with the client's quote (symbol upper-cased)."""
    response = client.get(f"/quotes/{symbol}")
    assert response.status_code == 200, (
        f"GET /quotes/{symbol}: expected 200, got {_describe(response)}"
    )
    expected = {"symbol": symbol.upper(), "price": reference_price(symbol)}
    assert response.json() == expected, (
        f"GET /quotes/{symbol}: expected {expected!r}, got {response.json()!r}"
    )


@pytest.mark.criterion("quotes")
def test_quote_body_is_not_a_coroutine(client):
    """GET /quotes/{symbol} returns the awaited quote, with a numeric price."""
    response = client.get("/quotes/goog")
    assert response.status_code == 200, f"GET /quotes/goog: expected 200, got {_describe(response)}"
    body = response.json()
    assert isinstance(body, dict) and isinstance(body.get("price"), (int, float)), (
        f"GET /quotes/goog: expected an object with a numeric price, got {body!r}"
        " (was fetch_quote awaited?)"
    )


# --- primes -------------------------------------------------------------------


@pytest.mark.criterion("primes")
@pytest.mark.parametrize("limit", [1, 2, 100, 1000, 10_000, 99_991])
def test_primes_counts_correctly(client, limit):
    """GET /primes?limit=N answers 200 {"limit": N, "count": primes <= N}."""
    response = client.get("/primes", params={"limit": limit})
    assert response.status_code == 200, (
        f"GET /primes?limit={limit}: expected 200, got {_describe(response)}"
    )
    expected = {"limit": limit, "count": reference_prime_count(limit)}
    assert response.json() == expected, (
        f"GET /primes?limit={limit}: expected {expected!r}, got {response.json()!r}"
    )


@pytest.mark.criterion("primes")
@pytest.mark.parametrize("limit", ["0", "-5", "5000001", "ten", "2.5"])
def test_primes_rejects_bad_limit(client, limit):
    """GET /primes with a limit that is not an integer in 1..5_000_000 answers 422."""
    response = client.get("/primes", params={"limit": limit})
    assert response.status_code == 422, (
        f"GET /primes?limit={limit}: expected 422, got {_describe(response)}"
    )


@pytest.mark.criterion("primes")
def test_primes_requires_limit(client):
    """GET /primes without a limit answers 422."""
    response = client.get("/primes")
    assert response.status_code == 422, (
        f"GET /primes (no limit): expected 422, got {_describe(response)}"
    )


# --- no-blocking-in-async: the endpoints the static check reads exist ---------


@pytest.mark.criterion("no-blocking-in-async")
def test_every_endpoint_is_served(client):
    """/reports, /quotes and /primes all answer 200 (the code the static check reads runs)."""
    for path in ("/reports/7", "/quotes/abc", "/primes?limit=50"):
        response = client.get(path)
        assert response.status_code == 200, f"GET {path}: expected 200, got {_describe(response)}"
