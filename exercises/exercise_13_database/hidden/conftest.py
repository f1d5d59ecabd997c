"""Fixtures for the exercise_13 hidden suite.

Every test creates its own authors (unique names) and books (titles carrying
a unique tag) and compares only against what it created: the app is shared
by the whole suite.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from contextlib import ExitStack
from typing import Any
from uuid import uuid4

import httpx
import pytest


def tag() -> str:
    """A unique marker to put in names and titles."""
    return uuid4().hex[:12]


class Api:
    """Small helpers over the candidate's app; each asserts its expected status."""

    def __init__(self, client: httpx.Client) -> None:
        self.client = client

    def stats(self) -> dict[str, int]:
        response = self.client.get("/debug/db")
        assert response.status_code == 200, (
            f"the given GET /debug/db must stay: expected 200, got {response.status_code}"
        )
        return dict(response.json())

    def settled(self, target: int | None = None, timeout: float = 3.0) -> dict[str, int]:
        """/debug/db once the sessions of finished requests are closed: a
        session may close just after its response was sent.

        With ``target``, polls until open_sessions <= target (at most
        ``timeout`` s); without, until it is 0 or has not moved for 0.2 s."""
        deadline = time.monotonic() + timeout
        current = self.stats()
        last_change = time.monotonic()
        while current["open_sessions"] > (target or 0) and time.monotonic() < deadline:
            if target is None and time.monotonic() - last_change > 0.2:
                break
            time.sleep(0.02)
            previous, current = current, self.stats()
            if current["open_sessions"] != previous["open_sessions"]:
                last_change = time.monotonic()
        return current

    def author(self, name: str | None = None) -> dict[str, Any]:
        """POST /authors that must answer 201."""
        name = name or f"Author {tag()}"
        response = self.client.post("/authors", json={"name": name})
        assert response.status_code == 201, (
            f"POST /authors: expected 201, got {response.status_code} {response.text[:200]}"
        )
        return dict(response.json())

    def book(self, author: dict[str, Any], title: str | None = None, year: int = 2000) -> dict:
        """POST /books that must answer 201."""
        body = {"title": title or f"Book {tag()}", "year": year, "author_id": author["id"]}
        response = self.client.post("/books", json=body)
        assert response.status_code == 201, (
            f"POST /books: expected 201, got {response.status_code} {response.text[:200]}"
        )
        return dict(response.json())

    def get_book(self, book_id: int) -> dict[str, Any]:
        """GET /books/{id} that must answer 200."""
        response = self.client.get(f"/books/{book_id}")
        assert response.status_code == 200, (
            f"GET /books/{book_id}: expected 200, got {response.status_code} {response.text[:200]}"
        )
        return dict(response.json())

    def page(self, **params: Any) -> dict[str, Any]:
        """GET /books that must answer 200 with items and total."""
        response = self.client.get("/books", params=params)
        assert response.status_code == 200, (
            f"GET /books?{httpx.QueryParams(params)}: expected 200, "
            f"got {response.status_code} {response.text[:200]}"
        )
        page = dict(response.json())
        assert isinstance(page.get("items"), list) and "total" in page, (
            f"GET /books: expected {{'items': [...], 'total': n, ...}}, got {str(page)[:200]}"
        )
        return page

    def walk(self, limit: int, **params: Any) -> list[dict[str, Any]]:
        """Every page of GET /books with this limit, offset 0, limit, 2*limit..."""
        first = self.page(limit=limit, offset=0, **params)
        items = list(first["items"])
        for offset in range(limit, first["total"], limit):
            items += self.page(limit=limit, offset=offset, **params)["items"]
        return items


@pytest.fixture
def api(client: httpx.Client) -> Api:
    return Api(client)


@pytest.fixture(scope="module")
def twenty_authors_books(base_url: str) -> tuple[str, list[dict[str, Any]]]:
    """20 books by 20 different authors, every title carrying one marker."""
    marker = tag()
    with httpx.Client(base_url=base_url, timeout=10.0) as http:
        api = Api(http)
        books = [api.book(api.author(), title=f"{marker} #{i}", year=2000 + i) for i in range(20)]
    return marker, books


@pytest.fixture
def warm_clients(base_url: str) -> Iterator[Callable[[int], list[httpx.Client]]]:
    """``warm_clients(n)`` -> n clients, each with its own connection already
    open (one GET /debug/db each), so that requests fired together reach the
    app together."""
    with ExitStack() as stack:

        def make(n: int) -> list[httpx.Client]:
            clients = []
            for _ in range(n):
                http = stack.enter_context(httpx.Client(base_url=base_url, timeout=10.0))
                http.get("/debug/db")
                clients.append(http)
            return clients

        yield make
