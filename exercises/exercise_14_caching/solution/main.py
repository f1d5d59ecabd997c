"""Reports API: a slow computation behind a TTL + LRU cache with ETags."""

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Annotated, Any

from fastapi import Depends, FastAPI, Header, Request, Response, status
from pydantic import BaseModel, Field

from .cache import CachedReport, ReportCache
from .reports import ReportSource

TTL_SECONDS = 3
MAX_ENTRIES = 4


@asynccontextmanager
async def lifespan(app: FastAPI) -> AsyncIterator[None]:
    app.state.source = source = ReportSource()
    app.state.cache = ReportCache(source.compute_report, ttl=TTL_SECONDS, max_entries=MAX_ENTRIES)
    yield


app = FastAPI(title="Reports", lifespan=lifespan)


async def get_source(request: Request) -> ReportSource:
    return request.app.state.source


async def get_cache(request: Request) -> ReportCache:
    return request.app.state.cache


SourceDep = Annotated[ReportSource, Depends(get_source)]
CacheDep = Annotated[ReportCache, Depends(get_cache)]


@app.get("/debug/stats")
async def debug_stats(source: SourceDep, cache: CacheDep) -> dict[str, Any]:
    """Diagnostics: how often each key was computed, and how many reports the cache holds."""
    return {"computations": source.computations(), "cache_size": len(cache)}


class Report(BaseModel):
    key: str
    count: int
    total: int
    min: int | None
    max: int | None
    mean: float | None


class ValuesIn(BaseModel):
    values: list[int] = Field(max_length=1000)


class ValuesOut(BaseModel):
    key: str
    values: list[int]


def etag_matches(if_none_match: str, etag: str) -> bool:
    """RFC 9110 If-None-Match: `*` or a list of tags, compared weakly."""
    if if_none_match.strip() == "*":
        return True
    return any(tag.strip().removeprefix("W/") == etag for tag in if_none_match.split(","))


@app.get(
    "/reports/{key}",
    response_model=Report,
    responses={status.HTTP_304_NOT_MODIFIED: {"description": "The client's copy is current"}},
)
async def read_report(
    key: str,
    cache: CacheDep,
    if_none_match: Annotated[str | None, Header()] = None,
) -> Response:
    report: CachedReport = await cache.get(key)
    headers = {"ETag": report.etag, "Cache-Control": f"max-age={report.max_age}"}
    if if_none_match is not None and etag_matches(if_none_match, report.etag):
        return Response(status_code=status.HTTP_304_NOT_MODIFIED, headers=headers)
    return Response(report.body, media_type="application/json", headers=headers)


@app.put("/reports/{key}/data")
async def write_values(key: str, data: ValuesIn, source: SourceDep, cache: CacheDep) -> ValuesOut:
    # No await between the write and the invalidation: no request sees one without the other.
    source.set_values(key, data.values)
    cache.invalidate(key)
    return ValuesOut(key=key, values=data.values)
