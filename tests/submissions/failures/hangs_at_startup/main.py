"""Waits forever in its lifespan, like an app waiting for a database that never comes."""

import asyncio
from contextlib import asynccontextmanager

from fastapi import FastAPI


@asynccontextmanager
async def lifespan(app: FastAPI):
    await asyncio.Event().wait()
    yield


app = FastAPI(lifespan=lifespan)
