"""A plausible junior answer to exercise_05 (used by the grader's own tests).

Follows the tutorial: BackgroundTasks in the handler and in an audit
dependency, 202, 409, 404, validation. Its flaws: the welcome task is an
`async def` that calls the blocking mailer, so every mail holds the event
loop for 1.5 s (mails go out one at a time and all other requests wait);
a bouncing address raises out of the task, so its status stays "queued"
forever; and welcome_email is a plain str in the schema.
"""

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import BackgroundTasks, Depends, FastAPI, HTTPException, Request
from pydantic import BaseModel, Field, field_validator

from .audit import AuditEntry, AuditLog
from .mailer import Mail, Mailer


@asynccontextmanager
async def lifespan(app: FastAPI) -> AsyncIterator[None]:
    app.state.mailer = Mailer()
    app.state.audit = AuditLog()
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


signups = {}


class SignupIn(BaseModel):
    email: str = Field(max_length=254, pattern=r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
    name: str = Field(max_length=50)

    @field_validator("email")
    @classmethod
    def lower(cls, v):
        return v.lower()

    @field_validator("name")
    @classmethod
    def not_blank(cls, v):
        v = v.strip()
        if not v:
            raise ValueError("name must not be empty")
        return v


class SignupOut(BaseModel):
    email: str
    name: str
    welcome_email: str


def audit(request: Request, background_tasks: BackgroundTasks):
    background_tasks.add_task(
        request.app.state.audit.write,
        request.headers.get("X-Request-ID"),
        request.method,
        request.url.path,
    )


async def send_welcome_email(mailer: Mailer, email: str, name: str):
    mailer.send_welcome(email, name)
    signups[email]["welcome_email"] = "sent"


@app.post("/signup", status_code=202, response_model=SignupOut, dependencies=[Depends(audit)])
async def signup(data: SignupIn, request: Request, background_tasks: BackgroundTasks):
    if data.email in signups:
        raise HTTPException(status_code=409, detail="Email already registered")
    signups[data.email] = {"email": data.email, "name": data.name, "welcome_email": "queued"}
    background_tasks.add_task(send_welcome_email, request.app.state.mailer, data.email, data.name)
    return signups[data.email]


@app.get("/signups/{email}", response_model=SignupOut)
async def get_signup(email: str):
    email = email.lower()
    if email not in signups:
        raise HTTPException(status_code=404, detail="Signup not found")
    return signups[email]


@app.delete("/signups/{email}", status_code=204, dependencies=[Depends(audit)])
async def delete_signup(email: str):
    email = email.lower()
    if email not in signups:
        raise HTTPException(status_code=404, detail="Signup not found")
    del signups[email]
