"""Inventory API. Add the observability described in README.md.

Given (keep as is): store.py, the lifespan, the models and the four routes
below. The routes already log through the "app.items" logger, but nothing
shows yet: logging is not configured. Everything else is yours.
"""

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Annotated

from fastapi import Depends, FastAPI, HTTPException, Request, status
from pydantic import BaseModel, ConfigDict, Field

from .store import ItemStore

logger = logging.getLogger("app.items")


@asynccontextmanager
async def lifespan(app: FastAPI) -> AsyncIterator[None]:
    app.state.store = ItemStore()
    yield


app = FastAPI(title="Inventory", lifespan=lifespan)


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


# TODO (README.md, "Request IDs"): a middleware that gives every response an
#   X-Request-ID header (a valid incoming id is kept, otherwise a new UUID4)
#   and makes the id available to everything that runs for the request.

# TODO (README.md, "Logs"): configure logging so that every line of the "app"
#   loggers is one JSON object on stdout, carrying the request's id, and write
#   one access line per request.

# TODO (README.md, "Metrics"): GET /metrics in the Prometheus text format with
#   the counter http_requests_total{method,route,status} and the histogram
#   http_request_duration_seconds{method,route}.

# TODO (README.md, "Unhandled errors"): a 500 still carries the request id.
