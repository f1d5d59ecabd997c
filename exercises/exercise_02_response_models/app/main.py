"""User accounts API. Build the models and routes described in README.md.

Given (keep as is): store.py, the lifespan that creates the UserStore, and the
get_store dependency. Everything else is yours.
"""

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Annotated

from fastapi import Depends, FastAPI, Request

from .store import UserStore


@asynccontextmanager
async def lifespan(app: FastAPI) -> AsyncIterator[None]:
    app.state.store = UserStore()
    yield


app = FastAPI(title="Users", lifespan=lifespan)


def get_store(request: Request) -> UserStore:
    store: UserStore = request.app.state.store
    return store


StoreDep = Annotated[UserStore, Depends(get_store)]


# TODO (README.md, "Models"): UserCreate (snake_case input, unknown fields
#   refused, field and model validators, an `examples` entry), UserUpdate
#   (partial update) and UserOut (camelCase output with the computed fields
#   displayName and age, and never a password or its hash).

# TODO (README.md, "Validation errors"): 422 responses without the `input` echo.

# TODO (README.md, "Endpoints"): POST /users, GET /users, GET /users/{user_id},
#   PATCH /users/{user_id}.
