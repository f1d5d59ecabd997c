"""The one seam between grading and isolation: the ``Sandbox`` protocol.

A sandbox serves the staged submission (untrusted) and runs the hidden suite
against it in a trusted tester that never shares a process with candidate
code. It returns a ``SandboxOutcome``: plain data the grader interprets.
Problems of the submission (crash, OOM, hang) are data in the outcome; a
sandbox raises only ``InfrastructureError`` (no engine, no image).
"""

from __future__ import annotations

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


def tail(text: str, limit: int = LOG_TAIL_CHARS) -> str:
    """The last ``limit`` characters of ``text``, starting at a line boundary."""
    if len(text) <= limit:
        return text
    cut = text[-limit:]
    return cut[cut.find("\n") + 1 :] if "\n" in cut else cut
