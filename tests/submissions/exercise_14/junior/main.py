"""A plausible junior answer to exercise_14 (used by the grader's own tests).

A module-level dict caches each report with the time it was computed; a
write pops the key; the ETag is an md5 of the report and If-None-Match is
honoured. Its flaws: concurrent requests for a cold key each compute it (no
single-flight), the dict grows without bound, Cache-Control always says the
full TTL, and a computation that started before a write still stores its
stale result afterwards.
"""

import hashlib
import json
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from fastapi import FastAPI, Header, Request, Response
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field

from .reports import ReportSource

CACHE_TTL = 3

cache: dict[str, dict[str, Any]] = {}


@asynccontextmanager
async def lifespan(app: FastAPI) -> AsyncIterator[None]:
    app.state.source = ReportSource()
    yield


app = FastAPI(title="Reports", lifespan=lifespan)


@app.get("/debug/stats")
async def debug_stats(request: Request) -> dict[str, Any]:
    """Diagnostics: how often each key was computed, and how many reports the cache holds."""
    return {
        "computations": request.app.state.source.computations(),
        "cache_size": len(cache),
    }


class Values(BaseModel):
    values: list[int] = Field(max_length=1000)


@app.get("/reports/{key}")
async def get_report(key: str, request: Request, if_none_match: str | None = Header(default=None)):
    entry = cache.get(key)
    if entry is None or time.time() - entry["time"] > CACHE_TTL:
        report = await request.app.state.source.compute_report(key)
        etag = '"' + hashlib.md5(json.dumps(report).encode()).hexdigest() + '"'
        entry = {"report": report, "etag": etag, "time": time.time()}
        cache[key] = entry

    headers = {"ETag": entry["etag"], "Cache-Control": f"max-age={CACHE_TTL}"}
    if if_none_match and entry["etag"] in if_none_match:
        return Response(status_code=304, headers=headers)
    return JSONResponse(entry["report"], headers=headers)


@app.put("/reports/{key}/data")
async def put_data(key: str, data: Values, request: Request):
    request.app.state.source.set_values(key, data.values)
    cache.pop(key, None)
    return {"key": key, "values": data.values}
