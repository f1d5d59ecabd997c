"""Reports API with a cache. Build what README.md describes.

Given (keep as is): reports.py, the lifespan that creates the ReportSource,
and the GET /debug/stats diagnostics route (wire its cache_size to your
cache). Everything else is yours.
"""

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from fastapi import FastAPI, Request

from .reports import ReportSource


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
        "cache_size": 0,  # TODO: the number of reports your cache holds
    }


# TODO (README.md, "The cache"): a cache of rendered reports with a 3 s TTL,
#   at most 4 entries (least recently used evicted first), one computation per
#   cold key however many requests wait for it. Create it in the lifespan.

# TODO (README.md, "Endpoints"): GET /reports/{key} (ETag, If-None-Match -> 304,
#   Cache-Control) and PUT /reports/{key}/data (stores the values, invalidates
#   the key's cached report).
