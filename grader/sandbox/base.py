"""The one seam between grading and isolation: the ``Sandbox`` protocol.

A sandbox serves the staged submission (untrusted) and runs the hidden suite
against it in a trusted tester that never shares a process with candidate
code. It returns a ``SandboxOutcome``: plain data the grader interprets.
Problems of the submission (crash, OOM, hang) are data in the outcome; a
sandbox raises only ``InfrastructureError`` (no engine, no image).
"""

from __future__ import annotations

import json
import re
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, Literal, Protocol

Isolation = Literal["container", "process"]

APP_PORT = 8000
LOG_TAIL_CHARS = 4000


@dataclass(frozen=True)
class SandboxLimits:
    """Resource and time limits of one run. The defaults are the secure ones."""

    memory_mb: int = 256
    cpus: float = 1.0
    pids: int = 128
    tmpfs_mb: int = 64
    startup_timeout: float = 20.0
    suite_timeout: float = 120.0
    shutdown_timeout: float = 10.0
    log_bytes: int = 1_000_000
    tester_memory_mb: int = 512
    tester_pids: int = 256

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class SandboxJob:
    run_id: str
    submission_dir: Path  # holds app/ ; mounted read-only for the app
    suite_dir: Path  # the hidden tests ; mounted read-only for the tester only
    harness_dir: Path  # grader/harness ; mounted read-only for the tester only
    output_dir: Path  # writable by the tester: startup.json, results.json
    limits: SandboxLimits = SandboxLimits()


@dataclass(frozen=True)
class SandboxOutcome:
    """What happened, as observed from outside the submission."""

    app_ready: bool
    startup_seconds: float | None = None
    results: dict[str, Any] | None = None  # the harness's results.json
    app_exit_code: int | None = None
    app_oom_killed: bool = False
    app_exited_early: bool = False  # the app died before the suite finished
    app_pids_exhausted: bool = False  # at its pids limit at the end: a fork bomb
    startup_timed_out: bool = False
    suite_timed_out: bool = False
    shutdown_graceful: bool | None = None  # None: never got as far as stopping it
    shutdown_seconds: float | None = None
    app_log: str = ""
    tester_log: str = ""
    facts: dict[str, Any] = field(default_factory=dict)


class Sandbox(Protocol):
    name: str
    isolation: Isolation

    def run(self, job: SandboxJob) -> SandboxOutcome: ...

    def facts(self, limits: SandboxLimits) -> dict[str, Any]: ...


# Terminal escapes, NUL, backspace, carriage return, C1 controls, bidirectional
# overrides, line separators and XML's non-characters: text the candidate's
# code wrote, shown as escapes so that it cannot act on a reader's terminal or
# break a report format.
_UNPRINTABLE = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b-\u200f\u2028-\u202e\u2066-\u2069\ufeff\ufffe\uffff]"
)


def printable(text: str) -> str:
    """``text`` with every control character written as an escape (``\\x1b``);
    newlines and tabs stay."""
    return _UNPRINTABLE.sub(_escape, text.replace("\r\n", "\n"))


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def tail(text: str, limit: int = LOG_TAIL_CHARS) -> str:
    """The last ``limit`` characters of ``text``, starting at a line boundary."""
    if len(text) <= limit:
        return text
    cut = text[-limit:]
    return cut[cut.find("\n") + 1 :] if "\n" in cut else cut


def read_json(path: Path) -> dict[str, Any] | None:
    """A JSON object the tester wrote, or None while it is missing or half written."""
    try:
        return dict(json.loads(path.read_text(encoding="utf-8")))
    except (OSError, ValueError):
        return None


def wait_for_startup(
    marker: Path, limits: SandboxLimits, app_exited: Callable[[], bool], poll: float = 0.05
) -> dict[str, Any]:
    """Poll until the tester reports the app's port open (``marker``), the app
    dies, or time runs out; what the tester wrote, or why it never did."""
    deadline = time.monotonic() + limits.startup_timeout + 5
    while time.monotonic() < deadline:
        record = read_json(marker)
        if record is not None:
            return record
        if app_exited():
            return {"ready": False}
        time.sleep(poll)
    return {"ready": False, "timed_out": True}
