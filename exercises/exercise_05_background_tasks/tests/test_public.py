"""Public tests: run them with `prep test`. The hidden suite checks much more,
over real HTTP against uvicorn, and times it (see README.md, "What is graded").

TestClient runs a request's background tasks before it hands you the
response, so these tests cannot show that you answer before the mail is
sent; they show that the tasks run and what they record. To stay fast they
swap in a Mailer and an AuditLog without delays after startup: your app must
reach them through request.app.state.
"""

import warnings
from collections.abc import Iterator
from uuid import uuid4

import pytest

with warnings.catch_warnings():  # Starlette warns that its TestClient moves to httpx2
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

from app.audit import AuditLog
from app.mailer import Mailer
from app.main import app


@pytest.fixture
def client() -> Iterator[TestClient]:
    with TestClient(app) as test_client:  # runs the lifespan
        app.state.mailer = Mailer(send_seconds=0.01)
        app.state.audit = AuditLog(write_seconds=0.01)
        yield test_client


def fresh(domain: str = "example.com") -> str:
    return f"user-{uuid4().hex[:8]}@{domain}"


def test_signup_is_accepted_and_queued(client: TestClient) -> None:
    email = fresh()
    response = client.post("/signup", json={"email": email.upper(), "name": " Ada "})
    assert response.status_code == 202, response.text
    assert response.json() == {"email": email, "name": "Ada", "welcome_email": "queued"}


def test_welcome_mail_is_sent(client: TestClient) -> None:
    email = fresh()
    assert client.post("/signup", json={"email": email, "name": "Ada"}).status_code == 202
    # TestClient has already run the background tasks by now.
    signup = client.get(f"/signups/{email}")
    assert signup.status_code == 200, signup.text
    assert signup.json()["welcome_email"] == "sent"
    mails = [m for m in client.get("/outbox").json() if m["to"] == email]
    assert mails == [
        {"to": email, "subject": "Welcome, Ada!", "body": "Hi Ada, thanks for signing up."}
    ]


def test_bounce_is_recorded_as_failed(client: TestClient) -> None:
    # If MailBounced escapes your task, TestClient raises it right here.
    email = fresh("bounce.invalid")
    response = client.post("/signup", json={"email": email, "name": "Bob"})
    assert response.status_code == 202, response.text
    assert client.get(f"/signups/{email}").json()["welcome_email"] == "failed"


def test_signup_is_audited_by_the_dependency(client: TestClient) -> None:
    request_id = uuid4().hex
    response = client.post(
        "/signup", json={"email": fresh(), "name": "Ada"}, headers={"X-Request-ID": request_id}
    )
    assert response.status_code == 202, response.text
    entries = [e for e in client.get("/audit").json() if e["request_id"] == request_id]
    assert entries == [{"request_id": request_id, "method": "POST", "path": "/signup"}]


def test_duplicate_is_409_and_unknown_is_404(client: TestClient) -> None:
    email = fresh()
    assert client.post("/signup", json={"email": email, "name": "Ada"}).status_code == 202
    again = client.post("/signup", json={"email": email, "name": "Ada"})
    assert again.status_code == 409, again.text
    assert again.json() == {"detail": "Email already registered"}
    missing = client.get(f"/signups/{fresh()}")
    assert missing.status_code == 404, missing.text
    assert missing.json() == {"detail": "Signup not found"}
