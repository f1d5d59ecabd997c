"""Fixtures for the exercise_05 hidden suite.

The app is shared by every test: each test signs up its own fresh addresses
(``new_email()``) and only looks at the mails, statuses and audit entries of
what it created. Tests that start welcome mails wait until those mails are
settled before they end, so no background work leaks into the next test.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any
from uuid import uuid4

import httpx
import pytest

SEND_SECONDS = 1.5  # how long the given Mailer takes per mail
SETTLE_TIMEOUT = 8.0  # seconds a test waits for its mails before giving up
POLL = 0.1


def new_email(domain: str = "example.com") -> str:
    return f"user-{uuid4().hex}@{domain}"


@pytest.fixture
def email() -> Callable[..., str]:
    """``email()`` -> a fresh address at example.com; ``email("bounce.invalid")``."""
    return new_email


class Api:
    """Small helpers over the candidate's app."""

    def __init__(self, client: httpx.Client) -> None:
        self.client = client

    def get(self, path: str) -> httpx.Response:
        """GET, retried once on a dropped connection: uvicorn closes a keep-alive
        connection when an exception escapes a background task run on it, and
        that must show up as a wrong status, not as a transport error."""
        try:
            return self.client.get(path)
        except httpx.TransportError:
            return self.client.get(path)

    def signup(
        self, email: str, name: str = "Ada", headers: dict[str, str] | None = None
    ) -> httpx.Response:
        return self.client.post("/signup", json={"email": email, "name": name}, headers=headers)

    def accepted(self, email: str, name: str = "Ada", **kwargs: Any) -> dict[str, Any]:
        """POST /signup that must answer 202; returns the body."""
        response = self.signup(email, name, **kwargs)
        assert response.status_code == 202, (
            f"POST /signup for {email}: expected 202, "
            f"got {response.status_code} {response.text[:200]}"
        )
        return dict(response.json())

    def read(self, email: str) -> dict[str, Any]:
        """GET /signups/{email} that must answer 200; returns the body."""
        response = self.get(f"/signups/{email}")
        assert response.status_code == 200, (
            f"GET /signups/{email}: expected 200, got {response.status_code} {response.text[:200]}"
        )
        return dict(response.json())

    def status(self, email: str) -> Any:
        return self.read(email).get("welcome_email")

    def settle(self, *emails: str, timeout: float = SETTLE_TIMEOUT) -> dict[str, Any]:
        """Poll GET /signups/{email} until no status is "queued" (or ``timeout``);
        returns email -> last status seen."""
        deadline = time.monotonic() + timeout
        statuses = {e: self.status(e) for e in emails}
        while any(s == "queued" for s in statuses.values()) and time.monotonic() < deadline:
            time.sleep(POLL)
            statuses = {e: self.status(e) if s == "queued" else s for e, s in statuses.items()}
        return statuses

    def mails_to(self, email: str) -> list[dict[str, Any]]:
        response = self.get("/outbox")
        assert response.status_code == 200, (
            f"the given GET /outbox must stay: expected 200, got {response.status_code}"
        )
        return [m for m in response.json() if m.get("to") == email]

    def wait_for_mail(self, email: str, timeout: float = SETTLE_TIMEOUT) -> list[dict[str, Any]]:
        deadline = time.monotonic() + timeout
        mails = self.mails_to(email)
        while not mails and time.monotonic() < deadline:
            time.sleep(POLL)
            mails = self.mails_to(email)
        return mails

    def audit_for(self, request_id: str) -> list[dict[str, Any]]:
        response = self.get("/audit")
        assert response.status_code == 200, (
            f"the given GET /audit must stay: expected 200, got {response.status_code}"
        )
        return [e for e in response.json() if e.get("request_id") == request_id]

    def wait_for_audit(self, request_id: str, timeout: float = 5.0) -> list[dict[str, Any]]:
        deadline = time.monotonic() + timeout
        entries = self.audit_for(request_id)
        while not entries and time.monotonic() < deadline:
            time.sleep(POLL)
            entries = self.audit_for(request_id)
        return entries


@pytest.fixture
def api(client: httpx.Client) -> Api:
    return Api(client)
