"""Serves requests, but its shutdown never finishes (a blocking join on exit)."""

import time
from contextlib import asynccontextmanager

from fastapi import FastAPI


@asynccontextmanager
async def lifespan(app: FastAPI):
    yield
    time.sleep(3600)


app = FastAPI(lifespan=lifespan)


@app.get("/")
def index() -> dict[str, str]:
    return {"status": "ok"}
