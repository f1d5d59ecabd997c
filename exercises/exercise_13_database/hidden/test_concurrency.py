"""write-conflicts: PATCHes racing with the same version, authors racing for a name."""

from uuid import uuid4

import pytest

RACERS = 8


@pytest.mark.criterion("write-conflicts")
def test_racing_patches_have_one_winner(api, in_parallel, warm_clients):
    """8 concurrent PATCHes with the same version (x3 books): one 200 per book, the rest 409."""
    author = api.author()
    books = [api.book(author, year=1970) for _ in range(3)]
    clients = iter(warm_clients(len(books) * RACERS))

    def patch(book, n):
        http = next(clients)

        def run():
            body = {"version": 1, "title": f"Writer {n}"}
            return book["id"], n, http.patch(f"/books/{book['id']}", json=body)

        return run

    results = in_parallel(*[patch(book, n) for book in books for n in range(RACERS)])
    for book in books:
        answers = [(n, r) for book_id, n, r in results if book_id == book["id"]]
        statuses = sorted(r.status_code for _, r in answers)
        expected = [200] + [409] * (RACERS - 1)
        assert statuses == expected, (
            f"{RACERS} concurrent PATCHes with version 1 of one book: "
            f"expected statuses {expected}, got {statuses}"
        )
        winner = next(n for n, r in answers if r.status_code == 200)
        stored = api.get_book(book["id"])
        want = (f"Writer {winner}", 2)
        assert (stored["title"], stored["version"]) == want, (
            f"after the race: expected the winner's title and version 2 {want}, "
            f"got {(stored['title'], stored['version'])}"
        )


@pytest.mark.criterion("write-conflicts")
def test_racing_patches_then_the_next_version_wins(client, api, in_parallel, warm_clients):
    """Of 8 concurrent PATCHes with version 2, exactly one wins and the book ends at version 3."""
    book = api.book(api.author(), year=1980)
    first = client.patch(f"/books/{book['id']}", json={"version": 1, "year": 1981})
    assert first.status_code == 200, f"PATCH with version 1: expected 200, got {first.status_code}"

    clients = iter(warm_clients(RACERS))

    def patch(year):
        http = next(clients)
        return lambda: http.patch(f"/books/{book['id']}", json={"version": 2, "year": year})

    results = in_parallel(*[patch(1990 + n) for n in range(RACERS)])
    statuses = sorted(r.status_code for r in results)
    expected = [200] + [409] * (RACERS - 1)
    assert statuses == expected, (
        f"{RACERS} concurrent PATCHes with version 2: expected statuses {expected}, got {statuses}"
    )
    winner = next(r.json() for r in results if r.status_code == 200)
    stored = api.get_book(book["id"])
    assert stored["version"] == 3 and stored["year"] == winner["year"], (
        f"after the race: expected version 3 and year {winner['year']}, got {stored}"
    )


@pytest.mark.criterion("write-conflicts")
def test_racing_authors_with_one_name(in_parallel, warm_clients):
    """8 concurrent POST /authors with one new name: exactly one 201, the rest 409, never 500."""
    name = f"Twin {uuid4().hex[:12]}"
    clients = warm_clients(RACERS)
    results = in_parallel(
        *[lambda http=http: http.post("/authors", json={"name": name}) for http in clients]
    )
    statuses = sorted(r.status_code for r in results)
    expected = [201] + [409] * (RACERS - 1)
    assert statuses == expected, (
        f"{RACERS} concurrent POST /authors with one new name: expected statuses {expected}, "
        f"got {statuses}"
    )
    refused = {r.json().get("detail") for r in results if r.status_code == 409}
    assert refused == {"Author already exists"}, (
        f"the refused POST /authors: expected detail 'Author already exists', got {refused}"
    )
