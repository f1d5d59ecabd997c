"""Running the candidate's suite: arguments, budget, and reading pytest's output."""

from __future__ import annotations

import re
import time
from typing import Any

SUITE_ARGS = ["-m", "pytest", "-q", "-p", "no:cacheprovider", "app/tests"]
MIN_TESTS = 5
REFERENCE_TIMEOUT = 60.0
# Every run of the candidate's suite together must fit in the exercise's
# suite_timeout (300 s): what is left after this budget fails fast.
BUDGET_SECONDS = 240.0

EXIT_MEANING = {
    2: "interrupted or a collection error",
    3: "an internal error of pytest",
    4: "a usage error",
    5: "no tests were collected: put test_*.py files in app/tests/",
}

_budget: dict[str, float] = {}
_SECTION = re.compile(r"^_{3,} (.+?) _{3,}$")


def time_left() -> float:
    """Seconds left in the budget for running the candidate's suite."""
    deadline = _budget.setdefault("deadline", time.monotonic() + BUDGET_SECONDS)
    return float(deadline - time.monotonic())


def passed_count(output: str) -> int:
    found = re.findall(r"(\d+) passed", output)
    return int(found[-1]) if found else 0


def first_problem(output: str) -> str:
    """The first failing test and its exception line, from pytest's report."""
    test = None
    for line in output.splitlines():
        header = _SECTION.match(line)
        if header:
            test = header.group(1)
        elif test and line.startswith("E "):
            return f"{test}: {line[1:].strip()}"[:300]
    lines = [line.strip() for line in output.splitlines() if line.strip()]
    for line in lines:  # no traceback (--tb=no): the short summary, maybe cut short
        if line.startswith(("FAILED ", "ERROR ")):
            return line[:300]
    return lines[-1][:300] if lines else "(no output)"


def describe(result: Any) -> str:
    """What a run that did not exit with 0 or 1 means."""
    if result.timed_out:
        return f"it timed out after {result.seconds:.0f} s"
    meaning = EXIT_MEANING.get(result.exit_code, "an unexpected exit code")
    return f"pytest exited with code {result.exit_code} ({meaning}): {first_problem(result.output)}"
