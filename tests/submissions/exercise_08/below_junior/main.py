"""An answer that opens its resources per request (used by the grader's own
tests).

Every request opens a pool and loads the model (a second each), then closes
both: the answers are right, but the model is reloaded all the time. Lands
below-junior: the loaded-once criterion alone weighs more than 30% of the
junior points.
"""

import os

from fastapi import FastAPI
from pydantic import BaseModel, Field

from .resources import DEFAULT_MODEL_PATH, ConnectionPool, load_model, stats

app = FastAPI(title="Sentiment")


def model_path() -> str:
    return os.environ.get("MODEL_PATH", DEFAULT_MODEL_PATH)


class PredictIn(BaseModel):
    text: str = Field(min_length=1, max_length=1000)


@app.post("/predict")
def predict(body: PredictIn):
    with ConnectionPool() as pool, load_model(model_path(), pool) as model:
        result = model.predict(body.text)
        with pool.connection() as conn:
            prediction_id = conn.record(model.name, body.text, result.label)
        return {
            "id": prediction_id,
            "model": model.name,
            "label": result.label,
            "score": result.score,
        }


@app.get("/health")
def health():
    with ConnectionPool() as pool, load_model(model_path(), pool) as model:
        return {"status": "ok", "model": model.name, "pool_open": pool.is_open, **stats()}
