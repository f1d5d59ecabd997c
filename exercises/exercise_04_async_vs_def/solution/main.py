"""Reference solution: every kind of work runs where it cannot stall the event loop.

The event loop is one thread serving every request. Anything that holds that
thread (a blocking call, a long computation) inside an ``async def`` freezes
every other request, /health included. So:

* blocking I/O (the legacy SDK)  -> a plain ``def`` endpoint, run on the threadpool;
* async I/O (the quote client)   -> ``async def`` + ``await``;
* CPU-bound work (prime counting) -> a process pool, awaited from ``async def``.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from concurrent.futures import ProcessPoolExecutor
from contextlib import asynccontextmanager
from typing import Annotated

from fastapi import FastAPI, Query, Request

from . import services

MAX_LIMIT = 5_000_000


@asynccontextmanager
async def lifespan(app: FastAPI) -> AsyncIterator[None]:
    # One pool for the app's lifetime: starting worker processes per request
    # would cost more than most prime counts. Processes rather than threads
    # because the sieve is pure Python: on a thread it would hold the GIL and
    # compete with the event loop for it, and a process can use another core.
    pool = ProcessPoolExecutor(max_workers=2)
    app.state.cpu_pool = pool
    try:
        yield
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


app = FastAPI(title="Market data service", lifespan=lifespan)


@app.get("/health")
async def health() -> dict[str, str]:
    return {"status": "ok"}


@app.get("/reports/{report_id}")
def get_report(report_id: int) -> dict:
    # A plain `def`, on purpose: FastAPI runs sync endpoints on its threadpool,
    # so the SDK's 0.5 s of blocking ties up one worker thread, never the
    # event loop. Clearer than `async def` + `await run_in_threadpool(...)`,
    # which does the same thing with more ceremony.
    return services.fetch_report(report_id)


@app.get("/quotes/{symbol}")
async def get_quote(symbol: str) -> dict:
    # The client is a coroutine: awaiting it yields the loop while it waits,
    # so any number of quotes can be in flight at once.
    return await services.fetch_quote(symbol)


@app.get("/primes")
async def get_prime_count(
    request: Request,
    limit: Annotated[int, Query(ge=1, le=MAX_LIMIT, description="Count primes <= limit")],
) -> dict[str, int]:
    # Awaiting the future frees the loop while a worker process computes.
    loop = asyncio.get_running_loop()
    count = await loop.run_in_executor(request.app.state.cpu_pool, services.count_primes, limit)
    return {"limit": limit, "count": count}
