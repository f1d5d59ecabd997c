"""Serves the honest part; GET /items allocates memory until the sandbox kills it.

It refuses to allocate where no memory limit is set, and never beyond 2 GiB.
"""

from pathlib import Path

from fastapi import HTTPException

from .inventory import app

CHUNK = 16 * 1024 * 1024
hoard: list[bytearray] = []


def memory_limit() -> int | None:
    for path in ("/sys/fs/cgroup/memory/memory.limit_in_bytes", "/sys/fs/cgroup/memory.max"):
        try:
            value = Path(path).read_text().strip()
        except OSError:
            continue
        return None if value == "max" else int(value)
    return None


@app.get("/items")
def list_items() -> list[int]:
    limit = memory_limit()
    if limit is None or limit > 1024**3:
        raise HTTPException(500, f"memory_bomb: no memory limit here ({limit}); refusing")
    while len(hoard) * CHUNK < 2 * 1024**3:
        hoard.append(bytearray(b"x" * CHUNK))  # touched, so really resident
    return []
