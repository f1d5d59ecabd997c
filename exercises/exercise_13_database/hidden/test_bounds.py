"""integer-bounds: integers SQLite cannot store are refused before the database."""

import pytest

TOO_BIG = 2**63  # one more than SQLite's largest INTEGER


def assert_422(response, what):
    assert response.status_code == 422, (
        f"{what}: expected 422, got {response.status_code} {response.text[:200]}"
    )


@pytest.mark.criterion("integer-bounds")
def test_huge_author_id_in_a_body_is_422(client):
    """POST /books with author_id 2**63 is 422, not a 500 from the database."""
    body = {"title": "Too far", "year": 2000, "author_id": TOO_BIG}
    assert_422(client.post("/books", json=body), f"POST /books with author_id {TOO_BIG}")


@pytest.mark.criterion("integer-bounds")
def test_huge_book_id_in_the_path_is_422(client):
    """GET and PATCH /books/2**63 are 422, not a 500 from the database."""
    assert_422(client.get(f"/books/{TOO_BIG}"), f"GET /books/{TOO_BIG}")
    patch = {"version": 1, "title": "Too far"}
    assert_422(client.patch(f"/books/{TOO_BIG}", json=patch), f"PATCH /books/{TOO_BIG}")


@pytest.mark.criterion("integer-bounds")
def test_huge_author_id_in_the_query_is_422(client):
    """GET /books?author_id=2**63 is 422, not a 500 from the database."""
    response = client.get("/books", params={"author_id": TOO_BIG})
    assert_422(response, f"GET /books?author_id={TOO_BIG}")


@pytest.mark.criterion("integer-bounds")
def test_versions_out_of_range_are_422(client, api):
    """PATCH with version 0 or 2**63 is 422 and changes nothing."""
    book = api.book(api.author())
    for version in (0, TOO_BIG):
        body = {"version": version, "title": "Out of range"}
        response = client.patch(f"/books/{book['id']}", json=body)
        assert_422(response, f"PATCH /books/{{id}} with version {version}")
    stored = api.get_book(book["id"])
    assert stored == book, (
        f"GET /books/{{id}} after the refused PATCHes: expected {book}, got {stored}"
    )
