"""A plausible junior answer: every endpoint is `async def`, because async is fast.

Functionally right, but fetch_report and count_primes are called directly
inside `async def`: each one holds the event loop until it returns, so every
other request (and /health) waits behind it.
"""

from typing import Annotated

from fastapi import FastAPI, Query

from . import services

app = FastAPI(title="Market data service")


@app.get("/health")
async def health():
    return {"status": "ok"}


@app.get("/reports/{report_id}")
async def get_report(report_id: int):
    return services.fetch_report(report_id)


@app.get("/quotes/{symbol}")
async def get_quote(symbol: str):
    return await services.fetch_quote(symbol)


@app.get("/primes")
async def get_prime_count(limit: Annotated[int, Query(ge=1, le=5_000_000)]):
    return {"limit": limit, "count": services.count_primes(limit)}
