"""Request and response models."""

from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, model_validator

Title = Annotated[str, Field(min_length=1, max_length=200)]
Year = Annotated[int, Field(ge=1000, le=2100)]


class AuthorIn(BaseModel):
    name: Annotated[str, Field(min_length=1, max_length=100)]


class AuthorOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    name: str


class BookIn(BaseModel):
    title: Title
    year: Year
    author_id: int


class BookPatch(BaseModel):
    version: Annotated[int, Field(ge=1)]
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

    author_id: int | None = None
    title: str | None = None
    limit: int = Field(20, ge=1, le=100)
    offset: int = Field(0, ge=0)


class BookPage(BaseModel):
    items: list[BookOut]
    total: int
    limit: int
    offset: int
