"""Helpers for the exercise_07 hidden suite: log in, forge tokens, read challenges.

Tokens are forged with the SECRET_KEY the brief gives. A forged token carries
``sub``, ``exp`` and the scopes both as the ``scope`` string of the brief and
as a ``scopes`` list (what older versions of the tutorial read), so that the
controls ("a well-signed token is accepted") do not depend on which of the
two an answer reads.
"""

from __future__ import annotations

import base64
import json
import re
import time
from typing import Any

import httpx
import jwt

SECRET_KEY = "09d25e094faa6ca2556c818166b7a9563b93f7099f6f0f4caa6cf63b88e8d3e7"
ALGORITHM = "HS256"
# Plain HTTP on loopback, like the harness's own client.
CLIENT_OPTIONS: dict[str, Any] = {"timeout": 10.0, "verify": False}
PASSWORDS = {"johndoe": "secret", "alice": "secretalice"}
NOT_VALIDATED = "Could not validate credentials"
NOT_AUTHENTICATED = "Not authenticated"
NOT_ENOUGH = "Not enough permissions"

ME = "/users/me/"
ITEMS = "/users/me/items/"
STATUS = "/status/"
# The scopes each protected route requires (ITEMS needs "me" too, through the
# active-user dependency).
REQUIRED = {ME: {"me"}, ITEMS: {"items", "me"}, STATUS: set()}
JOHNDOE = {
    "username": "johndoe",
    "email": "johndoe@example.com",
    "full_name": "John Doe",
    "disabled": False,
}


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def login(client: httpx.Client, username: str, password: str, scope: str | None = None):
    data = {"username": username, "password": password}
    if scope is not None:
        data["scope"] = scope
    return client.post("/token", data=data)


def claims(sub: str | None = "johndoe", scope: str = "me items", expires_in: int = 600):
    payload: dict[str, Any] = {
        "scope": scope,
        "scopes": scope.split(),
        "exp": int(time.time()) + expires_in,
    }
    if sub is not None:
        payload["sub"] = sub
    return payload


def forge(payload: dict[str, Any], key: str = SECRET_KEY, algorithm: str = ALGORITHM) -> str:
    return jwt.encode(payload, key, algorithm=algorithm)


def b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def unsigned(payload: dict[str, Any], alg: str = "none") -> str:
    """An `alg: none` token: header and payload, empty signature."""
    header = json.dumps({"alg": alg, "typ": "JWT"}).encode()
    return f"{b64(header)}.{b64(json.dumps(payload).encode())}."


def challenge_scopes(response: httpx.Response) -> set[str] | None:
    """The scopes of the WWW-Authenticate scope="..." parameter, None without one."""
    match = re.search(r'scope="([^"]*)"', response.headers.get("www-authenticate", ""))
    return set(match.group(1).split()) if match else None


def short(response: httpx.Response) -> str:
    return f"{response.status_code} {response.text[:200]}"


def assert_status(response: httpx.Response, expected: int, what: str) -> None:
    assert response.status_code == expected, f"{what}: expected {expected}, got {short(response)}"


def assert_401(response: httpx.Response, what: str, detail: str = NOT_VALIDATED) -> None:
    assert_status(response, 401, what)
    assert response.json() == {"detail": detail}, (
        f"{what}: expected body {{'detail': {detail!r}}}, got {response.text[:200]}"
    )
    challenge = response.headers.get("www-authenticate", "")
    assert challenge.lower().startswith("bearer"), (
        f"{what}: expected a WWW-Authenticate: Bearer header, got {challenge!r}"
    )


def assert_accepted(client: httpx.Client, token: str, what: str) -> None:
    """Control: a token forged with the brief's key and claims is accepted."""
    response = client.get(ME, headers=bearer(token))
    assert response.status_code == 200, (
        f"{what}: a valid token signed with the brief's SECRET_KEY (HS256, sub=johndoe, "
        f"scope='me items', exp in 10 minutes) must be accepted on GET {ME}, "
        f"got {short(response)}"
    )
