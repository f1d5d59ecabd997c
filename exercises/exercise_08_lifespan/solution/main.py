"""Sentiment API: a slow model and a connection pool, opened once by the lifespan."""

import logging
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager
from typing import Annotated, TypedDict

from fastapi import Depends, FastAPI, Request
from pydantic import BaseModel, Field, field_validator
from pydantic_settings import BaseSettings

from .resources import (
    DEFAULT_MODEL_PATH,
    KNOWN_MODEL_PATHS,
    Connection,
    ConnectionPool,
    Model,
    load_model,
    stats,
)

# uvicorn configures this logger (INFO, to stderr); a logger of our own would
# need a handler before its INFO lines showed up anywhere.
logger = logging.getLogger("uvicorn.error")


class Settings(BaseSettings):
    model_path: str = DEFAULT_MODEL_PATH  # env: MODEL_PATH

    @field_validator("model_path")
    @classmethod
    def known_model(cls, value: str) -> str:
        if value not in KNOWN_MODEL_PATHS:
            raise ValueError(
                f"invalid MODEL_PATH: {value!r} (known: {', '.join(KNOWN_MODEL_PATHS)})"
            )
        return value


class State(TypedDict):
    model: Model
    pool: ConnectionPool


@asynccontextmanager
async def lifespan(app: FastAPI) -> AsyncIterator[State]:
    # Read at startup, not at import: a bad MODEL_PATH fails here, before
    # anything is opened. Nothing is served yet, so the blocking open and
    # load cannot hold up a request.
    settings = Settings()
    # The with-blocks release whatever was opened, on shutdown and on a
    # failed startup alike.
    with ConnectionPool() as pool, load_model(settings.model_path, pool) as model:
        yield {"model": model, "pool": pool}
    logger.info("resources released: model, pool")


app = FastAPI(title="Sentiment", lifespan=lifespan)


def get_model(request: Request) -> Model:
    return request.state.model


def get_pool(request: Request) -> ConnectionPool:
    return request.state.pool


def get_connection(pool: Annotated[ConnectionPool, Depends(get_pool)]) -> Iterator[Connection]:
    with pool.connection() as connection:
        yield connection


ModelDep = Annotated[Model, Depends(get_model)]
PoolDep = Annotated[ConnectionPool, Depends(get_pool)]
# scope="function": the connection goes back to the pool before the response is sent.
ConnectionDep = Annotated[Connection, Depends(get_connection, scope="function")]


class PredictIn(BaseModel):
    text: str = Field(min_length=1, max_length=1000)


class PredictionOut(BaseModel):
    id: int
    model: str
    label: str
    score: float


class Health(BaseModel):
    status: str
    model: str
    pool_open: bool
    model_loads: int
    pool_opens: int
    pool_closes: int
    active_connections: int
    predictions: int


@app.post("/predict")
def predict(body: PredictIn, model: ModelDep, connection: ConnectionDep) -> PredictionOut:
    prediction = model.predict(body.text)
    prediction_id = connection.record(model.name, body.text, prediction.label)
    return PredictionOut(
        id=prediction_id, model=model.name, label=prediction.label, score=prediction.score
    )


@app.get("/health")
def health(model: ModelDep, pool: PoolDep) -> Health:
    return Health(status="ok", model=model.name, pool_open=pool.is_open, **stats())
