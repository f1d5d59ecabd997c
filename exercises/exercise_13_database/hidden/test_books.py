"""create-book, read-book and update-with-version: the contract, one request at a time."""

from uuid import uuid4

import pytest

MISSING_ID = 987_654_321


def unique(prefix: str) -> str:
    return f"{prefix} {uuid4().hex[:12]}"


def assert_status(response, expected, what):
    assert response.status_code == expected, (
        f"{what}: expected {expected}, got {response.status_code} {response.text[:200]}"
    )


def assert_detail(response, expected, what):
    assert_status(response, expected[0], what)
    detail = response.json().get("detail")
    assert detail == expected[1], f"{what}: expected detail {expected[1]!r}, got {detail!r}"


def book_json(book_id, title, year, version, author):
    return {
        "id": book_id,
        "title": title,
        "year": year,
        "version": version,
        "author": {"id": author["id"], "name": author["name"]},
    }


@pytest.mark.criterion("create-book")
def test_create_author_then_book(client):
    """POST /authors is 201 {id, name}; POST /books is 201 with version 1 and the author nested."""
    name = unique("Ursula")
    response = client.post("/authors", json={"name": name})
    assert_status(response, 201, "POST /authors")
    author = response.json()
    assert isinstance(author.get("id"), int) and author == {"id": author["id"], "name": name}, (
        f"POST /authors: expected {{'id': <int>, 'name': {name!r}}}, got {author!r}"
    )
    title = unique("Earthsea")
    response = client.post("/books", json={"title": title, "year": 1968, "author_id": author["id"]})
    assert_status(response, 201, "POST /books")
    book = response.json()
    assert isinstance(book.get("id"), int), f"POST /books: expected an integer id, got {book!r}"
    expected = book_json(book["id"], title, 1968, 1, author)
    assert book == expected, f"POST /books: expected {expected}, got {book}"


@pytest.mark.criterion("create-book")
def test_duplicate_author_name_is_409(client, api):
    """A second POST /authors with a taken name is 409 {"detail": "Author already exists"}."""
    author = api.author()
    response = client.post("/authors", json={"name": author["name"]})
    assert_detail(response, (409, "Author already exists"), "POST /authors with a taken name")


@pytest.mark.criterion("create-book")
def test_book_for_unknown_author_is_404(client, api):
    """POST /books with an author_id that does not exist is 404 {"detail": "Author not found"}."""
    api.author()  # the app works at all
    body = {"title": unique("Orphan"), "year": 2001, "author_id": MISSING_ID}
    response = client.post("/books", json=body)
    assert_detail(response, (404, "Author not found"), "POST /books for a missing author")


@pytest.mark.criterion("create-book")
def test_invalid_bodies_are_422(client, api):
    """Invalid POST /authors and POST /books bodies (empty, too long, year out of range) are 422.

    A name of exactly 100 characters is accepted; 101 is too long."""
    author = api.author(unique("Long name").ljust(100, "y"))
    bodies = {
        "/authors": [{"name": ""}, {}, {"name": unique("Too long").ljust(101, "x")}],
        "/books": [
            {"title": "", "year": 2000, "author_id": author["id"]},
            {"title": "x" * 201, "year": 2000, "author_id": author["id"]},
            {"title": "Too early", "year": 999, "author_id": author["id"]},
            {"title": "Too late", "year": 2101, "author_id": author["id"]},
            {"title": "No author", "year": 2000},
        ],
    }
    for path, cases in bodies.items():
        for body in cases:
            response = client.post(path, json=body)
            assert_status(response, 422, f"POST {path} with {body}")


@pytest.mark.criterion("read-book")
def test_read_book(client, api):
    """GET /books/{id} is 200 with the book as POST /books returned it."""
    author = api.author()
    created = api.book(author, title=unique("Dune"), year=1965)
    response = client.get(f"/books/{created['id']}")
    assert_status(response, 200, "GET /books/{id}")
    assert response.json() == created, (
        f"GET /books/{{id}}: expected {created}, got {response.json()}"
    )


@pytest.mark.criterion("read-book")
def test_missing_book_is_404(client, api):
    """GET /books/{missing id} is 404 {"detail": "Book not found"}."""
    api.author()
    response = client.get(f"/books/{MISSING_ID}")
    assert_detail(response, (404, "Book not found"), "GET /books/{missing id}")


@pytest.mark.criterion("update-with-version")
def test_patch_bumps_the_version(client, api):
    """PATCH with the current version is 200: fields changed, version + 1, the rest unchanged."""
    author = api.author()
    book = api.book(author, title=unique("Draft"), year=1990)
    new_title = unique("Final")
    response = client.patch(f"/books/{book['id']}", json={"version": 1, "title": new_title})
    assert_status(response, 200, "PATCH /books/{id} with version 1")
    expected = book_json(book["id"], new_title, 1990, 2, author)
    assert response.json() == expected, f"PATCH: expected {expected}, got {response.json()}"
    response = client.patch(f"/books/{book['id']}", json={"version": 2, "year": 1991})
    assert_status(response, 200, "PATCH /books/{id} with version 2")
    expected = book_json(book["id"], new_title, 1991, 3, author)
    assert response.json() == expected, f"second PATCH: expected {expected}, got {response.json()}"
    stored = api.get_book(book["id"])
    assert stored == expected, (
        f"GET /books/{{id}} after two PATCHes: expected {expected}, got {stored}"
    )


@pytest.mark.criterion("update-with-version")
def test_stale_version_is_409_and_changes_nothing(client, api):
    """PATCH with an old version is 409 {"detail": "Version conflict"} and the book is unchanged."""
    author = api.author()
    book = api.book(author, year=2010)
    first = client.patch(f"/books/{book['id']}", json={"version": 1, "year": 2011})
    assert_status(first, 200, "PATCH /books/{id} with version 1")
    for version in (1, 3):
        response = client.patch(
            f"/books/{book['id']}", json={"version": version, "title": "Lost update"}
        )
        assert_detail(
            response, (409, "Version conflict"), f"PATCH with version {version} (book at 2)"
        )
    stored = api.get_book(book["id"])
    assert (stored["title"], stored["year"], stored["version"]) == (book["title"], 2011, 2), (
        f"GET /books/{{id}} after refused PATCHes: expected title {book['title']!r}, "
        f"year 2011, version 2, got {stored}"
    )


@pytest.mark.criterion("update-with-version")
def test_patch_missing_book_is_404(client, api):
    """PATCH /books/{missing id} with a valid body is 404 {"detail": "Book not found"}."""
    api.author()
    response = client.patch(f"/books/{MISSING_ID}", json={"version": 1, "title": "Nobody"})
    assert_detail(response, (404, "Book not found"), "PATCH /books/{missing id}")


@pytest.mark.criterion("update-with-version")
def test_invalid_patch_bodies_are_422(client, api):
    """A PATCH without a version, with nothing to change, or with an invalid field is 422."""
    book = api.book(api.author())
    for body in (
        {"title": "No version"},
        {"version": 1},
        {"version": 1, "title": ""},
        {"version": 1, "year": 3000},
        {"version": "one", "title": "Bad version"},
    ):
        response = client.patch(f"/books/{book['id']}", json=body)
        assert_status(response, 422, f"PATCH /books/{{id}} with {body}")
    stored = api.get_book(book["id"])
    assert stored == book, f"GET /books/{{id}} after invalid PATCHes: expected {book}, got {stored}"
