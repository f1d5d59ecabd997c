"""update-user and patch-semantics."""

from datetime import date, timedelta

import pytest
from conftest import assert_error_at, secret_keys, signup


def patch(client, user_id: int, body: dict):
    return client.patch(f"/users/{user_id}", json=body)


def patched(client, user_id: int, body: dict) -> dict:
    """PATCH that must answer 200; returns the JSON."""
    response = patch(client, user_id, body)
    assert response.status_code == 200, (
        f"PATCH /users/{{id}} with {body}: expected 200, "
        f"got {response.status_code} {response.text[:200]}"
    )
    return dict(response.json())


# --- update-user (junior) --------------------------------------------------------


@pytest.mark.criterion("update-user")
def test_patch_changes_the_sent_field_only(client, api):
    """PATCH {"full_name": ...} changes fullName and displayName and leaves every other key."""
    created = api.create(signup())
    user_id = api.user_id(created)
    updated = patched(client, user_id, {"full_name": "Mary Jackson"})
    expected = {**created, "fullName": "Mary Jackson", "displayName": "Mary Jackson"}
    assert updated == expected, f"PATCH /users/{{id}}: expected {expected}, got {updated}"
    read = api.get(user_id)
    assert read == expected, f"GET /users/{{id}} after PATCH: expected {expected}, got {read}"


@pytest.mark.criterion("update-user")
def test_patch_email_and_birth_date(client, api):
    """PATCH can change email and birth_date together; the response holds no secret."""
    created = api.create(signup())
    user_id = api.user_id(created)
    body = {"email": "new.address@example.org", "birth_date": "1985-03-10"}
    response = patch(client, user_id, body)
    assert response.status_code == 200, (
        f"PATCH /users/{{id}} with {body}: expected 200, got {response.status_code}"
    )
    updated = response.json()
    got = (updated.get("email"), updated.get("birthDate"), updated.get("username"))
    expected = ("new.address@example.org", "1985-03-10", created["username"])
    assert got == expected, f"PATCH /users/{{id}}: expected {expected}, got {got}"
    leaked = secret_keys(updated)
    assert not leaked, f"PATCH /users/{{id}}: secret keys in the response: {leaked}"


@pytest.mark.criterion("update-user")
def test_patch_unknown_id_is_404(client):
    """PATCH /users/{user_id} for an id that does not exist is 404 {"detail": "User not found"}."""
    response = patch(client, 987654321, {"full_name": "Nobody"})
    assert response.status_code == 404, (
        f"PATCH /users/987654321: expected 404, got {response.status_code}"
    )
    assert response.json() == {"detail": "User not found"}, f"got {response.text[:200]}"


@pytest.mark.criterion("update-user")
def test_patch_with_invalid_values_is_422_and_changes_nothing(client, api):
    """PATCH with a bad email or a future birth_date is 422 at that field and changes nothing."""
    created = api.create(signup())
    user_id = api.user_id(created)
    what = "PATCH /users/{id} with email 'not-an-email'"
    assert_error_at(patch(client, user_id, {"email": "not-an-email"}), ["body", "email"], what)
    tomorrow = (date.today() + timedelta(days=1)).isoformat()
    response = patch(client, user_id, {"birth_date": tomorrow})
    assert_error_at(
        response, ["body", "birth_date"], "PATCH /users/{id} with tomorrow's birth_date"
    )
    read = api.get(user_id)
    assert read == created, (
        f"GET /users/{{id}} after refused PATCHes: expected {created}, got {read}"
    )


# --- patch-semantics (senior) ----------------------------------------------------


@pytest.mark.criterion("patch-semantics")
def test_null_full_name_clears_it_and_keeps_the_rest(client, api):
    """PATCH {"full_name": null} sets fullName to null (displayName = username), birthDate stays."""
    created = api.create(signup())
    user_id = api.user_id(created)
    updated = patched(client, user_id, {"full_name": None})
    expected = {**created, "fullName": None, "displayName": created["username"]}
    assert updated == expected, f"PATCH full_name null: expected {expected}, got {updated}"
    read = api.get(user_id)
    assert read == expected, f"GET /users/{{id}} after it: expected {expected}, got {read}"


@pytest.mark.criterion("patch-semantics")
def test_null_birth_date_clears_it_and_the_age(client, api):
    """PATCH {"birth_date": null} sets birthDate and age to null, fullName stays."""
    created = api.create(signup())
    user_id = api.user_id(created)
    updated = patched(client, user_id, {"birth_date": None})
    expected = {**created, "birthDate": None, "age": None}
    assert updated == expected, f"PATCH birth_date null: expected {expected}, got {updated}"


@pytest.mark.criterion("patch-semantics")
def test_empty_patch_changes_nothing(client, api):
    """PATCH {} answers 200 with the user unchanged."""
    created = api.create(signup())
    updated = patched(client, api.user_id(created), {})
    assert updated == created, f"PATCH {{}}: expected {created}, got {updated}"


@pytest.mark.criterion("patch-semantics")
def test_null_email_is_422(client, api):
    """PATCH {"email": null} is 422 at ["body", "email"] and the email stays."""
    created = api.create(signup())
    user_id = api.user_id(created)
    response = patch(client, user_id, {"email": None})
    assert_error_at(response, ["body", "email"], "PATCH /users/{id} with email null")
    read = api.get(user_id)
    assert read == created, f"GET /users/{{id}} after it: expected {created}, got {read}"


@pytest.mark.criterion("patch-semantics")
def test_patched_email_is_lowercased(client, api):
    """PATCH {"email": "Ann+X@Example.COM"} stores ann+x@example.com."""
    created = api.create(signup())
    updated = patched(client, api.user_id(created), {"email": "Ann+X@Example.COM"})
    assert updated.get("email") == "ann+x@example.com", (
        f"PATCH email: expected 'ann+x@example.com', got {updated.get('email')!r}"
    )
