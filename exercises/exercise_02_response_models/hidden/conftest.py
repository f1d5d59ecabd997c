"""Fixtures and helpers for the exercise_02 hidden suite.

The app is shared by the whole suite: every test creates its own users with
fresh usernames (``fresh_username()``) and compares against what it created.
"""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime, timedelta
from typing import Any

import httpx
import pytest

OUT_KEYS = {
    "userId",
    "username",
    "email",
    "fullName",
    "birthDate",
    "createdAt",
    "displayName",
    "age",
}
SECRET_WORDS = ("password", "hash")


def fresh_username(length: int = 13) -> str:
    """A username nobody else uses: "u" + random hex, 3 to 33 characters."""
    return ("u" + uuid.uuid4().hex + uuid.uuid4().hex)[:length]


def fresh_password() -> str:
    """A valid password that is unique enough to search for in a response."""
    return f"Pw{uuid.uuid4().hex[:12]}9"


def signup(**overrides: Any) -> dict[str, Any]:
    """A valid UserCreate body; ``overrides`` replace or add keys (None removes one)."""
    password = fresh_password()
    body: dict[str, Any] = {
        "username": fresh_username(),
        "email": "someone@example.com",
        "password": password,
        "password_confirm": password,
        "full_name": "Grace Hopper",
        "birth_date": far_from_birthday(35).isoformat(),
    }
    if "password" in overrides and "password_confirm" not in overrides:
        overrides["password_confirm"] = overrides["password"]
    body.update(overrides)
    return {key: value for key, value in body.items() if value is not None}


def shift_years(day: date, years: int) -> date | None:
    """``day`` moved back ``years`` years, or None if that date does not exist (29 Feb)."""
    try:
        return day.replace(year=day.year - years)
    except ValueError:
        return None


def far_from_birthday(years: int) -> date:
    """About ``years`` years ago, with the birthday about half a year away
    (compute the expected age with ``age_on``)."""
    day = date.today() - timedelta(days=182)
    if (day.month, day.day) == (2, 29):
        day -= timedelta(days=1)
    shifted = shift_years(day, years)
    assert shifted is not None
    return shifted


def age_on(birth: date, today: date) -> int:
    return today.year - birth.year - ((today.month, today.day) < (birth.month, birth.day))


def secret_keys(value: Any, path: str = "") -> list[str]:
    """Every key, at any depth, whose name mentions a password or a hash."""
    found: list[str] = []
    if isinstance(value, dict):
        for key, item in value.items():
            if any(word in str(key).lower() for word in SECRET_WORDS):
                found.append(f"{path}.{key}".lstrip("."))
            found += secret_keys(item, f"{path}.{key}")
    elif isinstance(value, list):
        for index, item in enumerate(value):
            found += secret_keys(item, f"{path}[{index}]")
    return found


def parse_timestamp(text: str) -> datetime:
    return datetime.fromisoformat(text.replace("Z", "+00:00"))


def now_utc() -> datetime:
    return datetime.now(UTC)


def error_items(response: httpx.Response, what: str) -> list[dict[str, Any]]:
    """The 422 error list; asserts the status and FastAPI's shape."""
    assert response.status_code == 422, (
        f"{what}: expected 422, got {response.status_code} {response.text[:200]}"
    )
    body = response.json()
    detail = body.get("detail") if isinstance(body, dict) else None
    assert isinstance(detail, list) and detail, (
        f"{what}: expected {{'detail': [errors...]}}, got {response.text[:200]}"
    )
    return [item for item in detail if isinstance(item, dict)]


def assert_error_at(
    response: httpx.Response, loc: list[str], what: str, fragment: str | None = None
) -> dict[str, Any]:
    """A 422 whose error list has an item at ``loc`` (whose msg contains ``fragment``)."""
    items = error_items(response, what)
    at_loc = [item for item in items if item.get("loc") == loc]
    locs = [item.get("loc") for item in items]
    assert at_loc, f"{what}: expected an error at loc {loc}, got locs {locs}"
    if fragment is None:
        return at_loc[0]
    messages = [str(item.get("msg", "")) for item in at_loc]
    matching = [item for item in at_loc if fragment in str(item.get("msg", "")).lower()]
    assert matching, f"{what}: expected a msg containing {fragment!r} at {loc}, got {messages}"
    return matching[0]


class Api:
    """Small helpers over the candidate's app."""

    def __init__(self, client: httpx.Client) -> None:
        self.client = client

    def create(self, body: dict[str, Any]) -> dict[str, Any]:
        """POST /users that must answer 201; returns the JSON."""
        response = self.client.post("/users", json=body)
        assert response.status_code == 201, (
            f"POST /users with a valid body ({body.get('username')!r}): expected 201, "
            f"got {response.status_code} {response.text[:200]}"
        )
        data = response.json()
        assert isinstance(data, dict), f"POST /users: expected a JSON object, got {data!r}"
        return data

    def user_id(self, created: dict[str, Any]) -> Any:
        user_id = created.get("userId")
        assert isinstance(user_id, int), (
            f"POST /users: expected an integer 'userId', got {created!r}"
        )
        return user_id

    def get(self, user_id: int) -> dict[str, Any]:
        response = self.client.get(f"/users/{user_id}")
        assert response.status_code == 200, (
            f"GET /users/{user_id}: expected 200, got {response.status_code} {response.text[:200]}"
        )
        return dict(response.json())

    def usernames(self) -> list[str]:
        response = self.client.get("/users")
        assert response.status_code == 200, (
            f"GET /users: expected 200, got {response.status_code} {response.text[:200]}"
        )
        return [user.get("username") for user in response.json()]


@pytest.fixture
def api(client: httpx.Client) -> Api:
    return Api(client)


@pytest.fixture
def openapi(client: httpx.Client) -> dict[str, Any]:
    response = client.get("/openapi.json")
    assert response.status_code == 200, (
        f"GET /openapi.json: expected 200, got {response.status_code}"
    )
    return dict(response.json())


@pytest.fixture
def schemas(openapi: dict[str, Any]) -> dict[str, Any]:
    return dict(openapi.get("components", {}).get("schemas", {}))
