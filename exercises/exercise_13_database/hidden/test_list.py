"""list-and-filter, stable-pagination and no-n-plus-one: GET /books."""

from uuid import uuid4

import pytest


def unique(prefix: str) -> str:
    return f"{prefix} {uuid4().hex[:12]}"


def ids(items):
    return [item.get("id") for item in items]


def newest_first(books):
    """The documented order: year descending, then id descending."""
    return [b["id"] for b in sorted(books, key=lambda b: (-b["year"], -b["id"]))]


@pytest.mark.criterion("list-and-filter")
def test_filter_by_author(api):
    """GET /books?author_id= lists exactly that author's books, newest year first, author nested."""
    mine, other = api.author(), api.author()
    books = [api.book(mine, year=year) for year in (1999, 2005, 2001)]
    api.book(other, year=2003)
    page = api.page(author_id=mine["id"])
    expected = [b["id"] for b in sorted(books, key=lambda b: -b["year"])]
    assert ids(page["items"]) == expected, (
        f"GET /books?author_id=: expected ids {expected} (year descending), "
        f"got {ids(page['items'])}"
    )
    assert page["items"] == sorted(books, key=lambda b: -b["year"]), (
        f"GET /books?author_id=: expected the books as created, got {page['items']}"
    )
    assert page["total"] == 3, f"expected total 3, got {page['total']}"


@pytest.mark.criterion("list-and-filter")
def test_filter_by_title_is_case_insensitive(api):
    """GET /books?title= matches part of the title ignoring case, and combines with author_id."""
    marker = uuid4().hex[:12]
    one, two = api.author(), api.author()
    a = api.book(one, title=f"The {marker.upper()} saga", year=2001)
    b = api.book(two, title=f"{marker} returns", year=2002)
    api.book(one, title=unique("Unrelated"), year=2003)
    page = api.page(title=marker.upper())
    assert ids(page["items"]) == [b["id"], a["id"]] and page["total"] == 2, (
        f"GET /books?title=<part in another case>: expected ids {[b['id'], a['id']]} "
        f"and total 2, got {ids(page['items'])} and total {page['total']}"
    )
    page = api.page(title=marker, author_id=one["id"])
    assert ids(page["items"]) == [a["id"]] and page["total"] == 1, (
        f"GET /books?title=&author_id=: expected ids {[a['id']]} and total 1, "
        f"got {ids(page['items'])} and total {page['total']}"
    )
    page = api.page(author_id=987_654_321)
    assert page["items"] == [] and page["total"] == 0, (
        f"GET /books?author_id=<missing>: expected an empty page, got {page}"
    )


@pytest.mark.criterion("list-and-filter")
def test_limit_and_offset(api):
    """limit/offset cut the list, total counts every match, limit/offset are echoed (20 and 0)."""
    author = api.author()
    books = [api.book(author, year=1950 + i) for i in range(5)]
    expected = newest_first(books)
    page = api.page(author_id=author["id"], limit=2, offset=1)
    got = {"ids": ids(page["items"]), **{k: page.get(k) for k in ("total", "limit", "offset")}}
    want = {"ids": expected[1:3], "total": 5, "limit": 2, "offset": 1}
    assert got == want, f"GET /books?limit=2&offset=1: expected {want}, got {got}"
    page = api.page(author_id=author["id"])
    got = {"ids": ids(page["items"]), **{k: page.get(k) for k in ("total", "limit", "offset")}}
    want = {"ids": expected, "total": 5, "limit": 20, "offset": 0}
    assert got == want, f"GET /books without limit/offset: expected {want}, got {got}"
    page = api.page(author_id=author["id"], offset=5)
    assert page["items"] == [] and page["total"] == 5, (
        f"GET /books?offset=5 (past the end): expected no items and total 5, got {page}"
    )


@pytest.mark.criterion("list-and-filter")
def test_bad_paging_is_422(client, api):
    """limit outside 1..100, a negative offset or a non-integer is 422."""
    api.author()
    for params in ({"limit": 0}, {"limit": 101}, {"offset": -1}, {"limit": "ten"}):
        response = client.get("/books", params=params)
        assert response.status_code == 422, (
            f"GET /books?{params}: expected 422, got {response.status_code} {response.text[:120]}"
        )


@pytest.mark.criterion("stable-pagination")
def test_pages_with_tied_years_never_overlap(api):
    """Pages of 2 over books sharing years list each book once, year desc then id desc."""
    author = api.author()
    books = [api.book(author, year=y) for y in (2001, 1999, 2001, 2005, 1999, 2001, 2001)]
    expected = newest_first(books)
    walked = ids(api.walk(2, author_id=author["id"]))
    assert walked == expected, (
        f"pages of 2 (offset 0, 2, 4, 6): expected ids {expected}, got {walked}"
    )


@pytest.mark.criterion("stable-pagination")
def test_pages_of_one_year_across_authors(api):
    """Pages of 4 (and 3) over 9 books of one year list each book once, highest id first."""
    marker = uuid4().hex[:12]
    authors = [api.author() for _ in range(3)]
    books = [api.book(authors[i % 3], title=f"{marker} vol {i}", year=1984) for i in range(9)]
    expected = newest_first(books)
    for limit in (4, 3):
        walked = ids(api.walk(limit, title=marker))
        assert walked == expected, (
            f"pages of {limit} over 9 books of 1984: expected ids {expected}, got {walked}"
        )


@pytest.mark.criterion("no-n-plus-one")
def test_listing_20_books_of_20_authors_costs_few_queries(api, twenty_authors_books):
    """A page of 20 books by 20 different authors runs at most 4 SQL statements, not 21+."""
    marker, books = twenty_authors_books
    for limit in (20, 5):
        before = api.stats()["queries"]
        page = api.page(title=marker, limit=limit)
        after = api.stats()["queries"]
        assert len(page["items"]) == limit, (
            f"GET /books?title=&limit={limit}: expected {limit} items, got {len(page['items'])}"
        )
        spent = after - before
        assert 1 <= spent <= 4, (
            f"GET /books?limit={limit} over books by {limit} different authors: "
            f"expected 1 to 4 SQL statements in /debug/db, got {spent}"
        )


@pytest.mark.criterion("no-n-plus-one")
def test_nested_authors_are_right(api, twenty_authors_books):
    """Each listed book carries its own author, as POST /books returned it."""
    marker, books = twenty_authors_books
    page = api.page(title=marker, limit=20)
    by_id = {b["id"]: b for b in books}
    wrong = [
        i for i in page["items"] if by_id.get(i.get("id"), {}).get("author") != i.get("author")
    ]
    assert not wrong and len(page["items"]) == 20, (
        f"expected the 20 books with their own authors, got {len(wrong)} wrong: {wrong[:2]}"
    )
