"""Serves the honest part; after its first ten requests, every other route
accepts the request and never answers.

GET /items waits on the event loop forever, PUT sleeps in a worker thread, and
DELETE answers 200 with headers and then drips one byte every few seconds, so
a client's read timeout never fires. (The first ten requests are answered, so
some tests finish before the suite stalls: their outcomes must survive the
suite's time limit.)
"""

import asyncio
import time
from collections.abc import AsyncIterator

from fastapi import HTTPException, Request
from fastapi.responses import StreamingResponse

from .inventory import app

ANSWERED_FIRST = 10
seen = 0


@app.middleware("http")
async def count(request: Request, call_next):  # type: ignore[no-untyped-def]
    global seen
    seen += 1
    return await call_next(request)


def early() -> bool:
    return seen <= ANSWERED_FIRST


@app.get("/items")
async def list_items() -> None:
    if early():
        raise HTTPException(405)
    await asyncio.Event().wait()


@app.put("/items/{item_id}")
def replace_item(item_id: int) -> None:
    if early():
        raise HTTPException(405)
    time.sleep(3600)


async def drip() -> AsyncIterator[bytes]:
    while True:
        yield b" "
        await asyncio.sleep(3)


@app.delete("/items/{item_id}")
async def delete_item(item_id: int) -> StreamingResponse:
    if early():
        raise HTTPException(405)
    return StreamingResponse(drip())
