"""A strong answer to exercise_13 with one flaw (used by the grader's own tests).

Written differently from the reference solution: an explicit
try/except/finally in get_db with FastAPI's default dependency scope,
selectinload for the authors, and a PATCH that reads the book, then writes
with a conditional UPDATE and checks its rowcount. Its flaw: POST /authors
checks for a taken name with a SELECT before inserting and does not catch
IntegrityError, so two requests creating the same name at the same moment
can both pass the check and the loser gets a 500 (write-conflicts: 3 senior
points missed, 80% of the senior points left: verdict senior).
"""

from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager
from typing import Annotated

from fastapi import Depends, FastAPI, HTTPException, Path, Query, Request
from pydantic import BaseModel, ConfigDict, Field, model_validator
from sqlalchemy import func, select, update
from sqlalchemy.orm import Session, selectinload

from .database import Author, Book, Database


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


def get_db(request: Request) -> Iterator[Session]:
    session = request.app.state.db.session()
    try:
        yield session
    except Exception:
        session.rollback()
        raise
    finally:
        session.close()


DB = Annotated[Session, Depends(get_db)]


class AuthorCreate(BaseModel):
    name: str = Field(min_length=1, max_length=100)


INT64_MAX = 2**63 - 1  # SQLite's largest INTEGER
BookId = Annotated[int, Path(le=INT64_MAX)]


class AuthorRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)
    id: int
    name: str


class BookCreate(BaseModel):
    title: str = Field(min_length=1, max_length=200)
    year: int = Field(ge=1000, le=2100)
    author_id: int = Field(le=INT64_MAX)


class BookUpdate(BaseModel):
    version: int = Field(ge=1, le=INT64_MAX)
    title: str | None = Field(None, min_length=1, max_length=200)
    year: int | None = Field(None, ge=1000, le=2100)

    @model_validator(mode="after")
    def not_empty(self) -> "BookUpdate":
        if self.title is None and self.year is None:
            raise ValueError("nothing to update")
        return self


class BookRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)
    id: int
    title: str
    year: int
    version: int
    author: AuthorRead


class BookList(BaseModel):
    items: list[BookRead]
    total: int
    limit: int
    offset: int


def load_book(db: Session, book_id: int) -> Book:
    book = db.scalar(select(Book).where(Book.id == book_id).options(selectinload(Book.author)))
    if book is None:
        raise HTTPException(404, "Book not found")
    return book


@app.post("/authors", status_code=201, response_model=AuthorRead)
def create_author(data: AuthorCreate, db: DB) -> Author:
    if db.scalar(select(Author.id).where(Author.name == data.name)) is not None:
        raise HTTPException(409, "Author already exists")
    author = Author(name=data.name)
    db.add(author)
    db.commit()
    return author


@app.post("/books", status_code=201, response_model=BookRead)
def create_book(data: BookCreate, db: DB) -> Book:
    author = db.get(Author, data.author_id)
    if author is None:
        raise HTTPException(404, "Author not found")
    book = Book(**data.model_dump())
    db.add(book)
    db.commit()
    return load_book(db, book.id)


@app.get("/books", response_model=BookList)
def list_books(
    db: DB,
    author_id: Annotated[int | None, Query(le=INT64_MAX)] = None,
    title: str | None = None,
    limit: Annotated[int, Query(ge=1, le=100)] = 20,
    offset: Annotated[int, Query(ge=0)] = 0,
) -> dict:
    stmt = select(Book)
    if author_id is not None:
        stmt = stmt.where(Book.author_id == author_id)
    if title is not None:
        stmt = stmt.where(Book.title.icontains(title, autoescape=True))
    total = db.scalar(select(func.count()).select_from(stmt.subquery()))
    items = db.scalars(
        stmt.options(selectinload(Book.author))
        .order_by(Book.year.desc(), Book.id.desc())
        .limit(limit)
        .offset(offset)
    ).all()
    return {"items": items, "total": total, "limit": limit, "offset": offset}


@app.get("/books/{book_id}", response_model=BookRead)
def read_book(book_id: BookId, db: DB) -> Book:
    return load_book(db, book_id)


@app.patch("/books/{book_id}", response_model=BookRead)
def update_book(book_id: BookId, data: BookUpdate, db: DB) -> Book:
    book = load_book(db, book_id)
    if book.version != data.version:
        raise HTTPException(409, "Version conflict")
    changes = data.model_dump(exclude={"version"}, exclude_none=True)
    result = db.execute(
        update(Book)
        .where(Book.id == book_id, Book.version == data.version)
        .values(**changes, version=Book.version + 1)
        .execution_options(synchronize_session=False)
    )
    if result.rowcount != 1:
        raise HTTPException(409, "Version conflict")
    db.commit()
    db.expire(book)
    return load_book(db, book_id)
