"""OAuth2 password flow with JWT access tokens and scopes."""

from typing import Annotated

from fastapi import Depends, FastAPI, HTTPException, Security, status
from fastapi.security import OAuth2PasswordRequestForm

from .models import Item, Token, User
from .security import (
    authenticate_user,
    create_access_token,
    get_current_active_user,
    get_current_user,
)

app = FastAPI(title="OAuth2 scopes")


# A plain `def`: verifying an argon2 hash is CPU work that would otherwise
# stall the event loop; FastAPI runs it in the threadpool.
@app.post("/token")
def login_for_access_token(form: Annotated[OAuth2PasswordRequestForm, Depends()]) -> Token:
    user = authenticate_user(form.username, form.password)
    if user is None:
        raise HTTPException(
            status_code=status.HTTP_400_BAD_REQUEST, detail="Incorrect username or password"
        )
    return Token(access_token=create_access_token(user.username, form.scopes))


@app.get("/users/me/")
async def read_users_me(user: Annotated[User, Security(get_current_active_user)]) -> User:
    return user


@app.get("/users/me/items/")
async def read_own_items(
    user: Annotated[User, Security(get_current_active_user, scopes=["items"])],
) -> list[Item]:
    return [Item(item_id="Foo", owner=user.username)]


@app.get("/status/", dependencies=[Security(get_current_user)])
async def read_system_status() -> dict[str, str]:
    return {"status": "ok"}
