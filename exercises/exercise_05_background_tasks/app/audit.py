"""Given infrastructure: a slow audit store. Do not change this file.

``AuditLog.write`` is a plain, blocking function (no ``async``): each write
takes about 0.2 s (a remote store), then the entry is visible in
``entries()``.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass

WRITE_SECONDS = 0.2


@dataclass(frozen=True)
class AuditEntry:
    request_id: str | None
    method: str
    path: str


class AuditLog:
    """Thread-safe: ``write`` may run on several threads at once."""

    def __init__(self, write_seconds: float = WRITE_SECONDS) -> None:
        self.write_seconds = write_seconds
        self._lock = threading.Lock()
        self._entries: list[AuditEntry] = []

    def write(self, request_id: str | None, method: str, path: str) -> AuditEntry:
        """Record one write request; blocks about 0.2 s."""
        time.sleep(self.write_seconds)
        entry = AuditEntry(request_id=request_id, method=method, path=path)
        with self._lock:
            self._entries.append(entry)
        return entry

    def entries(self) -> list[AuditEntry]:
        """Every entry written so far, oldest first."""
        with self._lock:
            return list(self._entries)
