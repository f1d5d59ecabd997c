"""`prep test`: the public tests on the host, against the candidate's code."""

from __future__ import annotations

import pytest

from grader import catalog
from grader.practice import run_public_tests


@pytest.mark.parametrize("exercise_id", ["exercise_01", "exercise_03"])
def test_public_tests_pass_on_the_solution_and_fail_on_the_stub(exercise_id: str) -> None:
    exercise = catalog.find(exercise_id)
    assert run_public_tests(exercise, exercise.solution_dir, ("-q", "--no-header")) == 0
    assert run_public_tests(exercise, exercise.stub_dir, ("-q", "--no-header")) == 1
