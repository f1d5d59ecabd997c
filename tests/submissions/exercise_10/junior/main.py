"""A plausible junior answer to exercise_10 (used by the grader's own tests).

Works for the basics: an @app.middleware("http") adds X-Request-ID (echoing
whatever came in), prints one JSON access line per request, and feeds a
Prometheus counter and histogram served on /metrics. Its flaws: incoming ids
are never validated; handlers' own log lines are plain text from basicConfig
without the request id; metrics and access lines are labelled with the raw
path (route="/items/42", every unknown path its own series, /metrics counted);
an unhandled exception escapes call_next, so the 500 has no X-Request-ID and
is neither logged nor counted.
"""

import json
import logging
import time
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Annotated

from fastapi import Depends, FastAPI, HTTPException, Request, Response, status
from prometheus_client import CONTENT_TYPE_LATEST, Counter, Histogram, generate_latest
from pydantic import BaseModel, ConfigDict, Field

from .store import ItemStore

logging.basicConfig(level=logging.INFO)
logger = logging.getLogger("app.items")

REQUESTS = Counter("http_requests_total", "Total requests", ["method", "route", "status"])
LATENCY = Histogram("http_request_duration_seconds", "Request latency", ["method", "route"])


@asynccontextmanager
async def lifespan(app: FastAPI) -> AsyncIterator[None]:
    app.state.store = ItemStore()
    yield


app = FastAPI(title="Inventory", lifespan=lifespan)


@app.middleware("http")
async def observe(request: Request, call_next):
    request_id = request.headers.get("X-Request-ID") or str(uuid.uuid4())
    start = time.time()
    response = await call_next(request)
    duration = time.time() - start
    response.headers["X-Request-ID"] = request_id
    path = request.url.path
    REQUESTS.labels(request.method, path, str(response.status_code)).inc()
    LATENCY.labels(request.method, path).observe(duration)
    line = {
        "event": "request",
        "request_id": request_id,
        "method": request.method,
        "path": path,
        "route": path,
        "status": response.status_code,
        "duration_ms": round(duration * 1000, 2),
    }
    print(json.dumps(line), flush=True)
    return response


@app.get("/metrics")
def metrics():
    return Response(generate_latest(), media_type=CONTENT_TYPE_LATEST)


def get_store(request: Request) -> ItemStore:
    return request.app.state.store


StoreDep = Annotated[ItemStore, Depends(get_store)]


class ItemIn(BaseModel):
    name: str = Field(min_length=1, max_length=50)
    price: float = Field(gt=0)


class ItemOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    name: str
    price: float


@app.get("/items")
def list_items(store: StoreDep) -> list[ItemOut]:
    return [ItemOut.model_validate(item) for item in store.all()]


@app.post("/items", status_code=status.HTTP_201_CREATED)
async def create_item(item: ItemIn, store: StoreDep) -> ItemOut:
    created = await store.add(item.name, item.price)
    logger.info("item created", extra={"item_id": created.id})
    return ItemOut.model_validate(created)


@app.get("/items/{item_id}")
def read_item(item_id: int, store: StoreDep) -> ItemOut:
    item = store.get(item_id)
    if item is None:
        logger.warning("item not found", extra={"item_id": item_id})
        raise HTTPException(status_code=status.HTTP_404_NOT_FOUND, detail="Item not found")
    return ItemOut.model_validate(item)


@app.get("/boom")
def boom() -> None:
    """A deliberately broken route: see what your app does with an unhandled error."""
    raise RuntimeError("the inventory backend exploded")
