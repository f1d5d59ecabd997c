"""Request and response models."""

from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, model_validator

SQLITE_MAX_INTEGER = 2**63 - 1  # a larger Python int cannot even be bound to a query

Title = Annotated[str, Field(min_length=1, max_length=200)]
Year = Annotated[int, Field(ge=1000, le=2100)]
RowId = Annotated[int, Field(le=SQLITE_MAX_INTEGER)]


class AuthorIn(BaseModel):
    name: Annotated[str, Field(min_length=1, max_length=100)]


class AuthorOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    name: str


class BookIn(BaseModel):
    title: Title
    year: Year
    author_id: RowId


class BookPatch(BaseModel):
    version: Annotated[int, Field(ge=1, le=SQLITE_MAX_INTEGER)]
    title: Title | None = None
    year: Year | None = None

    @model_validator(mode="after")
    def changes_something(self) -> "BookPatch":
        if self.title is None and self.year is None:
            raise ValueError("give a new title or year (or both)")
        return self

    def changes(self) -> dict[str, Any]:
        return self.model_dump(exclude={"version"}, exclude_none=True)


class BookOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    title: str
    year: int
    version: int
    author: AuthorOut


class BookQuery(BaseModel):
    """GET /books query parameters."""

    author_id: RowId | None = None
    title: str | None = None
    limit: int = Field(20, ge=1, le=100)
    offset: int = Field(0, ge=0)


class BookPage(BaseModel):
    items: list[BookOut]
    total: int
    limit: int
    offset: int
