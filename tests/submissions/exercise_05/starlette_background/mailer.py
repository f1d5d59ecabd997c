"""Given infrastructure: a slow mail relay and its outbox. Do not change this file.

``Mailer.send_welcome`` is a plain, blocking function (no ``async``): it talks
to a slow relay for about 1.5 s, then records the mail in the outbox. The relay
refuses every address at the ``bounce.invalid`` domain: the call then raises
``MailBounced`` after the same delay, and nothing is recorded.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass

SEND_SECONDS = 1.5
BOUNCE_DOMAIN = "bounce.invalid"


class MailBounced(Exception):
    """The relay refused the recipient."""


@dataclass(frozen=True)
class Mail:
    to: str
    subject: str
    body: str


class Mailer:
    """Thread-safe: ``send_welcome`` may run on several threads at once."""

    def __init__(self, send_seconds: float = SEND_SECONDS) -> None:
        self.send_seconds = send_seconds
        self._lock = threading.Lock()
        self._outbox: list[Mail] = []

    def send_welcome(self, email: str, name: str) -> Mail:
        """Send the welcome mail; blocks about 1.5 s. Raises MailBounced for
        addresses at bounce.invalid (after the same delay)."""
        time.sleep(self.send_seconds)
        if email.rpartition("@")[2].lower() == BOUNCE_DOMAIN:
            raise MailBounced(f"550 {email}: mailbox unavailable")
        mail = Mail(
            to=email,
            subject=f"Welcome, {name}!",
            body=f"Hi {name}, thanks for signing up.",
        )
        with self._lock:
            self._outbox.append(mail)
        return mail

    def outbox(self) -> list[Mail]:
        """Every mail delivered so far, oldest first."""
        with self._lock:
            return list(self._outbox)
