"""Fixtures for the exercise_12 hidden suite.

The candidate's tests (app/tests/) run in the app's sandbox through
``run_in_app``: once against the correct app (``reference_run``, cached for the
session) and once per mutant (``kill``). A mutant is killed when the suite
exits with code 1 (some tests failed) on it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from mutants import MUTANTS, REFERENCE_MAIN, overlay
from suite_runs import REFERENCE_TIMEOUT, SUITE_ARGS, describe, passed_count, time_left

# run_in_app is function-scoped: the reference run is cached here instead, and so
# is a mutant run that passed (the grader reruns a failed test: a timeout is worth
# running again, a suite that passed with the bug is not).
_session: dict[str, Any] = {}


@pytest.fixture
def reference_run(run_in_app: Callable[..., Any]) -> Any:
    """The candidate's suite on the correct app (run once per session)."""
    if "reference" not in _session:
        timeout = max(1.0, min(REFERENCE_TIMEOUT, time_left()))
        _session["reference"] = run_in_app(
            SUITE_ARGS, files=overlay(REFERENCE_MAIN), timeout=timeout
        )
    return _session["reference"]


@pytest.fixture
def kill(run_in_app: Callable[..., Any], reference_run: Any) -> Callable[[str], None]:
    """``kill(name)``: fail unless the candidate's suite fails (exit 1) on that mutant."""

    def check(name: str) -> None:
        mutant = MUTANTS[name]
        if reference_run.exit_code != 0:
            pytest.fail(
                "not counted: your suite does not pass on the correct app "
                "(a suite that always fails would catch every bug), see suite-passes",
                pytrace=False,
            )
        result = _session.get(name)
        if result is None:
            left = time_left()
            if left < 5:
                pytest.fail("not run: the time for running your suite is used up", pytrace=False)
            timeout = min(60.0, max(20.0, 4 * reference_run.seconds), left)
            files = overlay(mutant.source)
            result = run_in_app([*SUITE_ARGS, "-x"], files=files, timeout=timeout)
            if result.exit_code == 0:
                _session[name] = result  # not caught: a rerun would say the same
        if result.exit_code == 1:
            return
        if result.exit_code == 0:
            passed = passed_count(result.output)
            pytest.fail(f"not caught: all {passed} of your tests still pass with it", pytrace=False)
        pytest.fail(
            f"not caught: {describe(result)} (only failing tests, exit code 1, catch a bug)",
            pytrace=False,
        )

    return check
