"""Given infrastructure: the SQLite database, its ORM models and honest
diagnostics. Do not change this file.

``Database`` owns one SQLite file in a fresh temporary directory (the only
writable place in the grader's sandbox is ``/tmp``), the SQLAlchemy engine on
it, and three counters that ``GET /debug/db`` reports:

- sessions opened by ``Database.session()`` and sessions closed since;
- SQL statements executed on the engine (every ``cursor.execute``).

Like a database server across a network, every SQL statement costs a round
trip: the engine waits ``ROUND_TRIP_SECONDS`` (5 ms) before each one. One
query per row adds up.

The engine is ready for a threaded web app: ``check_same_thread=False`` (a
session may be used by several threadpool threads one after the other), a
connection pool of 40, WAL journaling (readers never block the writer) and a
15 s busy timeout (a writer waits for the lock instead of failing with
"database is locked"). A session that is never closed keeps its pooled
connection until Python's garbage collector finds it: when the pool runs
low, ``session()`` runs the collector first, so leaked sessions slow the
app down without stalling it (they still count as open sessions).
"""

from __future__ import annotations

import gc
import shutil
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

from sqlalchemy import ForeignKey, String, create_engine, event
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column, relationship

ROUND_TRIP_SECONDS = 0.005  # simulated network latency before every SQL statement
POOL_SIZE, MAX_OVERFLOW = 20, 20
RECLAIM_AT = POOL_SIZE + MAX_OVERFLOW - 8  # checked-out connections: collect leaked sessions


class Base(DeclarativeBase):
    pass


class Author(Base):
    __tablename__ = "authors"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100), unique=True)

    books: Mapped[list[Book]] = relationship(back_populates="author")


class Book(Base):
    __tablename__ = "books"

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(200))
    year: Mapped[int]
    author_id: Mapped[int] = mapped_column(ForeignKey("authors.id"), index=True)
    # Optimistic concurrency: 1 on creation, +1 on every successful update.
    version: Mapped[int] = mapped_column(default=1)

    # Lazy by default: reading book.author on a loaded book runs one SELECT.
    author: Mapped[Author] = relationship(back_populates="books")


class TrackedSession(Session):
    """A Session counted as open from its creation until its first close()."""

    def __init__(self, database: Database, **kwargs: Any) -> None:
        kwargs.setdefault("expire_on_commit", False)
        super().__init__(bind=database.engine, **kwargs)
        self._database = database
        self._counted_open = True
        database._session_opened()

    def close(self) -> None:
        try:
            super().close()
        finally:
            if self._counted_open:
                self._counted_open = False
                self._database._session_closed()


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()


class Database:
    """The library database: engine, schema, session factory and counters."""

    def __init__(self, directory: str | None = None) -> None:
        self.directory = Path(directory or tempfile.mkdtemp(prefix="prep-ex13-"))
        self.url = f"sqlite:///{self.directory / 'library.db'}"
        self.engine = create_engine(
            self.url,
            connect_args={"check_same_thread": False, "timeout": 15},
            pool_size=POOL_SIZE,
            max_overflow=MAX_OVERFLOW,
            pool_timeout=10,
        )
        self._lock = threading.Lock()
        self._opened = 0
        self._closed = 0
        self._queries = 0
        event.listen(self.engine, "connect", _sqlite_pragmas)
        Base.metadata.create_all(self.engine)
        event.listen(self.engine, "before_cursor_execute", self._count_query)

    def session(self) -> Session:
        """A new Session on this database (expire_on_commit=False), counted as
        open until you call its close() (or leave its ``with`` block)."""
        if self.engine.pool.checkedout() >= RECLAIM_AT:
            gc.collect()  # hands back the connections of sessions nobody closed
        return TrackedSession(self)

    def stats(self) -> dict[str, int]:
        """Sessions opened, closed and still open; SQL statements executed."""
        with self._lock:
            return {
                "opened": self._opened,
                "closed": self._closed,
                "open_sessions": self._opened - self._closed,
                "queries": self._queries,
            }

    def dispose(self) -> None:
        """Close the pooled connections and delete the database file."""
        self.engine.dispose()
        shutil.rmtree(self.directory, ignore_errors=True)

    # --- counters ------------------------------------------------------------

    def _session_opened(self) -> None:
        with self._lock:
            self._opened += 1

    def _session_closed(self) -> None:
        with self._lock:
            self._closed += 1

    def _count_query(self, *_args: Any) -> None:
        with self._lock:
            self._queries += 1
        time.sleep(ROUND_TRIP_SECONDS)
