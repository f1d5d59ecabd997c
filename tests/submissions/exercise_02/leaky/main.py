"""A below-junior answer to exercise_02 (used by the grader's own tests).

The classic mistake: the routes return the StoredUser itself, so the response
carries hashed_password (and snake_case keys), and the input model has types
but none of the rules.
"""

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import date
from typing import Annotated

from fastapi import Depends, FastAPI, HTTPException, Request
from pydantic import BaseModel

from .store import UsernameTaken, UserStore


@asynccontextmanager
async def lifespan(app: FastAPI) -> AsyncIterator[None]:
    app.state.store = UserStore()
    yield


app = FastAPI(title="Users", lifespan=lifespan)


def get_store(request: Request) -> UserStore:
    return request.app.state.store


StoreDep = Annotated[UserStore, Depends(get_store)]


class UserCreate(BaseModel):
    username: str
    email: str
    password: str
    password_confirm: str
    full_name: str | None = None
    birth_date: date | None = None


class UserUpdate(BaseModel):
    email: str | None = None
    full_name: str | None = None
    birth_date: date | None = None


@app.post("/users", status_code=201)
def create_user(user: UserCreate, store: StoreDep):
    if user.password != user.password_confirm:
        raise HTTPException(400, "passwords do not match")
    try:
        return store.add(**user.model_dump(exclude={"password_confirm"}))
    except UsernameTaken:
        raise HTTPException(409, "Username already taken")


@app.get("/users")
def list_users(store: StoreDep):
    return store.list()


@app.get("/users/{user_id}")
def get_user(user_id: int, store: StoreDep):
    user = store.get(user_id)
    if user is None:
        raise HTTPException(404, "User not found")
    return user


@app.patch("/users/{user_id}")
def update_user(user_id: int, changes: UserUpdate, store: StoreDep):
    user = store.update(user_id, **changes.model_dump(exclude_unset=True))
    if user is None:
        raise HTTPException(404, "User not found")
    return user
