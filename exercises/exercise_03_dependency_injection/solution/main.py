"""Notes API: every handler gets its session and user through dependencies."""

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI, HTTPException, Request, status
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ConfigDict, Field

from .db import Database, DuplicateTitle, Session, User
from .deps import CurrentUser, SessionDep, SettingsDep


@asynccontextmanager
async def lifespan(app: FastAPI) -> AsyncIterator[None]:
    app.state.db = Database()
    yield


app = FastAPI(title="Notes", lifespan=lifespan)


@app.get("/debug/sessions")
def debug_sessions(request: Request) -> dict[str, int]:
    """Given diagnostics: sessions opened, closed and still open."""
    return request.app.state.db.stats()


class UserOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    username: str
    display_name: str


class NoteIn(BaseModel):
    title: str = Field(min_length=1, max_length=100)
    body: str


class NoteOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    owner: str
    title: str
    body: str


NOT_FOUND = "Note not found"


@app.exception_handler(DuplicateTitle)
def duplicate_title(request: Request, exc: DuplicateTitle) -> JSONResponse:
    # Raised by the session while the handler stages, or by get_db's commit;
    # get_db has rolled back by the time this runs.
    return JSONResponse(
        status_code=status.HTTP_409_CONFLICT,
        content={"detail": f"You already have a note titled {str(exc)!r}"},
    )


def check_limit(session: Session, user: User, adding: int, limit: int) -> None:
    if len(session.list_notes(user.username)) + adding > limit:
        raise HTTPException(
            status_code=status.HTTP_409_CONFLICT,
            detail=f"Note limit reached ({limit} per user)",
        )


@app.get("/me")
def read_me(user: CurrentUser) -> UserOut:
    return UserOut.model_validate(user)


@app.post("/notes", status_code=status.HTTP_201_CREATED)
def create_note(
    note: NoteIn, user: CurrentUser, session: SessionDep, settings: SettingsDep
) -> NoteOut:
    check_limit(session, user, 1, settings.max_notes_per_user)
    created = session.add_note(user.username, note.title, note.body)
    return NoteOut.model_validate(created)


@app.post("/notes/batch", status_code=status.HTTP_201_CREATED)
def create_notes(
    notes: list[NoteIn], user: CurrentUser, session: SessionDep, settings: SettingsDep
) -> list[NoteOut]:
    """All or nothing: any failure propagates and get_db rolls the batch back."""
    check_limit(session, user, len(notes), settings.max_notes_per_user)
    return [NoteOut.model_validate(session.add_note(user.username, n.title, n.body)) for n in notes]


@app.get("/notes")
def list_notes(user: CurrentUser, session: SessionDep) -> list[NoteOut]:
    return [NoteOut.model_validate(n) for n in session.list_notes(user.username)]


def owned_note(session: Session, user: User, note_id: int) -> NoteOut:
    note = session.get_note(note_id)
    if note is None or note.owner != user.username:  # same 404: don't leak existence
        raise HTTPException(status_code=status.HTTP_404_NOT_FOUND, detail=NOT_FOUND)
    return NoteOut.model_validate(note)


@app.get("/notes/{note_id}")
def read_note(note_id: int, user: CurrentUser, session: SessionDep) -> NoteOut:
    return owned_note(session, user, note_id)


@app.delete("/notes/{note_id}", status_code=status.HTTP_204_NO_CONTENT)
def delete_note(note_id: int, user: CurrentUser, session: SessionDep) -> None:
    owned_note(session, user, note_id)
    session.delete_note(note_id)
