"""suite-passes: the candidate's suite passes on the correct app, without the
real payment service, and has enough tests."""

import pytest
from mutants import TRIPWIRE_MESSAGE
from suite_runs import MIN_TESTS, describe, first_problem, passed_count


@pytest.mark.criterion("suite-passes")
def test_suite_passes_on_the_correct_app(reference_run):
    """Your suite (python -m pytest app/tests) passes on the correct app: exit code 0."""
    if reference_run.exit_code == 1:
        pytest.fail(
            f"some of your tests fail on the correct app: {first_problem(reference_run.output)}",
            pytrace=False,
        )
    assert reference_run.exit_code == 0, (
        f"expected exit code 0 on the correct app, but {describe(reference_run)}"
    )


@pytest.mark.criterion("suite-passes")
def test_suite_never_reaches_the_real_payment_service(reference_run):
    """No test reaches the real payment service: every test overrides get_payment_client."""
    assert reference_run.exit_code in (0, 1), f"your suite did not run: {describe(reference_run)}"
    assert TRIPWIRE_MESSAGE not in reference_run.output, (
        "a test used the real get_payment_client (in grading it raises RuntimeError); "
        f"first problem: {first_problem(reference_run.output)}"
    )


@pytest.mark.criterion("suite-passes")
def test_suite_has_enough_tests(reference_run):
    """Your suite has at least 5 tests that pass on the correct app."""
    passed = passed_count(reference_run.output)
    assert passed >= MIN_TESTS, (
        f"expected at least {MIN_TESTS} passing tests, got {passed} "
        f"(pytest exit code {reference_run.exit_code})"
    )
