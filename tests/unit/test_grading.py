from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from grader import catalog
from grader.grading import grade
from grader.sandbox.base import SandboxOutcome
from tests.fakes import FakeSandbox, ran, record


@pytest.fixture(scope="module")
def exercise() -> catalog.Exercise:
    return catalog.find("01")


def all_passing(exercise: catalog.Exercise) -> list[dict[str, object]]:
    return [record(f"test_{c.id}", [c.id]) for c in exercise.config.criteria]


def test_everything_passing_is_senior_with_full_marks(exercise: catalog.Exercise) -> None:
    sandbox = FakeSandbox(ran(all_passing(exercise)))
    report = grade(exercise, exercise.solution_dir, sandbox)
    assert (report.score, report.verdict, report.errors) == (100.0, "senior", ())
    assert all(c.passed and c.earned == c.points and c.feedback == "" for c in report.criteria)
    assert report.timings["app_startup"] == 0.4 and report.timings["total"] > 0
    assert len(sandbox.jobs) == 1


def test_a_failed_test_costs_its_criterion_and_explains_why(exercise: catalog.Exercise) -> None:
    tests = all_passing(exercise)
    tests[0] = record("test_create_item", ["create-item"], "failed", "expected 201, got 404")
    report = grade(exercise, exercise.solution_dir, FakeSandbox(ran(tests)))
    missed = {c.id: c for c in report.missed}
    assert list(missed) == ["create-item"]
    assert "expected 201, got 404" in missed["create-item"].feedback
    assert missed["create-item"].hint in missed["create-item"].feedback
    # 11/14 junior points is 78.6%: below the 90% that senior needs.
    assert (report.levels["junior"].earned, report.levels["junior"].possible) == (11, 14)
    assert (report.score, report.verdict) == (86.4, "junior")


def test_app_that_crashes_at_startup_scores_zero_with_the_cause(exercise: catalog.Exercise) -> None:
    log = (
        "Traceback (most recent call last):\n  File x\nModuleNotFoundError: No module named 'foo'\n"
    )
    outcome = SandboxOutcome(app_ready=False, app_exited_early=True, app_exit_code=1, app_log=log)
    report = grade(exercise, exercise.solution_dir, FakeSandbox(outcome))
    assert (report.score, report.verdict) == (0.0, "below-junior")
    [error] = report.errors
    assert error.code == "startup-crash"
    assert error.message == (
        "the app exited while starting (exit code 1): ModuleNotFoundError: No module named 'foo'"
    )
    assert error.log_tail == log
    assert all("the app did not start" in c.feedback for c in report.criteria)


@pytest.mark.parametrize(
    ("outcome", "code", "words"),
    [
        (
            SandboxOutcome(app_ready=False, startup_timed_out=True),
            "startup-timeout",
            "did not start listening on port 8000 within 20s",
        ),
        (
            SandboxOutcome(
                app_ready=False, app_exited_early=True, app_oom_killed=True, app_exit_code=137
            ),
            "oom",
            "more than 256 MiB",
        ),
        (ran([], results=None, suite_timed_out=True), "suite-timeout", "within 120s"),
        (
            ran([], app_exited_early=True, app_exit_code=139, shutdown_graceful=None),
            "app-crashed",
            "exited with code 139 while the tests ran",
        ),
        (
            ran([], shutdown_graceful=False, shutdown_seconds=10.2, app_exit_code=137),
            "shutdown-timeout",
            "within 10s of SIGTERM",
        ),
    ],
)
def test_each_failure_of_the_app_is_one_clear_error(
    exercise: catalog.Exercise, outcome: SandboxOutcome, code: str, words: str
) -> None:
    report = grade(exercise, exercise.solution_dir, FakeSandbox(outcome))
    assert [e.code for e in report.errors] == [code]
    assert words in report.errors[0].message
    assert report.verdict == "below-junior"


def test_syntax_error_skips_the_sandbox(exercise: catalog.Exercise, tmp_path: Path) -> None:
    (tmp_path / "main.py").write_text("from fastapi import FastAPI\napp = FastAPI(\n")
    sandbox = FakeSandbox(ran(all_passing(exercise)))
    report = grade(exercise, tmp_path, sandbox)
    assert sandbox.jobs == []
    assert [e.code for e in report.errors] == ["syntax-error"]
    assert "app/main.py:2" in report.errors[0].message
    assert report.score == 0.0 and report.sandbox.backend == "fake"


def test_tests_without_or_with_unknown_criteria_are_authoring_warnings(
    exercise: catalog.Exercise,
) -> None:
    tests = all_passing(exercise) + [record("test_orphan", []), record("test_typo", ["nope"])]
    report = grade(exercise, exercise.solution_dir, FakeSandbox(ran(tests)))
    assert report.warnings == (
        "hidden test test_x.py::test_orphan names no criterion",
        "hidden test test_x.py::test_typo names unknown criterion 'nope'",
    )
    assert report.score == 100.0


def test_given_modules_are_restored_from_the_exercise(tmp_path: Path) -> None:
    """A candidate who edits a given module (a fake mailer's delay, a counter)
    is graded against the exercise's own copy, and the report says so."""
    exercise = catalog.find("03")
    config = exercise.config.model_copy(update={"given": ("db.py",)})
    given = catalog.Exercise(exercise.root, config)
    submission = tmp_path / "sub"
    shutil.copytree(exercise.solution_dir, submission / "app")
    (submission / "app" / "db.py").write_text("CHEATED = True\n")
    sandbox = FakeSandbox(ran(all_passing(exercise)))
    seen: list[bytes] = []
    original_run = sandbox.run

    def run(job):  # type: ignore[no-untyped-def]
        seen.append((job.submission_dir / "app" / "db.py").read_bytes())
        return original_run(job)

    sandbox.run = run  # type: ignore[method-assign]
    report = grade(given, submission, sandbox)
    assert seen == [(exercise.stub_dir / "db.py").read_bytes()]
    assert any("db.py" in note for note in report.notes)
    assert (submission / "app" / "db.py").read_text() == "CHEATED = True\n", "never written"
    untouched = grade(given, exercise.solution_dir, FakeSandbox(ran(all_passing(exercise))))
    assert untouched.notes == ()
