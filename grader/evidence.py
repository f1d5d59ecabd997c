"""Turn what the sandbox and the static checks saw into evidence and errors.

Evidence speaks for criteria (the rubric scores it); errors explain to a
person why something could not be tested. Both are plain data.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from typing import Any

from .catalog import ExerciseConfig
from .checks.static import CheckResult
from .report.model import ErrorEntry
from .rubric import Evidence
from .sandbox.base import SandboxLimits, SandboxOutcome


def gather(
    config: ExerciseConfig, static: Mapping[str, CheckResult], outcome: SandboxOutcome | None
) -> tuple[dict[str, list[Evidence]], list[str]]:
    """Evidence per criterion id, and authoring warnings about the hidden suite."""
    evidence: dict[str, list[Evidence]] = defaultdict(list)
    warnings: list[str] = []
    tests = _tests(outcome)
    known = {c.id for c in config.criteria}
    if tests is None:
        reason = "not run: " + ("the app did not start" if outcome else "the code does not parse")
        for criterion in config.criteria:
            evidence[criterion.id].append(Evidence("test", "hidden suite", False, reason))
    else:
        for test in tests:
            _add_test(test, known, evidence, warnings)
    app_started = outcome is not None and outcome.app_ready
    for criterion in config.criteria:
        for check in criterion.checks:
            evidence[criterion.id].append(_check_evidence(check, static, outcome, app_started))
    return dict(evidence), warnings


def _tests(outcome: SandboxOutcome | None) -> list[dict[str, Any]] | None:
    if outcome is None or outcome.results is None:
        return None
    return list(outcome.results.get("tests", []))


def _add_test(
    test: Mapping[str, Any],
    known: set[str],
    evidence: dict[str, list[Evidence]],
    warnings: list[str],
) -> None:
    criteria: Sequence[str] = test.get("criteria", [])
    if not criteria:
        warnings.append(f"hidden test {test['nodeid']} names no criterion")
    for criterion_id in criteria:
        if criterion_id not in known:
            warnings.append(
                f"hidden test {test['nodeid']} names unknown criterion {criterion_id!r}"
            )
            continue
        outcome = test.get("outcome")
        evidence[criterion_id].append(
            Evidence(
                "test",
                str(test["name"]),
                outcome in ("passed", "flaky"),
                str(test.get("message", "")),
                str(test.get("doc", "")),
                flaky=outcome == "flaky",
            )
        )


def _check_evidence(
    check: str,
    static: Mapping[str, CheckResult],
    outcome: SandboxOutcome | None,
    app_started: bool,
) -> Evidence:
    if check == "graceful-shutdown":
        graceful = outcome is not None and outcome.shutdown_graceful is True
        seconds = outcome.shutdown_seconds if outcome else None
        message = "" if graceful else _shutdown_message(outcome, seconds)
        return Evidence("check", check, graceful and app_started, message)
    result = static[check]
    if not app_started:
        return Evidence("check", check, False, "not credited: the app did not start")
    return Evidence("check", check, result.passed, "" if result.passed else result.summary)


def _shutdown_message(outcome: SandboxOutcome | None, seconds: float | None) -> str:
    if outcome is None or outcome.shutdown_graceful is None:
        return "not checked: the app was not running at the end of the suite"
    return (
        f"on SIGTERM the app exited with code {outcome.app_exit_code} "
        f"after {seconds:.1f}s; expected a clean exit within the deadline"
    )


def diagnose(
    outcome: SandboxOutcome | None, static: Mapping[str, CheckResult], limits: SandboxLimits
) -> list[ErrorEntry]:
    """One clear line per thing that stopped the submission from being tested."""
    syntax = static.get("syntax")
    if syntax is not None and not syntax.passed:
        return [
            ErrorEntry(code="syntax-error", message=f"the code does not parse: {syntax.summary}")
        ]
    if outcome is None:
        return []
    log = outcome.app_log
    errors: list[ErrorEntry] = []
    if not outcome.app_ready:
        errors.append(_startup_error(outcome, limits))
    elif outcome.app_exited_early:
        if outcome.app_oom_killed:
            message = f"the app was killed for using more than {limits.memory_mb} MiB of memory"
        else:
            message = f"the app exited with code {outcome.app_exit_code} while the tests ran"
        errors.append(
            ErrorEntry(
                code="oom" if outcome.app_oom_killed else "app-crashed",
                message=message,
                log_tail=log,
            )
        )
    if outcome.suite_timed_out:
        errors.append(
            ErrorEntry(
                code="suite-timeout",
                message=f"the hidden suite did not finish within {limits.suite_timeout:g}s; "
                "tests that had not finished count as failed",
                log_tail=log,
            )
        )
    elif outcome.app_ready and outcome.results is None:
        errors.append(
            ErrorEntry(
                code="no-results",
                message="the hidden suite wrote no results",
                log_tail=outcome.tester_log,
            )
        )
    elif outcome.results and outcome.results.get("collection_errors"):
        first = outcome.results["collection_errors"][0]
        errors.append(
            ErrorEntry(code="suite-error", message=f"hidden suite failed to load: {first}")
        )
    if (
        outcome.shutdown_graceful is False
        and (outcome.shutdown_seconds or 0) >= limits.shutdown_timeout
    ):
        errors.append(
            ErrorEntry(
                code="shutdown-timeout",
                message=f"the app did not exit within {limits.shutdown_timeout:g}s of SIGTERM "
                "and was killed",
                log_tail=log,
            )
        )
    return errors


def _startup_error(outcome: SandboxOutcome, limits: SandboxLimits) -> ErrorEntry:
    log = outcome.app_log
    if outcome.app_oom_killed:
        return ErrorEntry(
            code="oom",
            log_tail=log,
            message=(
                f"the app was killed while starting for using more than {limits.memory_mb} MiB"
            ),
        )
    if outcome.app_exited_early:
        cause = last_error_line(log)
        return ErrorEntry(
            code="startup-crash",
            log_tail=log,
            message=(
                f"the app exited while starting (exit code {outcome.app_exit_code})"
                + (f": {cause}" if cause else "")
            ),
        )
    return ErrorEntry(
        code="startup-timeout",
        log_tail=log,
        message=(
            f"the app did not start listening on port 8000 within {limits.startup_timeout:g}s"
        ),
    )


def last_error_line(log: str) -> str:
    """The exception line of a Python traceback in ``log``, for a human reader."""
    lines = [line.strip() for line in log.splitlines() if line.strip()]
    for line in reversed(lines):
        head = line.split(":", 1)[0]
        if head.endswith(("Error", "Exception", "Interrupt", "Exit")) and " " not in head:
            return line[:300]
    return lines[-1][:300] if lines else ""
