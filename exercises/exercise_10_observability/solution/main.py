"""Inventory API with request ids, JSON logs and Prometheus metrics."""

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Annotated
from uuid import uuid4

from fastapi import Depends, FastAPI, HTTPException, Request, Response, status
from fastapi.responses import JSONResponse
from prometheus_client import CONTENT_TYPE_LATEST, generate_latest
from pydantic import BaseModel, ConfigDict, Field

from .observability import (
    REQUEST_ID_HEADER,
    HttpMetrics,
    ObservabilityMiddleware,
    configure_logging,
)
from .store import ItemStore

logger = logging.getLogger("app.items")


@asynccontextmanager
async def lifespan(app: FastAPI) -> AsyncIterator[None]:
    configure_logging()
    app.state.store = ItemStore()
    yield


app = FastAPI(title="Inventory", lifespan=lifespan)
metrics = HttpMetrics()
app.add_middleware(ObservabilityMiddleware, metrics=metrics)


@app.exception_handler(Exception)
async def unhandled_error(request: Request, exc: Exception) -> JSONResponse:
    """Runs outside every middleware (in ServerErrorMiddleware), so the response
    gets its X-Request-ID here, from the id the middleware left on request.state."""
    request_id: str = getattr(request.state, "request_id", None) or str(uuid4())
    logger.error("unhandled error", exc_info=exc, extra={"request_id": request_id})
    return JSONResponse(
        status_code=status.HTTP_500_INTERNAL_SERVER_ERROR,
        content={"detail": "Internal Server Error", "request_id": request_id},
        headers={REQUEST_ID_HEADER: request_id},
    )


@app.get("/metrics", include_in_schema=False)
def read_metrics() -> Response:
    return Response(generate_latest(metrics.registry), media_type=CONTENT_TYPE_LATEST)


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
