"""auth-required and current-user."""

import httpx
import pytest

UNAUTHORIZED = {"detail": "Not authenticated"}


def assert_401(response: httpx.Response, what: str) -> None:
    assert response.status_code == 401, f"{what}: expected 401, got {response.status_code}"
    assert response.json() == UNAUTHORIZED, (
        f"{what}: expected body {UNAUTHORIZED}, got {response.text[:200]}"
    )
    challenge = response.headers.get("www-authenticate", "")
    assert challenge.lower().startswith("bearer"), (
        f"{what}: expected header WWW-Authenticate: Bearer, got {challenge!r}"
    )


@pytest.mark.criterion("auth-required")
def test_missing_token_is_401(client):
    """GET /me without an Authorization header is 401 with WWW-Authenticate: Bearer."""
    assert_401(client.get("/me"), "GET /me without a token")


@pytest.mark.criterion("auth-required")
def test_bad_tokens_are_401(client):
    """An unknown token, another scheme or a bare token is 401 with WWW-Authenticate: Bearer."""
    for header in ("Bearer token-nobody", "Basic dG9rZW4tYWxpY2U=", "token-alice", "Bearer"):
        response = client.get("/me", headers={"Authorization": header})
        assert_401(response, f"GET /me with Authorization: {header!r}")


@pytest.mark.criterion("auth-required")
def test_notes_endpoints_require_a_token(client):
    """Every /notes endpoint answers 401 with WWW-Authenticate: Bearer when the token is missing."""
    note = {"title": "no token", "body": ""}
    calls = [
        ("GET /notes", lambda: client.get("/notes")),
        ("POST /notes", lambda: client.post("/notes", json=note)),
        ("POST /notes/batch", lambda: client.post("/notes/batch", json=[note])),
        ("GET /notes/1", lambda: client.get("/notes/1")),
        ("DELETE /notes/1", lambda: client.delete("/notes/1")),
        (
            "GET /notes (unknown token)",
            lambda: client.get("/notes", headers={"Authorization": "Bearer token-zed"}),
        ),
    ]
    for what, call in calls:
        assert_401(call(), what)


@pytest.mark.criterion("current-user")
def test_me_returns_the_tokens_user(client, alice, bob):
    """GET /me answers 200 with the username and display_name of the token's user (alice, bob)."""
    for user in (alice, bob):
        response = client.get("/me", headers=user.auth)
        assert response.status_code == 200, (
            f"GET /me as {user.username}: expected 200, got {response.status_code}"
        )
        expected = {"username": user.username, "display_name": user.display_name}
        assert response.json() == expected, (
            f"GET /me as {user.username}: expected {expected}, got {response.text[:200]}"
        )


@pytest.mark.criterion("current-user")
def test_me_for_seeded_test_users(client):
    """GET /me works for the seeded token-user-NN tokens too (e.g. token-user-07 -> user-07)."""
    for n in (0, 7, 49):
        response = client.get("/me", headers={"Authorization": f"Bearer token-user-{n:02d}"})
        expected = {"username": f"user-{n:02d}", "display_name": f"Test User {n:02d}"}
        assert response.status_code == 200, (
            f"GET /me as user-{n:02d}: expected 200, got {response.status_code}"
        )
        assert response.json() == expected, (
            f"GET /me as user-{n:02d}: expected {expected}, got {response.text[:200]}"
        )
