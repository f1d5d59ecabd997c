"""Request and response models."""

from pydantic import BaseModel


class Token(BaseModel):
    access_token: str
    token_type: str = "bearer"


class TokenData(BaseModel):
    """The claims the API relies on, validated from a decoded JWT."""

    username: str
    scopes: frozenset[str] = frozenset()


class User(BaseModel):
    username: str
    email: str | None = None
    full_name: str | None = None
    disabled: bool | None = None


class UserInDB(User):
    hashed_password: str


class Item(BaseModel):
    item_id: str
    owner: str
