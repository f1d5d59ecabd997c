"""Request and response models: snake_case in, camelCase out, secrets never out."""

from datetime import date, datetime
from typing import Annotated, Self

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    computed_field,
    field_validator,
    model_validator,
)
from pydantic.alias_generators import to_camel


def not_in_future(birth_date: date) -> date:
    if birth_date > date.today():
        raise ValueError("birth_date must not be in the future")
    return birth_date


# Field types shared by UserCreate and UserUpdate: the rules live in one place.
Username = Annotated[str, Field(min_length=3, max_length=20, pattern=r"^[a-z0-9_]+$")]
Email = Annotated[
    str,
    Field(max_length=254, pattern=r"^[^@\s]+@[^@\s]+\.[^@\s]+$"),
    AfterValidator(str.lower),
]
Password = Annotated[str, Field(min_length=8, max_length=64)]
FullName = Annotated[str, Field(min_length=1, max_length=100)]
BirthDate = Annotated[date, AfterValidator(not_in_future)]


class UserCreate(BaseModel):
    """POST /users: snake_case input; unknown fields are refused."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "username": "ada_l",
                    "email": "ada+news@example.com",
                    "password": "analytical1843",
                    "password_confirm": "analytical1843",
                    "full_name": "Ada Lovelace",
                    "birth_date": "1815-12-10",
                }
            ]
        },
    )

    username: Username
    email: Email
    password: Password
    password_confirm: str
    full_name: FullName | None = None
    birth_date: BirthDate | None = None

    @field_validator("password")
    @classmethod
    def letter_and_digit(cls, password: str) -> str:
        if not any(c.isalpha() for c in password) or not any(c.isdigit() for c in password):
            raise ValueError("password must contain a letter and a digit")
        return password

    @model_validator(mode="after")
    def passwords_agree(self) -> Self:
        if self.password != self.password_confirm:
            raise ValueError("passwords do not match")
        if self.username.lower() in self.password.lower():
            raise ValueError("password must not contain the username")
        return self


class UserUpdate(BaseModel):
    """PATCH /users/{user_id}: only the fields sent are changed (model_fields_set)."""

    model_config = ConfigDict(extra="forbid")

    email: Email | None = None
    full_name: FullName | None = None
    birth_date: BirthDate | None = None

    @field_validator("email")
    @classmethod
    def email_not_null(cls, email: str | None) -> str:
        # Runs only when the client sent "email" (defaults are not validated).
        if email is None:
            raise ValueError("email cannot be null")
        return email


class UserOut(BaseModel):
    """What clients see: camelCase keys, two computed fields, no password hash."""

    model_config = ConfigDict(alias_generator=to_camel, validate_by_name=True, from_attributes=True)

    user_id: int
    username: str
    email: str
    full_name: str | None
    birth_date: date | None
    created_at: datetime

    @computed_field  # type: ignore[prop-decorator]
    @property
    def display_name(self) -> str:
        return self.full_name if self.full_name is not None else self.username

    @computed_field  # type: ignore[prop-decorator]
    @property
    def age(self) -> int | None:
        if self.birth_date is None:
            return None
        today = date.today()
        before_birthday = (today.month, today.day) < (self.birth_date.month, self.birth_date.day)
        return today.year - self.birth_date.year - before_birthday
