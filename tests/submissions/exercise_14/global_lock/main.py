"""A near-senior answer to exercise_14 (used by the grader's own tests).

An OrderedDict LRU with a TTL, a counting-down max-age and content ETags,
and stampede protection through ONE asyncio.Lock held while computing (with
a second look at the cache once the lock is taken). Its flaws: every cold
key waits behind every other cold key's computation, and a write does not
stop a computation that already read the old values from being stored.
Expected: junior, with the senior criteria single-flight, lru-bound and
cache-control met and no-global-lock and read-your-writes missed.
"""

import asyncio
import hashlib
import json
import time
from collections import OrderedDict
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Annotated, Any

from fastapi import FastAPI, Header, Request, Response
from pydantic import BaseModel, Field

from .reports import ReportSource

TTL = 3.0
MAX_ENTRIES = 4


class Cache:
    def __init__(self, source: ReportSource) -> None:
        self.source = source
        self.entries: OrderedDict[str, tuple[bytes, str, float]] = OrderedDict()
        self.lock = asyncio.Lock()

    def lookup(self, key: str) -> tuple[bytes, str, float] | None:
        entry = self.entries.get(key)
        if entry is None or entry[2] <= time.monotonic():
            return None
        self.entries.move_to_end(key)
        return entry

    async def get(self, key: str) -> tuple[bytes, str, float]:
        if entry := self.lookup(key):
            return entry
        async with self.lock:
            if entry := self.lookup(key):  # computed while we waited
                return entry
            report = await self.source.compute_report(key)
            body = json.dumps(report).encode()
            entry = (body, f'"{hashlib.sha256(body).hexdigest()}"', time.monotonic() + TTL)
            self.entries[key] = entry
            self.entries.move_to_end(key)
            if len(self.entries) > MAX_ENTRIES:
                self.entries.popitem(last=False)
            return entry


@asynccontextmanager
async def lifespan(app: FastAPI) -> AsyncIterator[None]:
    app.state.source = ReportSource()
    app.state.cache = Cache(app.state.source)
    yield


app = FastAPI(title="Reports", lifespan=lifespan)


@app.get("/debug/stats")
async def debug_stats(request: Request) -> dict[str, Any]:
    return {
        "computations": request.app.state.source.computations(),
        "cache_size": len(request.app.state.cache.entries),
    }


class Values(BaseModel):
    values: list[int] = Field(max_length=1000)


@app.get("/reports/{key}")
async def get_report(
    key: str, request: Request, if_none_match: Annotated[str | None, Header()] = None
) -> Response:
    body, etag, expires = await request.app.state.cache.get(key)
    headers = {
        "ETag": etag,
        "Cache-Control": f"max-age={max(0, round(expires - time.monotonic()))}",
    }
    if if_none_match and etag in [t.strip() for t in if_none_match.split(",")]:
        return Response(status_code=304, headers=headers)
    return Response(body, media_type="application/json", headers=headers)


@app.put("/reports/{key}/data")
async def put_data(key: str, data: Values, request: Request) -> dict[str, Any]:
    request.app.state.source.set_values(key, data.values)
    request.app.state.cache.entries.pop(key, None)
    return {"key": key, "values": data.values}
