"""User accounts API: validated input, filtered camelCase output."""

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Annotated

from fastapi import Depends, FastAPI, HTTPException, Request, status
from fastapi.encoders import jsonable_encoder
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse

from .models import UserCreate, UserOut, UserUpdate
from .store import UsernameTaken, UserStore


@asynccontextmanager
async def lifespan(app: FastAPI) -> AsyncIterator[None]:
    app.state.store = UserStore()
    yield


app = FastAPI(title="Users", lifespan=lifespan)


def get_store(request: Request) -> UserStore:
    store: UserStore = request.app.state.store
    return store


StoreDep = Annotated[UserStore, Depends(get_store)]

USER_NOT_FOUND = "User not found"


@app.exception_handler(RequestValidationError)
async def validation_error(request: Request, exc: RequestValidationError) -> JSONResponse:
    """FastAPI's 422 without the `input` echo, which would carry passwords."""
    errors = [
        {key: value for key, value in error.items() if key != "input"} for error in exc.errors()
    ]
    return JSONResponse(
        status_code=status.HTTP_422_UNPROCESSABLE_CONTENT,
        content={"detail": jsonable_encoder(errors)},
    )


@app.post("/users", status_code=status.HTTP_201_CREATED)
def create_user(user: UserCreate, store: StoreDep) -> UserOut:
    try:
        stored = store.add(**user.model_dump(exclude={"password_confirm"}))
    except UsernameTaken:
        raise HTTPException(status.HTTP_409_CONFLICT, "Username already taken") from None
    return UserOut.model_validate(stored)


@app.get("/users")
def list_users(store: StoreDep) -> list[UserOut]:
    return [UserOut.model_validate(user) for user in store.list()]


@app.get("/users/{user_id}")
def read_user(user_id: int, store: StoreDep) -> UserOut:
    stored = store.get(user_id)
    if stored is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, USER_NOT_FOUND)
    return UserOut.model_validate(stored)


@app.patch("/users/{user_id}")
def update_user(user_id: int, changes: UserUpdate, store: StoreDep) -> UserOut:
    stored = store.update(user_id, **changes.model_dump(exclude_unset=True))
    if stored is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, USER_NOT_FOUND)
    return UserOut.model_validate(stored)
