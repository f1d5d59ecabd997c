"""Library API: SQLAlchemy 2 on SQLite, one session per request."""

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Annotated

from fastapi import FastAPI, HTTPException, Path, Query, Request, status
from sqlalchemy import func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import joinedload

from .database import Author, Book, Database
from .deps import SessionDep
from .schemas import (
    SQLITE_MAX_INTEGER,
    AuthorIn,
    AuthorOut,
    BookIn,
    BookOut,
    BookPage,
    BookPatch,
    BookQuery,
)


@asynccontextmanager
async def lifespan(app: FastAPI) -> AsyncIterator[None]:
    database = Database()  # a fresh SQLite file under the temp directory
    app.state.db = database
    try:
        yield
    finally:
        database.dispose()


app = FastAPI(title="Library", lifespan=lifespan)
BookId = Annotated[int, Path(le=SQLITE_MAX_INTEGER)]


@app.get("/debug/db")
def debug_db(request: Request) -> dict[str, int]:
    """Given diagnostics: sessions opened, closed and open; SQL statements run."""
    return request.app.state.db.stats()


def not_found(what: str) -> HTTPException:
    return HTTPException(status_code=status.HTTP_404_NOT_FOUND, detail=f"{what} not found")


@app.post("/authors", status_code=status.HTTP_201_CREATED)
def create_author(data: AuthorIn, session: SessionDep) -> AuthorOut:
    author = Author(name=data.name)
    session.add(author)
    try:
        session.commit()
    except IntegrityError:  # the unique name, even when two requests race for it
        raise HTTPException(status.HTTP_409_CONFLICT, "Author already exists") from None
    return AuthorOut.model_validate(author)


@app.post("/books", status_code=status.HTTP_201_CREATED)
def create_book(data: BookIn, session: SessionDep) -> BookOut:
    author = session.get(Author, data.author_id)
    if author is None:
        raise not_found("Author")
    book = Book(title=data.title, year=data.year, author=author)
    session.add(book)
    session.commit()
    return BookOut.model_validate(book)


@app.get("/books")
def list_books(query: Annotated[BookQuery, Query()], session: SessionDep) -> BookPage:
    criteria = []
    if query.author_id is not None:
        criteria.append(Book.author_id == query.author_id)
    if query.title is not None:
        criteria.append(Book.title.icontains(query.title, autoescape=True))
    total = session.scalar(select(func.count()).select_from(Book).where(*criteria))
    books = session.scalars(
        select(Book)
        .where(*criteria)
        .options(joinedload(Book.author))  # one query, not one per author
        .order_by(Book.year.desc(), Book.id.desc())  # a total order: stable pages
        .limit(query.limit)
        .offset(query.offset)
    )
    return BookPage(
        items=[BookOut.model_validate(book) for book in books],
        total=total or 0,
        limit=query.limit,
        offset=query.offset,
    )


@app.get("/books/{book_id}")
def read_book(book_id: BookId, session: SessionDep) -> BookOut:
    book = session.get(Book, book_id, options=[joinedload(Book.author)])
    if book is None:
        raise not_found("Book")
    return BookOut.model_validate(book)


@app.patch("/books/{book_id}")
def update_book(book_id: BookId, patch: BookPatch, session: SessionDep) -> BookOut:
    # The database checks the version and bumps it in one statement, so two
    # requests carrying the same version can never both win.
    book = session.scalars(
        update(Book)
        .where(Book.id == book_id, Book.version == patch.version)
        .values(**patch.changes(), version=Book.version + 1)
        .returning(Book)
    ).one_or_none()
    if book is None:
        if session.get(Book, book_id) is None:
            raise not_found("Book")
        raise HTTPException(status.HTTP_409_CONFLICT, "Version conflict")
    session.commit()
    return BookOut.model_validate(book)
