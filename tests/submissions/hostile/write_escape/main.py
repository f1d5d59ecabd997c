"""Tries to write to its own submission, to every path that matters to the
grader or the image, and to host paths the test names, then serves the honest
part. What happened is two lines in the log, ``PROBE write {json}`` and
``PROBE outside {json}``: each path and the outcome."""

import json
import logging
import os
from pathlib import Path

from .inventory import app  # noqa: F401

HERE = Path(__file__).resolve().parent

TARGETS = [
    HERE / "main.py",  # rewrite itself
    HERE / "pwned.py",
    HERE.parent / "pwned.txt",
    Path("/srv/pwned.txt"),
    Path("/opt/harness/prep_harness/plugin.py"),
    Path("/opt/harness/prep_harness/pwned.py"),
    Path("/opt/venv/lib/python3.11/site-packages/zz_pwned.pth"),
    Path("/usr/lib/python3.11/sitecustomize.py"),
    Path("/etc/passwd"),
    Path("/etc/hosts"),
    Path("/root/pwned.txt"),
    Path("/var/tmp/pwned.txt"),
    Path("/pwned.txt"),
    Path("/suite/conftest.py"),
    Path("/out/results.json"),
    Path("/proc/sys/kernel/hostname"),
    Path("/proc/sysrq-trigger"),
    Path("/sys/fs/cgroup/pids/pids.max"),
    Path("/sys/fs/cgroup/memory/memory.limit_in_bytes"),
]


def attempt(path: Path) -> str:
    try:
        with open(path, "a") as sink:
            sink.write("pwned\n")
        return "written"
    except OSError as exc:
        return f"refused: {exc.strerror}"


results = {str(target): attempt(target) for target in TARGETS}


def outside() -> dict[str, str]:
    """Host paths the test names in outside.json: created here, if anywhere, in the
    sandbox's own /tmp; the test checks that none appears on the host."""
    try:
        paths = json.loads((HERE / "outside.json").read_text())
    except (OSError, ValueError):
        return {}
    found = {}
    for path in map(Path, paths):
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text("pwned\n")
            found[str(path)] = "written"
        except OSError as exc:
            found[str(path)] = f"refused: {exc.strerror}"
    return found


for action, call in [
    ("chmod-main", lambda: os.chmod(HERE / "main.py", 0o777)),
    ("unlink-init", lambda: os.unlink(HERE / "__init__.py")),
    ("mkdir-submission", lambda: os.mkdir(HERE / "pwned_dir")),
]:
    try:
        call()
        results[action] = "done"
    except OSError as exc:
        results[action] = f"refused: {exc.strerror}"
logging.getLogger("uvicorn.access").disabled = True
print("PROBE write " + json.dumps(results), flush=True)
print("PROBE outside " + json.dumps(outside()), flush=True)
