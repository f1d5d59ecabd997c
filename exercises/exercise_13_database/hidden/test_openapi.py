"""openapi-contract: /openapi.json declares the response model of every route."""

import re

import pytest

AUTHOR_FIELDS = {"id", "name"}
BOOK_FIELDS = {"id", "title", "year", "version", "author"}


def book_path(openapi) -> str:
    """The documented /books/{...} path, whatever its parameter is named."""
    paths = openapi.document.get("paths", {})
    found = [path for path in paths if re.fullmatch(r"/books/\{[^/}]+\}", path)]
    return found[0] if found else "/books/{book_id}"


@pytest.mark.criterion("openapi-contract")
def test_create_author_declares_its_response(openapi):
    """/openapi.json: POST /authors declares its 201 response model, the author (id, name)."""
    openapi.assert_response_fields("post", "/authors", 201, AUTHOR_FIELDS)


@pytest.mark.criterion("openapi-contract")
def test_create_book_declares_its_response(openapi):
    """/openapi.json: POST /books declares its 201 response model, the book with its author."""
    openapi.assert_response_fields("post", "/books", 201, BOOK_FIELDS)


@pytest.mark.criterion("openapi-contract")
def test_list_books_declares_its_response(openapi):
    """/openapi.json: GET /books declares its 200 response model, the page of books."""
    openapi.assert_response_fields("get", "/books", 200, {"items", "total", "limit", "offset"})
    page = openapi.response_schema("get", "/books", 200)
    items = openapi.resolve(page.get("properties", {}).get("items", {}))
    missing = BOOK_FIELDS - openapi.fields(items)
    assert items.get("type") == "array" and not missing, (
        "/openapi.json: GET /books response 200: expected `items` to be a list of books "
        f"with {sorted(BOOK_FIELDS)}, got {items or 'no schema'}"
    )


@pytest.mark.criterion("openapi-contract")
def test_read_book_declares_its_response(openapi):
    """/openapi.json: GET /books/{book_id} declares its 200 response model, the book."""
    openapi.assert_response_fields("get", book_path(openapi), 200, BOOK_FIELDS)


@pytest.mark.criterion("openapi-contract")
def test_update_book_declares_its_response(openapi):
    """/openapi.json: PATCH /books/{book_id} declares its 200 response model, the book."""
    openapi.assert_response_fields("patch", book_path(openapi), 200, BOOK_FIELDS)
