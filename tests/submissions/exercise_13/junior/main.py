"""A plausible junior answer to exercise_13 (used by the grader's own tests).

Follows the contract on the happy paths: authors, books, the filtered and
paginated list, PATCH with a version check, one session per request. Its
flaws: get_db has no try/finally, so a request that fails (404, 409, 422)
never closes its session; the list lazy-loads each book's author (N+1
queries); the list is ordered by year only, so books of the same year come
back in an unspecified order and offset pages can overlap; and the version
is checked in Python before writing, so two concurrent PATCHes with the same
version can both win.
"""

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Optional

from fastapi import Depends, FastAPI, HTTPException, Query, Request
from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy import func, select
from sqlalchemy.orm import Session

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


def get_db(request: Request):
    db = request.app.state.db.session()
    yield db
    db.close()


class AuthorCreate(BaseModel):
    name: str = Field(min_length=1, max_length=100)


class AuthorRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    name: str


class BookCreate(BaseModel):
    title: str = Field(min_length=1, max_length=200)
    year: int = Field(ge=1000, le=2100)
    author_id: int


class BookUpdate(BaseModel):
    version: int = Field(ge=1)
    title: Optional[str] = Field(None, min_length=1, max_length=200)
    year: Optional[int] = Field(None, ge=1000, le=2100)


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


@app.post("/authors", status_code=201, response_model=AuthorRead)
def create_author(author: AuthorCreate, db: Session = Depends(get_db)):
    existing = db.scalars(select(Author).where(Author.name == author.name)).first()
    if existing:
        raise HTTPException(status_code=409, detail="Author already exists")
    db_author = Author(name=author.name)
    db.add(db_author)
    db.commit()
    db.refresh(db_author)
    return db_author


@app.post("/books", status_code=201, response_model=BookRead)
def create_book(book: BookCreate, db: Session = Depends(get_db)):
    author = db.get(Author, book.author_id)
    if not author:
        raise HTTPException(status_code=404, detail="Author not found")
    db_book = Book(title=book.title, year=book.year, author_id=book.author_id)
    db.add(db_book)
    db.commit()
    db.refresh(db_book)
    return db_book


@app.get("/books", response_model=BookList)
def list_books(
    author_id: Optional[int] = None,
    title: Optional[str] = None,
    limit: int = Query(20, ge=1, le=100),
    offset: int = Query(0, ge=0),
    db: Session = Depends(get_db),
):
    query = select(Book)
    if author_id is not None:
        query = query.where(Book.author_id == author_id)
    if title:
        query = query.where(Book.title.ilike(f"%{title}%"))
    total = db.scalar(select(func.count()).select_from(query.subquery()))
    books = db.scalars(query.order_by(Book.year.desc()).offset(offset).limit(limit)).all()
    return {"items": books, "total": total, "limit": limit, "offset": offset}


@app.get("/books/{book_id}", response_model=BookRead)
def get_book(book_id: int, db: Session = Depends(get_db)):
    book = db.get(Book, book_id)
    if not book:
        raise HTTPException(status_code=404, detail="Book not found")
    return book


@app.patch("/books/{book_id}", response_model=BookRead)
def update_book(book_id: int, data: BookUpdate, db: Session = Depends(get_db)):
    if data.title is None and data.year is None:
        raise HTTPException(status_code=422, detail="Nothing to update")
    book = db.get(Book, book_id)
    if not book:
        raise HTTPException(status_code=404, detail="Book not found")
    if book.version != data.version:
        raise HTTPException(status_code=409, detail="Version conflict")
    if data.title is not None:
        book.title = data.title
    if data.year is not None:
        book.year = data.year
    book.version += 1
    db.commit()
    db.refresh(book)
    return book
