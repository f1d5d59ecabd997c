"""The supervisor through real Docker: hidden tests read the app's log and
restart it with other environments, and nothing of a run is left behind."""

from __future__ import annotations

import os
from pathlib import Path

from grader import catalog
from grader.grading import grade
from grader.sandbox.container import LABEL, DockerSandbox

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "exercises"


def labelled_volumes(sandbox: DockerSandbox) -> list[str]:
    """Volumes this process created and did not remove."""
    selector = {"label": f"{LABEL}.pid={os.getpid()}"}
    volumes = sandbox.client.api.volumes(filters=selector).get("Volumes") or []
    return [v["Name"] for v in volumes]


def test_logs_restarts_and_shutdown_are_observable(docker_sandbox: DockerSandbox) -> None:
    exercise = catalog.find("92", FIXTURES)
    report = grade(exercise, exercise.solution_dir, docker_sandbox)
    assert [(c.id, c.feedback) for c in report.missed] == []
    assert report.score == 100.0 and report.errors == ()
    assert labelled_volumes(docker_sandbox) == []


def test_an_app_without_the_behaviour_earns_nothing(docker_sandbox: DockerSandbox) -> None:
    """The stub starts but neither logs JSON, reads GREETING, fails on 'crash'
    nor logs its shutdown: each restart-based test must fail."""
    exercise = catalog.find("92", FIXTURES)
    report = grade(exercise, exercise.stub_dir, docker_sandbox)
    assert [c.id for c in report.criteria if c.passed] == []
    assert report.errors == ()


def test_the_app_cannot_forge_the_supervisors_answers(docker_sandbox: DockerSandbox) -> None:
    """The app runs as a user who can write neither the requests nor the
    answers: a forged 'startup failed' status never reaches the tester."""
    from tests.conftest import SUBMISSIONS

    exercise = catalog.find("92", FIXTURES)
    report = grade(
        exercise, SUBMISSIONS / "failures" / "forges_answers", docker_sandbox, view="reviewer"
    )
    met = {c.id for c in report.criteria if c.passed}
    assert "startup-failure" not in met, "a forged status was believed"
    assert "forgery:" in report.logs["app"] and "written" not in report.logs["app"]
    assert "PermissionError" in report.logs["app"]
