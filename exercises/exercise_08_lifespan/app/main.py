"""Sentiment API. Build what README.md describes.

Given (do not change): resources.py, the slow model and the connection pool.
Everything else is yours.
"""

from fastapi import FastAPI

app = FastAPI(title="Sentiment")


# TODO (README.md, "Startup and shutdown"): a lifespan that reads MODEL_PATH,
#   opens one ConnectionPool and loads the model once, shares them with the
#   handlers, and releases both on shutdown, then logs
#   "resources released: model, pool".

# TODO (README.md, "Endpoints"): POST /predict and GET /health.
