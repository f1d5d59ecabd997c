"""Fixtures for the exercise_07 hidden suite (helpers live in support.py)."""

from __future__ import annotations

import threading
from collections.abc import Callable

import httpx
import pytest
from support import CLIENT_OPTIONS, PASSWORDS, login, short

_tokens: dict[tuple[str, str], str] = {}
_tokens_lock = threading.Lock()


@pytest.fixture(scope="session")
def issued(base_url: str) -> Callable[..., str]:
    """``issued("me items", user="johndoe")`` -> an access token from POST /token.

    Cached for the session: each login verifies an argon2 hash (~0.1 s)."""

    def get(scope: str, user: str = "johndoe") -> str:
        with _tokens_lock:
            if (user, scope) not in _tokens:
                with httpx.Client(base_url=base_url, **CLIENT_OPTIONS) as client:
                    response = login(client, user, PASSWORDS[user], scope)
                assert response.status_code == 200, (
                    f"POST /token as {user} with scope={scope!r}: expected 200, "
                    f"got {short(response)}"
                )
                token = response.json().get("access_token")
                assert isinstance(token, str) and token, (
                    f"POST /token: expected a string access_token, got {response.text[:200]}"
                )
                _tokens[(user, scope)] = token
            return _tokens[(user, scope)]

    return get
