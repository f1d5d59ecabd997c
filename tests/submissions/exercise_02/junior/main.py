"""A plausible junior answer to exercise_02 (used by the grader's own tests).

Separate input and output models as in the tutorial's "Extra Models" page, so
no secret leaks, and the obvious validation rules work. Its flaws: UserOut
spells its fields in camelCase and fills displayName and age by hand (no
computed fields: not readOnly, not required, and the age is days // 365), the
email regex refuses '+' and nothing is lowercased, unknown keys are silently
ignored, PATCH uses exclude_none (null cannot clear a field, "email": null
passes), FastAPI's default 422 echoes the input, and UserCreate has no example.
"""

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import date, datetime
from typing import Annotated

from fastapi import Depends, FastAPI, HTTPException, Request
from pydantic import BaseModel, Field, field_validator, model_validator

from .store import StoredUser, UsernameTaken, UserStore


@asynccontextmanager
async def lifespan(app: FastAPI) -> AsyncIterator[None]:
    app.state.store = UserStore()
    yield


app = FastAPI(title="Users", lifespan=lifespan)


def get_store(request: Request) -> UserStore:
    return request.app.state.store


StoreDep = Annotated[UserStore, Depends(get_store)]

EMAIL_REGEX = r"^[\w.-]+@[\w-]+\.[\w.]+$"


class UserCreate(BaseModel):
    username: str = Field(min_length=3, max_length=20, pattern=r"^[a-z0-9_]+$")
    email: str = Field(pattern=EMAIL_REGEX)
    password: str = Field(min_length=8, max_length=64)
    password_confirm: str
    full_name: str | None = Field(default=None, min_length=1, max_length=100)
    birth_date: date | None = None

    @field_validator("password")
    @classmethod
    def check_password(cls, v):
        if not any(c.isalpha() for c in v) or not any(c.isdigit() for c in v):
            raise ValueError("password must contain a letter and a digit")
        return v

    @field_validator("birth_date")
    @classmethod
    def check_birth_date(cls, v):
        if v and v > date.today():
            raise ValueError("birth_date must not be in the future")
        return v

    @model_validator(mode="after")
    def check_passwords(self):
        if self.password != self.password_confirm:
            raise ValueError("passwords do not match")
        if self.username.lower() in self.password.lower():
            raise ValueError("password must not contain the username")
        return self


class UserUpdate(BaseModel):
    email: str | None = Field(default=None, pattern=EMAIL_REGEX)
    full_name: str | None = Field(default=None, min_length=1, max_length=100)
    birth_date: date | None = None

    @field_validator("birth_date")
    @classmethod
    def check_birth_date(cls, v):
        if v and v > date.today():
            raise ValueError("birth_date must not be in the future")
        return v


class UserOut(BaseModel):
    userId: int
    username: str
    email: str
    fullName: str | None
    birthDate: date | None
    createdAt: datetime
    displayName: str = ""
    age: int | None = None


def to_out(user: StoredUser) -> UserOut:
    age = None
    if user.birth_date:
        age = (date.today() - user.birth_date).days // 365
    return UserOut(
        userId=user.user_id,
        username=user.username,
        email=user.email,
        fullName=user.full_name,
        birthDate=user.birth_date,
        createdAt=user.created_at,
        displayName=user.full_name or user.username,
        age=age,
    )


@app.post("/users", status_code=201)
def create_user(user: UserCreate, store: StoreDep) -> UserOut:
    try:
        stored = store.add(
            username=user.username,
            email=user.email,
            password=user.password,
            full_name=user.full_name,
            birth_date=user.birth_date,
        )
    except UsernameTaken:
        raise HTTPException(409, "Username already taken")
    return to_out(stored)


@app.get("/users")
def list_users(store: StoreDep) -> list[UserOut]:
    return [to_out(u) for u in store.list()]


@app.get("/users/{user_id}")
def get_user(user_id: int, store: StoreDep) -> UserOut:
    user = store.get(user_id)
    if user is None:
        raise HTTPException(404, "User not found")
    return to_out(user)


@app.patch("/users/{user_id}")
def update_user(user_id: int, changes: UserUpdate, store: StoreDep) -> UserOut:
    user = store.update(user_id, **changes.model_dump(exclude_none=True))
    if user is None:
        raise HTTPException(404, "User not found")
    return to_out(user)
