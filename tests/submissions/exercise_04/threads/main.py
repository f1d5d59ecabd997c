"""A correct answer that keeps everything in one process: blocking and
CPU-bound work both go to the threadpool with run_in_threadpool.

Acceptable: the event loop only waits for the GIL between switch intervals
(5 ms), so /health stays fast, though the sieve gets no second core.
"""

from typing import Annotated

from fastapi import FastAPI, Query
from fastapi.concurrency import run_in_threadpool

from . import services

app = FastAPI(title="Market data service")


@app.get("/health")
async def health() -> dict[str, str]:
    return {"status": "ok"}


@app.get("/reports/{report_id}")
async def get_report(report_id: int) -> dict:
    return await run_in_threadpool(services.fetch_report, report_id)


@app.get("/quotes/{symbol}")
async def get_quote(symbol: str) -> dict:
    return await services.fetch_quote(symbol)


@app.get("/primes")
async def get_prime_count(
    limit: Annotated[int, Query(ge=1, le=5_000_000)],
) -> dict[str, int]:
    count = await run_in_threadpool(services.count_primes, limit)
    return {"limit": limit, "count": count}
