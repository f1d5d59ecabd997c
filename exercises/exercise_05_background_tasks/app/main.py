"""Signup service. Build what README.md describes.

Given (keep as is): mailer.py, audit.py, the lifespan that creates the Mailer
and the AuditLog, and the GET /outbox and GET /audit diagnostics routes.
Everything else is yours.
"""

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI, HTTPException, Request, status

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


# TODO (README.md, "POST /signup"): validate the body, store the signup in
#   memory, answer 202 at once, and send the welcome mail *after* the response
#   with BackgroundTasks. Record "sent" or "failed" on the signup.
@app.post("/signup")
def signup() -> None:
    raise HTTPException(status.HTTP_501_NOT_IMPLEMENTED, "Not implemented yet")


# TODO (README.md, "The audit dependency"): a dependency that adds a
#   background task writing one AuditLog entry; attach it to POST /signup and
#   DELETE /signups/{email}.

# TODO (README.md, "Endpoints"): GET /signups/{email}, DELETE /signups/{email}.
