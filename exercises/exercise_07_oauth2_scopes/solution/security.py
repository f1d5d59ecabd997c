"""Passwords, JWT access tokens and the scoped current-user dependencies."""

from collections.abc import Iterable
from datetime import UTC, datetime, timedelta
from typing import Annotated

import jwt
from fastapi import Depends, HTTPException, Security, status
from fastapi.security import OAuth2PasswordBearer, SecurityScopes
from jwt.exceptions import InvalidTokenError
from pwdlib import PasswordHash
from pydantic import ValidationError

from .db import fake_users_db
from .models import TokenData, User, UserInDB

# to get a string like this run:
# openssl rand -hex 32
SECRET_KEY = "09d25e094faa6ca2556c818166b7a9563b93f7099f6f0f4caa6cf63b88e8d3e7"
ALGORITHM = "HS256"
ACCESS_TOKEN_EXPIRE_MINUTES = 30

SCOPES = {"me": "Read information about the current user.", "items": "Read items."}

oauth2_scheme = OAuth2PasswordBearer(tokenUrl="token", scopes=SCOPES)

password_hash = PasswordHash.recommended()
# Verified against when the username is unknown, so that an unknown username
# costs as much time as a wrong password: response times don't tell which
# usernames exist.
DUMMY_HASH = password_hash.hash("not the password of anyone")


def get_user(username: str) -> UserInDB | None:
    record = fake_users_db.get(username)
    return UserInDB.model_validate(record) if record is not None else None


def authenticate_user(username: str, password: str) -> UserInDB | None:
    user = get_user(username)
    if user is None:
        password_hash.verify(password, DUMMY_HASH)
        return None
    if not password_hash.verify(password, user.hashed_password):
        return None
    return user


def create_access_token(username: str, scopes: Iterable[str]) -> str:
    expire = datetime.now(UTC) + timedelta(minutes=ACCESS_TOKEN_EXPIRE_MINUTES)
    claims = {"sub": username, "scope": " ".join(scopes), "exp": expire}
    return jwt.encode(claims, SECRET_KEY, algorithm=ALGORITHM)


def decode_access_token(token: str) -> TokenData:
    """Verify signature (HS256 only: never `none`) and expiry; raise on any flaw."""
    payload = jwt.decode(
        token, SECRET_KEY, algorithms=[ALGORITHM], options={"require": ["exp", "sub"]}
    )
    scope = payload.get("scope", "")
    if not isinstance(scope, str):
        raise InvalidTokenError("the scope claim must be a space-separated string")
    return TokenData(username=payload["sub"], scopes=frozenset(scope.split()))


def challenge(security_scopes: SecurityScopes, error: str | None = None) -> str:
    """The WWW-Authenticate value: Bearer, with the error and the required scopes."""
    params = []
    if error:
        params.append(f'error="{error}"')
    if security_scopes.scopes:
        params.append(f'scope="{security_scopes.scope_str}"')
    return f"Bearer {', '.join(params)}" if params else "Bearer"


async def get_current_user(
    security_scopes: SecurityScopes, token: Annotated[str, Depends(oauth2_scheme)]
) -> User:
    """The token's user. 401 when the token is not valid; 403 when it is valid
    but lacks one of the scopes the route requires (RFC 6750 insufficient_scope)."""
    unauthorized = HTTPException(
        status_code=status.HTTP_401_UNAUTHORIZED,
        detail="Could not validate credentials",
        headers={"WWW-Authenticate": challenge(security_scopes)},
    )
    try:
        token_data = decode_access_token(token)
    except (InvalidTokenError, ValidationError):
        raise unauthorized from None
    user = get_user(token_data.username)
    if user is None:
        raise unauthorized
    if not token_data.scopes.issuperset(security_scopes.scopes):
        raise HTTPException(
            status_code=status.HTTP_403_FORBIDDEN,
            detail="Not enough permissions",
            headers={"WWW-Authenticate": challenge(security_scopes, "insufficient_scope")},
        )
    # Only the public fields leave this module: the hash stays behind.
    return User.model_validate(user.model_dump(exclude={"hashed_password"}))


async def get_current_active_user(
    user: Annotated[User, Security(get_current_user, scopes=["me"])],
) -> User:
    if user.disabled:
        raise HTTPException(status_code=status.HTTP_400_BAD_REQUEST, detail="Inactive user")
    return user
