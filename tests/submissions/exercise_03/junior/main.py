"""A plausible junior answer to exercise_03 (used by the grader's own tests).

Works for the happy paths: auth, /me, CRUD and owner isolation, and get_db
closes its session in `finally`. Its flaws: handlers commit after every
write (no commit-on-success / rollback-on-error in get_db, so a failing batch
leaves partial writes), DuplicateTitle is never mapped (500), settings are a
module-level instance, and get_current_user opens a second session of its own.
"""

from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager
from typing import Annotated

from fastapi import Depends, FastAPI, Header, HTTPException, Request
from pydantic import BaseModel
from pydantic_settings import BaseSettings

from .db import Database, Session, User


@asynccontextmanager
async def lifespan(app: FastAPI) -> AsyncIterator[None]:
    app.state.db = Database()
    yield


app = FastAPI(title="Notes", lifespan=lifespan)


@app.get("/debug/sessions")
def debug_sessions(request: Request) -> dict[str, int]:
    """Given diagnostics: sessions opened, closed and still open."""
    return request.app.state.db.stats()


class Settings(BaseSettings):
    max_notes_per_user: int = 3


settings = Settings()


def get_db(request: Request) -> Iterator[Session]:
    session = request.app.state.db.session()
    try:
        yield session
    finally:
        session.close()


def get_current_user(
    request: Request, authorization: Annotated[str | None, Header()] = None
) -> User:
    session = request.app.state.db.session()
    try:
        user = None
        if authorization and authorization.startswith("Bearer "):
            user = session.user_for_token(authorization.removeprefix("Bearer "))
    finally:
        session.close()
    if user is None:
        raise HTTPException(401, "Not authenticated", headers={"WWW-Authenticate": "Bearer"})
    return user


UserDep = Annotated[User, Depends(get_current_user)]
DbDep = Annotated[Session, Depends(get_db)]


class NoteIn(BaseModel):
    title: str
    body: str


class NoteOut(BaseModel):
    id: int
    owner: str
    title: str
    body: str


def to_out(note) -> NoteOut:
    return NoteOut(id=note.id, owner=note.owner, title=note.title, body=note.body)


@app.get("/me")
def me(user: UserDep):
    return {"username": user.username, "display_name": user.display_name}


@app.post("/notes", status_code=201)
def create_note(
    note: NoteIn,
    user: UserDep,
    session: DbDep,
) -> NoteOut:
    if not 1 <= len(note.title) <= 100:
        raise HTTPException(422, "title must have 1 to 100 characters")
    if len(session.list_notes(user.username)) >= settings.max_notes_per_user:
        raise HTTPException(409, "Too many notes")
    created = session.add_note(user.username, note.title, note.body)
    session.commit()
    return to_out(created)


@app.post("/notes/batch", status_code=201)
def create_notes(
    notes: list[NoteIn],
    user: UserDep,
    session: DbDep,
) -> list[NoteOut]:
    if len(session.list_notes(user.username)) + len(notes) > settings.max_notes_per_user:
        raise HTTPException(409, "Too many notes")
    result = []
    for note in notes:
        created = session.add_note(user.username, note.title, note.body)
        session.commit()
        result.append(to_out(created))
    return result


@app.get("/notes")
def list_notes(user: UserDep, session: DbDep) -> list[NoteOut]:
    return [to_out(n) for n in session.list_notes(user.username)]


@app.get("/notes/{note_id}")
def get_note(note_id: int, user: UserDep, session: DbDep) -> NoteOut:
    note = session.get_note(note_id)
    if note is None or note.owner != user.username:
        raise HTTPException(404, "Note not found")
    return to_out(note)


@app.delete("/notes/{note_id}", status_code=204)
def delete_note(
    note_id: int,
    user: UserDep,
    session: DbDep,
) -> None:
    note = session.get_note(note_id)
    if note is None or note.owner != user.username:
        raise HTTPException(404, "Note not found")
    session.delete_note(note_id)
    session.commit()
