"""The three kinds of work the service does.

This module is infrastructure: do not change it (the grader ships its own copy).
Your endpoints in app/main.py call these functions.
"""

from __future__ import annotations

import asyncio
import time


def fetch_report(report_id: int) -> dict:
    """Fetch a report through the vendor's legacy SDK.

    The SDK is synchronous: the call blocks the calling thread for about
    0.5 s while it waits for the vendor's server.
    """
    time.sleep(0.5)
    return {"id": report_id, "status": "ready", "title": f"Report #{report_id}"}


async def fetch_quote(symbol: str) -> dict:
    """Fetch the latest price of ``symbol`` with the async market-data client.

    A coroutine: it awaits network I/O for about 0.5 s.
    """
    await asyncio.sleep(0.5)
    symbol = symbol.upper()
    return {"symbol": symbol, "price": _price_of(symbol)}


def count_primes(limit: int) -> int:
    """How many primes are <= ``limit``.

    Pure Python and CPU-bound: a deliberately naive sieve that crosses off the
    multiples of every number, prime or not. Measured on one core of a recent
    server CPU: limit=2_000_000 takes about 0.75 s, limit=5_000_000 about 2 s.
    """
    composite = bytearray(limit + 1)
    count = 0
    for n in range(2, limit + 1):
        if not composite[n]:
            count += 1
        for multiple in range(n * n, limit + 1, n):
            composite[multiple] = 1
    return count


def _price_of(symbol: str) -> float:
    """A stable, made-up price for ``symbol`` (the market is simulated)."""
    digest = 0
    for char in symbol:
        digest = (digest * 31 + ord(char)) % 1_000_003
    return round(5 + digest % 99_500 / 100, 2)
