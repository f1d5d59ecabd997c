"""Library API. Build what README.md describes.

Given (keep as is): database.py, the lifespan that creates the Database, and
the GET /debug/db diagnostics route. Everything else is yours.
"""

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI, Request

from .database import Database


@asynccontextmanager
async def lifespan(app: FastAPI) -> AsyncIterator[None]:
    database = Database()  # a fresh SQLite file under the temp directory
    app.state.db = database
    try:
        yield
    finally:
        database.dispose()


app = FastAPI(title="Library", lifespan=lifespan)


@app.get("/debug/db")
def debug_db(request: Request) -> dict[str, int]:
    """Given diagnostics: sessions opened, closed and open; SQL statements run."""
    return request.app.state.db.stats()


# TODO (README.md, "The session dependency"): a `yield` dependency that opens
#   one session per request with request.app.state.db.session(), rolls back
#   when the request fails and always closes the session.
#   Alias it: SessionDep = Annotated[Session, Depends(get_db)]

# TODO (README.md, "Endpoints"): POST /authors, POST /books, GET /books,
#   GET /books/{book_id}, PATCH /books/{book_id}.
