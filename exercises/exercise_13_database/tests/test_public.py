"""Public tests: run them with `prep test`. The hidden suite checks much more,
with concurrent requests and the counters of GET /debug/db (see README.md,
"What is graded")."""

import warnings
from collections.abc import Iterator

import pytest

with warnings.catch_warnings():  # Starlette warns that its TestClient moves to httpx2
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

from app.main import app


@pytest.fixture
def client() -> Iterator[TestClient]:
    with TestClient(app) as test_client:  # runs the lifespan: a fresh database
        yield test_client


def create_author(client: TestClient, name: str) -> dict:
    response = client.post("/authors", json={"name": name})
    assert response.status_code == 201, response.text
    return response.json()


def create_book(client: TestClient, author: dict, title: str, year: int) -> dict:
    body = {"title": title, "year": year, "author_id": author["id"]}
    response = client.post("/books", json=body)
    assert response.status_code == 201, response.text
    return response.json()


def test_create_author_and_book(client: TestClient) -> None:
    author = create_author(client, "Ursula K. Le Guin")
    assert author == {"id": author["id"], "name": "Ursula K. Le Guin"}
    book = create_book(client, author, "A Wizard of Earthsea", 1968)
    assert book == {
        "id": book["id"],
        "title": "A Wizard of Earthsea",
        "year": 1968,
        "version": 1,
        "author": author,
    }
    assert client.get(f"/books/{book['id']}").json() == book


def test_missing_book_is_404(client: TestClient) -> None:
    response = client.get("/books/12345")
    assert response.status_code == 404, response.text
    assert response.json() == {"detail": "Book not found"}


def test_list_filters_and_pages(client: TestClient) -> None:
    le_guin = create_author(client, "Ursula K. Le Guin")
    herbert = create_author(client, "Frank Herbert")
    earthsea = create_book(client, le_guin, "A Wizard of Earthsea", 1968)
    dispossessed = create_book(client, le_guin, "The Dispossessed", 1974)
    create_book(client, herbert, "Dune", 1965)

    page = client.get("/books", params={"author_id": le_guin["id"]}).json()
    assert page == {"items": [dispossessed, earthsea], "total": 2, "limit": 20, "offset": 0}

    page = client.get("/books", params={"title": "EARTH", "limit": 1}).json()
    assert page == {"items": [earthsea], "total": 1, "limit": 1, "offset": 0}

    assert client.get("/books", params={"limit": 0}).status_code == 422


def test_patch_with_version(client: TestClient) -> None:
    author = create_author(client, "Frank Herbert")
    book = create_book(client, author, "Dune", 1964)

    response = client.patch(f"/books/{book['id']}", json={"version": 1, "year": 1965})
    assert response.status_code == 200, response.text
    assert response.json() == book | {"year": 1965, "version": 2}

    stale = client.patch(f"/books/{book['id']}", json={"version": 1, "title": "Dune Messiah"})
    assert stale.status_code == 409, stale.text
    assert stale.json() == {"detail": "Version conflict"}


def test_sessions_are_closed_and_pages_are_cheap(client: TestClient) -> None:
    for n in range(3):  # three books by three different authors
        create_book(client, create_author(client, f"Author {n}"), f"Book {n}", 2000 + n)
    assert client.get("/books/12345").status_code == 404
    assert client.post("/books", json={"title": "?", "year": 1}).status_code == 422

    before = client.get("/debug/db").json()
    assert client.get("/books").status_code == 200
    after = client.get("/debug/db").json()
    assert after["open_sessions"] == 0, after  # every session closed, failed requests too
    assert after["opened"] - before["opened"] == 1, (before, after)  # one session per request
    assert after["queries"] - before["queries"] <= 4, (before, after)  # not one per author
