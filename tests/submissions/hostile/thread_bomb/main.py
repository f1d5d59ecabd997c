"""Starts threads while being imported until the sandbox refuses one; the
refusal ("can't start new thread") ends the import with a traceback, so the
cause is in the log (the fork bomb, by contrast, says nothing).

It refuses to start where no pids limit is set, and never starts more than
5000 threads.
"""

import threading
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
    raise SystemExit(f"thread_bomb: no pids limit here ({limit}); refusing to run")

for _ in range(5000):
    threading.Thread(target=time.sleep, args=(3600,), daemon=True).start()
