"""Sandboxes for a thread pool: one per worker thread, and a way to stop them all."""

from __future__ import annotations

import threading
from collections.abc import Callable

from .base import Sandbox


class SandboxPool:
    """``get()`` gives the calling thread its own sandbox (engine clients are not
    shared between threads); ``abort()`` stops every run they have going."""

    def __init__(self, open_sandbox: Callable[[], Sandbox]) -> None:
        self.open_sandbox = open_sandbox
        self.sandboxes: list[Sandbox] = []
        self._local = threading.local()
        self._lock = threading.Lock()

    def get(self) -> Sandbox:
        if not hasattr(self._local, "sandbox"):
            sandbox = self.open_sandbox()
            with self._lock:
                self.sandboxes.append(sandbox)
            self._local.sandbox = sandbox
        return self._local.sandbox  # type: ignore[no-any-return]

    def abort(self) -> None:
        """Stop the gradings still running (their sandboxes clean up by label)."""
        for sandbox in self.sandboxes:
            abort_runs = getattr(sandbox, "abort_runs", None)
            if abort_runs is not None:
                abort_runs()
