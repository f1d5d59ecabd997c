"""Every shipped exercise, through the real Docker sandbox: the reference
solution earns 100 and "senior", the stub lands below junior, and each
partial solution kept under tests/submissions lands where it should."""

from __future__ import annotations

from pathlib import Path

import pytest

from grader import catalog
from grader.grading import grade
from tests.conftest import SUBMISSIONS

# exercise id -> {partial solution folder: expected verdict}
PARTIALS = {
    "exercise_01": {"junior": "junior"},
    "exercise_02": {"junior": "junior", "leaky": "below-junior"},
    "exercise_03": {"junior": "junior"},
    "exercise_04": {"junior": "junior", "threads": "senior"},
    "exercise_05": {"junior": "junior", "starlette_background": "junior", "threads": "senior"},
    "exercise_06": {"junior": "junior", "lazy_validation": "junior"},
    "exercise_07": {"junior": "junior", "tutorial": "senior"},
    "exercise_09": {"junior": "junior", "timeouts": "senior"},
    "exercise_10": {"junior": "junior", "basehttp": "senior", "below_junior": "below-junior"},
    "exercise_11": {"junior": "junior", "below_junior": "below-junior"},
    "exercise_13": {"junior": "junior", "senior": "senior"},
    "exercise_14": {"junior": "junior", "global_lock": "junior"},
}
IDS = sorted(PARTIALS)


@pytest.mark.parametrize("exercise_id", IDS)
def test_reference_solution_earns_full_marks(docker_sandbox, exercise_id: str) -> None:  # type: ignore[no-untyped-def]
    exercise = catalog.find(exercise_id)
    report = grade(exercise, exercise.solution_dir, docker_sandbox)
    failures = [(c.id, c.feedback) for c in report.missed]
    assert (report.score, report.verdict, failures) == (100.0, "senior", [])
    assert report.errors == () and report.warnings == ()
    assert report.sandbox.backend == "docker" and report.sandbox.image_id.startswith("sha256:")


@pytest.mark.parametrize("exercise_id", IDS)
def test_untouched_stub_is_below_junior_and_earns_nothing(docker_sandbox, exercise_id: str) -> None:  # type: ignore[no-untyped-def]
    exercise = catalog.find(exercise_id)
    report = grade(exercise, exercise.stub_dir, docker_sandbox)
    assert report.verdict == "below-junior"
    assert [c.id for c in report.criteria if c.passed] == []
    assert report.errors == (), "the stub must start and answer, just not implement anything"


@pytest.mark.parametrize(
    ("exercise_id", "partial", "verdict"),
    [(e, p, v) for e, partials in PARTIALS.items() for p, v in partials.items()],
)
def test_partial_solutions_land_on_their_level(
    docker_sandbox,
    exercise_id: str,
    partial: str,
    verdict: str,  # type: ignore[no-untyped-def]
) -> None:
    exercise = catalog.find(exercise_id)
    submission: Path = SUBMISSIONS / exercise_id / partial
    report = grade(exercise, submission, docker_sandbox)
    assert report.verdict == verdict, [(c.id, c.feedback) for c in report.missed]
    if verdict == "junior":
        assert 0 < report.score < 100
        assert any(c.level == "senior" and not c.passed for c in report.criteria)
