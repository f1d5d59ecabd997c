"""transactional-session, conflict-mapping and settings-dependency."""

import pytest


def assert_409(response, what):
    assert response.status_code == 409, (
        f"{what}: expected 409, got {response.status_code} {response.text[:120]}"
    )
    detail = response.json().get("detail")
    assert isinstance(detail, str) and detail, (
        f'{what}: expected a {{"detail": "..."}} message, got {response.text[:120]}'
    )
    return detail


@pytest.mark.criterion("transactional-session")
def test_batch_creates_every_note(client, api, new_user):
    """POST /notes/batch answers 201 with the created notes in request order, all of them stored."""
    user = new_user()
    batch = [{"title": f"batch {i}", "body": str(i)} for i in range(3)]
    response = client.post("/notes/batch", json=batch, headers=user.auth)
    assert response.status_code == 201, (
        f"POST /notes/batch: expected 201, got {response.status_code} {response.text[:200]}"
    )
    created = response.json()
    got = [(n.get("owner"), n.get("title"), n.get("body")) for n in created]
    expected = [(user.username, n["title"], n["body"]) for n in batch]
    assert got == expected, f"POST /notes/batch: expected {expected}, got {got}"
    notes = api.listed(user)
    assert notes == created, f"GET /notes after the batch: expected {created}, got {notes}"


@pytest.mark.criterion("transactional-session")
def test_batch_duplicating_an_existing_note_stores_nothing(client, api, new_user):
    """A batch ending with an existing title is 409 and none of the batch is stored."""
    user = new_user()
    api.create(user, "alpha", "")
    batch = [{"title": "beta", "body": ""}, {"title": "alpha", "body": "again"}]
    response = client.post("/notes/batch", json=batch, headers=user.auth)
    assert_409(response, "POST /notes/batch ending with a duplicate")
    titles = api.titles(user)
    assert titles == ["alpha"], (
        f"GET /notes after the refused batch: expected only ['alpha'], got {titles}"
    )


@pytest.mark.criterion("transactional-session")
def test_batch_with_an_internal_duplicate_stores_nothing(client, api, new_user):
    """A batch that repeats a title is 409 and none of the batch is stored."""
    user = new_user()
    batch = [{"title": t, "body": ""} for t in ("gamma", "delta", "gamma")]
    response = client.post("/notes/batch", json=batch, headers=user.auth)
    assert_409(response, "POST /notes/batch repeating a title")
    titles = api.titles(user)
    assert titles == [], f"GET /notes after the refused batch: expected [], got {titles}"


@pytest.mark.criterion("conflict-mapping")
def test_duplicate_title_is_409(client, api, new_user):
    """POST /notes with a title you already use is 409 (not 500); the first note is unchanged."""
    user = new_user()
    first = api.create(user, "twice", "original")
    response = client.post("/notes", json={"title": "twice", "body": "copy"}, headers=user.auth)
    assert_409(response, "POST /notes with a duplicate title")
    notes = api.listed(user)
    assert notes == [first], f"GET /notes after the duplicate: expected {[first]}, got {notes}"


@pytest.mark.criterion("conflict-mapping")
def test_same_title_for_two_users_is_allowed(api, new_user):
    """Titles are unique per user: two users may both create a note titled the same."""
    one, two = new_user(), new_user()
    api.create(one, "shared title", "")
    api.create(two, "shared title", "")


@pytest.mark.criterion("conflict-mapping")
def test_limit_and_duplicate_are_distinct_409s(client, api, new_user):
    """A duplicate title and the note limit are both 409, each with its own detail message."""
    user = new_user()
    api.create(user, "one", "")
    api.create(user, "two", "")
    duplicate = client.post("/notes", json={"title": "one", "body": ""}, headers=user.auth)
    duplicate_detail = assert_409(duplicate, "POST /notes with a duplicate title")
    api.create(user, "three", "")
    over = client.post("/notes", json={"title": "four", "body": ""}, headers=user.auth)
    limit_detail = assert_409(over, "POST /notes beyond the note limit")
    assert limit_detail != duplicate_detail, (
        f"expected different details for the limit and a duplicate, got {limit_detail!r} twice"
    )


@pytest.mark.criterion("settings-dependency")
def test_fourth_note_is_refused(client, api, new_user):
    """With max_notes_per_user = 3, three notes are created and the fourth is 409 and not stored."""
    user = new_user()
    for title in ("n1", "n2", "n3"):
        api.create(user, title, "")
    response = client.post("/notes", json={"title": "n4", "body": ""}, headers=user.auth)
    assert response.status_code == 409, (
        f"POST /notes for a 4th note: expected 409, got {response.status_code}"
    )
    titles = api.titles(user)
    assert titles == ["n1", "n2", "n3"], f"GET /notes: expected ['n1', 'n2', 'n3'], got {titles}"


@pytest.mark.criterion("settings-dependency")
def test_limit_applies_to_batches_and_delete_frees_a_slot(client, api, new_user):
    """A batch beyond the limit is 409 and stores nothing; deleting a note frees a slot."""
    user = new_user()
    four = [{"title": f"b{i}", "body": ""} for i in range(4)]
    response = client.post("/notes/batch", json=four, headers=user.auth)
    assert response.status_code == 409, (
        f"POST /notes/batch of 4 notes: expected 409, got {response.status_code}"
    )
    assert api.titles(user) == [], "expected nothing stored after a refused batch of 4"
    response = client.post("/notes/batch", json=four[:3], headers=user.auth)
    assert response.status_code == 201, (
        f"POST /notes/batch of 3 notes: expected 201, got {response.status_code}"
    )
    first = response.json()[0]
    deleted = client.delete(f"/notes/{first['id']}", headers=user.auth)
    assert deleted.status_code == 204, (
        f"DELETE /notes/{{id}}: expected 204, got {deleted.status_code}"
    )
    api.create(user, "after delete", "")
    titles = api.titles(user)
    assert titles == ["b1", "b2", "after delete"], (
        f"GET /notes: expected ['b1', 'b2', 'after delete'], got {titles}"
    )
