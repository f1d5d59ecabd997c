"""Notes API. Build the dependency chain described in README.md.

Given (keep as is): db.py, the lifespan that creates the Database, and the
GET /debug/sessions diagnostics route. Everything else is yours.
"""

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI, Request

from .db import Database


@asynccontextmanager
async def lifespan(app: FastAPI) -> AsyncIterator[None]:
    app.state.db = Database()
    yield


app = FastAPI(title="Notes", lifespan=lifespan)


@app.get("/debug/sessions")
def debug_sessions(request: Request) -> dict[str, int]:
    """Given diagnostics: sessions opened, closed and still open."""
    return request.app.state.db.stats()


# TODO (README.md, "Settings"): a pydantic-settings `Settings` class with the
#   NOTES_ env prefix and `max_notes_per_user: int = 3`, and a cached
#   `get_settings()` that handlers receive through Depends.

# TODO (README.md, "get_db"): a `yield` dependency that opens one Session per
#   request from request.app.state.db, commits when the handler succeeded,
#   rolls back when it raised, and always closes the session.
#   Alias it: SessionDep = Annotated[Session, Depends(get_db, ...)]

# TODO (README.md, "get_current_user"): read `Authorization: Bearer <token>`,
#   look the user up through the request's session, answer 401 otherwise.
#   Alias it: CurrentUser = Annotated[User, Depends(get_current_user)]

# TODO (README.md, "Endpoints"): GET /me, POST /notes, POST /notes/batch,
#   GET /notes, GET /notes/{note_id}, DELETE /notes/{note_id}.
