"""Dependencies: the services on app.state, and the audit trail."""

from typing import Annotated

from fastapi import BackgroundTasks, Depends, Request

from .audit import AuditLog
from .mailer import Mailer
from .signups import SignupStore


def get_mailer(request: Request) -> Mailer:
    return request.app.state.mailer


def get_audit_log(request: Request) -> AuditLog:
    return request.app.state.audit


def get_signups(request: Request) -> SignupStore:
    return request.app.state.signups


MailerDep = Annotated[Mailer, Depends(get_mailer)]
AuditLogDep = Annotated[AuditLog, Depends(get_audit_log)]
SignupsDep = Annotated[SignupStore, Depends(get_signups)]


def audit_write(request: Request, background_tasks: BackgroundTasks, audit: AuditLogDep) -> None:
    """Record the request in the audit log once the response is sent.

    FastAPI gives the dependency and the handler the same BackgroundTasks, and
    attaches it to the response it builds: the entry is written (in the
    threadpool) before the handler's own tasks.
    """
    request_id = request.headers.get("x-request-id")
    background_tasks.add_task(audit.write, request_id, request.method, request.url.path)


Audited = Depends(audit_write)
