"""field-validation, model-validation, strict-input, edge-cases and errors-redacted."""

import secrets
from datetime import date, timedelta
from typing import Any

import pytest
from conftest import (
    assert_error_at,
    error_items,
    fresh_password,
    fresh_username,
    signup,
)

LETTER_AND_DIGIT = "password must contain a letter and a digit"
FUTURE = "birth_date must not be in the future"
MISMATCH = "passwords do not match"
CONTAINS_USERNAME = "password must not contain the username"


def refused(client, api, body: dict[str, Any], loc: list[str], fragment: str | None = None):
    """POST /users with ``body`` is 422 at ``loc`` and stores nothing."""
    what = f"POST /users with {describe(body)}"
    item = assert_error_at(client.post("/users", json=body), loc, what, fragment)
    if isinstance(body.get("username"), str):
        assert body["username"] not in api.usernames(), f"{what}: the user was stored anyway"
    return item


def describe(body: dict[str, Any]) -> str:
    shown = {k: (v if len(str(v)) <= 24 else f"{str(v)[:20]}...") for k, v in body.items()}
    return ", ".join(f"{k}={v!r}" for k, v in shown.items())


# --- field-validation (junior) ------------------------------------------------


@pytest.mark.criterion("field-validation")
def test_bad_usernames_are_422(client, api):
    """Usernames too short, too long, with capitals, spaces, dashes: 422 at ["body", "username"]."""
    for username in (
        "ab",
        fresh_username(30),
        "U" + fresh_username(8),
        fresh_username(6) + " x",
        fresh_username(6) + "-x",
    ):
        refused(client, api, signup(username=username), ["body", "username"])


@pytest.mark.criterion("field-validation")
def test_bad_emails_are_422(client, api):
    """Emails without @, with two @, a space, or no dot in the domain: 422 at ["body", "email"]."""
    for email in ("not-an-email", "ann@@example.com", "ann lee@example.com", "ann@localhost"):
        refused(client, api, signup(email=email), ["body", "email"])


@pytest.mark.criterion("field-validation")
def test_bad_passwords_are_422(client, api):
    """A 7-character password, or one without a digit or a letter: 422 at ["body", "password"]."""
    refused(client, api, signup(password="abcde12"), ["body", "password"])
    refused(client, api, signup(password="abcdefghij"), ["body", "password"], LETTER_AND_DIGIT)
    refused(client, api, signup(password="1234567890"), ["body", "password"], LETTER_AND_DIGIT)


@pytest.mark.criterion("field-validation")
def test_bad_full_names_and_birth_dates_are_422(client, api):
    """An empty or 101-character full_name, a future or malformed birth_date: 422 at the field."""
    refused(client, api, signup(full_name=""), ["body", "full_name"])
    refused(client, api, signup(full_name="x" * 101), ["body", "full_name"])
    tomorrow = (date.today() + timedelta(days=1)).isoformat()
    refused(client, api, signup(birth_date=tomorrow), ["body", "birth_date"], FUTURE)
    refused(client, api, signup(birth_date="2000-13-01"), ["body", "birth_date"])
    refused(client, api, signup(birth_date="yesterday"), ["body", "birth_date"])


@pytest.mark.criterion("field-validation")
def test_missing_fields_are_422(client, api):
    """A body without username, email, password or password_confirm is 422 at that field."""
    for field in ("username", "email", "password", "password_confirm"):
        body = signup()
        del body[field]
        refused(client, api, body, ["body", field])


# --- model-validation (junior) -------------------------------------------------


@pytest.mark.criterion("model-validation")
def test_differing_passwords_are_422(client, api):
    """password_confirm different from password is 422 at ["body"]: "passwords do not match"."""
    body = signup(password="Sunflower42", password_confirm="Sunflower43")
    refused(client, api, body, ["body"], MISMATCH)


@pytest.mark.criterion("model-validation")
def test_password_containing_the_username_is_422(client, api):
    """A password that contains the username, in any case, is 422 at ["body"]."""
    username = fresh_username(10)
    for password in (f"{username}99", f"x{username.upper()}42"):
        body = signup(username=username, password=password)
        refused(client, api, body, ["body"], CONTAINS_USERNAME)


# --- strict-input (senior) ------------------------------------------------------


def assert_extra_forbidden(response, key: str, what: str) -> None:
    item = assert_error_at(response, ["body", key], what)
    assert item.get("type") == "extra_forbidden", (
        f"{what}: expected type 'extra_forbidden' at ['body', {key!r}], got {item.get('type')!r}"
    )


@pytest.mark.criterion("strict-input")
def test_unknown_keys_are_refused(client, api):
    """POST /users with is_admin, user_id or hashed_password: 422 extra_forbidden, not stored."""
    for key, value in (("is_admin", True), ("user_id", 1), ("hashed_password", "x")):
        body = signup(**{key: value})
        what = f"POST /users with {key!r}"
        assert_extra_forbidden(client.post("/users", json=body), key, what)
        assert body["username"] not in api.usernames(), f"{what}: the user was stored anyway"


@pytest.mark.criterion("strict-input")
def test_camel_case_input_is_refused(client, api):
    """POST /users with passwordConfirm / fullName instead of the snake_case keys is 422."""
    body = signup()
    body["passwordConfirm"] = body.pop("password_confirm")
    assert_extra_forbidden(client.post("/users", json=body), "passwordConfirm", "POST /users")
    body = signup()
    body["fullName"] = body.pop("full_name")
    assert_extra_forbidden(client.post("/users", json=body), "fullName", "POST /users")
    assert body["username"] not in api.usernames(), "POST /users with fullName: stored anyway"


@pytest.mark.criterion("strict-input")
def test_patch_cannot_change_username_or_password(client, api):
    """PATCH /users/{user_id} with username or password: 422 extra_forbidden, nothing changed."""
    created = api.create(signup())
    user_id = api.user_id(created)
    for key, value in (("username", fresh_username()), ("password", fresh_password())):
        response = client.patch(f"/users/{user_id}", json={key: value})
        assert_extra_forbidden(response, key, f"PATCH /users/{{id}} with {key!r}")
    after = api.get(user_id)
    assert after == created, (
        f"GET /users/{{id}} after refused PATCHes: expected {created}, got {after}"
    )


# --- edge-cases (senior) --------------------------------------------------------


def random_name(length: int) -> str:
    """Random username characters that never occur in fresh_password() ("Pw" + hex + "9")."""
    alphabet = "ghijklmnoqrstuvxyz_"
    return "".join(secrets.choice(alphabet) for _ in range(length))


@pytest.mark.criterion("edge-cases")
def test_username_bounds(client, api):
    """Usernames of exactly 3 and 20 characters are accepted; 2 and 21 are refused."""
    for _attempt in range(5):  # a random 3-letter name may already be taken
        short = random_name(3)
        response = client.post("/users", json=signup(username=short))
        if response.status_code != 409:
            break
    assert response.status_code == 201, (
        f"POST /users with the 3-character username {short!r}: expected 201, "
        f"got {response.status_code} {response.text[:200]}"
    )
    api.create(signup(username=fresh_username(20)))
    refused(client, api, signup(username=random_name(2)), ["body", "username"])
    refused(client, api, signup(username=fresh_username(21)), ["body", "username"])


@pytest.mark.criterion("edge-cases")
def test_password_bounds_and_unicode(client, api):
    """Passwords of exactly 8 and 64 characters, and Unicode letters, are accepted; 7 and 65 not."""
    for password in ("abcdefg1", "a1" * 32, "éèàüöñç7", "密码密码密码12"):
        api.create(signup(password=password))
    refused(client, api, signup(password="abcdef1"), ["body", "password"])
    refused(client, api, signup(password="a1" * 32 + "b"), ["body", "password"])


@pytest.mark.criterion("edge-cases")
def test_plus_addressed_mixed_case_email_is_lowercased(api):
    """Ann.Lee+News@Example.CO.UK is accepted and returned as ann.lee+news@example.co.uk."""
    user = api.create(signup(email="Ann.Lee+News@Example.CO.UK"))
    assert user.get("email") == "ann.lee+news@example.co.uk", (
        f"POST /users: expected email 'ann.lee+news@example.co.uk', got {user.get('email')!r}"
    )
    read = api.get(api.user_id(user)).get("email")
    assert read == "ann.lee+news@example.co.uk", f"GET /users/{{id}}: got email {read!r}"


def email_of_length(length: int) -> str:
    """A valid mixed-case email of exactly ``length`` characters."""
    domain = "@Example.com"
    return "A" + "b" * (length - 1 - len(domain)) + domain


@pytest.mark.criterion("edge-cases")
def test_email_length_bound(client, api):
    """An email of exactly 254 characters is accepted (lowercased); 255 is refused."""
    email = email_of_length(254)
    user = api.create(signup(email=email))
    assert user.get("email") == email.lower(), (
        f"POST /users with a 254-character email: expected it back lowercased, "
        f"got {str(user.get('email'))[:40]!r}... ({len(str(user.get('email')))} characters)"
    )
    refused(client, api, signup(email=email_of_length(255)), ["body", "email"])


@pytest.mark.criterion("edge-cases")
def test_unicode_full_names_round_trip(client, api):
    """Unicode full names (up to exactly 100 characters) round-trip unchanged; 101 is refused."""
    for name in ("Zoë Ångström-Łukasiewicz", "李小龍", "Ørsted 🙂", "é" * 100):
        user = api.create(signup(full_name=name))
        assert user.get("fullName") == name, (
            f"POST /users: expected fullName {name[:30]!r}, got {str(user.get('fullName'))[:30]!r}"
        )
        assert user.get("displayName") == name, (
            f"POST /users: expected displayName {name[:30]!r}, got {user.get('displayName')!r}"
        )
    refused(client, api, signup(full_name="é" * 101), ["body", "full_name"])


@pytest.mark.criterion("edge-cases")
def test_born_today_is_accepted_with_age_zero(api):
    """A birth_date of today is accepted (not in the future) and gives age 0."""
    today = date.today().isoformat()
    user = api.create(signup(birth_date=today))
    got = (user.get("birthDate"), user.get("age"))
    assert got == (today, 0), f"POST /users born today: expected ({today!r}, 0), got {got}"


# --- errors-redacted (senior) ---------------------------------------------------


def assert_redacted(response, secret: str, what: str) -> None:
    items = error_items(response, what)
    echoed = [item.get("loc") for item in items if "input" in item]
    assert not echoed, f"{what}: expected no 'input' key in the errors, found it at {echoed}"
    for item in items:
        missing = [key for key in ("type", "loc", "msg") if key not in item]
        assert not missing, f"{what}: an error item lacks {missing}: {item}"
    assert secret not in response.text, f"{what}: the password appears in the 422 body"


@pytest.mark.criterion("errors-redacted")
def test_model_rule_errors_do_not_echo_the_body(client):
    """A 422 from a model rule (differing passwords, password with username) has no input echo."""
    password = fresh_password()
    body = signup(password=password, password_confirm=password + "x")
    assert_redacted(client.post("/users", json=body), password, "POST /users, passwords differ")
    username = fresh_username(10)
    password = f"{username}7Q"
    body = signup(username=username, password=password)
    assert_redacted(
        client.post("/users", json=body), password, "POST /users, password has username"
    )


@pytest.mark.criterion("errors-redacted")
def test_field_errors_do_not_echo_the_password(client):
    """A 422 for a bad or missing field has no input echo and does not contain the password."""
    password = "short1x"
    what = "POST /users, 7-character password"
    assert_redacted(client.post("/users", json=signup(password=password)), password, what)
    password = "nodigitsatallhere"
    what = "POST /users, password without digit"
    assert_redacted(client.post("/users", json=signup(password=password)), password, what)
    body = signup()
    del body["email"]
    what = "POST /users without email"
    assert_redacted(client.post("/users", json=body), body["password"], what)
    body = signup(email="not-an-email")
    what = "POST /users with a bad email"
    assert_redacted(client.post("/users", json=body), body["password"], what)


@pytest.mark.criterion("errors-redacted")
def test_every_422_is_redacted(client, api):
    """Other 422s (a bad path parameter, a bad PATCH body) have no input echo either."""
    assert_redacted(client.get("/users/not-a-number"), "not-a-number", "GET /users/not-a-number")
    user_id = api.user_id(api.create(signup()))
    response = client.patch(f"/users/{user_id}", json={"email": "nope"})
    assert_redacted(response, "nope", "PATCH /users/{id} with a bad email")
