"""A complete answer to exercise_10 in another style (used by the grader's own tests).

An @app.middleware("http") function (BaseHTTPMiddleware) instead of a pure ASGI
middleware, logging set up with dictConfig, and unhandled exceptions caught in
the middleware itself rather than in an exception handler. The grader judges
behaviour, so this must earn what the reference solution earns.
"""

import json
import logging
import logging.config
import re
import time
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from contextvars import ContextVar
from typing import Annotated

from fastapi import Depends, FastAPI, HTTPException, Request, Response, status
from fastapi.responses import JSONResponse
from prometheus_client import (
    CONTENT_TYPE_PLAIN_0_0_4,
    CollectorRegistry,
    Counter,
    Histogram,
    generate_latest,
)
from pydantic import BaseModel, ConfigDict, Field

from .store import ItemStore

request_id_var: ContextVar[str | None] = ContextVar("request_id", default=None)

BUILTIN = set(vars(logging.makeLogRecord({}))) | {"message"}


class ContextFilter(logging.Filter):
    def filter(self, record):
        if not hasattr(record, "request_id"):
            record.request_id = request_id_var.get()
        return True


class JsonLines(logging.Formatter):
    def format(self, record):
        data = {"event": record.getMessage(), "level": record.levelname, "logger": record.name}
        data.update({k: v for k, v in vars(record).items() if k not in BUILTIN})
        if record.exc_info:
            data["traceback"] = self.formatException(record.exc_info)
        return json.dumps(data, default=str)


LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"context": {"()": ContextFilter}},
    "formatters": {"json": {"()": JsonLines}},
    "handlers": {
        "stdout": {
            "class": "logging.StreamHandler",
            "stream": "ext://sys.stdout",
            "formatter": "json",
            "filters": ["context"],
        }
    },
    "loggers": {"app": {"handlers": ["stdout"], "level": "INFO", "propagate": False}},
}

logger = logging.getLogger("app.items")
access = logging.getLogger("app.access")

registry = CollectorRegistry()
REQUESTS = Counter(
    "http_requests_total", "Requests", ["method", "route", "status"], registry=registry
)
LATENCY = Histogram(
    "http_request_duration_seconds", "Latency", ["method", "route"], registry=registry
)


@asynccontextmanager
async def lifespan(app: FastAPI) -> AsyncIterator[None]:
    logging.config.dictConfig(LOGGING)
    app.state.store = ItemStore()
    yield


app = FastAPI(title="Inventory", lifespan=lifespan)


@app.middleware("http")
async def observe(request: Request, call_next):
    incoming = request.headers.get("x-request-id", "")
    request_id = incoming if re.fullmatch(r"[\w-]{1,64}", incoming, re.ASCII) else str(uuid.uuid4())
    token = request_id_var.set(request_id)
    start = time.perf_counter()
    try:
        response = await call_next(request)
    except Exception:
        logger.exception("unhandled error")
        response = JSONResponse(
            {"detail": "Internal Server Error", "request_id": request_id}, status_code=500
        )
    elapsed = time.perf_counter() - start
    response.headers["X-Request-ID"] = request_id
    route = request.scope.get("route")
    template = route.path if route is not None else "unmatched"
    if template != "/metrics":
        REQUESTS.labels(request.method, template, str(response.status_code)).inc()
        LATENCY.labels(request.method, template).observe(elapsed)
    access.info(
        "request",
        extra={
            "method": request.method,
            "path": request.url.path,
            "route": template,
            "status": response.status_code,
            "duration_ms": elapsed * 1000,
        },
    )
    request_id_var.reset(token)
    return response


@app.get("/metrics")
def metrics():
    return Response(generate_latest(registry), media_type=CONTENT_TYPE_PLAIN_0_0_4)


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
