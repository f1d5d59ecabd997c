"""create-user, no-secrets and read-users."""

from datetime import date, timedelta

import pytest
from conftest import (
    OUT_KEYS,
    age_on,
    fresh_username,
    now_utc,
    parse_timestamp,
    secret_keys,
    signup,
)

NOT_FOUND = {"detail": "User not found"}


@pytest.mark.criterion("create-user")
def test_create_returns_201_with_the_user_out(api):
    """POST /users answers 201 with exactly the eight UserOut keys and the values sent."""
    body = signup()
    user = api.create(body)
    assert set(user) == OUT_KEYS, (
        f"POST /users: expected keys {sorted(OUT_KEYS)}, got {sorted(user)}"
    )
    api.user_id(user)
    birth = date.fromisoformat(body["birth_date"])
    expected = {
        "username": body["username"],
        "email": body["email"],
        "fullName": body["full_name"],
        "birthDate": body["birth_date"],
        "displayName": body["full_name"],
        "age": age_on(birth, date.today()),
    }
    got = {key: user.get(key) for key in expected}
    assert got == expected, f"POST /users: expected {expected}, got {got}"


@pytest.mark.criterion("create-user")
def test_created_at_is_a_recent_utc_timestamp(api):
    """createdAt is an ISO 8601 timestamp with a UTC offset, set when the user was created."""
    user = api.create(signup())
    text = user.get("createdAt")
    assert isinstance(text, str), f"createdAt: expected a string, got {text!r}"
    try:
        created = parse_timestamp(text)
    except ValueError:
        raise AssertionError(f"createdAt: expected an ISO 8601 timestamp, got {text!r}") from None
    assert created.utcoffset() == timedelta(0), (
        f"createdAt: expected a UTC offset (Z or +00:00), got {text!r}"
    )
    gap = abs((now_utc() - created).total_seconds())
    assert gap < 600, f"createdAt: expected about now, got {text!r} ({gap:.0f} s away)"


@pytest.mark.criterion("create-user")
def test_optional_fields_default_to_null(api):
    """Without full_name and birth_date: fullName, birthDate, age null; displayName = username."""
    body = signup(full_name=None, birth_date=None)
    user = api.create(body)
    expected = {
        "fullName": None,
        "birthDate": None,
        "age": None,
        "displayName": body["username"],
    }
    got = {key: user.get(key, "<missing>") for key in expected}
    assert got == expected, f"POST /users without optional fields: expected {expected}, got {got}"


@pytest.mark.criterion("create-user")
def test_ids_are_distinct_and_increasing(api):
    """Two users created one after the other get increasing integer userIds."""
    first = api.user_id(api.create(signup()))
    second = api.user_id(api.create(signup()))
    assert second > first, f"expected the second userId above {first}, got {second}"


@pytest.mark.criterion("create-user")
def test_taken_username_is_409(client, api):
    """A second POST /users with a taken username is 409 {"detail": "Username already taken"}."""
    body = signup()
    api.create(body)
    again = signup(username=body["username"], email="other@example.com")
    response = client.post("/users", json=again)
    assert response.status_code == 409, (
        f"POST /users with a taken username: expected 409, got {response.status_code}"
    )
    assert response.json() == {"detail": "Username already taken"}, (
        f"POST /users with a taken username: got {response.text[:200]}"
    )
    count = api.usernames().count(body["username"])
    assert count == 1, f"GET /users: expected the username once, got it {count} times"


@pytest.mark.criterion("no-secrets")
def test_create_response_has_no_secret(client):
    """The POST /users response holds no password, passwordConfirm or hash key, nor the password."""
    body = signup()
    response = client.post("/users", json=body)
    assert response.status_code == 201, f"POST /users: expected 201, got {response.status_code}"
    leaked = secret_keys(response.json())
    assert not leaked, f"POST /users: secret keys in the response: {leaked}"
    assert body["password"] not in response.text, "POST /users: the password is in the response"


@pytest.mark.criterion("no-secrets")
def test_read_response_has_no_secret(client, api):
    """GET /users/{user_id} holds no password or hash key, nor the password."""
    body = signup()
    user_id = api.user_id(api.create(body))
    response = client.get(f"/users/{user_id}")
    assert response.status_code == 200, (
        f"GET /users/{user_id}: expected 200, got {response.status_code}"
    )
    leaked = secret_keys(response.json())
    assert not leaked, f"GET /users/{user_id}: secret keys in the response: {leaked}"
    assert body["password"] not in response.text, "GET /users/{user_id}: the password is in it"


@pytest.mark.criterion("no-secrets")
def test_list_response_has_no_secret(client, api):
    """GET /users holds no password or hash key in any item, nor the password."""
    body = signup()
    api.create(body)
    response = client.get("/users")
    assert response.status_code == 200, f"GET /users: expected 200, got {response.status_code}"
    leaked = secret_keys(response.json())
    assert not leaked, f"GET /users: secret keys in the response: {leaked[:5]}"
    assert body["password"] not in response.text, "GET /users: a password is in the list"


@pytest.mark.criterion("read-users")
def test_read_returns_the_created_user(api):
    """GET /users/{user_id} returns the same user as POST /users did."""
    created = api.create(signup())
    read = api.get(api.user_id(created))
    assert read == created, f"GET /users/{{id}}: expected {created}, got {read}"


@pytest.mark.criterion("read-users")
def test_unknown_id_is_404(client):
    """GET /users/{user_id} for an id that does not exist is 404 {"detail": "User not found"}."""
    response = client.get("/users/987654321")
    assert response.status_code == 404, (
        f"GET /users/987654321: expected 404, got {response.status_code}"
    )
    assert response.json() == NOT_FOUND, f"GET /users/987654321: got {response.text[:200]}"


@pytest.mark.criterion("read-users")
def test_list_holds_the_created_users_in_id_order(client, api):
    """GET /users lists every user as a UserOut, userId ascending, the new ones included."""
    first = api.create(signup())
    second = api.create(signup(full_name=None, username=fresh_username(20)))
    response = client.get("/users")
    assert response.status_code == 200, f"GET /users: expected 200, got {response.status_code}"
    users = response.json()
    assert isinstance(users, list), f"GET /users: expected a list, got {type(users).__name__}"
    ids = [user.get("userId") if isinstance(user, dict) else None for user in users]
    assert all(isinstance(i, int) for i in ids), (
        f"GET /users: expected an integer userId in every item, got {ids[:10]}"
    )
    assert ids == sorted(ids), f"GET /users: expected userId ascending, got {ids[:20]}"
    for created in (first, second):
        listed = [user for user in users if user.get("userId") == created["userId"]]
        assert listed == [created], f"GET /users: expected {created} once, got {listed}"
