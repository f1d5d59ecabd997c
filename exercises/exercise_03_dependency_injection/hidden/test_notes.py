"""create-and-list and owner-isolation."""

import pytest

NOT_FOUND = {"detail": "Note not found"}
MISSING_ID = 987_654_321


@pytest.mark.criterion("create-and-list")
def test_create_note_returns_201_and_the_note(client, new_user):
    """POST /notes answers 201 with {id, owner, title, body}, owner being the current username."""
    user = new_user()
    response = client.post(
        "/notes", json={"title": "groceries", "body": "eggs, milk"}, headers=user.auth
    )
    assert response.status_code == 201, (
        f"POST /notes: expected 201, got {response.status_code} {response.text[:200]}"
    )
    note = response.json()
    assert isinstance(note.get("id"), int), f"expected an integer id, got {note.get('id')!r}"
    expected = {
        "id": note["id"],
        "owner": user.username,
        "title": "groceries",
        "body": "eggs, milk",
    }
    assert note == expected, f"POST /notes: expected {expected}, got {note}"


@pytest.mark.criterion("create-and-list")
def test_list_returns_exactly_your_notes(api, new_user):
    """GET /notes lists the notes you created, oldest first, and nothing else."""
    user = new_user()
    first = api.create(user, "first", "1")
    second = api.create(user, "second", "2")
    notes = api.listed(user)
    assert notes == [first, second], f"GET /notes: expected {[first, second]}, got {notes}"


@pytest.mark.criterion("create-and-list")
def test_read_and_delete_your_note(client, api, new_user):
    """GET /notes/{id} returns your note; DELETE answers 204 with no body; then it is gone (404)."""
    user = new_user()
    note = api.create(user, "to delete", "bye")
    url = f"/notes/{note['id']}"
    read = client.get(url, headers=user.auth)
    assert read.status_code == 200, f"GET {url}: expected 200, got {read.status_code}"
    assert read.json() == note, f"GET {url}: expected {note}, got {read.text[:200]}"
    deleted = client.delete(url, headers=user.auth)
    assert deleted.status_code == 204, f"DELETE {url}: expected 204, got {deleted.status_code}"
    assert deleted.content == b"", (
        f"DELETE {url}: expected an empty body, got {deleted.text[:100]!r}"
    )
    again = client.get(url, headers=user.auth)
    assert again.status_code == 404, (
        f"GET {url} after DELETE: expected 404, got {again.status_code}"
    )
    assert api.listed(user) == [], "GET /notes after DELETE: expected [], got a non-empty list"


@pytest.mark.criterion("create-and-list")
def test_invalid_note_is_422_and_not_stored(client, api, new_user):
    """POST /notes with an empty or 101-character title, or no body, is 422 and stores nothing."""
    user = new_user()
    bad_notes = [{"title": "", "body": "x"}, {"title": "t" * 101, "body": "x"}, {"title": "t"}]
    for bad in bad_notes:
        response = client.post("/notes", json=bad, headers=user.auth)
        shown = {k: (v if len(v) < 20 else v[:10] + "...") for k, v in bad.items()}
        assert response.status_code == 422, (
            f"POST /notes {shown}: expected 422, got {response.status_code}"
        )
    ok = api.create(user, "t" * 100, "")
    notes = api.listed(user)
    assert notes == [ok], f"GET /notes: expected only the valid 100-character note, got {notes}"


@pytest.mark.criterion("owner-isolation")
def test_other_users_note_is_404(client, api, new_user):
    """Another user's note is 404 Note not found on GET and DELETE, and is not listed for you."""
    owner, intruder = new_user(), new_user()
    note = api.create(owner, "private", "secret")
    url = f"/notes/{note['id']}"
    for method in ("GET", "DELETE"):
        response = client.request(method, url, headers=intruder.auth)
        assert response.status_code == 404, (
            f"{method} {url} as another user: expected 404, got {response.status_code}"
        )
        assert response.json() == NOT_FOUND, (
            f"{method} {url} as another user: expected {NOT_FOUND}, got {response.text[:200]}"
        )
    assert api.listed(intruder) == [], "GET /notes as another user: expected [], got their notes"
    still = client.get(url, headers=owner.auth)
    assert still.status_code == 200 and still.json() == note, (
        f"GET {url} as the owner after another user's DELETE: expected 200 {note}, "
        f"got {still.status_code} {still.text[:200]}"
    )


@pytest.mark.criterion("owner-isolation")
def test_missing_note_is_the_same_404(client, alice):
    """A note id that does not exist is 404 {"detail": "Note not found"} on GET and DELETE."""
    user = alice
    url = f"/notes/{MISSING_ID}"
    for method in ("GET", "DELETE"):
        response = client.request(method, url, headers=user.auth)
        assert response.status_code == 404, (
            f"{method} {url}: expected 404, got {response.status_code}"
        )
        assert response.json() == NOT_FOUND, (
            f"{method} {url}: expected {NOT_FOUND}, got {response.text[:200]}"
        )
