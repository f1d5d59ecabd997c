"""A sandbox that returns a prepared outcome: the unit tests' stand-in for Docker."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any

from grader.sandbox.base import Isolation, SandboxJob, SandboxLimits, SandboxOutcome


@dataclass
class FakeSandbox:
    outcome: SandboxOutcome
    name: str = "fake"
    isolation: Isolation = "container"
    jobs: list[SandboxJob] = field(default_factory=list)

    def run(self, job: SandboxJob) -> SandboxOutcome:
        self.jobs.append(job)
        assert (job.submission_dir / "app" / "main.py").is_file()
        assert any(job.suite_dir.glob("test_*.py")) and (job.harness_dir / "plugin.py").is_file()
        return replace(self.outcome, facts=self.facts(job.limits))

    def facts(self, limits: SandboxLimits) -> dict[str, Any]:
        return {"backend": self.name, "isolation": self.isolation, "limits": limits.as_dict()}


def record(
    name: str, criteria: list[str], outcome: str = "passed", message: str = ""
) -> dict[str, Any]:
    return {
        "nodeid": f"test_x.py::{name}",
        "name": name,
        "doc": f"{name} doc",
        "criteria": criteria,
        "outcome": outcome,
        "duration": 0.01,
        "message": message,
    }


def ran(tests: list[dict[str, Any]], **changes: Any) -> SandboxOutcome:
    """An outcome where the app started, the suite ran and the app shut down cleanly."""
    base = SandboxOutcome(
        app_ready=True,
        startup_seconds=0.4,
        results={"tests": tests, "collection_errors": [], "exit_status": 0},
        app_exit_code=0,
        shutdown_graceful=True,
        shutdown_seconds=0.2,
        app_log="INFO: started\n",
    )
    return replace(base, **changes)
