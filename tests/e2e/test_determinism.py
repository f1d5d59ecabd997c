"""Grading the same submission again gives the same verdict and score: every
reference solution, five times, each with a fresh test-order seed."""

from __future__ import annotations

import pytest

from grader import catalog
from grader.grading import grade
from grader.sandbox.container import DockerSandbox

RUNS = 5


@pytest.mark.parametrize("exercise_id", [e.id for e in catalog.discover()])
def test_a_reference_solution_grades_the_same_every_time(
    docker_sandbox: DockerSandbox, exercise_id: str
) -> None:
    exercise = catalog.find(exercise_id)
    reports = [grade(exercise, exercise.solution_dir, docker_sandbox) for _ in range(RUNS)]
    seeds = {r.seed for r in reports}
    assert len(seeds) == RUNS, "each run draws its own test order"
    outcomes = {(r.verdict, r.score) for r in reports}
    assert outcomes == {("senior", 100.0)}, [
        (r.seed, r.verdict, r.score, [c.id for c in r.missed]) for r in reports
    ]
    assert all(r.errors == () and r.warnings == () for r in reports)
    assert {r.sandbox.backend for r in reports} == {"docker"}
    assert all(r.sandbox.image_id.startswith("sha256:") for r in reports)
