"""Turn what the sandbox and the static checks saw into evidence and errors.

Evidence speaks for criteria (the rubric scores it); errors explain to a
person why something could not be tested. Both are plain data.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Mapping, Sequence
from typing import Any

from .catalog import ExerciseConfig
from .checks.static import CheckResult
from .report.model import ErrorEntry
from .rubric import Evidence
from .sandbox.base import APP_PORT, SandboxLimits, SandboxOutcome, printable, tail

NOT_REACHED = "not run: the hidden suite stopped before this test"

# What a process sees when its sandbox's pids limit refuses a fork or a thread.
PIDS_LIMIT_SIGNS = ("can't start new thread", "fork: Resource temporarily unavailable")
FORK_REFUSED = re.compile(r"BlockingIOError: \[Errno 11\] Resource temporarily unavailable")
SERVING_ELSEWHERE = re.compile(r"Uvicorn running on (?:https?://)?(\S+):(\d+)")


def gather(
    config: ExerciseConfig, static: Mapping[str, CheckResult], outcome: SandboxOutcome | None
) -> tuple[dict[str, list[Evidence]], list[str]]:
    """Evidence per criterion id, and authoring warnings about the hidden suite."""
    evidence: dict[str, list[Evidence]] = defaultdict(list)
    warnings: list[str] = []
    tests = _tests(outcome)
    known = {c.id for c in config.criteria}
    if tests is None:
        reason = "not run: " + _why_no_results(outcome)
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


def _why_no_results(outcome: SandboxOutcome | None) -> str:
    if outcome is None:
        return "the code does not parse"
    if not outcome.app_ready:
        return "the app did not start"
    if outcome.suite_timed_out:
        return "the hidden suite did not finish in time"
    return "the hidden suite wrote no results"


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
        # The message may quote the app's answers: the candidate wrote those.
        message = printable(str(test.get("message", "")))
        if outcome == "not-run" and not message:
            message = NOT_REACHED
        evidence[criterion_id].append(
            Evidence(
                "test",
                str(test["name"]),
                outcome in ("passed", "flaky"),
                message,
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
    result = static.get(check)
    if result is None:
        return Evidence("check", check, False, "not checked: the app was not run")
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
    log = shown(outcome.app_log)
    errors: list[ErrorEntry] = []
    if not outcome.app_ready:
        errors.append(_startup_error(outcome, limits))
    elif _hit_pids_limit(outcome):
        errors.append(
            ErrorEntry(
                code="pids-limit",
                message=f"the app reached its limit of {limits.pids} processes and threads "
                "(a fork bomb?); requests that needed a new one failed",
                log_tail=log,
            )
        )
    if outcome.app_ready and outcome.app_exited_early:
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
                log_tail=shown(outcome.tester_log),
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
    log = shown(outcome.app_log)
    if _hit_pids_limit(outcome):
        return ErrorEntry(
            code="pids-limit",
            log_tail=log,
            message=(
                f"the app reached its limit of {limits.pids} processes and threads "
                f"(a fork bomb?) and did not start listening on port {APP_PORT}"
            ),
        )
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
            f"the app did not start listening on port {APP_PORT} "
            f"within {limits.startup_timeout:g}s" + _serving_elsewhere(log)
        ),
    )


def shown(log: str) -> str:
    """A log's tail as a report shows it: printable and bounded, whichever
    backend produced it (the candidate's code wrote it)."""
    return tail(printable(log))


def _hit_pids_limit(outcome: SandboxOutcome) -> bool:
    """The sandbox saw the app at its pids limit, or its log shows a refused fork."""
    log = outcome.app_log
    signs = any(sign in log for sign in PIDS_LIMIT_SIGNS) or FORK_REFUSED.search(log)
    return outcome.app_pids_exhausted or (bool(signs) and outcome.app_exited_early)


def _serving_elsewhere(log: str) -> str:
    """A hint when the app started a server of its own (uvicorn.run at import)."""
    found = SERVING_ELSEWHERE.search(log)
    if found is None or found.group(2) == str(APP_PORT):
        return ""
    return (
        f"; its log shows a server of its own on {found.group(1)}:{found.group(2)}: the grader "
        "serves app.main:app itself, so the module must not start a server when imported"
    )


def last_error_line(log: str) -> str:
    """The exception line of a Python traceback in ``log``, for a human reader."""
    lines = [line.strip() for line in log.splitlines() if line.strip()]
    for line in reversed(lines):
        head = line.split(":", 1)[0]
        if head.endswith(("Error", "Exception", "Interrupt", "Exit")) and " " not in head:
            return line[:300]
    return lines[-1][:300] if lines else ""
