"""Signup service: answer at once, welcome the user in the background."""

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Annotated

from fastapi import BackgroundTasks, FastAPI, HTTPException, Request, status
from pydantic import BaseModel, ConfigDict, Field, StringConstraints, field_validator

from .audit import AuditEntry, AuditLog
from .deps import Audited, MailerDep, SignupsDep
from .mailer import Mail, Mailer
from .signups import Signup, SignupStore, WelcomeStatus, send_welcome


@asynccontextmanager
async def lifespan(app: FastAPI) -> AsyncIterator[None]:
    app.state.mailer = Mailer()
    app.state.audit = AuditLog()
    app.state.signups = SignupStore()
    yield


app = FastAPI(title="Signups", lifespan=lifespan)


@app.get("/outbox")
def read_outbox(request: Request) -> list[Mail]:
    """Given diagnostics: every welcome mail delivered so far, oldest first."""
    return request.app.state.mailer.outbox()


@app.get("/audit")
def read_audit(request: Request) -> list[AuditEntry]:
    """Given diagnostics: every audit entry written so far, oldest first."""
    return request.app.state.audit.entries()


EMAIL_PATTERN = r"^[^@\s]+@[^@\s]+\.[^@\s]+$"


class SignupIn(BaseModel):
    email: Annotated[str, Field(max_length=254, pattern=EMAIL_PATTERN)]
    name: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=50)]

    @field_validator("email")
    @classmethod
    def lower_case(cls, email: str) -> str:
        return email.lower()


class SignupOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    email: str
    name: str
    welcome_email: WelcomeStatus


NOT_FOUND = "Signup not found"


def existing(signups: SignupStore, email: str) -> Signup:
    signup = signups.get(email.lower())
    if signup is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, NOT_FOUND)
    return signup


@app.post("/signup", status_code=status.HTTP_202_ACCEPTED, dependencies=[Audited])
async def create_signup(
    body: SignupIn, background_tasks: BackgroundTasks, signups: SignupsDep, mailer: MailerDep
) -> SignupOut:
    """Store the signup and answer at once; the welcome mail goes out after the response."""
    signup = signups.add(body.email, body.name)
    if signup is None:
        # Raising discards this request's background tasks: no mail, no audit entry.
        raise HTTPException(status.HTTP_409_CONFLICT, "Email already registered")
    background_tasks.add_task(send_welcome, mailer, signup)
    return SignupOut.model_validate(signup)


@app.get("/signups/{email}")
async def read_signup(email: str, signups: SignupsDep) -> SignupOut:
    return SignupOut.model_validate(existing(signups, email))


@app.delete("/signups/{email}", status_code=status.HTTP_204_NO_CONTENT, dependencies=[Audited])
async def delete_signup(email: str, signups: SignupsDep) -> None:
    signups.delete(existing(signups, email).email)
