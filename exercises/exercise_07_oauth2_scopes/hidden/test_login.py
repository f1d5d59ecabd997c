"""POST /token: token-issued, bad-login, passwords-hashed, login-timing."""

import statistics
import time
import uuid

import jwt
import pytest
from support import (
    ALGORITHM,
    JOHNDOE,
    ME,
    SECRET_KEY,
    bearer,
    login,
    short,
)

INCORRECT = {"detail": "Incorrect username or password"}


@pytest.mark.criterion("token-issued")
def test_token_answer(client):
    """POST /token (form: johndoe / secret) is 200 {"access_token": ..., "token_type": "bearer"}."""
    response = login(client, "johndoe", "secret", "me items")
    assert response.status_code == 200, f"expected 200, got {short(response)}"
    body = response.json()
    assert isinstance(body, dict) and isinstance(body.get("access_token"), str), (
        f"expected a JSON object with a string access_token, got {response.text[:200]}"
    )
    assert body.get("token_type") == "bearer", (
        f"expected token_type 'bearer', got {body.get('token_type')!r}"
    )


@pytest.mark.criterion("token-issued")
def test_token_is_a_jwt_signed_with_the_given_key(issued):
    """The access token is a JWT signed with the brief's SECRET_KEY (HS256), sub = the username."""
    token = issued("me")
    try:
        header = jwt.get_unverified_header(token)
        payload = jwt.decode(token, SECRET_KEY, algorithms=[ALGORITHM])
    except jwt.PyJWTError as exc:
        raise AssertionError(
            f"the access token does not verify with the brief's SECRET_KEY and HS256: {exc}"
        ) from None
    assert header.get("alg") == "HS256", f"expected header alg HS256, got {header!r}"
    assert payload.get("sub") == "johndoe", f"expected sub 'johndoe', got {payload!r}"


@pytest.mark.criterion("token-issued")
def test_token_without_scope_field(client):
    """POST /token without a scope field still answers 200 with a token (it grants no scope)."""
    response = login(client, "johndoe", "secret")
    assert response.status_code == 200, f"expected 200, got {short(response)}"
    assert isinstance(response.json().get("access_token"), str), (
        f"expected a string access_token, got {response.text[:200]}"
    )


@pytest.mark.criterion("bad-login")
def test_wrong_password_is_400(client):
    """A wrong password is 400 {"detail": "Incorrect username or password"}."""
    for password in ("Secret", "secretalice"):
        response = login(client, "johndoe", password)
        assert response.status_code == 400, (
            f"johndoe with password {password!r}: expected 400, got {short(response)}"
        )
        assert response.json() == INCORRECT, (
            f"johndoe with password {password!r}: expected {INCORRECT}, got {response.text[:200]}"
        )


@pytest.mark.criterion("bad-login")
def test_unknown_user_is_the_same_400(client):
    """An unknown username gets exactly the same 400 as a wrong password."""
    for username in (f"nobody-{uuid.uuid4().hex[:8]}", "mallory"):
        response = login(client, username, "secret")
        assert response.status_code == 400, (
            f"username {username!r}: expected 400, got {short(response)}"
        )
        assert response.json() == INCORRECT, (
            f"username {username!r}: expected {INCORRECT}, got {response.text[:200]}"
        )


@pytest.mark.criterion("bad-login")
def test_token_takes_form_data(client):
    """POST /token takes form data: a JSON body or a missing password is 422."""
    response = client.post("/token", json={"username": "johndoe", "password": "secret"})
    assert response.status_code == 422, f"JSON body: expected 422, got {short(response)}"
    response = client.post("/token", data={"username": "johndoe"})
    assert response.status_code == 422, f"no password field: expected 422, got {short(response)}"


@pytest.mark.criterion("passwords-hashed")
def test_stored_hash_is_not_a_password(client, issued):
    """The stored argon2 hash is not accepted as a password (400), while "secret" is (200)."""
    stored = (
        "$argon2id$v=19$m=65536,t=3,p=4$wagCPXjifgvUFBzq4hqe3w"
        "$CYaIb8sB+wtD+Vu/P4uod1+Qof8h+1g7bbDlBID48Rc"
    )
    issued("me")  # johndoe / secret logs in
    response = login(client, "johndoe", stored)
    assert response.status_code == 400, (
        f"johndoe with the stored hash as password: expected 400, got {short(response)}"
    )


@pytest.mark.criterion("passwords-hashed")
def test_hash_never_leaks(client, issued):
    """No response and no documented schema exposes hashed_password or an argon2 hash."""
    me = client.get(ME, headers=bearer(issued("me items")))
    assert me.status_code == 200, f"GET {ME} with a 'me' token: expected 200, got {short(me)}"
    responses = {
        f"GET {ME}": me,
        "POST /token": login(client, "johndoe", "secret", "me"),
        "POST /token (wrong password)": login(client, "johndoe", "nope"),
        f"GET {ME} as alice": client.get(ME, headers=bearer(issued("me items", user="alice"))),
        "GET /openapi.json": client.get("/openapi.json"),
    }
    for what, response in responses.items():
        text = response.text
        for leak in ("hashed_password", "$argon2"):
            assert leak not in text, f"{what} exposes {leak!r}: {text[:200]}"
    body = me.json()
    for key, value in JOHNDOE.items():
        assert body.get(key) == value, f"GET {ME}: expected {key}={value!r}, got {body!r}"


def _login_seconds(client, username: str, password: str) -> float:
    start = time.perf_counter()
    response = login(client, username, password)
    elapsed = time.perf_counter() - start
    assert response.status_code == 400, (
        f"POST /token as {username!r} with a wrong password: expected 400, got {short(response)}"
    )
    return elapsed


@pytest.mark.criterion("login-timing")
def test_unknown_user_costs_as_much_as_a_wrong_password(client):
    """An unknown username takes as long as a wrong password (a hash is verified either way)."""
    wrong, unknown = [], []
    for _ in range(4):
        wrong.append(_login_seconds(client, "johndoe", f"wrong-{uuid.uuid4().hex}"))
        unknown.append(_login_seconds(client, f"nobody-{uuid.uuid4().hex}", "secret"))
    wrong_ms = statistics.median(wrong) * 1000
    unknown_ms = statistics.median(unknown) * 1000
    assert unknown_ms >= 0.4 * wrong_ms, (
        f"an unknown username answered in {unknown_ms:.0f} ms (median), a wrong password "
        f"for johndoe in {wrong_ms:.0f} ms: the timing tells which usernames exist"
    )
