"""A plausible junior answer to exercise_08 (used by the grader's own tests).

Predictions, /health and MODEL_PATH work, and nothing reloads on the next
request. Its flaws: the model is loaded lazily by the first request that
needs it (with a plain global, so concurrent first requests each load it,
and a bad MODEL_PATH only shows up as a 500 on that request), the pool is
opened with the deprecated @app.on_event, and shutdown closes the pool but
neither the model nor logs the released line.
"""

import os

from fastapi import FastAPI
from pydantic import BaseModel, Field

from .resources import DEFAULT_MODEL_PATH, ConnectionPool, load_model, stats

app = FastAPI(title="Sentiment")

pool = ConnectionPool()
model = None


@app.on_event("startup")
def open_pool():
    pool.open()


@app.on_event("shutdown")
def close_pool():
    pool.close()


def get_model():
    global model
    if model is None:
        model = load_model(os.environ.get("MODEL_PATH", DEFAULT_MODEL_PATH), pool)
    return model


class PredictRequest(BaseModel):
    text: str = Field(min_length=1, max_length=1000)


@app.post("/predict")
def predict(request: PredictRequest):
    m = get_model()
    result = m.predict(request.text)
    with pool.connection() as conn:
        prediction_id = conn.record(m.name, request.text, result.label)
    return {"id": prediction_id, "model": m.name, "label": result.label, "score": result.score}


@app.get("/health")
def health():
    m = get_model()
    return {"status": "ok", "model": m.name, "pool_open": pool.is_open, **stats()}
