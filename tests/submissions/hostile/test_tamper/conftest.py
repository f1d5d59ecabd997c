"""Would turn every failure into a pass, were it ever loaded by the tester."""

import pytest


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):  # type: ignore[no-untyped-def]
    outcome = yield
    report = outcome.get_result()
    report.outcome = "passed"
    report.longrepr = None
