"""Serves the honest part, but will not stop: it ignores SIGTERM where it can,
keeps a non-daemon thread busy forever, starts a child in its own session
that ignores SIGTERM, and its shutdown blocks."""

import signal
import subprocess
import sys
import threading
import time
from contextlib import asynccontextmanager

from .inventory import app

signal.signal(signal.SIGTERM, signal.SIG_IGN)


def forever() -> None:
    while True:
        time.sleep(0.5)


threading.Thread(target=forever, name="keeps-the-process-alive", daemon=False).start()
subprocess.Popen(
    [sys.executable, "-c", "import signal, time; signal.signal(15, signal.SIG_IGN); time.sleep(1e6)"],
    start_new_session=True,
)


@asynccontextmanager
async def stubborn(app_):  # type: ignore[no-untyped-def]
    yield
    signal.signal(signal.SIGTERM, signal.SIG_IGN)  # uvicorn's handler is gone now
    time.sleep(3600)


app.router.lifespan_context = stubborn
