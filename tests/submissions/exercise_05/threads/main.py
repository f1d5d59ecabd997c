"""Another senior answer to exercise_05 (used by the grader's own tests), written
differently from the reference: the welcome task is an `async def` that hands
the blocking mailer to the threadpool, the signups are plain dicts on
app.state, the statuses are an Enum, and the audit dependency is attached
to a router of write routes. It must land on "senior" too.
"""

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from enum import Enum
from typing import Annotated

from fastapi import APIRouter, BackgroundTasks, Depends, FastAPI, HTTPException, Request
from fastapi.concurrency import run_in_threadpool
from pydantic import BaseModel, Field, StringConstraints, field_validator

from .audit import AuditEntry, AuditLog
from .mailer import Mail, Mailer, MailBounced

log = logging.getLogger("signups")


@asynccontextmanager
async def lifespan(app: FastAPI) -> AsyncIterator[None]:
    app.state.mailer = Mailer()
    app.state.audit = AuditLog()
    app.state.signups = {}
    yield


app = FastAPI(title="Signups", lifespan=lifespan)


@app.get("/outbox")
def read_outbox(request: Request) -> list[Mail]:
    return request.app.state.mailer.outbox()


@app.get("/audit")
def read_audit(request: Request) -> list[AuditEntry]:
    return request.app.state.audit.entries()


class Welcome(str, Enum):
    queued = "queued"
    sent = "sent"
    failed = "failed"


class SignupIn(BaseModel):
    email: Annotated[str, Field(max_length=254, pattern=r"^[^@\s]+@[^@\s]+\.[^@\s]+$")]
    name: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=50)]

    @field_validator("email")
    @classmethod
    def lower(cls, value: str) -> str:
        return value.lower()


class SignupOut(BaseModel):
    email: str
    name: str
    welcome_email: Welcome = Welcome.queued


def signups(request: Request) -> dict[str, SignupOut]:
    return request.app.state.signups


Signups = Annotated[dict[str, SignupOut], Depends(signups)]


def audit(request: Request, tasks: BackgroundTasks) -> None:
    tasks.add_task(
        request.app.state.audit.write,
        request.headers.get("x-request-id"),
        request.method,
        request.url.path,
    )


async def welcome(mailer: Mailer, signup: SignupOut) -> None:
    try:
        await run_in_threadpool(mailer.send_welcome, signup.email, signup.name)
    except MailBounced as exc:
        log.warning("bounced: %s", exc)
        signup.welcome_email = Welcome.failed
    else:
        signup.welcome_email = Welcome.sent


writes = APIRouter(dependencies=[Depends(audit)])


@writes.post("/signup", status_code=202)
def create(body: SignupIn, tasks: BackgroundTasks, request: Request, store: Signups) -> SignupOut:
    if body.email in store:
        raise HTTPException(409, "Email already registered")
    signup = store[body.email] = SignupOut(email=body.email, name=body.name)
    tasks.add_task(welcome, request.app.state.mailer, signup)
    return signup.model_copy()


@writes.delete("/signups/{email}", status_code=204)
def delete(email: str, store: Signups) -> None:
    if store.pop(email.lower(), None) is None:
        raise HTTPException(404, "Signup not found")


@app.get("/signups/{email}")
def read(email: str, store: Signups) -> SignupOut:
    signup = store.get(email.lower())
    if signup is None:
        raise HTTPException(404, "Signup not found")
    return signup


app.include_router(writes)
