"""A junior answer that follows the FastAPI docs' lifespan example (used by
the grader's own tests).

Pool and model are opened once in the lifespan and released on shutdown
with the required line. Its flaws: ModelLoadError escapes as it is (the log
never names MODEL_PATH), and a failed load leaves the pool open, since the
lifespan has no try/finally. Lands junior: 8 of 12 senior points, under 75%.
"""

import os
from contextlib import asynccontextmanager

from fastapi import FastAPI
from pydantic import BaseModel, Field

from .resources import DEFAULT_MODEL_PATH, ConnectionPool, load_model, stats

resources = {}


@asynccontextmanager
async def lifespan(app: FastAPI):
    pool = ConnectionPool()
    pool.open()
    resources["pool"] = pool
    resources["model"] = load_model(os.getenv("MODEL_PATH", DEFAULT_MODEL_PATH), pool)
    yield
    resources["model"].close()
    resources["pool"].close()
    resources.clear()
    print("resources released: model, pool", flush=True)


app = FastAPI(title="Sentiment", lifespan=lifespan)


class PredictRequest(BaseModel):
    text: str = Field(min_length=1, max_length=1000)


class PredictResponse(BaseModel):
    id: int
    model: str
    label: str
    score: float


@app.post("/predict", response_model=PredictResponse)
def predict(request: PredictRequest):
    model = resources["model"]
    result = model.predict(request.text)
    with resources["pool"].connection() as conn:
        prediction_id = conn.record(model.name, request.text, result.label)
    return PredictResponse(
        id=prediction_id, model=model.name, label=result.label, score=result.score
    )


@app.get("/health")
def health():
    return {
        "status": "ok",
        "model": resources["model"].name,
        "pool_open": resources["pool"].is_open,
        **stats(),
    }
