"""Serves the honest part while two threads flood stdout and stderr with 64 MiB
each: long lines, a blob with no newline at all, bytes that are not UTF-8.
They start once the app is serving, so the honest part can still be tested."""

import os
import threading
import time
from contextlib import asynccontextmanager

from .inventory import app

LINE = b"flood " * 170 + b"\n"  # about 1 kB
BLOB = b"\xff\xfe no newline " * 5000
VOLUME = 64 * 1024 * 1024  # 64 times the Docker log cap, 32 times the app log cap


def flood(fd: int, chunk: bytes) -> None:
    time.sleep(0.5)  # let uvicorn bind its port first
    written = 0
    while written < VOLUME:
        try:
            written += os.write(fd, chunk)
        except OSError:
            pass


@asynccontextmanager
async def flooding(app_):  # type: ignore[no-untyped-def]
    threading.Thread(target=flood, args=(1, LINE * 64), daemon=True).start()
    threading.Thread(target=flood, args=(2, BLOB), daemon=True).start()
    yield


app.router.lifespan_context = flooding
