"""OAuth2 with JWT and scopes. Implement the contract described in README.md.

Given (keep as is): db.py (the users), and the values of SECRET_KEY, ALGORITHM
and ACCESS_TOKEN_EXPIRE_MINUTES: the graders sign their own test tokens with
this key. The models below are the tutorial's; use, change or replace them.
Everything else is yours: the four routes below only answer 501 for now.
"""

from fastapi import FastAPI, HTTPException, status
from pydantic import BaseModel

from .db import fake_users_db  # noqa: F401  (you will need it)

# to get a string like this run:
# openssl rand -hex 32
SECRET_KEY = "09d25e094faa6ca2556c818166b7a9563b93f7099f6f0f4caa6cf63b88e8d3e7"
ALGORITHM = "HS256"
ACCESS_TOKEN_EXPIRE_MINUTES = 30


class Token(BaseModel):
    access_token: str
    token_type: str


class TokenData(BaseModel):
    username: str | None = None
    scopes: list[str] = []


class User(BaseModel):
    username: str
    email: str | None = None
    full_name: str | None = None
    disabled: bool | None = None


class UserInDB(User):
    hashed_password: str


app = FastAPI(title="OAuth2 scopes")


def not_implemented() -> HTTPException:
    return HTTPException(status_code=status.HTTP_501_NOT_IMPLEMENTED, detail="Not implemented")


# TODO (README.md, "POST /token"): an OAuth2 password flow token endpoint
#   (form fields username, password, scope) that verifies the argon2 hash and
#   answers {"access_token": <JWT>, "token_type": "bearer"}.
@app.post("/token")
async def login_for_access_token() -> Token:
    raise not_implemented()


# TODO (README.md, "Protected routes"): declare an OAuth2PasswordBearer scheme
#   with the scopes "me" and "items", a get_current_user dependency that reads
#   SecurityScopes, and protect the three routes below with Security(...).
@app.get("/users/me/")
async def read_users_me() -> User:
    raise not_implemented()


@app.get("/users/me/items/")
async def read_own_items() -> list[dict[str, str]]:
    raise not_implemented()


@app.get("/status/")
async def read_system_status() -> dict[str, str]:
    raise not_implemented()
