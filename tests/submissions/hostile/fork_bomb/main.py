"""A silent fork bomb at import: every process forks forever and swallows the
errors, so the log says nothing; only the sandbox's pids limit stops it.

It refuses to start where no pids limit is set (a broken sandbox must fail
the test, not the machine).
"""

import os
import time
from pathlib import Path


def pids_limit() -> int | None:
    for path in ("/sys/fs/cgroup/pids/pids.max", "/sys/fs/cgroup/pids.max"):
        try:
            value = Path(path).read_text().strip()
        except OSError:
            continue
        return None if value == "max" else int(value)
    return None


limit = pids_limit()
if limit is None or limit > 4096:
    raise SystemExit(f"fork_bomb: no pids limit here ({limit}); refusing to run")

while True:
    try:
        os.fork()
    except OSError:
        time.sleep(0.01)  # at the limit: wait for a slot, say nothing
