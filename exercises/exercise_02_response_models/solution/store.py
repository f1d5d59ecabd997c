"""Given infrastructure: an in-memory user store. Do not change this file.

The store keeps users as ``StoredUser`` records, which include the password
hash: never send a ``StoredUser`` to a client as it is. It is thread-safe.
"""

from __future__ import annotations

import hashlib
import itertools
import secrets
import threading
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime

_UPDATABLE = frozenset({"email", "full_name", "birth_date"})


@dataclass(frozen=True)
class StoredUser:
    user_id: int
    username: str
    email: str
    full_name: str | None
    birth_date: date | None
    hashed_password: str
    created_at: datetime  # timezone-aware, UTC


class UsernameTaken(Exception):
    """Another user already has this username."""


def hash_password(password: str) -> str:
    """A salted PBKDF2 hash ("pbkdf2_sha256$<salt>$<hex digest>")."""
    salt = secrets.token_hex(8)
    digest = hashlib.pbkdf2_hmac("sha256", password.encode(), salt.encode(), 1_000)
    return f"pbkdf2_sha256${salt}${digest.hex()}"


class UserStore:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._users: dict[int, StoredUser] = {}
        self._ids = itertools.count(1)

    def add(
        self,
        *,
        username: str,
        email: str,
        password: str,
        full_name: str | None = None,
        birth_date: date | None = None,
    ) -> StoredUser:
        """Store a new user (the password is hashed here); raises UsernameTaken."""
        hashed = hash_password(password)
        with self._lock:
            if any(u.username == username for u in self._users.values()):
                raise UsernameTaken(username)
            user = StoredUser(
                user_id=next(self._ids),
                username=username,
                email=email,
                full_name=full_name,
                birth_date=birth_date,
                hashed_password=hashed,
                created_at=datetime.now(UTC),
            )
            self._users[user.user_id] = user
        return user

    def get(self, user_id: int) -> StoredUser | None:
        with self._lock:
            return self._users.get(user_id)

    def list(self) -> list[StoredUser]:
        """Every user, by user_id ascending."""
        with self._lock:
            return [self._users[i] for i in sorted(self._users)]

    def update(self, user_id: int, **changes: object) -> StoredUser | None:
        """Apply ``changes`` (only email, full_name, birth_date; a None value
        stores None) and return the updated user, or None if there is no such
        user. Raises ValueError for any other key."""
        unknown = set(changes) - _UPDATABLE
        if unknown:
            raise ValueError(f"cannot update {sorted(unknown)}")
        with self._lock:
            user = self._users.get(user_id)
            if user is None:
                return None
            user = replace(user, **changes)  # type: ignore[arg-type]
            self._users[user_id] = user
        return user
