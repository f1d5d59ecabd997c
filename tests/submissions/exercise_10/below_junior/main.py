"""A below-junior answer to exercise_10 (used by the grader's own tests).

Request ids work (generated or echoed, never validated), but the access log is
uvicorn-style plain text from basicConfig and there is no /metrics at all.
"""

import logging
import time
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Annotated

from fastapi import Depends, FastAPI, HTTPException, Request, status
from pydantic import BaseModel, ConfigDict, Field

from .store import ItemStore

logging.basicConfig(level=logging.INFO)
logger = logging.getLogger("app.items")
access = logging.getLogger("app.access")


@asynccontextmanager
async def lifespan(app: FastAPI) -> AsyncIterator[None]:
    app.state.store = ItemStore()
    yield


app = FastAPI(title="Inventory", lifespan=lifespan)


@app.middleware("http")
async def request_id(request: Request, call_next):
    rid = request.headers.get("X-Request-ID") or str(uuid.uuid4())
    start = time.time()
    response = await call_next(request)
    response.headers["X-Request-ID"] = rid
    access.info(
        "%s %s %s %s %.1fms",
        rid, request.method, request.url.path, response.status_code, (time.time() - start) * 1000,
    )
    return response


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
