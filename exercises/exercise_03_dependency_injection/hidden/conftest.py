"""Fixtures for the exercise_03 hidden suite.

Each seeded user may hold only 3 notes, so every test that creates notes takes
its own users from the pool user-00 .. user-49 through ``new_user()``.
"""

from __future__ import annotations

import itertools
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import httpx
import pytest

_pool = itertools.count()
_pool_lock = threading.Lock()


@dataclass(frozen=True)
class Seeded:
    token: str
    username: str
    display_name: str

    @property
    def auth(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token}"}


@pytest.fixture
def alice() -> Seeded:
    return Seeded("token-alice", "alice", "Alice Liddell")


@pytest.fixture
def bob() -> Seeded:
    return Seeded("token-bob", "bob", "Bob Builder")


@pytest.fixture
def new_user() -> Callable[[], Seeded]:
    """``new_user()`` -> a seeded user that no other test of this run uses."""

    def take() -> Seeded:
        with _pool_lock:
            n = next(_pool)
        if n >= 50:
            raise RuntimeError("hidden suite ran out of seeded users")
        return Seeded(f"token-user-{n:02d}", f"user-{n:02d}", f"Test User {n:02d}")

    return take


class Api:
    """Small helpers over the candidate's app."""

    def __init__(self, client: httpx.Client) -> None:
        self.client = client

    def stats(self) -> dict[str, int]:
        response = self.client.get("/debug/sessions")
        assert response.status_code == 200, (
            f"the given GET /debug/sessions must stay: expected 200, got {response.status_code}"
        )
        return dict(response.json())

    def settled(self, timeout: float = 3.0) -> dict[str, int]:
        """/debug/sessions once no session is open, or after ``timeout`` seconds."""
        deadline = time.monotonic() + timeout
        current = self.stats()
        while current["open"] > 0 and time.monotonic() < deadline:
            time.sleep(0.02)
            current = self.stats()
        return current

    def create(self, user: Seeded, title: str, body: str = "") -> dict[str, Any]:
        """POST /notes that must answer 201; returns the created note."""
        response = self.client.post(
            "/notes", json={"title": title, "body": body}, headers=user.auth
        )
        assert response.status_code == 201, (
            f"POST /notes as {user.username}: expected 201, "
            f"got {response.status_code} {response.text[:200]}"
        )
        return dict(response.json())

    def listed(self, user: Seeded) -> list[dict[str, Any]]:
        """GET /notes that must answer 200; returns the list."""
        response = self.client.get("/notes", headers=user.auth)
        assert response.status_code == 200, (
            f"GET /notes as {user.username}: expected 200, "
            f"got {response.status_code} {response.text[:200]}"
        )
        return list(response.json())

    def titles(self, user: Seeded) -> list[str]:
        return [note.get("title") for note in self.listed(user)]


@pytest.fixture
def api(client: httpx.Client) -> Api:
    return Api(client)
