"""Every exercise is proven (`validate`: the solution earns 100, the stub lands
below junior, the contract snapshot and given modules match) and grading the
same submission again gives the same verdict and score: every reference
solution five times, each with a fresh test-order seed. The last run also
probes the solution, which must give the probes nothing to find."""

from __future__ import annotations

import pytest

from grader import catalog
from grader.grading import grade
from grader.sandbox.container import DockerSandbox
from grader.validate import validate

RUNS = 5


@pytest.mark.parametrize("exercise_id", [e.id for e in catalog.discover()])
def test_the_exercise_is_proven_and_grades_the_same_every_time(
    docker_sandbox: DockerSandbox, exercise_id: str
) -> None:
    exercise = catalog.find(exercise_id)
    proven = validate(exercise, docker_sandbox)
    assert proven.problems == ()
    reports = [proven.solution]
    reports += [grade(exercise, exercise.solution_dir, docker_sandbox) for _ in range(RUNS - 2)]
    reports.append(grade(exercise, exercise.solution_dir, docker_sandbox, probes=True))
    seeds = {r.seed for r in reports}
    assert len(seeds) == RUNS, "each run draws its own test order"
    outcomes = {(r.verdict, r.score) for r in reports}
    assert outcomes == {("senior", 100.0)}, [
        (r.seed, r.verdict, r.score, [c.id for c in r.missed]) for r in reports
    ]
    assert all(r.errors == () and r.warnings == () for r in reports)
    assert reports[-1].findings == (), reports[-1].findings
    assert {r.sandbox.backend for r in reports} == {"docker"}
    assert all(r.sandbox.image_id.startswith("sha256:") for r in reports)
