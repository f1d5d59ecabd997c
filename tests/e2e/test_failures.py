"""Submissions that cannot be tested are graded, with the cause, through real Docker."""

from __future__ import annotations

import os
import time

import docker
import pytest

from grader import catalog
from grader.catalog import Exercise, Limits
from grader.grading import grade
from grader.sandbox.container import LABEL
from tests.conftest import SUBMISSIONS

FAILURES = SUBMISSIONS / "failures"


def with_limits(exercise: Exercise, **limits: float) -> Exercise:
    config = exercise.config.model_copy(update={"limits": Limits(**limits)})  # type: ignore[arg-type]
    return Exercise(exercise.root, config)


@pytest.fixture(scope="module")
def exercise() -> Exercise:
    return with_limits(catalog.find("01"), startup_timeout=4)


def leftover_containers() -> list[str]:
    client = docker.from_env()
    try:
        mine = {"label": f"{LABEL}.pid={os.getpid()}"}  # other graders may run beside us
        return [c.name for c in client.containers.list(all=True, filters=mine)]
    finally:
        client.close()


@pytest.mark.parametrize(
    ("submission", "code", "words"),
    [
        (
            "broken_import",
            "startup-crash",
            "exit code 1): ModuleNotFoundError: No module named 'definitely_not_installed'",
        ),
        ("no_app", "startup-crash", 'Attribute "app" not found in module "app.main"'),
        ("hangs_at_startup", "startup-timeout", "within 4s"),
        ("memory_hog", "oom", "more than 256 MiB"),
    ],
)
def test_untestable_app_gets_zero_and_one_clear_error(
    docker_sandbox,
    exercise: Exercise,
    submission: str,
    code: str,
    words: str,  # type: ignore[no-untyped-def]
) -> None:
    start = time.monotonic()
    report = grade(exercise, FAILURES / submission, docker_sandbox)
    elapsed = time.monotonic() - start
    assert (report.score, report.verdict) == (0.0, "below-junior")
    assert [e.code for e in report.errors] == [code], report.errors
    assert words in report.errors[0].message
    if code == "startup-crash":
        assert "Traceback" in report.errors[0].log_tail or "Error" in report.errors[0].log_tail
    assert elapsed < 4 + 15, f"grading took {elapsed:.1f}s"
    assert leftover_containers() == []


def test_graceful_shutdown_is_checked_by_the_grader(docker_sandbox) -> None:  # type: ignore[no-untyped-def]
    from tests.e2e.test_isolation import FIXTURES

    exercise = catalog.find("91", FIXTURES)
    clean = grade(exercise, exercise.solution_dir, docker_sandbox)
    assert (clean.score, clean.errors) == (100.0, ())
    stuck = grade(exercise, FAILURES / "stuck_on_shutdown", docker_sandbox)
    passed = {c.id: c.passed for c in stuck.criteria}
    assert passed == {"serves": True, "clean-exit": False}
    assert [e.code for e in stuck.errors] == ["shutdown-timeout"]
    assert "did not exit within 3s of SIGTERM" in stuck.errors[0].message
    assert leftover_containers() == []
