"""Given infrastructure: an in-memory notes database. Do not change this file.

``Database`` holds the committed data and is thread-safe. ``Database.session()``
opens a ``Session`` that stages writes; they become visible to other sessions
only on ``commit()``. ``rollback()`` discards staged writes; ``close()`` ends the
session (staged writes that were not committed are discarded).
"""

from __future__ import annotations

import itertools
import threading
from dataclasses import dataclass


@dataclass(frozen=True)
class User:
    username: str
    display_name: str


@dataclass(frozen=True)
class Note:
    id: int
    owner: str
    title: str
    body: str


class DuplicateTitle(Exception):
    """The owner already has a note with this title."""


class SessionClosed(RuntimeError):
    """The session was used after ``close()``."""


def seeded_users() -> dict[str, User]:
    """Bearer token -> user: alice, bob and user-00 .. user-49."""
    users = {
        "token-alice": User("alice", "Alice Liddell"),
        "token-bob": User("bob", "Bob Builder"),
    }
    for n in range(50):
        users[f"token-user-{n:02d}"] = User(f"user-{n:02d}", f"Test User {n:02d}")
    return users


class Database:
    def __init__(self) -> None:
        self.lock = threading.RLock()
        self.users = seeded_users()
        self.notes: dict[int, Note] = {}
        self.ids = itertools.count(1)
        self.opened = 0
        self.closed = 0

    def session(self) -> Session:
        with self.lock:
            self.opened += 1
        return Session(self)

    def stats(self) -> dict[str, int]:
        with self.lock:
            return {"opened": self.opened, "closed": self.closed, "open": self.opened - self.closed}


class Session:
    def __init__(self, db: Database) -> None:
        self._db = db
        self._added: dict[int, Note] = {}
        self._deleted: set[int] = set()
        self._closed = False

    def _check_open(self) -> None:
        if self._closed:
            raise SessionClosed("this session is closed")

    def user_for_token(self, token: str) -> User | None:
        self._check_open()
        return self._db.users.get(token)

    def list_notes(self, owner: str) -> list[Note]:
        """The owner's notes as this session sees them, oldest first."""
        self._check_open()
        with self._db.lock:
            notes = {**self._db.notes, **self._added}
        return [n for i, n in sorted(notes.items()) if n.owner == owner and i not in self._deleted]

    def get_note(self, note_id: int) -> Note | None:
        self._check_open()
        with self._db.lock:
            note = self._added.get(note_id) or self._db.notes.get(note_id)
        return None if note_id in self._deleted else note

    def add_note(self, owner: str, title: str, body: str) -> Note:
        """Stage a new note; raises DuplicateTitle if the owner has that title."""
        if any(n.title == title for n in self.list_notes(owner)):
            raise DuplicateTitle(title)
        note = Note(next(self._db.ids), owner, title, body)
        self._added[note.id] = note
        return note

    def delete_note(self, note_id: int) -> None:
        """Stage the deletion of a note (no error if it does not exist)."""
        self._check_open()
        if self._added.pop(note_id, None) is None:
            self._deleted.add(note_id)

    def commit(self) -> None:
        """Apply staged writes atomically; raises DuplicateTitle (applying
        nothing) if another session committed one of the titles meanwhile."""
        self._check_open()
        with self._db.lock:
            notes = {i: n for i, n in self._db.notes.items() if i not in self._deleted}
            for note in self._added.values():
                if any(n.owner == note.owner and n.title == note.title for n in notes.values()):
                    raise DuplicateTitle(note.title)
                notes[note.id] = note
            self._db.notes = notes
        self.rollback()

    def rollback(self) -> None:
        """Discard staged writes."""
        self._check_open()
        self._added.clear()
        self._deleted.clear()

    def close(self) -> None:
        """End the session; staged writes not committed are discarded.
        Closing twice is harmless."""
        if not self._closed:
            self._added.clear()
            self._deleted.clear()
            self._closed = True
            with self._db.lock:
                self._db.closed += 1
