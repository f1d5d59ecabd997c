"""The signups kept in memory, and the background task that welcomes them."""

import logging
import threading
from dataclasses import dataclass
from typing import Literal

from .mailer import Mailer

logger = logging.getLogger(__name__)

WelcomeStatus = Literal["queued", "sent", "failed"]


@dataclass
class Signup:
    email: str
    name: str
    welcome_email: WelcomeStatus = "queued"


class SignupStore:
    """Thread-safe, in memory; emails are stored lower-cased."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._signups: dict[str, Signup] = {}

    def add(self, email: str, name: str) -> Signup | None:
        """The new signup, or None if the email is already registered."""
        with self._lock:
            if email in self._signups:
                return None
            signup = self._signups[email] = Signup(email, name)
            return signup

    def get(self, email: str) -> Signup | None:
        with self._lock:
            return self._signups.get(email)

    def delete(self, email: str) -> bool:
        with self._lock:
            return self._signups.pop(email, None) is not None


def send_welcome(mailer: Mailer, signup: Signup) -> None:
    """Background task, run after the response was sent.

    A plain def: Starlette runs it on the threadpool, so the blocking relay
    call never holds the event loop. Nothing may escape it: an exception here
    would be logged as "Exception in ASGI application", uvicorn would drop the
    client's connection, and the signup would stay "queued" forever.
    """
    try:
        mailer.send_welcome(signup.email, signup.name)
    except Exception:
        logger.exception("welcome mail to %s failed", signup.email)
        signup.welcome_email = "failed"
    else:
        signup.welcome_email = "sent"
